// Test support (not shipped): reads a topic with its own consumer group and keeps every raw message,
// so tests can count by ce_id (duplicates included) and validate each one.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import schema from '../../schema/outage-notice.v1.schema.json';

export interface RawNotice {
  key: string | null;
  headers: Record<string, string>;
  value: string;
  data: any;
  partition: number;
  offset: string;
  /** Date.now() when this consumer got it (benchmarks). */
  receivedAt: number;
  /** The value as received, kept with `keepBodies: 'raw'` so a benchmark can check it after the clock stops. */
  raw?: Buffer | null;
}

/** The published JSON Schema, compiled independently of the service's own validator. */
export function noticeSchemaValidator(): (data: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));
}

export class NoticeCollector {
  readonly messages: RawNotice[] = [];
  private readonly byKey = new Map<string | null, RawNotice[]>();
  private consumer: Consumer;

  private constructor(brokers: string[], topic: string) {
    const kafka = new Kafka({ clientId: 'notify-test-collector', brokers, logLevel: logLevel.NOTHING, retry: { retries: 100, initialRetryTime: 300, maxRetryTime: 3000 } });
    this.consumer = kafka.consumer({ groupId: `collector-${topic}-${process.pid}-${Date.now()}`, retry: { retries: 100, initialRetryTime: 300, maxRetryTime: 3000 } });
  }

  /**
   * `keepBodies: false` drops value and data (benchmarks with tens of thousands of notices); `'raw'` keeps only
   * the undecoded value, so decoding does not load what a benchmark times.
   */
  static async start(brokers: string[], topic: string, o: { keepBodies?: boolean | 'raw' } = {}): Promise<NoticeCollector> {
    const keep = (o.keepBodies ?? true) === true;
    const raw = o.keepBodies === 'raw';
    const c = new NoticeCollector(brokers, topic);
    await c.consumer.connect();
    await c.consumer.subscribe({ topic, fromBeginning: true });
    await c.consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = Array.isArray(v) ? String(v[0]) : v.toString();
        const receivedAt = Date.now();
        const value = keep ? message.value?.toString('utf8') ?? '' : '';
        let data: any = null;
        if (keep) try { data = JSON.parse(value); } catch { /* kept as is; the test fails on it */ }
        const m: RawNotice = { key: message.key?.toString('utf8') ?? null, headers, value, data, partition, offset: message.offset, receivedAt, ...(raw ? { raw: message.value } : {}) };
        c.messages.push(m);
        (c.byKey.get(m.key) ?? c.byKey.set(m.key, []).get(m.key)!).push(m);
      },
    });
    return c;
  }

  forOutage(outageId: string): RawNotice[] {
    return [...(this.byKey.get(outageId) ?? [])];
  }

  /** How many messages carry key `outageId` so far (cheap enough to poll every few ms). */
  countFor(outageId: string): number {
    return this.byKey.get(outageId)?.length ?? 0;
  }

  uniqueIds(outageId?: string): Set<string> {
    return new Set((outageId ? this.forOutage(outageId) : this.messages).map((m) => m.headers.ce_id));
  }

  /** Resolves when `ready()` holds; fails after `timeoutMs` with `what` and the count so far. */
  async waitFor(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const t0 = Date.now();
    while (!ready()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${this.messages.length} messages so far)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
