import { Category, ComplaintConcern, Department, Severity } from './enums';
import { invalidInput } from './errors';

// Defaults from docs/domain.md "Work orders", "Heating utility" and "Gas utility"; a utility overrides any of them in configuration.

/**
 * The deadlines an order can have. `reply` is a first answer to the customer, its own clock beside the
 * resolution (docs/domain.md: a heat complaint is replied to within 30 min, answered within 5 days).
 */
export type SlaKind = 'dispatch' | 'accept' | 'reply' | 'onSite' | 'resolve' | 'callback';
export const SLA_KINDS: readonly SlaKind[] = ['dispatch', 'accept', 'reply', 'onSite', 'resolve', 'callback'];

/**
 * One deadline rule. Exactly one of `minutes` / `workingDays` is set.
 * basis 'clock': minutes of elapsed time; basis 'working': `minutes` of working time or `workingDays`.
 * `workingDays` are counted from the day after the start: the day of the request never counts, whatever
 * its hour (docs/domain.md: "within 5 working days from the day after paying").
 * from: the instant the deadline runs from — the report unless stated (docs/domain.md: "deadline from the report").
 * Conditions (absent = any order): a target of the same kind with a condition that holds wins over one
 * without (see `selectTargets`), so a table row can say "major faults: 24 h" or "first 10 days of the
 * heating season: 5 h" without the engine knowing any category.
 */
export interface SlaTarget {
  kind: SlaKind;
  minutes?: number;
  workingDays?: number;
  basis: 'clock' | 'working';
  from?: 'report' | 'dispatch' | 'resolve';
  /** Applies to orders of this severity only. */
  severity?: Severity;
  /** Applies to reports made in the first N days of the heating season only (day 1 = its first day). */
  seasonFirstDays?: number;
}

export type SlaTargetTable = Record<Category, SlaTarget[]>;

/** What of an order the target conditions look at. */
export interface SlaContext {
  severity?: Severity | null;
  /** Days since the start of the heating season the report falls in (0 on its first day); null outside every season. */
  seasonDay?: number | null;
}

function holds(t: SlaTarget, ctx: SlaContext): boolean {
  if (t.severity && t.severity !== (ctx.severity ?? Severity.ORDINARY)) return false;
  if (t.seasonFirstDays !== undefined && !(ctx.seasonDay !== null && ctx.seasonDay !== undefined && ctx.seasonDay < t.seasonFirstDays)) return false;
  return true;
}

const specificity = (t: SlaTarget): number => (t.severity ? 2 : 0) + (t.seasonFirstDays !== undefined ? 1 : 0);

/**
 * The targets in force for an order: per kind, the most specific row whose conditions hold (severity
 * before season; the shorter season window first). A kind whose rows are all conditional and none holds
 * has no deadline for this order.
 */
export function selectTargets(list: readonly SlaTarget[], ctx: SlaContext = {}): SlaTarget[] {
  const best = new Map<SlaKind, SlaTarget>();
  for (const t of list) {
    if (!holds(t, ctx)) continue;
    const cur = best.get(t.kind);
    const better = !cur || specificity(t) > specificity(cur)
      || (specificity(t) === specificity(cur) && (t.seasonFirstDays ?? Infinity) < (cur.seasonFirstDays ?? Infinity));
    if (better) best.set(t.kind, t);
  }
  return SLA_KINDS.filter((k) => best.has(k)).map((k) => best.get(k) as SlaTarget);
}

/** Stable order of a category's rows: by kind, then unconditional first, then by severity and season window. */
export function compareTargets(a: SlaTarget, b: SlaTarget): number {
  return SLA_KINDS.indexOf(a.kind) - SLA_KINDS.indexOf(b.kind)
    || (a.severity ?? '').localeCompare(b.severity ?? '')
    || (a.seasonFirstDays ?? 0) - (b.seasonFirstDays ?? 0);
}

const H = 60;
const DAY = 24 * H;

const dispatch: SlaTarget = { kind: 'dispatch', minutes: 5, basis: 'clock' };
// docs/domain.md: "accept a dispatched order within 20 minutes" — runs from the (first) dispatch.
const accept: SlaTarget = { kind: 'accept', minutes: 20, basis: 'clock', from: 'dispatch' };
// docs/domain.md: "complaints within 1 hour".
const acceptComplaint: SlaTarget = { kind: 'accept', minutes: 1 * H, basis: 'clock', from: 'dispatch' };
// docs/domain.md: callback "within 3 days of completion".
const callback: SlaTarget = { kind: 'callback', minutes: 3 * DAY, basis: 'clock', from: 'resolve' };
const onSite = (minutes: number, cond: Partial<SlaTarget> = {}): SlaTarget => ({ kind: 'onSite', minutes, basis: 'clock', ...cond });
const resolve = (minutes: number, cond: Partial<SlaTarget> = {}): SlaTarget => ({ kind: 'resolve', minutes, basis: 'clock', ...cond });
const resolveWorkingDays = (workingDays: number): SlaTarget => ({ kind: 'resolve', workingDays, basis: 'working' });
const reply = (minutes: number): SlaTarget => ({ kind: 'reply', minutes, basis: 'clock' });

/** "N days" in docs/domain.md are calendar days (clock); "working days" are working days. */
export const DEFAULT_SLA_TARGETS: SlaTargetTable = {
  BURST: [dispatch, accept, onSite(40), resolve(24 * H), callback],
  LEAK: [dispatch, accept, onSite(40), resolve(24 * H), callback],
  NO_WATER: [dispatch, accept, onSite(40), resolve(24 * H), callback],
  MAINS_PRESSURE: [dispatch, accept, resolve(4 * H), callback],
  CUSTOMER_PRESSURE: [dispatch, accept, resolve(3 * DAY), callback],
  // Sample within 2 h counts as the on-site target.
  WATER_QUALITY: [dispatch, accept, onSite(2 * H), resolve(24 * H), callback],
  // "Work starts within 12 h" counts as the on-site target.
  METER_FAULT: [dispatch, accept, onSite(12 * H), resolve(36 * H), callback],
  // 48 h when another unit must shut the water: handled as an extension, not a second default.
  METER_BOX: [dispatch, accept, onSite(40), resolve(24 * H), callback],
  BILLING: [dispatch, accept, resolve(24 * H), callback],
  RECONNECTION: [dispatch, accept, resolve(24 * H), callback],
  THEFT: [dispatch, accept, resolve(48 * H), callback],
  COVER: [dispatch, accept, resolve(48 * H), callback],
  SUPPLY_DIFFICULTY: [dispatch, accept, resolve(3 * DAY), callback],
  WORKS_QUALITY: [dispatch, accept, resolve(5 * DAY), callback],
  // docs/domain.md, Water rules: complaints are accepted within 1 h of the report (not of the dispatch).
  COMPLAINT: [
    dispatch,
    { kind: 'accept', minutes: 1 * H, basis: 'clock' },
    { kind: 'resolve', workingDays: 3, basis: 'working' },
    callback,
  ],
  // Answered at once when it can be; if dispatched, dispatch/accept still apply.
  INQUIRY: [dispatch, accept],
  // docs/domain.md, Water rules: the 12 h level is "generally not used"; urgent events get the 24 h level.
  URGENT: [dispatch, accept, resolve(24 * H), callback],
  // The application's own stages have their clocks (domain/new-connection.ts); the order itself is
  // dispatched and accepted like any other, and its callback is the monthly sample's.
  NEW_CONNECTION: [dispatch, accept, callback],

  // ---- heat (docs/domain.md "Heating utility") ----
  // "Cause found and explained within 8 h": the explanation is the resolution.
  HEAT_LOSS: [dispatch, accept, resolve(8 * H), callback],
  HEAT_MAIN_ACCIDENT: [dispatch, accept, onSite(30), callback],
  HEAT_LEAK: [dispatch, accept, onSite(1 * H), callback],
  // On site within 5 h in the first 10 days of the season, within 2 h after that (and, when configured to stay a
  // temperature report, outside the season).
  HEAT_TEMPERATURE: [dispatch, accept, onSite(2 * H), onSite(5 * H, { seasonFirstDays: 10 }), callback],
  HEAT_REPAIR: [dispatch, accept, onSite(1 * H), callback],
  // Free advice; the phone callback within 3 working days of completion.
  HEAT_CUSTOMER_EQUIPMENT: [dispatch, accept, { kind: 'callback', workingDays: 3, basis: 'working', from: 'resolve' }],
  // Reply within 30 min; complex cases answered within 5 days.
  HEAT_COMPLAINT: [dispatch, acceptComplaint, reply(30), resolve(5 * DAY), callback],
  HEAT_INQUIRY: [dispatch, accept],
  HEAT_BILLING: [dispatch, accept],

  // ---- gas (docs/domain.md "Gas utility") ----
  GAS_ALARM: [dispatch, accept, onSite(30), callback],
  // Ordinary fault cleared within 4 h, major within 24 h.
  GAS_NETWORK_FAULT: [dispatch, accept, resolve(4 * H), resolve(24 * H, { severity: Severity.MAJOR }), callback],
  // The crew goes at once; handled (on site) within 6 h, fixed within 24 h.
  GAS_APPLIANCE: [dispatch, accept, onSite(6 * H), resolve(24 * H), callback],
  // Survey and installation within 5 working days from the day after paying.
  GAS_INSTALL: [dispatch, accept, resolveWorkingDays(5), callback],
  // Within 3 working days from the day after the request (alterations are GAS_INSTALL: 5).
  GAS_SERVICE: [dispatch, accept, resolveWorkingDays(3), callback],
  GAS_INSPECTION: [dispatch, accept, resolve(3 * DAY), callback],
  // Answer within 48 h; handling decision within 3 working days.
  GAS_COMPLAINT: [dispatch, acceptComplaint, reply(48 * H), resolveWorkingDays(3), callback],
  // Counter work in minutes: answered at once.
  GAS_INQUIRY: [dispatch, accept],
  GAS_BILLING: [dispatch, accept],
};

/** Flat rows for seeding an `sla_target` table. */
export interface SlaTargetRow extends SlaTarget {
  category: Category;
}

export function slaTargetRows(table: SlaTargetTable = DEFAULT_SLA_TARGETS): SlaTargetRow[] {
  return (Object.keys(table) as Category[]).flatMap((category) => table[category].map((t) => ({ category, ...t })));
}

/** Throws INVALID_INPUT naming the category and index of the first malformed target. */
export function validateSlaTargets(table: SlaTargetTable): void {
  for (const category of Object.values(Category)) {
    const targets = table[category];
    if (!targets) throw invalidInput(`SLA 目标缺少类别 / SLA targets missing category ${category}`, { category });
    const seen = new Set<string>();
    targets.forEach((t, i) => {
      const where = `SLA 目标 / SLA target ${category}[${i}]`;
      if (!SLA_KINDS.includes(t.kind)) throw invalidInput(`${where}: 未知类型 / unknown kind ${String(t.kind)}`);
      const key = `${t.kind}|${t.severity ?? ''}|${t.seasonFirstDays ?? ''}`;
      if (seen.has(key)) throw invalidInput(`${where}: 重复类型 / duplicate kind ${t.kind}${t.severity ? ` (${t.severity})` : ''}${t.seasonFirstDays !== undefined ? ` (first ${t.seasonFirstDays} days)` : ''}`);
      seen.add(key);
      if (t.severity !== undefined && !Object.values(Severity).includes(t.severity)) throw invalidInput(`${where}: 未知严重程度 / unknown severity ${String(t.severity)}`);
      if (t.seasonFirstDays !== undefined && !(Number.isInteger(t.seasonFirstDays) && t.seasonFirstDays > 0)) {
        throw invalidInput(`${where}: seasonFirstDays 须为正整数 / seasonFirstDays must be a positive integer`);
      }
      const hasMin = t.minutes !== undefined;
      const hasDays = t.workingDays !== undefined;
      if (hasMin === hasDays) throw invalidInput(`${where}: minutes 与 workingDays 须且仅须给一个 / exactly one of minutes, workingDays`);
      if (hasDays && t.basis !== 'working') throw invalidInput(`${where}: workingDays 需要 basis 'working' / workingDays needs basis 'working'`);
      const v = (t.minutes ?? t.workingDays) as number;
      if (!Number.isFinite(v) || v < 0) throw invalidInput(`${where}: 期限须为非负数 / duration must be a non-negative number`);
    });
  }
}

/** Default owning department per category (docs/domain.md table). */
export const DEFAULT_ROUTING: Record<Category, Department> = {
  BURST: Department.NETWORK,
  LEAK: Department.NETWORK,
  NO_WATER: Department.NETWORK,
  MAINS_PRESSURE: Department.PRODUCTION,
  CUSTOMER_PRESSURE: Department.NETWORK,
  WATER_QUALITY: Department.QUALITY,
  METER_FAULT: Department.METER,
  METER_BOX: Department.METER,
  BILLING: Department.BUSINESS,
  RECONNECTION: Department.BUSINESS,
  THEFT: Department.INSPECTION,
  COVER: Department.NETWORK,
  SUPPLY_DIFFICULTY: Department.NETWORK,
  WORKS_QUALITY: Department.WORKS,
  COMPLAINT: Department.DISCIPLINE,
  INQUIRY: Department.CALL_CENTER,
  URGENT: Department.DUTY,
  NEW_CONNECTION: Department.BUSINESS,
  HEAT_LOSS: Department.HEAT_DISPATCH,
  HEAT_MAIN_ACCIDENT: Department.HEAT_REPAIR_CREW,
  HEAT_LEAK: Department.HEAT_REPAIR_CREW,
  HEAT_TEMPERATURE: Department.HEAT_SUBSTATION,
  HEAT_REPAIR: Department.HEAT_REPAIR_CREW,
  HEAT_CUSTOMER_EQUIPMENT: Department.HEAT_SERVICE,
  HEAT_COMPLAINT: Department.HEAT_SERVICE,
  HEAT_INQUIRY: Department.HEAT_SERVICE,
  HEAT_BILLING: Department.HEAT_SERVICE,
  GAS_ALARM: Department.GAS_EMERGENCY,
  GAS_NETWORK_FAULT: Department.GAS_EMERGENCY,
  GAS_APPLIANCE: Department.GAS_INSTALLATION,
  GAS_INSTALL: Department.GAS_INSTALLATION,
  GAS_SERVICE: Department.GAS_INSTALLATION,
  GAS_INSPECTION: Department.GAS_SAFETY,
  GAS_COMPLAINT: Department.GAS_BUSINESS_HALL,
  GAS_INQUIRY: Department.GAS_BUSINESS_HALL,
  GAS_BILLING: Department.GAS_BUSINESS_HALL,
};

/**
 * docs/domain.md, Water rules: a complaint goes to the department it concerns — works quality and
 * timeliness to the works company, staff conduct to the discipline office. A complaint with no
 * concern given follows the routing table (COMPLAINT → DISCIPLINE).
 */
export const DEFAULT_COMPLAINT_ROUTING: Record<ComplaintConcern, Department> = {
  WORKS_QUALITY: Department.WORKS,
  TIMELINESS: Department.WORKS,
  STAFF_CONDUCT: Department.DISCIPLINE,
};

export type PressureSide = 'MAINS' | 'CUSTOMER';

export interface RouteInput {
  category: Category;
  /** For pressure reports: where the problem lies; decides MAINS_PRESSURE vs CUSTOMER_PRESSURE. */
  pressureSide?: PressureSide;
  /** The report location lies inside a known outage area. */
  insideKnownOutage?: boolean;
  /** The report falls in a heating season (default: yes). */
  inSeason?: boolean;
  /** For complaints: what it is about (routes it by `complaintRouting`). */
  complaintConcern?: ComplaintConcern | null;
}

/**
 * Seasonal categories and what they become outside the heating season (docs/domain.md: "outside the
 * season a temperature report is an inquiry unless the utility says otherwise"); HEAT_OFF_SEASON_TEMPERATURE.
 */
export type OffSeasonCategories = Partial<Record<Category, Category>>;
export const DEFAULT_OFF_SEASON: OffSeasonCategories = { HEAT_TEMPERATURE: Category.HEAT_INQUIRY };

export interface RouteResult {
  category: Category;
  department: Department;
  /** Answer at once as a known outage and link, do not dispatch (docs/domain.md, Outages). */
  linkToOutage: boolean;
}

// Reports that an outage explains; a burst or leak inside an outage is still a new fault to dispatch.
export const DEFAULT_OUTAGE_EXPLAINED: readonly Category[] = [Category.NO_WATER, Category.MAINS_PRESSURE, Category.CUSTOMER_PRESSURE];

export function routeReport(
  input: RouteInput,
  routing: Record<Category, Department> = DEFAULT_ROUTING,
  outageExplained: readonly Category[] = DEFAULT_OUTAGE_EXPLAINED,
  offSeason: OffSeasonCategories = DEFAULT_OFF_SEASON,
  complaintRouting: Record<ComplaintConcern, Department> = DEFAULT_COMPLAINT_ROUTING,
): RouteResult {
  let category = input.category;
  if (input.inSeason === false && offSeason[category]) category = offSeason[category] as Category;
  const isPressure = category === Category.MAINS_PRESSURE || category === Category.CUSTOMER_PRESSURE;
  if (isPressure && input.pressureSide) {
    category = input.pressureSide === 'MAINS' ? Category.MAINS_PRESSURE : Category.CUSTOMER_PRESSURE;
  }
  if (input.complaintConcern && category !== Category.COMPLAINT) {
    throw invalidInput(`complaintConcern 只用于投诉 / complaintConcern is for complaints only (category ${category})`, { argument: 'input.complaintConcern' });
  }
  const department = (category === Category.COMPLAINT && input.complaintConcern ? complaintRouting[input.complaintConcern] : undefined) ?? routing[category];
  if (!department) throw invalidInput(`路由表缺少类别 / routing has no department for category ${category}`, { category });
  return { category, department, linkToOutage: !!input.insideKnownOutage && outageExplained.includes(category) };
}

/**
 * A compensation / penalty rule (docs/domain.md: "Compensation / penalties", Water rules).
 *  - trigger 'deadline': owed when the `target` deadline (an SLA kind or a new-connection stage) is
 *    missed; `amountCny` once or per started day late.
 *  - trigger 'finding': owed when a supervisor records the finding (meter not read, meter box late,
 *    overcharge) with its figures; basis 'fixed' pays `amountCny` (× days for per 'day'),
 *    'shareOfCost' pays `rate` × the cost per day late, 'multipleOfAmount' refunds the amount times a
 *    multiple between `rate` and `rateMax`.
 *  - payee 'CUSTOMER' is compensation paid to the customer; 'INTERNAL' is a fine on the responsible unit
 *    (the order's department), reported apart.
 */
export interface CompensationRule {
  id: string;
  category: Category[];
  trigger: 'deadline' | 'finding';
  /** The deadline whose breach triggers a 'deadline' rule (absent for findings). */
  target?: string;
  amountCny: number;
  /** 'day': per started day late (ceil of lateness / 24 h), or per day of the finding. */
  per: 'once' | 'day';
  basis: 'fixed' | 'shareOfCost' | 'multipleOfAmount';
  /** shareOfCost: share of the cost per day (0.01 = 1 %); multipleOfAmount: the lowest (default) multiple. */
  rate?: number;
  /** multipleOfAmount: the highest multiple a finding may apply. */
  rateMax?: number;
  payee: 'CUSTOMER' | 'INTERNAL';
  label?: { zh: string; en: string };
}

export const DEFAULT_COMPENSATION_RULES: CompensationRule[] = [
  {
    // docs/domain.md, Water rules: a fine on the responsible unit, not paid to the customer.
    id: 'LEAK_LATE_ON_SITE',
    category: [Category.LEAK, Category.BURST],
    trigger: 'deadline',
    target: 'onSite',
    amountCny: 100,
    per: 'once',
    basis: 'fixed',
    payee: 'INTERNAL',
    label: { zh: '漏水报修未按时到场（对责任单位考核）', en: 'Not on site in time after a leak report (fine on the responsible unit)' },
  },
  {
    // A late reply to a complete new-connection application: its answer stage (domain/new-connection.ts).
    id: 'LATE_REPLY',
    category: [Category.NEW_CONNECTION],
    trigger: 'deadline',
    target: 'answer',
    amountCny: 20,
    per: 'day',
    basis: 'fixed',
    payee: 'CUSTOMER',
    label: { zh: '资料齐全的接水申请答复超时（按日）', en: 'Late reply to a complete new-connection application (per day)' },
  },
  {
    id: 'METER_NOT_READ',
    category: [Category.BILLING, Category.METER_FAULT],
    trigger: 'finding',
    amountCny: 20,
    per: 'once',
    basis: 'fixed',
    payee: 'CUSTOMER',
    label: { zh: '未按规定抄表计费', en: 'Meter not read or charged as required' },
  },
  {
    id: 'METER_BOX_LATE',
    category: [Category.NEW_CONNECTION, Category.METER_BOX],
    trigger: 'finding',
    amountCny: 0,
    per: 'day',
    basis: 'shareOfCost',
    rate: 0.01,
    payee: 'CUSTOMER',
    label: { zh: '表箱未按时建成（按日，造价的1%）', en: 'Meter box not built on time (1 % of its cost per day)' },
  },
  {
    id: 'OVERCHARGE_REFUND',
    category: [Category.BILLING],
    trigger: 'finding',
    amountCny: 0,
    per: 'once',
    basis: 'multipleOfAmount',
    rate: 3,
    rateMax: 5,
    payee: 'CUSTOMER',
    label: { zh: '多收费用按3至5倍退还', en: 'Overcharge refunded 3 to 5 times' },
  },
];
