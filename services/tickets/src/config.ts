import { DEV_DEFAULTS, env, loadConfig, serviceEnvShape, z } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import {
  CallbackConfig, categoriesOf, Category, Channel, ComplaintConcern, DEFAULT_CALENDAR_CONFIG, DEFAULT_CALLBACK_CONFIG, DEFAULT_COMPLAINT_ROUTING,
  DEFAULT_DUPLICATE_OPTIONS, DEFAULT_HEATING_SEASON, DEFAULT_INSPECTION_RULES, DEFAULT_INSPECTION_SCHEDULE, DEFAULT_LEAK_RULES, DEFAULT_LEVEL_RULES,
  DEFAULT_LIFECYCLE_CONFIG, DEFAULT_OFF_SEASON, DEFAULT_REPORT_GOALS, DEFAULT_SERVICE_HOURS, DEFAULT_SLA_THRESHOLDS, DEFAULT_TEMPERATURE_VISIT_RULES,
  DefaultSeason, Department, HoursOfDay, InspectionRules, InspectionScheduleConfig, LeakTier, Level, MAX_INTERVAL_MONTHS, OffSeasonCategories,
  OrderTargetRules, parseDefaultSeason, parseHoursOfDay, ProcessingLevel, ReportGoals, ServiceHoursTable, TemperatureVisitRules, WorkingCalendarConfig,
  CONNECTION_STAGES, ConnectionRules, ConnectionStage, DEFAULT_CONNECTION_RULES,
} from './domain';
import { DEFAULT_OPEN311_CONFIG, Open311Config } from './domain/open311';

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

// Field work of heat and gas utilities (docs/domain.md "Heating utility", "Gas utility"): visit sheets, inspection
// schedules, hazard notices. Defaults are domain.md's figures; the planning lead and the hazard deadline are Mainline's.
const springFestivals = z
  .string()
  .default(Object.values(DEFAULT_INSPECTION_SCHEDULE.springFestival).join(','))
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .refine((a) => a.every((d) => /^\d{4}-(01|02)-\d{2}$/.test(d)), 'must be comma-separated YYYY-MM-DD dates in January or February')
  .refine((a) => new Set(a.map((d) => d.slice(0, 4))).size === a.length, 'one date per year')
  .transform((a) => Object.fromEntries(a.map((d) => [d.slice(0, 4), d])) as Record<string, string>);
const fieldWorkEnvShape = {
  HEAT_ROOM_MIN_CELSIUS: z.coerce.number().min(5).max(30).default(DEFAULT_TEMPERATURE_VISIT_RULES.thresholdCelsius),
  HEAT_VISIT_MIN_STAFF: z.coerce.number().int().min(1).max(10).default(DEFAULT_TEMPERATURE_VISIT_RULES.minStaff),
  HEAT_COMPLIANCE_TARGET: fraction(DEFAULT_TEMPERATURE_VISIT_RULES.complianceTarget),
  GAS_RESIDENTIAL_INSPECTION_MONTHS: z.coerce.number().int().min(1).max(MAX_INTERVAL_MONTHS.residential).default(12),
  GAS_NONRESIDENTIAL_INSPECTION_MONTHS: z.coerce.number().int().min(1).max(MAX_INTERVAL_MONTHS.nonResidential).default(12),
  GAS_INSPECTION_LEAD_DAYS: z.coerce.number().int().min(0).max(180).default(DEFAULT_INSPECTION_SCHEDULE.leadDays),
  SPRING_FESTIVAL_DATES: springFestivals,
  HAZARD_RECTIFY_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_INSPECTION_RULES.hazardRectifyDays),
  GAS_INSPECTION_COVERAGE_TARGET: fraction(DEFAULT_INSPECTION_RULES.coverageTarget),
  // Whole-network service point lists kept per replica by network version (a new version reads them again).
  SERVICE_POINT_CACHE_POINTS: z.coerce.number().int().min(0).default(200_000),
};

/** A comma-separated list of enum values (may be empty); a value outside `allowed` stops the boot naming it. */
const codes = (def: readonly string[], allowed: readonly string[]) =>
  z
    .string()
    .default(def.join(','))
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .refine((a) => a.every((x) => allowed.includes(x)), `must be comma-separated codes of ${allowed.join(', ')}`);

// Open311 GeoReport v2 (docs/domain.md "Open311"): the spec's figures are the defaults.
const open311EnvShape = {
  OPEN311_JURISDICTION_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,199}$/, 'must be a host name such as city.gov').default(DEFAULT_OPEN311_CONFIG.jurisdictionId),
  OPEN311_WINDOW_DAYS: z.coerce.number().int().min(1).max(3660).default(DEFAULT_OPEN311_CONFIG.windowDays),
  OPEN311_MAX_REQUESTS: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_OPEN311_CONFIG.maxRequests),
  OPEN311_HIDDEN_SERVICES: codes(DEFAULT_OPEN311_CONFIG.hiddenServices, Object.values(Category)),
  OPEN311_CONFIDENTIAL_SERVICES: codes(DEFAULT_OPEN311_CONFIG.confidentialServices, Object.values(Category)),
  OPEN311_LISTED_CHANNELS: codes(DEFAULT_OPEN311_CONFIG.listedChannels, Object.values(Channel)),
  OPEN311_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 64kb').default('64kb'),
  /** Where clients reach the endpoint (through the gateway), for the discovery document. */
  OPEN311_PUBLIC_URL: z.string().url().default(`http://localhost:${DEV_DEFAULTS.gatewayPort}/open311/v2`),
  OPEN311_CONTACT: z.string().min(1).default('客服中心 / the call center'),
};
const monthDay = (def: string) => z.string().regex(/^\d{2}-\d{2}$/, 'must be MM-DD').default(def);
const fmtHours = (h: HoursOfDay | undefined) => (h ? `${h.start}-${h.end}` : 'none');
/** Home-visit service hours of a kind on working or rest days: HH:MM-HH:MM, or `none` for no limit. */
const serviceHours = (def: HoursOfDay | undefined) =>
  z.string().default(fmtHours(def)).refine((v) => v === 'none' || /^\d{2}:\d{2}-\d{2}:\d{2}$/.test(v), 'must be HH:MM-HH:MM or none');
const HEAT_CATEGORIES = categoriesOf('HEAT') as [Category, ...Category[]];

const ticketsEnvShape = {
  ...serviceEnvShape,
  ...fieldWorkEnvShape,
  ...open311EnvShape,
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
  // PostgreSQL work_mem for the monthly report's statements: a million orders' duration sorts fit in memory.
  REPORT_WORK_MEM_MB: z.coerce.number().int().min(1).max(4096).default(64),
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

  // docs/domain.md: crews act first and record afterwards; a report may be logged this long after it was made.
  REPORTED_AT_MAX_BACKDATE_HOURS: z.coerce.number().min(0).default(24),
  // The heating season a year has when none is set (setHeatingSeason): 15 November to 19 March.
  HEATING_SEASON_START: monthDay(DEFAULT_HEATING_SEASON.start),
  HEATING_SEASON_END: monthDay(DEFAULT_HEATING_SEASON.end),
  // What a room-temperature report outside the season becomes (HEAT_TEMPERATURE: it stays one, on the 2 h target).
  HEAT_OFF_SEASON_TEMPERATURE: z.enum(HEAT_CATEGORIES).default((DEFAULT_OFF_SEASON.HEAT_TEMPERATURE ?? Category.HEAT_TEMPERATURE) as Category),
  // How often a replica looks whether the season list on settings.events is still the one in force (a new year rolls in).
  HEATING_SEASON_PUBLISH_CHECK_MS: z.coerce.number().int().min(1000).default(6 * HOUR_MS),
  // Home-visit service hours per kind (docs/domain.md "Gas utility"): gas 08:00-18:00 / 09:00-17:00, water and heat none.
  SERVICE_HOURS_WATER_WORKING_DAY: serviceHours(DEFAULT_SERVICE_HOURS.WATER?.working),
  SERVICE_HOURS_WATER_REST_DAY: serviceHours(DEFAULT_SERVICE_HOURS.WATER?.rest),
  SERVICE_HOURS_HEAT_WORKING_DAY: serviceHours(DEFAULT_SERVICE_HOURS.HEAT?.working),
  SERVICE_HOURS_HEAT_REST_DAY: serviceHours(DEFAULT_SERVICE_HOURS.HEAT?.rest),
  SERVICE_HOURS_GAS_WORKING_DAY: serviceHours(DEFAULT_SERVICE_HOURS.GAS?.working),
  SERVICE_HOURS_GAS_REST_DAY: serviceHours(DEFAULT_SERVICE_HOURS.GAS?.rest),
  // The ignition checks after a gas outage are written this many orders per statement (thousands of households
  // in one transaction, a few statements; never above PostgreSQL's parameter limit whatever the figure).
  IGNITION_CHECK_BATCH: z.coerce.number().int().min(1).max(2000).default(200),
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
  /** Heat and gas field work: visit sheets, inspection schedules, hazard notices (the kinds run: `utilities`). */
  fieldWork: { visits: TemperatureVisitRules; schedule: InspectionScheduleConfig; inspections: InspectionRules; directory: { pageSize: number; cachePoints: number } };
  /** Open311 GeoReport v2: the rules' figures, the utility kinds run, the HTTP route's limits. */
  open311: Open311Config & { utilityKinds: TicketsConfig['UTILITY_KINDS']; bodyLimit: string; publicUrl: string; contact: string };
  /** The utility kinds this deployment runs (common's UTILITY_KINDS setting). */
  utilities: UtilityKind[];
  reportedAtMaxBackdateMinutes: number;
  heating: { defaultSeason: DefaultSeason; offSeason: OffSeasonCategories; publishCheckMs: number };
  /** Home-visit service hours per kind; a kind absent has no limit. */
  serviceHours: ServiceHoursTable;
  /** Ignition-check orders written per statement after a gas outage. */
  ignitionCheckBatch: number;
  /** Complaint concern → department. */
  complaintRouting: Record<ComplaintConcern, Department>;
  /** Order-specific deadlines: processing levels, leak sites and repair tiers. */
  orderRules: OrderTargetRules;
  /** Leaks under warranty go to this unit unless the report names the builder. */
  warrantyUnit: Department;
  answerAtOnceCategories: Category[];
  report: { periodEndDay: number; job: boolean; checkMs: number; workMemMb: number; goals: ReportGoals };
  connection: ConnectionRules;
}

function serviceHoursTable(c: TicketsConfig): ServiceHoursTable {
  const out: ServiceHoursTable = {};
  for (const kind of ['WATER', 'HEAT', 'GAS'] as const) {
    const w = c[`SERVICE_HOURS_${kind}_WORKING_DAY`];
    const r = c[`SERVICE_HOURS_${kind}_REST_DAY`];
    if (w === 'none' && r === 'none') continue;
    // One of the two `none`: no visits on those days is not what `none` says; it means "no limit" for both only.
    const day = (v: string, name: string) => (v === 'none' ? { start: '00:00', end: '24:00' } : parseHoursOfDay(v, name));
    out[kind] = { working: day(w, `SERVICE_HOURS_${kind}_WORKING_DAY`), rest: day(r, `SERVICE_HOURS_${kind}_REST_DAY`) };
  }
  return out;
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
    open311: {
      ...DEFAULT_OPEN311_CONFIG,
      jurisdictionId: c.OPEN311_JURISDICTION_ID, windowDays: c.OPEN311_WINDOW_DAYS, maxRequests: c.OPEN311_MAX_REQUESTS,
      hiddenServices: c.OPEN311_HIDDEN_SERVICES, confidentialServices: c.OPEN311_CONFIDENTIAL_SERVICES, listedChannels: c.OPEN311_LISTED_CHANNELS as Channel[],
      timeZone: c.TIME_ZONE, utilityKinds: c.UTILITY_KINDS, bodyLimit: c.OPEN311_BODY_LIMIT, publicUrl: c.OPEN311_PUBLIC_URL, contact: c.OPEN311_CONTACT,
    },
    network: { url: c.NETWORK_SUBGRAPH_URL, urls: c.NETWORK_SUBGRAPH_URLS, internalSecret: c.INTERNAL_JWT_SECRET, timeoutMs: c.ASSET_CHECK_TIMEOUT_MS, cacheMs: c.ASSET_CHECK_CACHE_MS, cacheSize: 10_000 },
    utilities: c.UTILITY_KINDS,
    reportedAtMaxBackdateMinutes: c.REPORTED_AT_MAX_BACKDATE_HOURS * 60,
    heating: {
      defaultSeason: parseDefaultSeason(c.HEATING_SEASON_START, c.HEATING_SEASON_END),
      offSeason: c.HEAT_OFF_SEASON_TEMPERATURE === Category.HEAT_TEMPERATURE ? {} : { HEAT_TEMPERATURE: c.HEAT_OFF_SEASON_TEMPERATURE },
      publishCheckMs: c.HEATING_SEASON_PUBLISH_CHECK_MS,
    },
    serviceHours: serviceHoursTable(c),
    fieldWork: {
      visits: { ...DEFAULT_TEMPERATURE_VISIT_RULES, thresholdCelsius: c.HEAT_ROOM_MIN_CELSIUS, minStaff: c.HEAT_VISIT_MIN_STAFF, complianceTarget: c.HEAT_COMPLIANCE_TARGET },
      schedule: {
        ...DEFAULT_INSPECTION_SCHEDULE,
        rules: {
          RESIDENTIAL: { every: 'MONTHS', months: c.GAS_RESIDENTIAL_INSPECTION_MONTHS },
          COMMERCIAL: { every: 'MONTHS', months: c.GAS_NONRESIDENTIAL_INSPECTION_MONTHS },
          INDUSTRIAL: { every: 'MONTHS', months: c.GAS_NONRESIDENTIAL_INSPECTION_MONTHS },
          OTHER: { every: 'MONTHS', months: c.GAS_NONRESIDENTIAL_INSPECTION_MONTHS },
          PUBLIC_BUILDING: { every: 'FESTIVALS' },
        },
        leadDays: c.GAS_INSPECTION_LEAD_DAYS,
        springFestival: c.SPRING_FESTIVAL_DATES,
      },
      inspections: { ...DEFAULT_INSPECTION_RULES, hazardRectifyDays: c.HAZARD_RECTIFY_DAYS, coverageTarget: c.GAS_INSPECTION_COVERAGE_TARGET },
      // pageSize: the network service's largest page (INPUT_MAX_PAGE_SIZE).
      directory: { pageSize: 5000, cachePoints: c.SERVICE_POINT_CACHE_POINTS },
    },
    ignitionCheckBatch: c.IGNITION_CHECK_BATCH,
    complaintRouting: c.COMPLAINT_CONCERN_ROUTING,
    orderRules: {
      levels: { ...DEFAULT_LEVEL_RULES, referralChannels: c.REFERRAL_LEVEL_CHANNELS, referralLevel: c.REFERRAL_LEVEL, riskLevel: c.RISK_LEVEL },
      leak: { ...DEFAULT_LEAK_RULES, onSitePublicMin: c.LEAK_ON_SITE_PUBLIC_MIN, onSiteOtherMin: c.LEAK_ON_SITE_OTHER_MIN, tierMinutes: c.LEAK_REPAIR_TIERS },
    },
    warrantyUnit: c.WARRANTY_UNIT,
    answerAtOnceCategories: c.ANSWER_AT_ONCE_CATEGORIES,
    report: {
      periodEndDay: c.REPORT_PERIOD_END_DAY, job: c.REPORT_JOB, checkMs: c.REPORT_JOB_CHECK_MS, workMemMb: c.REPORT_WORK_MEM_MB,
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
