// Settings other services own and notify reads (settings.events): the tickets service's heating seasons.
import { markProcessed, type Logger } from '@mainline/common';
import type { DataSource } from 'typeorm';
import { checkHeatingSeasons, HEATING_SEASONS_KEY, parseInstant, type HeatingSeasonsSetEvent } from '../domain';
import type { SettingsRepository } from '../repositories/settings.repository';

/** Consumer name in processed_message. */
export const SETTINGS_EVENTS_CONSUMER = 'notify.settings-events';

export type SettingOutcome = 'APPLIED' | 'DUPLICATE' | 'STALE';

export class SettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: SettingsRepository,
    private readonly log: Logger,
  ) {}

  /**
   * Keeps the event's list as the heating seasons in force. The topic is compacted and keyed by setting, so a
   * restarted consumer reads the latest list again; an event older than the one stored changes nothing.
   * INVALID_INPUT (a bad date) names the season and field.
   */
  async applyHeatingSeasons(e: HeatingSeasonsSetEvent): Promise<SettingOutcome> {
    const seasons = checkHeatingSeasons(e);
    const occurredAt = parseInstant(e.occurredAt, 'occurredAt');
    const outcome = await this.ds.transaction(async (tx): Promise<SettingOutcome> => {
      if (!(await markProcessed(tx, SETTINGS_EVENTS_CONSUMER, e.eventId))) return 'DUPLICATE';
      const stored = await this.repo.lockVersion(tx, HEATING_SEASONS_KEY);
      if (stored && stored.occurredAt > occurredAt) return 'STALE';
      await this.repo.replaceHeatingSeasons(tx, seasons, { eventId: e.eventId, occurredAt });
      return 'APPLIED';
    });
    this.log.info({ eventId: e.eventId, outcome, seasons }, 'heating seasons received');
    return outcome;
  }
}
