// The outage lifecycle (docs/domain.md "Outages"; issue 5): DRAFT → SUBMITTED → APPROVED → ANNOUNCED →
// IN_PROGRESS → RESTORED, or CANCELLED. Pure: the service loads, calls these, and persists.
import { ConflictError, InvalidInputError } from '@mainline/common/domain';

export const OUTAGE_KINDS = ['PLANNED', 'EMERGENCY'] as const;
export type OutageKind = (typeof OUTAGE_KINDS)[number];

/**
 * Where the outage is (docs/domain.md "Water rules the first version got wrong or left out"; issue 11): on the
 * network, or at a treatment plant or booster station, which needs the bureau whatever the size.
 */
export const OUTAGE_SOURCES = ['NETWORK', 'PLANT'] as const;
export type OutageSource = (typeof OUTAGE_SOURCES)[number];

export type OutageStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'ANNOUNCED' | 'IN_PROGRESS' | 'RESTORED' | 'CANCELLED';
/** Announced to the public or with water off: what callers and the `active` filter mean by a known outage. */
export const ACTIVE_STATUSES: readonly OutageStatus[] = ['ANNOUNCED', 'IN_PROGRESS'];

export type OutageAction =
  | 'SUBMIT'
  | 'APPROVE'
  | 'ANNOUNCE'
  | 'START'
  | 'RESTORE'
  | 'CANCEL'
  | 'RESCHEDULE'
  | 'RECORD_REGULATOR_APPROVAL'
  | 'OVERRIDE_LEAD_TIME'
  | 'CLOSE_VALVE'
  | 'OPEN_VALVE';

type Rule = { from: readonly OutageStatus[]; to: OutageStatus | 'SAME' };

const PLANNED: Record<OutageAction, Rule> = {
  SUBMIT: { from: ['DRAFT'], to: 'SUBMITTED' },
  APPROVE: { from: ['SUBMITTED'], to: 'APPROVED' },
  ANNOUNCE: { from: ['APPROVED'], to: 'ANNOUNCED' },
  // Started by the valve operations (all valves closed), never by hand.
  START: { from: ['ANNOUNCED'], to: 'IN_PROGRESS' },
  RESTORE: { from: ['IN_PROGRESS'], to: 'RESTORED' },
  // An outage holding closed valves is restored, not cancelled (the service also checks the holds).
  CANCEL: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'ANNOUNCED'], to: 'CANCELLED' },
  RESCHEDULE: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'ANNOUNCED', 'IN_PROGRESS'], to: 'SAME' },
  RECORD_REGULATOR_APPROVAL: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'ANNOUNCED', 'IN_PROGRESS'], to: 'SAME' },
  OVERRIDE_LEAD_TIME: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'ANNOUNCED'], to: 'SAME' },
  // docs/domain.md: no public valve is closed without an approved shutoff; planned ones are closed only once the public was told.
  CLOSE_VALVE: { from: ['ANNOUNCED', 'IN_PROGRESS'], to: 'SAME' },
  OPEN_VALVE: { from: ['APPROVED', 'ANNOUNCED', 'IN_PROGRESS'], to: 'SAME' },
};

// docs/domain.md: emergencies start at once (valves closed first, recorded afterwards) and need no approval.
const EMERGENCY: Record<OutageAction, Rule> = {
  ...PLANNED,
  SUBMIT: { from: ['DRAFT'], to: 'SUBMITTED' },
  APPROVE: { from: ['DRAFT', 'SUBMITTED'], to: 'APPROVED' },
  ANNOUNCE: { from: ['DRAFT', 'SUBMITTED', 'APPROVED'], to: 'ANNOUNCED' },
  START: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'ANNOUNCED'], to: 'IN_PROGRESS' },
  CLOSE_VALVE: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'ANNOUNCED', 'IN_PROGRESS'], to: 'SAME' },
  OPEN_VALVE: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'ANNOUNCED', 'IN_PROGRESS'], to: 'SAME' },
};

export const TRANSITIONS: Record<OutageKind, Record<OutageAction, Rule>> = { PLANNED, EMERGENCY };

export function canDo(kind: OutageKind, status: OutageStatus, action: OutageAction): boolean {
  return TRANSITIONS[kind][action].from.includes(status);
}

/** The status after `action`, or a CONFLICT naming the outage, its status and what it would need. */
export function nextStatus(o: { kind: OutageKind; status: OutageStatus; number: string }, action: OutageAction): OutageStatus {
  const rule = TRANSITIONS[o.kind][action];
  if (!rule.from.includes(o.status)) {
    throw new ConflictError(
      `outage ${o.number} is ${o.status}: ${action} is allowed for a ${o.kind} outage only when ${rule.from.join(' or ')}`,
      { outageNumber: o.number, status: o.status, action, allowedFrom: [...rule.from] },
    );
  }
  return rule.to === 'SAME' ? o.status : rule.to;
}

export function allowedActions(kind: OutageKind, status: OutageStatus): OutageAction[] {
  return (Object.keys(TRANSITIONS[kind]) as OutageAction[]).filter((a) => canDo(kind, status, a));
}

/** Times of a plan: an end after the start; `at` named in the message. */
export function checkTimes(startsAt: Date, endsAt: Date): void {
  if (Number.isNaN(startsAt.getTime())) throw new InvalidInputError('startsAt is not a valid instant', { field: 'startsAt' });
  if (Number.isNaN(endsAt.getTime())) throw new InvalidInputError('endsAt is not a valid instant', { field: 'endsAt' });
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw new InvalidInputError(`endsAt (${endsAt.toISOString()}) must be after startsAt (${startsAt.toISOString()})`, { field: 'endsAt' });
  }
}

/** TS-2026-000042: prefix, year in the utility's time zone, per-year sequence. */
export function formatOutageNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

export function yearIn(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}

export function requireText(value: string | null | undefined, field: string): string {
  const v = (value ?? '').trim();
  if (!v) throw new InvalidInputError(`${field} must not be empty`, { field });
  return v;
}
