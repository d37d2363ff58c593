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

/**
 * A phone with its middle hidden (138****0000): what everyone who reads the order sees, so a caller can
 * be recognised ("the one ending 0000") without the number being handed out.
 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^0-9]/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keepHead = digits.length >= 11 ? 3 : digits.length >= 8 ? 2 : 0;
  return digits.slice(0, keepHead) + '*'.repeat(digits.length - keepHead - 4) + digits.slice(-4);
}
