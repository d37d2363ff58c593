// What pure domain code may use from common: no GraphQL, database or Kafka behind these imports.
export * from './errors';
export * from './cursor';
export * from './geodesy';
export * from './random';
export * from './departments';
export * from './utility';
// The event contracts are plain data: the consumers' pure rules read them.
export * from '../events/outage-events';
export * from '../events/geojson';
export * from '../events/settings-events';
export * from '../events/inspection-events';
export type { Clock } from '../clock';
export { ManualClock, systemClock } from '../clock';
