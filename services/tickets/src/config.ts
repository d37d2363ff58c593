import { DEV_DEFAULTS, env, loadConfig, serviceEnvShape, z } from '@mainline/common';
import {
  CallbackConfig, DEFAULT_CALENDAR_CONFIG, DEFAULT_CALLBACK_CONFIG, DEFAULT_DUPLICATE_OPTIONS, DEFAULT_SLA_THRESHOLDS, WorkingCalendarConfig,
} from './domain';

const HOUR_MS = 60 * 60 * 1000;
const fraction = (def: number) => z.coerce.number().min(0).max(1).default(def);
const dates = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .refine((a) => a.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), 'must be comma-separated YYYY-MM-DD dates');
const hours = z
  .string()
  .default(DEFAULT_CALENDAR_CONFIG.workingHours.map((w) => `${w.start}-${w.end}`).join(','))
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean).map((iv) => {
    const [start, end] = iv.split('-');
    return { start, end };
  }))
  .refine((a) => a.length > 0 && a.every((w) => /^\d{2}:\d{2}$/.test(w.start) && /^\d{2}:\d{2}$/.test(w.end)), 'must be HH:MM-HH:MM[,HH:MM-HH:MM…]');

const ticketsEnvShape = {
  ...serviceEnvShape,
  PORT: env.port(DEV_DEFAULTS.ports.tickets),
  // Working calendar (per utility): office hours, national holidays from chinese-days, own overrides.
  WORKING_HOURS: hours,
  USE_CHINESE_HOLIDAYS: env.bool(DEFAULT_CALENDAR_CONFIG.useChineseHolidays),
  EXTRA_HOLIDAYS: dates,
  EXTRA_WORKING_DAYS: dates,
  // SLA scheduler: one sweep every SLA_SWEEP_MS; rows claimed in batches with FOR UPDATE SKIP LOCKED.
  SLA_SCHEDULER: env.bool(true),
  SLA_SWEEP_MS: z.coerce.number().int().min(100).default(15000),
  SLA_SWEEP_BATCH: z.coerce.number().int().min(1).max(100000).default(20000),
  SLA_WARN_FIRST: fraction(DEFAULT_SLA_THRESHOLDS.warnFirst),
  SLA_WARN_SECOND: fraction(DEFAULT_SLA_THRESHOLDS.warnSecond),
  DUPLICATE_RADIUS_M: z.coerce.number().positive().default(DEFAULT_DUPLICATE_OPTIONS.radiusM),
  DUPLICATE_WINDOW_MIN: z.coerce.number().positive().default(DEFAULT_DUPLICATE_OPTIONS.windowMin),
  CALLBACK_PHONE_SHARE: fraction(DEFAULT_CALLBACK_CONFIG.phoneShare),
  // Monthly callback sample of last month's completed works orders: the share, and how often the job
  // looks whether the previous month still needs sampling (one replica per tick; the month is sampled once).
  WORKS_SAMPLE_SHARE: fraction(DEFAULT_CALLBACK_CONFIG.worksSampleShare),
  WORKS_SAMPLE_CHECK_MS: z.coerce.number().int().min(1000).default(HOUR_MS),
  WORKS_SAMPLE_JOB: env.bool(true),
  // Routing / SLA tables are cached this long per replica (a supervisor's change on another replica shows after it).
  SETTINGS_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  // The outbox relay waits this long after a commit so that concurrent commits share one publish round.
  OUTBOX_BATCH_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(20),
  // A work order's asset is checked with the network service, which owns pipes, valves and service points.
  NETWORK_SUBGRAPH_URL: z.string().url().default(`http://127.0.0.1:${DEV_DEFAULTS.ports.network}/graphql`),
  // Several network replicas, comma-separated: asked in turn, the next one when a replica refuses (replaces NETWORK_SUBGRAPH_URL).
  NETWORK_SUBGRAPH_URLS: env.csv.refine((a) => a.every((u) => z.string().url().safeParse(u).success), 'must be a comma-separated list of URLs').optional(),
  ASSET_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  // Elements change only with an import: an answer is reused this long per replica.
  ASSET_CHECK_CACHE_MS: z.coerce.number().int().min(0).default(60000),
};

export type TicketsConfig = ReturnType<typeof loadTicketsConfig>;

export function loadTicketsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(ticketsEnvShape, source);
}

/** What the services need from the configuration (tests build it with `ticketsSettings({})`). */
export interface TicketsSettings {
  topicPrefix: string;
  calendar: WorkingCalendarConfig;
  thresholds: { warnFirst: number; warnSecond: number };
  sweepBatch: number;
  duplicate: { radiusM: number; windowMin: number };
  /** After-service callbacks and the monthly works sample, with this utility's shares. */
  callback: CallbackConfig;
  worksSample: { checkMs: number; job: boolean };
  settingsCacheMs: number;
  /** Where and how the network service is asked whether an asset exists. */
  network: { url: string; urls?: string[]; internalSecret: string; timeoutMs: number; cacheMs: number; cacheSize: number };
}

export function ticketsSettings(cfg: Partial<TicketsConfig>): TicketsSettings {
  const d = loadConfig(ticketsEnvShape, { DATABASE_URL: 'postgres://unused/unused' });
  const c = { ...d, ...cfg };
  return {
    topicPrefix: c.KAFKA_TOPIC_PREFIX,
    calendar: {
      ...DEFAULT_CALENDAR_CONFIG,
      timeZone: c.TIME_ZONE,
      workingHours: c.WORKING_HOURS,
      useChineseHolidays: c.USE_CHINESE_HOLIDAYS,
      extraHolidays: c.EXTRA_HOLIDAYS,
      extraWorkingDays: c.EXTRA_WORKING_DAYS,
    },
    thresholds: { warnFirst: c.SLA_WARN_FIRST, warnSecond: c.SLA_WARN_SECOND },
    sweepBatch: c.SLA_SWEEP_BATCH,
    duplicate: { radiusM: c.DUPLICATE_RADIUS_M, windowMin: c.DUPLICATE_WINDOW_MIN },
    callback: { ...DEFAULT_CALLBACK_CONFIG, phoneShare: c.CALLBACK_PHONE_SHARE, worksSampleShare: c.WORKS_SAMPLE_SHARE },
    worksSample: { checkMs: c.WORKS_SAMPLE_CHECK_MS, job: c.WORKS_SAMPLE_JOB },
    settingsCacheMs: c.SETTINGS_CACHE_MS,
    network: { url: c.NETWORK_SUBGRAPH_URL, urls: c.NETWORK_SUBGRAPH_URLS, internalSecret: c.INTERNAL_JWT_SECRET, timeoutMs: c.ASSET_CHECK_TIMEOUT_MS, cacheMs: c.ASSET_CHECK_CACHE_MS, cacheSize: 10_000 },
  };
}
