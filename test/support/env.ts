// What the global setup prepared, for integration and e2e tests.
export const DB_PLACEHOLDER = 'mainline_db_placeholder';
export function testDbUrl(name: string): string {
  const t = process.env.TEST_DB_URL_TEMPLATE;
  if (!t) throw new Error('TEST_DB_URL_TEMPLATE is not set: run through jest (global setup)');
  return t.replace(DB_PLACEHOLDER, name);
}
export const testBrokers = (): string[] => (process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const testTopicPrefix = (): string => process.env.TEST_TOPIC_PREFIX ?? 'test.';
