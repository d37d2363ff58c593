// Events of one key reach consumers in commit order, with two relays (two replicas) publishing from one
// outbox and transactions that overlap: a bigserial id is drawn at insert time, so a transaction can take
// id 1 and commit after another took id 2. Real PostgreSQL, real broker, the one Kafka module.
import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { ensureDatabases, ensureTopics } from '@mainline/infra';
import { openTx, until as waitUntil } from './outbox-test-helpers';
import { testBrokers, testDbUrl, testPg, testTopicPrefix } from '@mainline/test-support';
import { createDataSource, connectAndMigrate } from '../src/db';
import { createKafkaBus, type MessageBus, type ReceivedMessage } from '../src/kafka';
import { createLogger } from '../src/logger';
import { CreateOutboxAndInbox1764000000000, enqueue, OutboxCommitOrder1764000000010, OutboxRelay } from '../src/outbox';

const log = createLogger('test', 'silent');
const DB = 'mainline_test_common_outbox_order';
const migrations = [CreateOutboxAndInbox1764000000000, OutboxCommitOrder1764000000010];
const POLL_MS = 30;
const DEADLINE_MS = 30_000;

const until = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = DEADLINE_MS) => waitUntil(what, check, timeoutMs);


async function enqueueIn(qr: QueryRunner, topic: string, key: string, value: string): Promise<number> {
  await enqueue(qr.manager, topic, [{ key, value: JSON.stringify({ eventId: `${key}:${value}`, type: 'test.order', value }) }]);
  const [{ id }] = await qr.query(`SELECT max(id)::int AS id FROM outbox WHERE tx = pg_current_xact_id()`);
  return id;
}

async function commit(qr: QueryRunner): Promise<void> {
  await qr.commitTransaction();
  await qr.release();
}

describe('outbox: per key in commit order, two relays, overlapping transactions (real PostgreSQL and Kafka)', () => {
  const run = randomUUID().slice(0, 8);
  // A topic of its own: these test.order messages must not reach the tests that read outage.events from the start.
  const topic = `${testTopicPrefix()}outbox-order.${run}`;
  // Two "replicas": a pool and a relay each, over the same database.
  const ds1 = createDataSource({ url: testDbUrl(DB), entities: [], migrations, log });
  const ds2 = createDataSource({ url: testDbUrl(DB), entities: [], migrations, log });
  const bus1 = createKafkaBus({ brokers: testBrokers(), clientId: 'outbox-order-1', log });
  const bus2 = createKafkaBus({ brokers: testBrokers(), clientId: 'outbox-order-2', log });
  const consumer: MessageBus = createKafkaBus({ brokers: testBrokers(), clientId: 'outbox-order-consumer', log });
  const received: ReceivedMessage[] = [];
  let relays: OutboxRelay[] = [];

  /** The values the consumer saw for `key`, in arrival order, each once (a re-send is dropped by message id, as consumers do). */
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
  const startRelays = () => {
    relays = [
      new OutboxRelay(ds1, bus1, log, { pollMs: POLL_MS, source: '/test/1' }),
      new OutboxRelay(ds2, bus2, log, { pollMs: POLL_MS, source: '/test/2' }),
    ];
    relays.forEach((r) => r.start());
  };
  const stopRelays = () => Promise.all(relays.map((r) => r.stop()));
  const pending = async (): Promise<number> => (await ds1.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n;

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    await connectAndMigrate(ds1, log);
    await connectAndMigrate(ds2, log); // the second replica finds nothing to migrate
    await ensureTopics(testBrokers(), [{ topic, numPartitions: 6 }]);
    await consumer.subscribe(`outbox-order-${run}`, [topic], async (m) => {
      received.push(m);
    });
    startRelays();
  });

  afterAll(async () => {
    await stopRelays();
    await Promise.all([bus1.close(), bus2.close(), consumer.close()]);
    await Promise.all([ds1.destroy(), ds2.destroy()]);
  });

  it('tx A takes id 1, tx B takes id 2 on the same key and commits first: consumers see B, then A (relays running)', async () => {
    const key = `k-live-${run}`;
    const a = await openTx(ds1);
    const b = await openTx(ds2);
    const idA = await enqueueIn(a, topic, key, 'A');
    const idB = await enqueueIn(b, topic, key, 'B');
    expect(idA).toBeLessThan(idB);
    await commit(b);
    await commit(a);
    await until('both events of the key', () => seen(key).length === 2);
    expect(seen(key)).toEqual(['B', 'A']);
  });

  it('the same when both commits are already in when a relay looks (ordering by id would give A, B)', async () => {
    await stopRelays();
    const key = `k-both-${run}`;
    const a = await openTx(ds1);
    const b = await openTx(ds2);
    const ids = [await enqueueIn(a, topic, key, 'A'), await enqueueIn(b, topic, key, 'B')];
    const c = await openTx(ds1);
    ids.push(await enqueueIn(c, topic, key, 'C'));
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    await commit(b);
    await commit(c);
    await commit(a);
    expect(await pending()).toBe(3);
    startRelays();
    await until('the three events of the key', () => seen(key).length === 3);
    expect(seen(key)).toEqual(['B', 'C', 'A']);
  });

  it('under concurrent writers on a few keys, every key arrives in commit order; multi-key commits never deadlock', async () => {
    const keys = [0, 1, 2].map((i) => `k-load-${run}-${i}`);
    // The counter row's lock fixes each key's commit order; the outbox row is written *before* it is taken,
    // so ids come out of commit order whenever a writer waits for another.
    await ds1.query(`CREATE TABLE IF NOT EXISTS key_counter (key text PRIMARY KEY, n int NOT NULL)`);
    await ds1.query(`INSERT INTO key_counter (key, n) SELECT unnest($1::text[]), 0`, [keys]);
    const perWriter = 15;
    const writer = async (w: number, ds: DataSource) => {
      for (let i = 0; i < perWriter; i++) {
        const key = keys[(w + i) % keys.length];
        await ds.transaction(async (tx) => {
          await enqueue(tx, topic, [{ key, value: JSON.stringify({ eventId: `${key}:w${w}:${i}`, type: 'test.order', value: 'pending' }) }]);
          const [{ id }] = await tx.query(`SELECT max(id)::int AS id FROM outbox WHERE tx = pg_current_xact_id()`);
          // In a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
          const [{ n }] = await tx.query(`WITH u AS (UPDATE key_counter SET n = n + 1 WHERE key = $1 RETURNING n) SELECT n FROM u`, [key]);
          await tx.query(`UPDATE outbox SET value = $2 WHERE id = $1`, [id, JSON.stringify({ eventId: `${key}:w${w}:${i}`, type: 'test.order', value: String(n) })]);
        });
      }
    };
    // Two keys per transaction, written in opposite orders by two writers: the commit locks are taken sorted.
    const pairKeys = [`k-pair-${run}-x`, `k-pair-${run}-y`];
    const pairWriter = async (reverse: boolean, ds: DataSource) => {
      for (let i = 0; i < perWriter; i++) {
        const [first, second] = reverse ? [pairKeys[1], pairKeys[0]] : pairKeys;
        await ds.transaction(async (tx) => {
          await enqueue(tx, topic, [{ key: first, value: JSON.stringify({ eventId: `${first}:${reverse}:${i}`, type: 'test.order', value: `${reverse}:${i}` }) }]);
          await enqueue(tx, topic, [{ key: second, value: JSON.stringify({ eventId: `${second}:${reverse}:${i}`, type: 'test.order', value: `${reverse}:${i}` }) }]);
        });
      }
    };
    await Promise.all([writer(0, ds1), writer(1, ds2), writer(2, ds1), writer(3, ds2), pairWriter(false, ds1), pairWriter(true, ds2)]);
    const total = 4 * perWriter;
    await until('every counted event', () => keys.reduce((s, k) => s + seen(k).length, 0) === total);
    for (const key of keys) {
      const values = seen(key).map(Number);
      expect(values).toEqual(values.map((_, i) => i + 1)); // 1, 2, 3 … : the counter's (commit) order
    }
    // Both keys of a pair transaction were published; each writer's transactions arrive in its own order.
    await until('every pair event', () => pairKeys.every((k) => seen(k).length === 2 * perWriter));
    for (const k of pairKeys) {
      for (const reverse of ['false', 'true']) {
        const mine = seen(k).filter((v) => v.startsWith(reverse + ':')).map((v) => Number(v.split(':')[1]));
        expect(mine).toEqual(mine.map((_, i) => i));
      }
    }
    // The relay marks rows published in its transaction after the broker's ack, so a consumer can see the
    // last message just before that commit: wait for the mark rather than read it at once.
    await until('every row marked published', async () => (await pending()) === 0);
  });

  it('still publishes a row written with triggers off (no commit stamp), after everything stamped', async () => {
    const key = `k-orphan-${run}`;
    await ds1.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await enqueue(tx, topic, [{ key, value: JSON.stringify({ eventId: `${key}:1`, type: 'test.order', value: 'orphan' }) }]);
    });
    await until('the unstamped row', () => seen(key).length === 1);
    expect(seen(key)).toEqual(['orphan']);
    const [{ n }] = await ds1.query(`SELECT count(*)::int AS n FROM outbox_commit`);
    expect(n).toBe(0); // the commit queue holds only transactions with rows still to send
  });
});
