import { preparedQuery } from '@mainline/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { CheckedInspectionResult, CustomerType, InspectionOutcome } from '../domain';

type Q = DataSource | EntityManager;

export interface InspectionRoundRow {
  id: string;
  networkId: string;
  dueBy: string | null;
  scheduledOn: string | null;
  plannedBy: string;
  plannedAt: Date;
}

export interface GasInspectionRow {
  id: string;
  networkId: string;
  servicePointId: string;
  address: string | null;
  customerType: CustomerType;
  vulnerability: string[];
  status: 'PLANNED' | InspectionOutcome;
  dueBy: string | null;
  scheduledOn: string | null;
  roundId: string | null;
  followUpOf: string | null;
  createdAt: Date;
  createdBy: string;
  inspectedAt: Date | null;
  inspectedOn: string | null;
  inspectors: Array<{ id: string; name: string }> | null;
  customerSignature: string | null;
  customerRefused: boolean | null;
  note: string | null;
  recordedBy: string | null;
  recordedAt: Date | null;
}

export interface HazardNoticeRow {
  id: string;
  number: string;
  inspectionId: string;
  networkId: string;
  servicePointId: string;
  address: string | null;
  hazards: Array<{ code: string | null; description: string }>;
  issuedAt: Date;
  issuedOn: string;
  rectifyBy: string;
  customerSignature: string | null;
  customerRefused: boolean;
  status: 'OPEN' | 'CLOSED';
  closedAt: Date | null;
  closedByInspectionId: string | null;
}

export interface PlannedInspection {
  id: string;
  servicePointId: string;
  address: string | null;
  customerType: CustomerType;
  vulnerability: string[];
  dueBy: string | null;
  followUpOf?: string | null;
}

const date = (col: string, as: string) => `to_char(${col}, 'YYYY-MM-DD') AS "${as}"`;
const INSPECTION_COLS = `id, network_id AS "networkId", service_point_id AS "servicePointId", address, customer_type AS "customerType", vulnerability, status,
  ${date('due_by', 'dueBy')}, ${date('scheduled_on', 'scheduledOn')}, round_id AS "roundId", follow_up_of AS "followUpOf", created_at AS "createdAt",
  created_by AS "createdBy", inspected_at AS "inspectedAt", ${date('inspected_on', 'inspectedOn')}, inspectors, customer_signature AS "customerSignature",
  customer_refused AS "customerRefused", note, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;
const NOTICE_COLS = `id, number, inspection_id AS "inspectionId", network_id AS "networkId", service_point_id AS "servicePointId", address, hazards,
  issued_at AS "issuedAt", ${date('issued_on', 'issuedOn')}, ${date('rectify_by', 'rectifyBy')}, customer_signature AS "customerSignature",
  customer_refused AS "customerRefused", status, closed_at AS "closedAt", closed_by_inspection_id AS "closedByInspectionId"`;
/** Outcomes in which the inspection was carried out (domain INSPECTED_OUTCOMES; the partial index gas_inspection_done uses the same list). */
const DONE = `status IN ('PASS', 'HAZARD_FOUND')`;

export interface InspectionFilter {
  networkId?: string;
  servicePointId?: string;
  roundId?: string;
  status?: string;
  after?: { createdAt: Date; id: string };
}

export interface NoticeFilter {
  networkId?: string;
  servicePointId?: string;
  status?: 'OPEN' | 'CLOSED';
  /** Open notices whose deadline is before this local date. */
  overdueOn?: string;
  after?: { createdAt: Date; id: string };
}

/** All I/O of gas safety inspections and hazard rectification notices. */
export class GasInspectionRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The round and its planned inspections, in the caller's transaction; a point that already has a planned
   * inspection keeps it (partial unique index). Returns the service point ids planned now.
   */
  async createRound(tx: EntityManager, round: InspectionRoundRow, rows: Array<PlannedInspection>): Promise<string[]> {
    await tx.query(
      `INSERT INTO inspection_round (id, network_id, due_by, scheduled_on, planned_by, planned_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [round.id, round.networkId, round.dueBy, round.scheduledOn, round.plannedBy, round.plannedAt],
    );
    return this.insertPlanned(tx, round.networkId, round.id, round.scheduledOn, round.plannedBy, round.plannedAt, rows);
  }

  async insertPlanned(tx: EntityManager, networkId: string, roundId: string | null, scheduledOn: string | null, by: string, at: Date, rows: PlannedInspection[]): Promise<string[]> {
    if (!rows.length) return [];
    const inserted: Array<{ sp: string }> = await tx.query(
      `INSERT INTO gas_inspection (id, network_id, service_point_id, address, customer_type, vulnerability, status, due_by, scheduled_on, round_id, follow_up_of, created_at, created_by)
       SELECT x.id, $1, x.sp, x.address, x.ctype, ARRAY(SELECT jsonb_array_elements_text(x.vuln)), 'PLANNED', x.due, $2, $3, x.follow, $4, $5
       FROM unnest($6::uuid[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::date[], $12::uuid[]) AS x(id, sp, address, ctype, vuln, due, follow)
       ON CONFLICT (network_id, service_point_id) WHERE status = 'PLANNED' DO NOTHING
       RETURNING service_point_id AS sp`,
      [
        networkId, scheduledOn, roundId, at, by, rows.map((r) => r.id), rows.map((r) => r.servicePointId), rows.map((r) => r.address),
        rows.map((r) => r.customerType), rows.map((r) => JSON.stringify(r.vulnerability)), rows.map((r) => r.dueBy), rows.map((r) => r.followUpOf ?? null),
      ],
    );
    return inserted.map((r) => r.sp);
  }

  round(id: string): Promise<InspectionRoundRow | undefined> {
    return this.ds.query(
      `SELECT id, network_id AS "networkId", ${date('due_by', 'dueBy')}, ${date('scheduled_on', 'scheduledOn')}, planned_by AS "plannedBy", planned_at AS "plannedAt"
       FROM inspection_round WHERE id = $1`,
      [id],
    ).then((r: InspectionRoundRow[]) => r[0]);
  }

  /** A round's inspections, vulnerable users first, then by due date. */
  inspectionsOfRound(roundId: string): Promise<GasInspectionRow[]> {
    return this.ds.query(
      `SELECT ${INSPECTION_COLS} FROM gas_inspection WHERE round_id = $1 ORDER BY cardinality(vulnerability) > 0 DESC, due_by NULLS FIRST, service_point_id`,
      [roundId],
    );
  }

  async inspection(id: string, q: Q = this.ds, lock = false): Promise<GasInspectionRow | undefined> {
    const [row] = await q.query(`SELECT ${INSPECTION_COLS} FROM gas_inspection WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  listInspections(f: InspectionFilter, limit: number): Promise<GasInspectionRow[]> {
    return this.ds.query(
      `SELECT ${INSPECTION_COLS} FROM gas_inspection
       WHERE ($1::uuid IS NULL OR network_id = $1) AND ($2::text IS NULL OR service_point_id = $2) AND ($3::uuid IS NULL OR round_id = $3)
         AND ($4::text IS NULL OR status = $4) AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $7`,
      [f.networkId ?? null, f.servicePointId ?? null, f.roundId ?? null, f.status ?? null, f.after?.createdAt ?? null, f.after?.id ?? null, limit],
    );
  }

  /** Per service point of the network: the last inspection carried out on or before `onOrBefore` (local date). */
  async lastDone(networkId: string, onOrBefore: string): Promise<Map<string, string>> {
    const rows: Array<{ sp: string; d: string }> = await preparedQuery(
      this.ds,
      `SELECT service_point_id AS sp, to_char(max(inspected_on), 'YYYY-MM-DD') AS d FROM gas_inspection
       WHERE network_id = $1 AND ${DONE} AND inspected_on <= $2 GROUP BY service_point_id`,
      [networkId, onOrBefore],
    );
    return new Map(rows.map((r) => [r.sp, r.d]));
  }

  /** Service points of the network inspected in [from, to) (local dates). */
  async doneBetween(networkId: string, from: string, to: string): Promise<Set<string>> {
    const rows: Array<{ sp: string }> = await this.ds.query(
      `SELECT DISTINCT service_point_id AS sp FROM gas_inspection WHERE network_id = $1 AND ${DONE} AND inspected_on >= $2 AND inspected_on < $3`,
      [networkId, from, to],
    );
    return new Set(rows.map((r) => r.sp));
  }

  /** Open planned inspections of the network by service point. */
  async plannedOf(networkId: string): Promise<Map<string, string>> {
    const rows: Array<{ sp: string; id: string }> = await this.ds.query(
      `SELECT service_point_id AS sp, id FROM gas_inspection WHERE network_id = $1 AND status = 'PLANNED'`,
      [networkId],
    );
    return new Map(rows.map((r) => [r.sp, r.id]));
  }

  async plannedFor(q: Q, networkId: string, servicePointId: string): Promise<GasInspectionRow | undefined> {
    const [row] = await q.query(`SELECT ${INSPECTION_COLS} FROM gas_inspection WHERE network_id = $1 AND service_point_id = $2 AND status = 'PLANNED'`, [networkId, servicePointId]);
    return row;
  }

  /** Open notices of the network by service point. */
  async openNoticeCounts(networkId: string): Promise<Map<string, number>> {
    const rows: Array<{ sp: string; n: number }> = await this.ds.query(
      `SELECT service_point_id AS sp, count(*)::int AS n FROM hazard_notice WHERE network_id = $1 AND status = 'OPEN' GROUP BY service_point_id`,
      [networkId],
    );
    return new Map(rows.map((r) => [r.sp, r.n]));
  }

  async recordResult(tx: EntityManager, id: string, r: CheckedInspectionResult, by: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE gas_inspection SET status = $2, inspected_at = $3, inspected_on = $4, inspectors = $5::jsonb, customer_signature = $6, customer_refused = $7,
         note = $8, recorded_by = $9, recorded_at = $10 WHERE id = $1`,
      [id, r.outcome, r.inspectedAt, r.inspectedOn, JSON.stringify(r.inspectors), r.customerSignature, r.customerRefused, r.note, by, at],
    );
  }

  /** Issues a notice numbered YH-<year>-<n> (year of its local issue date). */
  async issueNotice(tx: EntityManager, n: Omit<HazardNoticeRow, 'number' | 'status' | 'closedAt' | 'closedByInspectionId'>): Promise<HazardNoticeRow> {
    const [row] = await tx.query(
      `INSERT INTO hazard_notice (id, number, inspection_id, network_id, service_point_id, address, hazards, issued_at, issued_on, rectify_by, customer_signature, customer_refused, status)
       VALUES ($1, 'YH-' || substr($8::text, 1, 4) || '-' || lpad(nextval('hazard_notice_number_seq')::text, 6, '0'), $2, $3, $4, $5, $6::jsonb, $7, $8::date, $9, $10, $11, 'OPEN')
       RETURNING ${NOTICE_COLS}`,
      [n.id, n.inspectionId, n.networkId, n.servicePointId, n.address, JSON.stringify(n.hazards), n.issuedAt, n.issuedOn, n.rectifyBy, n.customerSignature, n.customerRefused],
    );
    return row;
  }

  /** Closes every open notice of the service point issued before the passing inspection: it found them rectified. */
  closeOpenNotices(tx: EntityManager, networkId: string, servicePointId: string, inspectionId: string, at: Date): Promise<HazardNoticeRow[]> {
    // preparedQuery: the rows of UPDATE … RETURNING (TypeORM's query answers [rows, count] for an UPDATE).
    return preparedQuery(
      tx,
      `UPDATE hazard_notice SET status = 'CLOSED', closed_at = $4, closed_by_inspection_id = $3
       WHERE network_id = $1 AND service_point_id = $2 AND status = 'OPEN' AND issued_at <= $4 RETURNING ${NOTICE_COLS}`,
      [networkId, servicePointId, inspectionId, at],
    );
  }

  async notice(id: string, q: Q = this.ds, lock = false): Promise<HazardNoticeRow | undefined> {
    const [row] = await q.query(`SELECT ${NOTICE_COLS} FROM hazard_notice WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  noticesOfInspections(ids: readonly string[]): Promise<HazardNoticeRow[]> {
    return this.ds.query(`SELECT ${NOTICE_COLS} FROM hazard_notice WHERE inspection_id = ANY($1::uuid[]) OR closed_by_inspection_id = ANY($1::uuid[])`, [ids]);
  }

  /** Newest first; keyset on (issued_at, id). */
  listNotices(f: NoticeFilter, limit: number): Promise<HazardNoticeRow[]> {
    return this.ds.query(
      `SELECT ${NOTICE_COLS} FROM hazard_notice
       WHERE ($1::uuid IS NULL OR network_id = $1) AND ($2::text IS NULL OR service_point_id = $2) AND ($3::text IS NULL OR status = $3)
         AND ($4::date IS NULL OR (status = 'OPEN' AND rectify_by < $4)) AND ($5::timestamptz IS NULL OR (issued_at, id) < ($5, $6::uuid))
       ORDER BY issued_at DESC, id DESC LIMIT $7`,
      [f.networkId ?? null, f.servicePointId ?? null, f.status ?? null, f.overdueOn ?? null, f.after?.createdAt ?? null, f.after?.id ?? null, limit],
    );
  }

  /** The report's hazard figures: issued and closed in [start, end), open at `end`, and of those past their deadline on `endDate`. */
  async hazardFigures(start: Date, end: Date, endDate: string): Promise<{ issued: number; closed: number; openAtEnd: number; overdueAtEnd: number }> {
    const [r] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE issued_at >= $1 AND issued_at < $2)::int AS issued,
              count(*) FILTER (WHERE closed_at >= $1 AND closed_at < $2)::int AS closed,
              count(*) FILTER (WHERE issued_at < $2 AND (closed_at IS NULL OR closed_at >= $2))::int AS "openAtEnd",
              count(*) FILTER (WHERE issued_at < $2 AND (closed_at IS NULL OR closed_at >= $2) AND rectify_by < $3::date)::int AS "overdueAtEnd"
       FROM hazard_notice`,
      [start, end, endDate],
    );
    return r;
  }

  /** Inspections carried out in [from, to) (local dates), over every network. */
  async doneCount(from: string, to: string): Promise<number> {
    const [r] = await this.ds.query(`SELECT count(*)::int AS n FROM gas_inspection WHERE ${DONE} AND inspected_on >= $1 AND inspected_on < $2`, [from, to]);
    return r.n;
  }
}
