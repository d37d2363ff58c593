// Gas safety inspections, docs/domain.md "Gas utility": every household once a year (the regulation's floor:
// once every 2 years), commercial, industrial and other non-residential users at least once a year, public
// buildings once before each of the Spring Festival, Labour Day and National Day; a found hazard gets a hazard
// rectification notice (安全隐患整改通知单) signed by the customer and followed until closed; vulnerable users
// (elderly, sick, disabled) first. Pure: dates are local dates 'YYYY-MM-DD' in the utility's zone.
import { DomainError, invalidInput } from './errors';
import { addDays, addMonths, daysBetween, isIsoDate } from './iso-date';

/** The network service's service point types (ServicePoint.customerType). */
export const CUSTOMER_TYPES = ['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'PUBLIC_BUILDING', 'OTHER'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export const VULNERABILITIES = ['ELDERLY', 'SICK', 'DISABLED'] as const;

/** In the order they fall in a year (the chain below depends on it: the Spring Festival is always in Jan/Feb). */
export const FESTIVALS = ['SPRING_FESTIVAL', 'LABOUR_DAY', 'NATIONAL_DAY'] as const;
export type Festival = (typeof FESTIVALS)[number];

export const FESTIVAL_LABELS: Record<Festival, { zh: string; en: string }> = {
  SPRING_FESTIVAL: { zh: '春节', en: 'Spring Festival' },
  LABOUR_DAY: { zh: '劳动节', en: 'Labour Day' },
  NATIONAL_DAY: { zh: '国庆节', en: 'National Day' },
};

/** How often a customer type is inspected: every n months after the last inspection, or before each festival. */
export type ScheduleRule = { every: 'MONTHS'; months: number } | { every: 'FESTIVALS' };

export interface InspectionScheduleConfig {
  rules: Record<CustomerType, ScheduleRule>;
  /** An interval inspection is listed as due this many days before its date (planning lead). */
  leadDays: number;
  /** The Spring Festival's date per year (it follows the lunar calendar): 'YYYY' → 'YYYY-MM-DD'. */
  springFestival: Record<string, string>;
  /** Festivals on the same day every year, 'MM-DD'. */
  fixedFestivals: Record<Exclude<Festival, 'SPRING_FESTIVAL'>, string>;
}

/** Spring Festival (农历正月初一) 2026–2028; later years are added in SPRING_FESTIVAL_DATES. */
export const DEFAULT_SPRING_FESTIVAL: Record<string, string> = { 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26' };

export const DEFAULT_INSPECTION_SCHEDULE: InspectionScheduleConfig = {
  rules: {
    RESIDENTIAL: { every: 'MONTHS', months: 12 },
    COMMERCIAL: { every: 'MONTHS', months: 12 },
    INDUSTRIAL: { every: 'MONTHS', months: 12 },
    OTHER: { every: 'MONTHS', months: 12 },
    PUBLIC_BUILDING: { every: 'FESTIVALS' },
  },
  leadDays: 30,
  springFestival: DEFAULT_SPRING_FESTIVAL,
  fixedFestivals: { LABOUR_DAY: '05-01', NATIONAL_DAY: '10-01' },
};

/** Residential inspections may be spread to the regulation's floor, non-residential ones not past a year. */
export const MAX_INTERVAL_MONTHS = { residential: 24, nonResidential: 12 } as const;

export type DueStatus = 'NOT_DUE' | 'DUE' | 'OVERDUE';

export interface InspectionDue {
  status: DueStatus;
  /** From when the inspection is due (listed). */
  dueFrom: string;
  /** The last day it may be done on time; null only when not due yet and the next festival's date is not configured. */
  dueBy: string | null;
  /** Whole days past dueBy (0 unless OVERDUE). */
  daysOverdue: number;
  /** The festival the inspection must come before (festival schedules). */
  festival: Festival | null;
  neverInspected: boolean;
}

interface FestivalRef {
  festival: Festival;
  year: number;
}

function festivalDate(ref: FestivalRef, cfg: InspectionScheduleConfig, field: string): string {
  if (ref.festival === 'SPRING_FESTIVAL') {
    const d = cfg.springFestival[String(ref.year)];
    if (!d) {
      throw new DomainError(
        'INVALID_INPUT',
        `未配置 ${ref.year} 年春节日期（SPRING_FESTIVAL_DATES），无法计算公共建筑节前安检 / ${field}: the Spring Festival of ${ref.year} is not configured (SPRING_FESTIVAL_DATES): ` +
          'public-building inspections cannot be scheduled',
        { field, setting: 'SPRING_FESTIVAL_DATES', year: ref.year },
      );
    }
    return d;
  }
  return `${ref.year}-${cfg.fixedFestivals[ref.festival]}`;
}

function nextFestival(r: FestivalRef): FestivalRef {
  const i = FESTIVALS.indexOf(r.festival);
  return i === FESTIVALS.length - 1 ? { festival: FESTIVALS[0], year: r.year + 1 } : { festival: FESTIVALS[i + 1], year: r.year };
}

function previousFestival(r: FestivalRef): FestivalRef {
  const i = FESTIVALS.indexOf(r.festival);
  return i === 0 ? { festival: FESTIVALS[FESTIVALS.length - 1], year: r.year - 1 } : { festival: FESTIVALS[i - 1], year: r.year };
}

/**
 * The first festival after `date` (a festival's own day starts the next window). Only the Spring Festival
 * moves, and it always falls between National Day and Labour Day, so its date is needed only when `date`
 * lies in that stretch of the year.
 */
export function festivalAfter(date: string, cfg: InspectionScheduleConfig = DEFAULT_INSPECTION_SCHEDULE, field = 'asOf'): FestivalRef & { on: string } {
  const year = Number(date.slice(0, 4));
  let ref: FestivalRef = { festival: FESTIVALS[0], year };
  // Walk the year's festivals in order; the Spring Festival of `year` is looked up only if date precedes Labour Day.
  for (;;) {
    const on = ref.festival === 'SPRING_FESTIVAL' && ref.year === year && date >= `${year}-${cfg.fixedFestivals.LABOUR_DAY}`
      ? null // date is past Labour Day, so past this Spring Festival too
      : festivalDate(ref, cfg, field);
    if (on !== null && on > date) return { ...ref, on };
    ref = nextFestival(ref);
  }
}

/**
 * When a service point's next inspection is due as of `asOf`, given its last inspection (none: never
 * inspected, so due now). Interval types: `months` after the last inspection, listed `leadDays` before.
 * Festival types: one inspection in each window between two festivals; a window without one is overdue
 * from the eve of its festival on, and the open window is due until the eve of the next festival.
 */
export function inspectionDue(
  point: { customerType: CustomerType; lastInspectedOn: string | null },
  asOf: string,
  cfg: InspectionScheduleConfig = DEFAULT_INSPECTION_SCHEDULE,
  field = 'asOf',
): InspectionDue {
  const rule = cfg.rules[point.customerType];
  if (!rule) throw invalidInput(`未知用户类型 / unknown customer type ${String(point.customerType)}`, { field: 'customerType' });
  const last = point.lastInspectedOn;
  if (rule.every === 'MONTHS') {
    if (!last) return { status: 'DUE', dueFrom: asOf, dueBy: asOf, daysOverdue: 0, festival: null, neverInspected: true };
    const dueBy = addMonths(last, rule.months);
    const dueFrom = addDays(dueBy, -cfg.leadDays);
    const status: DueStatus = asOf < dueFrom ? 'NOT_DUE' : asOf <= dueBy ? 'DUE' : 'OVERDUE';
    return { status, dueFrom, dueBy, daysOverdue: Math.max(0, daysBetween(dueBy, asOf)), festival: null, neverInspected: false };
  }
  const f = festivalAfter(asOf, cfg, field);
  const p = previousFestival(f);
  const pOn = festivalDate(p, cfg, field);
  const eve = (on: string) => addDays(on, -1);
  if (!last) return { status: 'DUE', dueFrom: pOn, dueBy: eve(f.on), daysOverdue: 0, festival: f.festival, neverInspected: true };
  if (last >= pOn) {
    // The open window is done: due again in the next one, before the festival after.
    const n = nextFestival(f);
    let dueBy: string | null = null;
    try {
      dueBy = eve(festivalDate(n, cfg, field));
    } catch {
      dueBy = null; // not due now either way; the missing year matters once the window opens
    }
    return { status: 'NOT_DUE', dueFrom: f.on, dueBy, daysOverdue: 0, festival: n.festival, neverInspected: false };
  }
  const pp = previousFestival(p);
  const ppOn = festivalDate(pp, cfg, field);
  if (last >= ppOn) return { status: 'DUE', dueFrom: pOn, dueBy: eve(f.on), daysOverdue: 0, festival: f.festival, neverInspected: false };
  // The last window passed without an inspection: late since the eve of its festival.
  const dueBy = eve(pOn);
  return { status: 'OVERDUE', dueFrom: ppOn, dueBy, daysOverdue: daysBetween(dueBy, asOf), festival: p.festival, neverInspected: false };
}

/** The latest of the known inspection dates on or before `asOf` (later ones are not known at `asOf`). */
export function lastInspectionAsOf(dates: ReadonlyArray<string | null | undefined>, asOf: string): string | null {
  let best: string | null = null;
  for (const d of dates) if (d && d <= asOf && (!best || d > best)) best = d;
  return best;
}

export interface PrioritizedDue {
  servicePointId: string;
  vulnerable: boolean;
  status: DueStatus;
  daysOverdue: number;
  dueBy: string | null;
  neverInspected: boolean;
}

const STATUS_RANK = (d: PrioritizedDue) => (d.status === 'OVERDUE' ? 0 : d.neverInspected ? 1 : 2);

/**
 * docs/domain.md: vulnerable users (elderly, sick, disabled) get priority. Then the latest first (most
 * days overdue), never-inspected points, the earliest due date; the id keeps the order total.
 */
export function byInspectionPriority(a: PrioritizedDue, b: PrioritizedDue): number {
  return (
    Number(b.vulnerable) - Number(a.vulnerable) ||
    STATUS_RANK(a) - STATUS_RANK(b) ||
    b.daysOverdue - a.daysOverdue ||
    (a.dueBy ?? '').localeCompare(b.dueBy ?? '') ||
    a.servicePointId.localeCompare(b.servicePointId)
  );
}

// ---------- results, hazards ----------

export const INSPECTION_OUTCOMES = ['PASS', 'HAZARD_FOUND', 'NO_ACCESS', 'REFUSED'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];
/** Outcomes in which the inspection was carried out (no access and a refused inspection leave the point due). */
export const INSPECTED_OUTCOMES: readonly InspectionOutcome[] = ['PASS', 'HAZARD_FOUND'];

export interface InspectionRules {
  minInspectors: number;
  /** Days the customer has to rectify a hazard (HAZARD_RECTIFY_DAYS); the notice's deadline. */
  hazardRectifyDays: number;
  /** Share of the due inspections the monthly report expects done (GAS_INSPECTION_COVERAGE_TARGET). */
  coverageTarget: number;
}

export const DEFAULT_INSPECTION_RULES: InspectionRules = { minInspectors: 1, hazardRectifyDays: 7, coverageTarget: 1 };

export interface HazardItem {
  code?: string | null;
  description: string;
}

export interface InspectionResultInput {
  outcome: InspectionOutcome;
  inspectedAt: Date;
  inspectors: Array<{ id: string; name: string }>;
  hazards?: HazardItem[] | null;
  customerSignature?: string | null;
  customerRefused?: boolean | null;
  /** YYYY-MM-DD: a nearer or later deadline than the default for this notice. */
  rectifyBy?: string | null;
  note?: string | null;
}

export interface CheckedInspectionResult {
  outcome: InspectionOutcome;
  inspectedAt: Date;
  inspectedOn: string;
  inspectors: Array<{ id: string; name: string }>;
  hazards: Array<{ code: string | null; description: string }>;
  customerSignature: string | null;
  customerRefused: boolean;
  /** Set when a hazard was found: the rectification deadline (local date). */
  rectifyBy: string | null;
  note: string | null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * Checks an inspection result (INVALID_INPUT naming the field): a found hazard lists the hazards and carries
 * the customer's signature on the notice (or the refusal to sign); a deadline, when given, is not before the
 * inspection. `inspectedOn` is the inspection's local date, computed by the caller in the utility's zone.
 */
export function checkInspectionResult(
  input: InspectionResultInput, inspectedOn: string, now: Date, rules: InspectionRules = DEFAULT_INSPECTION_RULES, at = 'result',
): CheckedInspectionResult {
  if (!(INSPECTION_OUTCOMES as readonly string[]).includes(input.outcome)) {
    throw invalidInput(`${at}.outcome 须为 ${INSPECTION_OUTCOMES.join('、')} / ${at}.outcome must be one of ${INSPECTION_OUTCOMES.join(', ')}`, { field: `${at}.outcome` });
  }
  if (!(input.inspectedAt instanceof Date) || Number.isNaN(input.inspectedAt.getTime()) || input.inspectedAt.getTime() > now.getTime()) {
    throw invalidInput(`${at}.inspectedAt 须为不晚于现在的时间 / ${at}.inspectedAt must be a time not in the future`, { field: `${at}.inspectedAt` });
  }
  const inspectors: Array<{ id: string; name: string }> = [];
  (input.inspectors ?? []).forEach((s, i) => {
    const id = text(s?.id);
    const name = text(s?.name);
    if (!id || !name) throw invalidInput(`${at}.inspectors[${i}] 须有工号和姓名 / ${at}.inspectors[${i}] needs an id and a name`, { field: `${at}.inspectors[${i}]`, index: i });
    if (!inspectors.some((x) => x.id === id)) inspectors.push({ id, name });
  });
  if (inspectors.length < rules.minInspectors) {
    throw invalidInput(`安检须至少 ${rules.minInspectors} 名安检员 / ${at}.inspectors: at least ${rules.minInspectors} inspector(s)`, { field: `${at}.inspectors`, min: rules.minInspectors });
  }
  const hazards = (input.hazards ?? []).map((h, i) => {
    const description = text(h?.description);
    if (!description) throw invalidInput(`${at}.hazards[${i}].description 不能为空 / ${at}.hazards[${i}].description is required`, { field: `${at}.hazards[${i}].description`, index: i });
    return { code: text(h.code) || null, description };
  });
  const signature = text(input.customerSignature);
  const refused = input.customerRefused === true;
  if (signature && refused) throw invalidInput(`用户已签字就不是拒签 / ${at}.customerRefused: a signed notice is not a refusal`, { field: `${at}.customerRefused` });
  let rectifyBy: string | null = null;
  if (input.outcome === 'HAZARD_FOUND') {
    if (!hazards.length) throw invalidInput(`发现隐患须列明隐患 / ${at}.hazards: a found hazard is listed`, { field: `${at}.hazards` });
    if (!signature && !refused) {
      throw invalidInput(
        `安全隐患整改通知单须由用户签字（或注明拒签）/ ${at}.customerSignature: the hazard rectification notice is signed by the customer (or customerRefused)`,
        { field: `${at}.customerSignature` },
      );
    }
    if (input.rectifyBy !== null && input.rectifyBy !== undefined) {
      if (!isIsoDate(input.rectifyBy)) throw invalidInput(`${at}.rectifyBy 须为日期 YYYY-MM-DD / ${at}.rectifyBy must be a date YYYY-MM-DD`, { field: `${at}.rectifyBy` });
      if (input.rectifyBy < inspectedOn) throw invalidInput(`整改期限不能早于安检日 / ${at}.rectifyBy cannot be before the inspection (${inspectedOn})`, { field: `${at}.rectifyBy` });
      rectifyBy = input.rectifyBy;
    } else {
      rectifyBy = addDays(inspectedOn, rules.hazardRectifyDays);
    }
  } else {
    if (hazards.length) throw invalidInput(`只有发现隐患时才列隐患 / ${at}.hazards: hazards go with outcome HAZARD_FOUND`, { field: `${at}.hazards` });
    if (input.rectifyBy) throw invalidInput(`只有发现隐患时才有整改期限 / ${at}.rectifyBy goes with outcome HAZARD_FOUND`, { field: `${at}.rectifyBy` });
  }
  return {
    outcome: input.outcome, inspectedAt: new Date(input.inspectedAt), inspectedOn, inspectors, hazards,
    customerSignature: signature || null, customerRefused: refused, rectifyBy, note: text(input.note) || null,
  };
}

/** Days an open notice is past its deadline on `today` (0 when not late or closed). */
export function hazardDaysOverdue(notice: { status: 'OPEN' | 'CLOSED'; rectifyBy: string }, today: string): number {
  return notice.status === 'OPEN' ? Math.max(0, daysBetween(notice.rectifyBy, today)) : 0;
}

/**
 * What an inspection result does to the point's open notices: a pass closes them all (the hazards were
 * rectified); a hazard found on a follow-up keeps the followed notice open (not rectified) and issues none,
 * on any other inspection it issues a new notice; no access or a refusal changes nothing.
 */
export function hazardEffects(outcome: InspectionOutcome, followUpOf: string | null): { closeOpen: boolean; issue: boolean } {
  if (outcome === 'PASS') return { closeOpen: true, issue: false };
  if (outcome === 'HAZARD_FOUND') return { closeOpen: false, issue: followUpOf === null };
  return { closeOpen: false, issue: false };
}

// ---------- coverage ----------

export interface CoveragePoint {
  customerType: CustomerType;
  /** The last inspection before the period (GIS date or a recorded one). */
  lastBefore: string | null;
  /** Carried out (PASS / HAZARD_FOUND) within the period. */
  inspectedInPeriod: boolean;
}

export interface InspectionCoverage {
  /** Points whose inspection fell due by the period's last day (late ones carried over included). */
  due: number;
  /** Of those, inspected in the period. */
  inspectedOfDue: number;
  rate: number | null;
  target: number;
  met: boolean | null;
}

/**
 * Inspection coverage of a period [from, to): of the points whose inspection was due by the period's last day
 * (their deadline in the period, or already late), the share inspected in it. A point inspected early, before
 * it fell due, is not counted as due.
 */
export function inspectionCoverage(
  points: readonly CoveragePoint[], period: { from: string; to: string }, cfg: InspectionScheduleConfig, target: number,
): InspectionCoverage {
  const lastDay = addDays(period.to, -1);
  let due = 0;
  let inspectedOfDue = 0;
  for (const p of points) {
    const d = inspectionDue({ customerType: p.customerType, lastInspectedOn: p.lastBefore }, lastDay, cfg, 'month');
    if (d.status === 'NOT_DUE' || d.dueBy === null || d.dueBy > lastDay) continue;
    due++;
    if (p.inspectedInPeriod) inspectedOfDue++;
  }
  const rate = due ? inspectedOfDue / due : null;
  return { due, inspectedOfDue, rate, target, met: rate === null ? null : rate >= target };
}
