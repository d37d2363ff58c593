import { formatLead, formatTime, formatTimeRange, parseInstant } from './format';
import { DomainError } from '@mainline/common/domain';

const tz = 'Asia/Shanghai';

describe('formatTimeRange', () => {
  it('prints a same-day outage the way a Chinese notice does, in Beijing time', () => {
    // 00:00Z is 08:00 in Shanghai
    const r = formatTimeRange(new Date('2026-11-27T00:00:00Z'), new Date('2026-11-27T06:00:00Z'), tz, 'zh-CN');
    expect(r).toBe('2026年11月27日 08:00 至 14:00');
  });

  it('names the second day when the outage runs past midnight local time', () => {
    const r = formatTimeRange(new Date('2026-11-27T14:00:00Z'), new Date('2026-11-27T22:00:00Z'), tz, 'zh-CN');
    expect(r).toBe('2026年11月27日 22:00 至 11月28日 06:00');
    expect(formatTimeRange(new Date('2026-11-27T14:00:00Z'), new Date('2026-11-27T22:00:00Z'), tz, 'en'))
      .toBe('27 Nov 2026, 22:00 to 28 Nov 2026, 06:00');
  });

  it('has a compact SMS style', () => {
    expect(formatTimeRange(new Date('2026-11-27T00:00:00Z'), new Date('2026-11-27T06:00:00Z'), tz, 'zh-CN', 'short')).toBe('11月27日08:00至14:00');
    expect(formatTimeRange(new Date('2026-11-27T00:00:00Z'), new Date('2026-11-27T06:00:00Z'), tz, 'en', 'short')).toBe('27 Nov 08:00-14:00');
  });

  it('uses the configured zone, and prints midnight as 00:00', () => {
    expect(formatTime(new Date('2026-11-27T16:00:00Z'), tz, 'zh-CN')).toBe('2026年11月28日 00:00');
    expect(formatTime(new Date('2026-11-27T16:00:00Z'), 'UTC', 'en')).toBe('27 Nov 2026, 16:00');
  });
});

describe('parseInstant / formatLead', () => {
  it('rejects a non-ISO time naming the field', () => {
    expect(() => parseInstant('tomorrow', 'outage.startsAt')).toThrow(DomainError);
    expect(() => parseInstant('tomorrow', 'outage.startsAt')).toThrow(/outage\.startsAt/);
  });
  it('words reminder leads', () => {
    expect(formatLead(24, 'zh-CN')).toBe('24小时');
    expect(formatLead(0.5, 'zh-CN')).toBe('30分钟');
    expect(formatLead(1, 'en')).toBe('1 hour');
  });
});
