// Starts the real parts (PostgreSQL, Kafka) and the four processes; shared by `npm start` and the
// end-to-end tests so both run the stack the same way.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEV_DEFAULTS, TOPICS, topicName } from '@mainline/common';
import { ensureKafka, ensureTopics, KafkaHandle } from './kafka';
import { ensureDatabases, ensurePostgres, PgHandle } from './postgres';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVICES = ['tickets', 'network', 'notify'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface InfraOptions {
  databaseUrl?: string;
  kafkaBrokers?: string[];
  dataDir: string;
  log: (msg: string) => void;
}

export interface Infra {
  pg: PgHandle;
  kafka: KafkaHandle;
  stop(): Promise<void>;
}

export async function startInfra(o: InfraOptions): Promise<Infra> {
  const pg = await ensurePostgres({ databaseUrl: o.databaseUrl, dataDir: path.join(o.dataDir, 'postgres'), log: o.log });
  o.log(`PostgreSQL: ${pg.kind}`);
  const kafka = await ensureKafka({ brokers: o.kafkaBrokers, dataDir: path.join(o.dataDir, 'kafka'), log: o.log });
  o.log(`Kafka: ${kafka.brokers.join(',')} (${kafka.started ? 'started here' : 'already running'})`);
  return {
    pg,
    kafka,
    async stop() {
      await kafka.stop();
      await pg.stop();
    },
  };
}

/** Creates every topic Mainline needs (auto-create is off on the broker). */
export async function createTopics(brokers: string[], prefix: string): Promise<void> {
  await ensureTopics(
    brokers,
    Object.values(TOPICS).map((t) => ({ topic: topicName(prefix, t), numPartitions: t.partitions, retentionMs: t.retentionMs })),
  );
}

export interface StackOptions {
  infra: Infra;
  /** Database name per service, e.g. mainline_tickets. */
  dbPrefix: string;
  recreateDatabases?: boolean;
  topicPrefix: string;
  gatewayPort: number;
  /**
   * Each service's port, or the ports of its replicas (two or more processes against the same databases and
   * topics; the gateway gets them as TICKETS_URLS/NETWORK_URLS/NOTIFY_URLS, tickets NETWORK_SUBGRAPH_URLS).
   */
  servicePorts: Record<ServiceName, number | number[]>;
  logDir: string;
  extraEnv?: Record<string, string>;
  /** Runs once the databases and topics exist and before any service starts, with the environment each will get. */
  beforeServices?: (env: Record<ServiceName, Record<string, string>>) => Promise<void>;
  log: (msg: string) => void;
}

export interface RunningProcess {
  /** `tickets`, `network`, `notify`, `gateway`; a service's further replicas are `tickets-2`, `tickets-3`, … */
  name: string;
  proc: ChildProcess;
  url: string;
  port: number;
}

export interface Stack {
  gatewayUrl: string;
  /** The environment each service's first replica was given (over this process's own). */
  serviceEnv: Record<ServiceName, Record<string, string>>;
  processes: Map<string, RunningProcess>;
  stop(): Promise<void>;
}

async function waitFor(url: string, proc: ChildProcess, name: string, logFile: string, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  let last = 'no answer';
  while (Date.now() - t0 < timeoutMs) {
    if (proc.exitCode !== null) {
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`${name} exited with code ${proc.exitCode} while starting; last lines of ${logFile}:\n${tail}`);
    }
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (r.ok) return;
      last = `HTTP ${r.status} ${(await r.text()).slice(0, 300)}`;
    } catch (e) {
      last = `${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? "")}`; // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} did not become ready at ${url} within ${timeoutMs / 1000} s (last answer: ${last}; see ${logFile})`);
}

function spawnNode(name: string, script: string, env: Record<string, string>, logDir: string): { proc: ChildProcess; logFile: string } {
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  // MAINLINE_NODE_ARGS: extra node flags for every service (profiling: `--cpu-prof --cpu-prof-dir=/tmp/prof`).
  const extra = (env.MAINLINE_NODE_ARGS ?? process.env.MAINLINE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const proc = spawn(process.execPath, [...extra, '-r', '@swc-node/register', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  return { proc, logFile };
}

function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => p.kill('SIGKILL'), 15000);
    p.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    p.kill('SIGTERM');
  });
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const dbs = Object.fromEntries(SERVICES.map((s) => [s, `${o.dbPrefix}${s}`])) as Record<ServiceName, string>;
  await ensureDatabases(o.infra.pg, Object.values(dbs), { recreate: o.recreateDatabases });
  await createTopics(o.infra.kafka.brokers, o.topicPrefix);
  const processes = new Map<string, RunningProcess>();
  const serviceEnv = {} as Record<ServiceName, Record<string, string>>;
  const common = { KAFKA_BROKERS: o.infra.kafka.brokers.join(','), KAFKA_TOPIC_PREFIX: o.topicPrefix, ...(o.extraEnv ?? {}) };

  const launch = async (name: string, script: string, env: Record<string, string>, port: number, ready: string, url: string) => {
    const { proc, logFile } = spawnNode(name, script, env, o.logDir);
    processes.set(name, { name, proc, url, port });
    await waitFor(ready, proc, name, logFile, 120000);
  };
  const ports = Object.fromEntries(SERVICES.map((s) => [s, ([] as number[]).concat(o.servicePorts[s])])) as Record<ServiceName, number[]>;
  const graphqlUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const urls = (s: ServiceName) => ports[s].map(graphqlUrl);

  try {
    const envOf = (s: ServiceName, i: number): Record<string, string> => ({
      ...common, PORT: String(ports[s][i]), DATABASE_URL: o.infra.pg.urlFor(dbs[s]), REPLICA_ID: `${s}-${i + 1}`,
      // Tickets checks a work order's asset with the network service directly.
      ...(s === 'tickets' ? (ports.network.length > 1 ? { NETWORK_SUBGRAPH_URLS: urls('network').join(',') } : { NETWORK_SUBGRAPH_URL: urls('network')[0] }) : {}),
    });
    for (const s of SERVICES) serviceEnv[s] = envOf(s, 0);
    // Before any service runs (the demo's month is written then, so no live job sees it half done).
    if (o.beforeServices) await o.beforeServices(serviceEnv);
    // Every replica at once: they migrate one after the other under the migration lock (connectAndMigrate).
    await Promise.all(
      SERVICES.flatMap((s) =>
        ports[s].map((port, i) =>
          launch(i === 0 ? s : `${s}-${i + 1}`, path.join(ROOT, 'services', s, 'src', 'main.ts'), envOf(s, i), port, `http://127.0.0.1:${port}/readyz`, graphqlUrl(port))),
      ),
    );
    const gwEnv: Record<string, string> = {
      ...common,
      GATEWAY_PORT: String(o.gatewayPort),
      ...Object.fromEntries(SERVICES.map((s) => (ports[s].length > 1 ? [`${s.toUpperCase()}_URLS`, urls(s).join(',')] : [`${s.toUpperCase()}_URL`, urls(s)[0]]))),
    };
    await launch('gateway', path.join(ROOT, 'gateway', 'src', 'main.ts'), gwEnv, o.gatewayPort, `http://127.0.0.1:${o.gatewayPort}/healthz`, `http://localhost:${o.gatewayPort}/graphql`);
  } catch (e) {
    await Promise.all([...processes.values()].map((p) => stopProcess(p.proc)));
    throw e;
  }

  return {
    gatewayUrl: `http://localhost:${o.gatewayPort}/graphql`,
    serviceEnv,
    processes,
    async stop() {
      const gw = processes.get('gateway');
      if (gw) await stopProcess(gw.proc);
      await Promise.all([...processes.values()].filter((p) => p.name !== 'gateway').map((p) => stopProcess(p.proc)));
    },
  };
}

export const DEFAULT_PORTS = { gateway: DEV_DEFAULTS.gatewayPort, services: DEV_DEFAULTS.ports } as const;
