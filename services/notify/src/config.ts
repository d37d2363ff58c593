import { DEV_DEFAULTS, env, loadConfig, serviceEnvShape, z } from '@mainline/common';
import {
  AUTHORITY_LARGE_OUTAGES, DEFAULT_NOTIFY_CONFIG, HEAT_STOP_WORDS, LOCALES, notifyConfig,
  type Locale, type NotifyConfig, type Recipient, type UtilityNoticeOverrides,
} from './domain';
import type { UtilityKind } from '@mainline/common/domain';

const d = DEFAULT_NOTIFY_CONFIG;
const du = d.utilities;
const positiveInt = (def: number) => z.coerce.number().int().min(1).default(def);
const hours = (def: number) => z.coerce.number().min(0).default(def);

/** "生产调度中心=0871-6100001,值班领导=13900000001": name=phone pairs; the position is the id. */
const contacts = (what: string) =>
  z
    .string()
    .default('')
    .transform((s, ctx): Recipient[] =>
      s.split(',').map((x) => x.trim()).filter(Boolean).flatMap((pair, i) => {
        const [name, phone] = pair.split('=').map((p) => p?.trim());
        if (!name || !phone) {
          ctx.addIssue({ code: 'custom', message: `entry ${i + 1} ("${pair}") must be name=phone` });
          return [];
        }
        return [{ id: `${what}-${i + 1}`, name, phone }];
      }),
    );

const flag = (def: boolean) => z.enum(['true', 'false']).default(def ? 'true' : 'false').transform((v) => v === 'true');
const large = (def: (typeof AUTHORITY_LARGE_OUTAGES)[number]) => z.enum(AUTHORITY_LARGE_OUTAGES as [string, ...string[]]).default(def);
/** Empty: the shared value (NOTIFY_UTILITY_NAME, NOTIFY_SMS_SIGNATURE, NOTIFY_HOTLINE). */
const optionalText = z.string().min(1).optional();
const monthDay = (def: string) => z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'must be MM-DD, e.g. 11-15').default(def);

const locales = z
  .string()
  .default(d.locales.join(','))
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .refine((a): a is Locale[] => a.length > 0 && a.every((l) => (LOCALES as readonly string[]).includes(l)), `must list locales among ${LOCALES.join(', ')}`);

const notifyEnvShape = {
  ...serviceEnvShape,
  PORT: env.port(DEV_DEFAULTS.ports.notify),
  NOTIFY_UTILITY_NAME: z.string().min(1).default(d.utilityName),
  NOTIFY_HOTLINE: z.string().min(1).default(d.hotline),
  /** Carrier-registered signature, without 【】. */
  NOTIFY_SMS_SIGNATURE: z.string().min(1).regex(/^[^【】]+$/, 'must be the bare name, without 【】').default(d.smsSignature),
  NOTIFY_NOTICE_BASE_URL: z.string().min(1).default(d.noticeBaseUrl),
  // Water's lead times and bureau keep their first names; heat and gas have NOTIFY_HEAT_* / NOTIFY_GAS_*.
  NOTIFY_LEAD_HOURS: hours(du.WATER.importantLeadHours),
  NOTIFY_PUBLIC_LEAD_HOURS: hours(du.WATER.publicLeadHours),
  NOTIFY_HEAT_LEAD_HOURS: hours(du.HEAT.importantLeadHours),
  NOTIFY_HEAT_PUBLIC_LEAD_HOURS: hours(du.HEAT.publicLeadHours),
  NOTIFY_GAS_LEAD_HOURS: hours(du.GAS.importantLeadHours),
  NOTIFY_GAS_PUBLIC_LEAD_HOURS: hours(du.GAS.publicLeadHours),
  NOTIFY_REMINDER_HOURS: z
    .string()
    .default(d.reminderHours.join(','))
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean).map(Number))
    .refine((a) => a.every((h) => Number.isFinite(h) && h > 0), 'must be comma-separated hours > 0'),
  NOTIFY_SMS_BATCH_SIZE: positiveInt(d.smsBatchSize),
  NOTIFY_SMS_MAX_SEGMENTS: positiveInt(d.smsMaxSegments),
  NOTIFY_SMS_PREFERRED_SEGMENTS: positiveInt(d.smsPreferredSegments),
  NOTIFY_LOCALES: locales,
  NOTIFY_DIRECT_LOCALE: z.enum(['zh-CN', 'en']).default(d.directLocale),
  NOTIFY_INTERNAL_CONTACTS: contacts('internal'),
  NOTIFY_HEAT_INTERNAL_CONTACTS: contacts('heat-internal'),
  NOTIFY_GAS_INTERNAL_CONTACTS: contacts('gas-internal'),
  NOTIFY_REGULATOR_CONTACTS: contacts('regulator'),
  NOTIFY_HEAT_AUTHORITY_CONTACTS: contacts('heat-authority'),
  NOTIFY_GAS_AUTHORITY_CONTACTS: contacts('gas-authority'),
  NOTIFY_WATER_AUTHORITY_NAME: z.string().min(1).default(du.WATER.authority.name['zh-CN']),
  NOTIFY_WATER_AUTHORITY_NAME_EN: z.string().min(1).default(du.WATER.authority.name.en),
  NOTIFY_HEAT_AUTHORITY_NAME: z.string().min(1).default(du.HEAT.authority.name['zh-CN']),
  NOTIFY_HEAT_AUTHORITY_NAME_EN: z.string().min(1).default(du.HEAT.authority.name.en),
  NOTIFY_GAS_AUTHORITY_NAME: z.string().min(1).default(du.GAS.authority.name['zh-CN']),
  NOTIFY_GAS_AUTHORITY_NAME_EN: z.string().min(1).default(du.GAS.authority.name.en),
  NOTIFY_WATER_AUTHORITY_LARGE: large(du.WATER.authority.large),
  NOTIFY_HEAT_AUTHORITY_LARGE: large(du.HEAT.authority.large),
  NOTIFY_GAS_AUTHORITY_LARGE: large(du.GAS.authority.large),
  NOTIFY_WATER_AUTHORITY_PLANT: flag(du.WATER.authority.plantSource),
  NOTIFY_HEAT_AUTHORITY_PLANT: flag(du.HEAT.authority.plantSource),
  NOTIFY_GAS_AUTHORITY_PLANT: flag(du.GAS.authority.plantSource),
  NOTIFY_HEAT_AUTHORITY_IN_SEASON: flag(du.HEAT.authority.inHeatingSeason),
  NOTIFY_HEAT_UTILITY_NAME: optionalText,
  NOTIFY_HEAT_SMS_SIGNATURE: z.string().min(1).regex(/^[^【】]+$/, 'must be the bare name, without 【】').optional(),
  NOTIFY_HEAT_HOTLINE: optionalText,
  NOTIFY_GAS_UTILITY_NAME: optionalText,
  NOTIFY_GAS_SMS_SIGNATURE: z.string().min(1).regex(/^[^【】]+$/, 'must be the bare name, without 【】').optional(),
  NOTIFY_GAS_HOTLINE: optionalText,
  /** "About 5,000 or more": a fraction of the event's threshold below it that still counts (0: the threshold itself). */
  NOTIFY_LARGE_OUTAGE_MARGIN: z.coerce.number().min(0).max(0.99).default(d.largeOutageMargin),
  NOTIFY_PHONE_LIST_IMPORTANT_KINDS: z
    .string()
    .default('*')
    .transform((s): string[] | '*' => (s.trim() === '*' ? '*' : s.split(',').map((x) => x.trim()).filter(Boolean))),
  NOTIFY_EMERGENCY_PUBLICITY: z.enum(['ALL', 'LARGE']).default(d.emergencyPublicity),
  NOTIFY_HEAT_STOP_WORD: z.enum(HEAT_STOP_WORDS as [string, ...string[]]).default(d.heatStopWord),
  NOTIFY_DEFAULT_HEATING_SEASON_START: monthDay(d.defaultHeatingSeason.startsOn),
  NOTIFY_DEFAULT_HEATING_SEASON_END: monthDay(d.defaultHeatingSeason.endsOn),
  NOTIFY_EVENT_SOURCE: z.string().min(1).default(d.eventSource),
  /** How often due reminders are released and relay confirmations picked up. */
  NOTIFY_SCHEDULER_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** Notices released per scheduler transaction. */
  NOTIFY_SCHEDULER_BATCH_SIZE: positiveInt(2000),
  /** Outbox rows per relay send (one Kafka produce request per topic). */
  NOTIFY_RELAY_BATCH_SIZE: positiveInt(1000),
  /** Notices (with their outbox rows) written per INSERT statement when an event is planned. */
  NOTIFY_COMPOSE_INSERT_BATCH: positiveInt(1000),
  /** Partitions of outage.events planned at once (each its own transaction); events of one outage stay in order. */
  NOTIFY_OUTAGE_EVENTS_CONCURRENCY: positiveInt(3),
};

export type NotifyServiceConfig = ReturnType<typeof loadNotifyServiceConfig>;

export function loadNotifyServiceConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(notifyEnvShape, source);
}

function utilityRules(c: NotifyServiceConfig, k: UtilityKind): UtilityNoticeOverrides {
  const authority = (zh: string, en: string, large: string, plantSource: boolean) => ({ name: { 'zh-CN': zh, en }, large: large as NotifyConfig['utilities'][UtilityKind]['authority']['large'], plantSource });
  switch (k) {
    case 'WATER':
      return {
        publicLeadHours: c.NOTIFY_PUBLIC_LEAD_HOURS, importantLeadHours: c.NOTIFY_LEAD_HOURS,
        authority: { ...authority(c.NOTIFY_WATER_AUTHORITY_NAME, c.NOTIFY_WATER_AUTHORITY_NAME_EN, c.NOTIFY_WATER_AUTHORITY_LARGE, c.NOTIFY_WATER_AUTHORITY_PLANT), contacts: c.NOTIFY_REGULATOR_CONTACTS },
      };
    case 'HEAT':
      return {
        publicLeadHours: c.NOTIFY_HEAT_PUBLIC_LEAD_HOURS, importantLeadHours: c.NOTIFY_HEAT_LEAD_HOURS, internalContacts: c.NOTIFY_HEAT_INTERNAL_CONTACTS,
        authority: {
          ...authority(c.NOTIFY_HEAT_AUTHORITY_NAME, c.NOTIFY_HEAT_AUTHORITY_NAME_EN, c.NOTIFY_HEAT_AUTHORITY_LARGE, c.NOTIFY_HEAT_AUTHORITY_PLANT),
          contacts: c.NOTIFY_HEAT_AUTHORITY_CONTACTS, inHeatingSeason: c.NOTIFY_HEAT_AUTHORITY_IN_SEASON,
        },
        utilityName: c.NOTIFY_HEAT_UTILITY_NAME ?? null, smsSignature: c.NOTIFY_HEAT_SMS_SIGNATURE ?? null, hotline: c.NOTIFY_HEAT_HOTLINE ?? null,
      };
    case 'GAS':
      return {
        publicLeadHours: c.NOTIFY_GAS_PUBLIC_LEAD_HOURS, importantLeadHours: c.NOTIFY_GAS_LEAD_HOURS, internalContacts: c.NOTIFY_GAS_INTERNAL_CONTACTS,
        authority: { ...authority(c.NOTIFY_GAS_AUTHORITY_NAME, c.NOTIFY_GAS_AUTHORITY_NAME_EN, c.NOTIFY_GAS_AUTHORITY_LARGE, c.NOTIFY_GAS_AUTHORITY_PLANT), contacts: c.NOTIFY_GAS_AUTHORITY_CONTACTS },
        utilityName: c.NOTIFY_GAS_UTILITY_NAME ?? null, smsSignature: c.NOTIFY_GAS_SMS_SIGNATURE ?? null, hotline: c.NOTIFY_GAS_HOTLINE ?? null,
      };
  }
}

/** The domain's view of the env (templates and heating seasons come from the database at plan time). */
export function domainConfig(c: NotifyServiceConfig): NotifyConfig {
  return notifyConfig({
    utilityName: c.NOTIFY_UTILITY_NAME,
    timeZone: c.TIME_ZONE,
    hotline: c.NOTIFY_HOTLINE,
    smsSignature: c.NOTIFY_SMS_SIGNATURE,
    noticeBaseUrl: c.NOTIFY_NOTICE_BASE_URL,
    reminderHours: c.NOTIFY_REMINDER_HOURS,
    smsBatchSize: c.NOTIFY_SMS_BATCH_SIZE,
    smsPreferredSegments: c.NOTIFY_SMS_PREFERRED_SEGMENTS,
    smsMaxSegments: c.NOTIFY_SMS_MAX_SEGMENTS,
    locales: c.NOTIFY_LOCALES as Locale[],
    directLocale: c.NOTIFY_DIRECT_LOCALE,
    internalContacts: c.NOTIFY_INTERNAL_CONTACTS,
    utilities: { WATER: utilityRules(c, 'WATER'), HEAT: utilityRules(c, 'HEAT'), GAS: utilityRules(c, 'GAS') },
    largeOutageMargin: c.NOTIFY_LARGE_OUTAGE_MARGIN,
    phoneListImportantKinds: c.NOTIFY_PHONE_LIST_IMPORTANT_KINDS,
    emergencyPublicity: c.NOTIFY_EMERGENCY_PUBLICITY,
    heatStopWord: c.NOTIFY_HEAT_STOP_WORD as NotifyConfig['heatStopWord'],
    defaultHeatingSeason: { startsOn: c.NOTIFY_DEFAULT_HEATING_SEASON_START, endsOn: c.NOTIFY_DEFAULT_HEATING_SEASON_END },
    eventSource: c.NOTIFY_EVENT_SOURCE,
    templates: {},
    heatingSeasons: null,
  });
}
