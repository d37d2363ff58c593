// Typed errors with stable codes (docs/conventions.md §7); the GraphQL layer maps `code` once.
export type NotifyErrorCode = 'INVALID_INPUT' | 'CONFLICT' | 'NOT_FOUND';

export class NotifyDomainError extends Error {
  constructor(
    readonly code: NotifyErrorCode,
    message: string,
    /** Machine-readable pointer to what is wrong (field path, variable name, line). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'NotifyDomainError';
  }
}

export function invalidInput(message: string, details: Record<string, unknown> = {}): NotifyDomainError {
  return new NotifyDomainError('INVALID_INPUT', message, details);
}
