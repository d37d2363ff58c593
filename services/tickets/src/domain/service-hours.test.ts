import { WorkingCalendar } from './calendar';
import { checkVisitWindow, DEFAULT_SERVICE_HOURS, parseHoursOfDay } from './service-hours';
import { refused } from '@mainline/test-support/support/refusal';

const calendar = new WorkingCalendar();
const bj = (s: string) => new Date(`${s}+08:00`);
const NOW = bj('2026-09-01T00:00:00');
const book = (kind: 'WATER' | 'HEAT' | 'GAS', from: string, to: string) => () => checkVisitWindow(kind, { startsAt: bj(from), endsAt: bj(to) }, NOW, calendar, DEFAULT_SERVICE_HOURS);

describe('gas home-visit service hours (docs/domain.md "Gas utility")', () => {
  it('working days 8:00–18:00', () => {
    expect(book('GAS', '2026-09-29T08:00:00', '2026-09-29T10:00:00')).not.toThrow(); // Tuesday
    expect(book('GAS', '2026-09-29T16:00:00', '2026-09-29T18:00:00')).not.toThrow();
    const early = refused(book('GAS', '2026-09-29T07:30:00', '2026-09-29T09:00:00'));
    expect(early).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'startsAt' } });
    expect(early.message).toContain('08:00–18:00');
    expect(early.message).toContain('09:00–17:00');
    expect(refused(book('GAS', '2026-09-29T17:00:00', '2026-09-29T18:30:00')).details).toMatchObject({ argument: 'endsAt' });
  });

  it('rest days and holidays 9:00–17:00 (a weekend, National Day); a Sunday worked in lieu has working-day hours', () => {
    expect(refused(book('GAS', '2026-09-26T08:30:00', '2026-09-26T10:00:00')).message).toMatch(/2026-09-26.*09:00–17:00/); // Saturday (Mid-Autumn)
    expect(book('GAS', '2026-10-02T09:00:00', '2026-10-02T11:00:00')).not.toThrow(); // National Day holiday
    expect(refused(book('GAS', '2026-10-02T16:00:00', '2026-10-02T17:30:00')).details).toMatchObject({ argument: 'endsAt' });
    expect(book('GAS', '2026-09-20T08:00:00', '2026-09-20T09:00:00')).not.toThrow(); // Sunday, working day in lieu
  });

  it('water and heat have no service-hour limit by default', () => {
    expect(book('WATER', '2026-09-29T21:00:00', '2026-09-29T22:00:00')).not.toThrow();
    expect(book('HEAT', '2026-10-02T06:00:00', '2026-10-02T07:00:00')).not.toThrow();
  });

  it('an empty, reversed or past window is refused', () => {
    expect(refused(book('WATER', '2026-09-29T10:00:00', '2026-09-29T10:00:00')).details).toEqual({ argument: 'endsAt' });
    expect(refused(book('WATER', '2026-08-29T10:00:00', '2026-08-29T11:00:00')).details).toEqual({ argument: 'startsAt' });
  });

  it('configured hours are HH:MM-HH:MM with the end after the start', () => {
    expect(parseHoursOfDay('07:30-19:00', 'X')).toEqual({ start: '07:30', end: '19:00' });
    expect(refused(() => parseHoursOfDay('18:00-08:00', 'SERVICE_HOURS_GAS_WORKING_DAY')).details).toEqual({ argument: 'SERVICE_HOURS_GAS_WORKING_DAY' });
    expect(refused(() => parseHoursOfDay('8-18', 'X')).code).toBe('INVALID_INPUT');
  });
});
