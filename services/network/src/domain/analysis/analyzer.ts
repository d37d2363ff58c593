import { InvalidInputError, NotFoundError } from '@mainline/common/domain';
import { IdTable } from './columns';
import { CompiledNetwork } from './compile';
import { buildSegments, Segments } from './segments';
import { buildSupplyTree, SupplyTree } from './supply-tree';
import { TwoLineCustomers, TwoLineHeat } from './two-line';

export interface IsolationOptions {
  /** Valves the crew reports as seized / buried / missing, on top of those marked `operable: false`. */
  inoperableValveIds?: string[];
  /** Compare with the plan with every valve operable (default true); false leaves an unknown growth null. */
  growth?: boolean;
}

export interface Growth {
  nodes: number;
  links: number;
  population: number;
}

export interface IsolationPlan {
  breakPipeIds: string[];
  /** Boundary valves of the isolated segment(s) to turn. */
  valvesToClose: string[];
  /** Boundary valves that are normally closed already: nothing to turn, listed for the crew. */
  alreadyClosedValves: string[];
  /** Inoperable valves the isolation had to go past. */
  skippedValves: string[];
  segmentContainsSource: boolean;
  /** Indices of the isolated segments (not stable across network versions). */
  segments: number[];
  segmentNodeIds: string[];
  /** Links of any kind (pipes, pumps, model valves) in the isolated segment(s). */
  segmentPipeIds: string[];
  /** Left without a path to any source with the valves closed (excluding what was unsupplied before). */
  unsuppliedNodeIds: string[];
  unsuppliedPipeIds: string[];
  affectedNodeIds: string[];
  affectedPipeIds: string[];
  /** Persons in the affected nodes. */
  population: number;
  unsuppliedPopulation: number;
  segmentPopulation: number;
  /** Extra nodes / links / persons versus the plan with every valve operable (all 0 when none was skipped). */
  growth: Growth | null;
}

export interface ClosureImpact {
  closedValveIds: string[];
  unsuppliedNodeIds: string[];
  unsuppliedPipeIds: string[];
  unsuppliedPopulation: number;
}

export interface CriticalSegment {
  segment: number;
  /** Persons affected if this segment had to be isolated (itself plus what it cuts off). */
  population: number;
  segmentPopulation: number;
  affectedNodeCount: number;
  affectedLinkCount: number;
  nodeIds: string[];
  pipeIds: string[];
  /** Valves on its boundary (normally-closed ones included). */
  valveIds: string[];
}

/** Sets of segments found by a query, with counts and persons, before ids are attached. */
interface SegmentSelection {
  isolated: number[];
  /** Segments cut off (outside or inside the isolated set). */
  unsupplied: number[];
  containsSource: boolean;
}

/**
 * Isolation and supply questions on one network version. Construction does the linear precomputation
 * (segments, dominator tree, spanning tree); a single break then costs in proportion to its answer,
 * several breaks or a closure set a search of the subtrees below the shut valves only.
 */
export class NetworkAnalyzer {
  readonly segments: Segments;
  readonly tree: SupplyTree;
  // Scratch marks reused by queries (cleared after use), so a query allocates only its answer.
  private readonly segMark: Uint8Array;
  private readonly valveMark: Uint8Array;
  private readonly queue: Int32Array;
  private readonly seen: Uint8Array;
  /** Per segment-graph entry: 1 when its valve is shut (normally closed, or closed by the running query). */
  private readonly adjBlocked: Uint8Array;

  /** Heat networks drawn as two lines: who counts is decided per customer (two-line.ts); null counts persons per node. */
  readonly twoLine: TwoLineHeat | null;

  constructor(readonly net: CompiledNetwork, precomputed?: { segments?: Segments; tree?: SupplyTree }, twoLineCustomers?: TwoLineCustomers | null) {
    this.segments = precomputed?.segments ?? buildSegments(net);
    this.tree = precomputed?.tree ?? buildSupplyTree(net, this.segments);
    this.twoLine = twoLineCustomers ? new TwoLineHeat(this.segments, twoLineCustomers) : null;
    this.segMark = new Uint8Array(this.segments.count);
    this.valveMark = new Uint8Array(net.valveCount);
    this.queue = new Int32Array(this.segments.count);
    this.seen = new Uint8Array(this.segments.count);
    // Flags sit beside the adjacency so the traversal reads memory in order instead of per valve.
    this.adjBlocked = new Uint8Array(this.segments.segAdjValve.length);
    for (let k = 0; k < this.adjBlocked.length; k++) this.adjBlocked[k] = net.valveNormallyClosed[this.segments.segAdjValve[k]];
  }

  isolationPlan(pipeIds: string[], options: IsolationOptions = {}): IsolationPlan {
    if (!Array.isArray(pipeIds) || pipeIds.length === 0) throw new InvalidInputError('isolationPlan: give at least one break pipe id', { field: 'pipeIds' });
    const s = this.segments;
    const base: number[] = [];
    for (const id of pipeIds) {
      const l = this.net.linkIds.get(id);
      if (l === undefined) throw new NotFoundError('pipe', id);
      const g = s.linkSeg[l];
      if (!base.includes(g)) base.push(g);
    }
    const requested = this.valveIndices(options.inoperableValveIds ?? [], 'inoperableValveIds');

    const segMark = this.segMark;
    const inop = this.valveMark;
    for (const v of requested) inop[v] = 1;
    // Grow the isolated set past every open valve that will not turn: 1 = broken segment, 2 = added.
    const isolated = base.slice();
    try {
      for (const g of base) segMark[g] = 1;
      for (let qi = 0; qi < isolated.length; qi++) {
        const g = isolated[qi];
        for (let k = s.segAdjOffsets[g]; k < s.segAdjOffsets[g + 1]; k++) {
          const v = s.segAdjValve[k];
          const o = s.segAdjOther[k];
          if (segMark[o] || this.net.valveNormallyClosed[v]) continue;
          if (inop[v] || !this.net.valveOperable[v]) {
            segMark[o] = 2;
            isolated.push(o);
          }
        }
      }

      const valvesToClose: string[] = [];
      const alreadyClosed: string[] = [];
      const skipped: string[] = [];
      for (const g of isolated) {
        for (let k = s.segAdjOffsets[g]; k < s.segAdjOffsets[g + 1]; k++) {
          const v = s.segAdjValve[k];
          const o = s.segAdjOther[k];
          if (!segMark[o]) {
            (this.net.valveNormallyClosed[v] ? alreadyClosed : valvesToClose).push(this.net.valveIds.at(v));
          } else if (
            g === s.valveSegLink[v] && !this.net.valveNormallyClosed[v] && (inop[v] || !this.net.valveOperable[v]) &&
            (segMark[g] === 2 || segMark[o] === 2)
          ) {
            // Between two broken segments the valve was not needed anyway; otherwise it forced growth.
            skipped.push(this.net.valveIds.at(v));
          }
        }
      }

      const grown = isolated.length > base.length;
      const sel = this.select(isolated);
      const plan = this.toPlan(pipeIds, sel, valvesToClose, alreadyClosed, skipped);
      if (grown && options.growth === false) plan.growth = null;
      else if (grown) {
        for (const g of isolated) segMark[g] = 0;
        for (const g of base) segMark[g] = 1;
        const before = this.toPlan(pipeIds, this.select(base), [], [], []);
        plan.growth = {
          nodes: plan.affectedNodeIds.length - before.affectedNodeIds.length,
          links: plan.affectedPipeIds.length - before.affectedPipeIds.length,
          population: plan.population - before.population,
        };
      }
      return plan;
    } finally {
      for (const v of requested) inop[v] = 0;
      for (const g of isolated) segMark[g] = 0;
    }
  }

  /** What loses supply when these valves are closed (no break), on top of what had none before. */
  closureImpact(closedValveIds: string[]): ClosureImpact {
    const closed = this.valveIndices(closedValveIds, 'closedValveIds');
    const blocked = this.blockValves(closed);
    let fresh: number[];
    try {
      fresh = this.cutOffSegments(null, [], closed);
    } finally {
      for (const k of blocked) this.adjBlocked[k] = this.net.valveNormallyClosed[this.segments.segAdjValve[k]];
    }
    return {
      closedValveIds: closedValveIds.slice(),
      unsuppliedNodeIds: this.nodeIdsOf(fresh),
      unsuppliedPipeIds: this.linkIdsOf(fresh),
      unsuppliedPopulation: this.personsOf(fresh),
    };
  }

  /** Persons affected by isolating each segment (index = segment), O(segments) from the dominator tree. */
  criticality(): Float64Array {
    return this.twoLine ? this.twoLine.criticality(this.tree) : this.tree.subtreePersons;
  }

  /** The `top` segments whose isolation would leave the most persons without water. */
  criticalSegments(top: number): CriticalSegment[] {
    if (!Number.isInteger(top) || top < 0) throw new InvalidInputError(`criticalSegments: top must be a non-negative integer, got ${top}`, { field: 'top' });
    const score = this.criticality();
    const n = this.segments.count;
    const k = Math.min(top, n);
    // Min-heap of the best k so far: O(n log k); ties go to the lower segment index.
    const heap = new Int32Array(k);
    let size = 0;
    const worse = (a: number, b: number) => score[a] < score[b] || (score[a] === score[b] && a > b);
    const siftDown = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < size && worse(heap[l], heap[m])) m = l;
        if (r < size && worse(heap[r], heap[m])) m = r;
        if (m === i) return;
        const tmp = heap[i];
        heap[i] = heap[m];
        heap[m] = tmp;
        i = m;
      }
    };
    for (let g = 0; g < n && k > 0; g++) {
      if (size < k) {
        let i = size++;
        heap[i] = g;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!worse(heap[i], heap[p])) break;
          const tmp = heap[i];
          heap[i] = heap[p];
          heap[p] = tmp;
          i = p;
        }
      } else if (worse(heap[0], g)) {
        heap[0] = g;
        siftDown(0);
      }
    }
    const best = Array.from(heap.subarray(0, size)).sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
    const s = this.segments;
    const t = this.tree;
    return best.map((g) => {
      const p = t.pos[g];
      const valveIds: string[] = [];
      for (let j = s.segAdjOffsets[g]; j < s.segAdjOffsets[g + 1]; j++) valveIds.push(this.net.valveIds.at(s.segAdjValve[j]));
      return {
        segment: g,
        population: score[g],
        segmentPopulation: this.personsOf([g]),
        affectedNodeCount: t.nodeOffsets[p + t.size[g]] - t.nodeOffsets[p],
        affectedLinkCount: t.linkOffsets[p + t.size[g]] - t.linkOffsets[p],
        nodeIds: this.ids(s.segNodes, s.segNodeOffsets[g], s.segNodeOffsets[g + 1], this.net.nodeIds),
        pipeIds: this.ids(s.segLinks, s.segLinkOffsets[g], s.segLinkOffsets[g + 1], this.net.linkIds),
        valveIds,
      };
    });
  }

  /**
   * Which segments end up unsupplied when `isolated` (marked in segMark) is cut out. One segment: its
   * dominator subtree; several: a local search with the isolated set's boundary shut.
   */
  private select(isolated: number[]): SegmentSelection {
    const s = this.segments;
    let containsSource = false;
    for (const g of isolated) if (s.segHasSource[g]) containsSource = true;
    if (isolated.length === 1) {
      const g = isolated[0];
      const t = this.tree;
      const p = t.pos[g];
      const from = s.segHasSource[g] ? p + 1 : p;
      return { isolated, unsupplied: Array.from(t.order.subarray(from, p + t.size[g])), containsSource };
    }
    const unsupplied = this.cutOffSegments(this.segMark, isolated, []);
    // Inside the isolated set a segment counts even if it had no supply before: it is still shut for the work.
    const before = isolated.filter((g) => this.tree.reached[g] === 0);
    if (before.length) {
      unsupplied.push(...before);
      unsupplied.sort((a, b) => a - b);
    }
    return { isolated, unsupplied, containsSource };
  }

  /**
   * Segments that had supply and lose it. Barriers: entries flagged in adjBlocked (`closed` lists the
   * valves the query shut), and every valve between a segment in `isolated` and one outside it.
   * Searched locally: a segment whose spanning-tree path to a source keeps every valve open is still
   * supplied, so only the subtrees below shut tree valves can lose supply. From the top of each such
   * subtree a search over open valves either meets a segment outside every such subtree (its part is
   * supplied) or runs out (its part is cut off). Cost: the suspect region, not the network.
   */
  private cutOffSegments(isolated: Uint8Array | null, isolatedList: number[], closed: number[]): number[] {
    const s = this.segments;
    const t = this.tree;
    const { spanValve, spanPre, spanSize } = t;
    const shut: number[] = closed.slice();
    if (isolated) {
      for (const g of isolatedList) {
        for (let k = s.segAdjOffsets[g]; k < s.segAdjOffsets[g + 1]; k++) if (isolated[s.segAdjOther[k]] === 0) shut.push(s.segAdjValve[k]);
      }
    }
    const roots: number[] = [];
    for (const v of shut) {
      const a = s.valveSegLink[v];
      const b = s.valveSegNode[v];
      if (a === b) continue;
      if (spanValve[a] === v) roots.push(a);
      else if (spanValve[b] === v) roots.push(b);
    }
    if (roots.length === 0) return [];
    // Suspect region: the union of the roots' preorder intervals, merged for a binary search.
    const iv = roots.map((c) => [spanPre[c], spanPre[c] + spanSize[c]] as [number, number]).sort((x, y) => x[0] - y[0]);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const [a, b] of iv) {
      if (ends.length && a <= ends[ends.length - 1]) ends[ends.length - 1] = Math.max(ends[ends.length - 1], b);
      else {
        starts.push(a);
        ends.push(b);
      }
    }
    const suspect = (g: number): boolean => {
      const p = spanPre[g];
      let lo = 0;
      let hi = starts.length - 1;
      while (lo <= hi) {
        const m = (lo + hi) >> 1;
        if (starts[m] <= p) lo = m + 1;
        else hi = m - 1;
      }
      return hi >= 0 && p < ends[hi];
    };

    // state: 0 unvisited, 1 in the running search, 2 supplied, 3 cut off.
    const state = this.seen;
    const q = this.queue;
    const blocked = this.adjBlocked;
    const off = s.segAdjOffsets;
    const other = s.segAdjOther;
    const out: number[] = [];
    let tail = 0;
    try {
      for (const c of roots) {
        if (state[c] !== 0) continue;
        const from = tail;
        let head = tail;
        state[c] = 1;
        q[tail++] = c;
        let supplied = false;
        while (head < tail && !supplied) {
          const g = q[head++];
          const inside = isolated ? isolated[g] !== 0 : false;
          for (let k = off[g], end = off[g + 1]; k < end; k++) {
            if (blocked[k]) continue;
            const o = other[k];
            if (isolated && (isolated[o] !== 0) !== inside) continue;
            const st = state[o];
            if (st === 1) continue;
            if (st === 2 || !suspect(o)) {
              supplied = true;
              break;
            }
            state[o] = 1;
            q[tail++] = o;
          }
        }
        for (let i = from; i < tail; i++) {
          state[q[i]] = supplied ? 2 : 3;
          if (!supplied) out.push(q[i]);
        }
      }
    } finally {
      for (let i = 0; i < tail; i++) state[q[i]] = 0;
    }
    // Segment order, as a full scan would list them.
    return out.sort((a, b) => a - b);
  }

  private toPlan(breakPipeIds: string[], sel: SegmentSelection, valvesToClose: string[], alreadyClosed: string[], skipped: string[]): IsolationPlan {
    const segMark = this.segMark;
    const iso = sel.isolated;
    const affected = iso.slice();
    for (const g of sel.unsupplied) if (!segMark[g]) affected.push(g);
    const segmentPopulation = this.personsOf(iso);
    const unsuppliedPopulation = this.personsOf(sel.unsupplied);
    const segmentNodeIds = this.nodeIdsOf(iso);
    const segmentPipeIds = this.linkIdsOf(iso);
    const unsuppliedNodeIds = this.nodeIdsOf(sel.unsupplied);
    const unsuppliedPipeIds = this.linkIdsOf(sel.unsupplied);
    return {
      breakPipeIds: breakPipeIds.slice(),
      valvesToClose,
      alreadyClosedValves: alreadyClosed,
      skippedValves: skipped,
      segmentContainsSource: sel.containsSource,
      segments: iso.slice(),
      segmentNodeIds,
      segmentPipeIds,
      unsuppliedNodeIds,
      unsuppliedPipeIds,
      affectedNodeIds: this.nodeIdsOf(affected),
      affectedPipeIds: this.linkIdsOf(affected),
      population: this.personsOf(affected),
      unsuppliedPopulation,
      segmentPopulation,
      growth: { nodes: 0, links: 0, population: 0 },
    };
  }

  /** Flags both adjacency entries of each valve; returns the entries to restore. */
  private blockValves(valves: number[]): number[] {
    const s = this.segments;
    const touched: number[] = [];
    for (const v of valves) {
      for (const g of [s.valveSegLink[v], s.valveSegNode[v]]) {
        for (let k = s.segAdjOffsets[g]; k < s.segAdjOffsets[g + 1]; k++) {
          if (s.segAdjValve[k] === v) {
            this.adjBlocked[k] = 1;
            touched.push(k);
          }
        }
      }
    }
    return touched;
  }

  private valveIndices(ids: string[], field: string): number[] {
    if (!Array.isArray(ids)) throw new InvalidInputError(`${field}: expected a list of valve ids`, { field });
    const out: number[] = [];
    for (const id of ids) {
      const v = this.net.valveIds.get(id);
      if (v === undefined) throw new NotFoundError('valve', id);
      out.push(v);
    }
    return out;
  }

  private personsOf(segs: number[]): number {
    if (this.twoLine) return this.twoLine.personsIn(segs);
    let sum = 0;
    for (const g of segs) sum += this.segments.segPersons[g];
    return sum;
  }

  private nodeIdsOf(segs: number[]): string[] {
    const s = this.segments;
    const out: string[] = [];
    for (const g of segs) for (let j = s.segNodeOffsets[g]; j < s.segNodeOffsets[g + 1]; j++) out.push(this.net.nodeIds.at(s.segNodes[j]));
    return out;
  }

  private linkIdsOf(segs: number[]): string[] {
    const s = this.segments;
    const out: string[] = [];
    for (const g of segs) for (let j = s.segLinkOffsets[g]; j < s.segLinkOffsets[g + 1]; j++) out.push(this.net.linkIds.at(s.segLinks[j]));
    return out;
  }

  private ids(arr: Int32Array, from: number, to: number, names: IdTable): string[] {
    const out = new Array<string>(to - from);
    for (let j = from; j < to; j++) out[j - from] = names.at(arr[j]);
    return out;
  }
}
