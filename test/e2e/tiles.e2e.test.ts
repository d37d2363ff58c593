// The network's vector tiles through the real gateway and network service: the caller's token and role, the
// 400s naming the bad part, 404 for an unknown network, 204 for an empty tile, a tile that holds what
// pipesInBox answers for its box, and a valve change showing in the next tile (the cache follows the version).
import fs from 'node:fs';
import * as turf from '@turf/turf';
import { decodeTile } from '@mainline/network/test/support/decode-tile';
import { E2EStack, startE2EStack } from '../support/e2e-stack';

const TOWN = require.resolve('@mainline/infra/demo/yuncheng-town.geojson');

/** The XYZ tile holding a lon/lat at zoom z, and a tile's lon/lat box. */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n) };
}
function boxOf(t: { z: number; x: number; y: number }) {
  const n = 2 ** t.z;
  const lat = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return { minLon: (t.x / n) * 360 - 180, maxLon: ((t.x + 1) / n) * 360 - 180, minLat: lat(t.y + 1), maxLat: lat(t.y) };
}

describe('network tiles through the gateway', () => {
  let s: E2EStack;
  let base: string;
  let dispatcher: string;
  let networkId: string;
  const get = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const tileOf = async (t: { z: number; x: number; y: number }, token = dispatcher) => {
    const r = await get(`/tiles/${networkId}/${t.z}/${t.x}/${t.y}.mvt`, token);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    return { layers: decodeTile(new Uint8Array(await r.arrayBuffer()), t.z, t.x, t.y), cache: r.headers.get('x-tile-cache') };
  };

  beforeAll(async () => {
    s = await startE2EStack('tiles');
    base = s.gatewayUrl.replace(/\/graphql$/, '');
    dispatcher = s.token('dispatcher', 'NETWORK');
    networkId = (await s.ok('mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id } }', { i: { name: '云城镇', format: 'GEOJSON', content: fs.readFileSync(TOWN, 'utf8') } }, dispatcher)).importNetwork.id;
  });
  afterAll(() => s?.stop());

  it('needs a token and a staff role', async () => {
    const path = `/tiles/${networkId}/14/0/0.mvt`;
    const anonymous = await get(path);
    expect(anonymous.status).toBe(401);
    expect((await get(path, 'not-a-token')).status).toBe(401);
    const noRole = await get(path, s.token([], undefined, 'nobody'));
    expect(noRole.status).toBe(403);
    expect(((await noRole.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/^无权查看管网地图/) });
    expect((await get(path, s.token('agent', 'CALL_CENTER'))).status).not.toBe(403);
  });

  it('answers a bad path with 400 naming the part, an unknown network with 404', async () => {
    const cases: Array<[string, string]> = [
      ['/tiles/not-a-uuid/14/1/1.mvt', 'networkId'],
      [`/tiles/${networkId}/19/0/0.mvt`, 'z'],
      [`/tiles/${networkId}/x/0/0.mvt`, 'z'],
      [`/tiles/${networkId}/2/4/0.mvt`, 'x'],
      [`/tiles/${networkId}/2/0/9.mvt`, 'y'],
      [`/tiles/${networkId}/2/0/0.png`, 'y'],
      [`/tiles/${networkId}/2/0`, 'path'],
    ];
    for (const [path, argument] of cases) {
      const r = await get(path, dispatcher);
      expect([path, r.status]).toEqual([path, 400]);
      const e = ((await r.json()) as any).errors[0];
      expect(e.extensions).toEqual({ code: 'INVALID_INPUT', argument });
      expect(e.message).toMatch(new RegExp(`^参数 ${argument} 无效：`));
    }
    const unknown = await get('/tiles/0b5c9a4e-3f7d-4c2a-9e51-6a2f0c8d1b3e/14/0/0.mvt', dispatcher);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('a z18 tile holds every pipe pipesInBox gives for its box, with ids the map can plan from', async () => {
    const all = (await s.ok('query($n: ID!, $b: BBoxInput!) { pipesInBox(networkId: $n, box: $b, limit: 5000) { id diameterMm geometry } }',
      { n: networkId, b: { minLon: -180, minLat: -85, maxLon: 180, maxLat: 85 } }, dispatcher)).pipesInBox;
    const pipe = all[0];
    const [a, b] = pipe.geometry.coordinates;
    const t = tileAt((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, 18);
    const box = boxOf(t);
    const inBox = (await s.ok('query($n: ID!, $b: BBoxInput!) { pipesInBox(networkId: $n, box: $b, limit: 5000) { id diameterMm geometry } }', { n: networkId, b: box }, dispatcher)).pipesInBox;
    expect(inBox.map((p: { id: string }) => p.id)).toContain(pipe.id);
    const square = turf.bboxPolygon([box.minLon, box.minLat, box.maxLon, box.maxLat]);
    // A pipe's extent may meet the box while its line passes by (a diagonal): the tile draws lines, not extents.
    const crossing = inBox.filter((p: { geometry: any }) => turf.booleanIntersects(turf.feature(p.geometry), square)).map((p: { id: string }) => p.id);
    const { layers } = await tileOf(t);
    const drawn = layers.pipes.features.map((f) => f.properties.id);
    for (const id of crossing) expect(drawn).toContain(id);
    const f = layers.pipes.features.find((x) => x.properties.id === pipe.id)!;
    expect(f.properties.diameterMm).toBe(pipe.diameterMm ?? undefined);
    // Where the map draws it: each drawn vertex on the pipe's own line, within a few centimetres.
    const line = turf.lineString(pipe.geometry.coordinates);
    for (const c of f.geometry.coordinates as number[][]) expect(turf.pointToLineDistance(turf.point(c), line, { units: 'meters' })).toBeLessThan(0.1);
  });

  it('an empty tile is 204', async () => {
    const t = tileAt(10, 50, 14);
    expect((await get(`/tiles/${networkId}/${t.z}/${t.x}/${t.y}.mvt`, dispatcher)).status).toBe(204);
  });

  it('a valve marked inoperable is drawn so in the next tile: the version change drops the cached tiles', async () => {
    const v = (await s.ok('query($n: ID!, $ids: [ID!]!) { valves(networkId: $n, ids: $ids) { id lon lat operable } }', { n: networkId, ids: ['V-R1'] }, dispatcher)).valves[0];
    expect(v.operable).toBe(true);
    const t = tileAt(v.lon, v.lat, 17);
    const first = await tileOf(t);
    expect(first.layers.valves.features.find((f) => f.properties.id === 'V-R1')?.properties.operable).toBe(true);
    expect((await tileOf(t)).cache).toBe('hit');
    await s.ok('mutation($n: ID!, $v: ID!) { updateValve(networkId: $n, valveId: $v, operable: false) { id } }', { n: networkId, v: 'V-R1' }, dispatcher);
    const after = await tileOf(t);
    expect(after.cache).toBe('miss');
    expect(after.layers.valves.features.find((f) => f.properties.id === 'V-R1')?.properties.operable).toBe(false);
  });
});
