import { useSyncExternalStore } from 'react';

const EVENT = 'mainline:navigate';
const subscribe = (l: () => void) => {
  window.addEventListener('popstate', l);
  window.addEventListener(EVENT, l);
  return () => {
    window.removeEventListener('popstate', l);
    window.removeEventListener(EVENT, l);
  };
};
const snapshot = () => location.pathname + location.search;

/** Every screen is a URL: path + query are the state that a shared link carries. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const s = useSyncExternalStore(subscribe, snapshot, snapshot);
  const u = new URL(s, location.origin);
  return { path: u.pathname, query: u.searchParams };
}
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(EVENT));
}
