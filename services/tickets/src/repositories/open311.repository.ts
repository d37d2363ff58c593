import type { DataSource } from 'typeorm';
import { preparedQuery } from '@mainline/common';
import type { Channel, WorkOrderStatus } from '../domain';
import type { PublicOrderFacts } from '../domain/open311';
import type { SqlBatch } from './sql-batch';

/** An Open311 client application as stored: never its key, only the key's SHA-256 and first characters. */
export interface Open311ClientRow {
  id: string;
  name: string;
  keyPrefix: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** What a posted request carries beyond the work order (personal fields stay here, out of every public read). */
export interface Open311RequestRow {
  orderId: string;
  clientId: string;
  jurisdictionId: string | null;
  addressId: string | null;
  zipcode: string | null;
  mediaUrl: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  accountId: string | null;
  deviceId: string | null;
  attributes: Record<string, string | string[]>;
  createdAt: Date;
}

export interface PublicRequestFilter {
  channels: readonly Channel[];
  categories: readonly string[];
  statuses?: readonly WorkOrderStatus[];
  from: Date;
  to: Date;
  limit: number;
}

const CLIENT_COLUMNS = `id, name, key_prefix AS "keyPrefix", created_by AS "createdBy", created_at AS "createdAt", revoked_at AS "revokedAt"`;

// The public view of an order: no reporter column, no e-mail or names from open311_request. updated_datetime is the
// latest history entry (written with the service's clock, like every other time of the order).
const PUBLIC_SELECT = `
  SELECT w.number, w.status, w.category, w.department, w.description, w.address, w.lon, w.lat,
         w.created_at AS "createdAt", w.resolve_due_at AS "resolveDueAt", w.revisit_due_at AS "revisitDueAt",
         w.reopened_at AS "reopenedAt", w.revisit_resolved_at AS "revisitResolvedAt",
         (SELECT h.at FROM work_order_history h WHERE h.order_id = w.id ORDER BY h.id DESC LIMIT 1) AS "updatedAt",
         (SELECT m.number FROM work_order m WHERE m.id = w.merged_into) AS "mergedNumber",
         o.number AS "outageNumber", o.ends_at AS "outageEndsAt",
         r.address_id AS "addressId", r.zipcode, r.media_url AS "mediaUrl"
    FROM work_order w
    LEFT JOIN open311_request r ON r.order_id = w.id
    LEFT JOIN outage_projection o ON o.id = w.outage_id`;

/** Open311 client applications and the Open311 side of posted requests. */
export class Open311Repository {
  constructor(private readonly ds: DataSource) {}

  async insertClient(c: { id: string; name: string; keyHash: string; keyPrefix: string; createdBy: string; createdAt: Date }): Promise<Open311ClientRow> {
    const [row] = await preparedQuery<Open311ClientRow>(this.ds,
      `INSERT INTO open311_client (id, name, key_hash, key_prefix, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING ${CLIENT_COLUMNS}`,
      [c.id, c.name, c.keyHash, c.keyPrefix, c.createdBy, c.createdAt]);
    return row;
  }

  clients(): Promise<Open311ClientRow[]> {
    return preparedQuery(this.ds, `SELECT ${CLIENT_COLUMNS} FROM open311_client ORDER BY created_at DESC, id`);
  }

  /** Revokes once; null when there is no such client (a second revoke returns the row unchanged). */
  async revokeClient(id: string, by: string, at: Date): Promise<Open311ClientRow | null> {
    const [row] = await preparedQuery<Open311ClientRow>(this.ds,
      `UPDATE open311_client SET revoked_at = coalesce(revoked_at, $3), revoked_by = coalesce(revoked_by, $2) WHERE id = $1 RETURNING ${CLIENT_COLUMNS}`,
      [id, by, at]);
    return row ?? null;
  }

  /** The client whose key has this hash, unless revoked. */
  async activeClientByKeyHash(keyHash: string): Promise<Open311ClientRow | null> {
    const [row] = await preparedQuery<Open311ClientRow>(this.ds, `SELECT ${CLIENT_COLUMNS} FROM open311_client WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash]);
    return row ?? null;
  }

  /** Adds the request's row (and its media URL as the order's attachment) to the batch that writes the order. */
  requestIn(b: SqlBatch, r: Open311RequestRow): void {
    b.add(
      `INSERT INTO open311_request (order_id, client_id, jurisdiction_id, address_id, zipcode, media_url, email, first_name, last_name, account_id, device_id, attributes, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12::jsonb,$13)`,
      [r.orderId, r.clientId, r.jurisdictionId, r.addressId, r.zipcode, r.mediaUrl, r.email, r.firstName, r.lastName, r.accountId, r.deviceId, JSON.stringify(r.attributes), r.createdAt],
    );
    if (r.mediaUrl) {
      b.add(`INSERT INTO work_order_attachment (order_id, url, name, content_type, added_by, added_at) VALUES ($1,$2,$3,NULL,$4,$5)`, [
        r.orderId, r.mediaUrl, 'Open311 media_url', `open311:${r.clientId}`, r.createdAt,
      ]);
    }
  }

  /** Newest first inside the window, at most `limit` (the channel index serves it). */
  publicRequests(f: PublicRequestFilter): Promise<PublicOrderFacts[]> {
    return preparedQuery(this.ds,
      `${PUBLIC_SELECT}
        WHERE w.channel = ANY($1::text[]) AND w.category = ANY($2::text[]) AND w.created_at >= $3 AND w.created_at <= $4
          AND ($5::text[] IS NULL OR w.status = ANY($5::text[]))
        ORDER BY w.created_at DESC, w.id DESC LIMIT $6`,
      [f.channels, f.categories, f.from, f.to, f.statuses ?? null, f.limit]);
  }

  /** By order number (service_request_id), restricted like the list (other orders do not exist to Open311). */
  publicRequestsByNumber(numbers: readonly string[], f: Pick<PublicRequestFilter, 'channels' | 'categories'>): Promise<PublicOrderFacts[]> {
    return preparedQuery(this.ds,
      `${PUBLIC_SELECT}
        WHERE w.number = ANY($1::text[]) AND w.channel = ANY($2::text[]) AND w.category = ANY($3::text[])
        ORDER BY w.created_at DESC, w.id DESC`,
      [numbers, f.channels, f.categories]);
  }

  /** The Open311 row of an order (personal fields included: for the services, never for a public answer). */
  async request(orderId: string): Promise<Open311RequestRow | null> {
    const [row] = await preparedQuery<Open311RequestRow>(this.ds,
      `SELECT order_id AS "orderId", client_id AS "clientId", jurisdiction_id AS "jurisdictionId", address_id AS "addressId", zipcode,
              media_url AS "mediaUrl", email, first_name AS "firstName", last_name AS "lastName", account_id AS "accountId", device_id AS "deviceId",
              attributes, created_at AS "createdAt"
         FROM open311_request WHERE order_id = $1`, [orderId]);
    return row ?? null;
  }
}
