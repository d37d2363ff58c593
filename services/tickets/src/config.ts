import { DEV_DEFAULTS, env, loadConfig, serviceEnvShape, z } from '@mainline/common';
import {
  CallbackConfig, Category, Channel, ComplaintConcern, DEFAULT_CALENDAR_CONFIG, DEFAULT_CALLBACK_CONFIG, DEFAULT_COMPLAINT_ROUTING, DEFAULT_DUPLICATE_OPTIONS,
  DEFAULT_LEAK_RULES, DEFAULT_LEVEL_RULES, DEFAULT_LIFECYCLE_CONFIG, DEFAULT_REPORT_GOALS, DEFAULT_SLA_THRESHOLDS, Department, LeakTier, Level, OrderTargetRules,
  ProcessingLevel, ReportGoals, WorkingCalendarConfig, CONNECTION_STAGES, ConnectionRules, ConnectionStage, DEFAULT_CONNECTION_RULES,
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

/** `A,B,C` of the enum's values (default: the given list). */
const enumList = <T extends string>(values: readonly T[], def: readonly T[]) => z
  .string()
  .default(def.join(','))
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .refine((a) => a.every((x) => values.includes(x as T)), `must be comma-separated values of ${values.join(', ')}`)
  .transform((a) => a as T[]);
const LEVELS = Object.values(ProcessingLevel).filter((l) => l !== ProcessingLevel.NORMAL) as Level[];
const level = (def: Level) => z.enum(LEVELS as [Level, ...Level[]]).default(def);
/** `CONCERN=DEPARTMENT,…`: every concern must be mapped to a known department. */
const complaintRouting = z
  .string()
  .default(Object.entries(DEFAULT_COMPLAINT_ROUTING).map(([k, v]) => `${k}=${v}`).join(','))
  .transform((s) => Object.fromEntries(s.split(',').map((x) => x.trim()).filter(Boolean).map((kv) => kv.split('=').map((y) => y.trim()))))
  .refine((m) => Object.values(ComplaintConcern).every((c) => (Object.values(Department) as string[]).includes(m[c])) && Object.keys(m).every((k) => (Object.values(ComplaintConcern) as string[]).includes(k)),
    `must map every concern (${Object.values(ComplaintConcern).join(', ')}) to a department, as CONCERN=DEPARTMENT,…`)
  .transform((m) => m as Record<ComplaintConcern, Department>);

/** `KEY=minutes,…` for every value of `keys`. */
const minutesMap = <K extends string>(keys: readonly K[], def: Record<K, number>) => z
  .string()
  .default(keys.map((k) => `${k}=${def[k]}`).join(','))
  .transform((s) => Object.fromEntries(s.split(',').map((x) => x.trim()).filter(Boolean).map((kv) => { const [k, v] = kv.split('='); return [k.trim(), Number(v)]; })))
  .refine((m) => keys.every((k) => Number.isInteger(m[k]) && m[k] > 0) && Object.keys(m).every((k) => keys.includes(k as K)),
    `must give whole positive minutes for each of ${keys.join(', ')}, as KEY=minutes,…`)
  .transform((m) => m as Record<K, number>);
const minutesOf = (def: number) => z.coerce.number().int().positive().default(def);

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
  // looks whether the previous month still needs sampling (every replica looks; the month is sampled once).
  WORKS_SAMPLE_SHARE: fraction(DEFAULT_CALLBACK_CONFIG.worksSampleShare),
  WORKS_SAMPLE_CHECK_MS: z.coerce.number().int().min(1000).default(HOUR_MS),
  WORKS_SAMPLE_JOB: env.bool(true),
  // Routing / SLA tables are cached this long per replica (a supervisor's change on another replica shows after it).
  SETTINGS_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  // The outbox relay waits this long after a commit so that concurrent commits share one publish round.
  OUTBOX_BATCH_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(20),
  // A work order's asset is checked with the network service, which owns pipes, valves and service points.
  NETWORK_SUBGRAPH_URL: z.string().url().default(`http://127.0.0.1:${DEV_DEFAULTS.ports.network}/graphql`),
  ASSET_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  // Elements change only with an import: an answer is reused this long per replica.
  ASSET_CHECK_CACHE_MS: z.coerce.number().int().min(0).default(60000),
  // docs/domain.md, Water rules: complaints go to the department they concern.
  COMPLAINT_CONCERN_ROUTING: complaintRouting,
  // Processing levels given by rule: referrals from these channels, and orders flagged as risking injury or property loss.
  REFERRAL_LEVEL_CHANNELS: enumList(Object.values(Channel), DEFAULT_LEVEL_RULES.referralChannels),
  REFERRAL_LEVEL: level(DEFAULT_LEVEL_RULES.referralLevel),
  RISK_LEVEL: level(DEFAULT_LEVEL_RULES.riskLevel),
  // Leaks (docs/domain.md, Water rules): on site within 1 h, 40 min for public mains, hydrants and valves;
  // the repair tier chosen on site sets the resolve deadline; leaks under warranty go to the unit that built them.
  LEAK_ON_SITE_PUBLIC_MIN: minutesOf(DEFAULT_LEAK_RULES.onSitePublicMin),
  LEAK_ON_SITE_OTHER_MIN: minutesOf(DEFAULT_LEAK_RULES.onSiteOtherMin),
  LEAK_REPAIR_TIERS: minutesMap(Object.values(LeakTier), DEFAULT_LEAK_RULES.tierMinutes),
  WARRANTY_UNIT: z.enum(Object.values(Department) as [Department, ...Department[]]).default(Department.WORKS),
  // Categories the call center may answer on the call and close (no dispatch clock).
  ANSWER_AT_ONCE_CATEGORIES: enumList(Object.values(Category), DEFAULT_LIFECYCLE_CONFIG.answerAtOnceCategories),
  // The monthly report: its period ends on this day of the month (local; 0 = the calendar month), so it is
  // ready by the 28th; the job produces each finished period's report for supervisors.
  REPORT_PERIOD_END_DAY: z.coerce.number().int().min(0).max(28).default(25),
  REPORT_JOB: env.bool(true),
  REPORT_JOB_CHECK_MS: z.coerce.number().int().min(1000).default(HOUR_MS),
  GOAL_ON_TIME_RATE: fraction(DEFAULT_REPORT_GOALS.onTimeRate),
  GOAL_CALLBACK_RATE: fraction(DEFAULT_REPORT_GOALS.callbackRate),
  GOAL_SATISFACTION_RATE: fraction(DEFAULT_REPORT_GOALS.satisfactionRate),
  GOAL_COMPLAINT_SATISFACTION_RATE: fraction(DEFAULT_REPORT_GOALS.complaintSatisfactionRate),
  GOAL_AVG_REPAIR_MIN: minutesOf(DEFAULT_REPORT_GOALS.avgRepairMinutes),
  GOAL_REPAIR_CATEGORIES: enumList(Object.values(Category), DEFAULT_REPORT_GOALS.repairCategories),
  // New-connection applications (docs/domain.md, Processes beyond repairs): the answer the same working day
  // (some utilities 1 day), survey 2 days after complete documents, design 5 days (+3 for large mains).
  CONNECTION_ANSWER_WORKING_DAYS: z.coerce.number().int().min(0).max(30).default(DEFAULT_CONNECTION_RULES.answerWorkingDays),
  CONNECTION_SURVEY_DAYS: z.coerce.number().positive().default(DEFAULT_CONNECTION_RULES.surveyDays),
  CONNECTION_DESIGN_DAYS: z.coerce.number().positive().default(DEFAULT_CONNECTION_RULES.designDays),
  CONNECTION_DESIGN_EXTRA_DAYS: z.coerce.number().min(0).default(DEFAULT_CONNECTION_RULES.designExtraDays),
  CONNECTION_LARGE_MAIN_DN: z.coerce.number().int().positive().default(DEFAULT_CONNECTION_RULES.largeMainDn),
  CONNECTION_LARGE_TAP_MAIN_DN: z.coerce.number().int().positive().default(DEFAULT_CONNECTION_RULES.largeTapMainDn),
  // Deadlines of the later stages as `stage=days,…` (fee, works, acceptance, meterTest, contract, waterOn): none by default.
  CONNECTION_STAGE_DAYS: z
    .string()
    .default('')
    .transform((s) => Object.fromEntries(s.split(',').map((x) => x.trim()).filter(Boolean).map((kv) => { const [k, v] = kv.split('='); return [k.trim(), Number(v)]; })))
    .refine((m) => Object.entries(m).every(([k, v]) => (CONNECTION_STAGES.slice(3) as readonly string[]).includes(k) && Number.isFinite(v) && v > 0),
      `must be stage=days,… for ${CONNECTION_STAGES.slice(3).join(', ')}`)
    .transform((m) => m as Partial<Record<ConnectionStage, number>>),
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
  network: { url: string; internalSecret: string; timeoutMs: number; cacheMs: number; cacheSize: number };
  /** Complaint concern → department. */
  complaintRouting: Record<ComplaintConcern, Department>;
  /** Order-specific deadlines: processing levels, leak sites and repair tiers. */
  orderRules: OrderTargetRules;
  /** Leaks under warranty go to this unit unless the report names the builder. */
  warrantyUnit: Department;
  answerAtOnceCategories: Category[];
  report: { periodEndDay: number; job: boolean; checkMs: number; goals: ReportGoals };
  connection: ConnectionRules;
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
    network: { url: c.NETWORK_SUBGRAPH_URL, internalSecret: c.INTERNAL_JWT_SECRET, timeoutMs: c.ASSET_CHECK_TIMEOUT_MS, cacheMs: c.ASSET_CHECK_CACHE_MS, cacheSize: 10_000 },
    complaintRouting: c.COMPLAINT_CONCERN_ROUTING,
    orderRules: {
      levels: { ...DEFAULT_LEVEL_RULES, referralChannels: c.REFERRAL_LEVEL_CHANNELS, referralLevel: c.REFERRAL_LEVEL, riskLevel: c.RISK_LEVEL },
      leak: { ...DEFAULT_LEAK_RULES, onSitePublicMin: c.LEAK_ON_SITE_PUBLIC_MIN, onSiteOtherMin: c.LEAK_ON_SITE_OTHER_MIN, tierMinutes: c.LEAK_REPAIR_TIERS },
    },
    warrantyUnit: c.WARRANTY_UNIT,
    answerAtOnceCategories: c.ANSWER_AT_ONCE_CATEGORIES,
    report: {
      periodEndDay: c.REPORT_PERIOD_END_DAY, job: c.REPORT_JOB, checkMs: c.REPORT_JOB_CHECK_MS,
      goals: {
        onTimeRate: c.GOAL_ON_TIME_RATE, callbackRate: c.GOAL_CALLBACK_RATE, satisfactionRate: c.GOAL_SATISFACTION_RATE,
        complaintSatisfactionRate: c.GOAL_COMPLAINT_SATISFACTION_RATE, avgRepairMinutes: c.GOAL_AVG_REPAIR_MIN, repairCategories: c.GOAL_REPAIR_CATEGORIES,
      },
    },
    connection: {
      answerWorkingDays: c.CONNECTION_ANSWER_WORKING_DAYS, surveyDays: c.CONNECTION_SURVEY_DAYS, designDays: c.CONNECTION_DESIGN_DAYS,
      designExtraDays: c.CONNECTION_DESIGN_EXTRA_DAYS, largeMainDn: c.CONNECTION_LARGE_MAIN_DN, largeTapMainDn: c.CONNECTION_LARGE_TAP_MAIN_DN, otherDays: c.CONNECTION_STAGE_DAYS,
    },
  };
}
