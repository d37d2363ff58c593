/** Stable codes for failures of the local infrastructure launchers (Kafka, PostgreSQL). */
export type InfraErrorCode =
  | 'INVALID_INPUT' // a bad option or name passed by the caller
  | 'MISSING_TOOL' // java / mvn not on PATH
  | 'PORT_IN_USE' // the port answers, but not as the expected server
  | 'START_FAILED' // the launched process died or a setup step failed
  | 'TIMEOUT' // the server did not become ready in time
  | 'UNREACHABLE'; // a given external server (KAFKA_BROKERS, DATABASE_URL) does not answer

export class InfraError extends Error {
  constructor(readonly code: InfraErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfraError';
  }
}
