// Times as the public reads them: in the utility's zone, Chinese style first.
import { invalidInput } from '@mainline/common/domain';
import type { Locale } from './notice';

interface LocalParts { year: number; month: number; day: number; hh: string; mm: string }

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Parses an ISO instant; `field` names it in the error. */
export function parseInstant(iso: string, field: string): Date {
  const d = typeof iso === 'string' ? new Date(iso) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw invalidInput(`${field} is not an ISO 8601 time: ${JSON.stringify(iso)}`, { field });
  return d;
}

function localParts(d: Date, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23 avoids the "24:00" some ICU versions print for midnight with hour12:false.
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(d)) p[part.type] = part.value;
  return { year: +p.year, month: +p.month, day: +p.day, hh: p.hour.padStart(2, '0'), mm: p.minute.padStart(2, '0') };
}

export type TimeStyle = 'long' | 'short';

/** One instant, e.g. "2026年11月27日 08:00" / "27 Nov 2026, 08:00". */
export function formatTime(d: Date, timeZone: string, locale: Locale, style: TimeStyle = 'long'): string {
  const p = localParts(d, timeZone);
  if (locale === 'zh-CN') {
    return style === 'long' ? `${p.year}年${p.month}月${p.day}日 ${p.hh}:${p.mm}` : `${p.month}月${p.day}日${p.hh}:${p.mm}`;
  }
  return style === 'long' ? `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}, ${p.hh}:${p.mm}` : `${p.day} ${EN_MONTHS[p.month - 1]} ${p.hh}:${p.mm}`;
}

/**
 * "2026年11月27日 08:00 至 14:00" on one day, "2026年11月27日 22:00 至 11月28日 06:00" across days;
 * short style for SMS: "11月27日08:00至14:00".
 */
export function formatTimeRange(start: Date, end: Date, timeZone: string, locale: Locale, style: TimeStyle = 'long'): string {
  const a = localParts(start, timeZone);
  const b = localParts(end, timeZone);
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  const sameYear = a.year === b.year;
  if (locale === 'zh-CN') {
    const from = formatTime(start, timeZone, locale, style);
    const sep = style === 'long' ? ' 至 ' : '至';
    let to: string;
    if (sameDay) to = `${b.hh}:${b.mm}`;
    else if (sameYear || style === 'short') to = `${b.month}月${b.day}日${style === 'long' ? ' ' : ''}${b.hh}:${b.mm}`;
    else to = formatTime(end, timeZone, locale, 'long');
    return from + sep + to;
  }
  const from = formatTime(start, timeZone, locale, style);
  if (sameDay) return style === 'long' ? `${from} to ${b.hh}:${b.mm}` : `${from}-${b.hh}:${b.mm}`;
  return style === 'long' ? `${from} to ${formatTime(end, timeZone, locale, 'long')}` : `${from} to ${formatTime(end, timeZone, locale, 'short')}`;
}

/** "24小时" / "2 hours" / "30分钟": how long before the start a reminder goes out. */
export function formatLead(hours: number, locale: Locale): string {
  if (locale === 'zh-CN') return Number.isInteger(hours) ? `${hours}小时` : `${Math.round(hours * 60)}分钟`;
  if (Number.isInteger(hours)) return hours === 1 ? '1 hour' : `${hours} hours`;
  return `${Math.round(hours * 60)} minutes`;
}

/** Date line under a notice's signature: "2026年11月26日" / "26 Nov 2026". */
export function formatDate(d: Date, timeZone: string, locale: Locale): string {
  const p = localParts(d, timeZone);
  return locale === 'zh-CN' ? `${p.year}年${p.month}月${p.day}日` : `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}`;
}
