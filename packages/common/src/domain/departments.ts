// The department codes of docs/domain.md ("Codes to use in the API"): the one list every service and token uses.
export const DEPARTMENTS = [
  'CALL_CENTER', 'BUSINESS', 'NETWORK', 'WORKS', 'PRODUCTION', 'QUALITY', 'METER', 'METROLOGY',
  'INSPECTION', 'DISCIPLINE', 'DUTY', 'SUPERVISION',
] as const;
export type DepartmentCode = (typeof DEPARTMENTS)[number];
