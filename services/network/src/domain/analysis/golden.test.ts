import { parseInp } from '../import/inp-parser';
import { compileNetwork } from './compile';
import { NetworkAnalyzer } from './analyzer';

import { goldenAnswers, goldenInp } from '../../../test/golden';
import { baselineUnsupplied, segmentList } from '../../../test/support/analyzer-views';

interface GoldenCase {
  kind: 'pipe' | 'multi_pipe' | 'valve_set';
  pipes: string[];
  closeValves: string[];
  segmentContainsSource: boolean;
  segmentNodes: string[];
  segmentLinks: string[];
  unsuppliedNodes: string[];
  unsuppliedLinks: string[];
  affectedNodes: string[];
  affectedLinks: string[];
  populationUnsupplied: number;
  populationAffected: number;
}
interface Golden {
  nodePopulation: Record<string, number>;
  valves: { id: string; link: string; node: string }[];
  segments: { nodes: string[]; links: string[] }[];
  cases: GoldenCase[];
}

function load(name: string) {
  const golden = goldenAnswers(name) as Golden;
  const model = parseInp(goldenInp(name), { origin: { lon: 116.4, lat: 39.9 } });
  model.valves = golden.valves.map((v) => ({ id: v.id, linkId: v.link, nodeId: v.node, state: 'OPEN' as const, operable: true }));
  // The golden per-junction persons are the spec's population; reservoirs and tanks have none.
  const net = compileNetwork(model, { nodePersons: (n) => golden.nodePopulation[n.id] ?? 0 });
  return { golden, analyzer: new NetworkAnalyzer(net) };
}

const sorted = (xs: string[]) => [...xs].sort();
const partition = (segs: { nodes: string[]; links: string[] }[]) =>
  segs.map((s) => `N:${sorted(s.nodes).join(',')}|L:${sorted(s.links).join(',')}`).sort();

describe.each(['Net1', 'Net2', 'Net3'])('%s against WNTR golden results', (name) => {
  const { golden, analyzer } = load(name);

  it('builds the same valve segments (as a partition of nodes and links)', () => {
    const ours = segmentList(analyzer).map((s) => ({ nodes: s.nodeIds, links: s.pipeIds }));
    expect(partition(ours)).toEqual(partition(golden.segments));
  });

  it('has every node supplied before anything is closed', () => {
    expect(baselineUnsupplied(analyzer)).toEqual({ nodeIds: [], pipeIds: [] });
  });

  const breaks = golden.cases.filter((c) => c.kind !== 'valve_set');
  it.each(breaks.map((c) => [c.kind, c.pipes.join('+'), c] as const))('%s %s: valves, segment, cut-off area and persons', (_k, _p, c) => {
    const plan = analyzer.isolationPlan(c.pipes);
    expect(sorted(plan.valvesToClose)).toEqual(sorted(c.closeValves));
    expect(plan.segmentContainsSource).toBe(c.segmentContainsSource);
    expect(sorted(plan.segmentNodeIds)).toEqual(sorted(c.segmentNodes));
    expect(sorted(plan.segmentPipeIds)).toEqual(sorted(c.segmentLinks));
    expect(sorted(plan.unsuppliedNodeIds)).toEqual(sorted(c.unsuppliedNodes));
    expect(sorted(plan.unsuppliedPipeIds)).toEqual(sorted(c.unsuppliedLinks));
    expect(sorted(plan.affectedNodeIds)).toEqual(sorted(c.affectedNodes));
    expect(sorted(plan.affectedPipeIds)).toEqual(sorted(c.affectedLinks));
    expect(plan.unsuppliedPopulation).toBe(c.populationUnsupplied);
    expect(plan.population).toBe(c.populationAffected);
    expect(plan.skippedValves).toEqual([]);
    expect(plan.growth).toEqual({ nodes: 0, links: 0, population: 0 });
  });

  const closures = golden.cases.filter((c) => c.kind === 'valve_set');
  it.each(closures.map((c) => [c.closeValves.join('+'), c] as const))('closing %s cuts off the golden area', (_v, c) => {
    const impact = analyzer.closureImpact(c.closeValves);
    expect(sorted(impact.unsuppliedNodeIds)).toEqual(sorted(c.unsuppliedNodes));
    expect(sorted(impact.unsuppliedPipeIds)).toEqual(sorted(c.unsuppliedLinks));
    expect(impact.unsuppliedPopulation).toBe(c.populationUnsupplied);
  });

  it('ranks segments by the persons their isolation affects, consistent with single-break plans', () => {
    const top = analyzer.criticalSegments(3);
    expect(top.length).toBe(Math.min(3, golden.segments.length));
    for (let i = 1; i < top.length; i++) expect(top[i - 1].population).toBeGreaterThanOrEqual(top[i].population);
    for (const seg of top) {
      const anyLink = seg.pipeIds[0];
      if (anyLink === undefined) continue;
      expect(analyzer.isolationPlan([anyLink]).population).toBe(seg.population);
    }
    // Every segment's criticality equals the plan for a break inside it.
    const all = analyzer.criticality();
    segmentList(analyzer).forEach((s, g) => {
      if (s.pipeIds.length) expect(analyzer.isolationPlan([s.pipeIds[0]]).population).toBe(all[g]);
    });
  });
});
