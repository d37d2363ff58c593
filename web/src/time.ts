import { L } from './i18n';
import { config } from './config';

/** Times are shown in the utility's zone (the gateway's TIME_ZONE, default Asia/Shanghai), whatever the browser's. */
export function fmtTime(iso?: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return new Intl.DateTimeFormat(L('zh-CN', 'en-GB'), { timeZone: config.get().timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** `YYYY-MM` of now in the utility's zone. */
export function monthNow(now = new Date()): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: config.get().timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  return `${p.find((x) => x.type === 'year')!.value}-${p.find((x) => x.type === 'month')!.value}`;
}

/** The value of an <input type="datetime-local"> read as a wall-clock time in the utility's zone. */
export function localInputToIso(v: string): string {
  const tz = config.get().timeZone;
  const guess = new Date(v + 'Z');
  const offsetMin = (zoned(guess, tz).getTime() - guess.getTime()) / 60000;
  return new Date(guess.getTime() - offsetMin * 60000).toISOString();
}
export function isoToLocalInput(iso: string): string {
  return zoned(new Date(iso), config.get().timeZone).toISOString().slice(0, 16);
}
function zoned(d: Date, tz: string): Date {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(d).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second));
}

export function countdown(dueIso: string, nowMs: number): string {
  const ms = new Date(dueIso).getTime() - nowMs;
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const txt = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
  return ms >= 0 ? L(`剩余 ${txt}`, `${txt} left`) : L(`超时 ${txt}`, `${txt} over`);
}
