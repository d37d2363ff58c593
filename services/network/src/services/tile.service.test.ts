// TileService over an in-memory engine: the role check, the byte-bounded cache and a version change dropping
// the network's older tiles (the route and the gateway are covered by test/e2e/tiles.e2e.test.ts).
import { engineFromModel } from '../../test/support/engine-from-model';
import type { NetworkModel } from '../domain/model';
import { DEFAULT_TILE_RULES } from '../domain/tiles/network-tiles';
import type { AnalysisService } from './analysis.service';
import { TileService } from './tile.service';

const NET = '0b5c9a4e-3f7d-4c2a-9e51-6a2f0c8d1b3e';
const model: NetworkModel = {
  nodes: [
    { id: 'R', kind: 'RESERVOIR', coord: [116.3, 39.9], demands: [] },
    { id: 'A', kind: 'JUNCTION', coord: [116.31, 39.905], demands: [] },
  ],
  links: [{ id: 'P1', kind: 'PIPE', from: 'R', to: 'A', diameterMm: 400, vertices: [] }],
  valves: [], servicePoints: [], populationAreas: [], patterns: [],
  options: { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'LPS' },
};
const dispatcher = { sub: 'd', name: 'd', roles: ['dispatcher' as const], department: null };

function serviceWith(cacheBytes: number) {
  let version = 1;
  let engine = engineFromModel(model, NET, version);
  const analysis = { engineById: async () => ({ net: { version }, engine }) } as unknown as AnalysisService;
  const svc = new TileService(analysis, { rules: DEFAULT_TILE_RULES, cacheBytes });
  return { svc, bump: () => { version++; engine = engineFromModel(model, NET, version); } };
}
/** The tiles at zoom 14 that P1 crosses (the pipe runs about 850 m east-north-east). */
const z14 = [[NET, '14', '13484', '6208.mvt'], [NET, '14', '13485', '6208.mvt']];

describe('TileService', () => {
  it('refuses a caller without a staff role', async () => {
    const { svc } = serviceWith(1 << 20);
    await expect(svc.tile({ ...dispatcher, roles: [] }, z14[0])).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('serves a tile again from the cache, and drops the network’s tiles when its version changes', async () => {
    const { svc, bump } = serviceWith(1 << 20);
    const first = await svc.tile(dispatcher, z14[0]);
    expect(first.bytes.length).toBeGreaterThan(0);
    expect(first.cached).toBe(false);
    const again = await svc.tile(dispatcher, z14[0]);
    expect(again).toMatchObject({ cached: true, version: 1, etag: first.etag });
    bump();
    const after = await svc.tile(dispatcher, z14[0]);
    expect(after).toMatchObject({ cached: false, version: 2 });
    expect(after.etag).not.toBe(first.etag);
    expect(svc.cacheStats().tiles).toBe(1);
  });

  it('keeps no more bytes than configured, dropping the least recently used tile first', async () => {
    const probe = serviceWith(1 << 20);
    const sizes = await Promise.all(z14.map(async (p) => (await probe.svc.tile(dispatcher, p)).bytes.length));
    const { svc } = serviceWith(Math.max(...sizes) + 1);
    await svc.tile(dispatcher, z14[0]);
    await svc.tile(dispatcher, z14[1]);
    expect(svc.cacheStats().tiles).toBe(1);
    expect(svc.cacheStats().bytes).toBeLessThanOrEqual(Math.max(...sizes) + 1);
    expect((await svc.tile(dispatcher, z14[1])).cached).toBe(true);
    expect((await svc.tile(dispatcher, z14[0])).cached).toBe(false);
  });
});
