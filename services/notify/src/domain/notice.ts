// The vocabulary of notices: what is said (kind), to whom (audience), how (channel), in which language.
import type { Feature, UtilityKind } from '@mainline/common/domain';

export type NoticeKind = 'OUTAGE' | 'REMINDER' | 'UPDATE' | 'RESTORATION' | 'CANCELLATION';
export const NOTICE_KINDS: readonly NoticeKind[] = ['OUTAGE', 'REMINDER', 'UPDATE', 'RESTORATION', 'CANCELLATION'];

export type Audience = 'PUBLIC' | 'IMPORTANT_USER' | 'RESIDENT' | 'REGULATOR' | 'INTERNAL' | 'SITE_POSTER';
export const AUDIENCES: readonly Audience[] = ['PUBLIC', 'IMPORTANT_USER', 'RESIDENT', 'REGULATOR', 'INTERNAL', 'SITE_POSTER'];

/** PHONE_LIST: a call list the call center works through; PRINT: posters put up on site. */
export type Channel = 'WECHAT' | 'WEBSITE' | 'NEWS_SITE' | 'SMS' | 'PHONE_LIST' | 'PRINT';
export const CHANNELS: readonly Channel[] = ['WECHAT', 'WEBSITE', 'NEWS_SITE', 'SMS', 'PHONE_LIST', 'PRINT'];

/** Channels that reach named people, so the notice carries recipients. */
export const DIRECT_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['SMS', 'PHONE_LIST']);

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Which channels make sense for which audience (everything else has no template). */
export const AUDIENCE_CHANNELS: Readonly<Record<Audience, readonly Channel[]>> = {
  PUBLIC: ['WECHAT', 'WEBSITE', 'NEWS_SITE'],
  SITE_POSTER: ['PRINT'],
  IMPORTANT_USER: ['SMS', 'PHONE_LIST'],
  RESIDENT: ['SMS'],
  REGULATOR: ['PHONE_LIST'],
  INTERNAL: ['PHONE_LIST'],
};

/** Chinese labels of water's notices for dashboards; the title of each notice comes from its template (per utility kind: wording.ts). */
export const NOTICE_KIND_LABELS: Readonly<Record<NoticeKind, { 'zh-CN': string; en: string }>> = {
  OUTAGE: { 'zh-CN': '停水通知', en: 'Water Outage Notice' },
  REMINDER: { 'zh-CN': '停水提醒', en: 'Water Outage Reminder' },
  UPDATE: { 'zh-CN': '停水时间变更通知', en: 'Water Outage Schedule Change' },
  RESTORATION: { 'zh-CN': '恢复供水通知', en: 'Water Supply Restored' },
  CANCELLATION: { 'zh-CN': '取消停水通知', en: 'Water Outage Cancelled' },
};

export interface Recipient {
  id: string;
  name?: string;
  phone: string;
}

/** Which notice this is: its kind, who it is for, how it goes out, in which language. */
export interface NoticeAddress {
  kind: NoticeKind;
  audience: Audience;
  channel: Channel;
  locale: Locale;
}

/** What every notice says, whoever it is for: the draft the planner makes and the CloudEvent data share it. */
export interface NoticeContent extends NoticeAddress {
  outageId: string;
  title: string;
  text: string;
  area: Feature | null;
  startsAt: string;
  endsAt: string;
}

export interface NoticeDraft extends NoticeContent {
  /** The outage's utility kind (the CloudEvent data carries it for HEAT and GAS; absent there means WATER). */
  utility: UtilityKind;
  /** Stable id: same outage + kind + audience + channel + locale + recipients + content version → same key. */
  noticeKey: string;
  /** Direct channels only (SMS, PHONE_LIST); empty for published channels. */
  recipients: Recipient[];
  /** When it should go out (ISO); the outbox holds it until then. */
  sendAt: string;
  /** For REMINDER: hours before the start it is sent; otherwise null. */
  reminderHoursBefore: number | null;
  /** Direct notices are split into batches of cfg.smsBatchSize recipients. */
  batch: { index: number; count: number } | null;
  /** Public link to the full notice (the WEBSITE notice this one refers to). */
  url: string;
}
