import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@mainline/common';

export interface AppointmentRow {
  id: string;
  orderId: string;
  startsAt: Date;
  endsAt: Date;
  /** BOOKED: in force; REPLACED: a later booking took its place. */
  status: string;
  bookedBy: string;
  bookedAt: Date;
}

const COLUMNS = `id, order_id AS "orderId", starts_at AS "startsAt", ends_at AS "endsAt", status, booked_by AS "bookedBy", booked_at AS "bookedAt"`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Booked home visits of work orders (table work_order_appointment): at most one BOOKED per order. */
export class AppointmentRepository {
  constructor(private readonly ds: DataSource) {}

  /** Books a window, replacing the one in force; returns the new row and the one it replaced. */
  async book(tx: EntityManager, orderId: string, w: { startsAt: Date; endsAt: Date }, by: string, at: Date): Promise<{ booked: AppointmentRow; replaced: AppointmentRow | null }> {
    const [replaced] = await preparedQuery<AppointmentRow>(tx, `UPDATE work_order_appointment SET status = 'REPLACED' WHERE order_id = $1 AND status = 'BOOKED' RETURNING ${COLUMNS}`, [orderId]);
    const [booked] = await preparedQuery<AppointmentRow>(tx, 
      `INSERT INTO work_order_appointment (order_id, starts_at, ends_at, booked_by, booked_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [orderId, w.startsAt, w.endsAt, by, at],
    );
    return { booked, replaced: replaced ?? null };
  }

  /** The booking in force of each of several orders (one statement for a page). */
  bookedOf(orderIds: string[]): Promise<AppointmentRow[]> {
    return preparedQuery(this.ds, `SELECT ${COLUMNS} FROM work_order_appointment WHERE order_id = ANY($1::uuid[]) AND status = 'BOOKED'`, [
      [...new Set(orderIds.filter((id) => UUID.test(id)))],
    ]);
  }
}
