// The network service through the real gateway (part of `npm run bench:network`): the isolation plan on a
// Net6-size network (3,829 pipes, synthetic lattice with WNTR's strategic valve layer n = 2; Net6 itself is
// not in the repository) over one keep-alive connection with the selection the issue times, against
// WNTR's 49 ms per case (the figure for this machine kind); and pipesInBox of a 5,000-pipe viewport.
// Every answer is checked against the engine loaded in-process from the same database.
// Env: BENCH_PORT_BASE (4850), BENCH_PLANS (300). Prints one JSON line per figure and stops by itself.
import 'reflect-metadata';
import http from 'node:http';
import path from 'node:path';
import { connectAndMigrate, createDataSource, createLogger, DEV_DEFAULTS, signUserToken } from '@mainline/common';
import { ROOT, startInfra, startStack } from '@mainline/infra';
import { entities, migrations } from '@mainline/network/src/app';
import { NetworkRepository } from '@mainline/network/src/repositories/network.repository';
import { AnalysisService } from '@mainline/network/src/services/analysis.service';
import { latticeNetwork } from '@mainline/network/bench/geojson-import.bench';
import { pct, postJson } from './support';

// BENCH_WNTR_MS: WNTR's per-case time measured the same day on this machine (the 49 ms when not given).
const WNTR_MS_PER_CASE = Number(process.env.BENCH_WNTR_MS ?? 49);
if (!(WNTR_MS_PER_CASE > 0)) throw new Error(`BENCH_WNTR_MS must be a positive number of milliseconds, got ${process.env.BENCH_WNTR_MS}`);
const PLANS = Number(process.env.BENCH_PLANS ?? 300);
const base = Number(process.env.BENCH_PORT_BASE ?? 4850);
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');
const sorted = (xs: string[]) => [...xs].sort();
function check(ok: boolean, what: string) {
  if (!ok) throw new Error(`bench answer check failed: ${what}`);
}

async function main() {
  const infra = await startInfra({ databaseUrl: process.env.DATABASE_URL, kafkaBrokers: process.env.KAFKA_BROKERS?.split(','), dataDir: path.join(ROOT, '.data'), log });
  const dbPrefix = 'mainline_bench_netgw_';
  const stack = await startStack({
    infra, dbPrefix, recreateDatabases: true, topicPrefix: `bench-netgw-${Date.now().toString(36)}.`, gatewayPort: base,
    servicePorts: { tickets: base + 1, network: base + 2, notify: base + 3 },
    logDir: path.join(ROOT, '.data', 'bench-logs'), extraEnv: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '0' }, log,
  });
  const ds = createDataSource({ url: infra.pg.urlFor(`${dbPrefix}network`), entities, migrations, log: createLogger('bench', 'silent') });
  try {
    const tok = signUserToken({ sub: 'bench-disp', name: 'bench', roles: ['dispatcher'], department: 'NETWORK' }, DEV_DEFAULTS.jwtSecret);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const target = new URL(stack.gatewayUrl);
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const body = await postJson(agent, target, JSON.stringify({ query, variables }), { authorization: `Bearer ${tok}` });
      if (body.errors) throw new Error(JSON.stringify(body.errors[0]));
      return body.data;
    };
    const IMPORT = `mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id pipeCount valveCount } }`;
    const net6 = (await gql(IMPORT, { i: { name: 'net6-size', format: 'GEOJSON', content: JSON.stringify(latticeNetwork(3829)), valveLayer: { strategy: 'STRATEGIC', n: 2, seed: 6 } } })).importNetwork;
    const grid = (await gql(IMPORT, { i: { name: 'viewport-grid', format: 'GEOJSON', content: JSON.stringify(latticeNetwork(20000)) } })).importNetwork;
    log(`imported ${net6.pipeCount} pipes / ${net6.valveCount} valves and ${grid.pipeCount} pipes`);

    await connectAndMigrate(ds, createLogger('bench', 'silent'));
    const local = new AnalysisService(new NetworkRepository(ds), { regulatorThreshold: 5000, serviceRadiusM: 50, simplifyToleranceM: 5, snapshots: false });
    const { engine } = await local.engineById(net6.id);
    const PLAN = `query($n: ID!, $p: [ID!]) { isolationPlan(networkId: $n, pipeIds: $p) { valvesToClose { id } affectedNodeIds unsuppliedNodeIds population unsuppliedPopulation } }`;
    const pipes = Array.from({ length: PLANS }, (_, k) => engine.compiled.linkIds.at((k * 7919) % engine.compiled.linkCount));
    for (const p of pipes.slice(0, 50)) await gql(PLAN, { n: net6.id, p: [p] }); // warm-up (JIT, caches, first load)
    const times: number[] = [];
    for (const p of pipes) {
      const t0 = performance.now();
      const plan = (await gql(PLAN, { n: net6.id, p: [p] })).isolationPlan;
      times.push(performance.now() - t0);
      const ref = engine.analyzer.isolationPlan([p]);
      check(JSON.stringify(sorted(plan.valvesToClose.map((v: { id: string }) => v.id))) === JSON.stringify(sorted(ref.valvesToClose)), `valves of ${p}`);
      check(plan.affectedNodeIds.length === ref.affectedNodeIds.length && plan.unsuppliedNodeIds.length === ref.unsuppliedNodeIds.length, `node sets of ${p}`);
      check(Math.abs(plan.population - ref.population) < 1e-6 && Math.abs(plan.unsuppliedPopulation - ref.unsuppliedPopulation) < 1e-6, `persons of ${p}`);
    }
    times.sort((a, b) => a - b);
    const p50 = pct(times, 0.5);
    print({
      bench: 'isolation_plan_through_gateway', pipes: net6.pipeCount, valves: net6.valveCount, network: 'synthetic lattice, Net6 size, STRATEGIC n=2',
      connection: 'one keep-alive', n: times.length, p50_ms: +p50.toFixed(2), p99_ms: +pct(times, 0.99).toFixed(2),
      wntr_ms_per_case: WNTR_MS_PER_CASE, wntr_source: process.env.BENCH_WNTR_MS ? 'measured (BENCH_WNTR_MS)' : 'issue #12', times_faster_than_wntr: +(WNTR_MS_PER_CASE / p50).toFixed(1), target_ms: 4.9, answers_checked: times.length,
    });

    // pipesInBox: a viewport holding 2 × 50² = 5,000 pipes of the 20k grid (100 m lattice from 114E, 30N: 49 × 49 cells
    // and the pipes leaving its far edges), asked with the API's largest page (INPUT_MAX_PAGE_SIZE, 5,000).
    const d = 100 / 111195;
    const box = { minLon: 114 - d / 4, minLat: 30 - d / 4, maxLon: 114 + 49 * (d / Math.cos(Math.PI / 6)) + d / 4, maxLat: 30 + 49 * d + d / 4 };
    const g = (await local.engineById(grid.id)).engine;
    const refIds = sorted(g.linkBoxIndex().search([box.minLon, box.minLat, box.maxLon, box.maxLat], 6000).map((i) => g.compiled.linkIds.at(i)));
    check(refIds.length === 5000, `viewport holds ${refIds.length} pipes`);
    const BOX = `query($n: ID!, $b: BBoxInput!) { pipesInBox(networkId: $n, box: $b, limit: 5000) { id diameterMm geometry } }`;
    for (let i = 0; i < 5; i++) await gql(BOX, { n: grid.id, b: box });
    const boxTimes: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const got = (await gql(BOX, { n: grid.id, b: box })).pipesInBox as Array<{ id: string }>;
      boxTimes.push(performance.now() - t0);
      check(JSON.stringify(sorted(got.map((x) => x.id))) === JSON.stringify(refIds), `pipesInBox returned ${got.length} pipes, in-process ${refIds.length}`);
    }
    boxTimes.sort((a, b) => a - b);
    print({ bench: 'pipes_in_box_through_gateway', pipes_in_viewport: refIds.length, network_pipes: grid.pipeCount, n: boxTimes.length,
      p50_ms: +pct(boxTimes, 0.5).toFixed(2), p99_ms: +pct(boxTimes, 0.99).toFixed(2), target_ms: 50, answers_checked: boxTimes.length });
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await stack.stop();
    await infra.stop();
  }
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
