import { preparedQuery } from '@mainline/common';
import type { DataSource, EntityManager } from 'typeorm';

/** PostgreSQL's wire protocol counts a statement's parameters in 16 bits: no statement may bind more. */
export const MAX_BIND_PARAMETERS = 65_535;

/**
 * Several INSERT/UPDATE/DELETE statements sent as one: `WITH s0 AS (…), s1 AS (…) SELECT 1`, one
 * round trip, atomic on its own. All parts see the same snapshot (none sees another's rows), so only
 * independent writes belong together — at most one write per row, no part reading what another writes.
 */
export class SqlBatch {
  private readonly parts: string[] = [];
  private readonly params: unknown[] = [];

  /** Adds a statement written with its own $1…$n; they are renumbered after the ones already added. */
  add(sql: string, params: unknown[] = []): this {
    const base = this.params.length;
    this.params.push(...params);
    this.parts.push(base === 0 ? sql : sql.replace(/\$(\d+)/g, (_, n) => `$${base + Number(n)}`));
    return this;
  }

  /** How many parameters the statement binds so far. */
  get paramCount(): number {
    return this.params.length;
  }

  /** Adds every statement of `other` (renumbered after the ones already added). */
  append(other: SqlBatch): this {
    const base = this.params.length;
    this.params.push(...other.params);
    for (const p of other.parts) this.parts.push(base === 0 ? p : p.replace(/\$(\d+)/g, (_, n) => `$${base + Number(n)}`));
    return this;
  }

  /** `prepare: false` for a one-off shape (a bulk write of many rows): nothing to reuse, so nothing kept on the connection. */
  async run(q: DataSource | EntityManager, o: { prepare?: boolean } = {}): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.length === 1 ? this.parts[0] : `WITH ${this.parts.map((p, i) => `s${i} AS (${p})`).join(',\n')}\nSELECT 1`;
    // Prepared: an action always builds the same statement shape, so PostgreSQL plans it once per connection.
    if (o.prepare === false) await q.query(text, this.params);
    else await preparedQuery(q, text, this.params);
  }
}
