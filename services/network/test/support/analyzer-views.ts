// Id-list views of an analyzer's precomputed structures, for the golden cross-checks (not needed in production).
import type { NetworkAnalyzer } from '../../src/domain/analysis/analyzer';

type Ids = { nodeIds: string[]; pipeIds: string[] };

function idsOf(a: NetworkAnalyzer, segs: number[]): Ids {
  const s = a.segments;
  const nodeIds: string[] = [];
  const pipeIds: string[] = [];
  for (const g of segs) {
    for (let j = s.segNodeOffsets[g]; j < s.segNodeOffsets[g + 1]; j++) nodeIds.push(a.net.nodeIds.at(s.segNodes[j]));
    for (let j = s.segLinkOffsets[g]; j < s.segLinkOffsets[g + 1]; j++) pipeIds.push(a.net.linkIds.at(s.segLinks[j]));
  }
  return { nodeIds, pipeIds };
}

/** The valve segments as id lists, in segment order. */
export function segmentList(a: NetworkAnalyzer): Ids[] {
  return Array.from({ length: a.segments.count }, (_, g) => idsOf(a, [g]));
}

/** Nodes and links without a path to any source before anything is closed (normally-closed valves only). */
export function baselineUnsupplied(a: NetworkAnalyzer): Ids {
  const all: number[] = [];
  for (let g = 0; g < a.segments.count; g++) if (!a.tree.reached[g]) all.push(g);
  return idsOf(a, all);
}
