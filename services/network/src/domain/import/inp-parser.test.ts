import { parseInp } from './inp-parser';
import { expectImportError } from '../../../test/support/expect-import-error';
import { EARTH_RADIUS_M } from '@mainline/common/domain';

import { goldenInp } from '../../../test/golden';
const readNet = (name: string) => goldenInp(name);
const ORIGIN = { origin: { lon: 114, lat: 30 } };

/** A tiny network; `units` and the numbers are substituted so the same network can be written in any unit. */
function tiny(o: { units?: string; demand?: string; length?: string; diameter?: string; extra?: string; coords?: string } = {}) {
  return [
    '[TITLE]', 'tiny', '',
    '[JUNCTIONS]', ';ID Elev Demand Pattern', ` J1 10 ${o.demand ?? '100'} ;`, ' J2 12 0', '',
    '[RESERVOIRS]', ' R1 50', '',
    '[PIPES]', ` P1 R1 J1 ${o.length ?? '1000'} ${o.diameter ?? '12'} 100 0 Open`, ` P2 J1 J2 500 8 100`, '',
    '[OPTIONS]', ` Units ${o.units ?? 'GPM'}`, '',
    o.extra ?? '',
    '[COORDINATES]', o.coords ?? ' J1 0 0\n J2 100 0\n R1 0 100', '',
    '[END]',
  ].join('\n');
}

describe('parseInp on the EPANET example networks', () => {
  // Counts taken from the files' [JUNCTIONS]+[RESERVOIRS]+[TANKS] and [PIPES]+[PUMPS]+[VALVES] rows.
  it.each([
    ['Net1', 9, 1, 1, 12, 1, 0],
    ['Net2', 35, 0, 1, 40, 0, 0],
    ['Net3', 92, 2, 3, 117, 2, 0],
  ])('%s has the nodes and links of the file', (name, junctions, reservoirs, tanks, pipes, pumps, valves) => {
    const m = parseInp(readNet(name), ORIGIN);
    const count = <T extends { kind: string }>(xs: T[], k: string) => xs.filter((x) => x.kind === k).length;
    expect(count(m.nodes, 'JUNCTION')).toBe(junctions);
    expect(count(m.nodes, 'RESERVOIR')).toBe(reservoirs);
    expect(count(m.nodes, 'TANK')).toBe(tanks);
    expect(count(m.links, 'PIPE')).toBe(pipes);
    expect(count(m.links, 'PUMP')).toBe(pumps);
    expect(count(m.links, 'VALVE')).toBe(valves);
    expect(m.nodes.every((n) => n.coord !== null)).toBe(true);
  });

  it('converts Net1 (GPM, ft, in) to SI and reads options, status and controls', () => {
    const m = parseInp(readNet('Net1'), ORIGIN);
    const j11 = m.nodes.find((n) => n.id === '11')!;
    expect(j11.demands).toEqual([{ baseM3s: expect.closeTo((150 * 0.003785411784) / 60, 12), patternId: null }]);
    expect(j11.elevationM).toBeCloseTo(710 * 0.3048, 9);
    const p10 = m.links.find((l) => l.id === '10')!;
    expect(p10.lengthM).toBeCloseTo(10530 * 0.3048, 9);
    expect(p10.diameterMm).toBeCloseTo(18 * 25.4, 9);
    expect(p10.status).toBe('OPEN');
    expect(m.options).toEqual({ patternStepS: 7200, demandMultiplier: 1, defaultPatternId: '1', flowUnits: 'GPM' });
    expect(m.patterns.find((p) => p.id === '1')!.multipliers).toHaveLength(12);
    const pump = m.links.find((l) => l.id === '9')!;
    expect(pump.kind).toBe('PUMP');
    expect(pump.controls).toEqual(['LINK 9 OPEN IF NODE 2 BELOW 110', 'LINK 9 CLOSED IF NODE 2 ABOVE 140']);
  });

  it('keeps Net3 [STATUS] as an attribute', () => {
    const m = parseInp(readNet('Net3'), ORIGIN);
    expect(m.links.find((l) => l.id === '10')!.status).toBe('CLOSED');
    expect(m.links.find((l) => l.id === '10')!.controls).toHaveLength(14);
  });
});

describe('parseInp units and demands', () => {
  it('gives the same SI values for a GPM file and the same network in LPS', () => {
    const gpm = parseInp(tiny({ units: 'GPM', demand: '100', length: '1000', diameter: '12' }), ORIGIN);
    // 100 GPM = 6.30901964 L/s; 1000 ft = 304.8 m; 12 in = 304.8 mm.
    const lps = parseInp(tiny({ units: 'LPS', demand: '6.30901964', length: '304.8', diameter: '304.8' }), ORIGIN);
    expect(Math.abs(gpm.nodes[0].demands[0].baseM3s - lps.nodes[0].demands[0].baseM3s)).toBeLessThan(1e-9);
    expect(gpm.links[0].lengthM).toBeCloseTo(lps.links[0].lengthM!, 9);
    expect(gpm.links[0].diameterMm).toBeCloseTo(lps.links[0].diameterMm!, 9);
  });

  it.each([
    ['CFS', 0.028316846592], ['GPM', 0.003785411784 / 60], ['MGD', 3785.411784 / 86400], ['IMGD', 4546.09 / 86400],
    ['AFD', 1233.48183754752 / 86400], ['LPS', 0.001], ['LPM', 0.001 / 60], ['MLD', 1000 / 86400],
    ['CMH', 1 / 3600], ['CMD', 1 / 86400], ['cms', 1],
  ])('converts a demand of 1 %s to m³/s', (units, m3s) => {
    const m = parseInp(tiny({ units, demand: '1' }), ORIGIN);
    expect(m.nodes[0].demands[0].baseM3s).toBeCloseTo(m3s, 12);
  });

  it('lets [DEMANDS] replace the junction demand, and reads patterns, times and the multiplier', () => {
    const extra = [
      '[DEMANDS]', ' J1 2 P24 ;domestic', ' J1 3', '',
      '[PATTERNS]', ' P24 1 2', ' P24 3', ' 1 0.5', '',
      '[TIMES]', ' Pattern Timestep 30 MIN', '',
      '[OPTIONS]', ' Demand Multiplier 1.5', '',
    ].join('\n');
    const m = parseInp(tiny({ units: 'LPS', extra }), ORIGIN);
    expect(m.nodes[0].demands).toEqual([{ baseM3s: 0.002, patternId: 'P24' }, { baseM3s: 0.003, patternId: null }]);
    expect(m.nodes[1].demands).toEqual([{ baseM3s: 0, patternId: null }]);
    expect(m.patterns).toEqual([{ id: 'P24', multipliers: [1, 2, 3] }, { id: '1', multipliers: [0.5] }]);
    expect(m.options).toEqual({ patternStepS: 1800, demandMultiplier: 1.5, defaultPatternId: '1', flowUnits: 'LPS' });
  });

  it('uses [OPTIONS] PATTERN as the default, and none when it names no defined pattern', () => {
    const withP = parseInp(tiny({ extra: '[PATTERNS]\n 1 1\n D 2\n[OPTIONS]\n PATTERN D\n[TIMES]\n PATTERN TIMESTEP 2:30\n' }), ORIGIN);
    expect(withP.options.defaultPatternId).toBe('D');
    expect(withP.options.patternStepS).toBe(9000);
    const missing = parseInp(tiny({ extra: '[OPTIONS]\n Pattern 1\n' }), ORIGIN);
    expect(missing.options.defaultPatternId).toBeNull();
  });
});

describe('parseInp rejects what EPANET itself rejects (issue: bad input got written)', () => {
  it('a negative or zero pipe diameter', () => {
    expectImportError(() => parseInp(tiny({ diameter: '-12' }), ORIGIN), /^\[PIPES\] line 13: diameter of pipe "P1" must be positive, got -12/);
    expectImportError(() => parseInp(tiny({ diameter: '0' }), ORIGIN), /^\[PIPES\] line 13: diameter of pipe "P1" must be positive/);
  });
  it('a zero or negative pipe length', () => {
    expectImportError(() => parseInp(tiny({ length: '0' }), ORIGIN), /^\[PIPES\] line 13: length of pipe "P1" must be positive/);
  });
  it('a pipe from a node to itself', () => {
    expectImportError(() => parseInp(tiny().replace(' P2 J1 J2 500', ' P2 J1 J1 500'), ORIGIN), /^\[PIPES\] line 14: pipe "P2" starts and ends at the same node "J1"/);
  });
  it('an unknown section', () => {
    expectImportError(() => parseInp(tiny({ extra: '[PIPEZ]\n P9 J1 J2 1 1 1\n' }), ORIGIN), /^\[PIPEZ\] line 19: .*unknown section \[PIPEZ\]/);
  });
  it('a valve of an unknown type', () => {
    expectImportError(() => parseInp(tiny({ extra: '[VALVES]\n V1 J1 J2 8 XYZ 0\n' }), ORIGIN), /^\[VALVES\] line 20: valve "V1" has unknown type "XYZ"/);
  });
  it('a general-purpose valve whose head-loss curve is not defined', () => {
    expectImportError(() => parseInp(tiny({ extra: '[VALVES]\n V1 J1 J2 8 GPV C9\n' }), ORIGIN), /^\[VALVES\] line 20: valve "V1" refers to undefined curve "C9"/);
  });
  it('a pump with an undefined curve, or with neither curve nor power', () => {
    expectImportError(() => parseInp(tiny({ extra: '[PUMPS]\n PU1 J1 J2 HEAD 7\n' }), ORIGIN), /^\[PUMPS\] line 20: pump "PU1" refers to undefined curve "7"/);
    expectImportError(() => parseInp(tiny({ extra: '[PUMPS]\n PU1 J1 J2 SPEED 1\n' }), ORIGIN), /^\[PUMPS\] line 20: pump "PU1" has neither a head curve \(HEAD\) nor a power rating \(POWER\)/);
    expectImportError(() => parseInp(tiny({ extra: '[PUMPS]\n PU1 J1 J2 POWER 5 PATTERN 9\n' }), ORIGIN), /^\[PUMPS\] line 20: pump "PU1" refers to undefined pattern "9"/);
  });
  it('accepts a pump with a defined curve or a power rating', () => {
    const m = parseInp(tiny({ extra: '[PUMPS]\n PU1 J1 J2 HEAD C1\n PU2 J2 J1 POWER 5\n[CURVES]\n C1 100 50\n' }), ORIGIN);
    expect(m.links.filter((l) => l.kind === 'PUMP').map((l) => l.id)).toEqual(['PU1', 'PU2']);
  });
  it('a tank whose volume curve is not defined', () => {
    expectImportError(() => parseInp(tiny({ extra: '[TANKS]\n T1 10 1 0 5 10 0 VC\n' }), ORIGIN), /^\[TANKS\] line 20: tank "T1" refers to undefined curve "VC"/);
  });
});

describe('parseInp errors name the section and line', () => {
  it('rejects a pipe with an unknown node', () => {
    const text = tiny().replace(' P2 J1 J2 500', ' P2 J1 J99 500');
    const e = expectImportError(() => parseInp(text, ORIGIN), /^\[PIPES\] line 14: pipe "P2" refers to unknown node "J99"/);
    expect(e.line).toBe(14);
    expect(e.section).toBe('PIPES');
  });
  it('rejects a duplicate node id across sections', () => {
    expectImportError(() => parseInp(tiny().replace(' R1 50', ' J2 50'), ORIGIN), /^\[RESERVOIRS\] line 10: duplicate node id "J2" \(already defined in \[JUNCTIONS\] line 7\)/);
  });
  it('rejects a duplicate link id across pipes and pumps', () => {
    const text = tiny({ extra: '[PUMPS]\n P1 J1 J2 HEAD 1\n[CURVES]\n 1 100 50\n' });
    expectImportError(() => parseInp(text, ORIGIN), /^\[PUMPS\] line 20: duplicate link id "P1"/);
  });
  it('rejects unsupported flow units', () => {
    expectImportError(() => parseInp(tiny({ units: 'GPH' }), ORIGIN), /^\[OPTIONS\] line 17: .*unsupported flow units "GPH"/);
  });
  it('rejects malformed numbers', () => {
    expectImportError(() => parseInp(tiny({ length: '1,000' }), ORIGIN), /^\[PIPES\] line 13: malformed number "1,000" for length of pipe "P1"/);
  });
  it('rejects missing required fields', () => {
    expectImportError(() => parseInp(tiny().replace(' P2 J1 J2 500 8 100', ' P2 J1 J2'), ORIGIN), /^\[PIPES\] line 14: pipe "P2" is missing required fields/);
  });
  it('rejects a pattern that is referenced but not defined', () => {
    expectImportError(() => parseInp(tiny().replace(' J2 12 0', ' J2 12 0 NIGHT'), ORIGIN), /^\[JUNCTIONS\] line 7: junction "J2" refers to undefined pattern "NIGHT"/);
  });
  it('rejects a network with no source', () => {
    const text = tiny().replace(' R1 50', '').replace(' P1 R1 J1', ' P1 J2 J1').replace('R1 0 100', '');
    expectImportError(() => parseInp(text, ORIGIN), /no source/);
  });
  it('rejects an empty network', () => {
    expectImportError(() => parseInp('[TITLE]\nnothing\n[OPTIONS]\n Units LPS\n'), /empty network/);
  });
  it('rejects [DEMANDS], [STATUS] and [CONTROLS] for unknown elements', () => {
    expectImportError(() => parseInp(tiny({ extra: '[DEMANDS]\n JX 1\n' }), ORIGIN), /^\[DEMANDS\] line 20: demand refers to unknown node "JX"/);
    expectImportError(() => parseInp(tiny({ extra: '[STATUS]\n PX Closed\n' }), ORIGIN), /^\[STATUS\] line 20: status refers to unknown link "PX"/);
    expectImportError(() => parseInp(tiny({ extra: '[CONTROLS]\n LINK P1 CLOSED IF NODE JX ABOVE 3\n' }), ORIGIN), /^\[CONTROLS\] line 20: .*unknown node "JX"/);
  });
});

describe('parseInp coordinates', () => {
  it('reprojects CGCS2000 Gauss–Krüger (EPSG:4547, CM 114E): x = 500000 is on the central meridian', () => {
    const m = parseInp(tiny({ coords: ' J1 500000 3320113.3978450205\n J2 424653.36321313295 2559026.0760792075\n R1 500000 3000000' }), { crs: 'EPSG:4547' });
    expect(m.nodes[0].coord![0]).toBeCloseTo(114, 9);
    // Independent check: forward Krüger series (Karney 2011, 6th order, GRS80) gave these x/y for
    // 30°N 114°E and for Guangzhou (113.264385E, 23.129112N).
    expect(m.nodes[0].coord![1]).toBeCloseTo(30, 8);
    expect(m.nodes[1].coord![0]).toBeCloseTo(113.264385, 8);
    expect(m.nodes[1].coord![1]).toBeCloseTo(23.129112, 8);
  });

  it('handles zone-prefixed 3° zones (EPSG:4527, zone 39 = CM 117E)', () => {
    const m = parseInp(tiny({ coords: ' J1 39448455.63290484 4420434.7135373615\n J2 39500000 4420000\n R1 39500000 4421000' }), { crs: 'EPSG:4527' });
    expect(m.nodes[0].coord![0]).toBeCloseTo(116.397128, 8);
    expect(m.nodes[0].coord![1]).toBeCloseTo(39.916527, 8);
    expect(m.nodes[1].coord![0]).toBeCloseTo(117, 9);
  });

  it('rejects an unknown CRS', () => {
    expectImportError(() => parseInp(tiny(), { crs: 'EPSG:9999' }), /unsupported CRS "EPSG:9999"/);
  });

  it('places the plane at origin: minimum x/y on the origin, metres east and north', () => {
    const m = parseInp(tiny({ coords: ' J1 1000 2000\n J2 2000 2000\n R1 1000 3000' }), { origin: { lon: 114, lat: 30 } });
    const byId = Object.fromEntries(m.nodes.map((n) => [n.id, n.coord!]));
    expect(byId.J1).toEqual([114, 30]);
    const degEast = ((1000 / (EARTH_RADIUS_M * Math.cos((30 * Math.PI) / 180))) * 180) / Math.PI;
    expect(byId.J2[0] - 114).toBeCloseTo(degEast, 12);
    expect(byId.R1[1] - 30).toBeCloseTo(((1000 / EARTH_RADIUS_M) * 180) / Math.PI, 12);
    const km = parseInp(tiny({ coords: ' J1 1 2\n J2 2 2\n R1 1 3' }), { origin: { lon: 114, lat: 30 }, unitsPerMetre: 0.001 });
    expect(km.nodes[1].coord![0]).toBeCloseTo(byId.J2[0], 12);
  });

  it('keeps lon/lat coordinates, leaves missing ones null, and asks for crs/origin otherwise', () => {
    const ll = parseInp(tiny({ coords: ' J1 114.1 30.1\n R1 114.2 30.1' }));
    expect(ll.nodes.find((n) => n.id === 'J1')!.coord).toEqual([114.1, 30.1]);
    expect(ll.nodes.find((n) => n.id === 'J2')!.coord).toBeNull();
    expectImportError(() => parseInp(readNet('Net1')), /^\[COORDINATES\] line 151: .*give a crs .* or an origin/);
  });
});
