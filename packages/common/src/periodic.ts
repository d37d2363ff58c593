import type { Logger } from './logger';

/**
 * A background pass every `intervalMs` (scheduler sweeps, due notices, the monthly sample): one pass at a
 * time — the next is timed from the end of the previous — and never fatal: a failed pass is logged and the
 * next one retries. `stop()` waits for a pass in progress, so shutdown does not close the pool under it.
 * Timers are unref'd: a job alone never keeps the process alive.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /** First pass after `firstDelayMs` (soon by default: a replica started late should not wait a whole interval). */
  start(intervalMs: number, firstDelayMs = Math.min(intervalMs, 1000)): void {
    this.stopped = false;
    this.schedule(firstDelayMs, intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number, intervalMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass()
        .then(
          () => undefined,
          (e) => this.log.warn({ err: String(e) }, `${this.name} failed; the next pass retries`),
        )
        .finally(() => {
          this.running = null;
          this.schedule(intervalMs, intervalMs);
        });
    }, delayMs);
    this.timer.unref?.();
  }
}
