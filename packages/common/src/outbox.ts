import { preparedQuery } from './db';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { Logger } from './logger';
import type { BusMessage, MessageBus } from './kafka';

/** Created by each service's migrations (listed beside its own). */
export class CreateOutboxAndInbox1764000000000 implements MigrationInterface {
  name = 'CreateOutboxAndInbox1764000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      key text,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      value text,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz)`);
    await q.query(`CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (id) WHERE published_at IS NULL`);
    await q.query(`CREATE TABLE IF NOT EXISTS processed_message (
      consumer text NOT NULL,
      message_id text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id))`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS processed_message');
    await q.query('DROP TABLE IF EXISTS outbox');
  }
}

/** The INSERT statements (one per 500 messages) that put `messages` in the outbox; see enqueue. */
export function outboxInserts(topic: string, messages: BusMessage[]): Array<{ sql: string; params: unknown[] }> {
  const out: Array<{ sql: string; params: unknown[] }> = [];
  // One multi-row insert per 500 messages keeps large notice batches cheap.
  for (let i = 0; i < messages.length; i += 500) {
    const chunk = messages.slice(i, i + 500);
    const params: unknown[] = [];
    const rows = chunk.map((m, j) => {
      params.push(topic, m.key, JSON.stringify(m.headers ?? {}), m.value === null ? null : Buffer.isBuffer(m.value) ? m.value.toString('utf8') : m.value);
      const b = j * 4;
      return `($${b + 1}, $${b + 2}, $${b + 3}::jsonb, $${b + 4})`;
    });
    out.push({ sql: `INSERT INTO outbox (topic, key, headers, value) VALUES ${rows.join(', ')}`, params });
  }
  return out;
}

/** Writes messages in the caller's transaction: they are published only if the change commits. */
export async function enqueue(tx: EntityManager, topic: string, messages: BusMessage[]): Promise<void> {
  for (const s of outboxInserts(topic, messages)) await tx.query(s.sql, s.params);
}

/**
 * Consumer-side de-duplication: records `messageId` for `consumer` in the caller's transaction.
 * Returns false when it was already processed (the caller then skips the work).
 */
export async function markProcessed(tx: EntityManager, consumer: string, messageId: string): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO processed_message (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING message_id`,
    [consumer, messageId],
  );
  return rows.length > 0;
}

/** An outbox row as the relay reads it. */
export interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
  createdAt: Date;
}

/** Namespace of the CloudEvents `type` of project events: `mainline.` + the event's own type. */
const EVENT_TYPE_PREFIX = 'mainline.';

/**
 * The one Kafka header convention of the project: CloudEvents 1.0, binary mode (attributes in ce_* headers, the
 * JSON data as the value). A producer that built a whole CloudEvent (notify's notices) keeps its attributes; for
 * every other row they come from the envelope every project event carries (eventId, type, occurredAt), the key
 * is the subject, and the relay's `source` names the service.
 */
export function cloudEventHeaders(row: OutboxRow, source: string): Record<string, string> {
  const h = { ...row.headers };
  if (!h.ce_specversion) {
    let env: { eventId?: unknown; type?: unknown; occurredAt?: unknown } = {};
    try {
      const v: unknown = row.value === null ? null : JSON.parse(row.value);
      if (v && typeof v === 'object') env = v;
    } catch {
      // Not JSON: the fallbacks below still make it a valid CloudEvent.
    }
    const text = (x: unknown): string | undefined => (typeof x === 'string' && x ? x : undefined);
    h.ce_specversion = '1.0';
    // The row id is stable across re-sends, so consumers can still de-duplicate on source + id.
    h.ce_id ??= text(env.eventId) ?? `outbox-${row.id}`;
    h.ce_type ??= EVENT_TYPE_PREFIX + (text(env.type) ?? row.topic);
    h.ce_source ??= source;
    h.ce_time ??= text(env.occurredAt) ?? row.createdAt.toISOString();
    if (row.key !== null) h.ce_subject ??= row.key;
  }
  h['content-type'] ??= h.ce_datacontenttype ?? 'application/json';
  return h;
}

const DEFAULT_EVENT_SOURCE = '/mainline';

export interface RelayOptions {
  pollMs: number;
  /** CloudEvents `source` of what this relay publishes, e.g. "/mainline/network" (see cloudEventHeaders). */
  source?: string;
  batchSize?: number;
  maxBackoffMs?: number;
  /**
   * After a kick, wait this long before draining so that the commits of concurrent requests share one
   * claim/send/mark round (default 0: drain at once). Publication is that much later.
   */
  batchDelayMs?: number;
}

/**
 * Publishes committed outbox rows in id order. Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * several replicas can run relays side by side; a row is marked only after the broker acked it,
 * so a crash re-sends (at least once) and consumers de-duplicate by message id.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private backoffMs = 0;
  private pendingKick = false;
  private kickScheduled = false;
  private draining: Promise<void> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly bus: MessageBus,
    private readonly log: Logger,
    private readonly o: RelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Publish soon (called after a commit that wrote outbox rows). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pendingKick = true;
      return;
    }
    if (this.backoffMs === 0 && !this.kickScheduled) {
      this.kickScheduled = true;
      this.schedule(this.o.batchDelayMs ?? 0);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.draining) await this.draining.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.kickScheduled = false;
    const limit = this.o.batchSize ?? 1000;
    let sent = 0;
    this.draining = (async () => {
      try {
        let again = false;
        do {
          // Go on while batches come back full (more may be waiting) or commits kicked meanwhile;
          // rows committed elsewhere without a kick are found by the next poll.
          if (again && sent < limit && this.o.batchDelayMs) await new Promise((r) => setTimeout(r, this.o.batchDelayMs));
          again = true;
          this.pendingKick = false;
          sent = await this.drainOnce();
        } while ((sent >= limit || this.pendingKick) && !this.stopped);
        this.backoffMs = 0;
      } catch (e) {
        this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 500), this.o.maxBackoffMs ?? 5000);
        this.log.warn({ err: String(e), retryInMs: this.backoffMs }, 'outbox publish failed; will retry');
      }
    })();
    await this.draining;
    this.running = false;
    this.draining = null;
    // A kick that came in after the loop's last check is not lost until the next poll.
    this.schedule(this.backoffMs || (this.pendingKick ? this.o.batchDelayMs ?? 0 : this.o.pollMs));
  }

  /** Claims one batch, sends it, marks it; returns how many were published. */
  private async drainOnce(): Promise<number> {
    const limit = this.o.batchSize ?? 1000;
    return this.ds.transaction(async (tx) => {
      const rows: OutboxRow[] = await preparedQuery(tx,
        `SELECT id, topic, key, headers, value, created_at AS "createdAt" FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      // Keep per-topic order; topics are independent streams.
      const byTopic = new Map<string, BusMessage[]>();
      for (const r of rows) {
        let list = byTopic.get(r.topic);
        if (!list) byTopic.set(r.topic, (list = []));
        list.push({ key: r.key, value: r.value, headers: cloudEventHeaders(r, this.o.source ?? DEFAULT_EVENT_SOURCE) });
      }
      // A failed send throws and rolls back: the rows stay pending for the next attempt.
      for (const [topic, msgs] of byTopic) await this.bus.send(topic, msgs);
      await preparedQuery(tx, `UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
