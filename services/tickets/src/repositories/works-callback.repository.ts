import type { DataSource, EntityManager } from 'typeorm';
import { Category, CompletedOrder, WorkOrderStatus } from '../domain';

type Q = DataSource | EntityManager;

/**
 * First key of the two-key advisory lock (the second is the month's hash): a fixed namespace, so the
 * sampling lock never meets another feature's lock and two months do not wait for each other.
 */
const SAMPLE_LOCK_NAMESPACE = 0x57435342; // 'WCSB'
/** A completed job that was never really done (cancelled, merged into another order) is not sampled. */
const NOT_COMPLETED: readonly WorkOrderStatus[] = [WorkOrderStatus.CANCELLED, WorkOrderStatus.MERGED];

export interface WorksSampleRun {
  month: string;
  eligible: number;
  sampled: number;
  share: number;
  runAt: Date;
  runBy: string;
  /** Sampled orders, by id. */
  orderIds: string[];
}

export interface SampledTask {
  orderId: string;
  dueAt: Date | null;
  /** Whom to call: the reporter, or a group job's representative. */
  contact: 'REPORTER' | 'REPRESENTATIVE';
}

/** All I/O of the monthly works callback sample. */
export class WorksCallbackRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Runs `fn` in one transaction holding the month's advisory lock: replicas that sample the same
   * month at once run one after the other, and the second one finds the first one's run.
   */
  inMonthLock<T>(month: string, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [SAMPLE_LOCK_NAMESPACE, month]);
      return fn(tx);
    });
  }

  async run(month: string, q: Q = this.ds): Promise<WorksSampleRun | null> {
    const rows: Array<Omit<WorksSampleRun, 'orderIds'> & { orderIds: string[] | null }> = await q.query(
      `SELECT r.month, r.eligible, r.sampled, r.share, r.run_at AS "runAt", r.run_by AS "runBy",
              (SELECT array_agg(s.order_id::text ORDER BY s.order_id) FROM works_callback_sample s WHERE s.month = r.month) AS "orderIds"
       FROM works_callback_run r WHERE r.month = $1`,
      [month],
    );
    const r = rows[0];
    return r ? { ...r, orderIds: r.orderIds ?? [] } : null;
  }

  /** Orders of `categories` first resolved (settled) in [start, end), whatever happened to them since (except cancel/merge), and whether each is a group job. */
  completedWorks(q: Q, start: Date, end: Date, categories: readonly Category[]): Promise<Array<CompletedOrder & { groupJob: boolean }>> {
    return q.query(
      `SELECT w.id, w.category, w.resolved_at AS "resolvedAt", coalesce(a.group_job, false) AS "groupJob"
       FROM work_order w LEFT JOIN connection_application a ON a.order_id = w.id
       WHERE w.resolved_at >= $1 AND w.resolved_at < $2 AND w.category = ANY($3::text[]) AND w.status <> ALL($4::text[])
       ORDER BY w.id`,
      [start, end, categories, NOT_COMPLETED],
    );
  }

  /**
   * The run row, then one callback task per sampled order and its sample row, in the caller's
   * transaction. The run's primary key is the second guard against sampling a month twice.
   */
  async saveRun(tx: EntityManager, run: Omit<WorksSampleRun, 'orderIds'>, tasks: SampledTask[], task: { method: 'PHONE' | 'SMS'; reason: string }): Promise<void> {
    await tx.query(
      `INSERT INTO works_callback_run (month, eligible, sampled, share, run_at, run_by) VALUES ($1,$2,$3,$4,$5,$6)`,
      [run.month, run.eligible, run.sampled, run.share, run.runAt, run.runBy],
    );
    if (!tasks.length) return;
    await tx.query(
      `WITH t AS (
         INSERT INTO callback_task (order_id, method, reason, created_at, due_at, contact)
         SELECT x.order_id, $3, $4, $2, x.due_at, x.contact FROM unnest($5::uuid[], $6::timestamptz[], $7::text[]) AS x(order_id, due_at, contact)
         RETURNING id, order_id)
       INSERT INTO works_callback_sample (month, order_id, task_id, sampled_at) SELECT $1, t.order_id, t.id, $2 FROM t`,
      [run.month, run.runAt, task.method, task.reason, tasks.map((t) => t.orderId), tasks.map((t) => t.dueAt), tasks.map((t) => t.contact)],
    );
  }
}
