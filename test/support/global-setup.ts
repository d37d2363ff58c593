// Jest global setup for the integration and e2e tiers: the real PostgreSQL and Kafka, started the
// same way `npm start` does; fresh test databases and per-run topics, so runs never see each other.
import path from 'node:path';
import { createTopics, ROOT, startInfra } from '@mainline/infra';
import { ensureDatabases } from '@mainline/infra';

import { DB_PLACEHOLDER } from './env';

export const TEST_DBS = ['tickets', 'network', 'notify', 'common'].map((s) => `mainline_test_${s}`);

export default async function globalSetup(): Promise<void> {
  if (process.env.MAINLINE_TEST_INFRA === 'ready') return; // a second project in the same run
  const log = (m: string) => process.stderr.write(`[test-infra] ${m}\n`);
  const infra = await startInfra({
    databaseUrl: process.env.DATABASE_URL || undefined,
    kafkaBrokers: process.env.KAFKA_BROKERS ? process.env.KAFKA_BROKERS.split(',') : undefined,
    dataDir: path.join(ROOT, '.data'),
    log,
  });
  const prefix = `test-${Date.now().toString(36)}.`;
  try {
    await ensureDatabases(infra.pg, TEST_DBS, { recreate: true });
    await createTopics(infra.kafka.brokers, prefix);
  } catch (e) {
    await infra.stop(); // do not leave a broker behind when the setup fails
    throw e;
  }
  process.env.MAINLINE_TEST_INFRA = 'ready';
  process.env.TEST_PG_ADMIN_URL = infra.pg.adminUrl;
  process.env.TEST_DB_URL_TEMPLATE = infra.pg.urlFor(DB_PLACEHOLDER);
  process.env.TEST_KAFKA_BROKERS = infra.kafka.brokers.join(',');
  process.env.TEST_TOPIC_PREFIX = prefix;
  (globalThis as any).__MAINLINE_INFRA__ = infra;
}
