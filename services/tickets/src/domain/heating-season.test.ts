import { DEFAULT_HEATING_SEASON, defaultSeasonOf, effectiveSeasons, parseDefaultSeason, planSeasonChange, seasonDay, seasonOn } from './heating-season';
import { refused } from '@mainline/test-support/support/refusal';


describe('heating season (docs/domain.md "Heating utility")', () => {
  it('defaults to 15 November – 19 March: 125 days, across the new year', () => {
    expect(defaultSeasonOf(2026)).toEqual({ startsOn: '2026-11-15', endsOn: '2027-03-19' });
    expect(seasonDay('2026-11-15', [])).toBe(0);
    expect(seasonDay('2027-03-19', [])).toBe(124);
    expect(seasonDay('2027-03-20', [])).toBeNull();
    expect(seasonDay('2026-11-14', [])).toBeNull();
    expect(seasonOn('2027-01-10', [])).toEqual({ startsOn: '2026-11-15', endsOn: '2027-03-19', isDefault: true });
  });

  it('a configured default replaces 15 November – 19 March; a bad one is refused naming the variable', () => {
    const d = parseDefaultSeason('11-01', '03-31');
    expect(defaultSeasonOf(2026, d)).toEqual({ startsOn: '2026-11-01', endsOn: '2027-03-31' });
    expect(refused(() => parseDefaultSeason('11-31', '03-19')).details).toMatchObject({ argument: 'HEATING_SEASON_START' });
    expect(refused(() => parseDefaultSeason('11-15', '3-19')).details).toMatchObject({ argument: 'HEATING_SEASON_END' });
  });

  it('setting a season replaces the one it overlaps (set or default): "the season that contains those dates"', () => {
    const first = planSeasonChange('2026-11-08', '2027-03-25', []);
    expect(first).toEqual({ season: { startsOn: '2026-11-08', endsOn: '2027-03-25' }, replaces: [] }); // replaces the 2026 default
    const stored = [first.season];
    expect(seasonDay('2026-11-10', stored)).toBe(2);
    expect(seasonDay('2027-11-20', stored)).toBe(5); // the next year keeps its default
    const again = planSeasonChange('2026-11-12', '2027-03-20', stored);
    expect(again.replaces).toEqual([first.season]);
    expect(effectiveSeasons(stored, 2025, 2027, DEFAULT_HEATING_SEASON).map((s) => [s.startsOn, s.isDefault])).toEqual([
      ['2025-11-15', true], ['2026-11-08', false], ['2027-11-15', true],
    ]);
  });

  it('refuses a bad date, an end before the start, an overlap with another season and a season past a year: INVALID_INPUT naming the argument', () => {
    expect(refused(() => planSeasonChange('2026-11-31', '2027-03-19', [])).details).toEqual({ argument: 'startsOn' });
    expect(refused(() => planSeasonChange('2026/11/15', '2027-03-19', [])).code).toBe('INVALID_INPUT');
    expect(refused(() => planSeasonChange('2026-11-15', '19 March', [])).details).toEqual({ argument: 'endsOn' });
    const reversed = refused(() => planSeasonChange('2027-03-19', '2026-11-15', []));
    expect(reversed).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'endsOn' } });
    // Reaches from the 2025/26 season into the 2026/27 one: overlaps two seasons.
    const both = refused(() => planSeasonChange('2026-03-01', '2026-11-20', []));
    expect(both).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'endsOn' } });
    expect(both.message).toMatch(/2025-11-15\.\.2026-03-19.*2026-11-15\.\.2027-03-19/);
    expect(refused(() => planSeasonChange('2026-10-01', '2027-10-03', [])).details).toEqual({ argument: 'endsOn' });
  });

  it('a season overlapping a set season and a later default is refused too', () => {
    const stored = [{ startsOn: '2026-10-20', endsOn: '2027-03-19' }];
    expect(refused(() => planSeasonChange('2027-03-01', '2027-11-20', stored)).code).toBe('INVALID_INPUT');
  });
});

describe('heating season years', () => {
  it('a season outside the years 1970–9998 is refused naming the argument', () => {
    let err: unknown;
    try {
      planSeasonChange('1969-11-15', '1970-03-19', []);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'startsOn' } });
  });
});
