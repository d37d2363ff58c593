import type { Logger } from './logger';

/** The outcome of asking who runs a tick of a job. */
export interface TickClaim {
  /** This replica runs the tick. */
  won: boolean;
  /** The tick: floor(time / interval), on the lease's clock (the database's, so replicas agree). */
  tick: number;
  /** Until the next tick begins, on the same clock. */
  msToNextTick: number;
}

/**
 * Decides which of several replicas runs a tick of a periodic job (job-lease.ts: a row per job and tick in
 * the service's database, first claim wins). Without one, every process runs every pass itself.
 */
export interface TickLease {
  readonly holder: string;
  claim(job: string, intervalMs: number): Promise<TickClaim>;
}

/** What a job has done in this process (shown on the service's /healthz). */
export interface JobStatus {
  name: string;
  intervalMs: number;
  /** Ticks this process asked for (with a lease) or passes it started (without). */
  attempts: number;
  /** Passes this process ran. */
  passes: number;
  failures: number;
  /** The ticks this process won (and ran the pass of), the most recent last (with a lease). */
  recentTicks: number[];
  lastPassAt: string | null;
}

/** How many won ticks a job remembers for its status. */
const RECENT_TICKS = 50;

const running = new Set<PeriodicJob>();

/** The jobs started in this process, and what each has done. */
export function jobStatus(): JobStatus[] {
  return [...running].map((j) => j.status());
}

/**
 * A background pass every `intervalMs` (scheduler sweeps, due notices, the monthly sample): one pass at a
 * time in this process, and never fatal: a failed pass is logged and the next one retries. `stop()` waits for
 * a pass in progress, so shutdown does not close the pool under it. Timers are unref'd: a job alone never
 * keeps the process alive.
 *
 * Without a lease the next pass is timed from the end of the previous one. With a lease (several replicas)
 * time is cut into ticks of `intervalMs` on the database's clock; every replica wakes at each tick's start
 * and claims it, and only the winner runs the pass, so a tick runs once across replicas. A pass longer than
 * a tick does not stop the next tick from running elsewhere: passes must be safe side by side (they are:
 * rows are claimed FOR UPDATE SKIP LOCKED or under an advisory lock).
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private intervalMs = 0;
  private lease: TickLease | null = null;
  private readonly counts = { attempts: 0, passes: 0, failures: 0 };
  private readonly ticks: number[] = [];
  private lastPassAt: Date | null = null;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /**
   * First attempt after `firstDelayMs` (soon by default: a replica started late should not wait a whole
   * interval); with `lease`, one replica per tick runs the pass.
   */
  start(intervalMs: number, firstDelayMs = Math.min(intervalMs, 1000), lease?: TickLease): void {
    this.stopped = false;
    this.intervalMs = intervalMs;
    this.lease = lease ?? null;
    running.add(this);
    this.schedule(firstDelayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    running.delete(this);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  status(): JobStatus {
    return { name: this.name, intervalMs: this.intervalMs, ...this.counts, recentTicks: [...this.ticks], lastPassAt: this.lastPassAt?.toISOString() ?? null };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.attempt()
        .then(
          (nextMs) => nextMs,
          (e) => {
            this.counts.failures++;
            this.log.warn({ err: String(e) }, `${this.name} failed; the next pass retries`);
            return this.intervalMs;
          },
        )
        .then((nextMs) => {
          this.running = null;
          this.schedule(nextMs);
        });
    }, delayMs);
    this.timer.unref?.();
  }

  /** One wake-up: claim the tick when there is a lease, run the pass if this process may; returns the delay to the next. */
  private async attempt(): Promise<number> {
    this.counts.attempts++;
    if (!this.lease) {
      await this.runPass();
      return this.intervalMs;
    }
    const t0 = Date.now();
    const claim = await this.lease.claim(this.name, this.intervalMs);
    if (claim.won) {
      this.ticks.push(claim.tick);
      if (this.ticks.length > RECENT_TICKS) this.ticks.shift();
      await this.runPass();
    }
    // Wake at the next tick's start (on the lease's clock); a wake-up a little early finds the tick it already
    // saw and just waits the remaining milliseconds.
    return Math.max(1, claim.msToNextTick - (Date.now() - t0));
  }

  private async runPass(): Promise<void> {
    try {
      await this.pass();
      this.counts.passes++;
    } finally {
      this.lastPassAt = new Date();
    }
  }
}
