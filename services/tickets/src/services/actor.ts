import { hasRole, Identity } from '@mainline/common';
import { DEPARTMENT_UTILITY, DepartmentCode, isUtilityKind, UtilityKind } from '@mainline/common/domain';
import { Actor, DEFAULT_ROLE_RULES, Department, Role, RoleRules } from '../domain';

/**
 * Platform roles → the domain's roles. `admin` acts as a supervisor; `dispatcher` (network engineers)
 * has no work-order rights. A department user acts for the department in their token only.
 */
export function toActor(id: Identity): Actor {
  const roles: Role[] = [];
  if (hasRole(id, 'agent')) roles.push(Role.AGENT);
  if (hasRole(id, 'department')) roles.push(Role.DEPARTMENT);
  if (hasRole(id, 'supervisor', 'admin')) roles.push(Role.SUPERVISOR);
  if (hasRole(id, 'notice-system')) roles.push(Role.NOTICE_SYSTEM);
  return { id: id.sub, roles, department: (id.department as Department | null) ?? undefined };
}

/** Roles that read every department's orders (agents answer callers about any order). */
export function readsAllDepartments(id: Identity): boolean {
  return hasRole(id, 'agent', 'supervisor', 'admin');
}

/**
 * docs/domain.md: extensions are approved "by the department head". Tokens carry no head flag, so heads are
 * listed per department in the `department_head` table (kept by supervisors); a listed head of the
 * order's department may decide, besides the supervisor. Agents never may.
 */
export function roleRulesFor(isDepartmentHead: boolean): RoleRules {
  if (!isDepartmentHead) return DEFAULT_ROLE_RULES;
  return { ...DEFAULT_ROLE_RULES, DECIDE_EXTENSION: [...DEFAULT_ROLE_RULES.DECIDE_EXTENSION, { role: Role.DEPARTMENT, ownDepartmentOnly: true }] };
}

/**
 * The utility kinds whose orders a caller may see: null = every kind (the call center's roles, supervisors,
 * and department users of a shared department: the call center, the service-quality office); else the one
 * kind a department works for (docs/domain.md "One desk, several utilities").
 */
export function kindsReadBy(id: Identity): UtilityKind[] | null {
  if (readsAllDepartments(id)) return null;
  const dept = id.department as DepartmentCode | null | undefined;
  const kind = dept ? DEPARTMENT_UTILITY[dept] : undefined;
  if (kind === null) return null;
  return kind && isUtilityKind(kind) ? [kind] : [];
}
