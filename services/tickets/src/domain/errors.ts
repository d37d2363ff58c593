// Stable codes shared with the GraphQL error mapping (docs/conventions.md §7).
export type DomainErrorCode = 'INVALID_INPUT' | 'CONFLICT' | 'SLA_RULE' | 'FORBIDDEN' | 'NOT_FOUND';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function invalidInput(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('INVALID_INPUT', message, details);
}

export function assertValidDate(value: unknown, where: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalidInput(`${where}: 不是有效时间 / not a valid Date`, { where });
  }
}
