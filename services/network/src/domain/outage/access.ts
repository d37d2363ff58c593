// Who may act on an outage beyond the role on the mutation (issue 5: the works unit records valve
// operations and confirms restoration for its own outages). The service hands in the caller's roles
// and department; the domain knows no identities.
import { ForbiddenError } from '@mainline/common/domain';

/** What the works-unit rule reads of a caller. */
export interface OutageActor {
  roles: readonly string[];
  department: string | null;
}

/** Staff roles that may act for any works unit. */
const VALVE_ROLES = ['dispatcher', 'supervisor'] as const;
const RESTORE_ROLES = ['supervisor'] as const;

function assertWorksUnit(actor: OutageActor, worksUnit: string, outageNumber: string, what: string, roles: readonly string[]): void {
  if (actor.roles.some((r) => roles.includes(r))) return;
  if (actor.roles.includes('department') && actor.department === worksUnit) return;
  throw new ForbiddenError(
    `${what} for outage ${outageNumber} is for its works unit ${worksUnit}` +
      (actor.department ? ` (your department is ${actor.department})` : '') +
      ` or a ${roles.join(' or ')}`,
  );
}

export function assertMayOperateValves(actor: OutageActor, worksUnit: string, outageNumber: string): void {
  assertWorksUnit(actor, worksUnit, outageNumber, 'recording valve operations', VALVE_ROLES);
}

export function assertMayRestore(actor: OutageActor, worksUnit: string, outageNumber: string): void {
  assertWorksUnit(actor, worksUnit, outageNumber, 'confirming restoration', RESTORE_ROLES);
}
