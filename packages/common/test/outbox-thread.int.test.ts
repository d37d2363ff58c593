// The outbox relay on its own thread (OUTBOX_RELAY_THREAD=worker), against the real PostgreSQL and broker:
// per key in commit order, its onPublished SQL committed with the ack, a thread killed mid-backlog replaced
// without losing or reordering anything, its log lines through the service's logger, a graceful stop.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ensureDatabases, ensureTopics } from '@mainline/infra';
import { openTx, until as waitUntil } from './outbox-test-helpers';
import { testBrokers, testDbUrl, testPg, testTopicPrefix } from '@mainline/test-support';
import { createDataSource, connectAndMigrate } from '../src/db';
import { createKafkaBus, type ReceivedMessage } from '../src/kafka';
import { CreateOutboxAndInbox1764000000000, enqueue, OutboxCommitOrder1764000000010, type RelayOptions } from '../src/outbox';
import { OutboxRelayThread } from '../src/outbox-relay-thread';

const DB = 'mainline_test_common_outbox_thread';
const BATCH = 100;
const DEADLINE_MS = 60_000;

const until = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = DEADLINE_MS) => waitUntil(what, check, timeoutMs);


describe('outbox relay on its own thread (real PostgreSQL and Kafka)', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `${testTopicPrefix()}outbox-thread.${run}`;
  const lines: Array<{ level: number; msg: string; [k: string]: unknown }> = [];
  // The service's logger: what the thread logs must come out here.
  const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) }).child({ component: 'outbox' });
  const ds = createDataSource({ url: testDbUrl(DB), entities: [], migrations: [CreateOutboxAndInbox1764000000000, OutboxCommitOrder1764000000010], log: pino({ level: 'silent' }) });
  const consumer = createKafkaBus({ brokers: testBrokers(), clientId: 'outbox-thread-consumer', log: pino({ level: 'silent' }) });
  const received: ReceivedMessage[] = [];
  const threads: OutboxRelayThread[] = [];

  const relayOptions: RelayOptions = {
    pollMs: 30, batchSize: BATCH, source: '/test/thread',
    onPublished: { topic, header: 'ce_id', sql: `INSERT INTO published_mark (ce_id) SELECT unnest($1::text[])` },
  };
  const newThread = (o: Partial<RelayOptions> = {}) => {
    const t = new OutboxRelayThread(log, { ...relayOptions, ...o }, {
      databaseUrl: testDbUrl(DB), poolSize: 2, brokers: testBrokers(), clientId: `outbox-thread-${run}`, restartMs: 200, stopTimeoutMs: 10_000,
    });
    threads.push(t);
    return t;
  };
  /** Values seen for `key` in arrival order, each message id once (consumers drop re-sends by ce_id). */
  const seen = (key: string): string[] => {
    const ids = new Set<string>();
    const out: string[] = [];
    for (const m of received) {
      if (m.key !== key || ids.has(m.headers.ce_id)) continue;
      ids.add(m.headers.ce_id);
      out.push(JSON.parse(m.value!.toString()).value);
    }
    return out;
  };
  const pending = async (): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n;
  /** `perKey` transactions per key, one event each, values 0, 1, 2 … in commit order. */
  const backlog = async (keys: string[], perKey: number, rowsPerTx = 1): Promise<void> => {
    for (let i = 0; i < perKey; i++) {
      await ds.transaction(async (tx) => {
        for (const key of keys) {
          await enqueue(tx, topic, Array.from({ length: rowsPerTx }, (_, j) => ({ key, value: JSON.stringify({ eventId: `${key}:${i}:${j}`, type: 'test.thread', value: String(i * rowsPerTx + j) }) })));
        }
      });
    }
  };

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    await connectAndMigrate(ds, pino({ level: 'silent' }));
    await ds.query(`CREATE TABLE published_mark (ce_id text NOT NULL)`);
    await ensureTopics(testBrokers(), [{ topic, numPartitions: 4 }]);
    await consumer.subscribe(`outbox-thread-${run}`, [topic], async (m) => {
      received.push(m);
    });
  });

  afterAll(async () => {
    await Promise.all(threads.map((t) => t.stop()));
    await consumer.close();
    await ds.destroy();
  });

  it('publishes each key in commit order (not id order) and marks what the broker acked in the same transaction', async () => {
    const key = `k-order-${run}`;
    // A takes the first id, B the second and commits first: consumers must see B, then A.
    const a = await openTx(ds);
    const b = await openTx(ds);
    await enqueue(a.manager, topic, [{ key, value: JSON.stringify({ eventId: `${key}:A`, type: 'test.thread', value: 'A' }) }]);
    await enqueue(b.manager, topic, [{ key, value: JSON.stringify({ eventId: `${key}:B`, type: 'test.thread', value: 'B' }) }]);
    await b.commitTransaction();
    await a.commitTransaction();
    await Promise.all([a.release(), b.release()]);
    const keys = [0, 1, 2].map((i) => `k-seq-${run}-${i}`);
    await backlog(keys, 40);
    const t = newThread();
    t.start();
    await until('every event', () => seen(key).length === 2 && keys.every((k) => seen(k).length === 40));
    expect(seen(key)).toEqual(['B', 'A']);
    for (const k of keys) expect(seen(k)).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    await until('nothing pending', async () => (await pending()) === 0);
    const [{ marks, distinct }] = await ds.query(`SELECT count(*)::int AS marks, count(DISTINCT ce_id)::int AS distinct FROM published_mark`);
    expect({ marks, distinct }).toEqual({ marks: 2 + 3 * 40, distinct: 2 + 3 * 40 });
    // A kick from the main thread is served without waiting for a poll.
    await backlog([key], 1);
    t.kick();
    await until('the kicked event', () => seen(key).length === 3);
    await t.stop();
    expect(t.thread).toBeNull();
  });

  it('a thread killed mid-backlog is logged and replaced: nothing lost, order kept, at most one batch twice', async () => {
    const keys = [0, 1, 2, 3].map((i) => `k-crash-${run}-${i}`);
    await backlog(keys, 50, 20); // 4,000 rows, 40 rounds of 100
    const before = received.length;
    const t = newThread();
    t.start();
    await until('the first batches', () => received.length - before >= 3 * BATCH);
    const first = t.thread!;
    await first.terminate(); // as if the thread died: its connections close and its round rolls back
    await until('all 4,000 after the restart', () => keys.every((k) => seen(k).length === 1000));
    expect(t.starts).toBe(2);
    for (const k of keys) expect(seen(k)).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
    const mine = received.slice(before);
    expect(mine.length - new Set(mine.map((m) => m.headers.ce_id)).size).toBeLessThanOrEqual(BATCH);
    await until('nothing pending', async () => (await pending()) === 0);
    expect(lines.some((l) => l.level === 50 && l.msg === 'outbox relay thread died; starting another' && l.component === 'outbox')).toBe(true);
    await t.stop();
  });

  it('logs the thread\'s own lines through the service logger, and marks nothing when its ack transaction fails', async () => {
    const other = `${testTopicPrefix()}outbox-thread-fail.${run}`;
    await ensureTopics(testBrokers(), [{ topic: other, numPartitions: 1 }]);
    await ds.transaction((tx) => enqueue(tx, other, [{ key: 'x', value: JSON.stringify({ eventId: `fail-${run}`, type: 'test.thread', value: 'x' }) }]));
    // The hook names a table that does not exist: every round rolls back after the send.
    const t = newThread({ onPublished: { topic: other, header: 'ce_id', sql: `INSERT INTO no_such_table SELECT unnest($1::text[])` } });
    t.start();
    await until('the thread\'s warning', () => lines.some((l) => l.level === 40 && l.msg === 'outbox publish failed; will retry' && l.thread === 'relay'));
    await t.stop();
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND published_at IS NOT NULL`, [other]);
    expect(n).toBe(0);
    await ds.query(`DELETE FROM outbox WHERE topic = $1`, [other]);
  });

  it('a graceful stop lets the round in flight commit: every row marked published is on the topic', async () => {
    const keys = [0, 1].map((i) => `k-stop-${run}-${i}`);
    await backlog(keys, 20, 50); // 2,000 rows
    const t = newThread();
    t.start();
    const before = received.length;
    await until('some batches', () => received.length - before >= BATCH);
    await t.stop();
    expect(t.thread).toBeNull();
    // The round in flight committed whole: its rows are published, marked by the hook, and on the topic.
    const marked: Array<{ ce: string }> = await ds.query(`SELECT ce_id AS ce FROM published_mark WHERE ce_id LIKE $1`, [`k-stop-${run}-%`]);
    const [{ published }] = await ds.query(`SELECT count(*)::int AS published FROM outbox WHERE key = ANY($1) AND published_at IS NOT NULL`, [keys]);
    expect(marked.length).toBeGreaterThanOrEqual(BATCH);
    expect(marked.length).toBe(published);
    await until('the marked rows on the topic', () => {
      const onTopic = new Set(received.map((m) => m.headers.ce_id));
      return marked.every((r) => onTopic.has(r.ce));
    });
    // The rest is published by the next start, still in order.
    const again = newThread();
    again.start();
    await until('the rest', () => keys.every((k) => seen(k).length === 1000));
    for (const k of keys) expect(seen(k)).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
    await again.stop();
  });
});
