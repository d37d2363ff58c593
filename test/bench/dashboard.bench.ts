// npm run bench:dashboard — a supervisor's dashboard page through the real gateway and the three real subgraphs
// (PostgreSQL and Kafka): 100 work orders, each with its SLA clocks, history, extensions, the network element
// reported (`asset`, from the network subgraph) and its outage with the notices composed for it (network and
// notify subgraphs), at BENCH_CONCURRENCY requests in flight for BENCH_SECONDS. Every answer is checked against
// the three databases (ids, counts, numbers): a wrong answer fails the bench. Prints one JSON line per figure.
// Env: BENCH_SECONDS (15), BENCH_CONCURRENCY (16), BENCH_ORDERS (300), BENCH_OUTAGES (20), BENCH_PORT_BASE (4870), BENCH_HOLD_S (0).
import 'reflect-metadata';
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { DEV_DEFAULTS, signUserToken } from '@mainline/common';
import { ROOT, startInfra, startStack } from '@mainline/infra';
import { latticeNetwork } from '@mainline/network/bench/geojson-import.bench';
import { cpuSnapshot, pct, postJson } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const OUTAGES = Number(process.env.BENCH_OUTAGES ?? 20);
const PAGE = 100;
const base = Number(process.env.BENCH_PORT_BASE ?? 4870);
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');
function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`bench answer check failed: ${what}`);
}

const token = (sub: string, roles: string[], department: string | null) =>
  signUserToken({ sub, name: sub, roles: roles as any, department: department as any }, DEV_DEFAULTS.jwtSecret);

const DASHBOARD = `query Dashboard($n: Int!) { workOrders(first: $n) { items {
  id number status category
  slaClocks { target dueAt level }
  history { action toStatus at }
  extensions { reason approved newDueAt }
  asset { __typename ... on Pipe { id diameterMm } ... on Valve { id state } ... on ServicePoint { id address } }
  outage { id number status notices { id kind channel status } }
} nextCursor } }`;

/** What one item of the page must say, from the databases. */
interface Expected {
  number: string;
  clocks: number;
  history: number;
  extensions: number;
  asset: string | null;
  outage: { id: string; number: string; notices: string } | null;
}

async function main() {
  const infra = await startInfra({ databaseUrl: process.env.DATABASE_URL, kafkaBrokers: process.env.KAFKA_BROKERS?.split(','), dataDir: path.join(ROOT, '.data'), log });
  const dbPrefix = 'mainline_bench_dash_';
  const stack = await startStack({
    infra, dbPrefix, recreateDatabases: true, topicPrefix: `bench-dash-${Date.now().toString(36)}.`, gatewayPort: base,
    servicePorts: { tickets: base + 1, network: base + 2, notify: base + 3 },
    logDir: path.join(ROOT, '.data', 'bench-logs'), extraEnv: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '0' }, log,
  });
  const db = (s: string) => new Client({ connectionString: infra.pg.urlFor(`${dbPrefix}${s}`) });
  const [tdb, ndb, mdb] = [db('tickets'), db('network'), db('notify')];
  try {
    await Promise.all([tdb.connect(), ndb.connect(), mdb.connect()]);
    const target = new URL(stack.gatewayUrl);
    const seedAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const gqlWith = (agent: http.Agent) => async (tok: string, query: string, variables: Record<string, unknown> = {}) => {
      const body = await postJson(agent, target, JSON.stringify({ query, variables }), { authorization: `Bearer ${tok}` });
      if (body.errors) throw new Error(JSON.stringify(body.errors[0]));
      return body.data;
    };
    const gql = gqlWith(seedAgent);
    const dispatcher = token('bench-disp', ['dispatcher'], 'NETWORK');
    const works = token('bench-works', ['department'], 'WORKS');
    const agent = token('bench-agent', ['agent'], 'CALL_CENTER');
    const crew = token('bench-crew', ['department'], 'NETWORK');
    const supervisor = token('bench-sup', ['supervisor'], 'SUPERVISION');

    // ---------- a 4,000-pipe district with valves and 1,200 households with phones ----------
    const fc = latticeNetwork(4000, { valvesEvery: 4 });
    const nodes = fc.features.filter((f: any) => f.properties.layer === 'pipe').map((f: any) => f.geometry.coordinates[0] as [number, number]);
    for (let i = 0; i < 1200; i++) {
      const [lon, lat] = nodes[(i * 37) % nodes.length];
      fc.features.push({ type: 'Feature', properties: { layer: 'service_point', id: `S${i + 1}`, persons: 2 + (i % 4), phone: `1390${String(i).padStart(7, '0')}`, address: `幸福路${i + 1}号` }, geometry: { type: 'Point', coordinates: [lon + 2e-6, lat] } });
    }
    const net = (await gql(dispatcher, `mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id pipeCount valveCount } }`,
      { i: { name: 'dashboard-district', format: 'GEOJSON', content: JSON.stringify(fc) } })).importNetwork;
    log(`imported ${net.pipeCount} pipes, ${net.valveCount} valves`);

    // ---------- emergencies under way: created, first valve closed (announced and started), notices composed ----------
    const now = Date.now();
    const outageIds: string[] = [];
    for (let k = 0; k < OUTAGES; k++) {
      const pipe = `P${1 + ((k * 197) % net.pipeCount)}`;
      const o = (await gql(dispatcher, `mutation($i: CreateOutageInput!) { createOutage(input: $i) { id valveIds } }`, {
        i: { networkId: net.id, kind: 'EMERGENCY', pipeIds: [pipe], startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 4 * 3_600_000).toISOString(), reason: `爆管抢修 ${k}` },
      })).createOutage;
      check(o.valveIds.length > 0, `outage on ${pipe} has valves to close`);
      await gql(works, `mutation($o: ID!, $v: ID!) { recordValveOperation(outageId: $o, valveId: $v, action: CLOSE) { id status } }`, { o: o.id, v: o.valveIds[0] });
      outageIds.push(o.id);
    }
    const t0 = Date.now();
    for (;;) {
      const { rows } = await mdb.query(`SELECT count(DISTINCT outage_id)::int AS n FROM notice WHERE outage_id = ANY($1::text[])`, [outageIds]);
      if (rows[0].n === outageIds.length) break;
      check(Date.now() - t0 < 90_000, `notices composed for ${rows[0].n} of ${outageIds.length} outages within 90 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The notices of the last outage event settle (reminders, the start): wait until the count stops moving.
    for (let last = -1; ;) {
      await new Promise((r) => setTimeout(r, 1500));
      const { rows } = await mdb.query(`SELECT count(*)::int AS n FROM notice`);
      if (rows[0].n === last) break;
      last = rows[0].n;
    }
    log(`${outageIds.length} outages under way with their notices`);

    // ---------- orders: a leak report on a pipe, valve or household; dispatched, most accepted, some extended ----------
    const kinds = ['Pipe', 'Valve', 'ServicePoint'] as const;
    const valveIds = fc.features.filter((f: any) => f.properties.layer === 'valve').map((f: any) => f.properties.id as string);
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => { for (let i = next++; i < ORDERS; i = next++) {
      const type = kinds[i % 3];
      const id = type === 'Pipe' ? `P${1 + ((i * 13) % net.pipeCount)}` : type === 'Valve' ? valveIds[(i * 7) % valveIds.length] : `S${1 + ((i * 11) % 1200)}`;
      const [lon, lat] = nodes[(i * 53) % nodes.length];
      const w = (await gql(agent, `mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id } }`, {
        i: { category: i % 2 ? 'LEAK' : 'BURST', channel: 'PHONE', description: `看板 ${i}`, address: `幸福路${i}号`, location: { lon, lat }, reporter: { name: '测试', phone: '13800000000' }, asset: { type, networkId: net.id, id } },
      })).createWorkOrder;
      await gql(agent, `mutation($id: ID!) { dispatchWorkOrder(id: $id) { id } }`, { id: w.id });
      if (i % 4 === 3) continue; // left dispatched
      await gql(crew, `mutation($id: ID!) { acceptWorkOrder(id: $id) { id } }`, { id: w.id });
      if (i % 3 === 0) {
        await gql(crew, `mutation($id: ID!, $d: DateTimeISO!, $r: String!) { requestExtension(id: $id, newDueAt: $d, reason: $r) { id } }`, { id: w.id, d: new Date(now + 3 * 86_400_000).toISOString(), r: `需停水配合 ${i}` });
      }
    } }));
    // Reports from inside an outage's area are linked to it (as intake does for a no-water call in a known outage).
    await tdb.query(
      `UPDATE work_order w SET outage_id = ($1::text[])[1 + (x.rn % array_length($1::text[], 1))]
       FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS rn FROM work_order) x WHERE x.id = w.id AND x.rn % 5 <> 0`,
      [outageIds],
    );
    log(`${ORDERS} orders seeded`);

    // ---------- what the page must say, from the three databases ----------
    const page = (await tdb.query(`SELECT id, number, asset_type, asset_id, outage_id FROM work_order ORDER BY created_at DESC, id DESC LIMIT $1`, [PAGE])).rows;
    const ids = page.map((r) => r.id);
    const count = async (table: string) =>
      new Map((await tdb.query(`SELECT order_id::text AS id, count(*)::int AS n FROM ${table} WHERE order_id = ANY($1::uuid[]) GROUP BY 1`, [ids])).rows.map((r) => [r.id, r.n]));
    const [clocks, history, extensions] = [await count('sla_clock'), await count('work_order_history'), await count('work_order_extension')];
    const numbers = new Map((await ndb.query(`SELECT id::text, number FROM outage`)).rows.map((r) => [r.id, r.number]));
    const notices = new Map((await mdb.query(`SELECT outage_id, string_agg(id, ',' ORDER BY id) AS ids FROM notice GROUP BY 1`)).rows.map((r) => [r.outage_id, r.ids]));
    const expected = new Map<string, Expected>(page.map((r) => [r.id, {
      number: r.number, clocks: clocks.get(r.id) ?? 0, history: history.get(r.id) ?? 0, extensions: extensions.get(r.id) ?? 0,
      asset: r.asset_type ? `${r.asset_type}:${r.asset_id}` : null,
      outage: r.outage_id ? { id: r.outage_id, number: numbers.get(r.outage_id)!, notices: notices.get(r.outage_id) ?? '' } : null,
    }]));
    const order = ids.join(',');
    check([...expected.values()].filter((e) => e.outage).length >= PAGE / 2, 'half the page is linked to outages');
    check([...expected.values()].every((e) => !e.outage || e.outage.notices.length > 0), 'every linked outage has notices');
    check([...expected.values()].some((e) => e.extensions > 0), 'some orders have extensions');

    const verify = (data: any) => {
      const items = data.workOrders.items as any[];
      check(items.map((x) => x.id).join(',') === order, 'the page holds the 100 newest orders, newest first');
      for (const x of items) {
        const e = expected.get(x.id)!;
        check(x.number === e.number && x.slaClocks.length === e.clocks && x.history.length === e.history && x.extensions.length === e.extensions, `fields of ${e.number}`);
        check((x.asset ? `${x.asset.__typename}:${x.asset.id}` : null) === e.asset, `asset of ${e.number}`);
        check(x.asset === null || (x.asset.__typename !== 'ServicePoint' || typeof x.asset.address === 'string'), `asset fields of ${e.number}`);
        if (!e.outage) check(x.outage === null, `no outage on ${e.number}`);
        else {
          check(x.outage?.id === e.outage.id && x.outage.number === e.outage.number, `outage of ${e.number}`);
          check(x.outage.notices.map((n: any) => n.id).sort().join(',') === e.outage.notices, `notices of ${e.outage.number}`);
        }
      }
    };

    // ---------- the measured run ----------
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const read = gqlWith(keepAlive);
    for (let i = 0; i < 40; i++) verify(await read(supervisor, DASHBOARD, { n: PAGE }));
    const lat: number[] = [];
    let errors = 0;
    const deadline = Date.now() + SECONDS * 1000;
    const cpu0 = cpuSnapshot(stack);
    const start = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const s = performance.now();
        let data: any;
        try {
          data = await read(supervisor, DASHBOARD, { n: PAGE });
        } catch (e) {
          errors++;
          if (errors < 5) log(`error: ${(e as Error).message}`);
          continue;
        }
        lat.push(performance.now() - s);
        verify(data); // outside the timing; a wrong answer stops the bench
      }
    }));
    const secs = (Date.now() - start) / 1000;
    const cpu1 = cpuSnapshot(stack);
    keepAlive.destroy();
    seedAgent.destroy();
    const s = [...lat].sort((a, b) => a - b);
    print({
      bench: 'dashboard.page', orders_per_page: PAGE, fields: 'slaClocks history extensions asset outage{notices}', in_flight: CONCURRENCY, ops: s.length,
      ops_per_s: Math.round(s.length / secs), p50_ms: +pct(s, 0.5).toFixed(2), p99_ms: +pct(s, 0.99).toFixed(2), target_p50_ms: 40, errors, answers_checked: s.length,
      linked_outages: outageIds.length, notices: [...notices.values()].reduce((a, x) => a + x.split(',').length, 0),
    });
    const perRequest = Object.fromEntries(Object.keys(cpu1).map((k) => [k, +(((cpu1[k] - (cpu0[k] ?? 0)) * 1000) / s.length).toFixed(3)]));
    print({ bench: 'dashboard.cpu_ms_per_request', ...perRequest, total: +Object.values(perRequest).reduce((a, b) => a + b, 0).toFixed(3) });
    // BENCH_HOLD_S: keep the seeded stack up this long afterwards (for profiling by hand).
    if (process.env.BENCH_HOLD_S) {
      log(`holding the stack at ${stack.gatewayUrl} for ${process.env.BENCH_HOLD_S} s`);
      await new Promise((r) => setTimeout(r, Number(process.env.BENCH_HOLD_S) * 1000));
    }
  } finally {
    await Promise.allSettled([tdb.end(), ndb.end(), mdb.end()]);
    await stack.stop();
    await infra.stop();
  }
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
