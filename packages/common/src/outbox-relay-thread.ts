import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import type { MessageBus } from './kafka';
import type { Logger } from './logger';
import { OutboxRelay, type OutboxPublisher, type RelayOptions } from './outbox';

/** What the relay thread is started with (plain data: it crosses to the thread by structured clone). */
export interface RelayThreadData {
  databaseUrl: string;
  poolSize: number;
  brokers: string[];
  clientId: string;
  logLevel: string;
  relay: RelayOptions;
}
export type ToRelayThread = { t: 'kick' } | { t: 'stop' };
export type ToMain = { t: 'log'; line: string } | { t: 'started' } | { t: 'stopped' };

export interface RelayThreadOptions {
  databaseUrl: string;
  /** Connections of the thread's own pool (one round uses one). */
  poolSize: number;
  brokers: string[];
  /** Kafka client id of the thread's producer. */
  clientId: string;
  /** After the thread dies (crash, uncaught error, failed start), wait this long and start another. */
  restartMs: number;
  /** How long stop() lets the round in flight finish before ending the thread. */
  stopTimeoutMs: number;
}

/** The thread's entry (TypeScript: loaded through @swc-node/register, as the services themselves are). */
const THREAD_ENTRY = path.join(__dirname, 'outbox-relay.thread.ts');

/** pino's numeric levels → the method that logs at that level. */
const LEVEL_METHODS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * The outbox relay on a `node:worker_threads` thread, so publishing does not share the event loop with what
 * composes (notify: ~40 % of the main thread's CPU during a burst was the relay). The thread runs the same
 * OutboxRelay over its own pool and Kafka producer (the one Kafka module); ordering, the relay lock and
 * at-least-once are those of OutboxRelay, and `onPublished` is SQL it runs in its ack transaction. Kicks are
 * messages. A thread that dies is logged and replaced after `restartMs`: its connections close with it, so
 * PostgreSQL rolls back the round it was in (the rows stay pending, the relay lock is free) and the new
 * thread re-sends that batch (consumers drop it by ce_id).
 */
export class OutboxRelayThread implements OutboxPublisher {
  private worker: Worker | null = null;
  private stopped = true;
  private restartTimer: NodeJS.Timeout | null = null;
  private exited: Promise<void> | null = null;
  /** Threads started so far (the first one included): on /healthz-style status and in the tests. */
  starts = 0;

  constructor(
    private readonly log: Logger,
    private readonly relay: RelayOptions,
    private readonly o: RelayThreadOptions,
  ) {}

  /** The running thread (null while stopped or between a crash and its restart). */
  get thread(): Worker | null {
    return this.worker;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.spawn();
  }

  kick(): void {
    this.worker?.postMessage({ t: 'kick' } satisfies ToRelayThread);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const w = this.worker;
    if (!w) return;
    const exited = this.exited;
    w.postMessage({ t: 'stop' } satisfies ToRelayThread);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), this.o.stopTimeoutMs)));
    if ((await Promise.race([exited, late])) === 'late') {
      this.log.warn({ stopTimeoutMs: this.o.stopTimeoutMs }, 'outbox relay thread did not stop in time; ending it');
      await w.terminate();
      await exited;
    }
    clearTimeout(timer);
  }

  private spawn(): void {
    const data: RelayThreadData = { databaseUrl: this.o.databaseUrl, poolSize: this.o.poolSize, brokers: this.o.brokers, clientId: this.o.clientId, logLevel: this.log.level, relay: this.relay };
    // A process started without the TypeScript hook (jest) loads it in the thread; the services' `-r` is inherited.
    const entry = `if (!require.extensions['.ts']) require(${JSON.stringify(require.resolve('@swc-node/register'))}); require(${JSON.stringify(THREAD_ENTRY)});`;
    const w = new Worker(entry, { eval: true, workerData: data });
    this.starts++;
    this.worker = w;
    // Like the inline relay's timers: the relay alone does not keep the process alive.
    w.unref();
    w.on('message', (m: ToMain) => {
      if (m.t === 'log') this.relog(m.line);
      else if (m.t === 'started') this.log.info({ thread: 'relay', threadId: w.threadId, starts: this.starts }, 'outbox relay thread started');
      else if (m.t === 'stopped') void w.terminate();
    });
    let failure: unknown = null;
    w.on('error', (e) => (failure = e));
    this.exited = new Promise<void>((resolve) => {
      w.once('exit', (code) => {
        if (this.worker === w) this.worker = null;
        resolve();
        if (this.stopped) return;
        this.log.error({ code, err: failure === null ? undefined : String(failure), restartInMs: this.o.restartMs }, 'outbox relay thread died; starting another');
        this.restartTimer = setTimeout(() => {
          this.restartTimer = null;
          if (!this.stopped) this.spawn();
        }, this.o.restartMs);
        this.restartTimer.unref();
      });
    });
  }

  /** A line the thread's pino wrote, logged again through the service's logger. */
  private relog(line: string): void {
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line);
    } catch {
      this.log.warn({ line }, 'outbox relay thread wrote a line that is not JSON');
      return;
    }
    const { level, msg, ...rest } = rec;
    const method = LEVEL_METHODS[Number(level)] ?? 'info';
    this.log[method]({ ...rest, thread: 'relay' }, typeof msg === 'string' ? msg : '');
  }
}

export type OutboxRelayMode = 'worker' | 'inline';

/**
 * The relay a service runs (OUTBOX_RELAY_THREAD): `worker` on its own thread with its own pool and producer,
 * `inline` on the service's event loop over the service's pool and bus. One relay per database either way.
 */
export function createOutboxRelay(o: {
  mode: OutboxRelayMode;
  ds: DataSource;
  bus: MessageBus;
  log: Logger;
  relay: RelayOptions;
  thread: RelayThreadOptions;
}): OutboxPublisher {
  return o.mode === 'worker' ? new OutboxRelayThread(o.log, o.relay, o.thread) : new OutboxRelay(o.ds, o.bus, o.log, o.relay);
}
