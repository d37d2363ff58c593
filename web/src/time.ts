import { L } from './i18n';
import { config } from './config';
import { dateInZone, formatInZone, isoToZonedInput, monthInZone, zonedInputToIso } from './zoned-time';

// Times are shown and read in the utility's zone (the gateway's TIME_ZONE, default Asia/Shanghai), whatever the browser's.
const tz = () => config.get().timeZone;

export function fmtTime(iso?: string | null): string {
  return iso ? formatInZone(iso, tz()) : '—';
}
export function fmtDate(iso?: string | null): string {
  return iso ? dateInZone(iso, tz()) : '—';
}

/** `YYYY-MM` of now in the utility's zone. */
export function monthNow(now = new Date()): string {
  return monthInZone(now, tz());
}

/** A time field's text (`YYYY-MM-DD HH:mm`) read as a wall-clock time in the utility's zone ('' when empty or not a time). */
export function localInputToIso(v: string): string {
  return zonedInputToIso(v, tz()) ?? '';
}
export function isoToLocalInput(iso: string): string {
  return isoToZonedInput(iso, tz());
}

/** The zone's name as a label shows it, e.g. 北京时间 for Asia/Shanghai. */
export function zoneLabel(): string {
  const z = tz();
  return z === 'Asia/Shanghai' ? L('北京时间', 'Beijing time') : z;
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
