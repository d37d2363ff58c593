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
const validateRecipients = ajv.getSchema(`${schema.$id}#/properties/recipients`)!;
const NOTICE_ID = new RegExp(schema.properties.noticeId.pattern);

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
  return binaryMessage(notice, data, cfg.eventSource, time);
}

/**
 * toKafkaMessage for a whole plan. The schema is checked in full once per group of drafts that differ only
 * in id and recipients (a group's batches share everything else), and every draft's id and recipients on
 * their own: the same answer as checking each draft. The group's part of the value is serialised once too:
 * together a fraction of the cost for 2,000 one-recipient notices.
 */
export function toKafkaMessages(drafts: readonly NoticeDraft[], cfg: Pick<NotifyConfig, 'eventSource'>): NoticeKafkaMessage[] {
  // Per area (shared by reference) and content signature: the group's value between id and recipients, checked once.
  const groups = new Map<unknown, Map<string, { middle: string; time: string }>>();
  return drafts.map((d) => {
    const signature = [d.utility, d.kind, d.audience, d.channel, d.locale, d.title, d.text, d.startsAt, d.endsAt, d.sendAt, d.url, d.outageId].join('\u0000');
    let byContent = groups.get(d.area);
    if (!byContent) groups.set(d.area, (byContent = new Map()));
    let group = byContent.get(signature);
    if (!group) {
      const data = noticeData(d);
      assertNoticeData(data);
      const { noticeId: _id, recipients: _r, ...rest } = data;
      group = { middle: JSON.stringify(rest).slice(1, -1), time: new Date(d.sendAt).toISOString() };
      byContent.set(signature, group);
    } else if (!NOTICE_ID.test(d.noticeKey) || (DIRECT_CHANNELS.has(d.channel) && !validateRecipients(d.recipients))) {
      assertNoticeData(noticeData(d)); // throws, naming what is wrong
    }
    // Byte for byte JSON.stringify(noticeData(d)): noticeId comes first and recipients last (see noticeData).
    const recipients = DIRECT_CHANNELS.has(d.channel) ? `,"recipients":${JSON.stringify(d.recipients)}` : '';
    const value = `{"noticeId":${JSON.stringify(d.noticeKey)},${group.middle}${recipients}}`;
    return { key: d.outageId, value, headers: binaryHeaders(d, cfg.eventSource, group.time) };
  });
}

/**
 * CloudEvents binary mode, as the SDK's Kafka.binary writes it (cloudevent.test compares the two). Built by
 * hand: the SDK validates its attributes on every construction, a third of the CPU of composing a big plan.
 */
function binaryMessage(notice: NoticeDraft, data: OutageNoticeData, source: string, time: string): NoticeKafkaMessage {
  return { key: notice.outageId, value: JSON.stringify(data), headers: binaryHeaders(notice, source, new Date(time).toISOString()) };
}

function binaryHeaders(notice: NoticeDraft, source: string, isoTime: string): Record<string, string> {
  return {
    'content-type': NOTICE_CONTENT_TYPE, ce_id: notice.noticeKey, ce_time: isoTime, ce_type: NOTICE_EVENT_TYPE,
    ce_source: source, ce_specversion: '1.0', ce_subject: notice.outageId, ce_datacontenttype: NOTICE_CONTENT_TYPE,
  };
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
