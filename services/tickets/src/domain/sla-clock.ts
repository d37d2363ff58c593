import { WorkingCalendar } from './calendar';
import { SlaTarget } from './defaults';
import { assertValidDate, invalidInput } from './errors';
import { DEFAULT_SLA_THRESHOLDS, Pause, SlaLevel, SlaThresholds } from './sla';

const MINUTE = 60_000;

/** Levels as stored (a small int keeps the scheduler's SQL simple): OK 0, WARN_50 1, WARN_80 2, BREACHED 3. */
export const LEVEL_CODES: Record<SlaLevel, number> = { OK: 0, WARN_50: 1, WARN_80: 2, BREACHED: 3 };
export const LEVEL_BY_CODE: readonly SlaLevel[] = ['OK', 'WARN_50', 'WARN_80', 'BREACHED'];

export interface ThresholdInstants {
  /** First instant at which the used share reaches warnFirst / warnSecond. */
  warnFirstAt: Date;
  warnSecondAt: Date;
  /** The deadline itself: breached is any instant after it. */
  dueAt: Date;
}

/**
 * The instants at which a running target crosses its warning thresholds, so the scheduler can find
 * due orders with an index on one timestamp instead of evaluating every order. Consistent with
 * slaState: the budget is the active (unpaused) time in the target's basis between start and deadline,
 * and a warning instant is where that much of the budget has been used. Only closed pauses count: while
 * an order is paused its clock is frozen and the scheduler does not look at it.
 */
export function thresholdInstants(
  startedAt: Date,
  dueAt: Date,
  basis: SlaTarget['basis'],
  o: { pauses?: Pause[]; calendar?: WorkingCalendar; thresholds?: SlaThresholds } = {},
): ThresholdInstants {
  assertValidDate(startedAt, 'thresholdInstants.startedAt');
  assertValidDate(dueAt, 'thresholdInstants.dueAt');
  const t = o.thresholds ?? DEFAULT_SLA_THRESHOLDS;
  if (basis === 'working' && !o.calendar) throw invalidInput("basis 'working' 需要工作日历 / basis 'working' needs a calendar");
  const cal = o.calendar as WorkingCalendar;
  const span = (a: Date, b: Date): number =>
    b.getTime() <= a.getTime() ? 0 : basis === 'clock' ? (b.getTime() - a.getTime()) / MINUTE : cal.workingMinutesBetween(a, b);
  const advance = (a: Date, minutes: number): Date => (basis === 'clock' ? new Date(a.getTime() + minutes * MINUTE) : cal.addWorkingMinutes(a, minutes));
  const pauses = (o.pauses ?? [])
    .filter((p): p is Required<Pause> => !!p.to && p.to.getTime() > startedAt.getTime() && p.from.getTime() < dueAt.getTime())
    .sort((a, b) => a.from.getTime() - b.from.getTime());

  // Active minutes between start and due, pauses excluded.
  let budget = span(startedAt, dueAt);
  for (const p of pauses) {
    const from = new Date(Math.max(p.from.getTime(), startedAt.getTime()));
    const to = new Date(Math.min(p.to.getTime(), dueAt.getTime()));
    budget -= span(from, to);
  }

  const instantAfterActive = (minutes: number): Date => {
    let cursor = startedAt;
    let remaining = minutes;
    for (const p of pauses) {
      if (p.from.getTime() <= cursor.getTime()) {
        if (p.to.getTime() > cursor.getTime()) cursor = p.to;
        continue;
      }
      const avail = span(cursor, p.from);
      if (remaining <= avail) return advance(cursor, remaining);
      remaining -= avail;
      cursor = p.to;
    }
    return advance(cursor, remaining);
  };

  if (budget <= 0) return { warnFirstAt: new Date(startedAt), warnSecondAt: new Date(startedAt), dueAt: new Date(dueAt) };
  const cap = (d: Date) => (d.getTime() > dueAt.getTime() ? new Date(dueAt) : d);
  return { warnFirstAt: cap(instantAfterActive(budget * t.warnFirst)), warnSecondAt: cap(instantAfterActive(budget * t.warnSecond)), dueAt: new Date(dueAt) };
}

/** Level at `now` from the stored instants (what the scheduler's SQL computes). */
export function levelAt(now: Date, i: ThresholdInstants): SlaLevel {
  const n = now.getTime();
  if (n > i.dueAt.getTime()) return 'BREACHED';
  if (n >= i.warnSecondAt.getTime()) return 'WARN_80';
  if (n >= i.warnFirstAt.getTime()) return 'WARN_50';
  return 'OK';
}

/** When the scheduler must look again, given the level already recorded; null once breached. */
export function nextCheckAt(level: SlaLevel, i: ThresholdInstants): Date | null {
  switch (level) {
    case 'OK':
      return i.warnFirstAt;
    case 'WARN_50':
      return i.warnSecondAt;
    case 'WARN_80':
      return new Date(i.dueAt.getTime() + 1); // breached = strictly after the deadline
    default:
      return null;
  }
}
