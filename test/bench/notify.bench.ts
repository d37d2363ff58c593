// `npm run bench:notify`: the notify service against the real PostgreSQL and Kafka (issue 12, target 3).
// 1. announcement → last notice on outage.notices for an outage with 2,000 direct recipients (p50/p99 over
//    BENCH_RUNS runs), with the default SMS batching and with one notice per recipient (the target: p99 < 1 s);
// 2. 25 outages × 2,000 recipients, one notice each: composition alone (relay stopped), the relay alone
//    (the backlog), and end to end (events in, notices seen by a real consumer, both at once; target 5,000/s).
// Every run checks its answer: each notice exactly once, to the right recipients, with the planned content.
// Prints one JSON line per figure and stops by itself.
import path from 'node:path';
import { createKafkaBus, createLogger, TOPICS, topicName, type MessageBus, type OutageEvent } from '@mainline/common';
import { Kafka, logLevel } from 'kafkajs';
import { ensureKafka } from '@mainline/infra';
import { ensureDatabases, ensurePostgres } from '@mainline/infra';
import { createTopics, ROOT } from '@mainline/infra';
import { startNotifyService, type NotifyApp } from '@mainline/notify/src/app';
import { domainConfig, loadNotifyServiceConfig, type NotifyServiceConfig } from '@mainline/notify/src/config';
import { planNotices } from '@mainline/notify/src/domain';
import { outage } from '@mainline/notify/test/fixtures';
import { freePort } from '../support/ports';
import { NoticeCollector } from '@mainline/notify/test/support/notice-collector';
import type { RawNotice } from '@mainline/notify/test/support/notice-collector';
import fs from 'node:fs';
import { cpuSeconds, pct } from './support';

const RECIPIENTS = 2000;
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 20));
const OUTAGES = Number(process.env.BENCH_OUTAGES ?? 25);
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

/**
 * CPU seconds so far of this process (the service and the bench's consumer) and of this PostgreSQL cluster's
 * processes. Backends come and go with the pool, so their CPU is summed from samples taken every 200 ms.
 */
async function cpuMeter(x: Instance): Promise<{ read(): { node: number; postgres: number }; stop(): void }> {
  const [{ pid }] = await x.app.ds.query('SELECT pg_backend_pid() AS pid');
  const ppid = (p: number | string) => Number(fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  const postmaster = ppid(pid);
  const last = new Map<number, number>();
  let postgres = 0;
  const sample = () => {
    for (const p of [String(postmaster), ...fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))]) {
      try {
        const n = Number(p);
        if (n !== postmaster && ppid(p) !== postmaster) continue;
        const s = cpuSeconds(n);
        postgres += Math.max(0, s - (last.get(n) ?? s));
        last.set(n, s);
      } catch { /* gone meanwhile */ }
    }
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    read() {
      sample();
      const u = process.cpuUsage();
      return { node: (u.user + u.system) / 1e6, postgres };
    },
    stop: () => clearInterval(timer),
  };
}

/** CPU milliseconds per notice spent between two meter readings. */
const cpuPerNotice = (a: { node: number; postgres: number }, b: { node: number; postgres: number }, n: number) =>
  ({ nodeCpuMsPerNotice: +(((b.node - a.node) * 1000) / n).toFixed(3), postgresCpuMsPerNotice: +(((b.postgres - a.postgres) * 1000) / n).toFixed(3) });

interface ExpectedNotice {
  outageId: string;
  title: string;
  text: string;
  /** The recipients' phones, in order. */
  phones: string;
}

/** Fails unless `got` holds each expected notice exactly once, keyed by its outage, with the planned content. */
function verify(got: RawNotice[], expected: Map<string, ExpectedNotice>, what: string): void {
  const seen = new Set<string>();
  const bad: string[] = [];
  for (const m of got) {
    const id = m.headers.ce_id;
    const want = expected.get(id);
    if (!want) { bad.push(`${id}: not planned`); continue; }
    if (seen.has(id)) { bad.push(`${id}: published twice`); continue; }
    seen.add(id);
    const data = JSON.parse(m.raw?.toString('utf8') ?? 'null');
    const phones = (data?.recipients ?? []).map((r: { phone: string }) => r.phone).join(',');
    if (m.key !== want.outageId || data?.noticeId !== id || data.outageId !== want.outageId) bad.push(`${id}: wrong outage or id`);
    else if (data.title !== want.title || data.text !== want.text) bad.push(`${id}: wrong content`);
    else if (phones !== want.phones) bad.push(`${id}: wrong recipients (${phones} instead of ${want.phones})`);
  }
  if (seen.size !== expected.size) bad.push(`${expected.size - seen.size} of ${expected.size} notices missing`);
  if (bad.length) throw new Error(`${what}: wrong answer: ${bad.slice(0, 5).join('; ')}${bad.length > 5 ? ` (+${bad.length - 5} more)` : ''}`);
}

interface Instance {
  app: NotifyApp;
  env: Record<string, string>;
  cfg: NotifyServiceConfig;
  sink: NoticeCollector;
  bus: MessageBus;
  eventsTopic: string;
  /** What the planner must publish at once for `e`, by notice key (ce_id). */
  expectedNow(e: OutageEvent, now: Date): Map<string, ExpectedNotice>;
  stop(): Promise<void>;
}

async function instance(name: string, pgUrlFor: (db: string) => string, brokers: string[], prefix: string, extra: Record<string, string>): Promise<Instance> {
  const env = {
    DATABASE_URL: pgUrlFor(`mainline_bench_notify_${name}`), KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: `${prefix}${name}.`,
    PORT: String(await freePort()), LOG_LEVEL: 'warn', OUTBOX_POLL_MS: '50',
    // Where the relay runs (worker thread or inline): the service's default unless the bench is told.
    ...(process.env.OUTBOX_RELAY_THREAD ? { OUTBOX_RELAY_THREAD: process.env.OUTBOX_RELAY_THREAD } : {}), ...extra,
  };
  await createTopics(brokers, env.KAFKA_TOPIC_PREFIX);
  const cfg = loadNotifyServiceConfig(env);
  const app = await startNotifyService(cfg);
  const sink = await NoticeCollector.start(brokers, topicName(env.KAFKA_TOPIC_PREFIX, TOPICS.outageNotices), { keepBodies: 'raw' });
  const bus = createKafkaBus({ brokers, clientId: `bench-${name}`, log: createLogger('bench', 'silent') });
  const dcfg = domainConfig(cfg);
  return {
    app, env, cfg, sink, bus, eventsTopic: topicName(env.KAFKA_TOPIC_PREFIX, TOPICS.outageEvents),
    expectedNow: (e, now) =>
      new Map(planNotices(e, dcfg, now).drafts.filter((d) => new Date(d.sendAt) <= now)
        .map((d) => [d.noticeKey, { outageId: d.outageId, title: d.title, text: d.text, phones: d.recipients.map((r) => r.phone).join(',') }])),
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
  let direct = 0;
  for (let run = -1; run < RUNS; run++) {
    const e = announcement(`lat-${mode}-${run + 1}`, new Date());
    const expected = x.expectedNow(e, new Date());
    notices = expected.size;
    direct = [...expected.values()].filter((n) => n.phones !== '').length;
    const t0 = Date.now();
    await x.bus.send(x.eventsTopic, [{ key: e.outage.id, value: JSON.stringify(e) }]);
    await waitFor(() => x.sink.countFor(e.outage.id) >= notices, 60_000, `${notices} notices of ${e.outage.id}`);
    const got = x.sink.forOutage(e.outage.id);
    const last = Math.max(...got.map((m) => m.receivedAt));
    // A late duplicate would still be in flight: the check runs after the clock, on what arrived by then.
    verify(got, expected, `announcement ${e.outage.id}`);
    if (run >= 0) samples.push(last - t0); // run -1 warms up connections and JIT
  }
  samples.sort((a, b) => a - b);
  line({ figure: 'announcement_to_last_notice_ms', mode, relayThread: x.cfg.OUTBOX_RELAY_THREAD, directRecipients: RECIPIENTS, noticesPerAnnouncement: notices, directNotices: direct, runs: RUNS, p50: pct(samples, 0.5), p99: pct(samples, 0.99), max: samples[samples.length - 1], target: 'p99 < 1000' });
}

/** 25 outages × 2,000 recipients: composition alone, relay alone, then both at once (end to end). */
async function throughput(x: Instance): Promise<void> {
  const batch = (tag: string) => {
    const events = Array.from({ length: OUTAGES }, (_, i) => announcement(`${tag}-${i}`, new Date()));
    const expected = new Map<string, ExpectedNotice>();
    for (const e of events) for (const [k, v] of x.expectedNow(e, new Date())) expected.set(k, v);
    const received = () => events.flatMap((e) => x.sink.forOutage(e.outage.id));
    const count = () => events.reduce((n, e) => n + x.sink.countFor(e.outage.id), 0);
    return { events, expected, received, count };
  };
  const send = (events: OutageEvent[]) => x.bus.send(x.eventsTopic, events.map((e) => ({ key: e.outage.id, value: JSON.stringify(e) })));
  const config = { relayBatch: x.cfg.NOTIFY_RELAY_BATCH_SIZE, consumerConcurrency: x.cfg.NOTIFY_OUTAGE_EVENTS_CONCURRENCY, relayThread: x.cfg.OUTBOX_RELAY_THREAD };
  const meter = await cpuMeter(x);
  const cpu = () => meter.read();

  // (a) Backlog: compose everything with the relay stopped, then time the relay alone.
  const a = batch('tp');
  await x.app.relay.stop();
  const c0 = cpu();
  const tc = Date.now();
  await send(a.events);
  await waitFor(async () => (await x.app.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n >= a.expected.size, 600_000, `${a.expected.size} composed notices`, 100);
  const composeMs = Date.now() - tc;
  const c1 = cpu();
  line({ figure: 'composed_notices_per_s', outages: OUTAGES, notices: a.expected.size, ms: composeMs, perSecond: Math.round((a.expected.size / composeMs) * 1000), ...config, ...cpuPerNotice(c0, c1, a.expected.size), note: 'outage event on Kafka → notices + outbox rows committed (relay stopped)' });
  const t0 = Date.now();
  x.app.relay.start();
  await waitFor(() => a.count() >= a.expected.size, 600_000, `${a.expected.size} published notices`);
  const c2 = cpu();
  const got = a.received();
  const last = Math.max(...got.map((m) => m.receivedAt));
  verify(got, a.expected, 'relay backlog');
  line({ figure: 'relay_published_notices_per_s', notices: a.expected.size, ms: last - t0, perSecond: Math.round((a.expected.size / (last - t0)) * 1000), ...config, ...cpuPerNotice(c1, c2, a.expected.size), note: 'committed backlog → seen on outage.notices by a consumer' });

  // (b) End to end: events in, notices out, composing and publishing at the same time.
  const b = batch('tp2');
  const c3 = cpu();
  const t1 = Date.now();
  await send(b.events);
  await waitFor(() => b.count() >= b.expected.size, 600_000, `${b.expected.size} notices end to end`);
  const c4 = cpu();
  const got2 = b.received();
  const last2 = Math.max(...got2.map((m) => m.receivedAt));
  verify(got2, b.expected, 'end to end');
  line({ figure: 'end_to_end_notices_per_s', outages: OUTAGES, recipientsPerOutage: RECIPIENTS, notices: b.expected.size, ms: last2 - t1, perSecond: Math.round((b.expected.size / (last2 - t1)) * 1000), ...config, ...cpuPerNotice(c3, c4, b.expected.size), target: '>= 5000', note: 'first outage event sent → last notice seen on outage.notices by a consumer' });
  meter.stop();
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
