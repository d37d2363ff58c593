// Every read and write of the notify tables (parameterised SQL only). Methods taking `tx` run inside the caller's transaction.
import type { DataSource, EntityManager } from 'typeorm';
import type { NoticeAlert, NoticeReceipt, PriorNotice, Recipient, TemplateOverrides } from '../domain';
import { templateKey, type Audience, type Channel, type Locale, type NoticeAddress, type NoticeKind, type UtilityKind } from '../domain';

type Q = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

export type NoticeStatusValue = 'PENDING' | 'QUEUED' | 'PUBLISHED' | 'PARTIALLY_DELIVERED' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

/** What the planner writes per notice. */
export interface NoticeRow {
  id: string;
  outage_id: string;
  utility: UtilityKind;
  event_id: string;
  kind: NoticeKind;
  audience: Audience;
  channel: Channel;
  locale: Locale;
  title: string;
  text: string;
  status: 'PENDING' | 'QUEUED';
  recipients: Recipient[];
  recipient_count: number;
  send_at: string;
  reminder_hours_before: number | null;
  url: string;
  message_key: string;
  message_headers: Record<string, string>;
  message_value: string;
  queued_at: string | null;
}

export interface NoticeRecord extends NoticeAddress {
  id: string;
  outageId: string;
  utility: UtilityKind;
  title: string;
  text: string;
  status: NoticeStatusValue;
  recipients: Recipient[];
  recipientCount: number;
  sendAt: Date;
  reminderHoursBefore: number | null;
  url: string;
  queuedAt: Date | null;
  publishedAt: Date | null;
}

export interface OutboundMessage {
  id: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

export interface AlertRecord {
  id: string;
  code: string;
  noticeId: string;
  outageId: string;
  recipientId: string;
  recipientName: string | null;
  phone: string;
  error: string | null;
  at: Date;
  message: string;
  createdAt: Date;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgeNote: string | null;
}

export interface TemplateRecord extends NoticeAddress {
  utility: UtilityKind;
  pressureReduction: boolean;
  title: string;
  body: string;
  updatedBy: string;
  updatedAt: Date;
}

const NOTICE_COLUMNS = `id, outage_id AS "outageId", utility, kind, audience, channel, locale, title, text, status, recipients,
  recipient_count AS "recipientCount", send_at AS "sendAt", reminder_hours_before AS "reminderHoursBefore", url,
  queued_at AS "queuedAt", published_at AS "publishedAt"`;

/** A notice as lists show it: its recipients (thousands of phones for a big SMS) are read only when asked for. */
const NOTICE_LIST_COLUMNS = NOTICE_COLUMNS.replace(' recipients,', '');

export type ListedNotice = Omit<NoticeRecord, 'recipients'>;

const ALERT_COLUMNS = `id::text AS id, code, notice_id AS "noticeId", outage_id AS "outageId", recipient_id AS "recipientId",
  recipient_name AS "recipientName", phone, error, at, message, created_at AS "createdAt", resolved_at AS "resolvedAt",
  acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy", acknowledge_note AS "acknowledgeNote"`;

const TEMPLATE_COLUMNS = `utility, pressure_reduction AS "pressureReduction", kind, audience, channel, locale, title, body,
  updated_by AS "updatedBy", updated_at AS "updatedAt"`;

/** TypeORM answers an UPDATE with [rows, rowCount] (even with RETURNING); other statements with the rows. */
function updateResult<T>(out: unknown): { rows: T[]; count: number } {
  if (Array.isArray(out) && out.length === 2 && Array.isArray(out[0]) && typeof out[1] === 'number') return { rows: out[0] as T[], count: out[1] };
  const rows = (Array.isArray(out) ? out : []) as T[];
  return { rows, count: rows.length };
}

/** A notice row's columns that the batches of one group share (everything but id, ce_id, recipients and value). */
type SharedColumns = Omit<NoticeRow, 'id' | 'recipients' | 'recipient_count' | 'message_value'>;

/** Splits rows into the columns their groups share (once per group) and per-row arrays, in the rows' order. */
function compactRows(rows: NoticeRow[]) {
  const groups: SharedColumns[] = [];
  const index = new Map<string, number>();
  const perRow = { id: [] as string[], grp: [] as number[], ceId: [] as Array<string | null>, recipients: [] as string[], recipientCount: [] as number[], messageValue: [] as string[] };
  for (const r of rows) {
    const { ce_id: ceId, ...headers } = r.message_headers;
    const shared: SharedColumns = {
      outage_id: r.outage_id, utility: r.utility, event_id: r.event_id, kind: r.kind, audience: r.audience, channel: r.channel, locale: r.locale,
      title: r.title, text: r.text, status: r.status, send_at: r.send_at, reminder_hours_before: r.reminder_hours_before, url: r.url,
      message_key: r.message_key, message_headers: headers, queued_at: r.queued_at,
    };
    // Joined, not JSON.stringify'd: this runs per notice (it was a tenth of composing CPU as JSON).
    const signature = [r.outage_id, r.utility, r.event_id, r.kind, r.audience, r.channel, r.locale, r.title, r.text, r.status, r.send_at,
      r.reminder_hours_before, r.url, r.message_key, r.queued_at, ...Object.entries(headers).flat()].join('\u0000');
    let g = index.get(signature);
    if (g === undefined) {
      groups.push(shared);
      index.set(signature, (g = groups.length)); // WITH ORDINALITY counts from 1
    }
    perRow.id.push(r.id);
    perRow.grp.push(g);
    perRow.ceId.push(ceId ?? null);
    perRow.recipients.push(JSON.stringify(r.recipients));
    perRow.recipientCount.push(r.recipient_count);
    perRow.messageValue.push(r.message_value);
  }
  return { groups, perRow };
}

export class NoticeRepository {
  constructor(private readonly ds: DataSource) {}

  // ------------------------------------------------------------ planner

  /** What was composed before for the outage, as the planner needs it. */
  async history(tx: Q, outageId: string): Promise<PriorNotice[]> {
    const rows: Array<{ id: string; kind: NoticeKind; audience: Audience; channel: Channel; locale: Locale; recipients: Recipient[]; send_at: Date; status: NoticeStatusValue }> =
      await tx.query(`SELECT id, kind, audience, channel, locale, recipients, send_at, status FROM notice WHERE outage_id = $1 ORDER BY send_at, id`, [outageId]);
    return rows.map((r) => ({
      noticeKey: r.id, kind: r.kind, audience: r.audience, channel: r.channel, locale: r.locale, recipients: r.recipients,
      sendAt: new Date(r.send_at).toISOString(),
      state: r.status === 'PENDING' ? 'PENDING' : r.status === 'CANCELLED' ? 'CANCELLED' : 'SENT',
    }));
  }

  /**
   * Inserts notices that are not there yet (id = notice key); a notice cancelled earlier and planned again
   * (e.g. rescheduled back to the announced times) comes back. The QUEUED ones among those written get their
   * outbox row (on `topic`, in the order given) in the same statement. Returns the ids written and how many
   * went to the outbox. One statement per `chunk` rows.
   */
  async insertNotices(tx: Q, rows: NoticeRow[], topic: string, chunk: number): Promise<{ written: Set<string>; queued: number }> {
    const written = new Set<string>();
    let queued = 0;
    for (let i = 0; i < rows.length; i += chunk) {
      const { groups, perRow } = compactRows(rows.slice(i, i + chunk));
      // Columns a batch shares travel once per group, and PostgreSQL parses a few hundred bytes per notice instead of
      // 3.6 kB of JSON (parsing was half its CPU). The outbox columns are the ones enqueue (packages/common outbox.ts)
      // writes; its trigger stamps the commit order.
      const out: Array<{ id: string; queued: boolean }> = await tx.query(
        `WITH g AS (
           SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (outage_id text, utility text, event_id text, kind text, audience text, channel text,
             locale text, title text, text text, status text, send_at timestamptz, reminder_hours_before double precision, url text, message_key text,
             message_headers jsonb, queued_at timestamptz)) WITH ORDINALITY AS g(outage_id, utility, event_id, kind, audience, channel, locale, title, text, status,
             send_at, reminder_hours_before, url, message_key, message_headers, queued_at, grp)),
         x AS (
           SELECT x.id, x.ce_id, x.recipients::jsonb AS recipients, x.recipient_count, x.message_value, x.ord, g.*
           FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::int[], $8::text[]) WITH ORDINALITY
             AS x(id, grp, ce_id, recipients, recipient_count, message_value, ord)
           JOIN g USING (grp)),
         ins AS (
           INSERT INTO notice (id, outage_id, utility, event_id, kind, audience, channel, locale, title, text, status, recipients, recipient_count,
             send_at, reminder_hours_before, url, message_key, message_headers, message_value, queued_at)
           SELECT id, outage_id, utility, event_id, kind, audience, channel, locale, title, text, status, recipients, recipient_count,
             send_at, reminder_hours_before, url, message_key, CASE WHEN ce_id IS NULL THEN message_headers ELSE message_headers || jsonb_build_object('ce_id', ce_id) END, message_value, queued_at
           FROM x
           ON CONFLICT (id) DO UPDATE SET event_id = EXCLUDED.event_id, title = EXCLUDED.title, text = EXCLUDED.text, status = EXCLUDED.status,
             recipients = EXCLUDED.recipients, recipient_count = EXCLUDED.recipient_count, send_at = EXCLUDED.send_at, url = EXCLUDED.url,
             message_key = EXCLUDED.message_key, message_headers = EXCLUDED.message_headers, message_value = EXCLUDED.message_value,
             queued_at = EXCLUDED.queued_at, published_at = NULL, updated_at = now()
           WHERE notice.status = 'CANCELLED'
           RETURNING id, status, message_headers),
         box AS (
           INSERT INTO outbox (topic, key, headers, value)
           SELECT $2, x.message_key, ins.message_headers, x.message_value FROM ins JOIN x USING (id) WHERE ins.status = 'QUEUED' ORDER BY x.ord
           RETURNING 1)
         SELECT id, status = 'QUEUED' AS queued FROM ins`,
        [JSON.stringify(groups), topic, perRow.id, perRow.grp, perRow.ceId, perRow.recipients, perRow.recipientCount, perRow.messageValue],
      );
      for (const r of out) {
        written.add(r.id);
        if (r.queued) queued++;
      }
    }
    return { written, queued };
  }

  /** Cancels notices still waiting for their send time; queued or published ones are already on their way. */
  async cancelPending(tx: Q, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const out = await tx.query(`UPDATE notice SET status = 'CANCELLED', updated_at = now() WHERE id = ANY($1::text[]) AND status = 'PENDING'`, [ids]);
    return updateResult(out).count;
  }

  // ------------------------------------------------------------ scheduler

  /** Locks up to `limit` notices due at `now` (SKIP LOCKED: replicas share the work). */
  async lockDue(tx: Q, now: Date, limit: number): Promise<OutboundMessage[]> {
    return tx.query(
      `SELECT id, message_key AS key, message_headers AS headers, message_value AS value FROM notice
       WHERE status = 'PENDING' AND send_at <= $1 ORDER BY send_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now.toISOString(), limit],
    );
  }

  async markQueued(tx: Q, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(`UPDATE notice SET status = 'QUEUED', queued_at = $2, updated_at = now() WHERE id = ANY($1::text[])`, [ids, at.toISOString()]);
  }

  /**
   * QUEUED → PUBLISHED, run by the outbox relay in the transaction that records the broker's ack ($1: the
   * published rows' ce_ids). A statement, not a method: the relay may run on a thread of its own.
   */
  static readonly MARK_PUBLISHED_SQL = `UPDATE notice SET status = 'PUBLISHED', published_at = now(), updated_at = now() WHERE id = ANY($1::text[]) AND status = 'QUEUED'`;

  /**
   * QUEUED → PUBLISHED for notices whose outbox row was published without MARK_PUBLISHED_SQL (by a relay of a
   * version before it), found by the row's ce_id header.
   */
  async confirmPublished(topic: string): Promise<number> {
    const out = await this.ds.query(
      `UPDATE notice n SET status = 'PUBLISHED', published_at = o.published_at, updated_at = now()
       FROM outbox o
       WHERE n.status = 'QUEUED' AND o.headers->>'ce_id' = n.id AND o.topic = $1 AND o.published_at IS NOT NULL`,
      [topic],
    );
    return updateResult(out).count;
  }

  // ------------------------------------------------------------ receipts and alerts

  async lockNotice(tx: Q, id: string): Promise<NoticeRecord | null> {
    const rows: NoticeRecord[] = await tx.query(`SELECT ${NOTICE_COLUMNS} FROM notice WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /** False when this exact receipt was stored before (a redelivery). */
  async insertReceipt(tx: Q, r: NoticeReceipt): Promise<boolean> {
    const out: unknown[] = await tx.query(
      `INSERT INTO notice_receipt (notice_id, recipient, status, at, error) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING notice_id`,
      [r.noticeId, r.recipient, r.status, r.at, r.error ?? null],
    );
    return out.length > 0;
  }

  async receipts(q: Q, noticeIds: string[]): Promise<NoticeReceipt[]> {
    if (noticeIds.length === 0) return [];
    const rows: Array<{ noticeId: string; recipient: string; status: 'DELIVERED' | 'FAILED'; at: Date; error: string | null }> = await q.query(
      `SELECT notice_id AS "noticeId", recipient, status, at, error FROM notice_receipt WHERE notice_id = ANY($1::text[]) ORDER BY at, recipient`,
      [noticeIds],
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /** The receipts of several outages' notices in one statement. */
  async receiptsForOutages(outageIds: readonly string[]): Promise<NoticeReceipt[]> {
    if (outageIds.length === 0) return [];
    const rows: Array<{ noticeId: string; recipient: string; status: 'DELIVERED' | 'FAILED'; at: Date; error: string | null }> = await this.ds.query(
      `SELECT r.notice_id AS "noticeId", r.recipient, r.status, r.at, r.error FROM notice_receipt r JOIN notice n ON n.id = r.notice_id
       WHERE n.outage_id = ANY($1::text[]) ORDER BY r.at, r.recipient`,
      [[...new Set(outageIds)]],
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  async setStatus(tx: Q, id: string, status: NoticeStatusValue): Promise<void> {
    await tx.query(`UPDATE notice SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
  }

  /** One open alert per (notice, phone); a new failure after a later success opens it again. */
  async upsertAlerts(tx: Q, alerts: NoticeAlert[]): Promise<number> {
    let opened = 0;
    for (const a of alerts) {
      const out: unknown[] = await tx.query(
        `INSERT INTO notice_alert (code, notice_id, outage_id, recipient_id, recipient_name, phone, error, at, message)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (notice_id, phone) DO UPDATE SET error = EXCLUDED.error, at = EXCLUDED.at, message = EXCLUDED.message,
           resolved_at = NULL, acknowledged_at = NULL, acknowledged_by = NULL, acknowledge_note = NULL
         WHERE notice_alert.resolved_at IS NOT NULL
         RETURNING id`,
        [a.code, a.noticeId, a.outageId, a.recipient.id, a.recipient.name ?? null, a.recipient.phone, a.error, a.at, a.message],
      );
      opened += out.length;
    }
    return opened;
  }

  /** A later delivery to the same phone closes its alert: nobody needs to call any more. */
  async resolveAlerts(tx: Q, noticeId: string, deliveredPhones: string[], at: Date): Promise<void> {
    if (deliveredPhones.length === 0) return;
    await tx.query(`UPDATE notice_alert SET resolved_at = $3 WHERE notice_id = $1 AND phone = ANY($2::text[]) AND resolved_at IS NULL`, [noticeId, deliveredPhones, at.toISOString()]);
  }

  async alerts(f: { outageId?: string | null; includeAcknowledged: boolean; limit: number }): Promise<AlertRecord[]> {
    return this.ds.query(
      `SELECT ${ALERT_COLUMNS} FROM notice_alert
       WHERE ($1::text IS NULL OR outage_id = $1) AND ($2 OR (acknowledged_at IS NULL AND resolved_at IS NULL))
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [f.outageId ?? null, f.includeAcknowledged, f.limit],
    );
  }

  async acknowledgeAlert(id: string, by: string, note: string | null, at: Date): Promise<AlertRecord | null> {
    if (!/^[0-9]{1,18}$/.test(id)) return null;
    const out = await this.ds.query(
      `UPDATE notice_alert SET acknowledged_at = COALESCE(acknowledged_at, $2), acknowledged_by = COALESCE(acknowledged_by, $3),
         acknowledge_note = COALESCE($4, acknowledge_note)
       WHERE id = $1::bigint RETURNING ${ALERT_COLUMNS}`,
      [id, at.toISOString(), by, note],
    );
    return updateResult<AlertRecord>(out).rows[0] ?? null;
  }

  // ------------------------------------------------------------ reads and templates

  forOutage(outageId: string): Promise<NoticeRecord[]> {
    return this.ds.query(`SELECT ${NOTICE_COLUMNS} FROM notice WHERE outage_id = $1 ORDER BY send_at, kind, audience, channel, locale, id`, [outageId]);
  }

  /** The notices of several outages in one statement (without their recipients), each outage's in send order. */
  forOutages(outageIds: readonly string[]): Promise<ListedNotice[]> {
    return this.ds.query(
      `SELECT ${NOTICE_LIST_COLUMNS} FROM notice WHERE outage_id = ANY($1::text[]) ORDER BY outage_id, send_at, kind, audience, channel, locale, id`,
      [[...new Set(outageIds)]],
    );
  }

  /** The recipients of several notices in one statement. */
  recipientsOf(noticeIds: readonly string[]): Promise<Array<{ id: string; recipients: Recipient[] }>> {
    return this.ds.query(`SELECT id, recipients FROM notice WHERE id = ANY($1::text[])`, [[...new Set(noticeIds)]]);
  }

  /** The supervisors' edits of one utility kind's templates (both wordings: stop and pressure reduction), by templateKey. */
  async templateOverrides(q: Q = this.ds, utility?: UtilityKind): Promise<TemplateOverrides> {
    const out: TemplateOverrides = {};
    for (const t of await this.templates(q, utility)) {
      out[templateKey(t.kind, t.audience, t.channel, t.locale, { utility: t.utility, pressureReduction: t.pressureReduction })] = { title: t.title, body: t.body };
    }
    return out;
  }

  templates(q: Q = this.ds, utility?: UtilityKind): Promise<TemplateRecord[]> {
    return q.query(
      `SELECT ${TEMPLATE_COLUMNS} FROM notice_template WHERE ($1::text IS NULL OR utility = $1)`,
      [utility ?? null],
    );
  }

  async saveTemplate(t: Omit<TemplateRecord, 'updatedAt'>, at: Date): Promise<TemplateRecord> {
    const rows: TemplateRecord[] = await this.ds.query(
      `INSERT INTO notice_template (utility, pressure_reduction, kind, audience, channel, locale, title, body, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (utility, pressure_reduction, kind, audience, channel, locale) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING ${TEMPLATE_COLUMNS}`,
      [t.utility, t.pressureReduction, t.kind, t.audience, t.channel, t.locale, t.title, t.body, t.updatedBy, at.toISOString()],
    );
    return rows[0];
  }
}
