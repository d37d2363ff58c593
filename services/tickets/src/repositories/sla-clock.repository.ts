import type { DataSource } from 'typeorm';
import { preparedQuery } from '@mainline/common';
import type { PlannedClock } from '../domain';
import type { SqlBatch } from './sql-batch';

/** A clock row as stored: the shape the domain's planSla produces. */
export type ClockRow = PlannedClock;

export interface SweepResult {
  processed: number;
  warned: number;
  breached: number;
}

/** The deadline clocks the scheduler watches: one row per running target, found through `next_at`. */
export class SlaClockRepository {
  constructor(private readonly ds: DataSource) {}

  /** The clocks of several orders in one statement. */
  forOrders(orderIds: string[]): Promise<ClockRow[]> {
    return preparedQuery(this.ds,
      `SELECT order_id AS "orderId", kind, basis, started_at AS "startedAt", due_at AS "dueAt", warn1_at AS "warn1At", warn2_at AS "warn2At",
              level, next_at AS "nextAt", met_at AS "metAt"
       FROM sla_clock WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, kind`,
      [[...new Set(orderIds)]],
    );
  }

  async forOrder(orderId: string): Promise<ClockRow[]> {
    return this.ds.query(
      `SELECT order_id AS "orderId", kind, basis, started_at AS "startedAt", due_at AS "dueAt", warn1_at AS "warn1At", warn2_at AS "warn2At",
              level, next_at AS "nextAt", met_at AS "metAt"
       FROM sla_clock WHERE order_id = $1 ORDER BY kind`,
      [orderId],
    );
  }

  /**
   * Adds to `b` what makes the order's clocks exactly `rows` (one multi-row upsert, the others deleted).
   * The order's `breached` flag follows these rows; the caller writes it with the order's own update.
   */
  replaceIn(b: SqlBatch, orderId: string, rows: ClockRow[]): void {
    b.add(`DELETE FROM sla_clock WHERE order_id = $1 AND NOT (kind = ANY($2::text[]))`, [orderId, rows.map((r) => r.kind)]);
    if (!rows.length) return;
    const params: unknown[] = [];
    const values = rows.map((r) => {
      const n = params.push(orderId, r.kind, r.basis, r.startedAt, r.dueAt, r.warn1At, r.warn2At, r.level, r.nextAt, r.metAt) - 10;
      return `(${Array.from({ length: 10 }, (_, i) => `$${n + i + 1}`).join(',')})`;
    });
    b.add(
      `INSERT INTO sla_clock (order_id, kind, basis, started_at, due_at, warn1_at, warn2_at, level, next_at, met_at) VALUES ${values.join(', ')}
       ON CONFLICT (order_id, kind) DO UPDATE SET basis = EXCLUDED.basis, started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at,
         warn1_at = EXCLUDED.warn1_at, warn2_at = EXCLUDED.warn2_at, level = EXCLUDED.level, next_at = EXCLUDED.next_at, met_at = EXCLUDED.met_at`,
      params,
    );
  }

  /**
   * One batch of the sweep, all in SQL (index range scan on next_at, no per-order work in Node):
   * claims up to `batch` due clocks with FOR UPDATE SKIP LOCKED (replicas take disjoint rows), moves
   * each to the level `now` reaches, and for every raised level writes the event to the outbox; a
   * breach also flags the order, records an escalation to the department heads and the service-quality
   * office, and proposes compensation under the active rules (amounts are settled when the target is met).
   */
  async sweepBatch(now: Date, batch: number, topic: string): Promise<SweepResult> {
    const rows: Array<{ processed: string; warned: string; breached: string }> = await this.ds.query(
      `WITH due AS (
         SELECT c.order_id, c.kind, c.level AS old_level FROM sla_clock c
         WHERE c.next_at <= $1 ORDER BY c.next_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), upd AS (
         UPDATE sla_clock c SET
           level = CASE WHEN $1 > c.due_at THEN 3 WHEN $1 >= c.warn2_at THEN 2 WHEN $1 >= c.warn1_at THEN 1 ELSE 0 END,
           next_at = CASE WHEN $1 > c.due_at THEN NULL WHEN $1 >= c.warn2_at THEN c.due_at + interval '1 millisecond'
                          WHEN $1 >= c.warn1_at THEN c.warn2_at ELSE c.warn1_at END
         FROM due WHERE c.order_id = due.order_id AND c.kind = due.kind
         RETURNING c.order_id, c.kind, c.level, due.old_level, c.due_at
       ), changed AS (
         SELECT u.*, w.number, w.utility, w.category, w.department, w.status FROM upd u JOIN work_order w ON w.id = u.order_id WHERE u.level > u.old_level
       ), flag AS (
         UPDATE work_order w SET breached = true FROM (SELECT DISTINCT order_id FROM changed WHERE level = 3) b WHERE w.id = b.order_id RETURNING 1
       ), esc AS (
         INSERT INTO escalation (order_id, kind, department, heads, to_supervision, due_at, created_at)
         SELECT ch.order_id, ch.kind, ch.department,
                COALESCE((SELECT array_agg(h.user_id ORDER BY h.user_id) FROM department_head h WHERE h.department = ch.department), '{}'),
                true, ch.due_at, $1
         FROM changed ch WHERE ch.level = 3
         ON CONFLICT (order_id, kind) DO NOTHING RETURNING order_id, kind, heads
       ), comp AS (
         INSERT INTO compensation_record (order_id, rule_id, target, amount_cny, units, provisional, payee, responsible_department, reason, created_at)
         SELECT ch.order_id, r.id, r.target, r.amount_cny, 1, true, r.payee, ch.department,
                COALESCE(r.label_zh || ' / ' || r.label_en, r.id) || '：' || ch.kind || ' 超时 / ' || ch.kind || ' breached', $1
         FROM changed ch JOIN compensation_rule r ON r.active AND r.trigger = 'deadline' AND r.target = ch.kind AND ch.category = ANY(r.categories)
         WHERE ch.level = 3
         ON CONFLICT (order_id, rule_id) DO NOTHING RETURNING 1
       ), ev AS (
         INSERT INTO outbox (topic, key, headers, value)
         SELECT $3, ch.order_id::text, '{}'::jsonb,
                jsonb_build_object(
                  'eventId', t.event_id, 'type', t.type, 'occurredAt', to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'workOrder', jsonb_build_object('id', ch.order_id, 'number', ch.number, 'utility', ch.utility, 'category', ch.category, 'department', ch.department, 'status', ch.status),
                  'sla', jsonb_build_object('target', ch.kind, 'level', (ARRAY['OK','WARN_50','WARN_80','BREACHED'])[ch.level + 1],
                                            'dueAt', to_char(ch.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                  'escalatedTo', CASE WHEN ch.level = 3 THEN jsonb_build_object('department', ch.department, 'supervision', true) ELSE NULL END
                )::text
         FROM changed ch
         CROSS JOIN LATERAL (SELECT gen_random_uuid()::text AS event_id,
                                    CASE WHEN ch.level = 3 THEN 'workorder.breached' ELSE 'workorder.sla-warning' END AS type) t
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM upd) AS processed,
              (SELECT count(*) FROM changed WHERE level < 3) AS warned,
              (SELECT count(*) FROM changed WHERE level = 3) AS breached,
              (SELECT count(*) FROM flag) + (SELECT count(*) FROM esc) + (SELECT count(*) FROM comp) + (SELECT count(*) FROM ev) AS side_effects`,
      [now, batch, topic],
    );
    const r = rows[0];
    return { processed: Number(r.processed), warned: Number(r.warned), breached: Number(r.breached) };
  }
}
