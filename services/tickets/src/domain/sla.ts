import { WorkingCalendar } from './calendar';
import { DEFAULT_SLA_TARGETS, selectTargets, SlaContext, SlaKind, SlaTarget, SlaTargetTable } from './defaults';
import { Category, WorkOrderStatus } from './enums';
import { DomainError, assertValidDate, invalidInput } from './errors';

const MINUTE = 60_000;

/** A clock pause (order in WAITING_CUSTOMER); `to` absent while still paused. */
export interface Pause {
  from: Date;
  to?: Date;
}

export interface StatusChange {
  status: WorkOrderStatus;
  at: Date;
}

/** Pauses = the spans an order spent in WAITING_CUSTOMER, from its status history (any order). */
export function pausesFromHistory(history: StatusChange[]): Pause[] {
  const sorted = [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
  const pauses: Pause[] = [];
  let open: Date | undefined;
  for (const h of sorted) {
    if (h.status === WorkOrderStatus.WAITING_CUSTOMER) {
      open ??= h.at;
    } else if (open) {
      pauses.push({ from: open, to: h.at });
      open = undefined;
    }
  }
  if (open) pauses.push({ from: open });
  return pauses;
}

export interface ExtensionFact {
  requestedAt: Date;
  newDueAt: Date;
  /** null while undecided; only approved extensions move the deadline. */
  approved: boolean | null;
}

export interface DeadlineInput extends SlaContext {
  category: Category;
  /** Report time: deadlines run from it unless the target says otherwise. */
  createdAt: Date;
  /** First dispatch (a return and re-dispatch does not restart the clock). */
  dispatchedAt?: Date;
  acceptedAt?: Date;
  /** First reply to the customer (the `reply` target). */
  repliedAt?: Date;
  onSiteAt?: Date;
  resolvedAt?: Date;
  calledBackAt?: Date;
  /** Latest reopening (unsatisfied customer): the revisit runs from it. */
  reopenedAt?: Date;
  /** When the revisit since the latest reopening was resolved. */
  revisitResolvedAt?: Date;
  pauses?: Pause[];
  extensions?: ExtensionFact[];
}

export interface Deadlines {
  dispatchDueAt?: Date;
  acceptDueAt?: Date;
  replyDueAt?: Date;
  onSiteDueAt?: Date;
  resolveDueAt?: Date;
  callbackDueAt?: Date;
  /** The revisit after the latest reopening: the category's resolve target again, from the reopening. */
  revisitDueAt?: Date;
}

const DUE_FIELD: Record<SlaKind, keyof Deadlines> = {
  dispatch: 'dispatchDueAt',
  accept: 'acceptDueAt',
  reply: 'replyDueAt',
  onSite: 'onSiteDueAt',
  resolve: 'resolveDueAt',
  callback: 'callbackDueAt',
};

/** The fact that meets a target; the work order row uses the same field names. */
export type DoneFact = 'dispatchedAt' | 'acceptedAt' | 'repliedAt' | 'onSiteAt' | 'resolvedAt' | 'calledBackAt';

const DONE_FIELD: Record<SlaKind, DoneFact> = {
  dispatch: 'dispatchedAt',
  accept: 'acceptedAt',
  reply: 'repliedAt',
  onSite: 'onSiteAt',
  resolve: 'resolvedAt',
  callback: 'calledBackAt',
};

export function dueField(kind: SlaKind): keyof Deadlines {
  return DUE_FIELD[kind];
}

export function doneField(kind: SlaKind): DoneFact {
  return DONE_FIELD[kind];
}

/** The instant a target runs from (report, first dispatch or resolution); undefined while that has not happened. */
export function targetStart(
  facts: { createdAt: Date; dispatchedAt?: Date | null; resolvedAt?: Date | null },
  target: Pick<SlaTarget, 'from'>,
): Date | undefined {
  return (target.from === 'dispatch' ? facts.dispatchedAt : target.from === 'resolve' ? facts.resolvedAt : facts.createdAt) ?? undefined;
}

/** Base deadline of one target from its start, before pauses and extensions. */
function addTargetDuration(start: Date, target: SlaTarget, calendar: WorkingCalendar): Date {
  if (target.basis === 'clock') return new Date(start.getTime() + (target.minutes ?? 0) * MINUTE);
  if (target.workingDays !== undefined) return calendar.addWorkingDays(start, target.workingDays);
  return calendar.addWorkingMinutes(start, target.minutes ?? 0);
}

/** When a target of `category` falls due if it starts at `from` (e.g. a callback after a revisit or a sampling); null when the category has no such target. */
export function targetDueFrom(targets: SlaTargetTable, category: Category, kind: SlaKind, from: Date, calendar: WorkingCalendar, ctx: SlaContext = {}): Date | null {
  const target = selectTargets(targets[category] ?? [], ctx).find((t) => t.kind === kind);
  return target ? addTargetDuration(from, target, calendar) : null;
}

function shiftByPause(due: Date, pause: { from: Date; to: Date }, basis: SlaTarget['basis'], calendar: WorkingCalendar): Date {
  if (basis === 'clock') return new Date(due.getTime() + (pause.to.getTime() - pause.from.getTime()));
  const pausedWorking = calendar.workingMinutesBetween(pause.from, pause.to);
  return pausedWorking > 0 ? calendar.addWorkingMinutes(due, pausedWorking) : due;
}

/**
 * Deadlines of an order. Each target runs from its start (report, first dispatch or resolution), then
 * in time order: a pause that starts before the current deadline (and before the target was met) moves
 * it by the paused duration in the target's basis (an open pause counts up to `now`); an approved
 * extension of `resolve` replaces the deadline with the requested time and must have been requested
 * before the deadline then in force (else SLA_RULE).
 */
export function computeDeadlines(
  order: DeadlineInput,
  targets: SlaTargetTable = DEFAULT_SLA_TARGETS,
  calendar: WorkingCalendar,
  now: Date,
): Deadlines {
  assertValidDate(order.createdAt, 'computeDeadlines.createdAt');
  assertValidDate(now, 'computeDeadlines.now');
  const all = targets[order.category];
  if (!all) throw invalidInput(`没有该类别的期限 / no SLA targets for category ${order.category}`, { category: order.category });
  // The rows in force for this order (severity, season): the table is data, the engine knows no category.
  const list = selectTargets(all, order);
  const out: Deadlines = {};
  for (const target of list) {
    const start = targetStart(order, target);
    if (!start) continue;
    const doneAt = order[DONE_FIELD[target.kind]];
    out[DUE_FIELD[target.kind]] = effectiveDue(start, target, doneAt, order, calendar, now);
  }
  // A reopened order owes the customer a new resolution: the resolve target runs again from the
  // reopening (pauses and extensions after it move it the same way). The first resolve deadline and
  // its on-time result stay as they were — the monthly report judges the first resolution.
  const resolve = list.find((t) => t.kind === 'resolve');
  if (order.reopenedAt && resolve) {
    assertValidDate(order.reopenedAt, 'computeDeadlines.reopenedAt');
    const done = order.revisitResolvedAt && order.revisitResolvedAt.getTime() >= order.reopenedAt.getTime() ? order.revisitResolvedAt : undefined;
    out.revisitDueAt = effectiveDue(order.reopenedAt, resolve, done, order, calendar, now);
  }
  return out;
}

type TimelineEvent = { at: Date; pause?: { from: Date; to: Date }; extension?: ExtensionFact };

function effectiveDue(
  start: Date,
  target: SlaTarget,
  doneAt: Date | undefined,
  order: DeadlineInput,
  calendar: WorkingCalendar,
  now: Date,
): Date {
  let due = addTargetDuration(start, target, calendar);
  const events: TimelineEvent[] = [];
  (order.pauses ?? []).forEach((p, i) => {
    assertValidDate(p.from, `pauses[${i}].from`);
    const to = p.to ?? now;
    if (to.getTime() < p.from.getTime()) throw invalidInput(`pauses[${i}]: 结束早于开始 / pause ends before it starts`, { index: i });
    events.push({ at: p.from, pause: { from: p.from, to } });
  });
  if (target.kind === 'resolve') {
    for (const e of order.extensions ?? []) if (e.approved === true) events.push({ at: e.requestedAt, extension: e });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const ev of events) {
    if (ev.at.getTime() < start.getTime()) continue;
    if (doneAt && ev.at.getTime() >= doneAt.getTime()) continue; // target already met: nothing to move
    if (ev.pause) {
      if (ev.at.getTime() < due.getTime()) due = shiftByPause(due, ev.pause, target.basis, calendar);
    } else if (ev.extension) {
      validateExtensionRequest(due, { requestedAt: ev.extension.requestedAt, newDueAt: ev.extension.newDueAt, reason: 'recorded' });
      due = new Date(ev.extension.newDueAt);
    }
  }
  return due;
}

export interface ExtensionRequest {
  requestedAt: Date;
  newDueAt: Date;
  reason: string;
}

/** docs/domain.md: an extension must be requested before the deadline, with a reason; otherwise the order is late. */
export function validateExtensionRequest(resolveDueAt: Date | undefined, req: ExtensionRequest): void {
  assertValidDate(req.requestedAt, 'extension.requestedAt');
  assertValidDate(req.newDueAt, 'extension.newDueAt');
  if (!resolveDueAt) throw new DomainError('SLA_RULE', '该工单没有办结期限，无需延期 / the order has no resolve deadline to extend');
  if (req.requestedAt.getTime() >= resolveDueAt.getTime()) {
    throw new DomainError(
      'SLA_RULE',
      `延期须在期限 ${resolveDueAt.toISOString()} 之前申请 / an extension must be requested before the deadline ${resolveDueAt.toISOString()}`,
      { resolveDueAt, requestedAt: req.requestedAt },
    );
  }
  if (req.newDueAt.getTime() <= resolveDueAt.getTime()) {
    throw invalidInput('延期后的期限须晚于当前期限 / the new deadline must be later than the current one', { resolveDueAt, newDueAt: req.newDueAt });
  }
  if (!req.reason || !req.reason.trim()) throw invalidInput('延期须说明理由 / an extension needs a reason');
}

/** Deadlines after an approved extension (validated against the deadline in force). */
export function applyApprovedExtension(deadlines: Deadlines, req: ExtensionRequest): Deadlines {
  validateExtensionRequest(deadlines.resolveDueAt, req);
  return { ...deadlines, resolveDueAt: new Date(req.newDueAt) };
}

export type SlaLevel = 'OK' | 'WARN_50' | 'WARN_80' | 'BREACHED';

export interface SlaThresholds {
  /** Fraction of the time budget used at which the first warning (WARN_50) is raised. */
  warnFirst: number;
  /** Fraction at which the second warning (WARN_80) is raised. */
  warnSecond: number;
}

export const DEFAULT_SLA_THRESHOLDS: SlaThresholds = { warnFirst: 0.5, warnSecond: 0.8 };

export interface SlaStateOptions {
  thresholds?: SlaThresholds;
  basis?: SlaTarget['basis'];
  /** Required when basis is 'working'. */
  calendar?: WorkingCalendar;
}

export interface SlaState {
  /** Used share of the time budget, pauses excluded (may exceed 1). */
  fraction: number;
  level: SlaLevel;
  /** Time left in the target's basis (negative once late). */
  remainingMinutes: number;
}

/**
 * How far a running (or, with now = completion time, a finished) target is through its budget.
 * `dueAt` is the effective deadline (pauses already added, as computeDeadlines returns); breached means
 * now is after dueAt — done exactly at the deadline is on time.
 */
export function slaState(now: Date, startedAt: Date, dueAt: Date, pauses: Pause[] = [], o: SlaStateOptions = {}): SlaState {
  assertValidDate(now, 'slaState.now');
  assertValidDate(startedAt, 'slaState.startedAt');
  assertValidDate(dueAt, 'slaState.dueAt');
  const t = o.thresholds ?? DEFAULT_SLA_THRESHOLDS;
  if (!(t.warnFirst > 0 && t.warnFirst <= t.warnSecond && t.warnSecond <= 1)) {
    throw invalidInput('预警阈值须满足 0 < warnFirst ≤ warnSecond ≤ 1 / thresholds must satisfy 0 < warnFirst <= warnSecond <= 1', { ...t });
  }
  const basis = o.basis ?? 'clock';
  if (basis === 'working' && !o.calendar) throw invalidInput("basis 'working' 需要工作日历 / basis 'working' needs a calendar");
  const span = (a: Date, b: Date): number =>
    basis === 'clock' ? (b.getTime() - a.getTime()) / MINUTE : (o.calendar as WorkingCalendar).workingMinutesBetween(a, b);
  const activeBetween = (a: Date, b: Date): number => {
    if (b.getTime() <= a.getTime()) return 0;
    let paused = 0;
    for (const p of pauses) {
      const from = new Date(Math.max(p.from.getTime(), a.getTime()));
      const to = new Date(Math.min((p.to ?? now).getTime(), b.getTime()));
      if (to.getTime() > from.getTime()) paused += span(from, to);
    }
    return span(a, b) - paused;
  };
  const budget = activeBetween(startedAt, dueAt);
  const used = activeBetween(startedAt, now);
  const breached = now.getTime() > dueAt.getTime();
  const fraction = budget > 0 ? used / budget : breached ? 1 : 0;
  const remainingMinutes = breached ? -activeBetween(dueAt, now) : activeBetween(now, dueAt);
  const level: SlaLevel = breached ? 'BREACHED' : fraction >= t.warnSecond ? 'WARN_80' : fraction >= t.warnFirst ? 'WARN_50' : 'OK';
  return { fraction, level, remainingMinutes };
}
