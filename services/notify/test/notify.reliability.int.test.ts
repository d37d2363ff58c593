// Done-when of issue 5: with the broker stopped in the middle of an announcement, and with the notify
// process killed between "composed" and "published", every notice still arrives, exactly once by ce_id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKafkaBus, createLogger, TOPICS, topicName, type MessageBus, type OutageEvent } from '@mainline/common';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { ensureKafka, type KafkaHandle } from '@mainline/infra';
import { freePortBlock, testBrokers } from '@mainline/test-support';
import { domainConfig, loadNotifyServiceConfig } from '../src/config';
import { planNotices } from '../src/domain';
import { event as fixtureEvent, outage } from './fixtures';
import { prepareNotifyEnv, spawnNotify, type NotifyProcess } from './support/harness';
import { NoticeCollector, noticeSchemaValidator } from './support/notice-collector';

const HOUR = 3_600_000;
const validate = noticeSchemaValidator();
/**
 * The issue says "a minute"; 60 s is the default. BROKER_DOWN_SECONDS shortens it for a quick local loop —
 * the relay's and the consumers' back-off tops out at 5 s, so 20 s already exercises every retry path.
 */
const DOWN_MS = Number(process.env.BROKER_DOWN_SECONDS ?? 60) * 1000;
const report = (o: object) => process.stderr.write(JSON.stringify(o) + '\n');

/** One announcement with `residents` SMS recipients; with NOTIFY_SMS_BATCH_SIZE=1 each is its own notice. */
function bigAnnouncement(id: string, residents: number, now: Date): OutageEvent {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 3));
  return {
    ...fixtureEvent('outage.announced'),
    eventId: `evt-${id}`,
    occurredAt: now.toISOString(),
    outage: outage({
      id, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 6 * HOUR).toISOString(),
      servicePointPhones: Array.from({ length: residents }, (_, i) => ({ id: `sp-${i}`, phone: `139${String(i).padStart(8, '0')}` })),
    }),
  };
}

/** The notices due at once, as the pure planner computes them: the ids every consumer must end up with. */
function expectedIds(e: OutageEvent, env: Record<string, string>, now: Date): Set<string> {
  const plan = planNotices(e, domainConfig(loadNotifyServiceConfig(env)), now);
  return new Set(plan.drafts.filter((d) => new Date(d.sendAt) <= now).map((d) => d.noticeKey));
}

async function outboxCounts(db: Client): Promise<{ published: number; pending: number }> {
  const res = await db.query(`SELECT count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published, count(*) FILTER (WHERE published_at IS NULL)::int AS pending FROM outbox`);
  return { published: res.rows[0].published, pending: res.rows[0].pending };
}

async function count(db: Client, sql: string): Promise<number> {
  return (await db.query(sql)).rows[0].n;
}

/** What an operator does: the notify process runs as in production (a child), the test only watches the database and the topic. */
interface Rig {
  env: Record<string, string>;
  notify: NotifyProcess;
  db: Client;
  bus: MessageBus;
  sink: NoticeCollector;
  publish(e: OutageEvent): Promise<void>;
  stop(): Promise<void>;
}

/** Small relay batches, so a lost or resent batch is a small, countable part of the announcement. */
const RELAY_BATCH = 5;

async function startRig(name: string, brokers: string[]): Promise<Rig> {
  // Small relay batches and one notice per SMS recipient stretch publishing over seconds, so a failure can land mid-way.
  const env = await prepareNotifyEnv(name, brokers, { NOTIFY_SMS_BATCH_SIZE: '1', NOTIFY_RELAY_BATCH_SIZE: String(RELAY_BATCH) });
  const bus = createKafkaBus({ brokers, clientId: `notify-${name}-test`, log: createLogger('test', 'silent') });
  const sink = await NoticeCollector.start(brokers, topicName(env.KAFKA_TOPIC_PREFIX, TOPICS.outageNotices));
  const notify = await spawnNotify(env, `notify-${name}`);
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const rig: Rig = {
    env, notify, db, bus, sink,
    publish: (e) => bus.send(topicName(env.KAFKA_TOPIC_PREFIX, TOPICS.outageEvents), [{ key: e.outage.id, value: JSON.stringify(e) }]),
    async stop() {
      await rig.notify.stop('SIGTERM');
      await db.end().catch(() => undefined);
      await sink.stop().catch(() => undefined);
      await bus.close();
    },
  };
  return rig;
}

/** Messages written to a topic (high - low watermark over partitions): the raw count, duplicates included. */
async function topicMessageCount(brokers: string[], topic: string): Promise<number> {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, pollMs = 50): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

describe('broker down for a minute in the middle of an announcement', () => {
  // Free ports of its own: a fixed pair collided with another run's private broker on the same machine.
  let PORT: number;
  let CONTROLLER_PORT: number;
  let dataDir: string;
  let kafka: KafkaHandle;
  let rig: Rig;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mainline-notify-broker-'));
    PORT = await freePortBlock(2);
    CONTROLLER_PORT = PORT + 1;
    kafka = await ensureKafka({ dataDir, port: PORT, controllerPort: CONTROLLER_PORT });
    rig = await startRig('brokerdown', kafka.brokers);
  }, 180_000);

  afterAll(async () => {
    await rig?.stop().catch(() => undefined);
    await kafka?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('delivers every notice once after the broker comes back', async () => {
    const now = new Date();
    const e = bigAnnouncement('out-broker-down', 3000, now);
    const expected = expectedIds(e, rig.env, now);
    await rig.publish(e);

    // Stop the broker as soon as the relay has published part of the composed notices.
    await waitFor(async () => (await outboxCounts(rig.db)).published > 0, 60_000, 'the first notices to be published', 10);
    const t0 = Date.now();
    await kafka.stop();
    const atStop = await outboxCounts(rig.db);
    report({ test: 'broker-down', expected: expected.size, publishedBeforeStop: atStop.published, pendingWhileDown: atStop.pending, stopMs: Date.now() - t0 });
    expect(atStop.published + atStop.pending).toBe(expected.size);
    expect(atStop.pending).toBeGreaterThan(0); // else the broker died too late to test anything

    await new Promise((r) => setTimeout(r, DOWN_MS));
    expect((await outboxCounts(rig.db)).pending).toBe(atStop.pending); // nothing lost, nothing marked while down
    expect(rig.notify.proc.exitCode).toBeNull(); // the service rode it out
    const t1 = Date.now();
    kafka = await ensureKafka({ dataDir, port: PORT, controllerPort: CONTROLLER_PORT });

    await rig.sink.waitFor(() => rig.sink.uniqueIds().size >= expected.size, 120_000, `${expected.size} distinct notices`);
    await waitFor(async () => (await outboxCounts(rig.db)).pending === 0, 30_000, 'an empty outbox');
    const recoveredMs = Date.now() - t1;
    await new Promise((r) => setTimeout(r, 2000)); // stragglers would show up as duplicates

    const raw = await topicMessageCount(kafka.brokers, topicName(rig.env.KAFKA_TOPIC_PREFIX, TOPICS.outageNotices));
    report({ test: 'broker-down', downMs: DOWN_MS, recoveredMs, raw, distinct: rig.sink.uniqueIds().size, seenByConsumer: rig.sink.messages.length });
    expect(rig.sink.uniqueIds()).toEqual(expected);
    for (const m of rig.sink.messages) expect(validate(m.data)).toEqual([]);
    // Failed relay batches roll back and the producer is idempotent, so retries never duplicate; the one
    // exception is the batch in flight when the broker went down (written, but its answer lost): it is
    // sent again with the same ce_ids, which consumers drop. At most one relay batch (5 here) twice.
    expect(raw - expected.size).toBeGreaterThanOrEqual(0);
    expect(raw - expected.size).toBeLessThanOrEqual(RELAY_BATCH);
    await waitFor(async () => (await count(rig.db, `SELECT count(*)::int AS n FROM notice WHERE status = 'QUEUED'`)) === 0, 10_000, 'PUBLISHED statuses');
  }, DOWN_MS + 300_000);
});

describe('notify process killed between composed and published', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig('crash', testBrokers());
  }, 180_000);

  afterAll(async () => {
    await rig?.stop();
  }, 60_000);

  it('loses nothing when SIGKILLed with notices composed but not yet published', async () => {
    const now = new Date();
    const e = bigAnnouncement('out-crash', 3000, now);
    const expected = expectedIds(e, rig.env, now);
    await rig.publish(e);

    await waitFor(async () => (await outboxCounts(rig.db)).published > 0, 60_000, 'composed notices to start going out', 10);
    await rig.notify.stop('SIGKILL');
    const atKill = await outboxCounts(rig.db);
    const composed = await count(rig.db, `SELECT count(*)::int AS n FROM notice WHERE status <> 'PENDING'`);
    report({ test: 'crash', expected: expected.size, composed, publishedBeforeKill: atKill.published, unpublishedAtKill: atKill.pending });
    expect(composed).toBe(expected.size);
    expect(atKill.pending).toBeGreaterThan(0); // the kill really fell between "composed" and "published"

    rig.notify = await spawnNotify(rig.env, 'notify-crash');
    await rig.sink.waitFor(() => rig.sink.uniqueIds().size >= expected.size, 120_000, `${expected.size} distinct notices`);
    await waitFor(async () => (await outboxCounts(rig.db)).pending === 0, 30_000, 'an empty outbox');
    await new Promise((r) => setTimeout(r, 2000));

    const raw = await topicMessageCount(testBrokers(), topicName(rig.env.KAFKA_TOPIC_PREFIX, TOPICS.outageNotices));
    report({ test: 'crash', raw, distinct: rig.sink.uniqueIds().size, resentAfterKill: raw - expected.size });
    expect(rig.sink.uniqueIds()).toEqual(expected);
    for (const m of rig.sink.messages) expect(validate(m.data)).toEqual([]);
    // At least once: a batch the broker had taken but the dead relay had not marked is sent again,
    // byte-identical with the same ce_id, and at most one relay batch of it.
    expect(raw - expected.size).toBeLessThanOrEqual(RELAY_BATCH);
    // The announcement was planned once although Kafka may have redelivered it after the kill.
    expect(await count(rig.db, `SELECT count(*)::int AS n FROM processed_message WHERE consumer = 'notify.outage-events'`)).toBe(1);
    await waitFor(async () => (await count(rig.db, `SELECT count(*)::int AS n FROM notice WHERE status = 'QUEUED'`)) === 0, 10_000, 'PUBLISHED statuses');
  }, 300_000);
});
