// Who may act on an outage beyond the role on the mutation (issue 5: the works unit records valve
// operations and confirms restoration for its own outages).
import { ForbiddenError, hasRole, Identity } from '@mainline/common';

/** Staff roles that may act for any works unit. */
const VALVE_ROLES = ['dispatcher', 'supervisor'] as const;
const RESTORE_ROLES = ['supervisor'] as const;

function assertWorksUnit(id: Identity, worksUnit: string, outageNumber: string, what: string, roles: readonly ('dispatcher' | 'supervisor')[]): void {
  if (hasRole(id, ...roles)) return;
  if (hasRole(id, 'department') && id.department === worksUnit) return;
  throw new ForbiddenError(
    `${what} for outage ${outageNumber} is for its works unit ${worksUnit}` +
      (id.department ? ` (your department is ${id.department})` : '') +
      ` or a ${roles.join(' or ')}`,
  );
}

export function assertMayOperateValves(id: Identity, worksUnit: string, outageNumber: string): void {
  assertWorksUnit(id, worksUnit, outageNumber, 'recording valve operations', VALVE_ROLES);
}

export function assertMayRestore(id: Identity, worksUnit: string, outageNumber: string): void {
  assertWorksUnit(id, worksUnit, outageNumber, 'confirming restoration', RESTORE_ROLES);
}
