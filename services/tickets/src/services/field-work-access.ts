import { ForbiddenError, hasRole, Identity } from '@mainline/common';
import { assertUtilityRun, DEPARTMENT_UTILITY, DepartmentCode, UTILITY_LABELS, UtilityKind } from '@mainline/common/domain';

/**
 * Who does heat and gas field work (docs/domain.md "One desk, several utilities": a department user works
 * for its own kind): supervisors and admins anywhere, department users of that kind's departments. Agents
 * read (they answer callers about visits and inspections); other departments neither.
 */
export function ownKindDepartment(actor: Identity, kind: UtilityKind): DepartmentCode | null {
  const d = actor.department as DepartmentCode | null | undefined;
  return hasRole(actor, 'department') && d && DEPARTMENT_UTILITY[d] === kind ? d : null;
}

export function isSupervisor(actor: Identity): boolean {
  return hasRole(actor, 'supervisor', 'admin');
}

/** Throws FORBIDDEN unless the caller does `kind`'s field work; returns the caller's department (null for supervisors). */
export function assertFieldWorker(actor: Identity, kind: UtilityKind, what: { zh: string; en: string }): DepartmentCode | null {
  if (isSupervisor(actor)) return null;
  const d = ownKindDepartment(actor, kind);
  if (d) return d;
  throw new ForbiddenError(
    `只有${UTILITY_LABELS[kind].zh}部门或质量监督员可以${what.zh}（部门 ${actor.department ?? '无'}）/ only ${UTILITY_LABELS[kind].en.toLowerCase()} departments and supervisors may ${what.en} (department ${actor.department ?? 'none'})`,
  );
}

/** Readers: field workers of the kind, supervisors, and agents. */
export function assertFieldWorkReader(actor: Identity, kind: UtilityKind, what: { zh: string; en: string }): DepartmentCode | null {
  if (hasRole(actor, 'agent')) return null;
  return assertFieldWorker(actor, kind, what);
}

/** A kind this deployment does not run is refused (UTILITY_KINDS), naming the argument. */
export function assertKindRun(run: readonly UtilityKind[], kind: UtilityKind, argument: string): void {
  assertUtilityRun(run, kind, argument);
}
