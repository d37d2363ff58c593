// The two-line heat rule on hand-built networks: a customer keeps heat only with a path to a source on the
// supply AND the return line. Checked against a reference that walks each line on its own.
import type { IsolationValve, NetLink, NetNode, NetworkModel, ServicePoint } from '../model';
import { engineFromModel } from '../../../test/support/engine-from-model';
import type { NetworkEngine } from './engine';
import { generateCity } from '../../../bench/synthetic';
import { mirrorAsTwoLines, twin } from '../../../test/fixtures/two-line';

const node = (id: string, kind: NetNode['kind'] = 'JUNCTION'): NetNode => ({ id, kind, coord: null, demands: [] });
const pipe = (id: string, from: string, to: string, circuit: 'SUPPLY' | 'RETURN'): NetLink => ({ id, kind: 'PIPE', from, to, vertices: [], circuit });
/** A valve on `linkId` next to `nodeId`. */
const valve = (linkId: string, nodeId: string): IsolationValve => ({ id: `V-${linkId}-${nodeId}`, linkId, nodeId, state: 'OPEN', operable: true });
const customer = (id: string, nodeId: string, returnNodeId: string, persons: number): ServicePoint => ({ id, nodeId, returnNodeId, coord: null, persons });
const model = (nodes: NetNode[], links: NetLink[], valves: IsolationValve[], servicePoints: ServicePoint[]): NetworkModel => ({
  nodes, links, valves, servicePoints, populationAreas: [], patterns: [],
  options: { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'CMS' },
});

/**
 * A heat source HS feeding a street by a supply line a1–a2–a3 and taking it back by a return line b1–b2–b3,
 * every pipe with a valve at its end nearer the source; customers C1–C3 hang between aK and bK.
 */
function street(): NetworkModel {
  return model(
    [node('HS', 'HEAT_SOURCE'), node('a1'), node('a2'), node('a3'), node('b1'), node('b2'), node('b3')],
    [pipe('S1', 'HS', 'a1', 'SUPPLY'), pipe('S2', 'a1', 'a2', 'SUPPLY'), pipe('S3', 'a2', 'a3', 'SUPPLY'),
      pipe('R1', 'HS', 'b1', 'RETURN'), pipe('R2', 'b1', 'b2', 'RETURN'), pipe('R3', 'b2', 'b3', 'RETURN')],
    [valve('S1', 'HS'), valve('S2', 'a1'), valve('S3', 'a2'), valve('R1', 'HS'), valve('R2', 'b1'), valve('R3', 'b2')],
    [customer('C1', 'a1', 'b1', 10), customer('C2', 'a2', 'b2', 20), customer('C3', 'a3', 'b3', 40)],
  );
}

/**
 * Two sources (a heat source and a substation) on looped lines, valves at one or both ends, customers with
 * their two nodes in different places along the street, and one whose nodes sit at the substation.
 */
function loops(): NetworkModel {
  const links: NetLink[] = [
    pipe('S1', 'HS', 's1', 'SUPPLY'), pipe('S2', 's1', 's2', 'SUPPLY'), pipe('S3', 's2', 's3', 'SUPPLY'), pipe('S4', 's3', 's4', 'SUPPLY'),
    pipe('S5', 's4', 's1', 'SUPPLY'), pipe('S6', 's3', 'SUB', 'SUPPLY'), pipe('S7', 's4', 's5', 'SUPPLY'),
    pipe('R1', 'HS', 'r1', 'RETURN'), pipe('R2', 'r1', 'r2', 'RETURN'), pipe('R3', 'r2', 'r3', 'RETURN'), pipe('R4', 'r3', 'r1', 'RETURN'),
    pipe('R5', 'r3', 'r4', 'RETURN'), pipe('R6', 'r4', 'SUB', 'RETURN'), pipe('R7', 'r4', 'r5', 'RETURN'),
  ];
  const valves = [
    valve('S1', 'HS'), valve('S2', 's1'), valve('S2', 's2'), valve('S3', 's3'), valve('S5', 's1'), valve('S6', 'SUB'), valve('S7', 's4'),
    valve('R1', 'HS'), valve('R2', 'r2'), valve('R3', 'r2'), valve('R4', 'r1'), valve('R5', 'r4'), valve('R6', 'SUB'), valve('R7', 'r5'),
  ];
  return model(
    [node('HS', 'HEAT_SOURCE'), node('SUB', 'SUBSTATION'), ...['s1', 's2', 's3', 's4', 's5', 'r1', 'r2', 'r3', 'r4', 'r5'].map((id) => node(id))],
    links, valves,
    [customer('K1', 's1', 'r2', 7), customer('K2', 's2', 'r3', 11), customer('K3', 's3', 'r1', 13), customer('K4', 's4', 'r4', 17),
      customer('K5', 's5', 'r5', 19), customer('K6', 's5', 'r1', 23), customer('K7', 'SUB', 'SUB', 29), customer('K8', 's2', 'r2', 31)],
  );
}

/**
 * The rule itself, walked line by line: with these valves closed and these nodes shut for the work, which
 * customers have no path to a source on their supply line or on their return line.
 */
function referenceWithoutHeat(m: NetworkModel, closedValveIds: Set<string>, shutNodes: Set<string>): string[] {
  const sources = m.nodes.filter((n) => n.kind !== 'JUNCTION').map((n) => n.id);
  const blockedAt = new Set(m.valves.filter((v) => v.state === 'CLOSED' || closedValveIds.has(v.id)).map((v) => `${v.linkId}@${v.nodeId}`));
  const reached = (circuit: 'SUPPLY' | 'RETURN') => {
    const seen = new Set(sources.filter((s) => !shutNodes.has(s)));
    const queue = [...seen];
    while (queue.length) {
      const u = queue.shift()!;
      for (const l of m.links) {
        if (l.circuit !== circuit || (l.from !== u && l.to !== u)) continue;
        const w = l.from === u ? l.to : l.from;
        if (seen.has(w) || shutNodes.has(w) || blockedAt.has(`${l.id}@${u}`) || blockedAt.has(`${l.id}@${w}`)) continue;
        seen.add(w);
        queue.push(w);
      }
    }
    return seen;
  };
  const supply = reached('SUPPLY');
  const ret = reached('RETURN');
  return m.servicePoints.filter((c) => !supply.has(c.nodeId) || !ret.has(c.returnNodeId!)).map((c) => c.id).sort();
}

/** Service point ids at engine positions (the engine groups them by supply node; ids are read back from the model's order). */
function idsAt(e: NetworkEngine, m: NetworkModel, nodeIds: string[]): string[] {
  // Positions are grouped by supply node in node order; rebuild that order from the model to name them.
  const order = m.nodes.flatMap((n) => m.servicePoints.filter((s) => s.nodeId === n.id));
  return e.servicePointsAt(nodeIds).map((k) => order[k].id).sort();
}

describe('heat networks drawn as two lines', () => {
  it('a break on the return line cuts the same customers as the same break on the supply line', () => {
    const m = street();
    const e = engineFromModel(m);
    const supply = e.analyzer.isolationPlan(['S2']);
    const ret = e.analyzer.isolationPlan(['R2']);
    expect(idsAt(e, m, supply.affectedNodeIds)).toEqual(['C2', 'C3']);
    expect(idsAt(e, m, ret.affectedNodeIds)).toEqual(['C2', 'C3']);
    expect(supply.population).toBe(60);
    expect(ret.population).toBe(60);
    expect(supply.valvesToClose.sort()).toEqual(['V-S2-a1', 'V-S3-a2']);
    expect(ret.valvesToClose.sort()).toEqual(['V-R2-b1', 'V-R3-b2']);
  });

  it('a customer whose supply side is fed but whose return side is cut loses heat', () => {
    const m = street();
    const e = engineFromModel(m);
    const c = e.analyzer.closureImpact(['V-R3-b2']);
    // Only the return pipe to C3 is shut: its supply node a3 still has a path to the heat source.
    expect(c.unsuppliedNodeIds).toEqual(['b3']);
    expect(idsAt(e, m, c.unsuppliedNodeIds)).toEqual(['C3']);
    expect(c.unsuppliedPopulation).toBe(40);
    expect(referenceWithoutHeat(m, new Set(['V-R3-b2']), new Set())).toEqual(['C3']);
  });

  it('counts a customer cut on both lines once', () => {
    const m = street();
    const e = engineFromModel(m);
    const both = e.analyzer.closureImpact(['V-S3-a2', 'V-R3-b2']);
    expect(both.unsuppliedPopulation).toBe(40);
    expect(e.totalPopulation).toBe(70);
  });

  it('ranks segments by the customers who lose heat on either line', () => {
    const m = street();
    const e = engineFromModel(m);
    const top = e.analyzer.criticalSegments(3);
    // The heat source's segment holds no pipe (both feeds have valves at HS) but isolating it cuts everyone.
    expect(top[0]).toMatchObject({ population: 70, nodeIds: ['HS'] });
    expect(top.slice(1).map((s) => [s.population, s.pipeIds])).toEqual([[70, ['S1']], [70, ['R1']]]);
  });

  describe('agrees with walking each line on its own (looped lines, two sources)', () => {
    const m = loops();
    const e = engineFromModel(m);
    const persons = new Map(m.servicePoints.map((c) => [c.id, c.persons]));
    const sum = (ids: string[]) => ids.reduce((s, id) => s + persons.get(id)!, 0);

    it.each(m.links.map((l) => l.id))('a break on %s', (pipeId) => {
      const plan = e.analyzer.isolationPlan([pipeId]);
      const expected = referenceWithoutHeat(m, new Set([...plan.valvesToClose, ...plan.alreadyClosedValves]), new Set(plan.segmentNodeIds));
      expect(idsAt(e, m, plan.affectedNodeIds)).toEqual(expected);
      expect(plan.population).toBe(sum(expected));
    });

    const valvePairs = m.valves.flatMap((a, i) => m.valves.slice(i).map((b) => [a.id, b.id]));
    it.each(valvePairs)('closing %s and %s', (a, b) => {
      const c = e.analyzer.closureImpact([...new Set([a, b])]);
      const expected = referenceWithoutHeat(m, new Set([a, b]), new Set());
      expect(idsAt(e, m, c.unsuppliedNodeIds)).toEqual(expected);
      expect(c.unsuppliedPopulation).toBe(sum(expected));
    });

    it('ranks every segment by what isolating it takes away', () => {
      const ranked = e.analyzer.criticalSegments(e.analyzer.segments.count);
      expect(ranked).toHaveLength(e.analyzer.segments.count);
      for (const s of ranked.filter((x) => x.pipeIds.length > 0)) {
        expect([s.pipeIds[0], s.population]).toEqual([s.pipeIds[0], e.analyzer.isolationPlan([s.pipeIds[0]]).population]);
      }
    });
  });
});

describe('a synthetic city redrawn as two lines', () => {
  // No seized valves: a plan then isolates exactly the segment, as the ranking assumes.
  const city = generateCity({ pipes: 1500, seed: 21, valveN: 2, closedShare: 0.02 });
  city.model.servicePoints = city.model.nodes.flatMap((n, i) => (city.nodePersons[i] > 0 ? [{ id: `SP-${n.id}`, nodeId: n.id, coord: n.coord, persons: Math.round(city.nodePersons[i]) }] : []));
  const one = engineFromModel(city.model);
  const two = engineFromModel(mirrorAsTwoLines(city.model));

  it('cuts the same customers for every break on the return line as for its twin on the supply line, and as the one-line drawing does', () => {
    expect(two.twoLine).toBe(true);
    expect(two.totalPopulation).toBe(one.totalPopulation);
    for (const l of city.model.links) {
      const supply = two.analyzer.isolationPlan([l.id]);
      const ret = two.analyzer.isolationPlan([twin(l.id)]);
      const single = one.analyzer.isolationPlan([l.id]);
      expect([l.id, ret.population]).toEqual([l.id, supply.population]);
      expect([l.id, supply.population]).toEqual([l.id, single.population]);
      expect(two.servicePointsAt(ret.affectedNodeIds).sort()).toEqual(two.servicePointsAt(supply.affectedNodeIds).sort());
    }
  });

  it('ranks segments by what isolating each takes away, the worst as in the one-line drawing', () => {
    const top = two.analyzer.criticalSegments(40);
    expect(top[0].population).toBe(one.analyzer.criticalSegments(1)[0].population);
    for (const seg of top.filter((x) => x.pipeIds.length > 0)) expect([seg.pipeIds[0], seg.population]).toEqual([seg.pipeIds[0], two.analyzer.isolationPlan([seg.pipeIds[0]]).population]);
  });
});

// Kept beside the rule: the same network drawn as one line counts a customer on its supply node only.
describe('one-line heat networks', () => {
  it('count persons per supply node as water does', () => {
    const m = street();
    m.links.forEach((l) => (l.circuit = null));
    m.servicePoints.forEach((c) => (c.returnNodeId = null));
    const e = engineFromModel(m);
    expect(e.twoLine).toBe(false);
    expect(e.analyzer.isolationPlan(['R2']).population).toBe(0);
    expect(e.analyzer.isolationPlan(['S2']).population).toBe(60);
    expect(idsAt(e, m, ['b2'])).toEqual([]);
    expect(idsAt(e, m, ['a2'])).toEqual(['C2']);
  });
});
