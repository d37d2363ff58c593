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

/**
 * The same helper for lists ordered by a text key inside one scope (a network's service points by their id
 * from the source data, which is neither a UUID nor dated): base64url of `key|<scope uuid>|<key>`.
 */
export function encodeKeyCursor(scope: string, key: string): string {
  return Buffer.from(`key|${scope}|${key}`, 'utf8').toString('base64url');
}

/** Scope and key of a key cursor, or null when `s` is not one (used by the shared argument check too). */
export function parseKeyCursor(s: string): { scope: string; key: string } | null {
  if (s.length > 2000 || !/^[A-Za-z0-9_-]+={0,2}$/.test(s)) return null;
  const text = Buffer.from(s, 'base64url').toString('utf8');
  const m = /^key\|([0-9a-f-]{36})\|([^]+)$/i.exec(text);
  if (!m || !UUID.test(m[1])) return null;
  return { scope: m[1], key: m[2] };
}

/** The key after which the next page starts; a cursor of another list or scope is the caller's mistake. */
export function decodeKeyCursor(s: string, scope: string, field = 'after'): string {
  const c = parseKeyCursor(s);
  if (!c || c.scope.toLowerCase() !== scope.toLowerCase()) {
    throw invalidInput(`${field} 不是本列表给出的游标 / ${field} is not a cursor from this list`, { field });
  }
  return c.key;
}
