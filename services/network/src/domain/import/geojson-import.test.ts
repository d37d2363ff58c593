import * as fs from 'fs';
import * as path from 'path';
import { parseGeoJsonNetwork, haversineM } from './geojson-import';
import { expectImportError } from '../../../test/support/expect-import-error';
import { latticeNetwork } from '../../../bench/geojson-import.bench';

const M = 1 / 111195; // ≈ degrees of latitude per metre
const fc = (...features: any[]) => ({ type: 'FeatureCollection', features });
const feat = (props: Record<string, unknown>, geometry: any) => ({ type: 'Feature', properties: props, geometry });
const pt = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
const line = (...c: number[][]) => ({ type: 'LineString', coordinates: c });
const src = feat({ layer: 'source', id: 'R', sourceKind: 'RESERVOIR' }, pt(114, 30));

describe('parseGeoJsonNetwork snapping', () => {
  it('joins pipe ends to nodes within the tolerance and merges free ends into one new junction', () => {
    const m = parseGeoJsonNetwork(fc(
      src,
      feat({ layer: 'pipe', id: 'P1', diameterMm: 300 }, line([114, 30 + 0.5 * M], [114.001, 30])), // 0.5 m from R
      feat({ layer: 'pipe', id: 'P2' }, line([114.001, 30 + 0.6 * M], [114.002, 30])), // starts 0.6 m from P1's end
      feat({ layer: 'pipe', id: 'P3' }, line([114.001, 30 + 3 * M], [114.001, 30.001])), // 3 m away: its own node
    ));
    const [p1, p2, p3] = m.links;
    expect(p1.from).toBe('R');
    expect(p2.from).toBe(p1.to);
    expect(p3.from).not.toBe(p1.to);
    expect(m.nodes.filter((n) => n.kind === 'JUNCTION')).toHaveLength(4);
    expect(p1.lengthM).toBeCloseTo(haversineM([114, 30 + 0.5 * M], [114.001, 30]), 0);
    expect(p1.diameterMm).toBe(300);
  });

  it('uses explicit from/to ids and a given lengthM', () => {
    const m = parseGeoJsonNetwork([
      fc(src, feat({ layer: 'junction', id: 'J1' }, pt(114.01, 30))),
      fc(feat({ layer: 'pipe', id: 'P1', from: 'R', to: 'J1', lengthM: 900 }, line([114.005, 30.005], [114.006, 30.006]))),
    ]);
    expect(m.links[0]).toMatchObject({ from: 'R', to: 'J1', lengthM: 900 });
    expect(m.nodes).toHaveLength(2);
  });

  it('reprojects with crs (EPSG:4547)', () => {
    const m = parseGeoJsonNetwork(fc(
      feat({ layer: 'source', id: 'R', sourceKind: 'TANK' }, pt(500000, 3320113.3978450205)),
      feat({ layer: 'pipe', id: 'P1' }, line([500000, 3320113.3978450205], [500100, 3320113.3978450205])),
    ), { crs: 'EPSG:4547' });
    expect(m.nodes[0].coord![0]).toBeCloseTo(114, 9);
    expect(m.nodes[0].coord![1]).toBeCloseTo(30, 8);
    expect(m.links[0].from).toBe('R');
    expect(m.links[0].lengthM).toBeCloseTo(100, 0);
  });

  // Scale, not speed: the time is a benchmark figure (npm run bench:network), never a test assertion.
  it('parses a 100k-pipe lattice, merging every jittered end into one node per grid point', () => {
    const text = JSON.stringify(latticeNetwork(100000, { valvesEvery: 10 }));
    const m = parseGeoJsonNetwork(text);
    expect(m.links).toHaveLength(100000);
    expect(m.valves).toHaveLength(10000);
    // Jittered ends (≤ 0.3 m) all merge: a lattice has one node per grid point.
    expect(new Set(m.links.flatMap((l) => [l.from, l.to])).size).toBe(m.nodes.length);
  }, 30000);
});

describe('parseGeoJsonNetwork valves, service points and areas', () => {
  const base = () => [
    src,
    feat({ layer: 'junction', id: 'J1' }, pt(114.001, 30)),
    feat({ layer: 'junction', id: 'J2' }, pt(114.001, 30.001)),
    feat({ layer: 'pipe', id: 'P1', diameterMm: 200 }, line([114, 30], [114.001, 30])),
    feat({ layer: 'pipe', id: 'P2', diameterMm: 150 }, line([114.001, 30], [114.001, 30.001])),
  ];

  it('snaps a valve to the nearest pipe and the nearer end', () => {
    const m = parseGeoJsonNetwork(fc(...base(),
      feat({ layer: 'valve', id: 'V1' }, pt(114.0008, 30 + 2 * M)), // 2 m off P1, near J1
      feat({ layer: 'valve', id: 'V2', state: 'CLOSED', operable: false }, pt(114.001 + 1 * M, 30.0002)), // on P2, near J1
      feat({ layer: 'valve', id: 'V3', linkId: 'P2', diameterMm: 100 }, pt(114.001, 30.0009)),
    ));
    expect(m.valves.map((v) => [v.id, v.linkId, v.nodeId, v.state, v.operable, v.diameterMm])).toEqual([
      ['V1', 'P1', 'J1', 'OPEN', true, 200],
      ['V2', 'P2', 'J1', 'CLOSED', false, 150],
      ['V3', 'P2', 'J2', 'OPEN', true, 100],
    ]);
  });

  it('rejects a valve that is not near any pipe, naming the feature', () => {
    expectImportError(() => parseGeoJsonNetwork(fc(...base(), feat({ layer: 'valve', id: 'V9' }, pt(114.0005, 30 + 6 * M)))),
      /^feature #5 \(valve "V9"\): .*not within 5 m of any pipe/);
  });

  it('attaches service points to the given or the nearest junction', () => {
    const m = parseGeoJsonNetwork(fc(...base(),
      feat({ layer: 'service_point', id: 'S1', households: 10, personsPerHousehold: 3, important: 'hospital', phone: '110' }, pt(114.0012, 30.0009)),
      feat({ layer: 'service_point', id: 'S2', nodeId: 'J1', persons: 4 }, pt(114.0012, 30.0009)),
    ));
    expect(m.servicePoints.map((s) => [s.id, s.nodeId, s.persons, s.important])).toEqual([['S1', 'J2', 30, 'HOSPITAL'], ['S2', 'J1', 4, null]]);
  });

  it('reads the customer type, the vulnerable users and the last inspection date, with their defaults', () => {
    const m = parseGeoJsonNetwork(fc(...base(),
      feat({ layer: 'service_point', id: 'S1', persons: 3, customerType: 'public_building', vulnerability: ['ELDERLY', 'disabled', 'ELDERLY'], lastInspectedOn: '2024-02-29' }, pt(114.001, 30)),
      feat({ layer: 'service_point', id: 'S2', persons: 2, vulnerability: 'SICK, elderly,' }, pt(114.001, 30)),
      feat({ layer: 'service_point', id: 'S3', persons: 2 }, pt(114.001, 30)),
    ));
    expect(m.servicePoints.map((s) => [s.id, s.customerType, s.vulnerability, s.lastInspectedOn])).toEqual([
      ['S1', 'PUBLIC_BUILDING', ['ELDERLY', 'DISABLED'], '2024-02-29'],
      ['S2', 'RESIDENTIAL', ['SICK', 'ELDERLY'], null],
      ['S3', 'RESIDENTIAL', [], null],
    ]);
  });

  it.each([
    ['an unknown customer type', { customerType: 'FARM' }, /^feature #5 \(service_point "S9"\): .*"customerType" must be one of RESIDENTIAL, COMMERCIAL, INDUSTRIAL, PUBLIC_BUILDING, OTHER, got "FARM"/],
    ['a customer type that is not text', { customerType: 3 }, /^feature #5 \(service_point "S9"\): .*"customerType"/],
    ['an unknown vulnerability', { vulnerability: 'ELDERLY,PREGNANT' }, /^feature #5 \(service_point "S9"\): .*"vulnerability" lists "PREGNANT"/],
    ['an empty vulnerability in a list', { vulnerability: ['ELDERLY', ''] }, /^feature #5 \(service_point "S9"\): .*"vulnerability" lists ""/],
    ['a vulnerability that is not text', { vulnerability: true }, /^feature #5 \(service_point "S9"\): .*"vulnerability"/],
    ['a date that is not in the calendar', { lastInspectedOn: '2025-02-29' }, /^feature #5 \(service_point "S9"\): .*"lastInspectedOn" must be a date YYYY-MM-DD, got "2025-02-29"/],
    ['a date in another format', { lastInspectedOn: '2025/03/01' }, /"lastInspectedOn" must be a date YYYY-MM-DD/],
    ['a timestamp instead of a date', { lastInspectedOn: '2025-03-01T08:00:00Z' }, /"lastInspectedOn" must be a date YYYY-MM-DD/],
  ])('rejects %s, naming the service point', (_what, props, pattern) => {
    expectImportError(() => parseGeoJsonNetwork(fc(...base(), feat({ layer: 'service_point', id: 'S9', persons: 1, ...props }, pt(114.001, 30)))), pattern);
  });

  it('keeps population areas and rejects a self-intersecting one with its index', () => {
    const square = [[114, 30], [114.001, 30], [114.001, 30.001], [114, 30.001], [114, 30]];
    const bowtie = [[114, 30], [114.001, 30.001], [114.001, 30], [114, 30.001], [114, 30]];
    const ok = parseGeoJsonNetwork(fc(...base(), feat({ layer: 'population_area', id: 'A1', population: 500, name: '晨光小区' }, { type: 'Polygon', coordinates: [square] })));
    expect(ok.populationAreas).toEqual([{ id: 'A1', name: '晨光小区', population: 500, geometry: { type: 'Polygon', coordinates: [square] } }]);
    expectImportError(() => parseGeoJsonNetwork(fc(...base(), feat({ layer: 'population_area', id: 'A2', population: 5 }, { type: 'Polygon', coordinates: [bowtie] }))),
      /^feature #5 \(population_area "A2"\): .*self-intersecting/);
  });
});

describe('parseGeoJsonNetwork errors', () => {
  it.each([
    ['unknown node in from/to', [src, feat({ layer: 'pipe', id: 'P7', to: 'J99' }, line([114, 30], [114.001, 30]))], /^feature #1 \(pipe "P7"\): pipe "P7" refers to unknown node "J99"/],
    ['duplicate pipe id', [src, feat({ layer: 'pipe', id: 'P1' }, line([114, 30], [114.001, 30])), feat({ layer: 'pipe', id: 'P1' }, line([114.001, 30], [114.002, 30]))], /^feature #2 \(pipe "P1"\): duplicate pipe id/],
    ['duplicate node id', [src, feat({ layer: 'junction', id: 'R' }, pt(114.1, 30))], /^feature #1 \(junction "R"\): duplicate node id/],
    ['no source', [feat({ layer: 'pipe', id: 'P1' }, line([114, 30], [114.001, 30]))], /no source/],
    ['empty', [], /empty network/],
    ['unknown layer', [feat({ layer: 'hydrant', id: 'H1' }, pt(114, 30))], /^feature #0 \("H1"\): unknown or missing "layer" "hydrant"/],
    ['projected coordinates without crs', [feat({ layer: 'source', id: 'R', sourceKind: 'TANK' }, pt(500000, 3320000))], /^feature #0 \(source "R"\): .*not lon\/lat/],
    ['bad sourceKind', [feat({ layer: 'source', id: 'R', sourceKind: 'WELL' }, pt(114, 30))], /sourceKind/],
    ['wrong geometry', [src, feat({ layer: 'pipe', id: 'P1' }, pt(114, 30))], /^feature #1 \(pipe "P1"\): geometry must be LineString or MultiLineString/],
    ['bad number', [src, feat({ layer: 'pipe', id: 'P1', diameterMm: 'big' }, line([114, 30], [114.001, 30]))], /"diameterMm" is not a number/],
    ['service point without persons', [src, feat({ layer: 'service_point', id: 'S1', nodeId: 'R' }, pt(114, 30))], /needs "persons"/],
  ])('%s', (_what, features, pattern) => {
    expectImportError(() => parseGeoJsonNetwork(fc(...(features as any[]))), pattern as RegExp);
  });

  it('names the collection when an array is given, and rejects bad JSON', () => {
    expectImportError(() => parseGeoJsonNetwork([fc(src), fc(feat({ layer: 'pipe', id: 'P1', from: 'X' }, line([114, 30], [114.1, 30])))]), /^collection #1 feature #0 \(pipe "P1"\)/);
    expectImportError(() => parseGeoJsonNetwork('{"type":'), /invalid JSON/);
  });
});

describe('the example file', () => {
  it('imports services/network/examples/small-network.geojson', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../../examples/small-network.geojson'), 'utf8');
    const m = parseGeoJsonNetwork(text);
    expect(m.links.map((l) => l.id)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(m.links.find((l) => l.id === 'P1')).toMatchObject({ from: 'WTP1', to: 'J1' });
    expect(m.valves.map((v) => `${v.id}:${v.linkId}@${v.nodeId}`)).toEqual(['V1:P3@J1', 'V2:P2@J-auto-1', 'V3:P4@J-auto-2']);
    expect(m.servicePoints.map((s) => s.persons)).toEqual([800, 336]);
  });
});

describe('heat and gas networks', () => {
  const gate = feat({ layer: 'source', id: 'G', sourceKind: 'gate_station' }, pt(114, 30));
  const hs = feat({ layer: 'source', id: 'HS', sourceKind: 'HEAT_SOURCE' }, pt(114, 30));
  const sub = feat({ layer: 'source', id: 'SUB', sourceKind: 'SUBSTATION' }, pt(114.003, 30));

  it('takes gate and regulator stations as gas sources and keeps the pipes’ pressure class', () => {
    const m = parseGeoJsonNetwork(fc(
      gate,
      feat({ layer: 'source', id: 'REG', sourceKind: 'REGULATOR' }, pt(114.002, 30)),
      feat({ layer: 'pipe', id: 'P1', pressureLevel: 'sub_high' }, line([114, 30], [114.001, 30])),
      feat({ layer: 'pipe', id: 'P2' }, line([114.001, 30], [114.002, 30])),
    ), { utility: 'GAS' });
    expect(m.nodes.filter((n) => n.kind !== 'JUNCTION').map((n) => [n.id, n.kind])).toEqual([['G', 'GATE_STATION'], ['REG', 'REGULATOR']]);
    expect(m.links.map((l) => [l.id, l.pressureLevel, l.circuit])).toEqual([['P1', 'SUB_HIGH', null], ['P2', null, null]]);
  });

  it.each([
    ['a reservoir in a gas network', 'GAS', [feat({ layer: 'source', id: 'R', sourceKind: 'RESERVOIR' }, pt(114, 30))], /^feature #0 \(source "R"\): .*"sourceKind" of a GAS network must be GATE_STATION or REGULATOR, got "RESERVOIR"/],
    ['a gate station in a water network', 'WATER', [gate], /"sourceKind" of a WATER network must be RESERVOIR, TANK or PLANT, got "gate_station"/],
    ['a water plant in a heat network', 'HEAT', [feat({ layer: 'source', id: 'W', sourceKind: 'PLANT' }, pt(114, 30))], /"sourceKind" of a HEAT network must be HEAT_SOURCE or SUBSTATION/],
    ['an unknown pressure class', 'GAS', [gate, feat({ layer: 'pipe', id: 'P1', pressureLevel: 'ULTRA' }, line([114, 30], [114.001, 30]))], /^feature #1 \(pipe "P1"\): "pressureLevel" must be LOW, MEDIUM, SUB_HIGH or HIGH, got "ULTRA"/],
    ['a pressure class on a water pipe', 'WATER', [src, feat({ layer: 'pipe', id: 'P1', pressureLevel: 'LOW' }, line([114, 30], [114.001, 30]))], /^feature #1 \(pipe "P1"\): "pressureLevel" is an attribute of gas pipes, not of a WATER network/],
    ['a circuit on a gas pipe', 'GAS', [gate, feat({ layer: 'pipe', id: 'P1', circuit: 'SUPPLY' }, line([114, 30], [114.001, 30]))], /"circuit" is an attribute of heat networks drawn as two lines, not of a GAS network/],
    ['an unknown circuit', 'HEAT', [hs, feat({ layer: 'pipe', id: 'P1', circuit: 'FLOW' }, line([114, 30], [114.001, 30]))], /"circuit" must be SUPPLY or RETURN, got "FLOW"/],
    ['no source of the kind', 'HEAT', [feat({ layer: 'pipe', id: 'P1' }, line([114, 30], [114.001, 30]))], /管网没有热源 .*sourceKind HEAT_SOURCE or SUBSTATION/],
  ] as const)('rejects %s, naming the feature', (_what, utility, features, pattern) => {
    expectImportError(() => parseGeoJsonNetwork(fc(...features), { utility }), pattern);
  });

  describe('drawn as two lines', () => {
    // HS → a1 → a2 supply, a2' ← b1 ← HS return, on two parallel streets 10 m apart; SUB closes both lines.
    const d = 10 * M;
    const lines = () => [
      hs, sub,
      feat({ layer: 'pipe', id: 'S1', circuit: 'SUPPLY' }, line([114, 30], [114.001, 30 + d], [114.002, 30 + d])),
      feat({ layer: 'pipe', id: 'S2', circuit: 'supply' }, line([114.002, 30 + d], [114.003, 30])),
      feat({ layer: 'pipe', id: 'R1', circuit: 'RETURN' }, line([114, 30], [114.001, 30 - d], [114.002, 30 - d])),
      feat({ layer: 'pipe', id: 'R2', circuit: 'RETURN' }, line([114.002, 30 - d], [114.003, 30])),
    ];

    it('attaches a customer to the nearest junction of each line, or to the nodes it names', () => {
      const m = parseGeoJsonNetwork(fc(...lines(),
        feat({ layer: 'service_point', id: 'C1', persons: 3 }, pt(114.002, 30 - 0.5 * d)), // nearer the return junction
        feat({ layer: 'service_point', id: 'C2', persons: 3, nodeId: 'SUB', returnNodeId: 'SUB' }, pt(114.003, 30)),
      ), { utility: 'HEAT' });
      const s1 = m.links.find((l) => l.id === 'S1')!, r1 = m.links.find((l) => l.id === 'R1')!;
      expect(m.servicePoints.map((s) => [s.id, s.nodeId, s.returnNodeId])).toEqual([['C1', s1.to, r1.to], ['C2', 'SUB', 'SUB']]);
      expect(m.links.map((l) => l.circuit)).toEqual(['SUPPLY', 'SUPPLY', 'RETURN', 'RETURN']);
    });

    it.each([
      ['a pipe without a circuit', () => [...lines(), feat({ layer: 'pipe', id: 'X', from: 'HS', to: 'SUB' }, line([114, 30], [114.003, 30]))], /^feature #6 \(pipe "X"\): .*pipe "X" has no "circuit"/],
      ['a junction on both lines', () => [...lines(), feat({ layer: 'pipe', id: 'X', circuit: 'RETURN' }, line([114.002, 30 + d], [114.002, 30 - d]))],
        /^feature #6 \(pipe "X"\): .*pipe "X" on the RETURN line ends at junction "J-auto-1" of the SUPPLY line: the two lines meet only at a heat source or substation/],
      ['a customer supplied from the return line', () => {
        const ls = lines();
        return [...ls, feat({ layer: 'junction', id: 'JR' }, pt(114.001, 30 - 5 * d)), feat({ layer: 'pipe', id: 'R3', circuit: 'RETURN', from: 'JR', to: 'HS' }, line([114.001, 30 - 5 * d], [114, 30])),
          feat({ layer: 'service_point', id: 'C9', persons: 1, nodeId: 'JR' }, pt(114.001, 30 - 5 * d))];
      }, /^feature #8 \(service_point "C9"\): .*names node "JR" in "nodeId", which is not on the supply line/],
      ['a return node on the supply line', () => [...lines(), feat({ layer: 'service_point', id: 'C9', persons: 1, returnNodeId: 'J-auto-1' }, pt(114.002, 30))],
        /^feature #6 \(service_point "C9"\): .*names node "J-auto-1" in "returnNodeId", which is not on the return line/],
    ])('rejects %s', (_what, features, pattern) => {
      expectImportError(() => parseGeoJsonNetwork(fc(...features()), { utility: 'HEAT' }), pattern);
    });

    it('refuses a return node on a network drawn as one line', () => {
      expectImportError(() => parseGeoJsonNetwork(fc(hs, feat({ layer: 'pipe', id: 'P1' }, line([114, 30], [114.001, 30])),
        feat({ layer: 'service_point', id: 'C1', persons: 1, returnNodeId: 'HS' }, pt(114.001, 30))), { utility: 'HEAT' }),
      /^feature #2 \(service_point "C1"\): "returnNodeId" belongs to heat networks drawn as two lines/);
    });
  });
});
