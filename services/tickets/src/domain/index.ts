// Pure work-order rules of the tickets service: no I/O, every figure a configurable default.
export * from './errors';
export * from './enums';
export * from './defaults';
export * from './calendar';
export * from './sla';
export * from './lifecycle';
export * from './callback';
export * from './duplicates';
export * from './compensation';
export * from './report';
export * from './sla-clock';
export * from './geo';
export * from './sla-plan';
export * from './sms-wording';
export * from './intake';
export * from './follow-ups';
export * from './personal-data';
