import { DomainError } from '@mainline/common/domain';

/** Awaits an operation that must be refused and returns the typed error it was refused with. */
export async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the operation to be refused');
}

/** The same for a rule that throws at once (pure domain code): the typed error it refused with. */
export function refused(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
