// Dates and times in a given IANA zone (the utility's), never the browser's: pure, so the unit test runs them under any TZ.

/** The wall-clock parts of an instant in `tz`. */
function partsIn(d: Date, tz: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(d).map((x) => [x.type, x.value]));
  return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour, minute: +p.minute, second: +p.second };
}
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:mm` of an instant in `tz` (the same digits in Chinese and English: no locale guesses). */
export function formatInZone(iso: string | Date, tz: string): string {
  const p = partsIn(new Date(iso), tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** `YYYY-MM-DD` of an instant in `tz`. */
export function dateInZone(iso: string | Date, tz: string): string {
  return formatInZone(iso, tz).slice(0, 10);
}

/** `YYYY-MM` of an instant in `tz`. */
export function monthInZone(at: Date, tz: string): string {
  return dateInZone(at, tz).slice(0, 7);
}

/** The text of a time field (`YYYY-MM-DD HH:mm`) showing an instant as the wall clock in `tz`. */
export function isoToZonedInput(iso: string, tz: string): string {
  return formatInZone(iso, tz);
}

/**
 * A time field's text (`YYYY-MM-DD HH:mm`, or with a `T` as datetime-local writes it) read as the wall clock in
 * `tz`, as an ISO instant; null when it is not a time. A time that does not exist in the zone (a spring-forward gap) is read with the offset before the gap.
 */
export function zonedInputToIso(v: string, tz: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
  if (!m) return null;
  if (+m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > new Date(Date.UTC(+m[1], +m[2], 0)).getUTCDate() || +m[4] > 23 || +m[5] > 59) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  const offsetAt = (t: number) => {
    const p = partsIn(new Date(t), tz);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - t;
  };
  // Two passes: the offset at the first guess may differ from the offset at the answer near a change.
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return new Date(t).toISOString();
}
