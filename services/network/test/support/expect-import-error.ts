// Test helper shared by the importers' unit tests (not used by the service).
import { ImportError } from '../../src/domain/import/errors';

/** Runs `fn`, expects the one clear INVALID_INPUT ImportError whose message matches `pattern`, and returns it. */
export function expectImportError(fn: () => unknown, pattern: RegExp): ImportError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).code).toBe('INVALID_INPUT');
    expect((e as Error).message).toMatch(pattern);
    return e as ImportError;
  }
  throw new Error(`expected an ImportError matching ${pattern}`);
}
