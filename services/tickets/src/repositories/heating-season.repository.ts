import type { DataSource, EntityManager } from 'typeorm';
import type { HeatingSeason } from '../domain';

type Q = DataSource | EntityManager;

/** The heating seasons supervisors set (table heating_season) and the list last published on settings.events. */
export class HeatingSeasonRepository {
  constructor(private readonly ds: DataSource) {}

  /** Every stored season, by start; dates as local 'YYYY-MM-DD' (the column is a date: no zone involved). */
  all(q: Q = this.ds): Promise<HeatingSeason[]> {
    return q.query(`SELECT to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn" FROM heating_season ORDER BY starts_on`);
  }

  /** Serialises every change of the season list (and its publication) across replicas, for the transaction. */
  async lock(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('tickets.heating_season'))`);
  }

  async replace(tx: EntityManager, removed: HeatingSeason[], season: HeatingSeason, by: string, at: Date): Promise<void> {
    if (removed.length) await tx.query(`DELETE FROM heating_season WHERE starts_on = ANY($1::date[])`, [removed.map((s) => s.startsOn)]);
    await tx.query(`INSERT INTO heating_season (starts_on, ends_on, set_by, set_at) VALUES ($1::date, $2::date, $3, $4)`, [season.startsOn, season.endsOn, by, at]);
  }

  async lastPublished(tx: EntityManager): Promise<HeatingSeason[] | null> {
    const rows: Array<{ seasons: HeatingSeason[] }> = await tx.query(`SELECT seasons FROM heating_season_published WHERE id = 1`);
    return rows[0]?.seasons ?? null;
  }

  async markPublished(tx: EntityManager, seasons: HeatingSeason[], at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO heating_season_published (id, seasons, published_at) VALUES (1, $1::jsonb, $2)
       ON CONFLICT (id) DO UPDATE SET seasons = EXCLUDED.seasons, published_at = EXCLUDED.published_at`,
      [JSON.stringify(seasons), at],
    );
  }
}
