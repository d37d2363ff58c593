import { reportTime } from './intake';
import { refused } from '@mainline/test-support/support/refusal';

const NOW = new Date('2026-12-01T10:00:00+08:00');
const H = 60;

describe('reportedAt: a report logged after the fact (docs/domain.md: crews act first, record afterwards)', () => {
  it('without one the clocks start now; with one they start at it, and the order is marked backdated', () => {
    expect(reportTime(undefined, NOW, 24 * H)).toEqual({ at: NOW, backdated: false });
    const t = new Date(NOW.getTime() - 3 * 3600_000);
    expect(reportTime(t, NOW, 24 * H)).toEqual({ at: t, backdated: true });
    expect(reportTime(NOW, NOW, 24 * H)).toEqual({ at: NOW, backdated: false });
  });

  it('is never in the future and at most the configured span back (INVALID_INPUT naming input.reportedAt)', () => {
    expect(refused(() => reportTime(new Date(NOW.getTime() + 1000), NOW, 24 * H)).details).toEqual({ argument: 'input.reportedAt' });
    expect(reportTime(new Date(NOW.getTime() - 24 * 3600_000), NOW, 24 * H).backdated).toBe(true);
    const old = refused(() => reportTime(new Date(NOW.getTime() - 24 * 3600_000 - 1), NOW, 24 * H));
    expect(old).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'input.reportedAt' } });
    expect(old.message).toContain('24 h');
    expect(refused(() => reportTime(new Date(NOW.getTime() - 2 * 3600_000), NOW, 1 * H)).code).toBe('INVALID_INPUT');
  });
});
