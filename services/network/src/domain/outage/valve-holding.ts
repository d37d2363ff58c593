// A valve may serve several outages at once (docs/domain.md, issue 5): it is closed once, every outage that
// needs it holds it, and it is reopened only when no other unrestored outage still holds it.
import { ConflictError } from '@mainline/common/domain';

export interface HolderRef {
  id: string;
  number: string;
  status: string;
}

export interface ValveHold {
  valveId: string;
  /** Outages (ids) that hold the valve closed; empty = open as far as outages go. */
  closedBy: readonly string[];
}

export type CloseOutcome = 'CLOSED' | 'ALREADY_CLOSED';
export type OpenOutcome = 'OPENED';

/**
 * Closing for `outageId`: the first holder physically closes it (CLOSED); later holders join the hold
 * without a second closure (ALREADY_CLOSED). Recording the same closure twice is a conflict.
 */
export function closeValve(hold: ValveHold, outageId: string, outageNumber: string): { closedBy: string[]; outcome: CloseOutcome } {
  if (hold.closedBy.includes(outageId)) {
    throw new ConflictError(`valve ${hold.valveId} is already recorded closed for outage ${outageNumber}`, { valveId: hold.valveId, outageNumber });
  }
  return { closedBy: [...hold.closedBy, outageId], outcome: hold.closedBy.length === 0 ? 'CLOSED' : 'ALREADY_CLOSED' };
}

/**
 * Reopening for `outageId`: refused while another outage still holds the valve (the message names it),
 * refused when this outage does not hold it.
 */
export function openValve(hold: ValveHold, outageId: string, outageNumber: string, holders: ReadonlyMap<string, HolderRef>): { closedBy: string[]; outcome: OpenOutcome } {
  if (!hold.closedBy.includes(outageId)) {
    throw new ConflictError(`valve ${hold.valveId} is not recorded closed for outage ${outageNumber}`, { valveId: hold.valveId, outageNumber });
  }
  const others = hold.closedBy.filter((id) => id !== outageId);
  if (others.length > 0) {
    const names = others.map((id) => describe(holders.get(id), id));
    throw new ConflictError(
      `阀门 ${hold.valveId} 仍被停水 ${names.join('、')} 占用，不能开启 / valve ${hold.valveId} may not be reopened: ` +
        `outage ${names.join(', ')} still needs it closed; it can be reopened when that outage is restored`,
      { valveId: hold.valveId, outageNumber, heldBy: others.map((id) => holders.get(id)?.number ?? id), heldByOutageIds: others },
    );
  }
  return { closedBy: [], outcome: 'OPENED' };
}

function describe(h: HolderRef | undefined, id: string): string {
  return h ? `${h.number} (${h.status})` : id;
}

export interface RestorePlan {
  /** Valves only this outage holds: they must be reopened (recorded) before the outage is restored. */
  mustReopen: string[];
  /** Valves other outages still hold: they stay closed, this outage lets go of them. */
  stillHeld: Array<{ valveId: string; heldBy: string[] }>;
}

/** What restoring `outageId` means for its valves. */
export function restorePlan(outageId: string, holds: readonly ValveHold[]): RestorePlan {
  const mustReopen: string[] = [];
  const stillHeld: RestorePlan['stillHeld'] = [];
  for (const h of holds) {
    if (!h.closedBy.includes(outageId)) continue;
    const others = h.closedBy.filter((id) => id !== outageId);
    if (others.length === 0) mustReopen.push(h.valveId);
    else stillHeld.push({ valveId: h.valveId, heldBy: others });
  }
  return { mustReopen, stillHeld };
}

/**
 * When the outage counts as started: planned ones when all their valves are closed; emergencies at
 * the first closed valve (the crew closes first and records afterwards).
 */
export function isStarted(kind: 'PLANNED' | 'EMERGENCY', valveIds: readonly string[], closedForOutage: ReadonlySet<string>): boolean {
  if (valveIds.length === 0) return false;
  return kind === 'EMERGENCY' ? valveIds.some((v) => closedForOutage.has(v)) : valveIds.every((v) => closedForOutage.has(v));
}
