// Counting the SQL statements a request sends: the integration tests of every subgraph use it to show
// that list fields are read in batches (one statement per field for a page, not one per row).
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Counts the SQL statements sent on `ds`'s pool while `run` runs (every client handed out is wrapped
 * once; pool.query and the query runner both go through a client), with their texts.
 */
export function sqlCounter(ds: DataSource) {
  const pool = (ds.driver as unknown as { master: Pool }).master;
  const seen = new WeakSet<object>();
  let texts: string[] | null = null;
  pool.on('acquire', (client: PoolClient) => {
    if (seen.has(client)) return;
    seen.add(client);
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
      const q = a[0] as string | { text: string };
      texts?.push(typeof q === 'string' ? q : q.text);
      return query(...a);
    };
  });
  return {
    async count<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
      texts = [];
      try {
        const result = await run();
        return { result, statements: texts };
      } finally {
        texts = null;
      }
    },
  };
}

