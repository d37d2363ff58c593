import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ensureKafka, ensureTopics, KafkaHandle, portAccepts } from '../src/kafka';
import { InfraError } from '../src/infra-error';

import { freePortBlock } from '@mainline/test-support';

// A private broker on free ports of its own, so killing it cannot disturb the shared one on 9092
// (nor collide with another run's private broker).
let PORT: number;
let CONTROLLER_PORT: number;

describe('ensureKafka (real broker)', () => {
  let dataDir: string;
  let handle: KafkaHandle;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mainline-kafka-'));
    PORT = await freePortBlock(2);
    CONTROLLER_PORT = PORT + 1;
    handle = await ensureKafka({ dataDir, port: PORT, controllerPort: CONTROLLER_PORT });
  }, 120_000);

  afterAll(async () => {
    await handle?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts its own broker when nothing answers on the port', () => {
    expect(handle.started).toBe(true);
    expect(handle.brokers).toEqual([`127.0.0.1:${PORT}`]);
    expect(fs.readFileSync(path.join(dataDir, 'server.properties'), 'utf8')).toContain(`listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}`);
  });

  it('reuses a broker that already answers instead of starting a second one', async () => {
    const again = await ensureKafka({ dataDir: path.join(dataDir, 'unused'), port: PORT, controllerPort: CONTROLLER_PORT });
    expect(again.started).toBe(false);
    expect(again.brokers).toEqual(handle.brokers);
    expect(fs.existsSync(path.join(dataDir, 'unused'))).toBe(false);
  });

  it('creates topics once with the requested partitions and configs, then leaves them alone', async () => {
    const specs = [
      { topic: 'it.notices', numPartitions: 3, retentionMs: 3_600_000 },
      { topic: 'it.compacted', numPartitions: 1, cleanupPolicy: 'compact' as const },
    ];
    await ensureTopics(handle.brokers, specs);
    await ensureTopics(handle.brokers, specs); // idempotent: no TOPIC_ALREADY_EXISTS

    const admin = new Kafka({ brokers: handle.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: ['it.notices', 'it.compacted'] });
      const partitions = Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]));
      expect(partitions).toEqual({ 'it.notices': 3, 'it.compacted': 1 });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: 2 /* TOPIC */, name: 'it.notices', configNames: ['retention.ms'] },
          { type: 2, name: 'it.compacted', configNames: ['cleanup.policy'] },
        ],
      });
      const value = (name: string, key: string) => configs.resources.find((r) => r.resourceName === name)
        ?.configEntries.find((c) => c.configName === key)?.configValue;
      expect(value('it.notices', 'retention.ms')).toBe('3600000');
      expect(value('it.compacted', 'cleanup.policy')).toBe('compact');
    } finally {
      await admin.disconnect();
    }
  });

  it('carries a message with key, value and headers from producer to consumer', async () => {
    await ensureTopics(handle.brokers, [{ topic: 'it.roundtrip', numPartitions: 2 }]);
    const kafka = new Kafka({ clientId: 'infra-it', brokers: handle.brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true });
    const consumer = kafka.consumer({ groupId: `infra-it-${process.pid}` });
    await producer.connect();
    await consumer.connect();
    try {
      await producer.send({
        topic: 'it.roundtrip',
        messages: [{ key: 'outage-42', value: JSON.stringify({ area: '东区', people: 5200 }), headers: { 'event-type': 'OutageAnnounced' } }],
      });
      await consumer.subscribe({ topic: 'it.roundtrip', fromBeginning: true });
      const received = await new Promise<{ key: string; value: string; eventType: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve({
              key: message.key!.toString(),
              value: message.value!.toString(),
              eventType: message.headers!['event-type']!.toString(),
            });
          },
        });
      });
      expect(received).toEqual({ key: 'outage-42', value: '{"area":"东区","people":5200}', eventType: 'OutageAnnounced' });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  }, 60_000);

  it('stop() ends the broker: the port no longer accepts, and a second stop() is harmless', async () => {
    await handle.stop();
    expect(await portAccepts(PORT)).toBe(false);
    await handle.stop();
  }, 40_000);
});

describe('ensureKafka failures', () => {
  it('refuses a port held by something that is not Kafka', async () => {
    const server = net.createServer((s) => s.on('error', () => undefined)).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      await expect(ensureKafka({ dataDir: path.join(os.tmpdir(), 'never-used'), port, controllerPort: port + 1 }))
        .rejects.toMatchObject({ code: 'PORT_IN_USE' });
    } finally {
      server.close();
    }
  }, 20_000);

  it('reports KAFKA_BROKERS that never answer as UNREACHABLE, naming them', async () => {
    const err = await ensureKafka({ brokers: ['127.0.0.1:1'], dataDir: 'unused', readyTimeoutMs: 1000 }).catch((e) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect(err.code).toBe('UNREACHABLE');
    expect(err.message).toContain('127.0.0.1:1');
  }, 20_000);
});
