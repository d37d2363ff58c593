import chineseDays from 'chinese-days/dist/chinese-days.json';
import { assertValidDate, invalidInput } from './errors';

// The chinese-days functions (isWorkday, getDayDetail) read Date fields in the *process* time zone and
// shift a day outside UTC+; its bundled JSON (same data, State Council notices 2004–2026) is zone-free.
interface HolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const HOLIDAY_DATA = chineseDays as unknown as HolidayData;

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

/** Years for which chinese-days lists holidays and swapped working days; outside them only weekends rest. */
export function holidayDataCoverage(): { firstYear: number; lastYear: number } {
  const years = [...Object.keys(HOLIDAY_DATA.holidays), ...Object.keys(HOLIDAY_DATA.workdays)].map((d) => Number(d.slice(0, 4)));
  return { firstYear: Math.min(...years), lastYear: Math.max(...years) };
}

// ---------- time-zone helpers (Intl, so zones with DST work as well as Asia/Shanghai) ----------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw invalidInput(`未知时区 / unknown time zone "${timeZone}"`, { timeZone });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const out: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

/** Offset of the zone from UTC at this instant, in minutes (Asia/Shanghai: 480). */
export function zoneOffsetMinutes(timeZone: string, instant: Date): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const truncated = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - truncated) / MINUTE);
}

/** The instant at which the wall clock in `timeZone` shows the given local date and time. */
export function zonedTimeToInstant(timeZone: string, date: string, minuteOfDay: number): Date {
  const [y, m, d] = parseIsoDate(date, 'date');
  const guess = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE;
  const off1 = zoneOffsetMinutes(timeZone, new Date(guess));
  let t = guess - off1 * MINUTE;
  const off2 = zoneOffsetMinutes(timeZone, new Date(t));
  if (off2 !== off1) t = guess - off2 * MINUTE; // crossed a DST change: use the offset valid at the result
  return new Date(t);
}

/** Minutes since local midnight of an instant in the zone (0..1439). */
export function localMinuteOfDay(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  return (p.hour % 24) * 60 + p.minute;
}

/** Local calendar date 'YYYY-MM-DD' of an instant in the zone. */
export function localDate(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = parseIsoDate(date, 'date');
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function parseIsoDate(date: string, where: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).getUTCDate() !== +m[3]) {
    throw invalidInput(`${where}: 日期须为 YYYY-MM-DD / date must be YYYY-MM-DD, got "${date}"`, { where, date });
  }
  return [+m[1], +m[2], +m[3]];
}

function parseHhMm(value: string, where: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = m ? +m[1] * 60 + +m[2] : NaN;
  if (!m || +m[2] > 59 || minutes > 24 * 60) {
    throw invalidInput(`${where}: 时间须为 HH:MM / time must be HH:MM, got "${value}"`, { where, value });
  }
  return minutes;
}

// ---------- working calendar ----------

export interface WorkingInterval {
  /** 'HH:MM' local time; end may be '24:00'. */
  start: string;
  end: string;
}

export interface WorkingCalendarConfig {
  timeZone: string;
  /** Working hours of a working day, in local time. */
  workingHours: WorkingInterval[];
  /** Use the State Council holidays and swapped working days (调休) shipped in chinese-days. */
  useChineseHolidays: boolean;
  /** Utility's own days off, 'YYYY-MM-DD'; win over everything else. */
  extraHolidays: string[];
  /** Utility's own extra working days, 'YYYY-MM-DD'. */
  extraWorkingDays: string[];
  /** Give up after this many days without working time (guards a calendar with no working days). */
  maxSearchDays: number;
}

/** Default office hours of a Chinese utility: 08:30–12:00 and 13:30–17:30 (7.5 h), Beijing time. */
export const DEFAULT_CALENDAR_CONFIG: WorkingCalendarConfig = {
  timeZone: 'Asia/Shanghai',
  workingHours: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
  useChineseHolidays: true,
  extraHolidays: [],
  extraWorkingDays: [],
  maxSearchDays: 3660,
};

export class WorkingCalendar {
  readonly config: WorkingCalendarConfig;
  private readonly intervals: Array<[number, number]>;
  private readonly extraHolidays: Set<string>;
  private readonly extraWorkingDays: Set<string>;

  constructor(config: Partial<WorkingCalendarConfig> = {}) {
    this.config = { ...DEFAULT_CALENDAR_CONFIG, ...config };
    formatterFor(this.config.timeZone); // validates the zone now, not at first use
    if (this.config.workingHours.length === 0) throw invalidInput('工作时间不能为空 / workingHours must not be empty');
    this.intervals = this.config.workingHours
      .map((w, i): [number, number] => {
        const s = parseHhMm(w.start, `workingHours[${i}].start`);
        const e = parseHhMm(w.end, `workingHours[${i}].end`);
        if (e <= s) throw invalidInput(`workingHours[${i}]: 结束须晚于开始 / end must be after start`, { index: i });
        return [s, e];
      })
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < this.intervals.length; i++) {
      if (this.intervals[i][0] < this.intervals[i - 1][1]) throw invalidInput('工作时间段重叠 / workingHours overlap');
    }
    this.config.extraHolidays.forEach((d, i) => parseIsoDate(d, `extraHolidays[${i}]`));
    this.config.extraWorkingDays.forEach((d, i) => parseIsoDate(d, `extraWorkingDays[${i}]`));
    this.extraHolidays = new Set(this.config.extraHolidays);
    this.extraWorkingDays = new Set(this.config.extraWorkingDays);
  }

  get timeZone(): string {
    return this.config.timeZone;
  }

  localDate(t: Date): string {
    assertValidDate(t, 'localDate');
    return localDate(t, this.config.timeZone);
  }

  /** A local date ('YYYY-MM-DD') or the local date of an instant. Order: extra holidays, extra working days, national calendar, weekends. */
  isWorkingDay(day: string | Date): boolean {
    const date = typeof day === 'string' ? day : this.localDate(day);
    const [y, m, d] = parseIsoDate(date, 'isWorkingDay');
    if (this.extraHolidays.has(date)) return false;
    if (this.extraWorkingDays.has(date)) return true;
    if (this.config.useChineseHolidays) {
      if (HOLIDAY_DATA.holidays[date]) return false;
      if (HOLIDAY_DATA.workdays[date]) return true;
    }
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  /** Working intervals of one local date as instants; empty on a day off. */
  workingIntervalsOn(date: string): Array<[Date, Date]> {
    if (!this.isWorkingDay(date)) return [];
    return this.intervals.map(([s, e]) => [
      zonedTimeToInstant(this.config.timeZone, date, s),
      zonedTimeToInstant(this.config.timeZone, date, e),
    ]);
  }

  isWorkingTime(t: Date): boolean {
    assertValidDate(t, 'isWorkingTime');
    const ms = t.getTime();
    return this.workingIntervalsOn(this.localDate(t)).some(([s, e]) => ms >= s.getTime() && ms < e.getTime());
  }

  /** The instant after `minutes` of working time from `start`; 0 minutes returns `start` itself. */
  addWorkingMinutes(start: Date, minutes: number): Date {
    assertValidDate(start, 'addWorkingMinutes.start');
    if (!Number.isFinite(minutes) || minutes < 0) throw invalidInput(`addWorkingMinutes: 分钟数须非负 / minutes must be >= 0, got ${minutes}`);
    if (minutes === 0) return new Date(start);
    let remaining = minutes * MINUTE;
    const cursor = start.getTime();
    let date = this.localDate(start);
    for (let i = 0; i < this.config.maxSearchDays; i++, date = addDaysToDate(date, 1)) {
      for (const [s, e] of this.workingIntervalsOn(date)) {
        const from = Math.max(s.getTime(), cursor);
        const avail = e.getTime() - from;
        if (avail <= 0) continue;
        if (remaining <= avail) return new Date(from + remaining);
        remaining -= avail;
      }
    }
    throw invalidInput(`工作日历在 ${this.config.maxSearchDays} 天内没有足够工作时间 / no working time found within ${this.config.maxSearchDays} days`);
  }

  /**
   * End of working hours on the N-th working day after the day of `start` (the day of receipt is never
   * counted: Fri 10:00 + 3 working days = Wed 17:30). 0 days: end of that same day if it is a working day
   * and its hours have not ended, else end of the next working day.
   */
  addWorkingDays(start: Date, days: number): Date {
    assertValidDate(start, 'addWorkingDays.start');
    if (!Number.isInteger(days) || days < 0) throw invalidInput(`addWorkingDays: 天数须为非负整数 / days must be an integer >= 0, got ${days}`);
    let date = this.localDate(start);
    if (days === 0) {
      const today = this.workingIntervalsOn(date);
      if (today.length && today[today.length - 1][1].getTime() > start.getTime()) return today[today.length - 1][1];
      days = 1;
    }
    let counted = 0;
    for (let i = 0; i < this.config.maxSearchDays; i++) {
      date = addDaysToDate(date, 1);
      if (this.isWorkingDay(date) && ++counted === days) {
        const iv = this.workingIntervalsOn(date);
        return iv[iv.length - 1][1];
      }
    }
    throw invalidInput(`工作日历在 ${this.config.maxSearchDays} 天内没有足够工作日 / not enough working days within ${this.config.maxSearchDays} days`);
  }

  /** Working minutes in [a, b); negative when b is before a. */
  workingMinutesBetween(a: Date, b: Date): number {
    assertValidDate(a, 'workingMinutesBetween.a');
    assertValidDate(b, 'workingMinutesBetween.b');
    if (b.getTime() < a.getTime()) return -this.workingMinutesBetween(b, a);
    const lo = a.getTime();
    const hi = b.getTime();
    let total = 0;
    const last = this.localDate(b);
    for (let date = this.localDate(a), i = 0; i <= this.config.maxSearchDays * 10; date = addDaysToDate(date, 1), i++) {
      for (const [s, e] of this.workingIntervalsOn(date)) {
        const overlap = Math.min(e.getTime(), hi) - Math.max(s.getTime(), lo);
        if (overlap > 0) total += overlap;
      }
      if (date === last) break;
    }
    return total / MINUTE;
  }
}
