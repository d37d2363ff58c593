import { randomUUID } from 'node:crypto';
import { Clock, Identity, InvalidInputError, Logger, outboxInserts, PeriodicJob, requireRole, topicName, TOPICS, type TickLease } from '@mainline/common';
import { HEATING_SEASONS_KEY, HeatingSeasonsSetEvent } from '@mainline/common/domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { TicketsSettings } from '../config';
import { effectiveSeasons, HeatingSeason, localDate, planSeasonChange, SEASON_YEARS, seasonDay } from '../domain';
import type { HeatingSeasonRepository } from '../repositories/heating-season.repository';
import type { Relay } from './work-order.service';

/** The widest span of years `heatingSeasons` lists at once, and the years it accepts. */
const MAX_LISTED_YEARS = 50;

/** Years either side of the current one whose seasons (set or default) the published list carries. */
const PUBLISHED_YEARS = { before: 1, after: 2 };

/**
 * The heating season (docs/domain.md "Heating utility"): a season per year, the configured default unless a
 * supervisor set one (`setHeatingSeason`). Tickets owns it (its clocks read it on every report) and publishes
 * the list in force on settings.events (key HEATING_SEASONS_KEY) through the outbox, for notify.
 */
export class HeatingSeasonService {
  private cache: { at: number; value: Promise<HeatingSeason[]> } | null = null;
  private readonly job = new PeriodicJob('heating season publication', () => this.publishIfChanged(), this.log);

  constructor(
    private readonly ds: DataSource,
    private readonly repo: HeatingSeasonRepository,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings,
    private readonly log: Logger,
    private readonly relay: Relay = { kick: () => undefined },
  ) {}

  private get timeZone(): string {
    return this.cfg.calendar.timeZone;
  }

  /** The stored seasons, cached like the other settings tables (SETTINGS_CACHE_MS). */
  stored(): Promise<HeatingSeason[]> {
    const now = Date.now(); // cache age is wall time, not the business clock
    if (this.cache && now - this.cache.at < this.cfg.settingsCacheMs) return this.cache.value;
    const value = this.repo.all();
    value.catch(() => undefined);
    this.cache = { at: now, value };
    return value;
  }

  /** A function from a report's instant to its day in the heating season (0 = first day; null outside), for the SLA plan. */
  async seasonDayOf(): Promise<(at: Date) => number | null> {
    const stored = await this.stored();
    return (at) => seasonDay(localDate(at, this.timeZone), stored, this.cfg.heating.defaultSeason);
  }

  /** The seasons in force from `fromYear` to `toYear` (default: last year to next year), set or default; every reader may ask. */
  async list(_actor: Identity, fromYear?: number | null, toYear?: number | null): Promise<Array<HeatingSeason & { isDefault: boolean }>> {
    const year = Number(localDate(this.clock.now(), this.timeZone).slice(0, 4));
    const from = fromYear ?? year - 1;
    const to = toYear ?? year + 1;
    for (const [v, argument] of [[from, 'fromYear'], [to, 'toYear']] as const) {
      if (!Number.isInteger(v) || v < SEASON_YEARS.min || v > SEASON_YEARS.max) {
        throw new InvalidInputError(`${argument} 须为 ${SEASON_YEARS.min}–${SEASON_YEARS.max} 年 / ${argument} must be a year from ${SEASON_YEARS.min} to ${SEASON_YEARS.max}`, { argument });
      }
    }
    if (to < from || to - from >= MAX_LISTED_YEARS) {
      throw new InvalidInputError(`toYear 须不早于 fromYear，且跨度少于 ${MAX_LISTED_YEARS} 年 / toYear must be at or after fromYear, within ${MAX_LISTED_YEARS} years`, { argument: 'toYear' });
    }
    return this.inForce(from, to);
  }

  private async inForce(from: number, to: number): Promise<Array<HeatingSeason & { isDefault: boolean }>> {
    const stored = await this.stored();
    return effectiveSeasons(stored, from, to, this.cfg.heating.defaultSeason).filter(
      (s) => Number(s.endsOn.slice(0, 4)) >= from && Number(s.startsOn.slice(0, 4)) <= to,
    );
  }

  /**
   * Sets the season that contains these dates (supervisor/admin): it replaces the one season, set or
   * default, it overlaps; the list in force is published in the same transaction.
   */
  async set(actor: Identity, startsOn: string, endsOn: string): Promise<Array<HeatingSeason & { isDefault: boolean }>> {
    requireRole(actor, 'supervisor', 'admin');
    const now = this.clock.now();
    await this.ds.transaction(async (tx) => {
      await this.repo.lock(tx);
      const change = planSeasonChange(startsOn, endsOn, await this.repo.all(tx), this.cfg.heating.defaultSeason);
      await this.repo.replace(tx, change.replaces, change.season, actor.sub, now);
      await this.publishIn(tx, now, true);
    });
    this.cache = null;
    this.relay.kick();
    const year = Number(startsOn.slice(0, 4));
    return this.inForce(year - 1, year + 1);
  }

  /** Publishes the list in force when it is not the one last published (a new year, a changed default); once across replicas. */
  async publishIfChanged(): Promise<boolean> {
    const published = await this.ds.transaction((tx) => this.publishIn(tx, this.clock.now(), false));
    if (published) this.relay.kick();
    return published;
  }

  private async publishIn(tx: EntityManager, now: Date, always: boolean): Promise<boolean> {
    await this.repo.lock(tx);
    const year = Number(localDate(now, this.timeZone).slice(0, 4));
    const seasons = effectiveSeasons(await this.repo.all(tx), year - PUBLISHED_YEARS.before, year + PUBLISHED_YEARS.after, this.cfg.heating.defaultSeason)
      .map(({ startsOn, endsOn }) => ({ startsOn, endsOn }));
    const same = (a: HeatingSeason[] | null) => !!a && a.map((x) => `${x.startsOn}..${x.endsOn}`).join() === seasons.map((x) => `${x.startsOn}..${x.endsOn}`).join();
    if (!always && same(await this.repo.lastPublished(tx))) return false;
    const ev: HeatingSeasonsSetEvent = { type: 'settings.heating-seasons', eventId: randomUUID(), occurredAt: now.toISOString(), seasons };
    for (const s of outboxInserts(topicName(this.cfg.topicPrefix, TOPICS.settingsEvents), [{ key: HEATING_SEASONS_KEY, value: JSON.stringify(ev) }])) {
      await tx.query(s.sql, s.params);
    }
    await this.repo.markPublished(tx, seasons, now);
    return true;
  }

  /** With `lease` (several replicas), one replica checks per tick. */
  start(checkMs: number, lease?: TickLease): void {
    this.job.start(checkMs, undefined, lease);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }
}
