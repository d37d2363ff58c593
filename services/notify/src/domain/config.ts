// Every rule figure is configuration with a docs/domain.md default (docs/conventions.md: no magic numbers in code).
import { invalidInput } from '@mainline/common/domain';
import type { Locale, Recipient } from './notice';
import type { TemplateOverrides } from './templates';

export interface NotifyConfig {
  /** The utility's name as it signs public notices. */
  utilityName: string;
  /** IANA zone the public reads times in. */
  timeZone: string;
  /** Service hotline printed in every notice. */
  hotline: string;
  /** Carrier-registered SMS signature, without the 【】 brackets. */
  smsSignature: string;
  /** Short-link prefix; the notice's short code is appended (keep it short: it counts against the 70-char SMS). */
  noticeBaseUrl: string;
  /** Important users are told at least this many hours before a planned start (docs/domain.md: 24). */
  leadHours: number;
  /** Planned outages are announced publicly at least this many hours ahead (docs/domain.md: 24). */
  publicLeadHours: number;
  /** Reminders this many hours before the start. */
  reminderHours: number[];
  /** Recipients per direct notice. */
  smsBatchSize: number;
  /** SMS length: preferred and hard maximum number of segments. */
  smsPreferredSegments: number;
  smsMaxSegments: number;
  /** Locales of published notices (WeChat, website, news site, posters), first is primary. */
  locales: Locale[];
  /** Locale of direct notices (SMS, call lists): the phones are local. */
  directLocale: Locale;
  /** Production department and duty leadership, phoned for big planned outages. */
  internalContacts: Recipient[];
  /** The city administration bureau's responsible section, told of big emergency outages. */
  regulatorContacts: Recipient[];
  /** CloudEvents `source` attribute. */
  eventSource: string;
  /** Supervisor-edited templates, validated with validateTemplate before saving. */
  templates: TemplateOverrides;
}

export const DEFAULT_NOTIFY_CONFIG: NotifyConfig = {
  utilityName: '云城水务',
  timeZone: 'Asia/Shanghai',
  hotline: '96116',
  smsSignature: '云城水务',
  noticeBaseUrl: 'ycsw.cn/n/',
  leadHours: 24,
  publicLeadHours: 24,
  reminderHours: [24, 2],
  smsBatchSize: 1000,
  smsPreferredSegments: 1,
  smsMaxSegments: 2,
  locales: ['zh-CN', 'en'],
  directLocale: 'zh-CN',
  internalContacts: [],
  regulatorContacts: [],
  eventSource: '/mainline/notify',
  templates: {},
};

/** Defaults merged with overrides, checked once so the composer can trust it. */
export function notifyConfig(overrides: Partial<NotifyConfig> = {}): NotifyConfig {
  const cfg: NotifyConfig = { ...DEFAULT_NOTIFY_CONFIG, ...overrides };
  try {
    new Intl.DateTimeFormat('en', { timeZone: cfg.timeZone });
  } catch {
    throw invalidInput(`config.timeZone "${cfg.timeZone}" is not an IANA time zone`, { field: 'timeZone' });
  }
  const positive: Array<keyof NotifyConfig> = ['smsBatchSize', 'smsPreferredSegments', 'smsMaxSegments'];
  for (const f of positive) {
    const v = cfg[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw invalidInput(`config.${f} must be a positive integer, got ${String(v)}`, { field: f });
    }
  }
  for (const f of ['leadHours', 'publicLeadHours'] as const) {
    if (!Number.isFinite(cfg[f]) || cfg[f] < 0) throw invalidInput(`config.${f} must be >= 0, got ${cfg[f]}`, { field: f });
  }
  cfg.reminderHours.forEach((h, i) => {
    if (!Number.isFinite(h) || h <= 0) throw invalidInput(`config.reminderHours[${i}] must be > 0, got ${h}`, { field: `reminderHours[${i}]` });
  });
  if (cfg.smsMaxSegments < cfg.smsPreferredSegments) {
    throw invalidInput('config.smsMaxSegments must be >= smsPreferredSegments', { field: 'smsMaxSegments' });
  }
  if (cfg.locales.length === 0) throw invalidInput('config.locales must name at least one locale', { field: 'locales' });
  if (!cfg.smsSignature || /[【】]/.test(cfg.smsSignature)) {
    throw invalidInput('config.smsSignature must be the bare name, without 【】', { field: 'smsSignature' });
  }
  return cfg;
}
