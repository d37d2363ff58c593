// Home-visit service hours per utility kind (docs/domain.md "Gas utility": home services run 8:00–18:00 on
// working days and 9:00–17:00 on rest days and holidays). Water and heat have no limit unless configured.
// Pure: the working calendar says which days are working days, in the utility's zone.
import { InvalidInputError, UTILITY_LABELS, UtilityKind } from '@mainline/common/domain';
import { localDate, WorkingCalendar, zonedTimeToInstant } from './calendar';

/** 'HH:MM' local times, start before end. */
export interface HoursOfDay {
  start: string;
  end: string;
}

/** A kind's hours: on working days and on rest days (weekends, holidays). Absent kind = no limit. */
export interface ServiceHours {
  working: HoursOfDay;
  rest: HoursOfDay;
}

export type ServiceHoursTable = Partial<Record<UtilityKind, ServiceHours>>;

export const DEFAULT_SERVICE_HOURS: ServiceHoursTable = {
  GAS: { working: { start: '08:00', end: '18:00' }, rest: { start: '09:00', end: '17:00' } },
};

const HHMM = /^(\d{2}):(\d{2})$/;

function minutesOf(v: string): number | null {
  const m = HHMM.exec(v);
  if (!m || +m[2] > 59) return null;
  const n = +m[1] * 60 + +m[2];
  return n <= 24 * 60 ? n : null;
}

/** 'HH:MM-HH:MM' (configuration) → hours; throws INVALID_INPUT naming `where`. */
export function parseHoursOfDay(v: string, where: string): HoursOfDay {
  const [start, end, extra] = v.split('-').map((x) => x.trim());
  const s = start !== undefined ? minutesOf(start) : null;
  const e = end !== undefined ? minutesOf(end) : null;
  if (extra !== undefined || s === null || e === null || e <= s) {
    throw new InvalidInputError(`${where} 须为 HH:MM-HH:MM 且结束晚于开始 / ${where} must be HH:MM-HH:MM with the end after the start, got "${v}"`, { argument: where });
  }
  return { start, end };
}

export interface VisitWindow {
  startsAt: Date;
  endsAt: Date;
}

/**
 * A booked visit must fall inside one day's service hours of its kind, in the utility's zone: the hours
 * of a working day or of a rest day as the working calendar says. Refused with the hours in the message
 * (INVALID_INPUT naming `startsAt` or `endsAt`). Also refuses an empty or reversed window and one that
 * starts before `now`.
 */
export function checkVisitWindow(
  kind: UtilityKind, w: VisitWindow, now: Date, calendar: WorkingCalendar, table: ServiceHoursTable = DEFAULT_SERVICE_HOURS,
  /** The caller's argument names for the two ends (recordMissedVisit: newStartsAt / newEndsAt). */
  names: { startsAt: string; endsAt: string } = { startsAt: 'startsAt', endsAt: 'endsAt' },
): void {
  if (!(w.endsAt.getTime() > w.startsAt.getTime())) {
    throw new InvalidInputError(`预约结束时间须晚于开始时间 / ${names.endsAt} must be after ${names.startsAt}`, { argument: names.endsAt });
  }
  if (w.startsAt.getTime() < now.getTime()) {
    throw new InvalidInputError('预约时间不能早于现在 / a visit cannot be booked in the past', { argument: names.startsAt });
  }
  const hours = table[kind];
  if (!hours) return;
  const tz = calendar.timeZone;
  const day = localDate(w.startsAt, tz);
  const working = calendar.isWorkingDay(day);
  const h = working ? hours.working : hours.rest;
  const open = zonedTimeToInstant(tz, day, minutesOf(h.start) as number);
  const close = zonedTimeToInstant(tz, day, minutesOf(h.end) as number);
  const label = UTILITY_LABELS[kind];
  const zhAll = `工作日 ${hours.working.start}–${hours.working.end}，休息日及节假日 ${hours.rest.start}–${hours.rest.end}`;
  const enAll = `working days ${hours.working.start}–${hours.working.end}, rest days and holidays ${hours.rest.start}–${hours.rest.end}`;
  const dayKind = working ? { zh: '工作日', en: 'a working day' } : { zh: '休息日', en: 'a rest day' };
  if (w.startsAt.getTime() < open.getTime() || w.startsAt.getTime() >= close.getTime()) {
    throw new InvalidInputError(
      `${label.zh}上门服务时间为${zhAll}；${day} 是${dayKind.zh}，开始时间不在 ${h.start}–${h.end} 之内 / ` +
        `${label.en} home visits are booked inside service hours (${enAll}); ${day} is ${dayKind.en}: ${h.start}–${h.end}`,
      { argument: names.startsAt, serviceHours: h, day, workingDay: working },
    );
  }
  if (w.endsAt.getTime() > close.getTime()) {
    throw new InvalidInputError(
      `${label.zh}上门服务时间为${zhAll}；预约须在 ${day} ${h.end} 前结束 / ` +
        `${label.en} home visits must end inside service hours (${enAll}); ${day}: ${h.start}–${h.end}`,
      { argument: names.endsAt, serviceHours: h, day, workingDay: working },
    );
  }
}
