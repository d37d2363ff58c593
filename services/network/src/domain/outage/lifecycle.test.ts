import { allowedActions, checkTimes, formatOutageNumber, nextStatus, yearIn } from './lifecycle';

const o = (kind: 'PLANNED' | 'EMERGENCY', status: any) => ({ kind, status, number: 'TS-2026-000001' });

describe('outage lifecycle', () => {
  it('walks a planned outage DRAFT → SUBMITTED → APPROVED → ANNOUNCED → IN_PROGRESS → RESTORED', () => {
    expect(nextStatus(o('PLANNED', 'DRAFT'), 'SUBMIT')).toBe('SUBMITTED');
    expect(nextStatus(o('PLANNED', 'SUBMITTED'), 'APPROVE')).toBe('APPROVED');
    expect(nextStatus(o('PLANNED', 'APPROVED'), 'ANNOUNCE')).toBe('ANNOUNCED');
    expect(nextStatus(o('PLANNED', 'ANNOUNCED'), 'START')).toBe('IN_PROGRESS');
    expect(nextStatus(o('PLANNED', 'IN_PROGRESS'), 'RESTORE')).toBe('RESTORED');
  });

  it('refuses to announce a planned outage that was not approved, naming the statuses it needs', () => {
    expect(() => nextStatus(o('PLANNED', 'SUBMITTED'), 'ANNOUNCE')).toThrow(/TS-2026-000001 is SUBMITTED: ANNOUNCE .* only when APPROVED/);
    expect(() => nextStatus(o('PLANNED', 'DRAFT'), 'APPROVE')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('lets an emergency be announced and started at once, without approval', () => {
    expect(nextStatus(o('EMERGENCY', 'DRAFT'), 'ANNOUNCE')).toBe('ANNOUNCED');
    expect(nextStatus(o('EMERGENCY', 'DRAFT'), 'START')).toBe('IN_PROGRESS');
    expect(allowedActions('EMERGENCY', 'DRAFT')).toEqual(expect.arrayContaining(['CLOSE_VALVE', 'OPEN_VALVE', 'START']));
  });

  it('allows valve closing on a planned outage only once it is announced', () => {
    expect(allowedActions('PLANNED', 'APPROVED')).not.toContain('CLOSE_VALVE');
    expect(allowedActions('PLANNED', 'ANNOUNCED')).toContain('CLOSE_VALVE');
    expect(allowedActions('PLANNED', 'DRAFT')).not.toContain('OPEN_VALVE');
  });

  it('keeps the status on a reschedule and allows it until restoration', () => {
    expect(nextStatus(o('PLANNED', 'ANNOUNCED'), 'RESCHEDULE')).toBe('ANNOUNCED');
    expect(nextStatus(o('PLANNED', 'IN_PROGRESS'), 'RESCHEDULE')).toBe('IN_PROGRESS');
    expect(() => nextStatus(o('PLANNED', 'RESTORED'), 'RESCHEDULE')).toThrow(/RESTORED/);
  });

  it('cancels before the water is off, never after', () => {
    for (const s of ['DRAFT', 'SUBMITTED', 'APPROVED', 'ANNOUNCED']) expect(nextStatus(o('PLANNED', s), 'CANCEL')).toBe('CANCELLED');
    expect(() => nextStatus(o('PLANNED', 'IN_PROGRESS'), 'CANCEL')).toThrow(/IN_PROGRESS/);
    expect(allowedActions('PLANNED', 'CANCELLED')).toEqual([]);
    expect(allowedActions('EMERGENCY', 'RESTORED')).toEqual([]);
  });

  it('refuses an end before the start', () => {
    expect(() => checkTimes(new Date('2026-05-02T00:00:00Z'), new Date('2026-05-01T00:00:00Z'))).toThrow(/endsAt .* must be after startsAt/);
  });

  it('numbers outages per year in the utility time zone', () => {
    expect(formatOutageNumber('TS', 2026, 42)).toBe('TS-2026-000042');
    // 31 Dec 2025 20:00 UTC is already 2026 in Shanghai.
    expect(yearIn(new Date('2025-12-31T20:00:00Z'), 'Asia/Shanghai')).toBe(2026);
    expect(yearIn(new Date('2025-12-31T20:00:00Z'), 'UTC')).toBe(2025);
  });
});
