import { parseInp } from './inp-parser';
import { nodeAverageDemandM3s, populationFromDemand, roundHalfEven } from './demand';
import type { NetworkModel } from '../model';

import { goldenAnswers, goldenInp } from '../../../test/golden';

describe('population from demand matches the WNTR golden files', () => {
  it.each(['Net1', 'Net2', 'Net3'])('%s: every junction and the total', (name) => {
    const model = parseInp(goldenInp(name), { origin: { lon: 114, lat: 30 } });
    const golden = goldenAnswers(name);
    const avg = nodeAverageDemandM3s(model);
    const pop: Record<string, number> = {};
    for (const id of Object.keys(golden.nodePopulation)) pop[id] = populationFromDemand(avg.get(id)!, golden.populationPerPersonM3PerS);
    expect(pop).toEqual(golden.nodePopulation);
    expect(Object.values(pop).reduce((a, b) => a + b, 0)).toBe(golden.totalPopulation);
    expect([...avg.keys()].sort()).toEqual(model.nodes.filter((n) => n.kind === 'JUNCTION').map((n) => n.id).sort());
  });
});

function model(patterns: { id: string; multipliers: number[] }[], demands: { baseM3s: number; patternId: string | null }[], stepS = 3600, mult = 1, def: string | null = null): NetworkModel {
  return {
    nodes: [{ id: 'J', kind: 'JUNCTION', coord: null, demands }],
    links: [], valves: [], servicePoints: [], populationAreas: [], patterns,
    options: { patternStepS: stepS, demandMultiplier: mult, defaultPatternId: def, flowUnits: 'CMS' },
  };
}

describe('nodeAverageDemandM3s', () => {
  it('averages base × pattern × demand multiplier, using the default pattern for entries without one', () => {
    // 12 × 2 h = 24 h: mean of [1,3,...] = 2; second entry: default pattern "D" (mean 0.5); multiplier 2.
    const m = model([{ id: 'A', multipliers: [1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3] }, { id: 'D', multipliers: [0, 1] }],
      [{ baseM3s: 0.01, patternId: 'A' }, { baseM3s: 0.004, patternId: null }], 7200, 2, 'D');
    expect(nodeAverageDemandM3s(m).get('J')).toBeCloseTo(2 * (0.01 * 2 + 0.004 * 0.5), 15);
  });

  it('uses multiplier 1 when there is no default pattern', () => {
    expect(nodeAverageDemandM3s(model([], [{ baseM3s: 0.003, patternId: null }])).get('J')).toBeCloseTo(0.003, 15);
  });

  it('LCM cycle: a 36 h pattern is averaged over 72 h; the WNTR window over the first 24 h', () => {
    const mult = [...Array(24).fill(1), ...Array(12).fill(4)]; // mean over its period: (24 + 48) / 36 = 2
    const m = model([{ id: 'P', multipliers: mult }], [{ baseM3s: 1, patternId: 'P' }]);
    expect(nodeAverageDemandM3s(m, { cycle: 'LCM' }).get('J')).toBeCloseTo(2, 12);
    expect(nodeAverageDemandM3s(m).get('J')).toBeCloseTo(1, 12);
  });
});

describe('round half to even', () => {
  it.each([[0.5, 0], [1.5, 2], [2.5, 2], [-0.5, 0], [-1.5, -2], [2.4999, 2], [2.5001, 3]])('%p → %p', (x, r) => {
    expect(roundHalfEven(x)).toBe(r);
  });
  it('population = round-half-to-even(avg ÷ per-person use)', () => {
    expect(populationFromDemand(5, 2)).toBe(2);
    expect(populationFromDemand(7, 2)).toBe(4);
  });
});
