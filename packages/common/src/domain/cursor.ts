// The one keyset cursor of every list (docs/conventions.md §11): newest first by (createdAt, id).
import { invalidInput } from './errors';

export interface KeysetCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`, 'utf8').toString('base64url');
}

/** A cursor this service did not hand out is the caller's mistake, named by the argument (`after`). */
export function decodeCursor(s: string, field = 'after'): KeysetCursor {
  const [t, id, extra] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(t);
  if (extra !== undefined || !id || !UUID.test(id) || Number.isNaN(createdAt.getTime())) {
    throw invalidInput(`${field} 不是本列表给出的游标 / ${field} is not a cursor from this list`, { field });
  }
  return { createdAt, id };
}
