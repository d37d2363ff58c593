// The real parts a stack needs (PostgreSQL, Kafka) and the stack runner, for `npm start`, tests and benches.
export * from './infra-error';
export * from './kafka';
export * from './postgres';
export * from './private-postgres';
export * from './stack';
