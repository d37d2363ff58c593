import { DEV_DEFAULTS, env, loadConfig, serviceEnvShape, z } from '@mainline/common';
import { DEFAULT_NOTIFY_CONFIG, LOCALES, notifyConfig, type Locale, type NotifyConfig, type Recipient } from './domain';

const d = DEFAULT_NOTIFY_CONFIG;
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
  NOTIFY_LEAD_HOURS: hours(d.leadHours),
  NOTIFY_PUBLIC_LEAD_HOURS: hours(d.publicLeadHours),
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
  NOTIFY_REGULATOR_CONTACTS: contacts('regulator'),
  NOTIFY_EVENT_SOURCE: z.string().min(1).default(d.eventSource),
  /** How often due reminders are released and relay confirmations picked up. */
  NOTIFY_SCHEDULER_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** Notices released per scheduler transaction. */
  NOTIFY_SCHEDULER_BATCH_SIZE: positiveInt(2000),
  /** Outbox rows per relay send (one Kafka produce request per topic). */
  NOTIFY_RELAY_BATCH_SIZE: positiveInt(1000),
};

export type NotifyServiceConfig = ReturnType<typeof loadNotifyServiceConfig>;

export function loadNotifyServiceConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(notifyEnvShape, source);
}

/** The domain's view of the env (templates come from the database at plan time). */
export function domainConfig(c: NotifyServiceConfig): NotifyConfig {
  return notifyConfig({
    utilityName: c.NOTIFY_UTILITY_NAME,
    timeZone: c.TIME_ZONE,
    hotline: c.NOTIFY_HOTLINE,
    smsSignature: c.NOTIFY_SMS_SIGNATURE,
    noticeBaseUrl: c.NOTIFY_NOTICE_BASE_URL,
    leadHours: c.NOTIFY_LEAD_HOURS,
    publicLeadHours: c.NOTIFY_PUBLIC_LEAD_HOURS,
    reminderHours: c.NOTIFY_REMINDER_HOURS,
    smsBatchSize: c.NOTIFY_SMS_BATCH_SIZE,
    smsPreferredSegments: c.NOTIFY_SMS_PREFERRED_SEGMENTS,
    smsMaxSegments: c.NOTIFY_SMS_MAX_SEGMENTS,
    locales: c.NOTIFY_LOCALES as Locale[],
    directLocale: c.NOTIFY_DIRECT_LOCALE,
    internalContacts: c.NOTIFY_INTERNAL_CONTACTS,
    regulatorContacts: c.NOTIFY_REGULATOR_CONTACTS,
    eventSource: c.NOTIFY_EVENT_SOURCE,
    templates: {},
  });
}
