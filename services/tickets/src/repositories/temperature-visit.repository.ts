import type { DataSource, EntityManager } from 'typeorm';
import type { CheckedRoom, CheckedTemperatureVisit, Department, VisitOutcome, VisitStaff } from '../domain';

type Q = DataSource | EntityManager;

export interface MeasuringPointRow {
  id: string;
  code: string;
  name: string;
  address: string;
  department: Department;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

export interface TemperatureRoundRow {
  id: string;
  scheduledOn: string;
  department: Department | null;
  plannedBy: string;
  plannedAt: Date;
}

export interface TemperatureVisitRow {
  id: string;
  status: 'PLANNED' | 'RECORDED';
  workOrderId: string | null;
  roundId: string | null;
  measuringPointId: string | null;
  department: Department;
  address: string | null;
  scheduledOn: string | null;
  createdAt: Date;
  createdBy: string;
  visitedAt: Date | null;
  staff: VisitStaff[] | null;
  rooms: CheckedRoom[] | null;
  thresholdCelsius: number | null;
  passed: boolean | null;
  roomsJudged: number | null;
  roomsPassed: number | null;
  customerSignature: string | null;
  customerRefused: boolean | null;
  neighbour: CheckedTemperatureVisit['neighbour'];
  note: string | null;
  recordedBy: string | null;
  recordedAt: Date | null;
}

const MP_COLS = `id, code, name, address, department, active, created_at AS "createdAt", updated_at AS "updatedAt", updated_by AS "updatedBy"`;
const VISIT_COLS = `id, status, work_order_id AS "workOrderId", round_id AS "roundId", measuring_point_id AS "measuringPointId", department, address,
  to_char(scheduled_on, 'YYYY-MM-DD') AS "scheduledOn", created_at AS "createdAt", created_by AS "createdBy", visited_at AS "visitedAt", staff, rooms,
  threshold_celsius AS "thresholdCelsius", passed, rooms_judged AS "roomsJudged", rooms_passed AS "roomsPassed", customer_signature AS "customerSignature",
  customer_refused AS "customerRefused", neighbour, note, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export interface VisitFilter {
  workOrderId?: string;
  roundId?: string;
  status?: 'PLANNED' | 'RECORDED';
  department?: Department;
  after?: { createdAt: Date; id: string };
}

/** All I/O of temperature-check visits and the measuring-point register. */
export class TemperatureVisitRepository {
  constructor(private readonly ds: DataSource) {}

  /** Adds or changes a measuring point by its code (the register is kept by code, as on the utility's list). */
  async saveMeasuringPoint(p: { id: string; code: string; name: string; address: string; department: Department; active: boolean; at: Date; by: string }): Promise<MeasuringPointRow> {
    const [row] = await this.ds.query(
      `INSERT INTO measuring_point (id, code, name, address, department, active, created_at, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address, department = EXCLUDED.department,
         active = EXCLUDED.active, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       RETURNING ${MP_COLS}`,
      [p.id, p.code, p.name, p.address, p.department, p.active, p.at, p.by],
    );
    return row;
  }

  measuringPoint(code: string, q: Q = this.ds): Promise<MeasuringPointRow | undefined> {
    return q.query(`SELECT ${MP_COLS} FROM measuring_point WHERE code = $1`, [code]).then((r: MeasuringPointRow[]) => r[0]);
  }

  measuringPoints(f: { department?: Department | null; activeOnly: boolean; codes?: readonly string[] }, q: Q = this.ds): Promise<MeasuringPointRow[]> {
    return q.query(
      `SELECT ${MP_COLS} FROM measuring_point
       WHERE ($1::text IS NULL OR department = $1) AND (NOT $2 OR active) AND ($3::text[] IS NULL OR code = ANY($3::text[]))
       ORDER BY code`,
      [f.department ?? null, f.activeOnly, f.codes ?? null],
    );
  }

  measuringPointsByIds(ids: readonly string[]): Promise<MeasuringPointRow[]> {
    return this.ds.query(`SELECT ${MP_COLS} FROM measuring_point WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * The round and one planned visit per point, in the caller's transaction. A point that already has a
   * planned visit keeps it (the partial unique index decides, so concurrent planners cannot double it):
   * the ids of the points planned now are returned.
   */
  async createRound(tx: EntityManager, round: TemperatureRoundRow, visits: Array<{ id: string; measuringPointId: string; department: Department; address: string }>): Promise<string[]> {
    await tx.query(
      `INSERT INTO temperature_round (id, scheduled_on, department, planned_by, planned_at) VALUES ($1, $2, $3, $4, $5)`,
      [round.id, round.scheduledOn, round.department, round.plannedBy, round.plannedAt],
    );
    if (!visits.length) return [];
    const rows: Array<{ mp: string }> = await tx.query(
      `INSERT INTO temperature_visit (id, status, round_id, measuring_point_id, department, address, scheduled_on, created_at, created_by)
       SELECT v.id, 'PLANNED', $1, v.mp, v.dept, v.address, $2, $3, $4
       FROM unnest($5::uuid[], $6::uuid[], $7::text[], $8::text[]) AS v(id, mp, dept, address)
       ON CONFLICT (measuring_point_id) WHERE status = 'PLANNED' DO NOTHING
       RETURNING measuring_point_id AS mp`,
      [round.id, round.scheduledOn, round.plannedAt, round.plannedBy, visits.map((v) => v.id), visits.map((v) => v.measuringPointId), visits.map((v) => v.department), visits.map((v) => v.address)],
    );
    return rows.map((r) => r.mp);
  }

  round(id: string): Promise<TemperatureRoundRow | undefined> {
    return this.ds.query(
      `SELECT id, to_char(scheduled_on, 'YYYY-MM-DD') AS "scheduledOn", department, planned_by AS "plannedBy", planned_at AS "plannedAt" FROM temperature_round WHERE id = $1`,
      [id],
    ).then((r: TemperatureRoundRow[]) => r[0]);
  }

  async visit(id: string, q: Q = this.ds, lock = false): Promise<TemperatureVisitRow | undefined> {
    const [row] = await q.query(`SELECT ${VISIT_COLS} FROM temperature_visit WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  /** Visits of several orders, oldest first (a page's `temperatureVisits`). */
  visitsOfOrders(orderIds: readonly string[]): Promise<TemperatureVisitRow[]> {
    return this.ds.query(`SELECT ${VISIT_COLS} FROM temperature_visit WHERE work_order_id = ANY($1::uuid[]) ORDER BY created_at, id`, [orderIds]);
  }

  visitsOfRound(roundId: string): Promise<TemperatureVisitRow[]> {
    return this.ds.query(`SELECT ${VISIT_COLS} FROM temperature_visit WHERE round_id = $1 ORDER BY address, id`, [roundId]);
  }

  /** When the order's recorded visits were made (the resolve rule reads them inside the resolve transaction). */
  async visitTimesOfOrder(q: Q, orderId: string): Promise<Date[]> {
    const rows: Array<{ at: Date }> = await q.query(`SELECT visited_at AS at FROM temperature_visit WHERE work_order_id = $1 AND status = 'RECORDED'`, [orderId]);
    return rows.map((r) => r.at);
  }

  /** Newest first by creation; keyset on (created_at, id). */
  list(f: VisitFilter, limit: number): Promise<TemperatureVisitRow[]> {
    return this.ds.query(
      `SELECT ${VISIT_COLS} FROM temperature_visit
       WHERE ($1::uuid IS NULL OR work_order_id = $1) AND ($2::uuid IS NULL OR round_id = $2) AND ($3::text IS NULL OR status = $3)
         AND ($4::text IS NULL OR department = $4) AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $7`,
      [f.workOrderId ?? null, f.roundId ?? null, f.status ?? null, f.department ?? null, f.after?.createdAt ?? null, f.after?.id ?? null, limit],
    );
  }

  private recordedValues(v: CheckedTemperatureVisit, by: string, at: Date): unknown[] {
    return [
      v.visitedAt, JSON.stringify(v.staff), JSON.stringify(v.rooms), v.thresholdCelsius, v.passed, v.roomsJudged, v.roomsPassed,
      v.customerSignature, v.customerRefused, v.neighbour ? JSON.stringify(v.neighbour) : null, v.note, by, at,
    ];
  }

  /** A visit recorded straight from an order (no plan before it). */
  async insertRecorded(tx: EntityManager, row: { id: string; workOrderId: string; department: Department; address: string | null }, v: CheckedTemperatureVisit, by: string, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO temperature_visit (id, status, work_order_id, department, address, created_at, created_by, visited_at, staff, rooms, threshold_celsius, passed,
         rooms_judged, rooms_passed, customer_signature, customer_refused, neighbour, note, recorded_by, recorded_at)
       VALUES ($1, 'RECORDED', $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18, $19)`,
      [row.id, row.workOrderId, row.department, row.address, at, by, ...this.recordedValues(v, by, at)],
    );
  }

  /** Records the sheet of a planned visit (the caller holds its row lock). */
  async recordPlanned(tx: EntityManager, id: string, v: CheckedTemperatureVisit, by: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE temperature_visit SET status = 'RECORDED', visited_at = $2, staff = $3::jsonb, rooms = $4::jsonb, threshold_celsius = $5, passed = $6,
         rooms_judged = $7, rooms_passed = $8, customer_signature = $9, customer_refused = $10, neighbour = $11::jsonb, note = $12, recorded_by = $13, recorded_at = $14
       WHERE id = $1`,
      [id, ...this.recordedValues(v, by, at)],
    );
  }

  /** Outcomes of the visits made in [start, end), of one department or all. */
  async outcomes(start: Date, end: Date, department: Department | null): Promise<VisitOutcome[]> {
    const rows: Array<{ passed: boolean; roomsJudged: number; roomsPassed: number }> = await this.ds.query(
      `SELECT passed, rooms_judged AS "roomsJudged", rooms_passed AS "roomsPassed" FROM temperature_visit
       WHERE status = 'RECORDED' AND visited_at >= $1 AND visited_at < $2 AND ($3::text IS NULL OR department = $3)`,
      [start, end, department],
    );
    return rows;
  }
}
