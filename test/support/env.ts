// What the global setup prepared, for integration and e2e tests.
import type { PgHandle } from '@mainline/infra';

export const DB_PLACEHOLDER = 'mainline_db_placeholder';
export function testDbUrl(name: string): string {
  const t = process.env.TEST_DB_URL_TEMPLATE;
  if (!t) throw new Error('TEST_DB_URL_TEMPLATE is not set: run through jest (global setup)');
  return t.replace(DB_PLACEHOLDER, name);
}
export const testBrokers = (): string[] => (process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const testTopicPrefix = (): string => process.env.TEST_TOPIC_PREFIX ?? 'test.';

/** The global setup's PostgreSQL server; stop() does nothing (global teardown owns it). */
export function testPg(): PgHandle {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_PG_ADMIN_URL is not set: run through jest (global setup)');
  return { adminUrl, kind: 'env', urlFor: testDbUrl, stop: async () => undefined };
}
