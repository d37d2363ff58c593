// npm run bench:reports — the monthly report over BENCH_REPORT_ORDERS (1,000,000) orders in one report month, timed
// on the path the API takes (ReportService.monthly: PostgreSQL's aggregates combined by the domain; then, as when a
// query selects `csv`, the CSV with its order list streamed by COPY), in a database of its own seeded with generate_series (a realistic mix of categories, channels, departments,
// states, deadlines met and missed, callbacks, complaints, compensation; 3 % of the orders just outside the period,
// which is cut 26th–25th in the utility's zone). The totals are checked against PostgreSQL's own counts: a wrong
// report fails the bench. Prints one JSON line per figure. Env: BENCH_REPORT_ORDERS (1000000), BENCH_REPORT_RUNS (3).
import 'reflect-metadata';
import path from 'node:path';
import { connectAndMigrate, createDataSource, createLogger, Identity, ManualClock } from '@mainline/common';
import { ensureDatabases, ROOT, startInfra } from '@mainline/infra';
import { buildTickets, entities, migrations } from '@mainline/tickets/src/app';
import { ticketsSettings } from '@mainline/tickets/src/config';

const ORDERS = Number(process.env.BENCH_REPORT_ORDERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 3);
const MONTH = '2026-11';
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');
function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`bench answer check failed: ${what}`);
}
const supervisor: Identity = { sub: 'bench-sup', name: '质量监督', roles: ['supervisor'], department: 'SUPERVISION' } as Identity;

// Category → department, weighted like a water desk's month (repairs and meters most, complaints few).
const MIX: Array<[string, string, number]> = [
  ['LEAK', 'NETWORK', 22], ['BURST', 'NETWORK', 6], ['NO_WATER', 'NETWORK', 8], ['MAINS_PRESSURE', 'NETWORK', 4], ['CUSTOMER_PRESSURE', 'NETWORK', 3],
  ['METER_FAULT', 'METER', 12], ['METER_BOX', 'METER', 5], ['BILLING', 'BUSINESS', 14], ['WATER_QUALITY', 'QUALITY', 4], ['INQUIRY', 'CALL_CENTER', 14],
  ['COMPLAINT', 'DISCIPLINE', 5], ['COVER', 'NETWORK', 3],
];

async function main() {
  const infra = await startInfra({ databaseUrl: process.env.DATABASE_URL, kafkaBrokers: process.env.KAFKA_BROKERS?.split(','), dataDir: path.join(ROOT, '.data'), log });
  const db = 'mainline_bench_reports_tickets';
  await ensureDatabases(infra.pg, [db], { recreate: true });
  const quiet = createLogger('bench', 'silent');
  const ds = createDataSource({ url: infra.pg.urlFor(db), entities, migrations, log: quiet, poolSize: 4, statementTimeoutMs: 0 });
  try {
    await connectAndMigrate(ds, quiet);
    const cfg = ticketsSettings({});
    const clock = new ManualClock(new Date('2026-11-27T02:00:00Z'));
    const { services } = buildTickets(ds, cfg, clock, quiet);
    const period = services.reports.period(MONTH);
    const spanMs = period.end.getTime() - period.start.getTime();
    const weights = MIX.flatMap(([c, d, w]) => Array.from({ length: w }, () => [c, d]));
    const outside = Math.round(ORDERS * 0.03);
    log(`seeding ${ORDERS} orders in ${MONTH} (${period.start.toISOString()} – ${period.end.toISOString()}) and ${outside} just outside, with generate_series`);
    const t0 = Date.now();
    // g < ORDERS: inside the period, spread evenly; the rest in the two days before it and after it.
    await ds.query(
      `INSERT INTO work_order (id, number, utility, channel, category, status, department, description, lon, lat, address, first_contact_owner, created_by,
                               created_at, dispatched_at, accepted_at, on_site_at, resolved_at, dispatch_due_at, accept_due_at, on_site_due_at, resolve_due_at,
                               extension_count, return_count, complaint_target, called_back_at, callback_satisfied, answered_at)
       SELECT gen_random_uuid(), 'RPT-' || g, 'WATER', (ARRAY['PHONE','PHONE','PHONE','WECHAT','WECHAT','WEB','OPEN311','GOVERNMENT'])[1 + (h % 8)],
              m.c, s.status, m.d, '报修', 116.2 + (h % 997) * 0.0004, 39.8 + (h % 991) * 0.0003, '人民路' || (h % 20000) || '号', 'bench', 'bench',
              t.c, t.c + lag.dispatch, t.c + lag.accept, CASE WHEN s.rank >= 3 THEN t.c + lag.onsite END, CASE WHEN s.rank >= 4 THEN t.c + lag.resolve END,
              t.c + interval '5 min', t.c + interval '30 min', t.c + interval '60 min', t.c + interval '24 hours',
              (h % 40 = 0)::int, (h % 97 = 0)::int, CASE WHEN m.c = 'COMPLAINT' THEN (ARRAY['COMPANY','DEPARTMENT','STAFF'])[1 + (h % 3)] END,
              CASE WHEN s.rank >= 5 THEN t.c + lag.resolve + interval '20 hours' END, CASE WHEN s.rank >= 5 THEN h % 10 <> 0 END,
              CASE WHEN m.c = 'INQUIRY' AND h % 2 = 0 THEN t.c + interval '3 min' END
       FROM generate_series(0, $1::int + $2::int - 1) g
       CROSS JOIN LATERAL (SELECT (g::bigint * 2654435761) % 4294967291 AS h) hh
       CROSS JOIN LATERAL (SELECT ($3::jsonb -> (h % jsonb_array_length($3::jsonb))::int ->> 0) AS c, ($3::jsonb -> (h % jsonb_array_length($3::jsonb))::int ->> 1) AS d) m
       CROSS JOIN LATERAL (SELECT CASE WHEN g < $1 THEN $4::timestamptz + (g::float8 / $1) * $5 * interval '1 millisecond'
                                       WHEN g % 2 = 0 THEN $4::timestamptz - (1 + (g - $1) % 172800) * interval '1 second'
                                       ELSE $4::timestamptz + $5 * interval '1 millisecond' + ((g - $1) % 172800) * interval '1 second' END AS c) t
       CROSS JOIN LATERAL (SELECT (h % 100) AS p) pp
       CROSS JOIN LATERAL (SELECT CASE WHEN p < 2 THEN 'CANCELLED' WHEN p < 6 THEN 'ACCEPTED' WHEN p < 9 THEN 'ON_SITE' WHEN p < 30 THEN 'RESOLVED' WHEN p < 80 THEN 'CALLED_BACK' ELSE 'CLOSED' END AS status,
                                  CASE WHEN p < 2 THEN 2 WHEN p < 6 THEN 2 WHEN p < 9 THEN 3 WHEN p < 30 THEN 4 ELSE 5 END AS rank) s
       CROSS JOIN LATERAL (SELECT interval '1 min' * (1 + h % 8) AS dispatch, interval '1 min' * (8 + h % 35) AS accept, interval '1 min' * (20 + h % 70) AS onsite,
                                  interval '1 hour' * (1 + h % 40) AS resolve) lag`,
      [ORDERS, outside, JSON.stringify(weights), period.start, spanMs],
    );
    // 1 % of the orders carry compensation: to the customer or a fine on the unit, some rejected.
    await ds.query(
      `INSERT INTO compensation_record (order_id, rule_id, target, amount_cny, units, provisional, status, reason, created_at, payee)
       SELECT id, 'BENCH', 'bench', 50 + (abs(hashtext(id::text)) % 5) * 10, 1, false,
              CASE WHEN abs(hashtext(id::text)) % 7 = 0 THEN 'REJECTED' ELSE 'CONFIRMED' END, 'bench', created_at,
              CASE WHEN abs(hashtext(id::text)) % 3 = 0 THEN 'INTERNAL' ELSE 'CUSTOMER' END
       FROM work_order WHERE abs(hashtext(number)) % 100 = 0`,
    );
    await ds.query(`VACUUM ANALYZE work_order`);
    await ds.query(`ANALYZE compensation_record`);
    log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // PostgreSQL's own figures for the same period, computed independently of the report code.
    const inPeriod = `created_at >= $1 AND created_at < $2`;
    const [{ total }] = await ds.query(`SELECT count(*)::int AS total FROM work_order WHERE ${inPeriod}`, [period.start, period.end]);
    const byCategory = new Map<string, number>((await ds.query(`SELECT category, count(*)::int AS n FROM work_order WHERE ${inPeriod} GROUP BY 1`, [period.start, period.end])).map((r: any) => [r.category, r.n]));
    const byDepartment = new Map<string, number>((await ds.query(`SELECT department, count(*)::int AS n FROM work_order WHERE ${inPeriod} GROUP BY 1`, [period.start, period.end])).map((r: any) => [r.department, r.n]));
    const [cb] = await ds.query(
      `SELECT count(*) FILTER (WHERE called_back_at IS NOT NULL AND callback_satisfied IS NOT NULL)::int AS answered, count(*) FILTER (WHERE callback_satisfied)::int AS satisfied,
              count(*) FILTER (WHERE category = 'COMPLAINT')::int AS complaints, count(*) FILTER (WHERE answered_at IS NOT NULL)::int AS at_once,
              sum(extension_count)::int AS extensions
       FROM work_order WHERE ${inPeriod}`, [period.start, period.end]);
    const [comp] = await ds.query(
      `SELECT COALESCE(sum(c.amount_cny) FILTER (WHERE c.payee = 'CUSTOMER'), 0)::float8 AS customer, COALESCE(sum(c.amount_cny) FILTER (WHERE c.payee = 'INTERNAL'), 0)::float8 AS internal
       FROM compensation_record c JOIN work_order w ON w.id = c.order_id WHERE c.status <> 'REJECTED' AND w.created_at >= $1 AND w.created_at < $2`, [period.start, period.end]);
    check(total === ORDERS, `${total} orders in the period, seeded ${ORDERS}`);

    const times: number[] = [];
    let peakRss = 0;
    const rss = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };
    let last: Awaited<ReturnType<typeof services.reports.monthly>> | null = null;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = await services.reports.monthly(supervisor, MONTH);
      times.push(performance.now() - t);
      rss();
      check(r.totalOrders === total, `totalOrders ${r.totalOrders}, PostgreSQL ${total}`);
      check(r.periodStart.getTime() === period.start.getTime() && r.periodEnd.getTime() === period.end.getTime(), 'period 26th–25th');
      for (const row of r.byCategory) check(byCategory.get(row.key) === row.count, `category ${row.key}: ${row.count}, PostgreSQL ${byCategory.get(row.key)}`);
      check(r.byCategory.length === byCategory.size, 'every category');
      for (const row of r.byDepartment) check(byDepartment.get(row.key) === row.count, `department ${row.key}: ${row.count}, PostgreSQL ${byDepartment.get(row.key)}`);
      check(r.callback.answered === cb.answered && r.callback.satisfied === cb.satisfied, `callbacks ${r.callback.answered}/${r.callback.satisfied}, PostgreSQL ${cb.answered}/${cb.satisfied}`);
      check(r.complaints.total === cb.complaints && r.answeredAtOnce === cb.at_once && r.extensions.total === cb.extensions, 'complaints, answered at once, extensions');
      check(Math.abs(r.compensation.totalCny - comp.customer) < 0.005 && Math.abs(r.internalFines.totalCny - comp.internal) < 0.005,
        `compensation ${r.compensation.totalCny}/${r.internalFines.totalCny}, PostgreSQL ${comp.customer}/${comp.internal}`);
      log(`run ${i + 1}: ${times[i].toFixed(0)} ms`);
      last = r;
    }
    // The CSV, as when a query selects `csv`: the figures' blocks, then one line per order streamed from PostgreSQL.
    const tc = performance.now();
    const csv = await last!.csv();
    const csvMs = performance.now() - tc;
    rss();
    const heading = csv.indexOf('\n工单号 Number,');
    check(heading > 0, 'the order list in the CSV');
    const lines = csv.slice(heading + 1).trimEnd().split('\n');
    check(lines.length - 1 === total, `${lines.length - 1} CSV order lines, PostgreSQL ${total}`);
    const csvCategories = new Map<string, number>();
    for (let i = 1; i < lines.length; i++) {
      const c = lines[i].split(',')[2];
      csvCategories.set(c, (csvCategories.get(c) ?? 0) + 1);
    }
    for (const [k, n] of byCategory) check(csvCategories.get(k) === n, `CSV lines of ${k}: ${csvCategories.get(k)}, PostgreSQL ${n}`);
    const csvBytes = Buffer.byteLength(csv);
    lines.length = 0;
    // The job produces the ended month's report once; supervisors then read it as stored (producedMonthlyReport).
    const tp = performance.now();
    const produced = await services.reports.runDue();
    const produceMs = performance.now() - tp;
    rss();
    check(produced?.month === MONTH && produced.report.totalOrders === total, 'the job produced the month that ended');
    const readTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const stored = await services.reports.produced(supervisor, MONTH);
      readTimes.push(performance.now() - t);
      check(!!stored && stored.report.totalOrders === total && stored.report.byCategory.every((x) => byCategory.get(x.key) === x.count), 'the stored report as produced');
    }
    const ts = performance.now();
    const storedCsv = await (await services.reports.produced(supervisor, MONTH))!.report.csv();
    const storedCsvMs = performance.now() - ts;
    rss();
    check(Buffer.byteLength(storedCsv) === csvBytes, 'the stored CSV as produced');
    readTimes.sort((a, b) => a - b);
    const sorted = [...times].sort((a, b) => a - b);
    print({
      bench: 'tickets.monthly_report', month: MONTH, orders_in_month: total, orders_outside: outside, runs: RUNS, median_ms: Math.round(sorted[Math.floor(RUNS / 2)]),
      min_ms: Math.round(sorted[0]), max_ms: Math.round(sorted[RUNS - 1]), target_ms: 2000, checked_against_sql: true,
    });
    print({ bench: 'tickets.monthly_report_csv', month: MONTH, orders_in_month: total, csv_ms: Math.round(csvMs), csv_mb: +(csvBytes / 1e6).toFixed(1), order_lines_checked: true });
    print({
      bench: 'tickets.monthly_report_produced', month: MONTH, orders_in_month: total, produce_and_store_ms: Math.round(produceMs),
      read_stored_median_ms: Math.round(readTimes[Math.floor(RUNS / 2)]), read_stored_csv_ms: Math.round(storedCsvMs), runs: RUNS,
    });
    print({ bench: 'tickets.monthly_report_memory', peak_rss_mb: Math.round(peakRss / 1e6), heap_used_mb: Math.round(process.memoryUsage().heapUsed / 1e6) });
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await infra.stop();
  }
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
