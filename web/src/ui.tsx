import { ReactNode, useCallback, useEffect, useRef, useState, MouseEvent } from 'react';
import { navigate } from './router';
import { errorText } from './api/client';
import { config } from './config';
import { L, label } from './i18n';
import { localInputToIso } from './time';

export function Link({ to, children, className, testId }: { to: string; children: ReactNode; className?: string; testId?: string }) {
  const go = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={go} className={className} data-testid={testId}>{children}</a>;
}

export interface Loaded<T> { data: T | null; error: unknown; loading: boolean; reload: () => void }

/** Loads now and again every `pollMs` (config, 5 s) while the screen is open; keeps the last data on errors. */
export function usePoll<T>(load: () => Promise<T>, deps: unknown[], poll = true): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const run = useCallback(() => {
    const my = ++seq.current;
    load().then(
      (d) => { if (my === seq.current) { setData(d); setError(null); setLoading(false); } },
      (e) => { if (my === seq.current) { setError(e); setLoading(false); } },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    setLoading(true);
    run();
    if (!poll) return;
    const t = setInterval(run, config.get().pollMs);
    return () => clearInterval(t);
  }, [run, poll]);
  return { data, error, loading, reload: run };
}

export function ErrorLine({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null;
  return <div className="error" role="alert" data-testid={testId}>{errorText(error)}</div>;
}

/** A button that runs an action and shows the API's refusal right beside it. */
export function Action({ label, run, disabled, blocked, testId, kind }: {
  label: string; run: () => Promise<unknown>; disabled?: boolean; blocked?: string[]; testId?: string; kind?: 'primary' | 'danger';
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const click = async () => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const isBlocked = !!blocked?.length;
  return (
    <div className="action">
      <button type="button" className={kind ?? ''} onClick={click} disabled={busy || disabled || isBlocked} data-testid={testId}>{label}</button>
      {isBlocked && <ul className="blocked" data-testid={testId ? `${testId}-blocked` : undefined}>{blocked!.map((b) => <li key={b}>{b}</li>)}</ul>}
      <ErrorLine error={error} testId={testId ? `${testId}-error` : undefined} />
    </div>
  );
}

/** 供水 / 供热 / 燃气 as a coloured tag (lists and headers). */
export function UtilityTag({ utility }: { utility: string | null | undefined }) {
  return <span className={`tag u-${utility ?? 'WATER'}`} data-utility={utility ?? 'WATER'}>{label.utility(utility ?? 'WATER')}</span>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** Form state kept in sessionStorage: an expired sign-in or a reload does not lose what was typed. */
export function useDraft<T extends object>(key: string, initial: T): [T, (patch: Partial<T>) => void, () => void] {
  const [v, setV] = useState<T>(() => {
    try {
      const s = sessionStorage.getItem(key);
      return s ? { ...initial, ...JSON.parse(s) } : initial;
    } catch {
      return initial;
    }
  });
  const update = (patch: Partial<T>) => setV((old) => {
    const next = { ...old, ...patch };
    sessionStorage.setItem(key, JSON.stringify(next));
    return next;
  });
  const clear = () => {
    sessionStorage.removeItem(key);
    setV(initial);
  };
  return [v, update, clear];
}

/**
 * A date and time typed as the utility's wall clock (`YYYY-MM-DD HH:mm`): a text field, not datetime-local, so the
 * browser's own zone and language never show through (Chromium writes "12/02/2026, 06:32 AM" in an English browser).
 */
export function ZonedTimeInput({ value, onChange, testId, title }: { value: string; onChange: (v: string) => void; testId?: string; title?: string }) {
  const ok = value.trim() === '' || localInputToIso(value) !== '';
  return (
    <span className="zoned-field">
      <input className="zoned-time" value={value} onChange={(e) => onChange(e.target.value)} placeholder="2026-12-05 09:00" inputMode="numeric" aria-invalid={!ok} title={title} aria-label={title} data-testid={testId} />
      {!ok && <span className="field-error">{L('格式：年-月-日 时:分，如 2026-12-05 09:00', 'as YYYY-MM-DD HH:mm, e.g. 2026-12-05 09:00')}</span>}
    </span>
  );
}
