// Test support (not shipped): a private database, per-file topics and the notify app in-process.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createKafkaBus, createLogger, DEV_DEFAULTS, ManualClock, signInternalIdentity, TOPICS, topicName, type Identity, type MessageBus, type OutageEvent, type Role } from '@mainline/common';
import { ensureDatabases } from '@mainline/infra';
import { createTopics, ROOT } from '@mainline/infra';
import { testBrokers, testDbUrl, testPg, testTopicPrefix } from '@mainline/test-support';
import { freePort } from '@mainline/test-support';
import { startNotifyService, type NotifyApp } from '../../src/app';
import { loadNotifyServiceConfig } from '../../src/config';

export { testPg };

export interface Harness {
  app: NotifyApp;
  clock: ManualClock;
  bus: MessageBus;
  prefix: string;
  brokers: string[];
  dbUrl: string;
  env: Record<string, string>;
  publish(e: OutageEvent): Promise<void>;
  gql<T = any>(query: string, variables: Record<string, unknown>, roles: Role[], sub?: string): Promise<{ data?: T; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> }>;
  stop(): Promise<void>;
}

/** `name` keeps this file's database and topics apart from every other test. */
export async function startHarness(name: string, o: { brokers?: string[]; env?: Record<string, string>; clock?: ManualClock } = {}): Promise<Harness> {
  const db = `mainline_test_notify_${name}`;
  await ensureDatabases(testPg(), [db], { recreate: true });
  const brokers = o.brokers ?? testBrokers();
  const prefix = `${testTopicPrefix()}${name}.`;
  await createTopics(brokers, prefix);
  const clock = o.clock ?? new ManualClock(new Date());
  const env: Record<string, string> = {
    DATABASE_URL: testDbUrl(db), KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, PORT: String(await freePort()),
    LOG_LEVEL: 'warn', OUTBOX_POLL_MS: '50', NOTIFY_SCHEDULER_POLL_MS: '200',
    NOTIFY_INTERNAL_CONTACTS: '生产调度中心=0871-6100001,值班领导=13900000001',
    NOTIFY_REGULATOR_CONTACTS: '城市管理局供水处=0871-6300001',
    ...(o.env ?? {}),
  };
  const app = await startNotifyService(loadNotifyServiceConfig(env), { clock });
  const bus = createKafkaBus({ brokers, clientId: 'notify-test-producer', log: createLogger('test', 'silent') });
  const outageTopic = topicName(prefix, TOPICS.outageEvents);
  return {
    app, clock, bus, prefix, brokers, dbUrl: env.DATABASE_URL, env,
    publish: (e) => bus.send(outageTopic, [{ key: e.outage.id, value: JSON.stringify(e) }]),
    async gql(query, variables, roles, sub = 'tester') {
      const id: Identity = { sub, name: sub, roles, department: null };
      const r = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mainline-identity': signInternalIdentity(id, DEV_DEFAULTS.internalSecret) },
        body: JSON.stringify({ query, variables }),
      });
      return (await r.json()) as any;
    },
    async stop() {
      await bus.close();
      await app.close();
    },
  };
}

export interface NotifyProcess {
  proc: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The real service as production runs it (`node -r @swc-node/register services/notify/src/main.ts`), ready when /readyz says so. */
export async function spawnNotify(env: Record<string, string>, logName: string): Promise<NotifyProcess> {
  const logFile = path.join(ROOT, '.data', 'test-logs', `${logName}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'services/notify/src/main.ts')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  const t0 = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`notify exited with code ${proc.exitCode} while starting; see ${logFile}`);
    if (await fetch(`http://127.0.0.1:${env.PORT}/readyz`).then((r) => r.ok, () => false)) break;
    if (Date.now() - t0 > 90_000) {
      await stop('SIGKILL');
      throw new Error(`notify was not ready within 90 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { proc, stop };
}

/** A private database and this run's topics under `<run prefix><name>.`, without starting anything. */
export async function prepareNotifyEnv(name: string, brokers: string[], extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const db = `mainline_test_notify_${name}`;
  await ensureDatabases(testPg(), [db], { recreate: true });
  const prefix = `${testTopicPrefix()}${name}.`;
  await createTopics(brokers, prefix);
  return {
    DATABASE_URL: testDbUrl(db), KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, PORT: String(await freePort()),
    LOG_LEVEL: 'warn', ...extra,
  };
}
