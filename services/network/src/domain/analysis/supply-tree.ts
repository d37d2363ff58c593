import { CompiledNetwork } from './compile';
import { Segments } from './segments';

/**
 * Dominator tree of the segment graph rooted at a virtual super-source joined to every segment that
 * holds a source. Isolating segment S cuts off exactly the segments S dominates, so one break's plan
 * is S's subtree: a contiguous slice of `order` (and of `nodes` / `links`, laid out in that order).
 */
export interface SupplyTree {
  /** Immediate dominator per segment: a segment index, `count` for the super-source, -1 when unreached. */
  idom: Int32Array;
  /** 1 when the segment has a path to a source with only normally-closed valves shut. */
  reached: Uint8Array;
  /** Segments in dominator-tree preorder (unreached segments last, each its own subtree). */
  order: Int32Array;
  /** Position of each segment in `order`. */
  pos: Int32Array;
  /** Subtree size in segments. */
  size: Int32Array;
  /** Persons in the segment's subtree = persons affected by isolating it. */
  subtreePersons: Float64Array;
  /** Nodes / links grouped by segment in `order`; segment at position p owns [offsets[p], offsets[p+1]). */
  nodes: Int32Array;
  nodeOffsets: Int32Array;
  links: Int32Array;
  linkOffsets: Int32Array;
  /**
   * A breadth-first spanning tree of the same graph from the sources (shallow, so subtrees are small):
   * the valve to each segment's parent (-1 for sources and unreached segments), preorder and subtree size.
   * A segment whose tree path keeps all its valves open is still supplied, so a closure only has to
   * search the subtrees below the closed tree valves.
   */
  spanValve: Int32Array;
  spanPre: Int32Array;
  spanSize: Int32Array;
}

export function buildSupplyTree(c: CompiledNetwork, s: Segments): SupplyTree {
  const S = s.count;
  const R = S;
  const closed = c.valveNormallyClosed;
  const { segAdjOffsets, segAdjValve, segAdjOther, segHasSource } = s;

  const sources: number[] = [];
  for (let i = 0; i < S; i++) if (segHasSource[i]) sources.push(i);

  // Iterative Hopcroft–Tarjan: in an undirected graph the idom of x is the head (top vertex) of the
  // biconnected block holding x's DFS tree edge, so one linear DFS gives the dominator tree.
  const pre = new Int32Array(S + 1).fill(-1);
  const low = new Int32Array(S + 1);
  const it = new Int32Array(S + 1);
  const parentEdge = new Int32Array(S + 1);
  const dfs = new Int32Array(S + 1);
  const vstack = new Int32Array(S + 1);
  const idom = new Int32Array(S).fill(-1);
  let t = 0;
  let sp = 0;
  let vp = 0;
  pre[R] = low[R] = t++;
  dfs[sp++] = R;
  const ROOT_EDGE = -1;
  while (sp > 0) {
    const v = dfs[sp - 1];
    let w = -1;
    let e = ROOT_EDGE;
    if (v === R) {
      if (it[R] < sources.length) w = sources[it[R]++];
      else {
        sp--;
        continue;
      }
    } else {
      const k = it[v];
      const end = segAdjOffsets[v + 1];
      if (k < end) {
        it[v]++;
        e = segAdjValve[k];
        if (closed[e] || e === parentEdge[v]) continue;
        w = segAdjOther[k];
      } else if (k === end) {
        it[v]++;
        if (!segHasSource[v] || parentEdge[v] === ROOT_EDGE) continue;
        w = R;
      } else {
        sp--;
        const u = dfs[sp - 1];
        if (low[v] < low[u]) low[u] = low[v];
        if (low[v] >= pre[u]) {
          let x: number;
          do {
            x = vstack[--vp];
            idom[x] = u;
          } while (x !== v);
        }
        continue;
      }
    }
    if (pre[w] === -1) {
      pre[w] = low[w] = t++;
      parentEdge[w] = e;
      it[w] = segAdjOffsets[w];
      dfs[sp++] = w;
      vstack[vp++] = w;
    } else if (pre[w] < low[v]) {
      low[v] = pre[w];
    }
  }

  const reached = new Uint8Array(S);
  const childOffsets = new Int32Array(S + 2);
  for (let i = 0; i < S; i++) {
    if (idom[i] >= 0) {
      reached[i] = 1;
      childOffsets[idom[i] + 1]++;
    }
  }
  for (let i = 0; i <= S; i++) childOffsets[i + 1] += childOffsets[i];
  const children = new Int32Array(childOffsets[S + 1]);
  const cfill = childOffsets.slice(0, S + 1);
  for (let i = 0; i < S; i++) if (idom[i] >= 0) children[cfill[idom[i]]++] = i;

  // Numbering on pop keeps every subtree contiguous.
  const order = new Int32Array(S);
  const pos = new Int32Array(S);
  let k = 0;
  sp = 0;
  dfs[sp++] = R;
  while (sp > 0) {
    const v = dfs[--sp];
    if (v !== R) {
      order[k] = v;
      pos[v] = k++;
    }
    for (let j = childOffsets[v]; j < childOffsets[v + 1]; j++) dfs[sp++] = children[j];
  }
  for (let i = 0; i < S; i++) {
    if (!reached[i]) {
      order[k] = i;
      pos[i] = k++;
    }
  }

  const size = new Int32Array(S).fill(1);
  const subtreePersons = Float64Array.from(s.segPersons);
  for (let p = S - 1; p >= 0; p--) {
    const v = order[p];
    const d = idom[v];
    if (d >= 0 && d < S) {
      size[d] += size[v];
      subtreePersons[d] += subtreePersons[v];
    }
  }

  const nodes = new Int32Array(c.nodeCount);
  const nodeOffsets = new Int32Array(S + 1);
  const links = new Int32Array(c.linkCount);
  const linkOffsets = new Int32Array(S + 1);
  let nk = 0;
  let lk = 0;
  for (let p = 0; p < S; p++) {
    const v = order[p];
    nodeOffsets[p] = nk;
    linkOffsets[p] = lk;
    for (let j = s.segNodeOffsets[v]; j < s.segNodeOffsets[v + 1]; j++) nodes[nk++] = s.segNodes[j];
    for (let j = s.segLinkOffsets[v]; j < s.segLinkOffsets[v + 1]; j++) links[lk++] = s.segLinks[j];
  }
  nodeOffsets[S] = nk;
  linkOffsets[S] = lk;

  const span = buildSpanningTree(S, sources, closed, s);
  return { idom, reached, order, pos, size, subtreePersons, nodes, nodeOffsets, links, linkOffsets, ...span };
}

function buildSpanningTree(S: number, sources: number[], closed: Uint8Array, s: Segments) {
  const { segAdjOffsets, segAdjValve, segAdjOther } = s;
  const spanValve = new Int32Array(S).fill(-1);
  const parent = new Int32Array(S).fill(-1);
  const seen = new Uint8Array(S);
  const queue = new Int32Array(S);
  let head = 0;
  let tail = 0;
  for (const g of sources) {
    seen[g] = 1;
    queue[tail++] = g;
  }
  while (head < tail) {
    const g = queue[head++];
    for (let k = segAdjOffsets[g]; k < segAdjOffsets[g + 1]; k++) {
      const o = segAdjOther[k];
      if (seen[o] || closed[segAdjValve[k]]) continue;
      seen[o] = 1;
      parent[o] = g;
      spanValve[o] = segAdjValve[k];
      queue[tail++] = o;
    }
  }
  // Children grouped by parent (unreached segments and sources hang under a virtual root S).
  const childOffsets = new Int32Array(S + 2);
  for (let g = 0; g < S; g++) childOffsets[(parent[g] < 0 ? S : parent[g]) + 1]++;
  for (let g = 0; g <= S; g++) childOffsets[g + 1] += childOffsets[g];
  const children = new Int32Array(S);
  const fill = childOffsets.slice(0, S + 1);
  for (let g = 0; g < S; g++) children[fill[parent[g] < 0 ? S : parent[g]]++] = g;
  const spanPre = new Int32Array(S);
  const spanSize = new Int32Array(S).fill(1);
  const stack = new Int32Array(S + 1);
  let sp = 0;
  let t = 0;
  stack[sp++] = S;
  while (sp > 0) {
    const v = stack[--sp];
    if (v !== S) spanPre[v] = t++;
    for (let j = childOffsets[v]; j < childOffsets[v + 1]; j++) stack[sp++] = children[j];
  }
  // Parents come before children in BFS order, so sizes accumulate walking the queue backwards.
  for (let i = tail - 1; i >= 0; i--) {
    const g = queue[i];
    if (parent[g] >= 0) spanSize[parent[g]] += spanSize[g];
  }
  return { spanValve, spanPre, spanSize };
}
