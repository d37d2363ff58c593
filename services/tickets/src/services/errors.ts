import { AppError } from '@mainline/common';
import { DomainError } from '../domain';

/** Domain rules throw DomainError (no platform dependency); the service boundary turns them into AppError with the same code. */
export function asAppError(e: unknown): unknown {
  return e instanceof DomainError ? new AppError(e.code, e.message, e.details) : e;
}

export async function domainCall<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asAppError(e);
  }
}
