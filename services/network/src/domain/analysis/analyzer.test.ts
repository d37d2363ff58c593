import { generateCity, seededRandom } from '../../../bench/synthetic';
import type { IsolationValve, NetworkModel, NodeKind } from '../model';
import { CompiledNetwork, compileNetwork } from './compile';
import { NetworkAnalyzer } from './analyzer';

function model(
  nodes: [string, NodeKind][],
  links: [string, string, string][],
  valves: [string, string, string, Partial<IsolationValve>?][],
): NetworkModel {
  return {
    nodes: nodes.map(([id, kind]) => ({ id, kind, coord: null, demands: [] })),
    links: links.map(([id, from, to]) => ({ id, kind: 'PIPE', from, to, vertices: [] })),
    valves: valves.map(([id, linkId, nodeId, extra]) => ({ id, linkId, nodeId, state: 'OPEN', operable: true, ...extra })),
    servicePoints: [], populationAreas: [], patterns: [],
    options: { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'LPS' },
  };
}
const persons = (table: Record<string, number>) => (n: { id: string }) => table[n.id] ?? 0;
const sorted = (xs: string[]) => [...xs].sort();

// R —p1— A —p2— B —p3— C —p4— D, valves Va=(p2@A), Vb=(p3@B), Vc=(p4@C):
// segments X={R,A,p1}, Y={B,p2}, Z={C,p3}, W={D,p4}.
const CHAIN_PERSONS = { A: 10, B: 20, C: 30, D: 40 };
function chain(valveExtra: Record<string, Partial<IsolationValve>> = {}) {
  const m = model(
    [['R', 'RESERVOIR'], ['A', 'JUNCTION'], ['B', 'JUNCTION'], ['C', 'JUNCTION'], ['D', 'JUNCTION']],
    [['p1', 'R', 'A'], ['p2', 'A', 'B'], ['p3', 'B', 'C'], ['p4', 'C', 'D']],
    [['Va', 'p2', 'A', valveExtra.Va], ['Vb', 'p3', 'B', valveExtra.Vb], ['Vc', 'p4', 'C', valveExtra.Vc]],
  );
  return new NetworkAnalyzer(compileNetwork(m, { nodePersons: persons(CHAIN_PERSONS) }));
}

describe('inoperable valves', () => {
  it('plans a break on p3 with Vb and Vc when every valve turns', () => {
    const plan = chain().isolationPlan(['p3']);
    expect(sorted(plan.valvesToClose)).toEqual(['Vb', 'Vc']);
    expect(sorted(plan.affectedNodeIds)).toEqual(['C', 'D']);
    expect(plan.population).toBe(70);
    expect(plan.skippedValves).toEqual([]);
  });

  it('goes out to Va when the crew reports Vb seized, and reports the growth', () => {
    const plan = chain().isolationPlan(['p3'], { inoperableValveIds: ['Vb'] });
    expect(sorted(plan.valvesToClose)).toEqual(['Va', 'Vc']);
    expect(plan.skippedValves).toEqual(['Vb']);
    expect(sorted(plan.segmentNodeIds)).toEqual(['B', 'C']);
    expect(sorted(plan.affectedNodeIds)).toEqual(['B', 'C', 'D']);
    expect(sorted(plan.affectedPipeIds)).toEqual(['p2', 'p3', 'p4']);
    expect(plan.population).toBe(90);
    expect(plan.growth).toEqual({ nodes: 1, links: 1, population: 20 });
  });

  it('reads operable:false from the data just like a reported valve', () => {
    const fromData = chain({ Vb: { operable: false } }).isolationPlan(['p3']);
    const reported = chain().isolationPlan(['p3'], { inoperableValveIds: ['Vb'] });
    expect(fromData).toEqual(reported);
  });

  it('keeps growing until only turnable valves remain (Vb and Vc both seized)', () => {
    const plan = chain().isolationPlan(['p3'], { inoperableValveIds: ['Vb', 'Vc'] });
    expect(plan.valvesToClose).toEqual(['Va']);
    expect(sorted(plan.skippedValves)).toEqual(['Vb', 'Vc']);
    expect(sorted(plan.affectedNodeIds)).toEqual(['B', 'C', 'D']);
    expect(plan.growth).toEqual({ nodes: 1, links: 1, population: 20 });
  });

  it('reaches the source segment when Va and Vb are seized: nothing left to close upstream', () => {
    const plan = chain().isolationPlan(['p3'], { inoperableValveIds: ['Va', 'Vb'] });
    expect(plan.valvesToClose).toEqual(['Vc']);
    expect(plan.segmentContainsSource).toBe(true);
    expect(sorted(plan.affectedNodeIds)).toEqual(['A', 'B', 'C', 'D', 'R']);
    expect(plan.population).toBe(100);
    expect(plan.growth).toEqual({ nodes: 3, links: 2, population: 30 });
  });

  it('names unknown ids with a typed error', () => {
    const a = chain();
    expect(() => a.isolationPlan(['nope'])).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('"nope"') }));
    expect(() => a.isolationPlan(['p3'], { inoperableValveIds: ['V?'] })).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('"V?"') }));
    expect(() => a.closureImpact(['Vx'])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => a.isolationPlan([])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('rejects a valve whose node is not an end of its link', () => {
    const m = model([['R', 'RESERVOIR'], ['A', 'JUNCTION'], ['B', 'JUNCTION']], [['p1', 'R', 'A']], [['V1', 'p1', 'B']]);
    expect(() => compileNetwork(m)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('"V1"') }));
  });
});

// Loop R—p1—A, A—p2—B, B—p3—C, A—p4—C with Vx=(p2@B) open and Vn=(p4@C):
// segments X={R,A,p1,p2,p4} and Y={B,C,p3}, joined through Vx and Vn.
function loop(vnState: 'OPEN' | 'CLOSED') {
  const m = model(
    [['R', 'RESERVOIR'], ['A', 'JUNCTION'], ['B', 'JUNCTION'], ['C', 'JUNCTION']],
    [['p1', 'R', 'A'], ['p2', 'A', 'B'], ['p3', 'B', 'C'], ['p4', 'A', 'C']],
    [['Vx', 'p2', 'B'], ['Vn', 'p4', 'C', { state: vnState }]],
  );
  return new NetworkAnalyzer(compileNetwork(m, { nodePersons: persons({ A: 5, B: 7, C: 11 }) }));
}

describe('normally-closed valves', () => {
  it('are barriers: closing Vx cuts off B and C only when Vn is normally closed', () => {
    expect(loop('OPEN').closureImpact(['Vx']).unsuppliedNodeIds).toEqual([]);
    const impact = loop('CLOSED').closureImpact(['Vx']);
    expect(sorted(impact.unsuppliedNodeIds)).toEqual(['B', 'C']);
    expect(impact.unsuppliedPipeIds).toEqual(['p3']);
    expect(impact.unsuppliedPopulation).toBe(18);
  });

  it('are listed as already closed, not as valves to turn, and cut supply in the plan', () => {
    const plan = loop('CLOSED').isolationPlan(['p1']);
    expect(plan.valvesToClose).toEqual(['Vx']);
    expect(plan.alreadyClosedValves).toEqual(['Vn']);
    expect(sorted(plan.unsuppliedNodeIds)).toEqual(['B', 'C']);
    expect(plan.population).toBe(23);
    const open = loop('OPEN').isolationPlan(['p1']);
    expect(sorted(open.valvesToClose)).toEqual(['Vn', 'Vx']);
    expect(open.population).toBe(23);
  });

  it('an inoperable valve that is normally closed stays a barrier and causes no growth', () => {
    const plan = loop('CLOSED').isolationPlan(['p3'], { inoperableValveIds: ['Vn'] });
    expect(plan.skippedValves).toEqual([]);
    expect(plan.growth!.nodes).toBe(0);
  });
});

/** Reference: node-level search over half-links, independent of segments and dominators. */
function referenceUnsupplied(c: CompiledNetwork, closed: Set<number>) {
  const cut = new Set<string>();
  for (let v = 0; v < c.valveCount; v++) if (closed.has(v) || c.valveNormallyClosed[v]) cut.add(`${c.valveLink[v]}:${c.valveNode[v]}`);
  const nodeSeen = new Uint8Array(c.nodeCount);
  const linkSeen = new Uint8Array(c.linkCount);
  const stack: number[] = [];
  for (let n = 0; n < c.nodeCount; n++) if (c.nodeIsSource[n]) { nodeSeen[n] = 1; stack.push(n); }
  while (stack.length) {
    const n = stack.pop()!;
    for (let j = c.nodeLinkOffsets[n]; j < c.nodeLinkOffsets[n + 1]; j++) {
      const l = c.nodeLinks[j];
      if (cut.has(`${l}:${n}`)) continue;
      linkSeen[l] = 1;
      for (const m of [c.linkFrom[l], c.linkTo[l]]) {
        if (m === n || nodeSeen[m] || cut.has(`${l}:${m}`)) continue;
        nodeSeen[m] = 1;
        stack.push(m);
      }
    }
  }
  return { nodeSeen, linkSeen };
}

describe('dominator-tree plans on a synthetic city', () => {
  const city = generateCity({ pipes: 3000, seed: 7, valveN: 2, closedShare: 0.03, spurShare: 0.2 });
  const net = compileNetwork(city.model, { nodePersons: city.nodePersons });
  const analyzer = new NetworkAnalyzer(net);
  const baseline = referenceUnsupplied(net, new Set());
  const rnd = seededRandom(42);

  it('has a non-trivial dominator tree (some segments cut off others)', () => {
    let deep = 0;
    for (let g = 0; g < analyzer.segments.count; g++) if (analyzer.tree.size[g] > 1) deep++;
    expect(deep).toBeGreaterThan(20);
  });

  it('equals the traversal with the boundary valves closed, and a node-level search, for 300 random breaks', () => {
    for (let i = 0; i < 300; i++) {
      const pipe = net.linkIds.at(Math.floor(rnd() * net.linkCount));
      const plan = analyzer.isolationPlan([pipe]);
      const seg = new Set(plan.segmentNodeIds);
      // Traversal path: closing the plan's valves must cut off the same nodes (outside the segment).
      const impact = analyzer.closureImpact(plan.valvesToClose);
      const fromPlan = sorted(plan.unsuppliedNodeIds.filter((n) => !seg.has(n)));
      expect(sorted(impact.unsuppliedNodeIds.filter((n) => !seg.has(n)))).toEqual(fromPlan);
      // Node-level reference.
      const ref = referenceUnsupplied(net, new Set(plan.valvesToClose.map((v) => net.valveIds.get(v)!)));
      const refNodes: string[] = [];
      for (let n = 0; n < net.nodeCount; n++) {
        if (!ref.nodeSeen[n] && baseline.nodeSeen[n] && !seg.has(net.nodeIds.at(n))) refNodes.push(net.nodeIds.at(n));
      }
      expect(sorted(refNodes)).toEqual(fromPlan);
      const segLinks = new Set(plan.segmentPipeIds);
      const refLinks: string[] = [];
      for (let l = 0; l < net.linkCount; l++) {
        if (!ref.linkSeen[l] && baseline.linkSeen[l] && !segLinks.has(net.linkIds.at(l))) refLinks.push(net.linkIds.at(l));
      }
      expect(sorted(refLinks)).toEqual(sorted(plan.unsuppliedPipeIds.filter((l) => !segLinks.has(l))));
      expect(plan.population).toBeCloseTo(analyzer.criticality()[plan.segments[0]], 6);
    }
  });

  it('a multi-break plan (traversal) matches the node-level search for 100 random pairs', () => {
    for (let i = 0; i < 100; i++) {
      const pipes = [0, 1].map(() => net.linkIds.at(Math.floor(rnd() * net.linkCount)));
      const plan = analyzer.isolationPlan(pipes);
      const seg = new Set(plan.segmentNodeIds);
      const ref = referenceUnsupplied(net, new Set(plan.valvesToClose.map((v) => net.valveIds.get(v)!)));
      const refNodes: string[] = [];
      for (let n = 0; n < net.nodeCount; n++) {
        if (!ref.nodeSeen[n] && (baseline.nodeSeen[n] || seg.has(net.nodeIds.at(n)))) refNodes.push(net.nodeIds.at(n));
      }
      expect(sorted(plan.unsuppliedNodeIds)).toEqual(sorted(refNodes));
    }
  });

  it('closing 20 random valves (searched locally) cuts off what a node-level search of the whole network finds, 200 times', () => {
    let cut = 0;
    for (let i = 0; i < 200; i++) {
      const closed = Array.from({ length: 20 }, () => net.valveIds.at(Math.floor(rnd() * net.valveCount)));
      const impact = analyzer.closureImpact(closed);
      const ref = referenceUnsupplied(net, new Set(closed.map((v) => net.valveIds.get(v)!)));
      const refNodes: string[] = [];
      for (let n = 0; n < net.nodeCount; n++) if (!ref.nodeSeen[n] && baseline.nodeSeen[n]) refNodes.push(net.nodeIds.at(n));
      const refLinks: string[] = [];
      for (let l = 0; l < net.linkCount; l++) if (!ref.linkSeen[l] && baseline.linkSeen[l]) refLinks.push(net.linkIds.at(l));
      expect(sorted(impact.unsuppliedNodeIds)).toEqual(sorted(refNodes));
      expect(sorted(impact.unsuppliedPipeIds)).toEqual(sorted(refLinks));
      if (refNodes.length) cut++;
    }
    expect(cut).toBeGreaterThan(20);
  });

  it('a 5-break plan (searched locally) matches the node-level search, 100 times', () => {
    for (let i = 0; i < 100; i++) {
      const pipes = Array.from({ length: 5 }, () => net.linkIds.at(Math.floor(rnd() * net.linkCount)));
      const plan = analyzer.isolationPlan(pipes);
      const seg = new Set(plan.segmentNodeIds);
      const ref = referenceUnsupplied(net, new Set(plan.valvesToClose.map((v) => net.valveIds.get(v)!)));
      const refNodes: string[] = [];
      for (let n = 0; n < net.nodeCount; n++) {
        if (!ref.nodeSeen[n] && (baseline.nodeSeen[n] || seg.has(net.nodeIds.at(n)))) refNodes.push(net.nodeIds.at(n));
      }
      expect(sorted(plan.unsuppliedNodeIds)).toEqual(sorted(refNodes));
    }
  });

  it('inoperable valves only ever grow the plan, and the grown plan has no inoperable valve to close', () => {
    let grew = 0;
    for (let i = 0; i < 100; i++) {
      const pipe = net.linkIds.at(Math.floor(rnd() * net.linkCount));
      const seized = Array.from({ length: 300 }, () => net.valveIds.at(Math.floor(rnd() * net.valveCount)));
      const plan = analyzer.isolationPlan([pipe], { inoperableValveIds: seized });
      const before = analyzer.isolationPlan([pipe]);
      expect(plan.valvesToClose.some((v) => seized.includes(v))).toBe(false);
      expect(new Set(plan.affectedNodeIds).size).toBe(plan.affectedNodeIds.length);
      for (const n of before.affectedNodeIds) expect(plan.affectedNodeIds).toContain(n);
      expect(plan.growth!.nodes).toBe(plan.affectedNodeIds.length - before.affectedNodeIds.length);
      expect(plan.growth!.population).toBeCloseTo(plan.population - before.population, 6);
      if (plan.growth!.nodes > 0 || plan.growth!.links > 0) {
        grew++;
        expect(plan.skippedValves.length).toBeGreaterThan(0);
      }
    }
    expect(grew).toBeGreaterThan(10);
  });
});
