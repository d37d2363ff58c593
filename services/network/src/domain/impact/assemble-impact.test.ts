import { NetworkEngine, NetworkEngineBuilder, type ServicePointRecord } from '../analysis/engine';
import type { PopulationArea } from '../model';
import { assembleImpact, requiresRegulatorApproval, type ImpactRules, type TracedImpact } from './assemble-impact';
import { ALL_IMPACT_PARTS, type ImpactParts } from './impact';

// R —P1— J1 =V1= P2 —J2 =V2= P3 — J3: breaking P2 closes V1 and V2 and cuts J3 off.
const at = (i: number): [number, number] => [120 + i * 0.001, 30];
const rules: ImpactRules = { regulatorThreshold: 5000, serviceRadiusM: 30, simplifyToleranceM: 1 };
const NONE: ImpactParts = { area: false, population: false, areaNames: false, importantUsers: false, growth: false };

function engine(o: { servicePoints?: ServicePointRecord[]; areas?: PopulationArea[] } = {}): NetworkEngine {
  const b = new NetworkEngineBuilder({ patterns: [], options: { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'LPS' } });
  const node = (id: string, kind: string, i: number, area: string | null = null) => ({ id, kind, lon: at(i)[0], lat: at(i)[1], demands: null, area });
  b.nodes([node('R', 'RESERVOIR', 0), node('J1', 'JUNCTION', 1), node('J2', 'JUNCTION', 2, '北区'), node('J3', 'JUNCTION', 3)]);
  const link = (id: string, from: string, to: string, area: string | null = null) => ({
    id, kind: 'PIPE', from, to, lengthM: 100, diameterMm: 150, material: null, status: null, vertices: null, area,
  });
  b.links([link('P1', 'R', 'J1'), link('P2', 'J1', 'J2', '幸福路'), link('P3', 'J2', 'J3')]);
  const valve = (id: string, linkId: string, nodeId: string, i: number) => ({ id, linkId, nodeId, state: 'OPEN', operable: true, diameterMm: 150, lon: at(i)[0], lat: at(i)[1] });
  b.valves([valve('V1', 'P2', 'J1', 1), valve('V2', 'P3', 'J2', 2)]);
  b.servicePoints(o.servicePoints ?? []);
  b.populationAreas(o.areas ?? []);
  return b.finish('net-1', 1, 150);
}

const customers = (persons: [number, number]): ServicePointRecord[] => [
  { id: 'SP1', nodeId: 'J2', lon: at(2)[0], lat: at(2)[1], address: '东街 1 号', persons: persons[0], important: null, name: null, phone: null, area: '东街' },
  { id: 'SP2', nodeId: 'J3', lon: at(3)[0], lat: at(3)[1], address: '西街 9 号', persons: persons[1], important: 'HOSPITAL', name: '人民医院', phone: '13800000000', area: '西街' },
];

function breakP2(e: NetworkEngine): TracedImpact {
  const p = e.analyzer.isolationPlan(['P2']);
  return {
    ...p,
    growth: p.growth && { nodes: p.growth.nodes, pipes: p.growth.links, population: p.growth.population },
  };
}

describe('assembleImpact', () => {
  it('needs the regulator above the threshold, not at it', () => {
    expect(requiresRegulatorApproval(5001, 5000)).toBe(true);
    expect(requiresRegulatorApproval(5000, 5000)).toBe(false);
    const e = engine({ servicePoints: customers([3000, 2000]) });
    const atThreshold = assembleImpact(e, breakP2(e), {}, rules);
    expect(atThreshold).toMatchObject({ population: 5000, threshold: 5000, requiresRegulatorApproval: false, populationBasis: 'SERVICE_POINTS' });
    const e2 = engine({ servicePoints: customers([3000, 2001]) });
    expect(assembleImpact(e2, breakP2(e2), {}, rules)).toMatchObject({ population: 5001, requiresRegulatorApproval: true });
  });

  it('names the streets, communities and important users the outage touches', () => {
    const e = engine({ servicePoints: customers([10, 20]) });
    const i = assembleImpact(e, breakP2(e), { onMainRoad: true }, rules);
    expect(i.valvesToClose.map((v) => v.id).sort()).toEqual(['V1', 'V2']);
    expect(i.valvesToClose[0]).toMatchObject({ networkId: 'net-1', state: 'OPEN', operable: true });
    expect(i.areaNames).toEqual(['东街', '北区', '幸福路', '西街'].sort());
    expect(i.importantUsers).toEqual([{ id: 'SP2', kind: 'HOSPITAL', address: '西街 9 号', persons: 20, name: '人民医院', phone: '13800000000' }]);
    // The isolated segment itself is without water too: here everything affected is unsupplied.
    expect(i.unsuppliedPopulation).toBe(30);
    expect(i.onMainRoad).toBe(true);
    expect(i.area).toMatchObject({ type: 'Feature', geometry: { type: expect.stringMatching(/Polygon$/) } });
  });

  it('builds no polygon when the area is not asked for', () => {
    const e = engine({ servicePoints: customers([3000, 2001]) });
    const coords = jest.spyOn(e, 'linkCoords');
    const i = assembleImpact(e, breakP2(e), {}, rules, { ...NONE, population: true });
    expect(coords).not.toHaveBeenCalled();
    expect(i).toMatchObject({ population: 5001, requiresRegulatorApproval: true });
    expect(i.area).toBeUndefined();
    expect(i.areaNames).toBeUndefined();
    expect(i.importantUsers).toBeUndefined();
    assembleImpact(e, breakP2(e), {}, rules, { ...NONE, area: true });
    expect(coords).toHaveBeenCalled();
  });

  it('counts census areas through the polygon, and only when population or names are asked for', () => {
    const box = (x0: number, x1: number) => ({ type: 'Polygon' as const, coordinates: [[[x0, 29.99], [x1, 29.99], [x1, 30.01], [x0, 30.01], [x0, 29.99]]] });
    const e = engine({ areas: [{ id: 'A', name: '新村', population: 8000, geometry: box(119.99, 120.01) }] });
    expect(e.basis).toBe('AREAS');
    const coords = jest.spyOn(e, 'linkCoords');
    const bare = assembleImpact(e, breakP2(e), {}, rules, NONE);
    expect(coords).not.toHaveBeenCalled();
    expect(bare.population).toBeUndefined();
    const i = assembleImpact(e, breakP2(e), {}, rules, ALL_IMPACT_PARTS);
    expect(i.population).toBeGreaterThan(0);
    expect(i.population).toBeLessThan(8000);
    expect(i.unsuppliedPopulation).toBe(i.population);
    expect(i.areaNames).toContain('新村');
  });

  it('refuses a non-positive per-person use, naming the argument', () => {
    const e = engine({ servicePoints: customers([1, 1]) });
    expect(() => assembleImpact(e, breakP2(e), { litersPerPersonPerDay: 0 }, rules)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'litersPerPersonPerDay' } }),
    );
  });
});
