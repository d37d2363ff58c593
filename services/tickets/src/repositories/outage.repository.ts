import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery, type Feature } from '@mainline/common';
import { BBox } from '../domain';

export interface OutageRow {
  id: string;
  number: string | null;
  kind: string;
  status: string;
  lastEvent: string;
  reason: string | null;
  startsAt: Date;
  endsAt: Date;
  area: Feature | null;
  areaNames: string[];
  occurredAt: Date;
}

const COLS = `id, number, kind, status, last_event AS "lastEvent", reason, starts_at AS "startsAt", ends_at AS "endsAt", area, area_names AS "areaNames", occurred_at AS "occurredAt"`;

/** The local projection of outage.events. */
export class OutageRepository {
  constructor(private readonly ds: DataSource) {}

  /** Applies a snapshot unless a newer event for the same outage was already applied (events may arrive out of order). */
  async upsert(tx: EntityManager, o: Omit<OutageRow, 'areaNames'> & { areaNames: string[]; bbox: BBox | null }): Promise<void> {
    await tx.query(
      `INSERT INTO outage_projection (id, number, kind, status, last_event, reason, starts_at, ends_at, area, min_lon, min_lat, max_lon, max_lat, area_names, occurred_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::jsonb,$10,$11,$12,$13,$14,$15, now())
       ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number, kind = EXCLUDED.kind, status = EXCLUDED.status, last_event = EXCLUDED.last_event,
         reason = EXCLUDED.reason, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, area = EXCLUDED.area,
         min_lon = EXCLUDED.min_lon, min_lat = EXCLUDED.min_lat, max_lon = EXCLUDED.max_lon, max_lat = EXCLUDED.max_lat,
         area_names = EXCLUDED.area_names, occurred_at = EXCLUDED.occurred_at, updated_at = now()
       WHERE outage_projection.occurred_at <= EXCLUDED.occurred_at`,
      [o.id, o.number, o.kind, o.status, o.lastEvent, o.reason, o.startsAt, o.endsAt, o.area ? JSON.stringify(o.area) : null,
        o.bbox?.minLon ?? null, o.bbox?.minLat ?? null, o.bbox?.maxLon ?? null, o.bbox?.maxLat ?? null, o.areaNames, o.occurredAt],
    );
  }

  /**
   * Outages live at `now` whose bounding box holds the point (the polygon test is the caller's): not
   * restored or cancelled, and either started or inside their announced window.
   */
  candidatesAt(lon: number, lat: number, now: Date): Promise<OutageRow[]> {
    return preparedQuery(this.ds,
      `SELECT ${COLS} FROM outage_projection
       WHERE last_event NOT IN ('outage.restored','outage.cancelled')
         AND (last_event = 'outage.started' OR upper(status) IN ('STARTED','IN_PROGRESS','ACTIVE') OR (starts_at <= $3 AND ends_at > $3 AND upper(status) NOT IN ('DRAFT','SUBMITTED','REJECTED','PENDING_APPROVAL')))
         AND min_lon <= $1 AND max_lon >= $1 AND min_lat <= $2 AND max_lat >= $2
       ORDER BY starts_at DESC`,
      [lon, lat, now],
    );
  }

  /** Several outages in one statement. */
  getMany(ids: string[]): Promise<OutageRow[]> {
    return preparedQuery(this.ds, `SELECT ${COLS} FROM outage_projection WHERE id = ANY($1::text[])`, [[...new Set(ids)]]);
  }

  async get(id: string): Promise<OutageRow | null> {
    const rows = await this.ds.query(`SELECT ${COLS} FROM outage_projection WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }
}
