// The only module that imports kafkajs (in maintenance mode): swap the client here and nowhere else.
import { Kafka, logLevel, Producer, Consumer, Admin, CompressionTypes, IHeaders } from 'kafkajs';
import type { Logger } from './logger';

export interface BusMessage {
  key: string | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

export interface ReceivedMessage extends BusMessage {
  topic: string;
  partition: number;
  offset: string;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface MessageBus {
  /** Idempotent, acks=all send; resolves when the broker has the batch. */
  send(topic: string, messages: BusMessage[]): Promise<void>;
  /**
   * Starts a consumer group; `handler` is called per message in partition order; a throw retries the message.
   * `concurrency`: partitions handled at once (default 1); messages of one partition stay one at a time, in order.
   */
  subscribe(groupId: string, topics: string[], handler: (m: ReceivedMessage) => Promise<void>, o?: { fromBeginning?: boolean; concurrency?: number }): Promise<void>;
  /** Resolves when the cluster answers (used by /readyz). */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function toHeaders(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? String(v[0]) : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

export function createKafkaBus(o: { brokers: string[]; clientId: string; log: Logger }): MessageBus {
  const log = o.log.child({ component: 'kafka' });
  const kafka = new Kafka({
    clientId: o.clientId,
    brokers: o.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5000 },
    logLevel: logLevel.NOTHING,
  });
  let producer: Producer | null = null;
  let producerReady: Promise<Producer> | null = null;
  let admin: Admin | null = null;
  const consumers: Consumer[] = [];
  let closing = false;

  async function getProducer(): Promise<Producer> {
    if (producer) return producer;
    if (!producerReady) {
      const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      producerReady = p
        .connect()
        .then(() => {
          producer = p;
          p.on(p.events.DISCONNECT, () => {
            producer = null;
            producerReady = null;
          });
          return p;
        })
        .catch((e) => {
          producerReady = null;
          throw e;
        });
    }
    return producerReady;
  }

  return {
    async send(topic, messages) {
      if (messages.length === 0) return;
      const p = await getProducer();
      try {
        await p.send({
          topic,
          acks: -1,
          compression: CompressionTypes.None,
          messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        });
      } catch (e) {
        // A broken connection leaves kafkajs' producer unusable; start afresh on the next send.
        producer = null;
        producerReady = null;
        await p.disconnect().catch(() => undefined);
        throw e;
      }
    },

    async subscribe(groupId, topics, handler, so) {
      const start = async (): Promise<void> => {
        // A short session lets a restarted service take its partitions back in seconds, not half a minute.
        const c = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10000, heartbeatInterval: 1000, rebalanceTimeout: 15000, retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 5000 } });
        consumers.push(c);
        c.on(c.events.CRASH, (ev) => {
          const restart = (ev.payload as { restart?: boolean }).restart;
          log.warn({ groupId, err: String(ev.payload.error), restart }, 'consumer crashed');
          if (!restart && !closing) {
            // kafkajs gives up on non-retriable errors; keep the service alive and try again later.
            const i = consumers.indexOf(c);
            if (i >= 0) consumers.splice(i, 1);
            setTimeout(() => {
              if (!closing) void start().catch((err) => log.error({ err: String(err) }, 'consumer restart failed'));
            }, 5000).unref();
          }
        });
        await c.connect();
        for (const t of topics) await c.subscribe({ topic: t, fromBeginning: so?.fromBeginning ?? true });
        await c.run({
          partitionsConsumedConcurrently: so?.concurrency ?? 1,
          eachMessage: async ({ topic, partition, message }) => {
            await handler({
              topic,
              partition,
              offset: message.offset,
              key: message.key ? message.key.toString('utf8') : null,
              value: message.value,
              headers: toHeaders(message.headers),
            });
          },
        });
      };
      await start();
    },

    async ping(timeoutMs = 2000) {
      if (!admin) {
        admin = kafka.admin({ retry: { retries: 0 } });
      }
      const a = admin;
      const attempt = (async () => {
        await a.connect();
        await a.describeCluster();
      })();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          attempt,
          new Promise((_, rej) => {
            timer = setTimeout(() => rej(new Error(`kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } catch (e) {
        admin = null;
        attempt.catch(() => undefined);
        await a.disconnect().catch(() => undefined);
        throw e;
      } finally {
        if (timer) clearTimeout(timer);
      }
    },

    async close() {
      closing = true;
      await Promise.allSettled(consumers.map((c) => c.disconnect()));
      if (producer) await producer.disconnect().catch(() => undefined);
      if (admin) await admin.disconnect().catch(() => undefined);
    },
  };
}
