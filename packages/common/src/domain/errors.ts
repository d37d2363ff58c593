// The one domain error of every service (docs/conventions.md §7). It depends on nothing, so pure domain
// modules throw it directly; the GraphQL mapping (`maskError`) turns it into a typed error with its code.

/** Stable codes clients can switch on. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'SLA_RULE'
  | 'UNAVAILABLE';

export const ERROR_CODES: readonly ErrorCode[] = ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'INVALID_INPUT', 'CONFLICT', 'SLA_RULE', 'UNAVAILABLE'];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable pointer to what is wrong (argument, field path, line). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} "${id}" not found`, { what, id });
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = 'not allowed for this role') {
    super('FORBIDDEN', message);
  }
}
export class InvalidInputError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INVALID_INPUT', message, details);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CONFLICT', message, details);
  }
}

export function invalidInput(message: string, details: Record<string, unknown> = {}): InvalidInputError {
  return new InvalidInputError(message, details);
}
