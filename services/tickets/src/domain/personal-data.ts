import { Department, Role, WorkOrderStatus } from './enums';
import { Actor, TERMINAL_STATUSES } from './lifecycle';

/** Roles that contact callers (phone them back, send them SMS) and so may read their names and phones. */
export const CONTACT_ROLES: readonly Role[] = [Role.AGENT, Role.SUPERVISOR, Role.NOTICE_SYSTEM];

/**
 * Need to know (issue 13): a caller's name and phone go to the roles that contact callers, and to the
 * department that owns the order while it is open (its crew may have to call the caller to get in);
 * after the order is finished, or for any other department, the answer is null, not an error.
 */
export function mayReadPersonalData(actor: Actor, order: { department: Department; status: WorkOrderStatus }): boolean {
  if (actor.roles.some((r) => CONTACT_ROLES.includes(r))) return true;
  return actor.roles.includes(Role.DEPARTMENT) && !!actor.department && actor.department === order.department && !TERMINAL_STATUSES.includes(order.status);
}
