import { Store, useStore } from './store';

export type Role = 'agent' | 'department' | 'dispatcher' | 'supervisor' | 'admin' | 'notice-system';
export interface Session {
  token: string;
  sub: string;
  name: string;
  roles: Role[];
  department: string | null;
  exp: number | null;
}

const KEY = 'mainline.token';

export function decodeToken(token: string): Session | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = JSON.parse(decodeURIComponent(escape(atob(part.replace(/-/g, '+').replace(/_/g, '/')))));
    if (!Array.isArray(json.roles)) return null;
    return { token, sub: String(json.sub ?? ''), name: String(json.name ?? json.sub ?? ''), roles: json.roles, department: json.department ?? null, exp: typeof json.exp === 'number' ? json.exp : null };
  } catch {
    return null;
  }
}

export const session = new Store<Session | null>(null);
/** Set when the API answered 401: the sign-in dialog opens over the screen, which keeps what was typed. */
export const authExpired = new Store<boolean>(false);

export function signIn(token: string): Session | null {
  const s = decodeToken(token.trim());
  if (!s) return null;
  localStorage.setItem(KEY, s.token);
  session.set(s);
  authExpired.set(false);
  return s;
}
export function signOut(): void {
  localStorage.removeItem(KEY);
  session.set(null);
}

/** `#token=<jwt>` signs in (scripts, screenshots, links from other systems) and leaves the address bar. */
export function restoreSession(): void {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    signIn(decodeURIComponent(m[1]));
    history.replaceState(history.state, '', location.pathname + location.search);
    return;
  }
  const saved = localStorage.getItem(KEY);
  if (saved) {
    const s = decodeToken(saved);
    if (s && (!s.exp || s.exp * 1000 > Date.now())) session.set(s);
  }
}

export function useSession(): Session | null {
  return useStore(session);
}
export function hasRole(s: Session | null, ...roles: Role[]): boolean {
  return !!s && s.roles.some((r) => roles.includes(r));
}
