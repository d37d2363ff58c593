import { Category, Department } from './enums';
import { invalidInput } from './errors';

// Defaults from docs/domain.md "Work orders"; a utility overrides any of them in configuration.

export type SlaKind = 'dispatch' | 'accept' | 'onSite' | 'resolve' | 'callback';
export const SLA_KINDS: readonly SlaKind[] = ['dispatch', 'accept', 'onSite', 'resolve', 'callback'];

/**
 * One deadline rule. Exactly one of `minutes` / `workingDays` is set.
 * basis 'clock': minutes of elapsed time; basis 'working': `minutes` of working time or `workingDays`.
 * from: the instant the deadline runs from — the report unless stated (docs/domain.md: "deadline from the report").
 */
export interface SlaTarget {
  kind: SlaKind;
  minutes?: number;
  workingDays?: number;
  basis: 'clock' | 'working';
  from?: 'report' | 'dispatch' | 'resolve';
}

export type SlaTargetTable = Record<Category, SlaTarget[]>;

const H = 60;
const DAY = 24 * H;

const dispatch: SlaTarget = { kind: 'dispatch', minutes: 5, basis: 'clock' };
// docs/domain.md: "accept a dispatched order within 20 minutes" — runs from the (first) dispatch.
const accept: SlaTarget = { kind: 'accept', minutes: 20, basis: 'clock', from: 'dispatch' };
// docs/domain.md: callback "within 3 days of completion".
const callback: SlaTarget = { kind: 'callback', minutes: 3 * DAY, basis: 'clock', from: 'resolve' };
const onSite = (minutes: number): SlaTarget => ({ kind: 'onSite', minutes, basis: 'clock' });
const resolve = (minutes: number): SlaTarget => ({ kind: 'resolve', minutes, basis: 'clock' });

/** "N days" in docs/domain.md are calendar days (clock); only COMPLAINT is stated in working days. */
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
  COMPLAINT: [
    dispatch,
    { kind: 'accept', minutes: 1 * H, basis: 'clock', from: 'dispatch' },
    { kind: 'resolve', workingDays: 3, basis: 'working' },
    callback,
  ],
  // Answered at once when it can be; if dispatched, dispatch/accept still apply.
  INQUIRY: [dispatch, accept],
  // 12 h level by default; the 24 h level is a utility override.
  URGENT: [dispatch, accept, resolve(12 * H), callback],
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
    const seen = new Set<SlaKind>();
    targets.forEach((t, i) => {
      const where = `SLA 目标 / SLA target ${category}[${i}]`;
      if (!SLA_KINDS.includes(t.kind)) throw invalidInput(`${where}: 未知类型 / unknown kind ${String(t.kind)}`);
      if (seen.has(t.kind)) throw invalidInput(`${where}: 重复类型 / duplicate kind ${t.kind}`);
      seen.add(t.kind);
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
};

export type PressureSide = 'MAINS' | 'CUSTOMER';

export interface RouteInput {
  category: Category;
  /** For pressure reports: where the problem lies; decides MAINS_PRESSURE vs CUSTOMER_PRESSURE. */
  pressureSide?: PressureSide;
  /** The report location lies inside a known outage area. */
  insideKnownOutage?: boolean;
}

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
): RouteResult {
  let category = input.category;
  const isPressure = category === Category.MAINS_PRESSURE || category === Category.CUSTOMER_PRESSURE;
  if (isPressure && input.pressureSide) {
    category = input.pressureSide === 'MAINS' ? Category.MAINS_PRESSURE : Category.CUSTOMER_PRESSURE;
  }
  const department = routing[category];
  if (!department) throw invalidInput(`路由表缺少类别 / routing has no department for category ${category}`, { category });
  return { category, department, linkToOutage: !!input.insideKnownOutage && outageExplained.includes(category) };
}

/** A compensation / penalty rule (docs/domain.md: "Compensation / penalties"). */
export interface CompensationRule {
  id: string;
  category: Category[];
  /** The deadline whose breach triggers the rule. */
  target: SlaKind;
  amountCny: number;
  /** 'day': per started day late (ceil of lateness / 24 h). */
  per: 'once' | 'day';
  label?: { zh: string; en: string };
}

export const DEFAULT_COMPENSATION_RULES: CompensationRule[] = [
  {
    id: 'LEAK_LATE_ON_SITE',
    category: [Category.LEAK, Category.BURST],
    target: 'onSite',
    amountCny: 100,
    per: 'once',
    label: { zh: '漏水报修未按时到场', en: 'Not on site in time after a leak report' },
  },
  {
    id: 'LATE_REPLY',
    category: [Category.BILLING, Category.RECONNECTION],
    target: 'resolve',
    amountCny: 20,
    per: 'day',
    label: { zh: '答复超时（按日）', en: 'Late reply to a complete application (per day)' },
  },
];
