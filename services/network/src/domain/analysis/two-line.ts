// Heat networks drawn as two lines (issue 9; docs/domain.md "Heating utility"). By default a heat pipe
// stands for the supply/return pair in one trench and the engine needs nothing more. Drawn as two lines,
// each pipe is on the supply or the return line and a customer hangs between a node on each: it keeps heat
// only with a path to a source on BOTH lines.
//
// The engine answers per node: a segment is isolated, or cut off from every source. The importer lets the
// two lines meet only at sources, so a node's path to a source never leaves its own line before reaching
// one: "the node has a path to a source" already means "on its own line". What the two-line rule changes is
// who counts: a customer loses heat when its supply node OR its return node is affected, and counts once.
// This module is that rule over segments (pure; the analyzer uses it in place of per-node persons).
import type { Segments } from './segments';
import type { SupplyTree } from './supply-tree';

/** Customers of a two-line network, by position: the node on each line (node positions) and persons. */
export interface TwoLineCustomers {
  supplyNode: ArrayLike<number>;
  returnNode: ArrayLike<number>;
  persons: ArrayLike<number>;
}

export class TwoLineHeat {
  /** CSR segment → customers with a node in it (a customer with both nodes in one segment is listed once). */
  private readonly segCustOffsets: Int32Array;
  private readonly segCust: Int32Array;
  private readonly supplySeg: Int32Array;
  private readonly returnSeg: Int32Array;
  private readonly persons: Float64Array;
  /** Scratch mark per customer (cleared after each query). */
  private readonly mark: Uint8Array;
  private scores: Float64Array | null = null;

  constructor(private readonly segments: Segments, c: TwoLineCustomers) {
    const n = c.persons.length;
    this.supplySeg = new Int32Array(n);
    this.returnSeg = new Int32Array(n);
    this.persons = Float64Array.from(c.persons);
    this.mark = new Uint8Array(n);
    const count = new Int32Array(segments.count + 1);
    for (let k = 0; k < n; k++) {
      const a = segments.nodeSeg[c.supplyNode[k]];
      const b = segments.nodeSeg[c.returnNode[k]];
      this.supplySeg[k] = a;
      this.returnSeg[k] = b;
      count[a + 1]++;
      if (b !== a) count[b + 1]++;
    }
    for (let g = 0; g < segments.count; g++) count[g + 1] += count[g];
    this.segCustOffsets = count;
    this.segCust = new Int32Array(count[segments.count]);
    const fill = count.slice(0, segments.count);
    for (let k = 0; k < n; k++) {
      const a = this.supplySeg[k];
      const b = this.returnSeg[k];
      this.segCust[fill[a]++] = k;
      if (b !== a) this.segCust[fill[b]++] = k;
    }
  }

  /** Customers with their supply or return node in one of these segments (each once), in first-seen order. */
  customersIn(segs: readonly number[]): number[] {
    const out: number[] = [];
    for (const g of segs) {
      for (let j = this.segCustOffsets[g]; j < this.segCustOffsets[g + 1]; j++) {
        const k = this.segCust[j];
        if (this.mark[k]) continue;
        this.mark[k] = 1;
        out.push(k);
      }
    }
    for (const k of out) this.mark[k] = 0;
    return out;
  }

  /** Persons of the customers who lose heat when these segments are shut or cut off. */
  personsIn(segs: readonly number[]): number {
    let sum = 0;
    for (const k of this.customersIn(segs)) sum += this.persons[k];
    return sum;
  }

  /**
   * Per segment, the persons who lose heat when it is isolated: customers with a node in its dominator subtree.
   * Each customer adds its persons at both its segments and takes them off again where both sit in one
   * subtree (at the segments' nearest common dominator), so every subtree sum counts it once.
   */
  criticality(tree: SupplyTree): Float64Array {
    if (this.scores) return this.scores;
    const S = this.segments.count;
    const { idom, order, pos, size } = tree;
    const own = new Float64Array(S);
    const inside = (a: number, b: number) => pos[a] <= pos[b] && pos[b] < pos[a] + size[a];
    for (let k = 0; k < this.persons.length; k++) {
      const a = this.supplySeg[k];
      const b = this.returnSeg[k];
      const p = this.persons[k];
      own[a] += p;
      if (a === b) continue;
      own[b] += p;
      // Nearest common dominator: climb from a until its subtree holds b (none when they hang from different roots).
      let x = a;
      while (x >= 0 && x < S && !inside(x, b)) x = idom[x];
      if (x >= 0 && x < S) own[x] -= p;
    }
    // Subtree sums in reverse preorder: every segment after its descendants.
    const scores = new Float64Array(S);
    for (let i = S - 1; i >= 0; i--) {
      const g = order[i];
      scores[g] += own[g];
      const d = idom[g];
      if (d >= 0 && d < S) scores[d] += scores[g];
    }
    this.scores = scores;
    return scores;
  }
}
