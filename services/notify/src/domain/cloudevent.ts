// Notices on Kafka as CloudEvents in binary mode: attributes in ce_* headers, the JSON data as the value.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import schema from '../../schema/outage-notice.v1.schema.json';
import type { NotifyConfig } from './config';
import { DEFAULT_UTILITY, invalidInput, type UtilityKind } from '@mainline/common/domain';
import { DIRECT_CHANNELS, type NoticeContent, type NoticeDraft, type Recipient } from './notice';

export const NOTICE_EVENT_TYPE = 'mainline.outage.notice.v1';
const NOTICE_CONTENT_TYPE = 'application/json';

/** The CloudEvent data; outage-notice.v1.schema.json describes the same shape. */
export interface OutageNoticeData extends NoticeContent {
  noticeId: string;
  /** HEAT or GAS; absent for water, so water's messages are what they always were (as in the outage events). */
  utility?: UtilityKind;
  sendAt?: string;
  url?: string;
  /** Direct channels only. */
  recipients?: Recipient[];
}

/** What kafkajs' producer.send accepts per message. */
export interface NoticeKafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** What kafkajs' consumer hands over (headers arrive as Buffers). */
export interface IncomingKafkaMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | Array<Buffer | string> | undefined>;
}

// strictRequired misreads the if/then `required` lists, which name properties defined at the top level.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile<OutageNoticeData>(schema);

/** Checks data against outage-notice.v1.schema.json; INVALID_INPUT lists every violation with its path. */
export function assertNoticeData(data: unknown): asserts data is OutageNoticeData {
  if (validate(data)) return;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  throw invalidInput(`outage notice data does not match ${NOTICE_EVENT_TYPE}: ${problems.join('; ')}`, { problems });
}

export function noticeData(n: NoticeDraft): OutageNoticeData {
  const data: OutageNoticeData = {
    noticeId: n.noticeKey, outageId: n.outageId, ...(n.utility !== DEFAULT_UTILITY ? { utility: n.utility } : {}), kind: n.kind, audience: n.audience, channel: n.channel, locale: n.locale,
    title: n.title, text: n.text, area: n.area, startsAt: n.startsAt, endsAt: n.endsAt, sendAt: n.sendAt, url: n.url,
  };
  if (DIRECT_CHANNELS.has(n.channel)) data.recipients = n.recipients;
  return data;
}

/**
 * The Kafka message for a notice. ce_id is the notice key and ce_time defaults to its sendAt, so a resend
 * is byte-identical and consumers can dedupe on ce_id.
 */
export function toKafkaMessage(notice: NoticeDraft, cfg: Pick<NotifyConfig, 'eventSource'>, time: string = notice.sendAt): NoticeKafkaMessage {
  const data = noticeData(notice);
  assertNoticeData(data);
  const ce = new CloudEvent<OutageNoticeData>({
    id: notice.noticeKey,
    type: NOTICE_EVENT_TYPE,
    source: cfg.eventSource,
    subject: notice.outageId,
    time: new Date(time).toISOString(),
    datacontenttype: NOTICE_CONTENT_TYPE,
    data,
  });
  const msg = Kafka.binary(ce);
  // The SDK emits undefined optional attributes as headers, which kafkajs cannot encode; keep only set ones.
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(msg.headers)) if (v !== undefined && v !== null) headers[k] = String(v);
  return { key: notice.outageId, value: JSON.stringify(msg.value), headers };
}

export interface ParsedNotice {
  id: string;
  type: string;
  source: string;
  subject: string | undefined;
  time: string | undefined;
  data: OutageNoticeData;
}

/** Parses a notice message back (notice-sink, tests); INVALID_INPUT for another event type or bad data. */
export function fromKafkaMessage(msg: IncomingKafkaMessage): ParsedNotice {
  if (msg.value === null || msg.value === undefined) throw invalidInput('Kafka message has no value', { field: 'value' });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(msg.headers ?? {})) {
    const one = Array.isArray(v) ? v[0] : v;
    if (one !== undefined && one !== null) headers[k.toLowerCase()] = Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  }
  if (headers.ce_type !== NOTICE_EVENT_TYPE) {
    throw invalidInput(`expected a ${NOTICE_EVENT_TYPE} event, got ce_type ${JSON.stringify(headers.ce_type)}`, { field: 'ce_type' });
  }
  let ce: CloudEvent<unknown>;
  try {
    const kafkaMessage: KafkaMessage<string> = {
      key: Buffer.isBuffer(msg.key) ? msg.key.toString('utf8') : (msg.key ?? ''),
      value: Buffer.isBuffer(msg.value) ? msg.value.toString('utf8') : msg.value,
      headers,
      body: undefined,
    };
    ce = Kafka.toEvent(kafkaMessage) as CloudEvent<unknown>;
  } catch (e) {
    throw invalidInput(`not a valid CloudEvent: ${(e as Error).message}`, { field: 'headers' });
  }
  const data = ce.data;
  assertNoticeData(data);
  if (data.noticeId !== ce.id) throw invalidInput(`ce_id ${ce.id} differs from data.noticeId ${data.noticeId}`, { field: 'ce_id' });
  return { id: ce.id, type: ce.type, source: ce.source, subject: ce.subject, time: ce.time, data };
}
