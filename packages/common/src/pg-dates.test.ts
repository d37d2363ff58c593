import { generalTimestamptz, parseTimestamptz } from './pg-dates';

/** `timestamptz` text as PostgreSQL writes it for instant `t` in a session whose offset is `offsetMin`. */
function pgText(t: number, micros: number, offsetMin: number): string {
  const local = new Date(t + offsetMin * 60_000).toISOString();
  const frac = micros ? '.' + String(micros).padStart(6, '0').replace(/0+$/, '') : '';
  const abs = Math.abs(offsetMin);
  const off = (offsetMin < 0 ? '-' : '+') + String(Math.floor(abs / 60)).padStart(2, '0') + (abs % 60 ? ':' + String(abs % 60).padStart(2, '0') : '');
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${frac}${off}`;
}

describe('timestamptz parsing', () => {
  it('reads the same instant as node-postgres for every offset, fraction and year the server writes', () => {
    for (let k = 0; k < 20_000; k++) {
      const t = Date.UTC(100 + ((k * 37) % 9800), k % 12, 1 + (k % 28), k % 24, (k * 7) % 60, (k * 13) % 60);
      const s = pgText(t, (k * 7919) % 1_000_000, [0, 480, -330, 345, -720, 840][k % 6]);
      expect([s, (parseTimestamptz(s) as Date).getTime()]).toEqual([s, (generalTimestamptz(s) as Date).getTime()]);
    }
  });

  it('hands the shapes it does not read to node-postgres (BC, infinity, two-digit years, seconds in the offset)', () => {
    for (const s of ['0099-03-01 10:00:00+00', '2020-01-01 00:00:00+00 BC', 'infinity', '-infinity', '1900-01-01 00:00:00+00:19:32', '12345-01-01 00:00:00+00']) {
      expect(String(parseTimestamptz(s))).toBe(String(generalTimestamptz(s)));
    }
  });

  it('gives a millisecond instant: 2026-12-01 23:19:00.123456+08 is 15:19:00.123 UTC', () => {
    expect((parseTimestamptz('2026-12-01 23:19:00.123456+08') as Date).toISOString()).toBe('2026-12-01T15:19:00.123Z');
  });
});
