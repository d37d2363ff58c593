// SLA planning: from an order's stored facts to its due columns, the clocks the scheduler watches,
// the breached flag and the compensation owed — pure, over plain data, with `now` passed in.
import { WorkingCalendar } from './calendar';
import { computeCompensation } from './compensation';
import { CompensationRule, selectTargets, SLA_KINDS, SlaContext, SlaKind, SlaTarget, SlaTargetTable } from './defaults';
import { Category, LeakSite, LeakTier, Severity, WorkOrderStatus as S } from './enums';
import { computeDeadlines, Deadlines, doneField, dueField, ExtensionFact, Pause, SlaThresholds, targetStart } from './sla';
import { LEVEL_BY_CODE, LEVEL_CODES, levelAt, nextCheckAt, thresholdInstants } from './sla-clock';
import { OrderTargetRules, targetsForOrder } from './order-targets';

/** Statuses in which the utility owes no service: no clocks run, compensation is not kept up to date (except at closing). */
const NO_SERVICE_STATUSES: readonly S[] = [S.LINKED_TO_OUTAGE, S.MERGED, S.CANCELLED, S.CLOSED];

/** The facts of an order planning reads (a work-order row has them all). */
export interface SlaOrder {
  id: string;
  category: Category;
  status: S;
  /** The report: every clock runs from it (a report logged after the fact carries its own time). */
  createdAt: Date;
  /** Absent: ORDINARY. */
  severity?: Severity | null;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  repliedAt?: Date | null;
  onSiteAt: Date | null;
  resolvedAt: Date | null;
  calledBackAt: Date | null;
  pausedAt: Date | null;
  reopenedAt: Date | null;
  revisitResolvedAt: Date | null;
  /** Processing level (NORMAL: the category's resolve target; else the level's time from the report). */
  priority?: string | null;
  /** A leak's site (on-site time) and the repair tier chosen on site (resolve time). */
  leakSite?: LeakSite | null;
  leakTier?: LeakTier | null;
  /** Answered on the call: no deadline. */
  answeredAt?: Date | null;
}

/** What an order's deadlines are computed from besides the order itself. */
export interface SlaInputs {
  pauses: Pause[];
  extensions: ExtensionFact[];
  /** The level each clock kind has reached so far (stored codes, see LEVEL_CODES). */
  clockLevels: Map<string, number>;
}

export const NO_SLA_INPUTS = (): SlaInputs => ({ pauses: [], extensions: [], clockLevels: new Map() });

/** The settings planning works with. `compensationRules` is only read when `keepsCompensation(status)`. */
export interface SlaPlanSettings {
  targets: SlaTargetTable;
  compensationRules: CompensationRule[];
  calendar: WorkingCalendar;
  thresholds: SlaThresholds;
  /** Order-specific deadlines (processing levels); defaults when absent. */
  orderRules?: OrderTargetRules;
  /** Days since the start of the heating season the report falls in (null outside); absent: no season. */
  seasonDayOf?: (reportedAt: Date) => number | null;
}

/** What the target conditions of an order look at: its severity and where its report falls in the heating season. */
export function slaContextOf(wo: Pick<SlaOrder, 'severity' | 'createdAt'>, s: Pick<SlaPlanSettings, 'seasonDayOf'>): SlaContext {
  return { severity: wo.severity ?? Severity.ORDINARY, seasonDay: s.seasonDayOf ? s.seasonDayOf(wo.createdAt) : null };
}

/** One clock row as stored (levels as codes). */
export interface PlannedClock {
  orderId: string;
  kind: string;
  basis: string;
  startedAt: Date;
  dueAt: Date;
  warn1At: Date;
  warn2At: Date;
  level: number;
  nextAt: Date | null;
  metAt: Date | null;
}

export interface PlannedCompensation {
  ruleId: string;
  target: string;
  amountCny: number;
  units: number;
  provisional: boolean;
  payee: CompensationRule['payee'];
  reason: string;
}

export interface DueColumns {
  dispatchDueAt: Date | null;
  acceptDueAt: Date | null;
  replyDueAt: Date | null;
  onSiteDueAt: Date | null;
  resolveDueAt: Date | null;
  callbackDueAt: Date | null;
  revisitDueAt: Date | null;
}

export interface SlaPlan {
  /** Due columns and the `breached` flag (any breached clock not yet met). */
  patch: DueColumns & { breached: boolean };
  clocks: PlannedClock[];
  /** Null when compensation is not kept up to date for this order (no service, not closed). */
  compensation: { upserts: PlannedCompensation[]; keep: string[] } | null;
}

/** Whether the utility owes service (its clocks run) for an order in `status`. */
export function owesService(status: S): boolean {
  return !NO_SERVICE_STATUSES.includes(status);
}

/** When the order met a target (null: not yet). */
function doneAt(wo: SlaOrder, kind: SlaKind): Date | null {
  const f = doneField(kind);
  return (f === 'repliedAt' ? wo.repliedAt : wo[f]) ?? null;
}

/** Whether compensation is kept up to date for an order in `status` (then planSla needs the rules). */
export function keepsCompensation(status: S): boolean {
  return !NO_SERVICE_STATUSES.includes(status) || status === S.CLOSED;
}

/**
 * Recomputes deadlines from the stored facts (computeDeadlines): the due columns, the clock rows the
 * scheduler watches, the order's breached flag and the compensation owed for targets already met late.
 * Accept deadline: the domain runs it from dispatch; before dispatch it is shown as if dispatched at the
 * report (report + accept target), then recomputed from the actual dispatch time.
 */
export function planSla(wo: SlaOrder, now: Date, inputs: SlaInputs, s: SlaPlanSettings): SlaPlan {
  const { calendar } = s;
  // The category's targets as they apply to this order (level, leak site and tier, answered at once).
  const targets = targetsForOrder(s.targets, wo, s.orderRules);
  const pauses = inputs.pauses;
  const ctx = slaContextOf(wo, s);
  const facts = {
    ...ctx,
    category: wo.category,
    createdAt: wo.createdAt,
    dispatchedAt: wo.dispatchedAt ?? wo.createdAt,
    acceptedAt: wo.acceptedAt ?? undefined,
    repliedAt: wo.repliedAt ?? undefined,
    onSiteAt: wo.onSiteAt ?? undefined,
    resolvedAt: wo.resolvedAt ?? undefined,
    calledBackAt: wo.calledBackAt ?? undefined,
    reopenedAt: wo.reopenedAt ?? undefined,
    revisitResolvedAt: wo.revisitResolvedAt ?? undefined,
    pauses,
    extensions: inputs.extensions.map((e) => ({ requestedAt: e.requestedAt, newDueAt: e.newDueAt, approved: e.approved })),
  };
  const due: Deadlines = computeDeadlines(facts, targets, calendar, now);

  // One clock per target that has started, plus the revisit after a reopening (the resolve target again,
  // from the reopening, watched as kind `revisit`: warnings, breach, escalation like any other).
  const noService = NO_SERVICE_STATUSES.includes(wo.status);
  const list = noService ? [] : selectTargets(targets[wo.category] ?? [], ctx);
  const clocks: Array<{ kind: string; basis: SlaTarget['basis']; start: Date | null; dueAt: Date | undefined; met: Date | null }> = list.map((t) => ({
    kind: t.kind, basis: t.basis,
    start: targetStart(wo, t) ?? null,
    dueAt: due[dueField(t.kind)],
    // Resolution stops the stages before it (a leak fixed over the phone never records an arrival):
    // such a clock keeps the level it reached and stops running, so a resolved order is not "breached".
    met: doneAt(wo, t.kind) ?? (t.kind !== 'resolve' && t.kind !== 'callback' ? wo.resolvedAt : null) ?? null,
  }));
  const resolveTarget = list.find((t) => t.kind === 'resolve');
  if (resolveTarget && wo.reopenedAt) {
    clocks.push({ kind: 'revisit', basis: resolveTarget.basis, start: wo.reopenedAt, dueAt: due.revisitDueAt, met: wo.revisitResolvedAt });
  }
  const rows: PlannedClock[] = [];
  for (const { kind, basis, start, dueAt, met } of clocks) {
    if (!start || !dueAt) continue; // clock not started (e.g. accept before dispatch)
    const thr = thresholdInstants(start, dueAt, basis, { pauses, calendar, thresholds: s.thresholds });
    const old = inputs.clockLevels.get(kind);
    // A moved deadline (extension, pause) may lower the level; raising it is the scheduler's job (it emits the events).
    const level = Math.min(old ?? 0, LEVEL_CODES[levelAt(now, thr)]);
    const running = !met && !wo.pausedAt;
    rows.push({
      orderId: wo.id, kind, basis, startedAt: start, dueAt, warn1At: thr.warnFirstAt, warn2At: thr.warnSecondAt,
      level: met ? old ?? 0 : level, nextAt: running ? nextCheckAt(LEVEL_BY_CODE[level], thr) : null, metAt: met,
    });
  }
  const patch: SlaPlan['patch'] = {
    dispatchDueAt: due.dispatchDueAt ?? null, acceptDueAt: due.acceptDueAt ?? null, replyDueAt: due.replyDueAt ?? null, onSiteDueAt: due.onSiteDueAt ?? null,
    resolveDueAt: due.resolveDueAt ?? null, callbackDueAt: due.callbackDueAt ?? null, revisitDueAt: due.revisitDueAt ?? null,
    breached: rows.some((c) => c.level === 3 && c.metAt === null),
  };
  return { patch, clocks: rows, compensation: keepsCompensation(wo.status) ? planCompensation(wo, due, rows, now, s.compensationRules) : null };
}

/** Compensation: settled when a late target is met; while open, the scheduler's proposal is kept only for a breached clock. */
function planCompensation(wo: SlaOrder, due: Deadlines, rows: PlannedClock[], now: Date, rules: CompensationRule[]): NonNullable<SlaPlan['compensation']> {
  const dueByKind: Partial<Record<string, Date>> = {};
  const doneByKind: Partial<Record<string, Date>> = {};
  for (const k of SLA_KINDS) {
    const d = due[dueField(k)];
    if (d) dueByKind[k] = d;
    const done = doneAt(wo, k);
    if (done) doneByKind[k] = done;
  }
  const owed = computeCompensation({ orderId: wo.id, category: wo.category, due: dueByKind, done: doneByKind }, now, rules);
  const breachedKinds = new Set(rows.filter((c) => c.level === 3).map((c) => c.kind));
  const out: NonNullable<SlaPlan['compensation']> = { upserts: [], keep: [] };
  for (const rec of owed) {
    const rule = rules.find((x) => x.id === rec.ruleId);
    if (rec.provisional && !(rule?.target && breachedKinds.has(rule.target))) continue;
    out.keep.push(rec.ruleId);
    out.upserts.push({ ruleId: rec.ruleId, target: rule?.target ?? '', amountCny: rec.amountCny, units: rec.units, provisional: rec.provisional, payee: rec.payee, reason: rec.reason });
  }
  return out;
}
