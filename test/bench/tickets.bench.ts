// npm run bench:tickets — the tickets service through the gateway (70 % queue reads, 30 % creates and
// transitions, a bounded number of requests in flight for a fixed time), then the SLA scheduler's sweep
// over 1,000,000 open orders. Prints one JSON line per figure and stops by itself.
// Env: BENCH_SECONDS (20), BENCH_CONCURRENCY (32), BENCH_SWEEP_ORDERS (1000000), BENCH_DB_POOL (tickets' pool, 10).
// The client is plain node:http over a keep-alive agent (one socket per worker): on this 2-core box it
// shares the CPU with the gateway, the subgraph and PostgreSQL, so it should cost as little as it can.
import 'reflect-metadata';
import http from 'node:http';
import path from 'node:path';
import { connectAndMigrate, createDataSource, createLogger, DEV_DEFAULTS, signUserToken, topicName, TOPICS } from '@mainline/common';
import { ROOT, startInfra, startStack } from '@mainline/infra';
import { entities, migrations } from '@mainline/tickets/src/app';
import { SlaClockRepository } from '@mainline/tickets/src/repositories/sla-clock.repository';
import { cpuSnapshot, pct, postJson } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SWEEP_ORDERS = Number(process.env.BENCH_SWEEP_ORDERS ?? 1_000_000);
const DB_POOL = Number(process.env.BENCH_DB_POOL ?? 10);
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');

const token = (roles: string[], department: string | null, sub: string) =>
  signUserToken({ sub, name: sub, roles: roles as any, department: department as any }, DEV_DEFAULTS.jwtSecret);

function figure(bench: string, lat: number[], seconds: number, errors: number) {
  const s = [...lat].sort((a, b) => a - b);
  print({ bench, ops: s.length, ops_per_s: Math.round(s.length / seconds), p50_ms: +pct(s, 0.5).toFixed(2), p99_ms: +pct(s, 0.99).toFixed(2), errors });
}

async function main() {
  const infra = await startInfra({ databaseUrl: process.env.DATABASE_URL, kafkaBrokers: process.env.KAFKA_BROKERS?.split(','), dataDir: path.join(ROOT, '.data'), log });
  const prefix = `bench-${Date.now().toString(36)}.`;
  const dbPrefix = 'mainline_bench_';
  const base = 4800;
  const stack = await startStack({
    infra, dbPrefix, recreateDatabases: true, topicPrefix: prefix, gatewayPort: base,
    servicePorts: { tickets: base + 1, network: base + 2, notify: base + 3 },
    logDir: path.join(ROOT, '.data', 'bench-logs'), extraEnv: { LOG_LEVEL: 'info', DB_POOL_SIZE: String(DB_POOL), RATE_LIMIT_PER_SECOND: '0' }, log,
  });
  const url = stack.gatewayUrl;
  const agent = token(['agent'], 'CALL_CENTER', 'bench-agent');
  const network = token(['department'], 'NETWORK', 'bench-crew');
  const target = new URL(url);
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const gql = async (query: string, variables: Record<string, unknown>, tok: string) => {
    const body = await postJson(keepAlive, target, JSON.stringify({ query, variables }), { authorization: `Bearer ${tok}` });
    if (body.errors) throw new Error(JSON.stringify(body.errors[0]));
    return body.data;
  };
  const CREATE = `mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id number status acceptDueAt onSiteDueAt } }`;
  const DISPATCH = `mutation($id: ID!) { dispatchWorkOrder(id: $id) { id status } }`;
  const ACCEPT = `mutation($id: ID!) { acceptWorkOrder(id: $id) { id status } }`;
  const QUEUE = `query { workOrders(filter: { department: NETWORK, status: [DISPATCHED, ACCEPTED] }, first: 20) { items { id number status category acceptDueAt onSiteDueAt breached } nextCursor } }`;
  let n = 0;
  const input = () => {
    n++;
    // Spread far apart so duplicates are rare (the duplicate check still runs per read of candidates, not here).
    return { i: { category: n % 3 === 0 ? 'LEAK' : 'BURST', channel: 'PHONE', description: `bench ${n}`, address: `测试路${n}号`, location: { lon: 116 + (n % 1000) * 0.01, lat: 39 + Math.floor(n / 1000) * 0.01 }, reporter: { name: '测试', phone: '13800000000' } } };
  };

  log('seeding 300 dispatched orders');
  const fresh: string[] = [];
  const dispatched: string[] = [];
  for (let i = 0; i < 300; i++) {
    const w = (await gql(CREATE, input(), agent)).createWorkOrder;
    await gql(DISPATCH, { id: w.id }, agent);
    dispatched.push(w.id);
  }

  // Warm-up, then the measured run.
  for (let i = 0; i < 200; i++) await gql(QUEUE, {}, network);
  const lat = { read: [] as number[], create: [] as number[], transition: [] as number[] };
  let errors = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const cpu0 = cpuSnapshot(stack);
  const t0 = Date.now();
  const worker = async () => {
    while (Date.now() < deadline) {
      const r = Math.random();
      const start = performance.now();
      try {
        if (r < 0.7) {
          await gql(QUEUE, {}, network);
          lat.read.push(performance.now() - start);
        } else if (r < 0.85 || (fresh.length === 0 && dispatched.length === 0)) {
          const w = (await gql(CREATE, input(), agent)).createWorkOrder;
          lat.create.push(performance.now() - start);
          fresh.push(w.id);
        } else if (fresh.length && (r < 0.925 || !dispatched.length)) {
          await gql(DISPATCH, { id: fresh.pop() }, agent);
          lat.transition.push(performance.now() - start);
        } else {
          const id = dispatched.pop()!;
          await gql(ACCEPT, { id }, network);
          lat.transition.push(performance.now() - start);
        }
      } catch (e) {
        errors++;
        if (errors < 5) log(`error: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const secs = (Date.now() - t0) / 1000;
  const cpu1 = cpuSnapshot(stack);
  keepAlive.destroy();
  figure('tickets.queue_read', lat.read, secs, 0);
  figure('tickets.create', lat.create, secs, 0);
  figure('tickets.transition', lat.transition, secs, 0);
  figure('tickets.mix', [...lat.read, ...lat.create, ...lat.transition], secs, errors);
  // CPU per request by part: steadier than throughput on a shared 2-core box, and it shows where the time goes.
  const served = lat.read.length + lat.create.length + lat.transition.length;
  const perRequest = Object.fromEntries(Object.keys(cpu1).map((k) => [k, +(((cpu1[k] - (cpu0[k] ?? 0)) * 1000) / served).toFixed(3)]));
  const total = +Object.values(perRequest).reduce((a, b) => a + b, 0).toFixed(3);
  print({ bench: 'tickets.cpu_ms_per_request', ...perRequest, total, ceiling_req_per_s_on_2_cores: Math.round(2000 / total) });
  await stack.stop();

  // ---------- scheduler sweep over 1M open orders ----------
  const dbUrl = infra.pg.urlFor(`${dbPrefix}tickets`);
  const ds = createDataSource({ url: dbUrl, entities, migrations, log: createLogger('bench', 'warn'), poolSize: 2, statementTimeoutMs: 0 });
  await connectAndMigrate(ds, createLogger('bench', 'warn'));
  const now = new Date();
  log(`inserting ${SWEEP_ORDERS} open orders (2 clocks each) with generate_series`);
  const ti = Date.now();
  // Reports spread over the last 48 h; on-site 40 min and resolve 24 h clock targets, as LEAK has.
  await ds.query(
    `INSERT INTO work_order (id, number, channel, category, status, department, description, lon, lat, first_contact_owner, created_by, created_at,
                             dispatched_at, accepted_at, dispatch_due_at, accept_due_at, on_site_due_at, resolve_due_at)
     SELECT gen_random_uuid(), 'BENCH-' || g, 'PHONE', 'LEAK', 'ACCEPTED', 'NETWORK', 'bench', 116 + (g % 1000) * 0.001, 39 + (g / 1000) * 0.0001, 'bench', 'bench', c,
            c + interval '2 min', c + interval '10 min', c + interval '5 min', c + interval '22 min', c + interval '40 min', c + interval '24 hours'
     FROM generate_series(1, $1::int) g, LATERAL (SELECT $2::timestamptz - (g % 2880) * interval '1 minute' - (g % 60) * interval '1 second' AS c) t`,
    [SWEEP_ORDERS, now],
  );
  // Clock rows as the previous sweep (a `prev` ago) left them: level and next check consistent with that instant.
  const seedClocks = async (prevMs: number) => {
    await ds.query(`TRUNCATE sla_clock`);
    await ds.query(
      `INSERT INTO sla_clock (order_id, kind, basis, started_at, due_at, warn1_at, warn2_at, level, next_at)
       SELECT w.id, k.kind, 'clock', w.created_at, k.due, w.created_at + (k.due - w.created_at) * 0.5, w.created_at + (k.due - w.created_at) * 0.8, lv.level,
              CASE lv.level WHEN 0 THEN w.created_at + (k.due - w.created_at) * 0.5 WHEN 1 THEN w.created_at + (k.due - w.created_at) * 0.8
                            WHEN 2 THEN k.due + interval '1 millisecond' ELSE NULL END
       FROM work_order w
       CROSS JOIN LATERAL (VALUES ('onSite', w.on_site_due_at), ('resolve', w.resolve_due_at)) k(kind, due)
       CROSS JOIN LATERAL (SELECT CASE WHEN $1::timestamptz > k.due THEN 3 WHEN $1::timestamptz >= w.created_at + (k.due - w.created_at) * 0.8 THEN 2
                                       WHEN $1::timestamptz >= w.created_at + (k.due - w.created_at) * 0.5 THEN 1 ELSE 0 END AS level) lv
       WHERE w.number LIKE 'BENCH-%'`,
      [new Date(now.getTime() - prevMs)],
    );
    await ds.query(`DELETE FROM outbox`);
    await ds.query(`DELETE FROM escalation`);
    await ds.query(`DELETE FROM compensation_record`);
    await ds.query(`VACUUM ANALYZE sla_clock`);
  };
  await seedClocks(15_000);
  log(`inserted in ${((Date.now() - ti) / 1000).toFixed(1)} s`);
  const [{ open }] = await ds.query(`SELECT count(*)::int AS open FROM sla_clock WHERE next_at IS NOT NULL`);
  const repo = new SlaClockRepository(ds);
  const topic = topicName(prefix, TOPICS.workorderEvents);
  const sweep = async (batch: number) => {
    const t = Date.now();
    let processed = 0, warned = 0, breached = 0;
    for (;;) {
      const r = await repo.sweepBatch(now, batch, topic);
      processed += r.processed;
      warned += r.warned;
      breached += r.breached;
      if (r.processed < batch) break;
    }
    return { ms: Date.now() - t, processed, warned, breached };
  };
  const steady = await sweep(20000);
  print({ bench: 'tickets.sla_sweep', open_orders: SWEEP_ORDERS, running_clocks: open, previous_sweep_s_ago: 15, sweep_ms: steady.ms, ...steady });
  await seedClocks(10 * 60_000);
  const catchUp = await sweep(20000);
  print({ bench: 'tickets.sla_sweep_catch_up', open_orders: SWEEP_ORDERS, previous_sweep_s_ago: 600, sweep_ms: catchUp.ms, ...catchUp });
  await ds.destroy();
  await infra.stop();
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
