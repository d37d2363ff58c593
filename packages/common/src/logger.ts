import pino, { Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout, one logger per process; children carry the request id. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Personal data never goes to logs.
    redact: { paths: ['*.phone', '*.reporter.phone', 'req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
  });
}
