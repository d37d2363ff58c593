import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { UtilityKind } from '@mainline/common/domain';
import { METRES_PER_DEGREE } from '@mainline/common/domain';
import { Department, OrderFacts, REPORT_STAGES, ReportAggregates, ReportGroup, ReportStage } from '../domain';

const PERIOD = `w.created_at >= $1 AND w.created_at < $2 AND ($3::text IS NULL OR w.department = $3) AND w.utility = ANY($4::text[])`;

/** Instants as epoch milliseconds (float8): a million orders' ten timestamps parse as numbers, not as date text. */
const TIMES = ['answered_at', 'created_at', 'dispatched_at', 'accepted_at', 'on_site_at', 'resolved_at', 'dispatch_due_at', 'accept_due_at', 'on_site_due_at', 'resolve_due_at', 'called_back_at'] as const;
const ms = (c: string) => `floor(extract(epoch FROM w.${c}) * 1000)::float8 AS ${c}`;

/** The period's orders and their report rules, as the domain states them for one order (domain/report.ts `stageOnTime`, `withoutService`). */
export interface ReportQuery {
  start: Date;
  end: Date;
  department: Department | null;
  utilities: readonly UtilityKind[];
  /** Open targets whose deadline passed by this instant count as late. */
  asOf: Date;
  /** Statuses closed without service. */
  noService: readonly string[];
}

// The per-order rules in SQL, for PostgreSQL to aggregate a million orders where they are (the domain combines the
// aggregates; the TypeScript twin, aggregateFacts, is compared with this one order by order in report.service.int.test.ts).
const NO_SERVICE_SQL = `(w.status = ANY($6::text[]) OR w.answered_at IS NOT NULL OR (w.resolved_at IS NOT NULL AND w.dispatched_at IS NULL))`;
const STAGE_SQL: Record<ReportStage, { due: string; done: string; from: string }> = {
  dispatch: { due: 'dispatch_due_at', done: 'dispatched_at', from: 'created_at' },
  accept: { due: 'accept_due_at', done: 'accepted_at', from: 'dispatched_at' },
  onSite: { due: 'on_site_due_at', done: 'on_site_at', from: 'created_at' },
  resolve: { due: 'resolve_due_at', done: 'resolved_at', from: 'created_at' },
};
/** On time (true), late (false) or not counted (null): done by the deadline, or still open past it unless closed without service. */
const onTimeSql = (s: ReportStage) => {
  const { due, done } = STAGE_SQL[s];
  return `CASE WHEN w.${due} IS NULL THEN NULL WHEN w.${done} IS NOT NULL THEN w.${done} <= w.${due} WHEN NOT ${NO_SERVICE_SQL} AND w.${due} <= $5 THEN false END`;
};
// Milliseconds as float8 (numeric extract costs several times more over a million rows); the service's instants are whole milliseconds.
const msBetween = (from: string, to: string) => `round(date_part('epoch', w.${to} - w.${from}) * 1000)`;
const COMPENSATION_JOIN = `LEFT JOIN (SELECT order_id, sum(amount_cny) FILTER (WHERE payee = 'CUSTOMER') AS comp, sum(amount_cny) FILTER (WHERE payee = 'INTERNAL') AS fine
                  FROM compensation_record WHERE status <> 'REJECTED' GROUP BY order_id) c ON c.order_id = w.id`;
// What String.prototype.trim removes (an address of ideographic spaces only is no address).
const JS_WHITESPACE = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const STAGE_KEYS: Record<ReportStage, string> = { dispatch: 'd', accept: 'a', onSite: 's', resolve: 'r' };

export class ReportRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Facts from the order rows (denormalised timestamps and counters kept by the service), in one pass: the
   * compensation owed (not rejected, by payee: paid to the customer, or a fine on the responsible unit) is one
   * grouped join rather than two lookups per order.
   */
  async factsFromColumns(start: Date, end: Date, department: Department | null, utilities: readonly UtilityKind[]): Promise<OrderFacts[]> {
    const rows: any[] = await this.ds.query(
      `SELECT w.id, w.utility, w.number, w.category, w.channel, w.department, w.status, ${TIMES.map(ms).join(', ')},
              w.extension_count, w.return_count, w.complaint_target, w.complaint_subject_department, w.callback_satisfied, w.lon, w.lat, w.address,
              COALESCE(c.comp, 0)::float8 AS comp, COALESCE(c.fine, 0)::float8 AS fine
       FROM work_order w
       LEFT JOIN (SELECT order_id, sum(amount_cny) FILTER (WHERE payee = 'CUSTOMER') AS comp, sum(amount_cny) FILTER (WHERE payee = 'INTERNAL') AS fine
                  FROM compensation_record WHERE status <> 'REJECTED' GROUP BY order_id) c ON c.order_id = w.id
       WHERE ${PERIOD}`,
      [start, end, department, utilities],
    );
    const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
    const at = (v: number | null): Date | undefined => (v === null ? undefined : new Date(v));
    return rows.map((r) => ({
      id: r.id, utility: r.utility, number: r.number, answeredAt: at(r.answered_at), category: r.category, channel: r.channel, department: r.department, status: r.status, createdAt: new Date(r.created_at),
      dispatchedAt: at(r.dispatched_at), acceptedAt: at(r.accepted_at), onSiteAt: at(r.on_site_at), resolvedAt: at(r.resolved_at),
      dispatchDueAt: at(r.dispatch_due_at), acceptDueAt: at(r.accept_due_at), onSiteDueAt: at(r.on_site_due_at), resolveDueAt: at(r.resolve_due_at),
      extensionCount: r.extension_count, returnCount: r.return_count, complaintTarget: opt(r.complaint_target),
      complaintSubjectDepartment: opt(r.complaint_subject_department), callbackDone: r.called_back_at !== null,
      callbackSatisfied: r.callback_satisfied, location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : undefined,
      address: opt(r.address), compensationCny: r.comp, internalFineCny: r.fine,
    }));
  }

  /**
   * The report's aggregates over the period, in PostgreSQL (a million orders are counted where they are, not read
   * into the service): per (utility, category, channel, department, complaint target) group, the stage durations
   * with their nearest-rank p90, and the top hot-spot addresses and grid cells. Four statements, run side by side.
   */
  async aggregates(q: ReportQuery, limit: number, gridM: number, workMemMb: number): Promise<ReportAggregates> {
    const p = [q.start, q.end, q.department, q.utilities, q.asOf, q.noService];
    const stageCols = REPORT_STAGES.map((s) => `${onTimeSql(s)} AS ok_${STAGE_KEYS[s]}`).join(', ');
    const stageAggs = REPORT_STAGES.map((s) => `count(ok_${STAGE_KEYS[s]})::int AS counted_${STAGE_KEYS[s]}, count(*) FILTER (WHERE ok_${STAGE_KEYS[s]})::int AS on_${STAGE_KEYS[s]}`).join(', ');
    const groupsSql = `
      WITH o AS (
        SELECT w.utility, w.category, w.channel, w.department, w.complaint_target, ${stageCols},
               w.extension_count, w.return_count, w.resolved_at, w.called_back_at, w.callback_satisfied, w.answered_at, w.status,
               ${msBetween('created_at', 'resolved_at')} AS resolved_ms, c.comp, c.fine
        FROM work_order w ${COMPENSATION_JOIN}
        WHERE ${PERIOD})
      SELECT utility, category, channel, department, complaint_target, count(*)::int AS orders, ${stageAggs},
             COALESCE(sum(extension_count), 0)::int AS extensions, count(*) FILTER (WHERE extension_count > 0)::int AS extended,
             COALESCE(sum(return_count), 0)::int AS returns, count(*) FILTER (WHERE return_count > 0)::int AS returned,
             count(resolved_at)::int AS resolved, count(*) FILTER (WHERE resolved_at IS NOT NULL AND called_back_at IS NOT NULL)::int AS resolved_called_back,
             count(*) FILTER (WHERE called_back_at IS NOT NULL AND callback_satisfied IS NOT NULL)::int AS answered,
             count(*) FILTER (WHERE called_back_at IS NOT NULL AND callback_satisfied)::int AS satisfied,
             count(*) FILTER (WHERE comp > 0)::int AS compensated, COALESCE(sum(comp) FILTER (WHERE comp > 0), 0)::float8 AS comp,
             count(*) FILTER (WHERE fine > 0)::int AS fined, COALESCE(sum(fine) FILTER (WHERE fine > 0), 0)::float8 AS fine,
             count(answered_at)::int AS at_once, COALESCE(sum(resolved_ms), 0)::float8 AS resolved_ms,
             count(*) FILTER (WHERE status <> ALL($6::text[]))::int AS owed,
             count(*) FILTER (WHERE status <> ALL($6::text[]) AND resolved_at <= $5)::int AS owed_resolved
      FROM o GROUP BY 1, 2, 3, 4, 5`;
    const durationSql = `
      SELECT ${REPORT_STAGES.map((s) => {
        const d = msBetween(STAGE_SQL[s].from, STAGE_SQL[s].done);
        const k = STAGE_KEYS[s];
        return `count(${d})::int AS n_${k}, COALESCE(sum(${d}), 0)::float8 AS sum_${k}, (percentile_disc(0.9) WITHIN GROUP (ORDER BY ${d}))::float8 AS p90_${k}`;
      }).join(', ')}
      FROM work_order w WHERE ${PERIOD}`;
    const addressSql = `
      SELECT a AS address, sum(n)::int AS count, (array_agg(category ORDER BY n DESC, category COLLATE "C"))[1] AS top
      FROM (SELECT btrim(w.address, $5) AS a, w.category, count(*) AS n FROM work_order w WHERE ${PERIOD} AND w.address IS NOT NULL GROUP BY 1, 2) x
      WHERE a <> '' GROUP BY a ORDER BY count DESC, a COLLATE "C" LIMIT $6`;
    // The same cell as domain gridCell (row band, then the column width at the band's centre latitude).
    const cellSql = `
      SELECT rw, cl, sum(n)::int AS count, (array_agg(category ORDER BY n DESC, category COLLATE "C"))[1] AS top
      FROM (SELECT rw, floor(w.lon / ($5::float8 / cos(((rw + 0.5) * $5::float8 * pi()) / 180)))::int AS cl, w.category, count(*) AS n
            FROM work_order w CROSS JOIN LATERAL (SELECT floor(w.lat / $5::float8)::int AS rw) r
            WHERE ${PERIOD} AND w.lat IS NOT NULL AND w.lon IS NOT NULL GROUP BY 1, 2, 3) x
      GROUP BY rw, cl ORDER BY count DESC, (rw || ':' || cl) COLLATE "C" LIMIT $6`;
    // One connection, one after the other (a report does not take the pool from the desk's requests); sorts and hash
    // tables of a million rows in memory, and no JIT (its compile time exceeds what it saves on these plans).
    const [groups, [dur], addresses, cells] = await this.ds.transaction(async (m) => {
      await m.query(`SELECT set_config('work_mem', $1, true), set_config('jit', 'off', true)`, [`${workMemMb}MB`]);
      return [
        await m.query(groupsSql, p),
        await m.query(durationSql, p.slice(0, 4)),
        await m.query(addressSql, [...p.slice(0, 4), JS_WHITESPACE, limit]),
        await m.query(cellSql, [...p.slice(0, 4), gridM / METRES_PER_DEGREE, limit]),
      ];
    });
    return {
      groups: groups.map((r: any): ReportGroup => ({
        utility: r.utility, category: r.category, channel: r.channel, department: r.department, complaintTarget: r.complaint_target,
        orders: r.orders,
        stages: Object.fromEntries(REPORT_STAGES.map((s) => [s, { counted: r[`counted_${STAGE_KEYS[s]}`], onTime: r[`on_${STAGE_KEYS[s]}`] }])) as ReportGroup['stages'],
        extensions: r.extensions, extendedOrders: r.extended, returns: r.returns, returnedOrders: r.returned,
        resolved: r.resolved, resolvedCalledBack: r.resolved_called_back, answered: r.answered, satisfied: r.satisfied,
        compensated: r.compensated, compensationCny: r.comp, fined: r.fined, fineCny: r.fine, answeredAtOnce: r.at_once,
        resolvedMs: r.resolved_ms, owed: r.owed, owedResolved: r.owed_resolved,
      })),
      durations: Object.fromEntries(REPORT_STAGES.map((s) => {
        const k = STAGE_KEYS[s];
        return [s, { count: dur[`n_${k}`], sumMs: dur[`sum_${k}`], p90Ms: dur[`p90_${k}`] }];
      })) as ReportAggregates['durations'],
      addresses: addresses.map((r: any) => ({ address: r.address, count: r.count, topCategory: r.top })),
      cells: cells.map((r: any) => ({ row: r.rw, col: r.cl, count: r.count, topCategory: r.top })),
    };
  }

  /**
   * The order list of the period as CSV lines (oldest first, reported time in `timeZone`), written by PostgreSQL's
   * COPY … CSV and handed over chunk by chunk: a million orders never become rows in the service. The columns are
   * domain reportToCsv's order lines (same rules as `aggregates`); NULL is an empty cell, quoting is CSV's.
   */
  async orderLinesCsv(q: ReportQuery, o: { timeZone: string; alwaysCalledBack: readonly string[]; repairCategories: readonly string[]; workMemMb: number }, onChunk: (b: Buffer) => void): Promise<void> {
    const params: Array<[string, unknown]> = [
      ['$1::timestamptz::text', q.start], ['$2::timestamptz::text', q.end], ['COALESCE($3::text, \'\')', q.department], ['$4::text[]::text', q.utilities],
      ['$5::timestamptz::text', q.asOf], ['$6::text[]::text', q.noService], ['$7::text', o.timeZone], ['$8::text[]::text', o.alwaysCalledBack], ['$9::text[]::text', o.repairCategories],
    ];
    const types = ['timestamptz', 'timestamptz', null, 'text[]', 'timestamptz', 'text[]', 'text', 'text[]', 'text[]'];
    // COPY takes no parameters: they are set for the transaction and read back, never spliced into the text.
    const setting = (i: number) => {
      const v = `current_setting('mainline.report_p${i + 1}')`;
      return types[i] === null ? `NULLIF(${v}, '')` : `${v}::${types[i]}`;
    };
    const sub = (sql: string) => sql.replace(/\$(\d+)/g, (_m, n: string) => `(${setting(Number(n) - 1)})`);
    const yn = (e: string) => `CASE WHEN ${e} THEN '是 yes' WHEN NOT ${e} THEN '否 no' END`;
    const ms = (c: string) => `floor(extract(epoch FROM w.${c}) * 1000)`;
    const select = `
      SELECT w.number, to_char(w.created_at AT TIME ZONE $7, 'YYYY-MM-DD HH24:MI'), w.category, w.channel, w.department, w.status, w.complaint_target,
             ${REPORT_STAGES.map((s) => yn(`(${onTimeSql(s)})`)).join(', ')},
             CASE WHEN w.answered_at IS NOT NULL THEN '是 yes' END,
             CASE WHEN w.resolved_at IS NOT NULL AND w.category = ANY($8) THEN ${yn('(w.called_back_at IS NOT NULL)')} END,
             CASE WHEN w.called_back_at IS NOT NULL THEN ${yn('w.callback_satisfied')} END,
             CASE WHEN w.resolved_at IS NOT NULL AND w.category = ANY($9) THEN floor((${ms('resolved_at')} - ${ms('created_at')})::float8 / 60000 * 10 + 0.5) / 10 END,
             COALESCE(c.comp, 0)::float8, COALESCE(c.fine, 0)::float8
      FROM work_order w ${COMPENSATION_JOIN}
      WHERE ${PERIOD}
      ORDER BY w.created_at, w.id`;
    const qr = this.ds.createQueryRunner();
    const client = (await qr.connect()) as { query<T>(q: T): T };
    try {
      await qr.startTransaction();
      await qr.query(`SELECT ${params.map(([e], i) => `set_config('mainline.report_p${i + 1}', ${e}, true)`).join(', ')}, set_config('work_mem', $10, true), set_config('jit', 'off', true)`,
        [...params.map(([, v]) => v), `${o.workMemMb}MB`]); // the million lines' sort in memory, as for the figures
      const stream = client.query(copyTo(`COPY (${sub(select)}) TO STDOUT (FORMAT csv)`));
      await pipeline(stream, new Writable({ write(chunk: Buffer, _enc, done) { onChunk(chunk); done(); } }));
      await qr.commitTransaction();
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      await qr.release();
    }
  }

  /** The report produced for a month (its figures, not its CSV), null when it has not been produced. */
  async run(month: string): Promise<ProducedReportRow | null> {
    const rows: ProducedReportRow[] = await this.ds.query(
      `SELECT month, period_start AS "periodStart", period_end AS "periodEnd", produced_at AS "producedAt", produced_by AS "producedBy", report
       FROM monthly_report_run WHERE month = $1`,
      [month],
    );
    return rows[0] ?? null;
  }

  /** The produced report's CSV, null when the month has not been produced. */
  async csv(month: string): Promise<string | null> {
    const rows: Array<{ csv: string }> = await this.ds.query(`SELECT csv FROM monthly_report_run WHERE month = $1`, [month]);
    return rows[0]?.csv ?? null;
  }

  /** The produced reports, newest first (without their bodies). */
  runs(limit: number): Promise<Array<Omit<ProducedReportRow, 'report'>>> {
    return this.ds.query(
      `SELECT month, period_start AS "periodStart", period_end AS "periodEnd", produced_at AS "producedAt", produced_by AS "producedBy"
       FROM monthly_report_run ORDER BY month DESC LIMIT $1`,
      [limit],
    );
  }

  /** Stores a produced report once (the month's primary key); false when it had been produced already. */
  async saveRun(r: ProducedReportRow, csv: string): Promise<boolean> {
    const rows = await this.ds.query(
      `INSERT INTO monthly_report_run (month, period_start, period_end, produced_at, produced_by, report, csv) VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7)
       ON CONFLICT (month) DO NOTHING RETURNING month`,
      [r.month, r.periodStart, r.periodEnd, r.producedAt, r.producedBy, JSON.stringify(r.report), csv],
    );
    return rows.length > 0;
  }
}

export interface ProducedReportRow {
  month: string;
  periodStart: Date;
  periodEnd: Date;
  producedAt: Date;
  producedBy: string;
  /** The report's figures as served (JSON: instants as ISO strings); its CSV is a column of its own, read on request. */
  report: Record<string, unknown>;
}
