// Every rule figure is configuration with a docs/domain.md default (docs/conventions.md: no magic numbers in code).
import { invalidInput, UTILITY_KINDS, type HeatingSeason, type UtilityKind } from '@mainline/common/domain';
import type { Locale, Recipient } from './notice';
import type { TemplateOverrides } from './templates';
import { HEAT_STOP_WORDS, type HeatStopWord } from './wording';

/**
 * Which large outages (the network's requiresRegulatorApproval, or "about" the threshold: largeOutageMargin) an
 * authority hears of from notify: EMERGENCY (planned ones it has approved before anything was announced), ALL, NONE.
 */
export type AuthorityLargeOutages = 'EMERGENCY' | 'ALL' | 'NONE';
export const AUTHORITY_LARGE_OUTAGES: readonly AuthorityLargeOutages[] = ['EMERGENCY', 'ALL', 'NONE'];

/** The authority a utility kind reports outages to (water: the city administration bureau). */
export interface AuthorityRule {
  /** Its name in notices (the REGULATOR call list title, the approval message). */
  name: Record<Locale, string>;
  /** Whom the call center phones. */
  contacts: Recipient[];
  large: AuthorityLargeOutages;
  /** Outages of a plant or source (event `source: PLANT`: treatment plant, booster station…) whatever their size. */
  plantSource: boolean;
  /** Every outage whose window overlaps the heating season (docs/domain.md "Heating utility"). */
  inHeatingSeason: boolean;
}

/** Rules of one utility kind's notices. */
export interface UtilityNoticeConfig {
  /** A planned outage is announced publicly at least this many hours ahead (emergencies: at once). */
  publicLeadHours: number;
  /** Important users are told at least this many hours before a planned start (at once if less remains). */
  importantLeadHours: number;
  authority: AuthorityRule;
  /** Production department and duty leadership of this kind; empty: the shared internalContacts. */
  internalContacts: Recipient[];
  /** Signature, name and hotline of this kind's notices; null: the shared ones. */
  utilityName: string | null;
  smsSignature: string | null;
  hotline: string | null;
}

/** A recurring season as month-day, both days inclusive, e.g. 11-15 to 03-19 (crossing the new year). */
export interface RecurringSeason {
  startsOn: string;
  endsOn: string;
}

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
  /** Production department and duty leadership, on the call center's phone list (shared by the kinds without their own). */
  internalContacts: Recipient[];
  /** Per utility kind: lead times, authority, own contacts and signature. */
  utilities: Record<UtilityKind, UtilityNoticeConfig>;
  /**
   * "About 5,000 or more" (达到5000人以上): an outage counts as large for the phone list and the authority when the
   * network decided requiresRegulatorApproval or its population reaches threshold × (1 − margin). 0: exactly the
   * threshold, which 以上 includes (the approval rule is "above").
   */
  largeOutageMargin: number;
  /** Important-user kinds (network ImportantKind) that put an outage on the phone list; '*' for every kind. */
  phoneListImportantKinds: string[] | '*';
  /** Emergencies get site posters and the news-site notice: ALL of them, or only LARGE ones. */
  emergencyPublicity: 'ALL' | 'LARGE';
  /** The word heat notices say: 停热 (default) or 停暖. */
  heatStopWord: HeatStopWord;
  /** The heating season when the tickets service never published one (docs/domain.md: 15 November to 19 March). */
  defaultHeatingSeason: RecurringSeason;
  /** CloudEvents `source` attribute. */
  eventSource: string;
  /** Supervisor-edited templates, validated with validateTemplate before saving (from the database at plan time). */
  templates: TemplateOverrides;
  /** Heating seasons the tickets service published (from the database at plan time); null: none ever received. */
  heatingSeasons: HeatingSeason[] | null;
}

const utilityDefaults = (zh: string, en: string, o: Partial<AuthorityRule> = {}): UtilityNoticeConfig => ({
  publicLeadHours: 24,
  importantLeadHours: 24,
  authority: { name: { 'zh-CN': zh, en }, contacts: [], large: 'EMERGENCY', plantSource: true, inHeatingSeason: false, ...o },
  internalContacts: [],
  utilityName: null,
  smsSignature: null,
  hotline: null,
});

/**
 * docs/domain.md: water and heat announce planned stops 24 h ahead (heat: none for sudden power or water loss or a
 * burst, i.e. emergencies), gas "as rules or contracts require" (24 h by default). Water's bureau approves big planned
 * outages first and is told of big emergencies; the heating authority hears of every stop in the season; the gas
 * authority of every large outage. A plant or source outage goes to the authority whatever its size.
 */
export const DEFAULT_UTILITY_NOTICE_CONFIG: Readonly<Record<UtilityKind, UtilityNoticeConfig>> = {
  WATER: utilityDefaults('城市管理局', 'city administration bureau'),
  HEAT: utilityDefaults('供热主管部门', 'heating authority', { inHeatingSeason: true }),
  GAS: utilityDefaults('燃气主管部门', 'gas authority', { large: 'ALL' }),
};

export const DEFAULT_NOTIFY_CONFIG: NotifyConfig = {
  utilityName: '云城水务',
  timeZone: 'Asia/Shanghai',
  hotline: '96116',
  smsSignature: '云城水务',
  noticeBaseUrl: 'ycsw.cn/n/',
  reminderHours: [24, 2],
  smsBatchSize: 1000,
  smsPreferredSegments: 1,
  smsMaxSegments: 2,
  locales: ['zh-CN', 'en'],
  directLocale: 'zh-CN',
  internalContacts: [],
  utilities: DEFAULT_UTILITY_NOTICE_CONFIG,
  largeOutageMargin: 0,
  phoneListImportantKinds: '*',
  emergencyPublicity: 'ALL',
  heatStopWord: '停热',
  defaultHeatingSeason: { startsOn: '11-15', endsOn: '03-19' },
  eventSource: '/mainline/notify',
  templates: {},
  heatingSeasons: null,
};

/** Overrides of one kind's rules: any field, the authority's fields one by one. */
export type UtilityNoticeOverrides = Partial<Omit<UtilityNoticeConfig, 'authority'>> & { authority?: Partial<AuthorityRule> };

export type NotifyConfigInput = Partial<Omit<NotifyConfig, 'utilities'>> & { utilities?: Partial<Record<UtilityKind, UtilityNoticeOverrides>> };

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/** Defaults merged with overrides (per kind, field by field), checked once so the composer can trust it. */
export function notifyConfig(overrides: NotifyConfigInput = {}): NotifyConfig {
  const utilities = Object.fromEntries(UTILITY_KINDS.map((k) => {
    const d = DEFAULT_UTILITY_NOTICE_CONFIG[k];
    const o = overrides.utilities?.[k] ?? {};
    return [k, { ...d, ...o, authority: { ...d.authority, ...o.authority } }];
  })) as Record<UtilityKind, UtilityNoticeConfig>;
  const cfg: NotifyConfig = { ...DEFAULT_NOTIFY_CONFIG, ...overrides, utilities };
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
  for (const k of UTILITY_KINDS) {
    const u = cfg.utilities[k];
    for (const f of ['publicLeadHours', 'importantLeadHours'] as const) {
      if (!Number.isFinite(u[f]) || u[f] < 0) throw invalidInput(`config.utilities.${k}.${f} must be >= 0, got ${u[f]}`, { field: `utilities.${k}.${f}` });
    }
    if (!AUTHORITY_LARGE_OUTAGES.includes(u.authority.large)) {
      throw invalidInput(`config.utilities.${k}.authority.large must be one of ${AUTHORITY_LARGE_OUTAGES.join(', ')}`, { field: `utilities.${k}.authority.large` });
    }
    for (const l of ['zh-CN', 'en'] as const) {
      if (!u.authority.name[l]?.trim()) throw invalidInput(`config.utilities.${k}.authority.name.${l} is empty`, { field: `utilities.${k}.authority.name` });
    }
    if (u.smsSignature !== null && (!u.smsSignature || /[【】]/.test(u.smsSignature))) {
      throw invalidInput(`config.utilities.${k}.smsSignature must be the bare name, without 【】`, { field: `utilities.${k}.smsSignature` });
    }
  }
  if (!Number.isFinite(cfg.largeOutageMargin) || cfg.largeOutageMargin < 0 || cfg.largeOutageMargin >= 1) {
    throw invalidInput(`config.largeOutageMargin must be a fraction in [0, 1), got ${cfg.largeOutageMargin}`, { field: 'largeOutageMargin' });
  }
  if (!HEAT_STOP_WORDS.includes(cfg.heatStopWord)) throw invalidInput(`config.heatStopWord must be one of ${HEAT_STOP_WORDS.join(', ')}`, { field: 'heatStopWord' });
  for (const f of ['startsOn', 'endsOn'] as const) {
    if (!MONTH_DAY.test(cfg.defaultHeatingSeason[f])) {
      throw invalidInput(`config.defaultHeatingSeason.${f} must be MM-DD, got ${JSON.stringify(cfg.defaultHeatingSeason[f])}`, { field: `defaultHeatingSeason.${f}` });
    }
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
