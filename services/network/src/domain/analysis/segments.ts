import { CompiledNetwork } from './compile';

/**
 * Valve segments (WNTR's `valve_segments`): nodes and links that stay joined when every isolation
 * valve is closed, plus the segment graph whose edges are the valves between two segments.
 */
export interface Segments {
  count: number;
  nodeSeg: Int32Array;
  linkSeg: Int32Array;
  /** CSR segment → nodes / links. */
  segNodeOffsets: Int32Array;
  segNodes: Int32Array;
  segLinkOffsets: Int32Array;
  segLinks: Int32Array;
  segPersons: Float64Array;
  /** 1 when the segment holds a reservoir, tank or plant. */
  segHasSource: Uint8Array;
  /** Per valve: the segment on its link side and on its node side (equal when the valve is redundant). */
  valveSegLink: Int32Array;
  valveSegNode: Int32Array;
  /** CSR segment → incident valves (only valves between two different segments), with the segment on the other side. */
  segAdjOffsets: Int32Array;
  segAdjValve: Int32Array;
  segAdjOther: Int32Array;
}

export function buildSegments(c: CompiledNetwork): Segments {
  const { nodeCount, linkCount, valveCount, linkFrom, linkTo, linkValveEnds } = c;

  // Union-find over nodes only: a link without valves at either end joins its two nodes; any other
  // link follows its unvalved end, or forms its own segment when both ends carry a valve.
  const parent = new Int32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      const g = parent[parent[x]];
      parent[x] = g;
      x = g;
    }
    return x;
  };
  for (let l = 0; l < linkCount; l++) {
    if (linkValveEnds[l] !== 0) continue;
    const a = find(linkFrom[l]);
    const b = find(linkTo[l]);
    if (a !== b) {
      if (a < b) parent[b] = a;
      else parent[a] = b;
    }
  }

  const nodeSeg = new Int32Array(nodeCount);
  const rootSeg = new Int32Array(nodeCount).fill(-1);
  let count = 0;
  for (let n = 0; n < nodeCount; n++) {
    const r = find(n);
    let s = rootSeg[r];
    if (s < 0) s = rootSeg[r] = count++;
    nodeSeg[n] = s;
  }
  const linkSeg = new Int32Array(linkCount);
  for (let l = 0; l < linkCount; l++) {
    const ends = linkValveEnds[l];
    if ((ends & 1) === 0) linkSeg[l] = nodeSeg[linkFrom[l]];
    else if ((ends & 2) === 0) linkSeg[l] = nodeSeg[linkTo[l]];
    else linkSeg[l] = count++;
  }

  const segNodeOffsets = new Int32Array(count + 1);
  const segLinkOffsets = new Int32Array(count + 1);
  for (let n = 0; n < nodeCount; n++) segNodeOffsets[nodeSeg[n] + 1]++;
  for (let l = 0; l < linkCount; l++) segLinkOffsets[linkSeg[l] + 1]++;
  for (let s = 0; s < count; s++) {
    segNodeOffsets[s + 1] += segNodeOffsets[s];
    segLinkOffsets[s + 1] += segLinkOffsets[s];
  }
  const segNodes = new Int32Array(nodeCount);
  const segLinks = new Int32Array(linkCount);
  const segPersons = new Float64Array(count);
  const segHasSource = new Uint8Array(count);
  let fill = segNodeOffsets.slice(0, count);
  for (let n = 0; n < nodeCount; n++) {
    const s = nodeSeg[n];
    segNodes[fill[s]++] = n;
    segPersons[s] += c.nodePersons[n];
    if (c.nodeIsSource[n]) segHasSource[s] = 1;
  }
  fill = segLinkOffsets.slice(0, count);
  for (let l = 0; l < linkCount; l++) segLinks[fill[linkSeg[l]]++] = l;

  const valveSegLink = new Int32Array(valveCount);
  const valveSegNode = new Int32Array(valveCount);
  const segAdjOffsets = new Int32Array(count + 1);
  for (let v = 0; v < valveCount; v++) {
    const a = (valveSegLink[v] = linkSeg[c.valveLink[v]]);
    const b = (valveSegNode[v] = nodeSeg[c.valveNode[v]]);
    if (a !== b) {
      segAdjOffsets[a + 1]++;
      segAdjOffsets[b + 1]++;
    }
  }
  for (let s = 0; s < count; s++) segAdjOffsets[s + 1] += segAdjOffsets[s];
  const segAdjValve = new Int32Array(segAdjOffsets[count]);
  const segAdjOther = new Int32Array(segAdjOffsets[count]);
  fill = segAdjOffsets.slice(0, count);
  for (let v = 0; v < valveCount; v++) {
    const a = valveSegLink[v];
    const b = valveSegNode[v];
    if (a === b) continue;
    let k = fill[a]++;
    segAdjValve[k] = v;
    segAdjOther[k] = b;
    k = fill[b]++;
    segAdjValve[k] = v;
    segAdjOther[k] = a;
  }

  return {
    count, nodeSeg, linkSeg, segNodeOffsets, segNodes, segLinkOffsets, segLinks, segPersons, segHasSource,
    valveSegLink, valveSegNode, segAdjOffsets, segAdjValve, segAdjOther,
  };
}
