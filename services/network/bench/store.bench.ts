// Service-level figures with the real PostgreSQL: import a 100k-pipe GeoJSON (parse, validate, store
// in one transaction), store a 1M-pipe city, load it back into a fresh engine as the service does at
// start, its memory, and full isolation plans (with outage polygon) through AnalysisService.
// The honest memory figure is `engine_memory_fresh_process`: a child process that only connects and
// loads the stored network (nothing generated or imported before), measured after GC.
// Run: npm run bench:network:store  (prints one JSON line per figure; BENCH_NETWORK_DB picks the database)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { connectAndMigrate, createDataSource, createLogger } from '@mainline/common';
import { ensureDatabases, ensurePostgres } from '@mainline/infra';
import { entities, migrations } from '../src/app';
import { latticeNetwork } from './geojson-import.bench';
import { NetworkRepository } from '../src/repositories/network.repository';
import { AnalysisService } from '../src/services/analysis.service';
import { ImportService } from '../src/services/import.service';
import { UTILITY_KINDS } from '@mainline/common/domain';
import { generateCity } from './synthetic';

const out = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');
const rss = () => Math.round(process.memoryUsage().rss / 1048576);
const ms = (t0: bigint) => Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
const gc = () => (global as any).gc?.();

const DB = process.env.BENCH_NETWORK_DB ?? 'mainline_bench_network';

/** Child mode: a fresh process holding nothing but the loaded engine. */
async function loadOnly(networkId: string, pipes: number, expected: string) {
  const log = createLogger('bench', 'silent');
  // The parent's server and database (the parent keeps an embedded server running meanwhile).
  const ds = createDataSource({ url: process.env.BENCH_NETWORK_DB_URL!, entities, migrations, log });
  await connectAndMigrate(ds, log);
  const analysis = new AnalysisService(new NetworkRepository(ds), { regulatorThreshold: 5000, serviceRadiusM: 50, simplifyToleranceM: 5 });
  gc();
  const rssBefore = rss();
  const t0 = process.hrtime.bigint();
  const { engine } = await analysis.engineById(networkId);
  const loadMs = ms(t0);
  gc();
  gc();
  const m = process.memoryUsage();
  const source = analysis.lastLoad(networkId)?.source;
  // The loaded engine must answer as the one the parent built from the rows.
  const digest = await planDigest(analysis, networkId, engine.compiled.linkIds, pipes);
  if (digest !== expected) throw new Error(`fresh-process engine (${source}) answers differ: ${digest} vs ${expected} from the rows`);
  out({
    bench: 'engine_memory_fresh_process', pipes, source, answers_checked: true, load_ms: loadMs, rss_mb: rss(), rss_before_load_mb: rssBefore, rss_increase_mb: rss() - rssBefore,
    heap_used_mb: Math.round(m.heapUsed / 1048576), array_buffers_mb: Math.round(m.arrayBuffers / 1048576), segments: engine.analyzer.segments.count,
  });
  await ds.destroy();
}

/** Affected nodes, valves and persons of 200 fixed breaks, as one string to compare engines by. */
async function planDigest(analysis: AnalysisService, networkId: string, links: { at(i: number): string; length: number }, pipes: number): Promise<string> {
  let nodes = 0, valves = 0, persons = 0;
  for (let k = 0; k < 200; k++) {
    const plan = engineOnly(await analysis.engineById(networkId)).analyzer.isolationPlan([links.at((k * 7919) % links.length)]);
    nodes += plan.affectedNodeIds.length;
    valves += plan.valvesToClose.length;
    persons += plan.population;
  }
  return `${pipes}:${nodes}:${valves}:${Math.round(persons)}`;
}
const engineOnly = (l: { engine: import('../src/domain/analysis/engine').NetworkEngine }) => l.engine;

/** Runs loadOnly in a child process with this process's node flags (swc register, --expose-gc). */
function measureInFreshProcess(dbUrl: string, networkId: string, pipes: number, digest: string) {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--load-only', networkId, String(pipes), digest], {
    stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, BENCH_NETWORK_DB_URL: dbUrl },
  });
  if (r.status !== 0) throw new Error(`fresh-process load of ${pipes} pipes failed (exit ${r.status})`);
}

async function main() {
  const log = createLogger('bench', 'silent');
  const pg = await ensurePostgres({ databaseUrl: process.env.DATABASE_URL, dataDir: path.resolve(__dirname, '../../../.data/postgres') });
  const db = DB;
  await ensureDatabases(pg, [db], { recreate: true });
  const ds = createDataSource({ url: pg.urlFor(db), entities, migrations, log });
  await connectAndMigrate(ds, log);
  const repo = new NetworkRepository(ds);
  const actor = { sub: 'bench', name: 'bench', roles: ['admin' as const], department: null };

  // 1. Import of a 100k-pipe GeoJSON, as importNetwork does it.
  const fc = JSON.stringify(latticeNetwork(100_000, { valvesEvery: 10 }));
  const imports = new ImportService(ds, repo, { utilityKinds: UTILITY_KINDS, litersPerPersonPerDay: 200, snapToleranceM: 1, valveSnapToleranceM: 5, maxContentChars: 500_000_000 });
  let t0 = process.hrtime.bigint();
  const imported = await imports.importNetwork(actor, { name: 'bench-geojson-100k', format: 'GEOJSON', content: fc });
  out({ bench: 'import_geojson', pipes: imported.pipeCount, mb: Math.round(fc.length / 1e5) / 10, ms: ms(t0), rss_mb: rss() });

  // 2. Store a 1M-pipe city (one transaction, bulk inserts).
  const stored: Array<[string, number, string]> = [];
  for (const pipes of [100_000, 1_000_000]) {
    let city: ReturnType<typeof generateCity> | null = generateCity({ pipes, seed: 42 });
    // Households become service points so population is counted from customers, as in a real city.
    city.model.servicePoints = city.model.nodes.flatMap((n, i) =>
      city!.nodePersons[i] > 0 ? [{ id: `SP-${n.id}`, nodeId: n.id, coord: n.coord, persons: city!.nodePersons[i], households: Math.round(city!.nodePersons[i] / 3) }] : []);
    t0 = process.hrtime.bigint();
    const net = await ds.transaction((tx) =>
      repo.insertModel(tx, { name: `bench-city-${pipes}`, format: 'GEOJSON', crs: null, litersPerPersonPerDay: 200, hydraulics: {}, pipeCount: city!.model.links.length,
        nodeCount: city!.model.nodes.length, valveCount: city!.model.valves.length, createdBy: 'bench' }, city!.model));
    out({ bench: 'store_network', pipes: city.model.links.length, valves: city.model.valves.length, service_points: city.model.servicePoints.length, ms: ms(t0) });
    const breaks = Array.from({ length: 200 }, (_, k) => city!.model.links[(k * 7919) % city!.model.links.length].id);
    city = null;
    gc();

    // 3. Load into memory as the service does on first use / at start.
    const rssBefore = rss();
    const analysis = new AnalysisService(repo, { regulatorThreshold: 5000, serviceRadiusM: 50, simplifyToleranceM: 5 });
    t0 = process.hrtime.bigint();
    const { engine } = await analysis.engineById(net.id);
    out({ bench: 'load_network_into_memory', pipes, source: analysis.lastLoad(net.id)?.source, ms: ms(t0), segments: engine.analyzer.segments.count, total_population: engine.totalPopulation });
    t0 = process.hrtime.bigint();
    await analysis.snapshotsWritten();
    const [snap] = await ds.query(`SELECT count(*)::int AS chunks, sum(octet_length(data))::bigint AS bytes FROM network_snapshot WHERE network_id = $1`, [net.id]);
    if (!(snap.chunks > 0)) throw new Error('no snapshot was stored');
    out({ bench: 'snapshot_write_after_first_load', pipes, ms: ms(t0), mb: Math.round(Number(snap.bytes) / 1048576), chunks: snap.chunks });
    stored.push([net.id, pipes, await planDigest(analysis, net.id, engine.compiled.linkIds, pipes)]);
    gc();
    out({ bench: 'engine_memory', pipes, rss_mb: rss(), rss_increase_mb: rss() - rssBefore, heap_used_mb: Math.round(process.memoryUsage().heapUsed / 1048576) });

    // 4. Full plans through the service: valves, sets, population, important users and polygon.
    const times: number[] = [];
    let maxPipes = 0;
    for (const id of breaks) {
      t0 = process.hrtime.bigint();
      const plan = await analysis.isolationPlan(net.id, { pipeIds: [id] });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      maxPipes = Math.max(maxPipes, plan.affectedPipeIds.length);
    }
    times.sort((a, b) => a - b);
    out({ bench: 'isolation_plan_with_polygon', pipes, ms: { p50: +times[100].toFixed(3), p99: +times[197].toFixed(3), n: times.length }, max_affected_pipes: maxPipes });
  }
  await ds.destroy();
  for (const [id, pipes, digest] of stored) measureInFreshProcess(pg.urlFor(db), id, pipes, digest);
  await pg.stop();
}

const loadArgs = process.argv.indexOf('--load-only');
(loadArgs >= 0 ? loadOnly(process.argv[loadArgs + 1], Number(process.argv[loadArgs + 2]), process.argv[loadArgs + 3]) : main()).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(1);
  },
);
