import { checkHeatingSeasons, defaultSeasonOf, heatingSeasonOverlapping, isIsoDate, localDate, seasonsInForce } from './heating-season';

const DEF = { startsOn: '11-15', endsOn: '03-19' };
const TZ = 'Asia/Shanghai';
/** A window in Beijing time. */
const w = (from: string, to: string) => ({ startsAt: new Date(`${from}+08:00`), endsAt: new Date(`${to}+08:00`) });

describe('the default heating season (15 November – 19 March)', () => {
  it('crosses the new year', () => {
    expect(defaultSeasonOf(2026, DEF)).toEqual({ startsOn: '2026-11-15', endsOn: '2027-03-19' });
    expect(defaultSeasonOf(2026, { startsOn: '10-01', endsOn: '12-31' })).toEqual({ startsOn: '2026-10-01', endsOn: '2026-12-31' });
  });

  it('holds when no season was ever received: in season on its first and last local day, not the day around', () => {
    expect(heatingSeasonOverlapping(w('2026-11-15T08:00', '2026-11-15T14:00'), null, DEF, TZ)).toEqual({ startsOn: '2026-11-15', endsOn: '2027-03-19' });
    expect(heatingSeasonOverlapping(w('2027-03-19T22:00', '2027-03-20T06:00'), null, DEF, TZ)).not.toBeNull();
    expect(heatingSeasonOverlapping(w('2026-11-14T08:00', '2026-11-14T23:00'), null, DEF, TZ)).toBeNull();
    expect(heatingSeasonOverlapping(w('2027-03-20T00:00', '2027-03-20T12:00'), null, DEF, TZ)).toBeNull();
    expect(heatingSeasonOverlapping(w('2026-07-01T08:00', '2026-07-01T14:00'), null, DEF, TZ)).toBeNull();
  });

  it('reads the days in the utility\'s zone: 16:00 UTC on 14 November is already the 15th in Beijing', () => {
    const startsAt = new Date('2026-11-14T16:00:00Z');
    expect(localDate(startsAt, TZ)).toBe('2026-11-15');
    expect(heatingSeasonOverlapping({ startsAt, endsAt: new Date('2026-11-14T20:00:00Z') }, null, DEF, TZ)).not.toBeNull();
    expect(heatingSeasonOverlapping({ startsAt, endsAt: new Date('2026-11-14T20:00:00Z') }, null, DEF, 'UTC')).toBeNull();
  });

  it('an outage ending at midnight before the first day does not touch the season; one running into it does', () => {
    expect(heatingSeasonOverlapping(w('2026-11-14T20:00', '2026-11-15T00:00'), null, DEF, TZ)).toBeNull();
    expect(heatingSeasonOverlapping(w('2026-11-14T20:00', '2026-11-15T00:30'), null, DEF, TZ)).not.toBeNull();
  });
});

describe('seasons the utility set (settings.events)', () => {
  // The city moved winter 2026/27 earlier because of a cold wave.
  const moved = [{ startsOn: '2026-11-01', endsOn: '2027-03-15' }];

  it('replace that winter\'s default', () => {
    expect(heatingSeasonOverlapping(w('2026-11-03T08:00', '2026-11-03T12:00'), moved, DEF, TZ)).toEqual(moved[0]);
    expect(heatingSeasonOverlapping(w('2027-03-17T08:00', '2027-03-17T12:00'), moved, DEF, TZ)).toBeNull();
  });

  it('leave the default for winters they do not cover', () => {
    expect(heatingSeasonOverlapping(w('2027-11-20T08:00', '2027-11-20T12:00'), moved, DEF, TZ)).toEqual({ startsOn: '2027-11-15', endsOn: '2028-03-19' });
    expect(seasonsInForce('2026-12-01', '2027-12-01', moved, DEF)).toEqual([
      { startsOn: '2025-11-15', endsOn: '2026-03-19' }, moved[0], { startsOn: '2027-11-15', endsOn: '2028-03-19' },
    ]);
  });

  it('a long outage that spans the start of the season overlaps it', () => {
    expect(heatingSeasonOverlapping(w('2026-10-30T08:00', '2026-11-02T08:00'), moved, DEF, TZ)).toEqual(moved[0]);
  });
});

describe('checkHeatingSeasons', () => {
  it('accepts real dates and names a bad one', () => {
    expect(checkHeatingSeasons({ seasons: [{ startsOn: '2026-11-15', endsOn: '2027-03-19' }] })).toHaveLength(1);
    expect(() => checkHeatingSeasons({ seasons: [{ startsOn: '2026-02-30', endsOn: '2027-03-19' }] })).toThrow(/seasons\[0\]\.startsOn/);
    expect(() => checkHeatingSeasons({ seasons: [{ startsOn: '2027-03-19', endsOn: '2026-11-15' }] })).toThrow(/seasons\[0\] ends/);
    expect(() => checkHeatingSeasons({ seasons: 'winter' as never })).toThrow(/seasons must be an array/);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
  });
});
