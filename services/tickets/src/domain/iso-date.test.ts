import { addDays, addMonths, checkIsoDate, daysBetween, isIsoDate, laterDate } from './iso-date';

describe('local dates', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
    expect(() => checkIsoDate('fuzz', 'asOf')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'asOf' } }));
  });

  it('adds days and months across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-11-15', 24)).toBe('2029-11-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-16', '2026-03-01')).toBe(13);
    expect(laterDate(null, '2026-01-01')).toBe('2026-01-01');
    expect(laterDate('2026-05-01', '2026-01-01')).toBe('2026-05-01');
  });
});
