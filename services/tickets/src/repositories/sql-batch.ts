import { preparedQuery } from '@mainline/common';
import type { DataSource, EntityManager } from 'typeorm';

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

  async run(q: DataSource | EntityManager): Promise<void> {
    if (this.parts.length === 0) return;
    // Prepared: an action always builds the same statement shape, so PostgreSQL plans it once per connection.
    if (this.parts.length === 1) {
      await preparedQuery(q, this.parts[0], this.params);
      return;
    }
    await preparedQuery(q, `WITH ${this.parts.map((p, i) => `s${i} AS (${p})`).join(',\n')}\nSELECT 1`, this.params);
  }
}
