import { CallbackConfig, DEFAULT_CALLBACK_CONFIG, callbackPolicy, monthRange } from './callback';
import { LatLon } from './duplicates';
import {
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  COMPLAINT_TARGET_LABELS,
  Category,
  Channel,
  ComplaintTarget,
  DEPARTMENT_LABELS,
  Department,
  FEEDBACK_KIND_LABELS,
  FEEDBACK_SOURCE_LABELS,
  FeedbackKind,
  FeedbackSource,
  Label,
  WorkOrderStatus,
} from './enums';
import { DEFAULT_UTILITY, METRES_PER_DEGREE, UTILITY_KINDS, UTILITY_LABELS, UtilityKind } from '@mainline/common/domain';
import { localDate, zonedTimeToInstant } from './calendar';
import { categoriesOfClass, categoryUtility } from './categories';
import { assertValidDate, invalidInput } from './errors';

const MINUTE = 60_000;

/** Raw facts of one order, as stored; the report derives everything from these. */
export interface OrderFacts {
  id: string;
  /** The order number (WO-…), for the CSV's order list. */
  number?: string;
  /** Absent: WATER (orders from before utility kinds). */
  utility?: UtilityKind;
  category: Category;
  channel: Channel;
  /** Department that owns (handles) the order. */
  department: Department;
  status?: WorkOrderStatus;
  createdAt: Date;
  dispatchedAt?: Date;
  acceptedAt?: Date;
  onSiteAt?: Date;
  resolvedAt?: Date;
  dispatchDueAt?: Date;
  acceptDueAt?: Date;
  onSiteDueAt?: Date;
  resolveDueAt?: Date;
  extensionCount?: number;
  returnCount?: number;
  complaintTarget?: ComplaintTarget;
  /** For complaints against a department: which one. */
  complaintSubjectDepartment?: Department;
  callbackDone?: boolean;
  /** null / absent: the customer gave no answer. */
  callbackSatisfied?: boolean | null;
  location?: LatLon;
  address?: string;
  /** Compensation owed to the customer (not rejected). */
  compensationCny?: number;
  /** Fines on the responsible unit (internal, e.g. a late arrival at a leak), reported apart from compensation. */
  internalFineCny?: number;
  /** Answered on the call and closed (no dispatch). */
  answeredAt?: Date;
}

/** One registered praise, criticism or media exposure (the monthly report counts them beside complaints). */
export interface FeedbackFacts {
  id: string;
  kind: FeedbackKind;
  source: FeedbackSource;
  receivedAt: Date;
  subjectDepartment?: Department | null;
}

export type ReportStage = 'dispatch' | 'accept' | 'onSite' | 'resolve';
export const REPORT_STAGES: readonly ReportStage[] = ['dispatch', 'accept', 'onSite', 'resolve'];

const STAGE_FIELDS: Record<ReportStage, { due: keyof OrderFacts; done: keyof OrderFacts; from: keyof OrderFacts }> = {
  dispatch: { due: 'dispatchDueAt', done: 'dispatchedAt', from: 'createdAt' },
  // Acceptance time is the department's own: measured from dispatch.
  accept: { due: 'acceptDueAt', done: 'acceptedAt', from: 'dispatchedAt' },
  onSite: { due: 'onSiteDueAt', done: 'onSiteAt', from: 'createdAt' },
  resolve: { due: 'resolveDueAt', done: 'resolvedAt', from: 'createdAt' },
};

const STAGE_LABELS: Record<ReportStage, Label> = {
  dispatch: { zh: '派单', en: 'Dispatch' },
  accept: { zh: '接单', en: 'Accept' },
  onSite: { zh: '到场', en: 'On site' },
  resolve: { zh: '办结', en: 'Resolve' },
};

/** docs/domain.md monthly-report targets. */
export interface ReportGoals {
  onTimeRate: number;
  callbackRate: number;
  satisfactionRate: number;
  complaintSatisfactionRate: number;
  /** Average repair time (report → resolved) of `repairCategories`, at most this many minutes. */
  avgRepairMinutes: number;
  repairCategories: Category[];
}

export const DEFAULT_REPORT_GOALS: ReportGoals = {
  onTimeRate: 1, callbackRate: 1, satisfactionRate: 0.9, complaintSatisfactionRate: 0.8,
  avgRepairMinutes: 120, repairCategories: [Category.BURST, Category.LEAK, Category.METER_BOX],
};

/** One order of the period and what it counts in. */
export interface ReportOrderLine {
  number: string;
  createdAt: Date;
  category: Category;
  channel: Channel;
  department: Department;
  status: WorkOrderStatus | null;
  complaintTarget: ComplaintTarget | null;
  /** Per stage: on time, late, or null (not counted). */
  onTime: Record<ReportStage, boolean | null>;
  answeredAtOnce: boolean;
  afterService: boolean;
  calledBack: boolean;
  satisfied: boolean | null;
  repairMinutes: number | null;
  compensationCny: number;
  internalFineCny: number;
}

/**
 * One target beside its figure (docs/domain.md: the report "shows each target with its figure and whether
 * it is met"). `utility` null: a target of the whole desk; else of that kind. `value` null: nothing to measure.
 */
export interface ReportGoal {
  name: string;
  utility: UtilityKind | null;
  label: Label;
  target: number;
  value: number | null;
  met: boolean;
}

/** The goal whose figure is minutes (met at most the target); every other goal is a share (met at least). */
export const AVG_REPAIR_GOAL = 'avgRepairMinutes';

/** A per-kind goal measured from the period's aggregates of that kind (the groups of its orders). */
export interface KindGoalDef {
  name: string;
  label: Label;
  target: number;
  measure: (groups: ReportGroup[], kind: UtilityKind) => number | null;
}

/** Share of the kind's complaints (those owed service) resolved by `asOf`. */
function complaintClosure(groups: ReportGroup[], kind: UtilityKind): number | null {
  const cats = categoriesOfClass('complaint', kind);
  const own = groups.filter((g) => cats.includes(g.category));
  return ratio(sum(own, (g) => g.owedResolved), sum(own, (g) => g.owed));
}

/** On-time share of the on-site and resolve deadlines of the kind's repair categories. */
function repairTimeliness(groups: ReportGroup[], kind: UtilityKind): number | null {
  const cats = categoriesOfClass('repair', kind);
  const own = groups.filter((g) => cats.includes(g.category));
  const st = ['onSite', 'resolve'] as const;
  return ratio(sum(own, (g) => st.reduce((n, s) => n + g.stages[s].onTime, 0)), sum(own, (g) => st.reduce((n, s) => n + g.stages[s].counted, 0)));
}

export const DEFAULT_KIND_GOALS: Record<UtilityKind, KindGoalDef[]> = {
  WATER: [],
  HEAT: [
    { name: 'complaintClosure', label: { zh: '投诉办结率', en: 'Complaint closure' }, target: 1, measure: complaintClosure },
    { name: 'repairTimeliness', label: { zh: '报修及时率', en: 'Repair timeliness' }, target: 1, measure: repairTimeliness },
  ],
  GAS: [],
};

export interface ReportOptions {
  department?: Department;
  /** The report's period; default the calendar month in the zone (the service cuts it at the configured day). */
  period?: { start: Date; end: Date };
  /** Praise, criticism and media exposure registered (counted by `receivedAt` in the period). */
  feedback?: FeedbackFacts[];
  /** The kinds the report covers (default: all). */
  utilities?: readonly UtilityKind[];
  kindGoals?: Record<UtilityKind, KindGoalDef[]>;
  /** Goals measured elsewhere (e.g. room-temperature compliance from visits), shown beside the others. */
  extraGoals?: ReportGoal[];
  /** Open targets whose deadline passed by this instant count as late; default: end of the month. */
  asOf?: Date;
  callbackConfig?: CallbackConfig;
  goals?: ReportGoals;
  hotSpotLimit?: number;
  gridM?: number;
}

export interface CountRow<K extends string> {
  key: K;
  count: number;
}

export interface OnTimeStat {
  counted: number;
  onTime: number;
  late: number;
  rate: number | null;
}

export interface DurationStat {
  count: number;
  avgMinutes: number | null;
  /** Nearest-rank p90: the ceil(0.9 n)-th smallest value. */
  p90Minutes: number | null;
}

export interface HotSpotAddress {
  address: string;
  count: number;
  topCategory: Category;
}

export interface HotSpotCell {
  cellId: string;
  centerLat: number;
  centerLon: number;
  count: number;
  topCategory: Category;
}

export interface MonthlyReport {
  month: string;
  timeZone: string;
  department: Department | null;
  periodStart: Date;
  periodEnd: Date;
  asOf: Date;
  totalOrders: number;
  byCategory: CountRow<Category>[];
  byChannel: CountRow<Channel>[];
  byDepartment: CountRow<Department>[];
  complaints: { total: number; byTarget: Record<ComplaintTarget | 'UNSPECIFIED', number> };
  onTime: Record<ReportStage, OnTimeStat>;
  durations: Record<ReportStage, DurationStat>;
  extensions: { total: number; orders: number };
  returns: { total: number; orders: number };
  callback: { afterServiceResolved: number; calledBack: number; rate: number | null; answered: number; satisfied: number; satisfactionRate: number | null };
  complaintHandling: { answered: number; satisfied: number; satisfactionRate: number | null };
  hotSpots: { addresses: HotSpotAddress[]; cells: HotSpotCell[]; categories: CountRow<Category>[] };
  /** Paid to customers. */
  compensation: { orders: number; totalCny: number };
  /** Fines on the responsible units (docs/domain.md: kept apart from customer compensation), by the order's department. */
  internalFines: { orders: number; totalCny: number; byDepartment: Array<{ key: Department; orders: number; totalCny: number }> };
  /** Inquiries answered on the call and closed (no dispatch clock). */
  answeredAtOnce: number;
  /** Praise, criticism and media exposure registered in the period, beside the complaints. */
  feedback: { total: number; byKind: Record<FeedbackKind, number>; bySource: Record<FeedbackSource, number> };
  /** Average repair time of the repair categories resolved in the period. */
  repair: { count: number; avgMinutes: number | null };
  goals: ReportGoals;
  /** The orders behind the figures, one line each (the CSV's order list). */
  orders: ReportOrderLine[];
  goalsMet: { onTime: boolean; callback: boolean; satisfaction: boolean; complaintSatisfaction: boolean };
  utilities: UtilityKind[];
  /** Every target with its figure: the desk's (utility null) and each covered kind's own. */
  goalList: ReportGoal[];
}

// Orders closed without service (merged, cancelled, linked to an outage, answered at once) are not late for targets they never needed.
const NO_SERVICE: readonly WorkOrderStatus[] = [WorkOrderStatus.MERGED, WorkOrderStatus.CANCELLED, WorkOrderStatus.LINKED_TO_OUTAGE];

function withoutService(o: OrderFacts): boolean {
  return (!!o.status && NO_SERVICE.includes(o.status)) || !!o.answeredAt || (!!o.resolvedAt && !o.dispatchedAt);
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

function countBy<K extends string>(items: OrderFacts[], key: (o: OrderFacts) => K | undefined): CountRow<K>[] {
  const m = new Map<K, number>();
  for (const o of items) {
    const k = key(o);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

/** Whether one order's stage counts as on time (true), late (false) or not at all (null). */
function stageOnTime(o: OrderFacts, stage: ReportStage, asOf: Date): boolean | null {
  const f = STAGE_FIELDS[stage];
  const due = o[f.due] as Date | undefined;
  const done = o[f.done] as Date | undefined;
  if (!due) return null;
  if (done) return done.getTime() <= due.getTime();
  return !withoutService(o) && due.getTime() <= asOf.getTime() ? false : null; // still open and already past its deadline
}

function onTimeStat(orders: OrderFacts[], stage: ReportStage, asOf: Date): OnTimeStat {
  let counted = 0;
  let onTime = 0;
  for (const o of orders) {
    const v = stageOnTime(o, stage, asOf);
    if (v === null) continue;
    counted++;
    if (v) onTime++;
  }
  return { counted, onTime, late: counted - onTime, rate: ratio(onTime, counted) };
}

function stageMs(orders: OrderFacts[], stage: ReportStage): number[] {
  const f = STAGE_FIELDS[stage];
  const out: number[] = [];
  for (const o of orders) {
    const from = o[f.from] as Date | undefined;
    const done = o[f.done] as Date | undefined;
    if (from && done) out.push(done.getTime() - from.getTime());
  }
  return out;
}

function selectPeriod(orders: OrderFacts[], start: Date, end: Date, department?: Department, utilities?: readonly UtilityKind[]): OrderFacts[] {
  return orders.filter((o, i) => {
    assertValidDate(o.createdAt, `orders[${i}].createdAt`);
    const t = o.createdAt.getTime();
    return t >= start.getTime() && t < end.getTime() && (!department || o.department === department)
      && (!utilities || utilities.includes(o.utility ?? DEFAULT_UTILITY));
  });
}

const COMPLAINT_CATEGORIES = categoriesOfClass('complaint');

/**
 * The period's orders of one (utility, category, channel, department, complaint target), counted: the figures
 * of the report are sums over these groups. PostgreSQL computes them for the API (ReportRepository.aggregates,
 * the same per-order rules in SQL; a test runs the same orders through both), `aggregateFacts` from order facts.
 */
export interface ReportGroup {
  utility: UtilityKind;
  category: Category;
  channel: Channel;
  department: Department;
  complaintTarget: ComplaintTarget | null;
  orders: number;
  /** Per stage: deadlines counted and met (stageOnTime not null / true). */
  stages: Record<ReportStage, { counted: number; onTime: number }>;
  extensions: number;
  extendedOrders: number;
  returns: number;
  returnedOrders: number;
  /** Resolved orders, and of them those called back (after-service when the category is always called back). */
  resolved: number;
  resolvedCalledBack: number;
  /** Called back with an answer, and satisfied. */
  answered: number;
  satisfied: number;
  compensated: number;
  compensationCny: number;
  fined: number;
  fineCny: number;
  answeredAtOnce: number;
  /** Resolved orders' report → resolved, summed in milliseconds. */
  resolvedMs: number;
  /** Owed service (not merged, cancelled, linked to an outage), and of them resolved by `asOf`. */
  owed: number;
  owedResolved: number;
}

/** What the report is made of: the groups, stage durations over all orders, and the hot spots (top `limit`). */
export interface ReportAggregates {
  groups: ReportGroup[];
  /** Per stage: orders with both instants, the summed milliseconds and the nearest-rank p90 in milliseconds. */
  durations: Record<ReportStage, { count: number; sumMs: number; p90Ms: number | null }>;
  addresses: HotSpotAddress[];
  /** Grid cells (row and column of `gridCell`), most orders first, then by cell id. */
  cells: Array<{ row: number; col: number; count: number; topCategory: Category }>;
}

/** The grid cell of a location: ~gridM square, the column width taken at the row band's centre latitude. */
export function gridCell(lat: number, lon: number, gridM: number): { row: number; col: number } {
  const dLat = gridM / METRES_PER_DEGREE;
  const row = Math.floor(lat / dLat);
  return { row, col: Math.floor(lon / cellWidth(row, dLat)) };
}

// Column width from the band's centre latitude, so a cell is ~gridM wide everywhere in the band.
function cellWidth(row: number, dLat: number): number {
  return dLat / Math.cos(((row + 0.5) * dLat * Math.PI) / 180);
}

/** Statuses closed without service (their unmet targets are not late), for the SQL of the same rule. */
export const REPORT_NO_SERVICE = NO_SERVICE;

function sum<T>(xs: T[], f: (x: T) => number): number {
  let n = 0;
  for (const x of xs) n += f(x);
  return n;
}

function rank<K extends string>(m: Map<K, number>): CountRow<K>[] {
  return [...m.entries()].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

function countGroups<K extends string>(groups: ReportGroup[], key: (g: ReportGroup) => K): CountRow<K>[] {
  const m = new Map<K, number>();
  for (const g of groups) if (g.orders > 0) m.set(key(g), (m.get(key(g)) ?? 0) + g.orders);
  return rank(m);
}

/** The aggregates of a period's orders (already selected), as PostgreSQL computes them for the API. */
export function aggregateFacts(orders: OrderFacts[], asOf: Date, limit: number, gridM: number): ReportAggregates {
  const groups = new Map<string, ReportGroup>();
  const stage = () => ({ counted: 0, onTime: 0 });
  for (const x of orders) {
    const k = [x.utility ?? DEFAULT_UTILITY, x.category, x.channel, x.department, x.complaintTarget ?? ''].join('|');
    let g = groups.get(k);
    if (!g) {
      g = {
        utility: x.utility ?? DEFAULT_UTILITY, category: x.category, channel: x.channel, department: x.department, complaintTarget: x.complaintTarget ?? null,
        orders: 0, stages: { dispatch: stage(), accept: stage(), onSite: stage(), resolve: stage() }, extensions: 0, extendedOrders: 0, returns: 0, returnedOrders: 0,
        resolved: 0, resolvedCalledBack: 0, answered: 0, satisfied: 0, compensated: 0, compensationCny: 0, fined: 0, fineCny: 0, answeredAtOnce: 0, resolvedMs: 0, owed: 0, owedResolved: 0,
      };
      groups.set(k, g);
    }
    g.orders++;
    for (const s of REPORT_STAGES) {
      const v = stageOnTime(x, s, asOf);
      if (v !== null) g.stages[s].counted++;
      if (v) g.stages[s].onTime++;
    }
    g.extensions += x.extensionCount ?? 0;
    if ((x.extensionCount ?? 0) > 0) g.extendedOrders++;
    g.returns += x.returnCount ?? 0;
    if ((x.returnCount ?? 0) > 0) g.returnedOrders++;
    if (x.resolvedAt) {
      g.resolved++;
      if (x.callbackDone) g.resolvedCalledBack++;
      g.resolvedMs += x.resolvedAt.getTime() - x.createdAt.getTime();
    }
    if (x.callbackDone && typeof x.callbackSatisfied === 'boolean') {
      g.answered++;
      if (x.callbackSatisfied) g.satisfied++;
    }
    if ((x.compensationCny ?? 0) > 0) { g.compensated++; g.compensationCny += x.compensationCny ?? 0; }
    if ((x.internalFineCny ?? 0) > 0) { g.fined++; g.fineCny += x.internalFineCny ?? 0; }
    if (x.answeredAt) g.answeredAtOnce++;
    if (!(x.status && NO_SERVICE.includes(x.status))) {
      g.owed++;
      if (x.resolvedAt && x.resolvedAt.getTime() <= asOf.getTime()) g.owedResolved++;
    }
  }
  const durations = Object.fromEntries(REPORT_STAGES.map((s) => {
    const ms = stageMs(orders, s).sort((a, b) => a - b);
    return [s, { count: ms.length, sumMs: ms.reduce((n, v) => n + v, 0), p90Ms: ms.length ? ms[Math.ceil(0.9 * ms.length) - 1] : null }];
  })) as ReportAggregates['durations'];

  const byAddress = new Map<string, Map<Category, number>>();
  const byCell = new Map<string, { row: number; col: number; n: Map<Category, number> }>();
  const bump = (m: Map<Category, number>, c: Category) => m.set(c, (m.get(c) ?? 0) + 1);
  for (const x of orders) {
    const a = x.address?.trim();
    if (a) bump(byAddress.get(a) ?? byAddress.set(a, new Map()).get(a)!, x.category);
    if (x.location) {
      const { row, col } = gridCell(x.location.lat, x.location.lon, gridM);
      const id = `${row}:${col}`;
      bump((byCell.get(id) ?? byCell.set(id, { row, col, n: new Map() }).get(id)!).n, x.category);
    }
  }
  const top = (m: Map<Category, number>) => ({ count: sum([...m.values()], (v) => v), topCategory: rank(m)[0].key });
  const addresses = [...byAddress.entries()].map(([address, m]) => ({ address, ...top(m) }))
    .sort((a, b) => b.count - a.count || (a.address < b.address ? -1 : 1)).slice(0, limit);
  const cells = [...byCell.entries()].map(([id, c]) => ({ id, row: c.row, col: c.col, ...top(c.n) }))
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1)).slice(0, limit).map(({ id: _id, ...c }) => c);
  return { groups: [...groups.values()], durations, addresses, cells };
}

/** Monthly service report from raw order facts; the month is taken in the utility time zone. */
export function monthlyReport(all: OrderFacts[], month: string, timeZone: string, o: ReportOptions = {}): MonthlyReport {
  const { start, end } = o.period ?? monthRange(month, timeZone);
  const asOf = o.asOf ?? end;
  assertValidDate(asOf, 'options.asOf');
  const gridM = o.gridM ?? 200;
  if (!(gridM > 0)) throw invalidInput(`gridM 须为正数 / gridM must be > 0, got ${gridM}`);
  const utilities = [...(o.utilities ?? UTILITY_KINDS)];
  const orders = selectPeriod(all, start, end, o.department, utilities);
  const report = reportFromAggregates(aggregateFacts(orders, asOf, o.hotSpotLimit ?? 10, gridM), month, timeZone, { ...o, period: { start, end }, asOf, utilities });
  const goals = o.goals ?? DEFAULT_REPORT_GOALS;
  const always = new Set(alwaysCalledBack(o.callbackConfig));
  return {
    ...report,
    orders: [...orders].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)).map((x) => ({
      number: x.number ?? x.id,
      createdAt: x.createdAt,
      category: x.category,
      channel: x.channel,
      department: x.department,
      status: x.status ?? null,
      complaintTarget: x.complaintTarget ?? null,
      onTime: Object.fromEntries(REPORT_STAGES.map((st) => [st, stageOnTime(x, st, asOf)])) as Record<ReportStage, boolean | null>,
      answeredAtOnce: !!x.answeredAt,
      afterService: !!x.resolvedAt && always.has(x.category),
      calledBack: !!x.callbackDone,
      satisfied: x.callbackDone && typeof x.callbackSatisfied === 'boolean' ? x.callbackSatisfied : null,
      repairMinutes: goals.repairCategories.includes(x.category) && x.resolvedAt ? (x.resolvedAt.getTime() - x.createdAt.getTime()) / MINUTE : null,
      compensationCny: x.compensationCny ?? 0,
      internalFineCny: x.internalFineCny ?? 0,
    })),
  };
}

/** The categories called back after every resolved order (the after-service orders of the callback rate). */
export function alwaysCalledBack(cfg: CallbackConfig = DEFAULT_CALLBACK_CONFIG): Category[] {
  return (Object.values(Category) as Category[]).filter((c) => callbackPolicy(c, cfg) === 'ALWAYS');
}

/**
 * The report from its aggregates (pure): every share, goal and ranking is decided here, over the counts PostgreSQL
 * (or aggregateFacts) made; the order list is not part of it (the CSV streams it).
 */
export function reportFromAggregates(agg: ReportAggregates, month: string, timeZone: string, o: ReportOptions = {}): Omit<MonthlyReport, 'orders'> {
  const { start, end } = o.period ?? monthRange(month, timeZone);
  const asOf = o.asOf ?? end;
  const goals = o.goals ?? DEFAULT_REPORT_GOALS;
  const limit = o.hotSpotLimit ?? 10;
  const gridM = o.gridM ?? 200;
  const utilities = [...(o.utilities ?? UTILITY_KINDS)];
  const groups = agg.groups;
  const always = new Set(alwaysCalledBack(o.callbackConfig));

  const complaints = groups.filter((g) => COMPLAINT_CATEGORIES.includes(g.category));
  const byTarget: Record<ComplaintTarget | 'UNSPECIFIED', number> = { COMPANY: 0, DEPARTMENT: 0, STAFF: 0, UNSPECIFIED: 0 };
  for (const c of complaints) byTarget[c.complaintTarget ?? 'UNSPECIFIED'] += c.orders;

  const onTime = Object.fromEntries(REPORT_STAGES.map((s) => {
    const counted = sum(groups, (g) => g.stages[s].counted);
    const met = sum(groups, (g) => g.stages[s].onTime);
    return [s, { counted, onTime: met, late: counted - met, rate: ratio(met, counted) }];
  })) as Record<ReportStage, OnTimeStat>;
  const durations = Object.fromEntries(REPORT_STAGES.map((s) => {
    const d = agg.durations[s];
    return [s, d.count === 0 ? { count: 0, avgMinutes: null, p90Minutes: null } : { count: d.count, avgMinutes: d.sumMs / d.count / MINUTE, p90Minutes: (d.p90Ms as number) / MINUTE }];
  })) as Record<ReportStage, DurationStat>;

  const afterService = groups.filter((g) => always.has(g.category));
  const afterServiceResolved = sum(afterService, (g) => g.resolved);
  const calledBack = sum(afterService, (g) => g.resolvedCalledBack);
  const answered = sum(groups, (g) => g.answered);
  const satisfied = sum(groups, (g) => g.satisfied);
  const cAnswered = sum(complaints, (g) => g.answered);
  const cSatisfied = sum(complaints, (g) => g.satisfied);

  const finesByDept = new Map<Department, { orders: number; totalCny: number }>();
  for (const g of groups) {
    if (g.fined === 0) continue;
    const d = finesByDept.get(g.department) ?? { orders: 0, totalCny: 0 };
    finesByDept.set(g.department, { orders: d.orders + g.fined, totalCny: d.totalCny + g.fineCny });
  }
  const repairs = groups.filter((g) => goals.repairCategories.includes(g.category));
  const repairCount = sum(repairs, (g) => g.resolved);
  const avgRepair = repairCount ? sum(repairs, (g) => g.resolvedMs) / repairCount / MINUTE : null;
  const feedback = (o.feedback ?? []).filter((f) => f.receivedAt.getTime() >= start.getTime() && f.receivedAt.getTime() < end.getTime()
    && (!o.department || f.subjectDepartment === o.department));
  const byKind = Object.fromEntries(Object.values(FeedbackKind).map((k) => [k, feedback.filter((f) => f.kind === k).length])) as Record<FeedbackKind, number>;
  const bySource = Object.fromEntries(Object.values(FeedbackSource).map((k) => [k, feedback.filter((f) => f.source === k).length])) as Record<FeedbackSource, number>;
  const callbackRate = ratio(calledBack, afterServiceResolved);
  const satisfactionRate = ratio(satisfied, answered);
  const complaintSatisfactionRate = ratio(cSatisfied, cAnswered);
  const byCategory = countGroups(groups, (g) => g.category);
  const goalsMet = {
    onTime: REPORT_STAGES.every((s) => onTime[s].rate === null || onTime[s].rate >= goals.onTimeRate),
    callback: callbackRate === null || callbackRate >= goals.callbackRate,
    satisfaction: satisfactionRate === null || satisfactionRate >= goals.satisfactionRate,
    complaintSatisfaction: complaintSatisfactionRate === null || complaintSatisfactionRate >= goals.complaintSatisfactionRate,
  };
  const deskGoal = (name: string, label: Label, target: number, value: number | null, met: boolean): ReportGoal => ({ name, utility: null, label, target, value, met });
  const stageRates = REPORT_STAGES.map((s) => onTime[s].rate).filter((r): r is number => r !== null);
  const kindGoals = o.kindGoals ?? DEFAULT_KIND_GOALS;
  const repairKinds = [...new Set(goals.repairCategories.map(categoryUtility))];
  const repairKind = repairKinds.length === 1 ? repairKinds[0] : null;
  const repairGoal: ReportGoal = {
    name: AVG_REPAIR_GOAL, utility: repairKind, label: { zh: '平均修复时间（分钟）', en: 'Average repair time (min)' },
    target: goals.avgRepairMinutes, value: avgRepair, met: avgRepair === null || avgRepair <= goals.avgRepairMinutes,
  };
  const goalList: ReportGoal[] = [
    deskGoal('onTime', { zh: '按时率（各环节最低）', en: 'On-time rate (lowest stage)' }, goals.onTimeRate, stageRates.length ? Math.min(...stageRates) : null, goalsMet.onTime),
    deskGoal('callback', { zh: '售后回访率', en: 'After-service callback rate' }, goals.callbackRate, callbackRate, goalsMet.callback),
    deskGoal('satisfaction', { zh: '满意率', en: 'Satisfaction' }, goals.satisfactionRate, satisfactionRate, goalsMet.satisfaction),
    deskGoal('complaintSatisfaction', { zh: '投诉处理满意率', en: 'Complaint-handling satisfaction' }, goals.complaintSatisfactionRate, complaintSatisfactionRate, goalsMet.complaintSatisfaction),
    // The average repair time (at most the target) of the repair categories: the desk's when they are of
    // several kinds, else their kind's (water: burst, leak, meter box), listed first among that kind's goals.
    ...(repairKind === null ? [repairGoal] : []),
    ...utilities.flatMap((kind) => [
      ...(kind === repairKind ? [repairGoal] : []),
      ...(kindGoals[kind] ?? []).map((g) => {
        const value = g.measure(groups.filter((x) => x.utility === kind), kind);
        return { name: g.name, utility: kind, label: g.label, target: g.target, value, met: value === null || value >= g.target };
      }),
    ]),
    ...(o.extraGoals ?? []).filter((g) => g.utility === null || utilities.includes(g.utility)),
  ];
  const dLat = gridM / METRES_PER_DEGREE;
  const compensated = groups.filter((g) => g.compensated > 0);

  return {
    month,
    timeZone,
    department: o.department ?? null,
    periodStart: start,
    periodEnd: end,
    asOf,
    totalOrders: sum(groups, (g) => g.orders),
    byCategory,
    byChannel: countGroups(groups, (g) => g.channel),
    byDepartment: countGroups(groups, (g) => g.department),
    complaints: { total: sum(complaints, (g) => g.orders), byTarget },
    onTime,
    durations,
    extensions: { total: sum(groups, (g) => g.extensions), orders: sum(groups, (g) => g.extendedOrders) },
    returns: { total: sum(groups, (g) => g.returns), orders: sum(groups, (g) => g.returnedOrders) },
    callback: { afterServiceResolved, calledBack, rate: callbackRate, answered, satisfied, satisfactionRate },
    complaintHandling: { answered: cAnswered, satisfied: cSatisfied, satisfactionRate: complaintSatisfactionRate },
    hotSpots: {
      addresses: agg.addresses.slice(0, limit),
      cells: agg.cells.slice(0, limit).map((c) => ({
        cellId: `${c.row}:${c.col}`, centerLat: (c.row + 0.5) * dLat, centerLon: (c.col + 0.5) * cellWidth(c.row, dLat), count: c.count, topCategory: c.topCategory,
      })),
      categories: byCategory.slice(0, limit),
    },
    compensation: { orders: sum(compensated, (g) => g.compensated), totalCny: sum(compensated, (g) => g.compensationCny) },
    internalFines: {
      orders: sum(groups, (g) => g.fined),
      totalCny: sum(groups, (g) => g.fineCny),
      byDepartment: [...finesByDept.entries()].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.totalCny - a.totalCny || (a.key < b.key ? -1 : 1)),
    },
    answeredAtOnce: sum(groups, (g) => g.answeredAtOnce),
    feedback: { total: feedback.length, byKind, bySource },
    repair: { count: repairCount, avgMinutes: avgRepair },
    goals,
    goalsMet,
    utilities,
    goalList,
  };
}

/**
 * The monthly report's period (docs/domain.md: ready by the 28th, cut at a configurable day): month M
 * runs from the day after `endDay` of the month before M to the end of `endDay` of M, local time —
 * default the 26th of last month to the 25th of this month. `endDay` 0: the calendar month.
 */
export function reportPeriod(month: string, timeZone: string, endDay: number): { start: Date; end: Date } {
  if (!(Number.isInteger(endDay) && endDay >= 0 && endDay <= 28)) throw invalidInput(`报表截止日须为 0–28 / the report's cut-off day must be 0–28, got ${endDay}`, { endDay });
  const calendarMonth = monthRange(month, timeZone); // validates the month
  if (endDay === 0) return calendarMonth;
  const [y, m] = month.split('-').map(Number);
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const day = String(endDay + 1).padStart(2, '0');
  return { start: zonedTimeToInstant(timeZone, `${prev}-${day}`, 0), end: zonedTimeToInstant(timeZone, `${month}-${day}`, 0) };
}

/** The month whose report period holds `at` (local time). */
export function reportMonthOf(at: Date, timeZone: string, endDay: number): string {
  const [y, m, d] = localDate(at, timeZone).split('-').map(Number);
  if (endDay === 0 || d <= endDay) return `${y}-${String(m).padStart(2, '0')}`;
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

// ---------- CSV ----------

function cell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const pct = (r: number | null): string => (r === null ? '' : `${(r * 100).toFixed(1)}%`);
const num = (v: number | null): string => (v === null ? '' : String(Math.round(v * 10) / 10));
const lbl = (l: Label): string => `${l.zh} ${l.en}`;

/** The report as CSV blocks (title row, heading row, data rows), headings Chinese first then English. */
export function reportToCsv(r: MonthlyReport): string {
  const yn = (v: boolean | null) => (v === null ? '' : v ? '是 yes' : '否 no');
  const stamp = localStamps(r.timeZone);
  let out = reportCsvHead(r);
  for (const o of r.orders) {
    out += [
      o.number, stamp(o.createdAt), o.category, o.channel, o.department, o.status ?? '', o.complaintTarget ?? '',
      ...REPORT_STAGES.map((s) => yn(o.onTime[s])),
      o.answeredAtOnce ? '是 yes' : '', o.afterService ? yn(o.calledBack) : '', yn(o.satisfied), num(o.repairMinutes), o.compensationCny, o.internalFineCny,
    ].map(cell).join(',') + '\n';
  }
  return out;
}

/**
 * The CSV up to the order list's heading row (every figure); the order lines follow, one per order, as
 * reportToCsv writes them from order lines or the repository streams them from PostgreSQL.
 */
export function reportCsvHead(r: Omit<MonthlyReport, 'orders'>): string {
  const rows: Array<Array<string | number | null>> = [];
  const block = (title: string, heading: string[], data: Array<Array<string | number | null>>) => {
    rows.push([], [title], heading);
    for (const d of data) rows.push(d); // not push(...data): a month of a million orders overflows the call stack
  };
  rows.push(['月报 Monthly report', r.month], ['时区 Time zone', r.timeZone]);
  rows.push(['统计期 Period', `${localStamp(r.periodStart, r.timeZone)} – ${localStamp(r.periodEnd, r.timeZone)}`]);
  rows.push(['部门 Department', r.department ? `${r.department} ${lbl(DEPARTMENT_LABELS[r.department])}` : '全部 All']);
  rows.push(['业务 Utility', r.utilities.map((k) => `${k} ${UTILITY_LABELS[k].zh} ${UTILITY_LABELS[k].en}`).join('; ')]);
  rows.push(['工单总数 Total orders', r.totalOrders]);
  block('按类别 By category', ['类别 Category', '编码 Code', '数量 Count'], r.byCategory.map((x) => [lbl(CATEGORY_LABELS[x.key]), x.key, x.count]));
  block('按渠道 By channel', ['渠道 Channel', '编码 Code', '数量 Count'], r.byChannel.map((x) => [lbl(CHANNEL_LABELS[x.key]), x.key, x.count]));
  block('按部门 By department', ['部门 Department', '编码 Code', '数量 Count'], r.byDepartment.map((x) => [lbl(DEPARTMENT_LABELS[x.key]), x.key, x.count]));
  block(
    '投诉对象 Complaints by target',
    ['对象 Target', '编码 Code', '数量 Count'],
    [
      ...Object.values(ComplaintTarget).map((k) => [lbl(COMPLAINT_TARGET_LABELS[k]), k, r.complaints.byTarget[k]]),
      ['未注明 Unspecified', 'UNSPECIFIED', r.complaints.byTarget.UNSPECIFIED],
    ],
  );
  block(
    '时限 Deadlines',
    ['环节 Stage', '计入 Counted', '按时 On time', '超时 Late', '按时率 On-time rate', '平均分钟 Avg min', 'P90分钟 P90 min (nearest rank)'],
    REPORT_STAGES.map((s) => [lbl(STAGE_LABELS[s]), r.onTime[s].counted, r.onTime[s].onTime, r.onTime[s].late, pct(r.onTime[s].rate), num(r.durations[s].avgMinutes), num(r.durations[s].p90Minutes)]),
  );
  block('延期与退单 Extensions and returns', ['项目 Item', '次数 Times', '工单数 Orders'], [
    ['延期 Extensions', r.extensions.total, r.extensions.orders],
    ['退单 Returns', r.returns.total, r.returns.orders],
  ]);
  block('回访 Callbacks', ['指标 Metric', '值 Value'], [
    ['已办结售后工单 Resolved after-service orders', r.callback.afterServiceResolved],
    ['已回访 Called back', r.callback.calledBack],
    ['回访率 Callback rate', pct(r.callback.rate)],
    ['有答复 Answered', r.callback.answered],
    ['满意 Satisfied', r.callback.satisfied],
    ['满意率 Satisfaction rate', pct(r.callback.satisfactionRate)],
    ['投诉处理满意率 Complaint-handling satisfaction', pct(r.complaintHandling.satisfactionRate)],
  ]);
  block('即时答复 Answered at once', ['项目 Item', '数量 Count'], [['即时答复并关闭的咨询 Inquiries answered on the call and closed', r.answeredAtOnce]]);
  block(
    '表扬与曝光 Praise, criticism and media exposure',
    ['类别 Kind', '编码 Code', '数量 Count'],
    Object.values(FeedbackKind).map((k) => [lbl(FEEDBACK_KIND_LABELS[k]), k, r.feedback.byKind[k]]),
  );
  block(
    '来源 Feedback by source',
    ['来源 Source', '编码 Code', '数量 Count'],
    Object.values(FeedbackSource).map((k) => [lbl(FEEDBACK_SOURCE_LABELS[k]), k, r.feedback.bySource[k]]),
  );
  block('热点地址 Hot-spot addresses', ['地址 Address', '数量 Count', '主要类别 Top category'], r.hotSpots.addresses.map((h) => [h.address, h.count, h.topCategory]));
  block(
    '热点网格 Hot-spot grid cells',
    ['网格 Cell', '中心纬度 Centre lat', '中心经度 Centre lon', '数量 Count', '主要类别 Top category'],
    r.hotSpots.cells.map((h) => [h.cellId, h.centerLat.toFixed(6), h.centerLon.toFixed(6), h.count, h.topCategory]),
  );
  block('赔偿（付给用户）Compensation (paid to customers)', ['工单数 Orders', '金额（元）Amount (CNY)'], [[r.compensation.orders, r.compensation.totalCny]]);
  block(
    '内部考核（责任单位）Internal fines (responsible units)',
    ['部门 Department', '编码 Code', '工单数 Orders', '金额（元）Amount (CNY)'],
    [...r.internalFines.byDepartment.map((x) => [lbl(DEPARTMENT_LABELS[x.key]), x.key, x.orders, x.totalCny]), ['合计 Total', '', r.internalFines.orders, r.internalFines.totalCny]],
  );
  block('目标 Targets', ['业务 Utility', '指标 Goal', '目标 Target', '实际 Value', '达标 Met'], r.goalList.map((g) => [
    g.utility ?? '全部 All', lbl(g.label), goalValue(g.name, g.target), goalValue(g.name, g.value), g.met ? '是 yes' : '否 no',
  ]));
  // The order list behind every figure: one row per order of the period with what it counts in, so each
  // figure above is a filter of these rows (e.g. resolve late = rows with 否 no under 办结按时).
  block(
    '工单明细 Orders behind the figures',
    [
      '工单号 Number', '报告时间 Reported', '类别 Category', '渠道 Channel', '部门 Department', '状态 Status', '投诉对象 Complaint target',
      ...REPORT_STAGES.map((s) => `${STAGE_LABELS[s].zh}按时 ${STAGE_LABELS[s].en} on time`),
      '即时答复 Answered at once', '售后回访 After-service callback', '满意 Satisfied', '维修分钟 Repair min', '赔偿（元）Compensation CNY', '内部考核（元）Internal fine CNY',
    ],
    [],
  );
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

/** Minutes for the average repair time, shares for the rest. */
const goalValue = (name: string, v: number | null) => (name === AVG_REPAIR_GOAL ? num(v) : pct(v));

/** YYYY-MM-DD HH:MM in the zone. */
function localStamp(d: Date, timeZone: string): string {
  return localStamps(timeZone)(d);
}

/**
 * A stamper for one zone: one formatter (building an Intl.DateTimeFormat per order line was most of a big report's
 * time), and each minute formatted once (a stamp depends on the minute only; a month has ~45,000 of them).
 */
function localStamps(timeZone: string): (d: Date) => string {
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const byMinute = new Map<number, string>();
  return (d) => {
    const minute = Math.floor(d.getTime() / MINUTE);
    let stamp = byMinute.get(minute);
    if (stamp === undefined) {
      const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
      stamp = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
      byMinute.set(minute, stamp);
    }
    return stamp;
  };
}

// ---------- quarterly complaints ----------

export interface QuarterlyComplaintSummary {
  quarter: string;
  timeZone: string;
  total: number;
  byTarget: Record<ComplaintTarget | 'UNSPECIFIED', number>;
  byMonth: Array<{ month: string; total: number }>;
  bySubjectDepartment: CountRow<Department>[];
  resolveOnTime: OnTimeStat;
  handlingSatisfaction: { answered: number; satisfied: number; rate: number | null };
}

/** Complaints of a quarter 'YYYY-Qn' (months in the utility time zone). */
export function quarterlyComplaintSummary(
  all: OrderFacts[],
  quarter: string,
  timeZone: string,
  o: { asOf?: Date; department?: Department; utilities?: readonly UtilityKind[]; periodOf?: (month: string) => { start: Date; end: Date } } = {},
): QuarterlyComplaintSummary {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw invalidInput(`季度须为 YYYY-Qn / quarter must be YYYY-Qn, got "${quarter}"`, { quarter });
  const months = [0, 1, 2].map((i) => `${m[1]}-${String((+m[2] - 1) * 3 + 1 + i).padStart(2, '0')}`);
  // The months' report periods (calendar months unless the service cuts them at its report day).
  const periodOf = o.periodOf ?? ((month: string) => monthRange(month, timeZone));
  const start = periodOf(months[0]).start;
  const end = periodOf(months[2]).end;
  const complaints = selectPeriod(all, start, end, o.department, o.utilities).filter((x) => COMPLAINT_CATEGORIES.includes(x.category));
  const byTarget: Record<ComplaintTarget | 'UNSPECIFIED', number> = { COMPANY: 0, DEPARTMENT: 0, STAFF: 0, UNSPECIFIED: 0 };
  for (const c of complaints) byTarget[c.complaintTarget ?? 'UNSPECIFIED']++;
  const answered = complaints.filter((x) => x.callbackDone && typeof x.callbackSatisfied === 'boolean');
  const satisfied = answered.filter((x) => x.callbackSatisfied).length;
  return {
    quarter,
    timeZone,
    total: complaints.length,
    byTarget,
    byMonth: months.map((month) => {
      const r = periodOf(month);
      return { month, total: complaints.filter((x) => x.createdAt >= r.start && x.createdAt < r.end).length };
    }),
    bySubjectDepartment: countBy(complaints, (x) => x.complaintSubjectDepartment),
    resolveOnTime: onTimeStat(complaints, 'resolve', o.asOf ?? end),
    handlingSatisfaction: { answered: answered.length, satisfied, rate: ratio(satisfied, answered.length) },
  };
}
