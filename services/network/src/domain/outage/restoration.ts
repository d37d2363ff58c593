// What restoring supply takes beyond reopening the valves (docs/domain.md "Gas utility": supply is restored
// and ignition checked household by household; the restoration notice tells customers not to re-light their
// appliances themselves but to wait for staff).
import type { UtilityKind } from '@mainline/common/domain';

/** Utility kinds whose restoration needs a visit to every affected customer before use resumes. */
const CHECKED_ONE_BY_ONE: ReadonlySet<UtilityKind> = new Set<UtilityKind>(['GAS']);

/** True when the restored event must list every affected service point for an ignition check. */
export function restorationNeedsCustomerChecks(utility: UtilityKind): boolean {
  return CHECKED_ONE_BY_ONE.has(utility);
}
