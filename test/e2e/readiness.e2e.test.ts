// /readyz follows the real dependencies: stopping the Kafka broker or cutting PostgreSQL makes it
// fail with a clear reason while the service stays up, and bringing them back recovers without a restart.
import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { DEV_DEFAULTS, signInternalIdentity } from '@mainline/common';
import { ensureKafka, KafkaHandle } from '@mainline/infra';
import { ensureDatabases } from '@mainline/infra';
import { ROOT } from '@mainline/infra';
import { testDbUrl, testPg } from '../support/env';
import { freePortBlock } from '../support/ports';

/** A TCP pass-through we can cut, standing in for a PostgreSQL server that goes away. */
class CuttableProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  constructor(readonly port: number, private readonly target: { host: string; port: number }) {}
  async up(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
  }
  get isUp(): boolean {
    return this.server !== null;
  }
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }
}

async function readyz(port: number): Promise<{ status: number; body: any }> {
  const r = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(8000) });
  return { status: r.status, body: await r.json() };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60000): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  while (Date.now() - t0 < timeoutMs) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? ': ' + String(last) : ''}`);
}

describe('readiness follows PostgreSQL and Kafka', () => {
  // kafka, kafka controller, the service, the PostgreSQL proxy
  let kafkaPort: number;
  let svcPort: number;
  let pgProxyPort: number;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mainline-ready-kafka-'));
  let kafka: KafkaHandle;
  let proxy: CuttableProxy;
  let svc: ChildProcess;
  let output = '';

  beforeAll(async () => {
    kafkaPort = await freePortBlock(4);
    svcPort = kafkaPort + 2;
    pgProxyPort = kafkaPort + 3;
    kafka = await ensureKafka({ dataDir, port: kafkaPort, controllerPort: kafkaPort + 1 });
    const db = 'mainline_test_readiness';
    await ensureDatabases(testPg(), [db], { recreate: true });
    const real = new URL(testDbUrl(db));
    proxy = new CuttableProxy(pgProxyPort, { host: real.hostname, port: Number(real.port || 5432) });
    await proxy.up();
    const viaProxy = new URL(real.toString());
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(pgProxyPort);
    viaProxy.searchParams.delete('host'); // a Unix-socket URL would bypass the proxy
    svc = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'services/network/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(svcPort), DATABASE_URL: viaProxy.toString(), KAFKA_BROKERS: kafka.brokers.join(','), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    svc.stdout!.on('data', (d) => (output += d));
    svc.stderr!.on('data', (d) => (output += d));
    await until('service ready', async () => ((await readyz(svcPort)).status === 200 ? true : undefined)).catch((e) => {
      throw new Error(`${e.message}\nservice output:\n${output.slice(-2000)}`);
    });
  });

  afterAll(async () => {
    svc?.kill('SIGTERM');
    if (proxy?.isUp) await proxy.down();
    await kafka?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports Kafka down, stays alive, and recovers when the broker is back', async () => {
    await kafka.stop();
    const down = await until('readyz 503', async () => {
      const r = await readyz(svcPort);
      return r.status === 503 ? r : undefined;
    });
    expect(down.body.checks.postgresql).toBe('ok');
    expect(down.body.checks.kafka).not.toBe('ok');
    expect((await fetch(`http://127.0.0.1:${svcPort}/healthz`)).status).toBe(200);
    expect(svc.exitCode).toBeNull();
    kafka = await ensureKafka({ dataDir, port: kafkaPort, controllerPort: kafkaPort + 1 });
    const back = await until('readyz 200', async () => {
      const r = await readyz(svcPort);
      return r.status === 200 ? r : undefined;
    });
    expect(back.body.checks).toEqual({ postgresql: 'ok', kafka: 'ok' });
  });

  it('reports PostgreSQL down with a clear error to clients, and recovers when it is back', async () => {
    const identity = signInternalIdentity({ sub: 't', name: 't', roles: ['dispatcher'], department: 'NETWORK' }, DEV_DEFAULTS.internalSecret);
    const query = () =>
      fetch(`http://127.0.0.1:${svcPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mainline-identity': identity },
        body: JSON.stringify({ query: '{ networks { id } }' }),
      }).then((r) => r.json() as Promise<any>);
    expect((await query()).data).toEqual({ networks: [] });
    await proxy.down();
    const down = await until('readyz 503', async () => {
      const r = await readyz(svcPort);
      return r.status === 503 ? r : undefined;
    });
    expect(down.body.checks.postgresql).not.toBe('ok');
    const failed = await query();
    expect(failed.errors?.[0].extensions.code).toBe('UNAVAILABLE'); // the caller's request was fine: try again
    expect(JSON.stringify(failed)).not.toMatch(/ECONNREFUSED|SELECT|stack/i);
    expect(svc.exitCode).toBeNull();
    await proxy.up();
    await until('readyz 200', async () => ((await readyz(svcPort)).status === 200 ? true : undefined));
    expect((await query()).data).toEqual({ networks: [] });
  });
});
