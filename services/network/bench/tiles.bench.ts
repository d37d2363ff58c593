// Vector tile figures at city scale: `npm run bench:tiles` (one JSON line per figure). A synthetic 1M-pipe city
// (the generator bench:network uses, households as customers, 1 % of them important users) in one engine;
// tiles over a zoom mix z10–z18 centred on random nodes, built cold (first request) and then served from the
// cache, each tile decoded with @mapbox/vector-tile and its features checked against a linear scan of the model.
import { engineFromModel } from '../test/support/engine-from-model';
import { decodeTile } from '../test/support/decode-tile';
import type { NetworkEngine } from '../src/domain/analysis/engine';
import { DEFAULT_TILE_RULES, minDiameterAt, type TileRules } from '../src/domain/tiles/network-tiles';
import type { TileAddress } from '../src/domain/tiles/tile-geometry';
import { TileService } from '../src/services/tile.service';
import type { AnalysisService } from '../src/services/analysis.service';
import { generateCity, seededRandom } from './synthetic';

const PIPES = Number(process.argv[2] ?? 1_000_000);
const TILES = Number(process.env.BENCH_TILES ?? 1000);
/** Share of requests per zoom while someone browses the city (more street level than overview). */
const ZOOM_MIX: Array<[number, number]> = [[10, 0.05], [11, 0.05], [12, 0.1], [13, 0.1], [14, 0.15], [15, 0.15], [16, 0.15], [17, 0.15], [18, 0.1]];
const NETWORK = '00000000-0000-4000-8000-00000000b1e5';

const out = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');
const mb = (b: number) => Math.round(b / 1048576);
const round = (x: number) => Math.round(x * 1000) / 1000;
const gc = () => (global as any).gc?.();
function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(s[s.length - 1]), n: s.length };
}
function fail(what: string): never {
  console.error(`bench answer check failed: ${what}`);
  process.exit(1);
}

/** World Mercator coordinates in [0, 1) of every node, valve and customer, for the reference scans. */
function mercator(lon: Float64Array, lat: Float64Array) {
  const x = new Float64Array(lon.length), y = new Float64Array(lon.length);
  for (let i = 0; i < lon.length; i++) {
    const phi = (lat[i] * Math.PI) / 180;
    x[i] = (lon[i] + 180) / 360;
    y[i] = 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
  }
  return { x, y };
}

/** Does segment a–b meet the box [lo, hi]²? Box overlap, then the box's corners not all on one side of the line. */
function segmentMeetsBox(ax: number, ay: number, bx: number, by: number, lo: number, hi: number): boolean {
  if (Math.max(ax, bx) < lo || Math.min(ax, bx) > hi || Math.max(ay, by) < lo || Math.min(ay, by) > hi) return false;
  const side = (px: number, py: number) => Math.sign((bx - ax) * (py - ay) - (by - ay) * (px - ax));
  const s = [side(lo, lo), side(lo, hi), side(hi, lo), side(hi, hi)];
  return !(s.every((v) => v > 0) || s.every((v) => v < 0));
}

/**
 * What the model says a tile must hold: pipes of the zoom's diameter class whose line meets the tile (must be
 * drawn) or its buffer (may be drawn), valves and customers inside tile plus buffer.
 */
function reference(engine: NetworkEngine, m: ReturnType<typeof refColumns>, t: TileAddress, rules: TileRules) {
  const c = engine.columns();
  const net = engine.compiled;
  const n = 2 ** t.z, e = rules.extent, b = rules.bufferUnits;
  const min = minDiameterAt(rules, t.z);
  const must = new Set<string>();
  const may = new Set<string>();
  for (let i = 0; i < net.linkCount; i++) {
    if (min > 0 && !(c.linkDiameter[i] >= min)) continue;
    const f = net.linkFrom[i], to = net.linkTo[i];
    const ax = (m.node.x[f] * n - t.x) * e, ay = (m.node.y[f] * n - t.y) * e;
    const bx = (m.node.x[to] * n - t.x) * e, by = (m.node.y[to] * n - t.y) * e;
    if (!segmentMeetsBox(ax, ay, bx, by, -b - 1, e + b + 1)) continue;
    const id = net.linkIds.at(i);
    may.add(id);
    if (segmentMeetsBox(ax, ay, bx, by, 0, e)) must.add(id);
  }
  const inside = (px: Float64Array, py: Float64Array, k: number) => {
    const x = (px[k] * n - t.x) * e, y = (py[k] * n - t.y) * e;
    return x >= -b && x <= e + b && y >= -b && y <= e + b;
  };
  let valves = 0, points = 0;
  if (t.z >= rules.valvesMinZoom) for (let v = 0; v < net.valveCount; v++) if (inside(m.valve.x, m.valve.y, v)) valves++;
  const important = (k: number) => c.spContact[k] >= 0 && c.contactImportant[c.spContact[k]] >= 0;
  if (t.z >= Math.min(rules.servicePointsMinZoom, rules.importantUsersMinZoom)) {
    for (let k = 0; k < c.spLon.length; k++) if ((t.z >= rules.servicePointsMinZoom || important(k)) && inside(m.sp.x, m.sp.y, k)) points++;
  }
  return { must, may, valves, points };
}
function refColumns(engine: NetworkEngine) {
  const c = engine.columns();
  return { node: mercator(c.nodeLon, c.nodeLat), valve: mercator(c.valveLon, c.valveLat), sp: mercator(c.spLon, c.spLat) };
}

async function main() {
  let t0 = performance.now();
  const engine = (() => {
    const city = generateCity({ pipes: PIPES, seed: 2024, valveN: 2 });
    const rnd = seededRandom(7);
    const kinds = ['HOSPITAL', 'SCHOOL', 'FACTORY', 'LARGE_CONSUMER'] as const;
    // Households as customers 10–25 m off their junction, one in a hundred an important user.
    city.model.servicePoints = city.model.nodes.flatMap((nd, i) => city.nodePersons[i] > 0 && nd.coord
      ? [{ id: `SP-${nd.id}`, nodeId: nd.id, coord: [nd.coord[0] + 0.0001 + rnd() * 0.0002, nd.coord[1] + 0.0001 + rnd() * 0.0001] as [number, number], persons: city.nodePersons[i],
        important: rnd() < 0.01 ? kinds[Math.floor(rnd() * kinds.length)] : null }]
      : []);
    return engineFromModel(city.model, NETWORK, 1);
  })();
  const c = engine.columns();
  out({ bench: 'tiles_city', pipes: engine.compiled.linkCount, valves: engine.compiled.valveCount, service_points: c.spLon.length, ms: Math.round(performance.now() - t0) });

  // The service as the route calls it; the engine comes from memory (the route adds one version read per tile).
  const analysis = { engineById: async () => ({ net: { version: engine.version }, engine }) } as unknown as AnalysisService;
  const rules = DEFAULT_TILE_RULES;
  const svc = new TileService(analysis, { rules, cacheBytes: 512 * 1048576 });
  const caller = { sub: 'bench', name: 'bench', roles: ['dispatcher' as const], department: null };
  const path = (t: TileAddress) => [NETWORK, String(t.z), String(t.x), String(t.y) + '.mvt'];

  // The R-trees tiles are cut from, built on the first tile that needs each: their time and memory.
  gc();
  const before = process.memoryUsage();
  t0 = performance.now();
  const ix = svc.indexOf(engine);
  ix.pipesIn(14, [-180, -90, 180, 90]);
  const allMs = performance.now() - t0;
  ix.pipesIn(10, [-180, -90, 180, 90]);
  const trunkMs = performance.now() - t0 - allMs;
  ix.valvesIn([-180, -90, 180, 90]);
  ix.servicePointsIn([-180, -90, 180, 90], false);
  ix.servicePointsIn([-180, -90, 180, 90], true);
  const buildMs = performance.now() - t0;
  gc();
  const after = process.memoryUsage();
  out({
    bench: 'tiles_index_build', pipes: engine.compiled.linkCount, ms: Math.round(buildMs), all_pipes_tree_ms: Math.round(allMs), trunk_tree_ms: Math.round(trunkMs),
    heap_increase_mb: mb(after.heapUsed - before.heapUsed), array_buffers_increase_mb: mb(after.arrayBuffers - before.arrayBuffers),
    rss_mb: mb(after.rss), rss_increase_mb: mb(after.rss - before.rss),
  });

  // Distinct tiles over the zoom mix, each centred on a random node so it shows some of the city.
  const rnd = seededRandom(99);
  const tiles: TileAddress[] = [];
  const seen = new Set<string>();
  while (tiles.length < TILES) {
    let r = rnd(), z = 18;
    for (const [zz, share] of ZOOM_MIX) if ((r -= share) < 0) { z = zz; break; }
    const node = Math.floor(rnd() * engine.compiled.nodeCount);
    const n = 2 ** z;
    const phi = (c.nodeLat[node] * Math.PI) / 180;
    const t = { z, x: Math.floor(((c.nodeLon[node] + 180) / 360) * n), y: Math.floor((0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)) * n) };
    const key = `${t.z}/${t.x}/${t.y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tiles.push(t);
  }

  const cold: number[] = [];
  const byZoom = new Map<number, number[]>();
  const bodies: Uint8Array[] = [];
  for (const t of tiles) {
    const s = performance.now();
    const a = await svc.tile(caller, path(t));
    const ms = performance.now() - s;
    if (a.cached) fail(`tile ${t.z}/${t.x}/${t.y} came from the cache on its first request`);
    cold.push(ms);
    (byZoom.get(t.z) ?? byZoom.set(t.z, []).get(t.z)!).push(ms);
    bodies.push(a.bytes);
  }
  const hot: number[] = [];
  for (const k of tiles.map((_, i) => i).sort(() => rnd() - 0.5)) {
    const s = performance.now();
    const a = await svc.tile(caller, path(tiles[k]));
    hot.push(performance.now() - s);
    if (!a.cached || a.bytes !== bodies[k]) fail(`tile ${tiles[k].z}/${tiles[k].x}/${tiles[k].y} was not served from the cache the second time`);
  }

  // Every timed tile decoded and checked against the model (outside the timings).
  const m = refColumns(engine);
  let features = 0, bytes = 0, exactPipes = 0;
  const perZoom = new Map<number, { tiles: number; features: number; bytes: number }>();
  for (let k = 0; k < tiles.length; k++) {
    const t = tiles[k];
    const layers = decodeTile(bodies[k], t.z, t.x, t.y);
    const ref = reference(engine, m, t, rules);
    const ids = (layers.pipes?.features ?? []).map((f) => String(f.properties.id));
    const drawn = new Set(ids);
    if (drawn.size !== ids.length) fail(`tile ${t.z}/${t.x}/${t.y} has a pipe twice`);
    for (const id of ref.must) if (!drawn.has(id)) fail(`tile ${t.z}/${t.x}/${t.y} lacks pipe ${id}, which crosses it`);
    for (const id of drawn) if (!ref.may.has(id)) fail(`tile ${t.z}/${t.x}/${t.y} draws pipe ${id}, which is outside it or below its zoom's diameter class`);
    if (drawn.size === ref.may.size) exactPipes++;
    const valves = layers.valves?.features.length ?? 0, points = layers.service_points?.features.length ?? 0;
    if (valves !== ref.valves) fail(`tile ${t.z}/${t.x}/${t.y}: ${valves} valves, the model has ${ref.valves}`);
    if (points !== ref.points) fail(`tile ${t.z}/${t.x}/${t.y}: ${points} customers, the model has ${ref.points}`);
    features += ids.length + valves + points;
    bytes += bodies[k].length;
    const pz = perZoom.get(t.z) ?? perZoom.set(t.z, { tiles: 0, features: 0, bytes: 0 }).get(t.z)!;
    pz.tiles++;
    pz.features += ids.length + valves + points;
    pz.bytes += bodies[k].length;
  }
  const mix = Object.fromEntries([...byZoom].sort((a, b) => a[0] - b[0]).map(([z, s]) => [`z${z}`, percentiles(s).p50]));
  out({ bench: 'tile_cold', pipes: engine.compiled.linkCount, zooms: '10-18', ms: percentiles(cold), p50_by_zoom_ms: mix, answers_checked: tiles.length, pipes_exact_count: exactPipes, avg_features: Math.round(features / tiles.length), avg_kb: round(bytes / tiles.length / 1024),
    avg_features_by_zoom: Object.fromEntries([...perZoom].sort((a, b) => a[0] - b[0]).map(([z, v]) => [`z${z}`, Math.round(v.features / v.tiles)])),
    avg_kb_by_zoom: Object.fromEntries([...perZoom].sort((a, b) => a[0] - b[0]).map(([z, v]) => [`z${z}`, Math.round(v.bytes / v.tiles / 1024)])), rss_mb: mb(process.memoryUsage().rss) });
  out({ bench: 'tile_cached', pipes: engine.compiled.linkCount, zooms: '10-18', ms: percentiles(hot), cached_tiles: svc.cacheStats().tiles, cache_mb: round(svc.cacheStats().bytes / 1048576) });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
