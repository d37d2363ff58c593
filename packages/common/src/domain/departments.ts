// The department codes of docs/domain.md ("Codes to use in the API"): the one list every service and token uses.
// Water's codes come first and are unchanged; heat and gas departments follow the seed utilities' org charts
// (docs/domain.md "Heating utility", "Gas utility"). Each department belongs to one utility kind, except the
// ones a shared desk has once (the call center, the service-quality office).
import type { UtilityKind } from './utility';

export const DEPARTMENTS = [
  'CALL_CENTER', 'BUSINESS', 'NETWORK', 'WORKS', 'PRODUCTION', 'QUALITY', 'METER', 'METROLOGY',
  'INSPECTION', 'DISCIPLINE', 'DUTY', 'SUPERVISION',
  // heat (001): dispatch centre, repair crews, substations, customer service
  'HEAT_DISPATCH', 'HEAT_REPAIR_CREW', 'HEAT_SUBSTATION', 'HEAT_SERVICE',
  // gas (004): business halls, emergency repair, safety inspection, installation, dispatch
  'GAS_BUSINESS_HALL', 'GAS_EMERGENCY', 'GAS_SAFETY', 'GAS_INSTALLATION', 'GAS_DISPATCH',
] as const;
export type DepartmentCode = (typeof DEPARTMENTS)[number];

/** The utility kind a department works for; null = shared by every kind the desk runs. */
export const DEPARTMENT_UTILITY: Record<DepartmentCode, UtilityKind | null> = {
  CALL_CENTER: null, SUPERVISION: null,
  BUSINESS: 'WATER', NETWORK: 'WATER', WORKS: 'WATER', PRODUCTION: 'WATER', QUALITY: 'WATER', METER: 'WATER',
  METROLOGY: 'WATER', INSPECTION: 'WATER', DISCIPLINE: 'WATER', DUTY: 'WATER',
  HEAT_DISPATCH: 'HEAT', HEAT_REPAIR_CREW: 'HEAT', HEAT_SUBSTATION: 'HEAT', HEAT_SERVICE: 'HEAT',
  GAS_BUSINESS_HALL: 'GAS', GAS_EMERGENCY: 'GAS', GAS_SAFETY: 'GAS', GAS_INSTALLATION: 'GAS', GAS_DISPATCH: 'GAS',
};

/** Whether a department user of `department` may see work of `kind` at all (before the department rule). */
export function departmentServes(department: DepartmentCode, kind: UtilityKind): boolean {
  const k = DEPARTMENT_UTILITY[department];
  return k === null || k === kind;
}
