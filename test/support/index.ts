// Test support shared by the integration tiers of every package and the end-to-end tests.
export * from './e2e-stack';
export * from './env';
export * from './migration-drift';
export * from './ports';
export * from './fault-load';
export * from './refusal';
export * from './sql-counter';
