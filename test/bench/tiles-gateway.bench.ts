// Map tiles as the console gets them (part of `npm run bench:tiles`): GET /tiles/… through the real gateway and
// network service over one keep-alive connection, on a 20,000-pipe lattice with valves (the city-scale cost of
// cutting a tile is `services/network/bench/tiles.bench.ts`; this adds what HTTP, the gateway's token check and
// proxying, and the service's version read cost). Each tile is asked twice (cold, then cached) and decoded: every
// pipe lying inside the tile must be in it, every pipe in it must meet the tile plus its buffer.
// Env: BENCH_TILES_PORT_BASE (4880), BENCH_GATEWAY_TILES (300). One JSON line per figure; stops by itself.
import 'reflect-metadata';
import http from 'node:http';
import path from 'node:path';
import { DEV_DEFAULTS, signUserToken } from '@mainline/common';
import { ROOT, startInfra, startStack } from '@mainline/infra';
import { latticeNetwork } from '@mainline/network/bench/geojson-import.bench';
import { decodeTile } from '@mainline/network/test/support/decode-tile';
import { mulberry32 } from '@mainline/common/domain';
import { pct, postJson } from './support';

const TILES = Number(process.env.BENCH_GATEWAY_TILES ?? 300);
const base = Number(process.env.BENCH_TILES_PORT_BASE ?? 4880);
const ZOOMS = [12, 13, 14, 15, 15, 16, 16, 17, 17, 18];
const BUFFER = 64 / 4096;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');
function check(ok: boolean, what: string) {
  if (!ok) throw new Error(`bench answer check failed: ${what}`);
}

function get(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<{ status: number; cache: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cache: res.headers['x-tile-cache'] as string | undefined, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function main() {
  const infra = await startInfra({ databaseUrl: process.env.DATABASE_URL, kafkaBrokers: process.env.KAFKA_BROKERS?.split(','), dataDir: path.join(ROOT, '.data'), log });
  const stack = await startStack({
    infra, dbPrefix: 'mainline_bench_tilesgw_', recreateDatabases: true, topicPrefix: `bench-tilesgw-${Date.now().toString(36)}.`, gatewayPort: base,
    servicePorts: { tickets: base + 1, network: base + 2, notify: base + 3 },
    logDir: path.join(ROOT, '.data', 'bench-logs'), extraEnv: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '0' }, log,
  });
  try {
    const tok = signUserToken({ sub: 'bench-disp', name: 'bench', roles: ['dispatcher'], department: 'NETWORK' }, DEV_DEFAULTS.jwtSecret);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const gw = new URL(stack.gatewayUrl);
    const fc = latticeNetwork(20000, { valvesEvery: 10 });
    const r = await postJson(agent, gw, JSON.stringify({ query: 'mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id pipeCount valveCount } }', variables: { i: { name: 'tiles-grid', format: 'GEOJSON', content: JSON.stringify(fc) } } }), { authorization: `Bearer ${tok}` });
    if (r.errors) throw new Error(JSON.stringify(r.errors[0]));
    const net = r.data.importNetwork;
    const pipes = fc.features.filter((f: any) => f.properties.layer === 'pipe').map((f: any) => ({ id: f.properties.id as string, c: f.geometry.coordinates as number[][] }));
    log(`imported ${net.pipeCount} pipes, ${net.valveCount} valves`);

    const rnd = mulberry32(5);
    const tiles: Array<{ z: number; x: number; y: number }> = [];
    const seen = new Set<string>();
    while (tiles.length < TILES) {
      const z = ZOOMS[Math.floor(rnd() * ZOOMS.length)];
      const p = pipes[Math.floor(rnd() * pipes.length)].c[0];
      const n = 2 ** z, phi = (p[1] * Math.PI) / 180;
      const t = { z, x: Math.floor(((p[0] + 180) / 360) * n), y: Math.floor((0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)) * n) };
      if (!seen.has(`${t.z}/${t.x}/${t.y}`)) { seen.add(`${t.z}/${t.x}/${t.y}`); tiles.push(t); }
    }
    const auth = { authorization: `Bearer ${tok}` };
    const url = (t: { z: number; x: number; y: number }) => new URL(`/tiles/${net.id}/${t.z}/${t.x}/${t.y}.mvt`, gw);
    await get(agent, url(tiles[0]), auth); // the version's first tile builds the engine and its R-tree
    const cold: number[] = [], hot: number[] = [];
    const bodies: Buffer[] = [];
    for (const t of tiles.slice(1)) {
      let t0 = performance.now();
      const a = await get(agent, url(t), auth);
      cold.push(performance.now() - t0);
      check(a.status === 200 && a.cache === 'miss', `tile ${t.z}/${t.x}/${t.y}: HTTP ${a.status}, cache ${a.cache}`);
      t0 = performance.now();
      const b = await get(agent, url(t), auth);
      hot.push(performance.now() - t0);
      check(b.status === 200 && b.cache === 'hit' && b.body.equals(a.body), `tile ${t.z}/${t.x}/${t.y} again: HTTP ${b.status}, cache ${b.cache}`);
      bodies.push(a.body);
    }
    let features = 0;
    const byId = new Map(pipes.map((p: { id: string; c: number[][] }) => [p.id, p.c]));
    tiles.slice(1).forEach((t, k) => {
      const n = 2 ** t.z;
      const lonOf = (x: number) => (x / n) * 360 - 180;
      const latOf = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
      // The import snaps each pipe's ends onto its nodes (the lattice's ends are up to ~0.3 m apart): 2 m of slack.
      const e = 2 / 111195;
      const inner = [lonOf(t.x) + e, latOf(t.y + 1) + e, lonOf(t.x + 1) - e, latOf(t.y) - e];
      const outer = [lonOf(t.x - BUFFER) - e, latOf(t.y + 1 + BUFFER) - e, lonOf(t.x + 1 + BUFFER) + e, latOf(t.y - BUFFER) + e];
      const within = (c: number[], b: number[]) => c[0] > b[0] && c[0] < b[2] && c[1] > b[1] && c[1] < b[3];
      const meets = (cs: number[][], b: number[]) => !(Math.max(cs[0][0], cs[1][0]) < b[0] || Math.min(cs[0][0], cs[1][0]) > b[2] || Math.max(cs[0][1], cs[1][1]) < b[1] || Math.min(cs[0][1], cs[1][1]) > b[3]);
      const drawn = new Set((decodeTile(new Uint8Array(bodies[k]), t.z, t.x, t.y).pipes?.features ?? []).map((f) => String(f.properties.id)));
      for (const p of pipes) if (within(p.c[0], inner) && within(p.c[1], inner)) check(drawn.has(p.id), `tile ${t.z}/${t.x}/${t.y} lacks pipe ${p.id}`);
      for (const id of drawn) check(byId.has(id) && meets(byId.get(id)!, outer), `tile ${t.z}/${t.x}/${t.y} draws pipe ${id} outside it`);
      features += drawn.size;
    });
    cold.sort((a, b) => a - b);
    hot.sort((a, b) => a - b);
    const f2 = (x: number) => +x.toFixed(2);
    print({ bench: 'tile_through_gateway_cold', network_pipes: net.pipeCount, zooms: '12-18', connection: 'one keep-alive', n: cold.length, p50_ms: f2(pct(cold, 0.5)), p99_ms: f2(pct(cold, 0.99)), avg_pipes: Math.round(features / cold.length), answers_checked: cold.length });
    print({ bench: 'tile_through_gateway_cached', network_pipes: net.pipeCount, zooms: '12-18', connection: 'one keep-alive', n: hot.length, p50_ms: f2(pct(hot, 0.5)), p99_ms: f2(pct(hot, 0.99)), answers_checked: hot.length });
  } finally {
    await stack.stop();
    await infra.stop();
  }
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
