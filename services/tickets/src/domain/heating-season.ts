// The heating season (docs/domain.md "Heating utility"): 15 November to 19 March by default, moved by the
// city government in extreme weather, so a configurable season per year. Pure: dates are local 'YYYY-MM-DD'
// strings in the utility's zone, and the stored seasons are passed in.
import type { HeatingSeason } from '@mainline/common/domain';
import { InvalidInputError } from '@mainline/common/domain';

export type { HeatingSeason };

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** The season a year has when none is set: month-days 'MM-DD'; an end before the start runs into the next year. */
export interface DefaultSeason {
  start: string;
  end: string;
}

export const DEFAULT_HEATING_SEASON: DefaultSeason = { start: '11-15', end: '03-19' };

/** Years a season may be set in (the calendar's and the database's sane range). */
export const SEASON_YEARS = { min: 1970, max: 9998 };

/** A season no longer than this many days is accepted (a year and a day: no season runs into the next one's place). */
export const MAX_SEASON_DAYS = 366;

function dayNumber(date: string): number {
  const m = DATE.exec(date);
  return Date.UTC(+(m as RegExpExecArray)[1], +(m as RegExpExecArray)[2] - 1, +(m as RegExpExecArray)[3]) / DAY_MS;
}

function isDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const t = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return t.getUTCFullYear() === +m[1] && t.getUTCMonth() === +m[2] - 1 && t.getUTCDate() === +m[3];
}

/** Checks a configured default season ('MM-DD' both, real month-days, not the same day); throws naming `where`. */
export function parseDefaultSeason(start: string, end: string, where = 'HEATING_SEASON'): DefaultSeason {
  for (const [v, name] of [[start, `${where}_START`], [end, `${where}_END`]] as const) {
    const m = MONTH_DAY.exec(v);
    if (!m || !isDate(`2024-${v}`)) throw new InvalidInputError(`${name} 须为 MM-DD / ${name} must be MM-DD, got "${v}"`, { argument: name });
  }
  if (start === end) throw new InvalidInputError(`${where}: 开始与结束不能是同一天 / start and end must differ`, { argument: `${where}_END` });
  return { start, end };
}

/** The default season that starts in `year`; 29 February falls back to 28 February in other years. */
export function defaultSeasonOf(year: number, d: DefaultSeason = DEFAULT_HEATING_SEASON): HeatingSeason {
  const on = (y: number, md: string) => (isDate(`${y}-${md}`) ? `${y}-${md}` : `${y}-${md.slice(0, 3)}28`);
  const endYear = d.end < d.start ? year + 1 : year;
  return { startsOn: on(year, d.start), endsOn: on(endYear, d.end) };
}

const overlaps = (a: HeatingSeason, b: HeatingSeason) => a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
const contains = (s: HeatingSeason, date: string) => s.startsOn <= date && date <= s.endsOn;

/**
 * The seasons in force between two years: every stored season, and the default season of each year
 * `fromYear`..`toYear` that no stored season overlaps (a set season replaces that year's default), by start.
 */
export function effectiveSeasons(stored: readonly HeatingSeason[], fromYear: number, toYear: number, d: DefaultSeason = DEFAULT_HEATING_SEASON): Array<HeatingSeason & { isDefault: boolean }> {
  const out: Array<HeatingSeason & { isDefault: boolean }> = stored.map((s) => ({ ...s, isDefault: false }));
  for (let y = fromYear; y <= toYear; y++) {
    const def = defaultSeasonOf(y, d);
    if (!stored.some((s) => overlaps(s, def))) out.push({ ...def, isDefault: true });
  }
  return out.sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

/** The season a local date falls in (stored first, else that year's or the previous year's default), or null. */
export function seasonOn(date: string, stored: readonly HeatingSeason[], d: DefaultSeason = DEFAULT_HEATING_SEASON): HeatingSeason | null {
  const year = Number(date.slice(0, 4));
  return effectiveSeasons(stored, year - 1, year, d).find((s) => contains(s, date)) ?? null;
}

/** Days from the start of the season `date` falls in (0 on its first day), or null outside every season. */
export function seasonDay(date: string, stored: readonly HeatingSeason[], d: DefaultSeason = DEFAULT_HEATING_SEASON): number | null {
  const s = seasonOn(date, stored, d);
  return s ? dayNumber(date) - dayNumber(s.startsOn) : null;
}

export interface SeasonChange {
  /** The season to store. */
  season: HeatingSeason;
  /** Stored seasons it replaces (deleted). */
  replaces: HeatingSeason[];
}

/**
 * `setHeatingSeason(startsOn, endsOn)`: the new season replaces the one season (set or default) it overlaps,
 * "the season that contains those dates"; overlapping two seasons is refused (it would swallow another
 * one), as are bad dates, an end before the start and a season longer than MAX_SEASON_DAYS. INVALID_INPUT
 * names the argument.
 */
export function planSeasonChange(startsOn: string, endsOn: string, stored: readonly HeatingSeason[], d: DefaultSeason = DEFAULT_HEATING_SEASON): SeasonChange {
  for (const [v, argument] of [[startsOn, 'startsOn'], [endsOn, 'endsOn']] as const) {
    if (typeof v !== 'string' || !isDate(v)) {
      throw new InvalidInputError(`${argument} 须为 YYYY-MM-DD 日期 / ${argument} must be a YYYY-MM-DD date, got "${v}"`, { argument });
    }
  }
  for (const [v, argument] of [[startsOn, 'startsOn'], [endsOn, 'endsOn']] as const) {
    const y = Number(v.slice(0, 4));
    if (y < SEASON_YEARS.min || y > SEASON_YEARS.max) {
      throw new InvalidInputError(`${argument} 须在 ${SEASON_YEARS.min}–${SEASON_YEARS.max} 年之间 / ${argument} must fall in the years ${SEASON_YEARS.min} to ${SEASON_YEARS.max}`, { argument });
    }
  }
  if (endsOn < startsOn) {
    throw new InvalidInputError(`供暖期结束日 ${endsOn} 早于开始日 ${startsOn} / endsOn ${endsOn} is before startsOn ${startsOn}`, { argument: 'endsOn' });
  }
  const days = dayNumber(endsOn) - dayNumber(startsOn) + 1;
  if (days > MAX_SEASON_DAYS) {
    throw new InvalidInputError(`供暖期不能超过 ${MAX_SEASON_DAYS} 天（${days} 天）/ a season lasts at most ${MAX_SEASON_DAYS} days, got ${days}`, { argument: 'endsOn' });
  }
  const season = { startsOn, endsOn };
  const y0 = Number(startsOn.slice(0, 4)) - 1;
  const y1 = Number(endsOn.slice(0, 4));
  const hit = effectiveSeasons(stored, y0, y1, d).filter((s) => overlaps(s, season));
  if (hit.length > 1) {
    const list = hit.map((s) => `${s.startsOn}..${s.endsOn}`).join(', ');
    throw new InvalidInputError(
      `供暖期 ${startsOn}..${endsOn} 与多个供暖期重叠（${list}）/ the season ${startsOn}..${endsOn} overlaps another season (${list})`,
      { argument: 'endsOn', overlaps: hit.map(({ startsOn: s, endsOn: e }) => ({ startsOn: s, endsOn: e })) },
    );
  }
  return { season, replaces: hit.filter((s) => !s.isDefault).map(({ startsOn: s, endsOn: e }) => ({ startsOn: s, endsOn: e })) };
}
