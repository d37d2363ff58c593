import { dateInZone, formatInZone, isoToZonedInput, monthInZone, zonedInputToIso } from './zoned-time';

// Whatever zone the test process runs in (TZ=America/New_York in CI or not), the utility's zone decides.
describe('dates and times in the utility zone', () => {
  it('shows an instant as the wall clock in Shanghai, not the machine zone', () => {
    expect(formatInZone('2026-12-01T16:30:00Z', 'Asia/Shanghai')).toBe('2026-12-02 00:30');
    expect(dateInZone('2026-12-01T16:30:00Z', 'Asia/Shanghai')).toBe('2026-12-02');
    expect(formatInZone('2026-12-01T16:30:00Z', 'America/New_York')).toBe('2026-12-01 11:30');
  });

  it('takes the month of the utility zone at a month end', () => {
    expect(monthInZone(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(monthInZone(new Date('2026-11-30T17:00:00Z'), 'America/New_York')).toBe('2026-11');
  });

  it('reads a typed time as Shanghai time and gives it back unchanged', () => {
    expect(zonedInputToIso('2026-12-03T09:00', 'Asia/Shanghai')).toBe('2026-12-03T01:00:00.000Z');
    expect(zonedInputToIso('2026-12-03 09:00', 'Asia/Shanghai')).toBe('2026-12-03T01:00:00.000Z');
    expect(isoToZonedInput('2026-12-03T01:00:00.000Z', 'Asia/Shanghai')).toBe('2026-12-03 09:00');
    for (const v of ['2026-01-01 00:00', '2026-06-30 23:59', '2026-03-08 02:30']) expect(isoToZonedInput(zonedInputToIso(v, 'Asia/Shanghai')!, 'Asia/Shanghai')).toBe(v);
  });

  it('reads a time across a daylight-saving change with the offset of that day', () => {
    expect(zonedInputToIso('2026-07-01T09:00', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
    expect(zonedInputToIso('2026-12-01T09:00', 'America/New_York')).toBe('2026-12-01T14:00:00.000Z');
  });

  it('refuses what is not a time', () => {
    expect(zonedInputToIso('', 'Asia/Shanghai')).toBeNull();
    expect(zonedInputToIso('3 December', 'Asia/Shanghai')).toBeNull();
    expect(zonedInputToIso('2026-02-30 09:00', 'Asia/Shanghai')).toBeNull();
    expect(zonedInputToIso('2026-12-03 24:00', 'Asia/Shanghai')).toBeNull();
  });
});
