import { Kafka, logLevel } from 'kafkajs';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as any).__MAINLINE_INFRA__;
  if (!infra) return;
  (globalThis as any).__MAINLINE_INFRA__ = undefined;
  // Drop this run's topics so the broker does not collect them across runs.
  const prefix = process.env.TEST_TOPIC_PREFIX;
  if (prefix) {
    const admin = new Kafka({ brokers: infra.kafka.brokers, logLevel: logLevel.NOTHING }).admin();
    try {
      await admin.connect();
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      if (mine.length) await admin.deleteTopics({ topics: mine });
    } catch {
      /* best effort */
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  await infra.stop();
}
