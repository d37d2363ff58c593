import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@mainline/common';
import { Category, ConnectionFacts, ConnectionStage } from '../domain';
import { SqlBatch } from './sql-batch';

type Q = DataSource | EntityManager;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new-connection application as stored, with its stages. */
export interface ConnectionRow {
  orderId: string;
  documentsCompleteAt: Date | null;
  mainDiameterMm: number | null;
  tapMainDiameterMm: number | null;
  groupJob: boolean;
  representativeName: string | null;
  representativePhone: string | null;
  stages: Array<{ stage: ConnectionStage; doneAt: Date; doneBy: string; note: string | null; waterQualityReport: string | null }>;
}

const ms = (v: unknown) => new Date(Number(v));
const SELECT = `SELECT a.order_id AS "orderId", a.documents_complete_at AS "documentsCompleteAt", a.main_dn AS "mainDiameterMm", a.tap_main_dn AS "tapMainDiameterMm",
    a.group_job AS "groupJob", a.representative_name AS "representativeName", a.representative_phone AS "representativePhone",
    (SELECT coalesce(json_agg(json_build_array(s.stage, (extract(epoch FROM s.done_at) * 1000)::float8, s.done_by, s.note, s.water_quality_report) ORDER BY s.done_at), '[]')
       FROM connection_stage s WHERE s.order_id = a.order_id) AS "_stages"
  FROM connection_application a`;

function row(r: any): ConnectionRow {
  const { _stages, ...rest } = r;
  return { ...rest, stages: (_stages as any[]).map(([stage, at, doneBy, note, report]) => ({ stage, doneAt: ms(at), doneBy, note, waterQualityReport: report })) };
}

/** The facts the domain plans an application's clocks from. */
export function connectionFacts(c: ConnectionRow, category: Category): ConnectionFacts {
  return {
    orderId: c.orderId, category, documentsCompleteAt: c.documentsCompleteAt, mainDiameterMm: c.mainDiameterMm, tapMainDiameterMm: c.tapMainDiameterMm,
    done: Object.fromEntries(c.stages.map((s) => [s.stage, s.doneAt])),
  };
}

/** All I/O of new-connection applications. */
export class ConnectionRepository {
  constructor(private readonly ds: DataSource) {}

  insertIn(b: SqlBatch, c: Omit<ConnectionRow, 'stages'>): void {
    b.add(
      `INSERT INTO connection_application (order_id, documents_complete_at, main_dn, tap_main_dn, group_job, representative_name, representative_phone)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [c.orderId, c.documentsCompleteAt, c.mainDiameterMm, c.tapMainDiameterMm, c.groupJob, c.representativeName, c.representativePhone],
    );
  }

  async get(q: Q, orderId: string): Promise<ConnectionRow | null> {
    if (!UUID.test(orderId)) return null;
    const rows = await preparedQuery(q, `${SELECT} WHERE a.order_id = $1`, [orderId]);
    return rows[0] ? row(rows[0]) : null;
  }

  async many(orderIds: string[]): Promise<ConnectionRow[]> {
    const ids = [...new Set(orderIds.filter((id) => UUID.test(id)))];
    if (!ids.length) return [];
    return (await preparedQuery(this.ds, `${SELECT} WHERE a.order_id = ANY($1::uuid[])`, [ids])).map(row);
  }

  async setDocumentsComplete(tx: EntityManager, orderId: string, at: Date): Promise<void> {
    await tx.query(`UPDATE connection_application SET documents_complete_at = $2 WHERE order_id = $1`, [orderId, at]);
  }

  async addStage(tx: EntityManager, orderId: string, s: { stage: ConnectionStage; doneAt: Date; doneBy: string; note: string | null; waterQualityReport: string | null }): Promise<void> {
    await tx.query(
      `INSERT INTO connection_stage (order_id, stage, done_at, done_by, note, water_quality_report) VALUES ($1,$2,$3,$4,$5,$6)`,
      [orderId, s.stage, s.doneAt, s.doneBy, s.note, s.waterQualityReport],
    );
  }
}
