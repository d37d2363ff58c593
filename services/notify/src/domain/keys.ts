// Stable notice ids: recomputing a plan for the same content yields the same keys, so the outbox dedupes.
import { createHash } from 'node:crypto';
import type { Audience, Channel, Locale, NoticeKind } from './notice';

export interface NoticeKeyInput {
  outageId: string;
  kind: NoticeKind;
  audience: Audience;
  channel: Channel;
  locale: Locale;
  /** Phones of a direct notice's batch (order does not matter); omitted for published channels. */
  recipientPhones?: readonly string[] | null;
  /** Content version: the announced times and area for OUTAGE/REMINDER/UPDATE, "final" otherwise. */
  version: string;
  reminderHoursBefore?: number | null;
}

/** 32 hex chars (128 bits of SHA-256). */
export function noticeKey(k: NoticeKeyInput): string {
  const phones = k.recipientPhones ? [...k.recipientPhones].sort() : null;
  const material = JSON.stringify([k.outageId, k.kind, k.audience, k.channel, k.locale, phones, k.version, k.reminderHoursBefore ?? null]);
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}

/** Content version of an outage's schedule: changes when times or the area list change. */
export function scheduleVersion(startsAt: string, endsAt: string, areaNames: readonly string[]): string {
  const material = JSON.stringify([new Date(startsAt).toISOString(), new Date(endsAt).toISOString(), [...areaNames].sort()]);
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHORT_CODE_LENGTH = 8;

/** 8 base62 chars (~47 bits) derived from a notice key, for the short link an SMS carries. */
export function shortCode(key: string): string {
  let n = BigInt('0x' + createHash('sha256').update(key).digest('hex').slice(0, 16));
  let out = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) {
    out += BASE62[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}
