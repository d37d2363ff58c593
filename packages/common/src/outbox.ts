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

/**
 * Namespace (first key) of the outbox's two-key advisory locks: per-key commit locks and the one-drainer
 * relay lock. Fixed, so they never meet another feature's locks (one-key locks live in a space of their own).
 */
const OUTBOX_LOCK_NAMESPACE = 0x4f425831; // 'OBX1'
/** Second key of the relay's lock: one relay drains a database's outbox at a time, whatever the replicas. */
const RELAY_LOCK_KEY = 0;

/**
 * Commit order for the outbox (docs/conventions.md §6). A bigserial id is drawn at insert time, so a
 * transaction that took id 1 can commit after one that took id 2: ordering by id would publish the
 * later commit first. Here every row records its transaction (`tx`), and just before the transaction
 * commits a deferred trigger takes a lock per (topic, key) it wrote — all of them, sorted, so two
 * committing transactions cannot deadlock — and draws the transaction's `seq` from a sequence into
 * `outbox_commit`. The locks are held until the commit is visible, so for one key a later `seq` always
 * belongs to a later commit. The relay publishes by (seq, id). Transactions on different keys never wait
 * for each other; the locks are held only from the trigger to the end of the commit.
 */
export class OutboxCommitOrder1764000000010 implements MigrationInterface {
  name = 'OutboxCommitOrder1764000000010';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN tx xid8`);
    // Set apart from ADD COLUMN: a volatile default there would rewrite every existing row.
    await q.query(`ALTER TABLE outbox ALTER COLUMN tx SET DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE SEQUENCE outbox_commit_seq`);
    await q.query(`CREATE TABLE outbox_commit (
      tx xid8 PRIMARY KEY,
      seq bigint NOT NULL DEFAULT nextval('outbox_commit_seq') UNIQUE)`);
    await q.query(`ALTER SEQUENCE outbox_commit_seq OWNED BY outbox_commit.seq`);
    // Rows still pending from before: one pseudo-transaction ahead of every new one, in id order.
    await q.query(`UPDATE outbox SET tx = '0'::xid8 WHERE published_at IS NULL`);
    await q.query(`INSERT INTO outbox_commit (tx, seq) SELECT '0'::xid8, 0 WHERE EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL)`);
    // The relay reads a transaction's pending rows in id order; the id-only index would tempt the planner
    // into filtering the whole backlog for one transaction.
    await q.query(`DROP INDEX IF EXISTS outbox_pending`);
    await q.query(`CREATE INDEX outbox_pending_tx ON outbox (tx, id) WHERE published_at IS NULL`);
    await q.query(`CREATE FUNCTION outbox_commit_stamp() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        me xid8 := pg_current_xact_id();
        k int;
      BEGIN
        -- Fires once per row at commit; the first firing stamps the whole transaction.
        IF current_setting('mainline.outbox_stamped', true) = me::text THEN RETURN NULL; END IF;
        FOR k IN SELECT DISTINCT hashtext(topic || chr(10) || key) FROM outbox
                 WHERE tx = me AND published_at IS NULL AND key IS NOT NULL ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(${OUTBOX_LOCK_NAMESPACE}, k);
        END LOOP;
        INSERT INTO outbox_commit (tx) VALUES (me) ON CONFLICT DO NOTHING;
        PERFORM set_config('mainline.outbox_stamped', me::text, true);
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE CONSTRAINT TRIGGER outbox_commit_order AFTER INSERT ON outbox
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION outbox_commit_stamp()`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS outbox_commit_order ON outbox');
    await q.query('DROP FUNCTION IF EXISTS outbox_commit_stamp()');
    await q.query('DROP INDEX IF EXISTS outbox_pending_tx');
    await q.query('CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (id) WHERE published_at IS NULL');
    await q.query('DROP TABLE IF EXISTS outbox_commit');
    await q.query('ALTER TABLE outbox DROP COLUMN IF EXISTS tx');
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
  /**
   * When another replica's relay is draining (it holds the relay lock), look again this soon rather than at
   * the next poll: rows this replica committed after that relay's last read are not left waiting a whole poll.
   */
  busyRetryMs?: number;
  /**
   * Run in the round's transaction once the broker acked its rows and they are marked published, so a service
   * records the publication atomically with it (notify: its notices become PUBLISHED). Plain SQL, not a function,
   * so a relay on its own thread (OutboxRelayThread) runs it the same way.
   */
  onPublished?: PublishedStatement;
}

/**
 * SQL the relay runs in its ack transaction with `$1` = the `header` values (text[]) the round's messages on
 * `topic` were sent with (e.g. `ce_id`); skipped when there are none.
 */
export interface PublishedStatement {
  topic: string;
  header: string;
  sql: string;
}

/** What the services hold of a relay, inline or on its own thread (createOutboxRelay). */
export interface OutboxPublisher {
  start(): void;
  /** Publish soon (called after a commit that wrote outbox rows). */
  kick(): void;
  /** Waits for the round in flight (it commits or rolls back whole); rows left are published by the next start. */
  stop(): Promise<void>;
}

/** Default of RelayOptions.busyRetryMs: a small fraction of the default poll (OUTBOX_POLL_MS 200). */
const DEFAULT_BUSY_RETRY_MS = 25;

/** What one drain round did. */
interface DrainRound {
  sent: number;
  /** Another relay held the lock: nothing was read. */
  busy: boolean;
}

/**
 * Publishes committed outbox rows per key in commit order (OutboxCommitOrder: by the commit `seq` of
 * their transaction, then id). Several replicas run relays side by side, but one drains at a time: a
 * round holds a transaction-level advisory lock, so two relays never interleave sends of the same key
 * (with row locks alone, relay B could send a later row while relay A still held the earlier one).
 * A row is marked only after the broker acked it, so a crash re-sends (at least once) and consumers
 * de-duplicate by message id. A relay that dies mid-round loses its connection and with it the lock.
 */
export class OutboxRelay implements OutboxPublisher {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private backoffMs = 0;
  private pendingKick = false;
  private kickScheduled = false;
  /** When the last kick not yet served came in (0: none): a busy lock is retried soon only for a while. */
  private kickedAt = 0;
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
    this.kickedAt ||= Date.now();
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
    let busy = false;
    this.draining = (async () => {
      try {
        let again = false;
        do {
          // Go on while batches come back full (more may be waiting) or commits kicked meanwhile;
          // rows committed elsewhere without a kick are found by the next poll.
          if (again && sent < limit && this.o.batchDelayMs) await new Promise((r) => setTimeout(r, this.o.batchDelayMs));
          again = true;
          this.pendingKick = false;
          const round = await this.drainOnce();
          sent = round.sent;
          if (round.busy) {
            busy = true;
            break;
          }
          this.kickedAt = 0;
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
    // A kick that came in after the loop's last check is not lost until the next poll. While another
    // replica drains, a kicked relay looks again soon, for at most one poll interval (then it just polls).
    const retrySoon = busy && this.kickedAt > 0 && Date.now() - this.kickedAt < this.o.pollMs;
    if (busy && !retrySoon) this.kickedAt = 0;
    this.schedule(this.backoffMs || (retrySoon ? this.o.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS : this.pendingKick ? this.o.batchDelayMs ?? 0 : this.o.pollMs));
  }

  /** Takes the relay lock, reads one batch in commit order, sends it, marks it. */
  private async drainOnce(): Promise<DrainRound> {
    const limit = this.o.batchSize ?? 1000;
    return this.ds.transaction(async (tx) => {
      // With the lock, the plan: read a transaction's rows down the (tx, id) index, in order. With statistics not
      // yet caught up after a burst, the planner estimated a few rows per transaction and chose a bitmap scan and a
      // sort: 60+ ms per batch for a 50,000-row transaction (0.8 ms down the index). Local to this transaction.
      const [{ locked }] = await preparedQuery<{ locked: boolean }>(tx,
        `SELECT pg_try_advisory_xact_lock($1::int, $2::int) AS locked, set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`,
        [OUTBOX_LOCK_NAMESPACE, RELAY_LOCK_KEY]);
      if (!locked) return { sent: 0, busy: true };
      let rows: Array<OutboxRow & { tx: string | null }> = await preparedQuery(tx,
        `SELECT o.id, o.topic, o.key, o.headers, o.value, o.created_at AS "createdAt", o.tx::text AS tx
         FROM outbox_commit c
         CROSS JOIN LATERAL (SELECT o.id, o.topic, o.key, o.headers, o.value, o.created_at, o.tx FROM outbox o
                            WHERE o.tx = c.tx AND o.published_at IS NULL ORDER BY o.id LIMIT $1) o
         ORDER BY c.seq, o.id LIMIT $1`,
        [limit],
      );
      if (rows.length === 0) {
        // Nothing in commit order: any pending row left has no commit stamp (written with triggers off,
        // e.g. session_replication_role = replica). Published in id order rather than never.
        rows = await preparedQuery(tx,
          `SELECT o.id, o.topic, o.key, o.headers, o.value, o.created_at AS "createdAt", NULL AS tx FROM outbox o
           WHERE o.published_at IS NULL AND NOT EXISTS (SELECT 1 FROM outbox_commit c WHERE c.tx = o.tx) ORDER BY o.id LIMIT $1`,
          [limit],
        );
        if (rows.length === 0) return { sent: 0, busy: false };
      }
      // Keep per-topic order; topics are independent streams.
      const byTopic = new Map<string, BusMessage[]>();
      const hook = this.o.onPublished;
      const hookValues: string[] = [];
      for (const r of rows) {
        let list = byTopic.get(r.topic);
        if (!list) byTopic.set(r.topic, (list = []));
        const headers = cloudEventHeaders(r, this.o.source ?? DEFAULT_EVENT_SOURCE);
        list.push({ key: r.key, value: r.value, headers });
        if (hook && r.topic === hook.topic && headers[hook.header]) hookValues.push(headers[hook.header]);
      }
      // A failed send throws and rolls back: the rows stay pending for the next attempt.
      for (const [topic, msgs] of byTopic) await this.bus.send(topic, msgs);
      await preparedQuery(tx, `UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      if (hook && hookValues.length) await preparedQuery(tx, hook.sql, [hookValues]);
      const txs = [...new Set(rows.map((r) => r.tx).filter((t): t is string => t !== null))];
      if (txs.length) {
        // A transaction whose rows are all out leaves the commit queue (it holds only what is pending).
        await preparedQuery(tx,
          `DELETE FROM outbox_commit c WHERE c.tx = ANY($1::xid8[]) AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.tx = c.tx AND o.published_at IS NULL)`,
          [txs],
        );
      }
      return { sent: rows.length, busy: false };
    });
  }
}
