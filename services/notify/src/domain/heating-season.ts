// Does an outage fall in the heating season? The heating authority is told of every stop that does
// (docs/domain.md "Heating utility"). The seasons are the tickets service's (setHeatingSeason, published on
// settings.events); notify keeps the last list it received and only decides the overlap.
import { invalidInput, type HeatingSeason, type HeatingSeasonsSetEvent } from '@mainline/common/domain';
import type { RecurringSeason } from './config';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The local date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(d: Date, timeZone: string): string {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(d)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day}`;
}

/** The recurring default season that starts in `year` (it may end the next year: 11-15 to 03-19). */
export function defaultSeasonOf(year: number, def: RecurringSeason): HeatingSeason {
  const endYear = def.endsOn >= def.startsOn ? year : year + 1;
  return { startsOn: `${year}-${def.startsOn}`, endsOn: `${endYear}-${def.endsOn}` };
}

const overlaps = (a: HeatingSeason, b: HeatingSeason) => a.startsOn <= b.endsOn && a.endsOn >= b.startsOn;

/**
 * The seasons in force for the local dates `from`…`to`: every season received, and for each winter no received
 * season covers, the default one. With nothing ever received that is the default every year; once the utility has
 * set a season it replaces that winter's default, and winters it never set keep the default.
 */
export function seasonsInForce(from: string, to: string, received: readonly HeatingSeason[] | null, def: RecurringSeason): HeatingSeason[] {
  const set = received ?? [];
  const out: HeatingSeason[] = [...set];
  for (let y = Number(from.slice(0, 4)) - 1; y <= Number(to.slice(0, 4)); y++) {
    const d = defaultSeasonOf(y, def);
    if (!set.some((s) => overlaps(s, d))) out.push(d);
  }
  return out.sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0));
}

/**
 * The heating season the outage window [startsAt, endsAt) touches, or null. Seasons are whole local days in
 * `timeZone`, both ends inclusive; an outage ending at 00:00 on the season's first day does not touch it.
 */
export function heatingSeasonOverlapping(
  window: { startsAt: Date; endsAt: Date },
  received: readonly HeatingSeason[] | null,
  def: RecurringSeason,
  timeZone: string,
): HeatingSeason | null {
  const from = localDate(window.startsAt, timeZone);
  const lastMoment = new Date(Math.max(window.startsAt.getTime(), window.endsAt.getTime() - 1));
  const to = localDate(lastMoment, timeZone);
  return seasonsInForce(from, to, received, def).find((s) => s.startsOn <= to && s.endsOn >= from) ?? null;
}

/** Checks a settings.heating-seasons event's list; INVALID_INPUT names the season and field. */
export function checkHeatingSeasons(e: Pick<HeatingSeasonsSetEvent, 'seasons'>): HeatingSeason[] {
  if (!Array.isArray(e.seasons)) throw invalidInput('seasons must be an array', { field: 'seasons' });
  return e.seasons.map((s, i) => {
    for (const f of ['startsOn', 'endsOn'] as const) {
      if (!isIsoDate(s?.[f])) throw invalidInput(`seasons[${i}].${f} must be a date YYYY-MM-DD, got ${JSON.stringify(s?.[f])}`, { field: `seasons[${i}].${f}` });
    }
    if (s.endsOn < s.startsOn) throw invalidInput(`seasons[${i}] ends (${s.endsOn}) before it starts (${s.startsOn})`, { field: `seasons[${i}].endsOn` });
    return { startsOn: s.startsOn, endsOn: s.endsOn };
  });
}

