// `npm run bench:notify`: the notify service against the real PostgreSQL and Kafka (issue 5, "Speed").
// 1. announcement → last notice on outage.notices for an outage with 2,000 direct recipients (p50/p99 over 10 runs),
//    with the default SMS batching (1,000 recipients per notice) and with one notice per recipient;
// 2. sustained notices/s the outbox relay publishes (a 50,000-notice backlog), and end to end while composing.
// Prints one JSON line per figure and stops by itself.
import path from 'node:path';
import { createKafkaBus, createLogger, TOPICS, topicName, type MessageBus, type OutageEvent } from '@mainline/common';
import { Kafka, logLevel } from 'kafkajs';
import { ensureKafka } from '@mainline/infra';
import { ensureDatabases, ensurePostgres } from '@mainline/infra';
import { createTopics, ROOT } from '@mainline/infra';
import { startNotifyService, type NotifyApp } from '@mainline/notify/src/app';
import { domainConfig, loadNotifyServiceConfig } from '@mainline/notify/src/config';
import { planNotices } from '@mainline/notify/src/domain';
import { outage } from '@mainline/notify/test/fixtures';
import { freePort } from '../support/ports';
import { NoticeCollector } from '@mainline/notify/test/support/notice-collector';
import { pct } from './support';

const RECIPIENTS = 2000;
const RUNS = 10;
const BACKLOG = 50_000;
const HOUR = 3_600_000;
const line = (o: object) => process.stdout.write(JSON.stringify({ bench: 'notify', ...o }) + '\n');
const info = (m: string) => process.stderr.write(`[bench:notify] ${m}\n`);

function announcement(id: string, now: Date): OutageEvent {
  const start = new Date(now.getTime() + 72 * HOUR);
  return {
    type: 'outage.announced', eventId: `evt-${id}`, occurredAt: now.toISOString(),
    outage: outage({
      id, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 6 * HOUR).toISOString(),
      servicePointPhones: Array.from({ length: RECIPIENTS }, (_, i) => ({ id: `sp-${i}`, phone: `139${String(i).padStart(8, '0')}` })),
    }),
  };
}

/** pollMs: 5 suits the in-memory sink; a database count should poll rarely, or the polling loads what is timed. */
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, pollMs = 5): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

interface Instance {
  app: NotifyApp;
  env: Record<string, string>;
  sink: NoticeCollector;
  bus: MessageBus;
  eventsTopic: string;
  expectedNow(e: OutageEvent, now: Date): number;
  stop(): Promise<void>;
}

async function instance(name: string, pgUrlFor: (db: string) => string, brokers: string[], prefix: string, extra: Record<string, string>): Promise<Instance> {
  const env = {
    DATABASE_URL: pgUrlFor(`mainline_bench_notify_${name}`), KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: `${prefix}${name}.`,
    PORT: String(await freePort()), LOG_LEVEL: 'warn', OUTBOX_POLL_MS: '50', ...extra,
  };
  await createTopics(brokers, env.KAFKA_TOPIC_PREFIX);
  const cfg = loadNotifyServiceConfig(env);
  const app = await startNotifyService(cfg);
  const sink = await NoticeCollector.start(brokers, topicName(env.KAFKA_TOPIC_PREFIX, TOPICS.outageNotices), { keepBodies: false });
  const bus = createKafkaBus({ brokers, clientId: `bench-${name}`, log: createLogger('bench', 'silent') });
  const dcfg = domainConfig(cfg);
  return {
    app, env, sink, bus, eventsTopic: topicName(env.KAFKA_TOPIC_PREFIX, TOPICS.outageEvents),
    expectedNow: (e, now) => planNotices(e, dcfg, now).drafts.filter((d) => new Date(d.sendAt) <= now).length,
    async stop() {
      await sink.stop();
      await bus.close();
      await app.close();
    },
  };
}

async function latency(x: Instance, mode: string): Promise<void> {
  const samples: number[] = [];
  let notices = 0;
  for (let run = -1; run < RUNS; run++) {
    const e = announcement(`lat-${mode}-${run + 1}`, new Date());
    notices = x.expectedNow(e, new Date());
    const t0 = Date.now();
    await x.bus.send(x.eventsTopic, [{ key: e.outage.id, value: JSON.stringify(e) }]);
    await waitFor(() => x.sink.forOutage(e.outage.id).length >= notices, 60_000, `${notices} notices of ${e.outage.id}`);
    const last = Math.max(...x.sink.forOutage(e.outage.id).map((m) => m.receivedAt));
    if (run >= 0) samples.push(last - t0); // run -1 warms up connections and JIT
  }
  samples.sort((a, b) => a - b);
  line({ figure: 'announcement_to_last_notice_ms', mode, directRecipients: RECIPIENTS, noticesPerAnnouncement: notices, runs: RUNS, p50: pct(samples, 0.5), p99: pct(samples, 0.99), max: samples[samples.length - 1], target: 'p99 < 2000' });
}

async function throughput(x: Instance): Promise<void> {
  const outages = Math.ceil(BACKLOG / (RECIPIENTS + 12));
  const events = Array.from({ length: outages }, (_, i) => announcement(`tp-${i}`, new Date()));
  const expected = events.reduce((n, e) => n + x.expectedNow(e, new Date()), 0);
  const before = x.sink.messages.length;

  // (a) Backlog: compose everything with the relay stopped, then time the relay alone.
  await x.app.relay.stop();
  const tc = Date.now();
  await x.bus.send(x.eventsTopic, events.map((e) => ({ key: e.outage.id, value: JSON.stringify(e) })));
  await waitFor(async () => (await x.app.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n >= expected, 600_000, `${expected} composed notices`, 100);
  const composeMs = Date.now() - tc;
  line({ figure: 'composed_notices_per_s', outages, notices: expected, ms: composeMs, perSecond: Math.round((expected / composeMs) * 1000), note: 'outage event consumed → notices + outbox rows committed (2,000 recipients per outage, one notice per recipient)' });
  const t0 = Date.now();
  x.app.relay.start();
  await waitFor(() => x.sink.messages.length - before >= expected, 600_000, `${expected} published notices`);
  const last = Math.max(...x.sink.messages.slice(before).map((m) => m.receivedAt));
  line({ figure: 'relay_published_notices_per_s', notices: expected, ms: last - t0, perSecond: Math.round((expected / (last - t0)) * 1000), relayBatch: Number(x.env.NOTIFY_RELAY_BATCH_SIZE ?? 1000), target: '>= 5000' });

  // (b) End to end: events in, notices out, composing and publishing at the same time.
  const events2 = Array.from({ length: outages }, (_, i) => announcement(`tp2-${i}`, new Date()));
  const before2 = x.sink.messages.length;
  const t1 = Date.now();
  await x.bus.send(x.eventsTopic, events2.map((e) => ({ key: e.outage.id, value: JSON.stringify(e) })));
  await waitFor(() => x.sink.messages.length - before2 >= expected, 600_000, `${expected} notices end to end`);
  const last2 = Math.max(...x.sink.messages.slice(before2).map((m) => m.receivedAt));
  line({ figure: 'end_to_end_notices_per_s', outages, notices: expected, ms: last2 - t1, perSecond: Math.round((expected / (last2 - t1)) * 1000) });
}

async function main(): Promise<void> {
  const dataDir = path.join(ROOT, '.data');
  const pg = await ensurePostgres({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: path.join(dataDir, 'postgres'), log: info });
  const kafka = await ensureKafka({ brokers: process.env.KAFKA_BROKERS ? process.env.KAFKA_BROKERS.split(',') : undefined, dataDir: path.join(dataDir, 'kafka'), log: info });
  const prefix = `bench-${Date.now().toString(36)}.`;
  await ensureDatabases(pg, ['batched', 'perrecipient'].map((n) => `mainline_bench_notify_${n}`), { recreate: true });
  const started: Instance[] = [];
  try {
    info('announcement latency, default SMS batching');
    const batched = await instance('batched', pg.urlFor, kafka.brokers, prefix, {});
    started.push(batched);
    await latency(batched, 'batched');
    await batched.stop();
    started.pop();

    info('announcement latency and throughput, one notice per recipient');
    const per = await instance('perrecipient', pg.urlFor, kafka.brokers, prefix, { NOTIFY_SMS_BATCH_SIZE: '1' });
    started.push(per);
    await latency(per, 'one_notice_per_recipient');
    await throughput(per);
    await per.stop();
    started.pop();
  } finally {
    for (const s of started) await s.stop().catch(() => undefined);
    const admin = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
    await kafka.stop();
    await pg.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench:notify failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
