import type { DataSource } from 'typeorm';
import { preparedQuery } from '@mainline/common';
import { Department, FeedbackKind, FeedbackSource } from '../domain';

export interface FeedbackRow {
  id: string;
  kind: FeedbackKind;
  source: FeedbackSource;
  receivedAt: Date;
  subjectDepartment: Department | null;
  subjectStaff: string | null;
  workOrderId: string | null;
  summary: string;
  recordedBy: string;
  recordedAt: Date;
}

const COLUMNS = `id, kind, source, received_at AS "receivedAt", subject_department AS "subjectDepartment", subject_staff AS "subjectStaff",
  work_order_id AS "workOrderId", summary, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/** The praise, criticism and media exposure register. */
export class FeedbackRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(r: Omit<FeedbackRow, 'id'>): Promise<FeedbackRow> {
    const rows = await preparedQuery<FeedbackRow>(this.ds,
      `INSERT INTO feedback_entry (kind, source, received_at, subject_department, subject_staff, work_order_id, summary, recorded_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING ${COLUMNS}`,
      [r.kind, r.source, r.receivedAt, r.subjectDepartment, r.subjectStaff, r.workOrderId, r.summary, r.recordedBy, r.recordedAt],
    );
    return rows[0];
  }

  /** Newest first, keyset-paginated on (received_at, id). */
  list(f: { kind?: FeedbackKind | null; source?: FeedbackSource | null; department?: Department | null; from?: Date | null; to?: Date | null; after?: { createdAt: Date; id: string } }, limit: number): Promise<FeedbackRow[]> {
    return preparedQuery(this.ds,
      `SELECT ${COLUMNS} FROM feedback_entry
       WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR source = $2) AND ($3::text IS NULL OR subject_department = $3)
         AND ($4::timestamptz IS NULL OR received_at >= $4) AND ($5::timestamptz IS NULL OR received_at < $5)
         AND ($6::timestamptz IS NULL OR (received_at, id) < ($6::timestamptz, $7::uuid))
       ORDER BY received_at DESC, id DESC LIMIT $8`,
      [f.kind ?? null, f.source ?? null, f.department ?? null, f.from ?? null, f.to ?? null, f.after?.createdAt ?? null, f.after?.id ?? null, limit],
    );
  }

  /** What the monthly report counts: the entries received in [start, end) (about `department` when given). */
  inPeriod(start: Date, end: Date, department: Department | null): Promise<Array<{ id: string; kind: FeedbackKind; source: FeedbackSource; receivedAt: Date; subjectDepartment: Department | null }>> {
    return preparedQuery(this.ds,
      `SELECT id, kind, source, received_at AS "receivedAt", subject_department AS "subjectDepartment" FROM feedback_entry
       WHERE received_at >= $1 AND received_at < $2 AND ($3::text IS NULL OR subject_department = $3)`,
      [start, end, department],
    );
  }
}
