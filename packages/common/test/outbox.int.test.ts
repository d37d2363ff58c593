// The outbox against the real PostgreSQL and Kafka: a committed change publishes its events once,
// a rolled-back one publishes nothing, and a consumer sees them through the one Kafka module.
import { Column, Entity, PrimaryColumn, MigrationInterface, QueryRunner } from 'typeorm';
import { ensureDatabases } from '@mainline/infra';
import { testBrokers, testDbUrl, testPg, testTopicPrefix } from '@mainline/test-support';
import { createDataSource, connectAndMigrate } from '../src/db';
import { createKafkaBus, ReceivedMessage } from '../src/kafka';
import { createLogger } from '../src/logger';
import { CreateOutboxAndInbox1764000000000, enqueue, markProcessed, OutboxCommitOrder1764000000010, OutboxRelay } from '../src/outbox';
import { TOPICS, topicName } from '../src/topics';

@Entity('thing')
class Thing {
  @PrimaryColumn('text') id!: string;
  @Column('text') label!: string;
}

class CreateThing1764000000001 implements MigrationInterface {
  name = 'CreateThing1764000000001';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE thing (id text PRIMARY KEY, label text NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE thing');
  }
}

const log = createLogger('test', 'silent');
const DB = 'mainline_test_common_outbox';

describe('outbox and Kafka round trip (real PostgreSQL, real broker)', () => {
  const ds = createDataSource({ url: testDbUrl(DB), entities: [Thing], migrations: [CreateOutboxAndInbox1764000000000, OutboxCommitOrder1764000000010, CreateThing1764000000001], log });
  const bus = createKafkaBus({ brokers: testBrokers(), clientId: 'outbox-test', log });
  const topic = topicName(testTopicPrefix(), TOPICS.workorderEvents);
  const received: ReceivedMessage[] = [];
  let relay: OutboxRelay;

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    await connectAndMigrate(ds, log);
    await bus.subscribe(`outbox-test-${Date.now()}`, [topic], async (m) => {
      received.push(m);
    });
    relay = new OutboxRelay(ds, bus, log, { pollMs: 100 });
    relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    await bus.close();
    await ds.destroy();
  });

  it('writes and reads through TypeORM on the real server', async () => {
    await ds.getRepository(Thing).save({ id: 't0', label: '阀门 V12' });
    expect(await ds.getRepository(Thing).findOneBy({ id: 't0' })).toEqual({ id: 't0', label: '阀门 V12' });
  });

  it('publishes the events of a committed change, and none of a rolled-back one', async () => {
    await ds.transaction(async (tx) => {
      await tx.getRepository(Thing).save({ id: 't1', label: 'committed' });
      await enqueue(tx, topic, [{ key: 't1', value: JSON.stringify({ id: 't1', n: 1 }), headers: { 'x-event-id': 'e-t1' } }]);
    });
    await expect(
      ds.transaction(async (tx) => {
        await tx.getRepository(Thing).save({ id: 't2', label: 'rolled back' });
        await enqueue(tx, topic, [{ key: 't2', value: JSON.stringify({ id: 't2' }), headers: { 'x-event-id': 'e-t2' } }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    relay.kick();
    const t0 = Date.now();
    while (!received.some((m) => m.key === 't1') && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000));
    const mine = received.filter((m) => m.key === 't1' || m.key === 't2');
    expect(mine.map((m) => m.key)).toEqual(['t1']);
    expect(JSON.parse(mine[0].value!.toString())).toEqual({ id: 't1', n: 1 });
    expect(mine[0].headers['x-event-id']).toBe('e-t1');
    expect(await ds.getRepository(Thing).findOneBy({ id: 't2' })).toBeNull();
    // Marked published in the relay's own transaction after the broker's ack: wait for that commit.
    const pending = async () => (await ds.query('SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL'))[0].pending as number;
    const t1 = Date.now();
    while ((await pending()) > 0 && Date.now() - t1 < 30000) await new Promise((r) => setTimeout(r, 50));
    expect(await pending()).toBe(0);
  });

  it('lets a consumer process a message id once', async () => {
    const first = await ds.transaction((tx) => markProcessed(tx, 'c1', 'm-1'));
    const again = await ds.transaction((tx) => markProcessed(tx, 'c1', 'm-1'));
    const otherConsumer = await ds.transaction((tx) => markProcessed(tx, 'c2', 'm-1'));
    expect([first, again, otherConsumer]).toEqual([true, false, true]);
  });
});
