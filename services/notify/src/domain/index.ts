// Public API of the notify domain: pure rules, no I/O.
export { DomainError, invalidInput } from '@mainline/common/domain';
export { assertUtilityRun, DEFAULT_UTILITY, HEATING_SEASONS_KEY, isUtilityKind, UTILITY_KINDS } from '@mainline/common/domain';
export type { HeatingSeason, HeatingSeasonsSetEvent, OutageEvent, OutageSnapshot, UtilityKind } from '@mainline/common/domain';
export * from './notice';
export * from './config';
export * from './wording';
export * from './heating-season';
export * from './outage-rules';
export * from './format';
export * from './keys';
export * from './templates';
export * from './sms';
export * from './compose';
export * from './cloudevent';
export * from './receipts';
