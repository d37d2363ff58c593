// What a dispatcher does with the network through the gateway: import a model (projected or placed
// at an origin), plan an isolation by pipe id and by clicking the map, see a valid outage polygon
// covering what loses water, and see the regulator rule flip at the threshold.
import fs from 'node:fs';
import path from 'node:path';
import * as turf from '@turf/turf';
import { goldenInp } from '@mainline/network/test/golden';
import { E2EStack, startE2EStack } from '../support/e2e-stack';

const FIX = path.join(__dirname, '..', 'fixtures');
const TOWN = require.resolve('@mainline/infra/demo/yuncheng-town.geojson');
const IMPORT = `mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id name pipeCount nodeCount valveCount totalPopulation } }`;
const PLAN = `query($n: ID!, $p: [ID!], $pt: LonLatInput, $bad: [ID!]) {
  isolationPlan(networkId: $n, pipeIds: $p, point: $pt, inoperableValveIds: $bad) {
    valvesToClose { id } skippedValves { id } growth { nodes pipes population }
    segmentPipeIds affectedPipeIds affectedNodeIds unsuppliedNodeIds population unsuppliedPopulation
    requiresRegulatorApproval threshold area areaNames importantUsers { id kind name } } }`;

describe('network: import, isolation, outage area, regulator rule', () => {
  let s: E2EStack;
  let dispatcher: string;
  let tinyId: string;
  beforeAll(async () => {
    s = await startE2EStack('network');
    dispatcher = s.token('dispatcher', 'NETWORK');
    const r = await s.gql(IMPORT, { i: { name: 'tiny', format: 'GEOJSON', content: fs.readFileSync(TOWN, 'utf8') } }, dispatcher);
    expect(r.body.errors).toBeUndefined();
    tinyId = r.body.data.importNetwork.id;
  });
  afterAll(() => s?.stop());

  it('imports an .inp in a projected CRS (CGCS2000 Gauss–Krüger) and keeps the file ids', async () => {
    const r = await s.gql(IMPORT, { i: { name: 'sz-block', format: 'EPANET_INP', crs: 'EPSG:4547', content: fs.readFileSync(path.join(FIX, 'shenzhen-block.epsg4547.inp'), 'utf8') } }, dispatcher);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.importNetwork).toMatchObject({ pipeCount: 5, nodeCount: 5, valveCount: 0 });
    const nodes = await s.gql('query($n: ID!) { nodes(networkId: $n, ids: ["R1", "J3"]) { id lon lat } }', { n: r.body.data.importNetwork.id }, dispatcher);
    const byId = Object.fromEntries(nodes.body.data.nodes.map((n: any) => [n.id, n]));
    expect(byId.R1.lon).toBeCloseTo(114.05, 5);
    expect(byId.R1.lat).toBeCloseTo(22.55, 5);
    expect(byId.J3.lon).toBeCloseTo(114.054, 5);
    expect(byId.J3.lat).toBeCloseTo(22.552, 5);
  });

  it('imports Net1 placed at an origin, with a generated strategic valve layer', async () => {
    const r = await s.gql(IMPORT, {
      i: { name: 'net1', format: 'EPANET_INP', content: goldenInp('Net1'), origin: { lon: 112.04, lat: 22.93 }, valveLayer: { strategy: 'STRATEGIC', n: 1, seed: 7 } },
    }, dispatcher);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.importNetwork).toMatchObject({ pipeCount: 13, nodeCount: 11 });
    expect(r.body.data.importNetwork.valveCount).toBeGreaterThan(0);
    const again = await s.gql(IMPORT, {
      i: { name: 'net1-again', format: 'EPANET_INP', content: goldenInp('Net1'), origin: { lon: 112.04, lat: 22.93 }, valveLayer: { strategy: 'STRATEGIC', n: 1, seed: 7 } },
    }, dispatcher);
    expect(again.body.data.importNetwork.valveCount).toBe(r.body.data.importNetwork.valveCount);
  });

  it('plans an isolation by pipe id: valves, segment, cut-off part, people, important users, polygon', async () => {
    // PH00 has its valve at J00, so it belongs to the column of J10–J12 (valves on PH0x and PH1x bound it).
    const r = await s.gql(PLAN, { n: tinyId, p: ['PH00'] }, dispatcher);
    expect(r.body.errors).toBeUndefined();
    const plan = r.body.data.isolationPlan;
    expect(plan.valvesToClose.map((v: any) => v.id).sort()).toEqual(['V-H00', 'V-H01', 'V-H02', 'V-H10', 'V-H11', 'V-H12']);
    expect(plan.segmentPipeIds.sort()).toEqual(['PH00', 'PH01', 'PH02', 'PV10', 'PV11']);
    // Columns 2 and 3 are fed only through column 1: cut off too; the segment holds no source, so it is unsupplied as well.
    expect(plan.unsuppliedNodeIds.sort()).toEqual(['J10', 'J11', 'J12', 'J20', 'J21', 'J22', 'J30', 'J31', 'J32']);
    expect(plan.affectedNodeIds.sort()).toEqual(['J10', 'J11', 'J12', 'J20', 'J21', 'J22', 'J30', 'J31', 'J32']);
    // Geometry: a valid polygon covering every affected pipe.
    const area = plan.area;
    expect(['Polygon', 'MultiPolygon']).toContain(area.geometry.type);
    expect(turf.kinks(area as any).features).toHaveLength(0);
    const geo = JSON.parse(fs.readFileSync(TOWN, 'utf8'));
    const pipeGeom = new Map<string, number[][]>(geo.features.filter((f: any) => f.properties.layer === 'pipe').map((f: any) => [f.properties.id, f.geometry.coordinates]));
    expect(plan.affectedPipeIds.length).toBeGreaterThan(0);
    for (const id of plan.affectedPipeIds) {
      const c = pipeGeom.get(id)!;
      for (const p of c) expect(turf.booleanPointInPolygon(p, area)).toBe(true);
      expect(turf.booleanPointInPolygon([(c[0][0] + c[1][0]) / 2, (c[0][1] + c[1][1]) / 2], area)).toBe(true);
    }
  });

  it('costs what it asks for: a lean selection gets no polygon, the same plan with `area` (through a fragment) gets it', async () => {
    const lean = await s.gql(`query($n: ID!) { isolationPlan(networkId: $n, pipeIds: ["PH00"]) { population requiresRegulatorApproval } }`, { n: tinyId }, dispatcher);
    expect(lean.body.errors).toBeUndefined();
    expect(Object.keys(lean.body.data.isolationPlan).sort()).toEqual(['population', 'requiresRegulatorApproval']);
    const full = await s.gql(`query($n: ID!) { isolationPlan(networkId: $n, pipeIds: ["PH00"]) { population ...Where } }
      fragment Where on OutageImpact { area areaNames }`, { n: tinyId }, dispatcher);
    expect(full.body.errors).toBeUndefined();
    expect(full.body.data.isolationPlan.population).toBe(lean.body.data.isolationPlan.population);
    expect(['Polygon', 'MultiPolygon']).toContain(full.body.data.isolationPlan.area.geometry.type);
    expect(full.body.data.isolationPlan.areaNames.length).toBeGreaterThan(0);
  });

  it('picks the nearest pipe when the dispatcher clicks the map', async () => {
    const geo = JSON.parse(fs.readFileSync(TOWN, 'utf8'));
    const pv11 = geo.features.find((f: any) => f.properties.id === 'PV11').geometry.coordinates;
    const click = { lon: (pv11[0][0] + pv11[1][0]) / 2 + 0.00005, lat: (pv11[0][1] + pv11[1][1]) / 2 };
    const byPoint = await s.gql(PLAN, { n: tinyId, pt: click }, dispatcher);
    const byId = await s.gql(PLAN, { n: tinyId, p: ['PV11'] }, dispatcher);
    expect(byPoint.body.errors).toBeUndefined();
    expect(byPoint.body.data.isolationPlan.segmentPipeIds).toContain('PV11');
    expect(byPoint.body.data.isolationPlan.affectedNodeIds.sort()).toEqual(byId.body.data.isolationPlan.affectedNodeIds.sort());
  });

  it('flips requiresRegulatorApproval above the threshold (5,000 people)', async () => {
    const whole = (await s.gql(PLAN, { n: tinyId, p: ['P-R1'] }, dispatcher)).body.data.isolationPlan;
    const small = (await s.gql(PLAN, { n: tinyId, p: ['PH21'] }, dispatcher)).body.data.isolationPlan;
    expect(whole.threshold).toBe(5000);
    expect(whole.population).toBe(8960);
    expect(whole.requiresRegulatorApproval).toBe(true);
    expect(whole.importantUsers.map((u: any) => u.kind).sort()).toEqual(['HOSPITAL', 'SCHOOL']);
    expect(whole.importantUsers.find((u: any) => u.kind === 'HOSPITAL').name).toBe('市人民医院');
    // PH21 belongs to the last column only (its valves sit on the column-2 side).
    expect(small.affectedNodeIds.sort()).toEqual(['J30', 'J31', 'J32']);
    expect(small.population).toBeLessThanOrEqual(5000);
    expect(small.requiresRegulatorApproval).toBe(false);
  });

  it('goes past a seized valve and says how much the outage grew', async () => {
    const normal = (await s.gql(PLAN, { n: tinyId, p: ['PH11'] }, dispatcher)).body.data.isolationPlan;
    const seized = normal.valvesToClose[0].id;
    const grown = (await s.gql(PLAN, { n: tinyId, p: ['PH11'], bad: [seized] }, dispatcher)).body.data.isolationPlan;
    expect(grown.skippedValves.map((v: any) => v.id)).toContain(seized);
    expect(grown.valvesToClose.map((v: any) => v.id)).not.toContain(seized);
    expect(grown.growth.population).toBe(grown.population - normal.population);
    expect(grown.affectedNodeIds.length).toBeGreaterThanOrEqual(normal.affectedNodeIds.length);
  });

  it('plans around a valve reported seized, and shows pipes inside a map viewport', async () => {
    const before = (await s.gql(PLAN, { n: tinyId, p: ['PH11'] }, dispatcher)).body.data.isolationPlan;
    const valveId = before.valvesToClose[0].id;
    const upd = await s.gql('mutation($n: ID!, $v: ID!) { updateValve(networkId: $n, valveId: $v, operable: false) { id operable } }', { n: tinyId, v: valveId }, dispatcher);
    expect(upd.body.data.updateValve).toEqual({ id: valveId, operable: false });
    const after = (await s.gql(PLAN, { n: tinyId, p: ['PH11'] }, dispatcher)).body.data.isolationPlan;
    expect(after.skippedValves.map((v: any) => v.id)).toContain(valveId);
    await s.gql('mutation($n: ID!, $v: ID!) { updateValve(networkId: $n, valveId: $v, operable: true) { id } }', { n: tinyId, v: valveId }, dispatcher);
    const box = { minLon: 112.0399, minLat: 22.9299, maxLon: 112.0416, maxLat: 22.9301 };
    const r = await s.gql('query($n: ID!, $b: BBoxInput!) { pipesInBox(networkId: $n, box: $b) { id geometry } }', { n: tinyId, b: box }, s.token('agent', 'CALL_CENTER'));
    // The box reaches from just west of J00 to just past J10: every pipe with an end in it.
    expect(r.body.data.pipesInBox.map((p: any) => p.id).sort()).toEqual(['P-R1', 'PH00', 'PH10', 'PV00', 'PV10']);
    expect(r.body.data.pipesInBox.find((p: any) => p.id === 'PH00').geometry).toEqual({ type: 'LineString', coordinates: [[112.04, 22.93], [112.0415, 22.93]] });
    const valves = await s.gql('query($n: ID!, $b: BBoxInput!) { valvesInBox(networkId: $n, box: $b) { id linkId nodeId } }', { n: tinyId, b: box }, dispatcher);
    // The feed valve just west of J00, the valves on the streets east of J00 and J10 (5 % along the pipe).
    expect(valves.body.data.valvesInBox.map((v: any) => v.id)).toEqual(['V-H00', 'V-H10', 'V-R1']);
    const hospitalBox = { minLon: 112.0431, minLat: 22.9314, maxLon: 112.0434, maxLat: 22.9316 };
    const sps = await s.gql('query($n: ID!, $b: BBoxInput!) { servicePointsInBox(networkId: $n, box: $b) { id important persons } }', { n: tinyId, b: hospitalBox }, dispatcher);
    expect(sps.body.data.servicePointsInBox).toEqual([{ id: 'SP-HOSP', important: 'HOSPITAL', persons: 800 }]);
  });

  it('rejects a bad file with a clear error and leaves nothing behind', async () => {
    const before = (await s.gql('{ networks { id } }', {}, dispatcher)).body.data.networks.length;
    const bad = goldenInp('Net1').replace(/^(\s*11\s+)11(\s+12\s)/m, '$1J99$2');
    const r = await s.gql(IMPORT, { i: { name: 'bad-net1', format: 'EPANET_INP', content: bad, origin: { lon: 112, lat: 23 } } }, dispatcher);
    expect(r.body.errors?.[0].extensions?.code).toBe('INVALID_INPUT');
    expect(r.body.errors?.[0].message).toMatch(/\[PIPES\] line \d+: .*"J99"/);
    const badValve = await s.gql(IMPORT, {
      i: { name: 'bad-valve', format: 'EPANET_INP', content: goldenInp('Net1'), origin: { lon: 112, lat: 23 }, valves: [{ id: 'V1', linkId: '10', nodeId: '23' }] },
    }, dispatcher);
    expect(badValve.body.errors?.[0].message).toMatch(/valves\[0\] \("V1"\): node "23" is not an end of link "10"/);
    const after = (await s.gql('{ networks { id } }', {}, dispatcher)).body.data.networks.length;
    expect(after).toBe(before);
  });

  it('keeps the utility kind of a network and pages through its service points with their attributes', async () => {
    const town = JSON.parse(fs.readFileSync(TOWN, 'utf8'));
    for (const f of town.features) {
      if (f.properties.id === 'SP1') Object.assign(f.properties, { customerType: 'commercial', vulnerability: 'ELDERLY,DISABLED', lastInspectedOn: '2025-10-08' });
      if (f.properties.layer === 'source') f.properties.sourceKind = 'GATE_STATION';
    }
    const gas = await s.gql(`mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id utility } }`,
      { i: { name: 'gas-town', format: 'GEOJSON', content: JSON.stringify(town), utility: 'GAS' } }, dispatcher);
    expect(gas.body.errors).toBeUndefined();
    expect(gas.body.data.importNetwork.utility).toBe('GAS');
    expect((await s.gql('query($n: ID!) { network(id: $n) { utility } }', { n: tinyId }, dispatcher)).body.data.network.utility).toBe('WATER');

    const PAGE = `query($n: ID!, $a: String) { servicePointsOfNetwork(networkId: $n, first: 5, after: $a) {
      items { id customerType vulnerability lastInspectedOn } nextCursor } }`;
    const inspector = s.token('department', 'NETWORK');
    const ids: string[] = [];
    let after: string | null = null;
    const all: any[] = [];
    do {
      const r: any = await s.gql(PAGE, { n: gas.body.data.importNetwork.id, a: after }, inspector);
      expect(r.body.errors).toBeUndefined();
      all.push(...r.body.data.servicePointsOfNetwork.items);
      ids.push(...r.body.data.servicePointsOfNetwork.items.map((x: any) => x.id));
      after = r.body.data.servicePointsOfNetwork.nextCursor;
    } while (after);
    const expected = town.features.filter((f: any) => f.properties.layer === 'service_point').map((f: any) => f.properties.id).sort();
    expect(ids).toEqual(expected);
    expect(all.find((x) => x.id === 'SP1')).toEqual({ id: 'SP1', customerType: 'COMMERCIAL', vulnerability: ['ELDERLY', 'DISABLED'], lastInspectedOn: '2025-10-08' });
    expect(all.find((x) => x.id === 'SP2')).toMatchObject({ customerType: 'RESIDENTIAL', vulnerability: [], lastInspectedOn: null });

    const bad = await s.gql(PAGE, { n: tinyId, a: 'not-a-cursor' }, inspector);
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'after' });
  });

  it('lets only planners import: a department user is FORBIDDEN, every role may read', async () => {
    const r = await s.gql(IMPORT, { i: { name: 'x', format: 'GEOJSON', content: '{}' } }, s.token('department', 'NETWORK'));
    expect(r.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const read = await s.gql('query($n: ID!) { network(id: $n) { name totalPopulation } }', { n: tinyId }, s.token('notice-system'));
    expect(read.body.data.network).toEqual({ name: 'tiny', totalPopulation: 8960 });
  });
});
