import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AuthenticationError, AuthorizationError } from 'type-graphql';
import { DomainError, ERROR_CODES } from './domain/errors';
import { isDatabaseUnavailable } from './db';

export * from './domain/errors';

/** Codes that graphql-js / Apollo produce for a client's own mistakes; those pass through unmasked. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'QUERY_TOO_COMPLEX',
]);

const APP_CODES = new Set<string>(ERROR_CODES);

/**
 * While the database is away every request fails the same way: one log line per interval (with how many were
 * not logged) instead of a stack per request — at hundreds of failures a second the logging alone kept a
 * service busy seconds after the database was back.
 */
export class ThrottledLog {
  private last = -Infinity;
  private suppressed = 0;
  constructor(private readonly intervalMs: number, private readonly now: () => number = Date.now) {}
  note(err: unknown, formatted: GraphQLFormattedError, log: (err: unknown, formatted: GraphQLFormattedError) => void): void {
    const t = this.now();
    if (t - this.last < this.intervalMs) {
      this.suppressed++;
      return;
    }
    const also = this.suppressed;
    this.last = t;
    this.suppressed = 0;
    log(also ? Object.assign(new Error(`${(err as Error)?.message ?? String(err)} (and ${also} more like it not logged)`), { cause: err }) : err, formatted);
  }
}
/** One line a second at most for "database unavailable". */
const UNAVAILABLE_LOG_INTERVAL_MS = 1000;
const unavailableLog = new ThrottledLog(UNAVAILABLE_LOG_INTERVAL_MS);

export const DATABASE_UNAVAILABLE_MESSAGE = '数据库暂时不可用，请稍后重试 / the database is unavailable right now: try again shortly';

/**
 * One mapping of errors to what clients see: typed errors keep their code and message, anything
 * else is masked (no stack traces or SQL leave the service) and handed to `log`.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (err: unknown, formatted: GraphQLFormattedError) => void,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, ...original.details },
    };
  }
  // type-graphql's auth checker throws these when a role is missing / no one is signed in.
  if (original instanceof AuthorizationError) {
    return { message: 'not allowed for this role', path: formatted.path, extensions: { code: 'FORBIDDEN' } };
  }
  if (original instanceof AuthenticationError) {
    return { message: 'authentication required', path: formatted.path, extensions: { code: 'UNAUTHENTICATED' } };
  }
  if ((original as Error | undefined)?.name === 'ArgumentValidationError') {
    return { message: 'invalid input: ' + (original as Error).message, path: formatted.path, extensions: { code: 'INVALID_INPUT', validation: (original as any).extensions?.validationErrors } };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (CLIENT_CODES.has(code) || APP_CODES.has(code)) {
    const { stacktrace: _s, exception: _e, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: ext };
  }
  // The database went away (restart, failover, network): the caller's request was fine and may be retried.
  // Said as UNAVAILABLE, with nothing of the driver's message (it names hosts and ports).
  if (isDatabaseUnavailable(original)) {
    unavailableLog.note(original, formatted, log);
    return { message: DATABASE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'UNAVAILABLE', retryable: true } };
  }
  log(original, formatted);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
