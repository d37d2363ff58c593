import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { InfraError } from './infra-error';

/** A running (or reused) Kafka broker. */
export interface KafkaHandle {
  brokers: string[];
  /** false when an already running broker (or KAFKA_BROKERS) was reused: stop() then does nothing. */
  started: boolean;
  stop(): Promise<void>;
}

export interface KafkaOptions {
  /** From KAFKA_BROKERS: only wait until these answer, start nothing. */
  brokers?: string[];
  /** Where the broker keeps its data, config and logs, e.g. `<repo>/.data/kafka`. */
  dataDir: string;
  /** PLAINTEXT listener port; default 9092. */
  port?: number;
  /** KRaft controller listener port; default 9093. */
  controllerPort?: number;
  log?: (msg: string, extra?: object) => void;
  /** Let the broker outlive this Node process (its own process group, not killed on exit); default false. */
  detached?: boolean;
  /** How long to wait for the broker to answer; default 90 s. */
  readyTimeoutMs?: number;
}

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  retentionMs?: number;
  cleanupPolicy?: 'delete' | 'compact';
}

export const KAFKA_DEFAULTS = {
  port: 9092,
  controllerPort: 9093,
  readyTimeoutMs: 90_000,
  pollMs: 500,
  stopTimeoutMs: 30_000,
  /** Tried in order: 3.9.1 first, 3.9.0 if Maven Central cannot resolve it. */
  kafkaVersions: ['3.9.1', '3.9.0'],
  heap: ['-Xms256m', '-Xmx512m'],
} as const;

/** infra/kafka: the pom, log4j.properties and the fetched libs/ (gitignored). */
export const KAFKA_HOME = path.resolve(__dirname, '..', 'kafka');
const LIBS_DIR = path.join(KAFKA_HOME, 'libs');
const MARKER = path.join(LIBS_DIR, '.complete');

const noLog = (): void => undefined;

/**
 * Returns a Kafka broker to talk to: the given `brokers` (waited for), a broker already answering
 * on 127.0.0.1:port (reused), or a single-node KRaft broker started from Maven Central jars.
 */
export async function ensureKafka(o: KafkaOptions): Promise<KafkaHandle> {
  const log = o.log ?? noLog;
  const readyTimeoutMs = o.readyTimeoutMs ?? KAFKA_DEFAULTS.readyTimeoutMs;

  if (o.brokers && o.brokers.length > 0) {
    const brokers = o.brokers.map((b) => b.trim()).filter(Boolean);
    log('kafka: waiting for the given brokers', { brokers });
    const ok = await waitUntil(() => kafkaAnswers(brokers), readyTimeoutMs, KAFKA_DEFAULTS.pollMs);
    if (!ok) {
      throw new InfraError('UNREACHABLE', `Kafka 无法连接：KAFKA_BROKERS=${brokers.join(',')} 在 ${readyTimeoutMs} ms 内没有响应 / ` +
        `Kafka brokers from KAFKA_BROKERS (${brokers.join(',')}) did not answer within ${readyTimeoutMs} ms`);
    }
    return { brokers, started: false, stop: async () => undefined };
  }

  const port = o.port ?? KAFKA_DEFAULTS.port;
  const controllerPort = o.controllerPort ?? KAFKA_DEFAULTS.controllerPort;
  checkPort('port', port);
  checkPort('controllerPort', controllerPort);
  if (port === controllerPort) {
    throw new InfraError('INVALID_INPUT', `ensureKafka: port 与 controllerPort 相同 (${port}) / port and controllerPort must differ`);
  }
  const brokers = [`127.0.0.1:${port}`];

  if (await portAccepts(port)) {
    if (await kafkaAnswers(brokers)) {
      log('kafka: reusing the broker already running', { brokers });
      return { brokers, started: false, stop: async () => undefined };
    }
    throw new InfraError('PORT_IN_USE', `端口 ${port} 已被其他程序占用（不是 Kafka）/ port ${port} is taken by something that does not answer as Kafka; ` +
      `stop it, choose another port, or set KAFKA_BROKERS`);
  }
  if (await portAccepts(controllerPort)) {
    throw new InfraError('PORT_IN_USE', `Kafka 控制器端口 ${controllerPort} 已被占用 / controller port ${controllerPort} is already in use`);
  }

  requireTool('java', ['-version']);
  await ensureJars(log);

  const dataDir = path.resolve(o.dataDir);
  const logDirs = path.join(dataDir, 'data');
  const appLogs = path.join(dataDir, 'logs');
  fs.mkdirSync(logDirs, { recursive: true });
  fs.mkdirSync(appLogs, { recursive: true });
  const propsFile = path.join(dataDir, 'server.properties');
  fs.writeFileSync(propsFile, serverProperties({ port, controllerPort, logDirs }));

  const classpath = `${LIBS_DIR}${path.sep}*`;
  const jvmLog = [`-Dlog4j.configuration=file:${path.join(KAFKA_HOME, 'log4j.properties')}`, `-Dkafka.logs.dir=${appLogs}`];
  // Formatting costs a JVM start; once meta.properties exists the storage is formatted and keeps its data.
  if (!fs.existsSync(path.join(logDirs, 'meta.properties'))) {
    const clusterId = readOrCreateClusterId(dataDir);
    log('kafka: formatting storage', { dataDir, clusterId });
    const r = spawnSync('java', [...jvmLog, '-cp', classpath, 'kafka.tools.StorageTool', 'format',
      '-t', clusterId, '-c', propsFile, '--ignore-formatted'], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new InfraError('START_FAILED', `Kafka 存储格式化失败 / kafka-storage format failed (exit ${r.status}):\n${tail(`${r.stdout}\n${r.stderr}`)}`);
    }
  }

  const outFile = path.join(dataDir, 'kafka.out');
  const out = fs.openSync(outFile, 'a');
  const detached = o.detached ?? false;
  log('kafka: starting broker', { brokers, dataDir });
  const child = spawn('java', [...KAFKA_DEFAULTS.heap, ...jvmLog, '-cp', classpath, 'kafka.Kafka', propsFile],
    { stdio: ['ignore', out, out], detached, cwd: dataDir });
  fs.closeSync(out);
  let exited = false;
  let exitInfo = '';
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => { exited = true; exitInfo = signal ? `signal ${signal}` : `exit ${code}`; resolve(); });
    child.once('error', (err) => { exited = true; exitInfo = err.message; resolve(); });
  });
  // An attached broker must not outlive us when the process ends without calling stop().
  const killOnExit = (): void => { if (!exited) child.kill('SIGKILL'); };
  if (detached) child.unref();
  else process.once('exit', killOnExit);

  const started = Date.now();
  const ready = await waitUntil(async () => {
    if (exited) return true;
    return (await portAccepts(port)) && (await kafkaAnswers(brokers));
  }, readyTimeoutMs, KAFKA_DEFAULTS.pollMs);
  if (exited || !ready) {
    const logTail = tail(readIfExists(outFile)) || tail(readIfExists(path.join(appLogs, 'server.log')));
    if (!exited) await stopChild(child, exitPromise, () => exited);
    process.removeListener('exit', killOnExit);
    throw new InfraError(exited ? 'START_FAILED' : 'TIMEOUT',
      exited
        ? `Kafka 进程已退出 (${exitInfo}) / the Kafka broker died during start-up (${exitInfo}); log ${outFile}:\n${logTail}`
        : `Kafka 在 ${readyTimeoutMs} ms 内未就绪 / the Kafka broker was not ready within ${readyTimeoutMs} ms; log ${outFile}:\n${logTail}`);
  }
  log('kafka: broker ready', { brokers, pid: child.pid, ms: Date.now() - started });

  let stopping: Promise<void> | undefined;
  return {
    brokers,
    started: true,
    stop: () => {
      stopping ??= stopChild(child, exitPromise, () => exited).then(() => {
        process.removeListener('exit', killOnExit);
        log('kafka: broker stopped', { brokers });
      });
      return stopping;
    },
  };
}

/** Creates the topics that do not exist yet; existing topics are left as they are. */
export async function ensureTopics(brokers: string[], specs: TopicSpec[]): Promise<void> {
  specs.forEach((s, i) => {
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(s.topic)) {
      throw new InfraError('INVALID_INPUT', `ensureTopics: 第 ${i} 项 topic 名称无效 / specs[${i}].topic ${JSON.stringify(s.topic)} is not a valid Kafka topic name`);
    }
    if (!Number.isInteger(s.numPartitions) || s.numPartitions < 1) {
      throw new InfraError('INVALID_INPUT', `ensureTopics: 第 ${i} 项分区数无效 / specs[${i}].numPartitions must be an integer ≥ 1, got ${s.numPartitions}`);
    }
    if (s.retentionMs !== undefined && !(Number.isInteger(s.retentionMs) && (s.retentionMs > 0 || s.retentionMs === -1))) {
      throw new InfraError('INVALID_INPUT', `ensureTopics: specs[${i}].retentionMs must be a positive integer or -1, got ${s.retentionMs}`);
    }
  });
  const admin = new Kafka({ clientId: 'mainline-infra', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        // Leaders are awaited below: kafkajs's own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which a
        // KRaft broker answers for a moment right after it starts (a bench once died on it).
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.numPartitions,
          replicationFactor: 1,
          configEntries: [
            ...(s.retentionMs !== undefined ? [{ name: 'retention.ms', value: String(s.retentionMs) }] : []),
            ...(s.cleanupPolicy ? [{ name: 'cleanup.policy', value: s.cleanupPolicy }] : []),
          ],
        })),
      });
    } catch (err) {
      // Another process may have created them between listTopics and createTopics.
      if (!isAlreadyExists(err)) throw err;
    }
    await waitForLeaders(admin, missing.map((s) => s.topic));
  } finally {
    await admin.disconnect();
  }
}

const LEADER_WAIT = { timeoutMs: 30_000, pollMs: 200 };

/** Until every partition of `topics` has a leader (metadata errors meanwhile are retried), or a clear timeout. */
async function waitForLeaders(admin: ReturnType<Kafka['admin']>, topics: string[]): Promise<void> {
  let last: unknown = 'no leader yet';
  const ready = await waitUntil(async () => {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      return meta.length === topics.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
    } catch (err) {
      last = err;
      return false;
    }
  }, LEADER_WAIT.timeoutMs, LEADER_WAIT.pollMs);
  if (!ready) {
    throw new InfraError('UNREACHABLE', `Kafka 主题没有可用的 leader / topics ${topics.join(', ')} have no partition leader after ${LEADER_WAIT.timeoutMs / 1000} s: ${last instanceof Error ? last.message : String(last)}`);
  }
}

function isAlreadyExists(err: unknown): boolean {
  const e = err as { type?: string; errors?: Array<{ type?: string }> };
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS');
}

export function serverProperties(p: { port: number; controllerPort: number; logDirs: string }): string {
  return [
    '# Written by infra/src/kafka.ts on every start; edit that file, not this one.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${p.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${p.port},CONTROLLER://127.0.0.1:${p.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${p.port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    // Properties files treat backslashes as escapes; forward slashes work on every platform.
    `log.dirs=${p.logDirs.split(path.sep).join('/')}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

/** Fetches the broker jars into infra/kafka/libs once; a marker with the pom's hash makes later starts skip Maven. */
let jarsPromise: Promise<void> | undefined;
function ensureJars(log: (msg: string, extra?: object) => void): Promise<void> {
  jarsPromise ??= fetchJars(log).catch((err) => { jarsPromise = undefined; throw err; });
  return jarsPromise;
}

async function fetchJars(log: (msg: string, extra?: object) => void): Promise<void> {
  const pom = path.join(KAFKA_HOME, 'pom.xml');
  const pomHash = createHash('sha256').update(fs.readFileSync(pom)).digest('hex');
  if (readIfExists(MARKER).startsWith(pomHash)) return;
  requireTool('mvn', ['-v']);
  const tmp = `${LIBS_DIR}.tmp-${process.pid}`;
  let lastOutput = '';
  for (const version of KAFKA_DEFAULTS.kafkaVersions) {
    fs.rmSync(tmp, { recursive: true, force: true });
    log('kafka: fetching broker jars with Maven', { version, into: LIBS_DIR });
    const r = await run('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', '-DincludeScope=runtime',
      `-DoutputDirectory=${tmp}`, `-Dkafka.version=${version}`]);
    lastOutput = r.output;
    const jars = fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((f) => f.endsWith('.jar')) : [];
    if (r.code === 0 && jars.some((j) => j.startsWith(`kafka_2.13-${version}`)) && jars.some((j) => j.startsWith('reload4j-'))) {
      fs.writeFileSync(path.join(tmp, '.complete'), `${pomHash} kafka ${version}\n`);
      fs.rmSync(LIBS_DIR, { recursive: true, force: true });
      try {
        fs.renameSync(tmp, LIBS_DIR);
      } catch (err) {
        // A concurrent process may have finished first; its complete libs/ is as good as ours.
        fs.rmSync(tmp, { recursive: true, force: true });
        if (!readIfExists(MARKER).startsWith(pomHash)) throw err;
      }
      log('kafka: broker jars ready', { version, jars: jars.length });
      return;
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  throw new InfraError('START_FAILED', `无法用 Maven 下载 Kafka / Maven could not fetch the Kafka jars (${KAFKA_DEFAULTS.kafkaVersions.join(', ')}); ` +
    `check network access to Maven Central, or set KAFKA_BROKERS to use a running broker:\n${tail(lastOutput)}`);
}

function requireTool(cmd: 'java' | 'mvn', args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    const what = cmd === 'java' ? 'Java 17+ (`java`)' : 'Apache Maven (`mvn`)';
    throw new InfraError('MISSING_TOOL', `找不到 ${what}，无法在本机启动 Kafka / ${what} is not on PATH, so a local Kafka broker cannot be started. ` +
      `Install it, or set KAFKA_BROKERS=host:port to use a running broker (e.g. \`docker compose -f infra/docker-compose.yml up kafka\`).`);
  }
}

function readOrCreateClusterId(dataDir: string): string {
  const file = path.join(dataDir, 'cluster.id');
  const known = readIfExists(file).trim();
  if (known) return known;
  // Same shape as `kafka-storage random-uuid` (16 random bytes, base64url) without starting a JVM; Kafka rejects a leading '-'.
  let id: string;
  do id = randomBytes(16).toString('base64url'); while (id.startsWith('-'));
  fs.writeFileSync(file, `${id}\n`);
  return id;
}

async function stopChild(child: ChildProcess, exitPromise: Promise<void>, hasExited: () => boolean): Promise<void> {
  if (hasExited()) return;
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), KAFKA_DEFAULTS.stopTimeoutMs).unref());
  if ((await Promise.race([exitPromise.then(() => 'exited' as const), timer])) === 'timeout' && !hasExited()) {
    child.kill('SIGKILL');
    await exitPromise;
  }
}

/** True when a kafkajs admin can list topics on these brokers (short timeouts, no retries). */
export async function kafkaAnswers(brokers: string[]): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'mainline-infra-probe', brokers, logLevel: logLevel.NOTHING,
    connectionTimeout: 1000, requestTimeout: 2000, retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portAccepts(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    const done = (ok: boolean): void => { sock.destroy(); resolve(ok); };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() + pollMs > deadline) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.once('error', (err) => resolve({ code: null, output: `${output}\n${err.message}` }));
    child.once('close', (code) => resolve({ code, output }));
  });
}

function checkPort(name: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InfraError('INVALID_INPUT', `ensureKafka: ${name} 无效 / ${name} must be an integer 1–65535, got ${port}`);
  }
}

function readIfExists(file: string): string {
  try { return fs.readFileSync(file, 'utf8'); } catch { return ''; }
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
