import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@mainline/common';

export interface AppointmentRow {
  id: string;
  orderId: string;
  startsAt: Date;
  endsAt: Date;
  /** BOOKED: in force; REPLACED: a later booking took its place; MISSED: the customer was not in (a notice was left). */
  status: string;
  bookedBy: string;
  bookedAt: Date;
}

const COLUMNS = `id, order_id AS "orderId", starts_at AS "startsAt", ends_at AS "endsAt", status, booked_by AS "bookedBy", booked_at AS "bookedAt"`;
/** A re-appointment notice (再约通知单) left when the customer was not in: its number and the new window. */
export interface NoticeRow {
  id: string;
  orderId: string;
  missedAppointmentId: string;
  appointmentId: string;
  number: string;
  note: string | null;
  leftBy: string;
  leftAt: Date;
  startsAt: Date;
  endsAt: Date;
  /** The window the customer missed. */
  missedStartsAt: Date;
  missedEndsAt: Date;
}

/** A notice `n` with its missed appointment `a`. */
const NOTICE_COLUMNS = `n.id, n.order_id AS "orderId", n.missed_appointment_id AS "missedAppointmentId", n.appointment_id AS "appointmentId", n.number, n.note,
  n.left_by AS "leftBy", n.left_at AS "leftAt", n.starts_at AS "startsAt", n.ends_at AS "endsAt", a.starts_at AS "missedStartsAt", a.ends_at AS "missedEndsAt"`;
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

  /** The booking in force of an order, locked with it. */
  async current(tx: EntityManager, orderId: string): Promise<AppointmentRow | null> {
    const [r] = await preparedQuery<AppointmentRow>(tx, `SELECT ${COLUMNS} FROM work_order_appointment WHERE order_id = $1 AND status = 'BOOKED' FOR UPDATE`, [orderId]);
    return r ?? null;
  }

  async markMissed(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`UPDATE work_order_appointment SET status = 'MISSED' WHERE id = $1`, [id]);
  }

  /** How many re-appointment notices the order has (the next default number's sequence). */
  async noticeCount(tx: EntityManager, orderId: string): Promise<number> {
    const [r] = await preparedQuery<{ n: number }>(tx, `SELECT count(*)::int AS n FROM work_order_reappointment_notice WHERE order_id = $1`, [orderId]);
    return r.n;
  }

  async addNotice(tx: EntityManager, n: Omit<NoticeRow, 'id' | 'missedStartsAt' | 'missedEndsAt'>): Promise<NoticeRow> {
    const [r] = await preparedQuery<NoticeRow>(tx,
      `WITH n AS (INSERT INTO work_order_reappointment_notice (order_id, missed_appointment_id, appointment_id, number, note, left_by, left_at, starts_at, ends_at)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *)
       SELECT ${NOTICE_COLUMNS} FROM n JOIN work_order_appointment a ON a.id = n.missed_appointment_id`,
      [n.orderId, n.missedAppointmentId, n.appointmentId, n.number, n.note, n.leftBy, n.leftAt, n.startsAt, n.endsAt],
    );
    return r;
  }

  /** The re-appointment notices of several orders, oldest first (one statement for a page). */
  noticesOf(orderIds: string[]): Promise<NoticeRow[]> {
    return preparedQuery(this.ds, `SELECT ${NOTICE_COLUMNS} FROM work_order_reappointment_notice n JOIN work_order_appointment a ON a.id = n.missed_appointment_id
      WHERE n.order_id = ANY($1::uuid[]) ORDER BY n.left_at, n.id`, [
      [...new Set(orderIds.filter((id) => UUID.test(id)))],
    ]);
  }

  /** The booking in force of each of several orders (one statement for a page). */
  bookedOf(orderIds: string[]): Promise<AppointmentRow[]> {
    return preparedQuery(this.ds, `SELECT ${COLUMNS} FROM work_order_appointment WHERE order_id = ANY($1::uuid[]) AND status = 'BOOKED'`, [
      [...new Set(orderIds.filter((id) => UUID.test(id)))],
    ]);
  }
}
