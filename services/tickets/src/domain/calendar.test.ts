import { WorkingCalendar, holidayDataCoverage, zoneOffsetMinutes, zonedTimeToInstant } from './calendar';
import { DomainError } from './errors';

const sh = new WorkingCalendar();
// Helper: Beijing wall-clock time → instant (fixed +08:00 in the test is fine: it is the expected value).
const bj = (s: string) => new Date(`${s}+08:00`);

describe('WorkingCalendar (Asia/Shanghai defaults)', () => {
  it('knows the 2025 National Day holiday and its swapped working days', () => {
    expect(sh.isWorkingDay('2025-10-01')).toBe(false);
    expect(sh.isWorkingDay('2025-10-08')).toBe(false);
    expect(sh.isWorkingDay('2025-09-28')).toBe(true); // Sunday, swapped working day
    expect(sh.isWorkingDay('2025-10-11')).toBe(true); // Saturday, swapped working day
    expect(sh.isWorkingDay('2025-10-12')).toBe(false); // ordinary Sunday
    expect(sh.isWorkingDay('2025-10-09')).toBe(true);
  });

  it('uses the utility time zone for the date of an instant, not UTC', () => {
    // 2025-09-30 17:00Z is already 1 October in Beijing.
    expect(sh.isWorkingDay(new Date('2025-09-30T17:00:00Z'))).toBe(false);
    expect(sh.isWorkingDay(new Date('2025-09-30T15:00:00Z'))).toBe(true);
  });

  it('covers the years the package ships', () => {
    const c = holidayDataCoverage();
    expect(c.firstYear).toBeLessThanOrEqual(2004);
    expect(c.lastYear).toBeGreaterThanOrEqual(2026);
  });

  it('isWorkingTime respects the lunch break and office hours', () => {
    expect(sh.isWorkingTime(bj('2025-06-13T08:30:00'))).toBe(true);
    expect(sh.isWorkingTime(bj('2025-06-13T12:00:00'))).toBe(false);
    expect(sh.isWorkingTime(bj('2025-06-13T13:29:59'))).toBe(false);
    expect(sh.isWorkingTime(bj('2025-06-13T17:29:00'))).toBe(true);
    expect(sh.isWorkingTime(bj('2025-06-14T10:00:00'))).toBe(false); // Saturday
  });

  it('addWorkingMinutes skips lunch, evenings and weekends', () => {
    expect(sh.addWorkingMinutes(bj('2025-06-13T11:30:00'), 60)).toEqual(bj('2025-06-13T14:00:00'));
    expect(sh.addWorkingMinutes(bj('2025-06-13T17:00:00'), 60)).toEqual(bj('2025-06-16T09:00:00'));
    expect(sh.addWorkingMinutes(bj('2025-06-14T22:00:00'), 30)).toEqual(bj('2025-06-16T09:00:00'));
    // Exactly the rest of the morning ends at 12:00, not at 13:30.
    expect(sh.addWorkingMinutes(bj('2025-06-13T11:00:00'), 60)).toEqual(bj('2025-06-13T12:00:00'));
    expect(sh.addWorkingMinutes(bj('2025-06-13T20:00:00'), 0)).toEqual(bj('2025-06-13T20:00:00'));
  });

  it('addWorkingMinutes jumps over the National Day week', () => {
    expect(sh.addWorkingMinutes(bj('2025-09-30T17:00:00'), 60)).toEqual(bj('2025-10-09T09:00:00'));
  });

  it('addWorkingDays ends at the close of the N-th working day after the day of receipt', () => {
    // Fri 13 Jun 2025 + 3 working days → Wed 18 Jun 17:30
    expect(sh.addWorkingDays(bj('2025-06-13T10:00:00'), 3)).toEqual(bj('2025-06-18T17:30:00'));
    // Tue 30 Sep + 3 → 9 Oct (1), 10 Oct (2), Sat 11 Oct swapped working day (3)
    expect(sh.addWorkingDays(bj('2025-09-30T10:00:00'), 3)).toEqual(bj('2025-10-11T17:30:00'));
    expect(sh.addWorkingDays(bj('2025-06-13T10:00:00'), 0)).toEqual(bj('2025-06-13T17:30:00'));
    expect(sh.addWorkingDays(bj('2025-06-13T18:00:00'), 0)).toEqual(bj('2025-06-16T17:30:00'));
  });

  it('workingMinutesBetween counts only working time', () => {
    expect(sh.workingMinutesBetween(bj('2025-06-13T11:00:00'), bj('2025-06-13T14:00:00'))).toBe(90);
    // Fri 17:00 → Mon 09:00: 30 + 30
    expect(sh.workingMinutesBetween(bj('2025-06-13T17:00:00'), bj('2025-06-16T09:00:00'))).toBe(60);
    expect(sh.workingMinutesBetween(bj('2025-06-16T09:00:00'), bj('2025-06-13T17:00:00'))).toBe(-60);
    // a full week Mon 00:00 → next Mon 00:00 = 5 × 450 min
    expect(sh.workingMinutesBetween(bj('2025-06-16T00:00:00'), bj('2025-06-23T00:00:00'))).toBe(5 * 450);
  });

  it('utility overrides beat the national calendar', () => {
    const cal = new WorkingCalendar({ extraHolidays: ['2025-06-16'], extraWorkingDays: ['2025-10-02'] });
    expect(cal.isWorkingDay('2025-06-16')).toBe(false);
    expect(cal.isWorkingDay('2025-10-02')).toBe(true);
    expect(cal.addWorkingMinutes(bj('2025-06-13T17:00:00'), 60)).toEqual(bj('2025-06-17T09:00:00'));
  });
});

describe('time zones with daylight saving (Intl, not a fixed offset)', () => {
  it('computes offsets that change across DST', () => {
    expect(zoneOffsetMinutes('Asia/Shanghai', new Date('2025-07-01T00:00:00Z'))).toBe(480);
    expect(zoneOffsetMinutes('Europe/Berlin', new Date('2025-01-15T12:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Europe/Berlin', new Date('2025-07-15T12:00:00Z'))).toBe(120);
    expect(zonedTimeToInstant('Europe/Berlin', '2025-03-31', 9 * 60)).toEqual(new Date('2025-03-31T07:00:00Z'));
  });

  it('working time across the Berlin spring-forward weekend', () => {
    const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', useChineseHolidays: false, workingHours: [{ start: '09:00', end: '17:00' }] });
    // Fri 28 Mar 16:00 CET + 120 min → 60 on Friday, 60 on Monday 31 Mar from 09:00 CEST (07:00Z)
    expect(cal.addWorkingMinutes(new Date('2025-03-28T15:00:00Z'), 120)).toEqual(new Date('2025-03-31T08:00:00Z'));
  });
});

describe('bad configuration', () => {
  it('names the offending field', () => {
    expect(() => new WorkingCalendar({ timeZone: 'Mars/Olympus' })).toThrow(DomainError);
    expect(() => new WorkingCalendar({ workingHours: [{ start: '9:00', end: '17:00' }] })).toThrow(/workingHours\[0\]\.start/);
    expect(() => new WorkingCalendar({ workingHours: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] })).toThrow(/overlap/);
    expect(() => new WorkingCalendar({ extraHolidays: ['2025-02-30'] })).toThrow(/extraHolidays\[0\]/);
    expect(() => sh.addWorkingMinutes(bj('2025-06-13T10:00:00'), -5)).toThrow(/minutes/);
  });
});
