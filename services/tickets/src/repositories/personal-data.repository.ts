import type { DataSource } from 'typeorm';
import { preparedQuery } from '@mainline/common';

export interface PersonalDataRead {
  orderId: string;
  field: string;
  readerId: string;
  readerRoles: string[];
  readerDepartment: string | null;
  requestId: string | null;
  at: Date;
}

export interface PersonalDataReadRow extends PersonalDataRead {
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit log of reads of callers' personal data (phones). */
export class PersonalDataRepository {
  constructor(private readonly ds: DataSource) {}

  /** All reads of one request in one statement (rows as parallel arrays). */
  async record(reads: PersonalDataRead[]): Promise<void> {
    if (!reads.length) return;
    const r = reads[0];
    await preparedQuery(this.ds,
      `INSERT INTO personal_data_read (order_id, field, reader_id, reader_roles, reader_department, request_id, at)
       SELECT o, f, $3, $4::text[], $5, $6, $7 FROM unnest($1::uuid[], $2::text[]) AS x(o, f)`,
      [reads.map((x) => x.orderId), reads.map((x) => x.field), r.readerId, r.readerRoles, r.readerDepartment, r.requestId, r.at],
    );
  }

  /** Newest first, keyset on (at, id); filters by order and reader when given. */
  list(f: { orderId?: string | null; readerId?: string | null; from?: Date | null; to?: Date | null; before?: { at: Date; id: string } | null; limit: number }): Promise<PersonalDataReadRow[]> {
    if (f.orderId && !UUID.test(f.orderId)) return Promise.resolve([]);
    return preparedQuery(this.ds,
      `SELECT id::text, order_id AS "orderId", field, reader_id AS "readerId", reader_roles AS "readerRoles", reader_department AS "readerDepartment",
              request_id AS "requestId", at
       FROM personal_data_read
       WHERE ($1::uuid IS NULL OR order_id = $1::uuid) AND ($2::text IS NULL OR reader_id = $2)
         AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
         AND ($5::timestamptz IS NULL OR (at, id) < ($5::timestamptz, $6::bigint))
       ORDER BY at DESC, id DESC LIMIT $7`,
      [f.orderId ?? null, f.readerId ?? null, f.from ?? null, f.to ?? null, f.before?.at ?? null, f.before?.id ?? null, f.limit],
    );
  }
}
