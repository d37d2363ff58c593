// The settings notify reads from other services (settings.events): today the tickets service's heating seasons.
import type { DataSource, EntityManager } from 'typeorm';
import { HEATING_SEASONS_KEY, type HeatingSeason } from '../domain';

type Q = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

export interface SettingVersion {
  eventId: string;
  occurredAt: Date;
}

export class SettingsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The last list received, in order of start; null when none was ever received (the default season applies). */
  async heatingSeasons(q: Q = this.ds): Promise<HeatingSeason[] | null> {
    if (!(await this.version(q, HEATING_SEASONS_KEY))) return null;
    // ::text keeps the calendar date as written (a JS Date would shift it by the server's zone).
    return q.query(`SELECT starts_on::text AS "startsOn", ends_on::text AS "endsOn" FROM heating_season ORDER BY starts_on`);
  }

  /** Which event a setting came from; serialises writers of one setting until the transaction ends. */
  async lockVersion(tx: Q, name: string): Promise<SettingVersion | null> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['notify.setting:' + name]);
    return this.version(tx, name);
  }

  async replaceHeatingSeasons(tx: Q, seasons: HeatingSeason[], from: SettingVersion): Promise<void> {
    await tx.query('DELETE FROM heating_season');
    if (seasons.length) {
      await tx.query(
        `INSERT INTO heating_season (starts_on, ends_on) SELECT s."startsOn"::date, s."endsOn"::date FROM jsonb_to_recordset($1::jsonb) AS s("startsOn" text, "endsOn" text)`,
        [JSON.stringify(seasons)],
      );
    }
    await tx.query(
      `INSERT INTO setting_received (name, event_id, occurred_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET event_id = EXCLUDED.event_id, occurred_at = EXCLUDED.occurred_at, received_at = now()`,
      [HEATING_SEASONS_KEY, from.eventId, from.occurredAt.toISOString()],
    );
  }

  private async version(q: Q, name: string): Promise<SettingVersion | null> {
    const rows: Array<{ eventId: string; occurredAt: Date }> = await q.query(
      `SELECT event_id AS "eventId", occurred_at AS "occurredAt" FROM setting_received WHERE name = $1`, [name],
    );
    return rows[0] ? { eventId: rows[0].eventId, occurredAt: new Date(rows[0].occurredAt) } : null;
  }
}
