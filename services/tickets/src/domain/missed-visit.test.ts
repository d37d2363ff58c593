import { WorkingCalendar } from './calendar';
import { Category, Department, Role, WorkOrderStatus as S } from './enums';
import { Actor, LifecycleOrder, transition } from './lifecycle';
import { assertVisitMissable, checkMissedVisitText, defaultNoticeNumber, MISSED_VISIT_LIMITS } from './missed-visit';
import { checkVisitWindow } from './service-hours';
import { reappointmentSms, smsWindow } from './sms-wording';

const bj = (s: string) => new Date(`${s}+08:00`);
const now = bj('2026-06-15T10:00:00');
const agent: Actor = { id: 'agent-1', roles: [Role.AGENT] };
const network: Actor = { id: 'net-7', roles: [Role.DEPARTMENT], department: Department.NETWORK };
const meter: Actor = { id: 'meter-2', roles: [Role.DEPARTMENT], department: Department.METER };
const order = (status: S, returnTo?: S): LifecycleOrder => ({ id: 'WO-1', status, category: Category.LEAK, department: Department.NETWORK, returnTo });
const wo1 = { id: 'id-1', number: 'WO-2026-000001' };
const miss = { type: 'MISS_VISIT' as const, resumeAt: bj('2026-06-16T09:00:00'), noticeNumber: 'ZY-0001' };
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return { code: (e as { code?: string }).code, details: (e as { details?: Record<string, unknown> }).details };
  }
  return null;
};

describe('a missed home visit (docs/domain.md "Home-visit appointments")', () => {
  it('puts an accepted or on-site order into WAITING_CUSTOMER and remembers where to go back', () => {
    for (const from of [S.ACCEPTED, S.ON_SITE]) {
      const r = transition(order(from), miss, network, now);
      expect([r.status, r.returnTo]).toEqual([S.WAITING_CUSTOMER, from]);
      expect(r.entry.detail).toEqual({ resumeAt: miss.resumeAt, noticeNumber: 'ZY-0001' });
    }
  });

  it('a second miss while waiting keeps the working status to resume to', () => {
    const r = transition(order(S.WAITING_CUSTOMER, S.ON_SITE), miss, agent, now);
    expect([r.status, r.returnTo]).toEqual([S.WAITING_CUSTOMER, S.ON_SITE]);
    const back = transition({ ...order(S.WAITING_CUSTOMER, r.returnTo ?? undefined) }, { type: 'RESUME' }, network, now);
    expect(back.status).toBe(S.ON_SITE);
  });

  it('is recorded by the call center or the owning department, not another department', () => {
    expect(transition(order(S.ACCEPTED), miss, agent, now).status).toBe(S.WAITING_CUSTOMER);
    expect(code(() => transition(order(S.ACCEPTED), miss, meter, now))?.code).toBe('FORBIDDEN');
  });

  it('needs an order in hand and a new visit after now', () => {
    for (const s of [S.NEW, S.DISPATCHED, S.RESOLVED, S.CLOSED]) expect(code(() => transition(order(s), miss, network, now))?.code).toBe('CONFLICT');
    expect(code(() => transition(order(S.ACCEPTED), { ...miss, resumeAt: now }, network, now))).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'resumeAt' } });
  });

  it('is recorded only once the booked window has begun, and only when a visit was booked', () => {
    const booked = { startsAt: bj('2026-06-15T10:30:00'), endsAt: bj('2026-06-15T11:30:00') };
    expect(code(() => assertVisitMissable(wo1, null, now, 'Asia/Shanghai'))).toMatchObject({ code: 'CONFLICT', details: { workOrderId: 'id-1', reason: 'NO_APPOINTMENT' } });
    const early = code(() => assertVisitMissable(wo1, booked, now, 'Asia/Shanghai'));
    expect(early).toMatchObject({ code: 'CONFLICT', details: { workOrderId: 'id-1', reason: 'NOT_BEGUN' } });
    expect(assertVisitMissable(wo1, booked, bj('2026-06-15T10:30:00'), 'Asia/Shanghai')).toBeUndefined();
  });

  it('names the new window’s arguments when it is refused', () => {
    const cal = new WorkingCalendar({ timeZone: 'Asia/Shanghai' });
    const names = { startsAt: 'newStartsAt', endsAt: 'newEndsAt' };
    expect(code(() => checkVisitWindow('WATER', { startsAt: bj('2026-06-15T09:00:00'), endsAt: bj('2026-06-15T09:30:00') }, now, cal, {}, names))?.details).toMatchObject({ argument: 'newStartsAt' });
    expect(code(() => checkVisitWindow('WATER', { startsAt: bj('2026-06-16T09:00:00'), endsAt: bj('2026-06-16T08:00:00') }, now, cal, {}, names))?.details).toMatchObject({ argument: 'newEndsAt' });
  });

  it('takes the notice number and note trimmed, blank as absent, and refuses overlong or control characters naming the argument', () => {
    expect(checkMissedVisitText({ noticeNumber: '  ZY-7 ', note: '  ' })).toEqual({ noticeNumber: 'ZY-7', note: null });
    expect(code(() => checkMissedVisitText({ noticeNumber: 'x'.repeat(MISSED_VISIT_LIMITS.noticeNumberMax + 1) }))?.details).toMatchObject({ argument: 'noticeNumber' });
    expect(code(() => checkMissedVisitText({ noticeNumber: 'ZY\n7' }))?.details).toMatchObject({ argument: 'noticeNumber' });
    expect(code(() => checkMissedVisitText({ note: 'y'.repeat(MISSED_VISIT_LIMITS.noteMax + 1) }))?.details).toMatchObject({ argument: 'note' });
    expect(checkMissedVisitText({ note: '邻居说\n下午在家' }).note).toBe('邻居说\n下午在家');
    expect(defaultNoticeNumber('WO-2026-000042', 2)).toBe('WO-2026-000042-R2');
  });
});

describe('the re-appointment SMS', () => {
  const w = { startsAt: new Date('2026-06-16T01:00:00Z'), endsAt: new Date('2026-06-16T02:00:00Z') };

  it('gives the new window in the utility’s zone, Chinese first', () => {
    const t = reappointmentSms({ number: 'WO-2026-000042', noticeNumber: 'WO-2026-000042-R1', ...w }, 'Asia/Shanghai');
    expect(t.zh).toBe('工单 WO-2026-000042 上门未遇，已留再约通知单，改约 06/16 09:00–10:00 上门。');
    expect(t.en).toContain('06/16 09:00–10:00');
    expect(smsWindow(w.startsAt, w.endsAt, 'Europe/Berlin')).toBe('06/16 03:00–04:00');
    expect(smsWindow(new Date('2026-06-16T09:00:00Z'), new Date('2026-06-17T01:00:00Z'), 'Asia/Shanghai')).toBe('06/16 17:00–06/17 09:00');
  });

  it('fits one SMS segment (UCS-2 70 characters) even across two days with a long order number', () => {
    const t = reappointmentSms({ number: 'WO-2026-9999999', noticeNumber: 'n', startsAt: new Date('2026-12-31T09:00:00Z'), endsAt: new Date('2027-01-01T01:00:00Z') }, 'Asia/Shanghai');
    expect(t.zh.length).toBeLessThanOrEqual(70);
  });
});
