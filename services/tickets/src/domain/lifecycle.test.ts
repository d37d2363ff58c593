import { Category, Department, LeakTier, ProcessingLevel, Role, WorkOrderStatus as S } from './enums';
import { Actor, LifecycleOrder, WorkOrderAction, allowedActions, authorizeAction, transition } from './lifecycle';

const bj = (s: string) => new Date(`${s}+08:00`);
const now = bj('2025-06-13T10:00:00');
const agent: Actor = { id: 'agent-1', roles: [Role.AGENT] };
const network: Actor = { id: 'net-7', roles: [Role.DEPARTMENT], department: Department.NETWORK };
const meter: Actor = { id: 'meter-2', roles: [Role.DEPARTMENT], department: Department.METER };
const supervisor: Actor = { id: 'sup-1', roles: [Role.SUPERVISOR] };
const sms: Actor = { id: 'sms-gw', roles: [Role.NOTICE_SYSTEM] };

function run(order: LifecycleOrder, steps: Array<[WorkOrderAction, Actor]>): LifecycleOrder {
  return steps.reduce((o, [action, actor]) => {
    const r = transition(o, action, actor, now);
    return { ...o, status: r.status, department: r.department, returnTo: r.returnTo ?? undefined };
  }, order);
}

const leak = (): LifecycleOrder => ({ id: 'WO-1', status: S.NEW, category: Category.LEAK, resolveDueAt: bj('2025-06-14T10:00:00') });

describe('work-order lifecycle', () => {
  it('runs a leak from report to closure', () => {
    const final = run(leak(), [
      [{ type: 'DISPATCH', department: Department.NETWORK }, agent],
      [{ type: 'ACCEPT' }, network],
      [{ type: 'ARRIVE' }, network],
      [{ type: 'RESOLVE', result: '更换管段 / pipe section replaced' }, network],
      [{ type: 'CALLBACK', satisfied: true, method: 'PHONE' }, agent],
      [{ type: 'CLOSE' }, agent],
    ]);
    expect(final.status).toBe(S.CLOSED);
    expect(final.department).toBe(Department.NETWORK);
  });

  it('records a history entry with actor, time and payload', () => {
    const r = transition({ ...leak(), status: S.DISPATCHED, department: Department.NETWORK }, { type: 'RETURN', reason: '非本部门 / not ours', permittedBy: 'agent-1' }, network, now);
    expect(r.status).toBe(S.RETURNED);
    expect(r.entry).toEqual({
      orderId: 'WO-1', from: S.DISPATCHED, to: S.RETURNED, action: 'RETURN', actorId: 'net-7', at: now,
      detail: { reason: '非本部门 / not ours', permittedBy: 'agent-1' },
    });
  });

  it('refuses an action the current status does not allow, naming both', () => {
    expect(() => transition(leak(), { type: 'RESOLVE', result: 'x' }, supervisor, now)).toThrow(
      expect.objectContaining({ code: 'CONFLICT', details: { orderId: 'WO-1', status: S.NEW, action: 'RESOLVE' } }),
    );
    expect(() => transition({ ...leak(), status: S.CLOSED }, { type: 'REOPEN', reason: 'x' }, supervisor, now)).toThrow(/CLOSED.*REOPEN/);
  });

  it('a return needs the call center’s permission', () => {
    const o = { ...leak(), status: S.ACCEPTED, department: Department.NETWORK };
    expect(() => transition(o, { type: 'RETURN', reason: '客户侧 / customer side' }, network, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => transition(o, { type: 'RETURN', reason: 'x', permittedBy: 'net-7' }, network, now)).toThrow(/own return/);
    // re-routed by the call center
    const back = run(o, [
      [{ type: 'RETURN', reason: 'x', permittedBy: 'agent-1' }, network],
      [{ type: 'DISPATCH', department: Department.METER }, agent],
    ]);
    expect(back).toMatchObject({ status: S.DISPATCHED, department: Department.METER });
  });

  it('departments act only on their own orders', () => {
    const o = { ...leak(), status: S.DISPATCHED, department: Department.NETWORK };
    expect(() => transition(o, { type: 'ACCEPT' }, meter, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => transition(o, { type: 'DISPATCH', department: Department.METER }, network, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(transition(o, { type: 'ACCEPT' }, supervisor, now).status).toBe(S.ACCEPTED);
    expect(() => authorizeAction(network, 'DECIDE_EXTENSION', o)).toThrow(/DECIDE_EXTENSION/);
  });

  it('pause and extension go back to the working status they left', () => {
    const onSite = { ...leak(), status: S.ON_SITE, department: Department.NETWORK };
    const paused = transition(onSite, { type: 'WAIT_CUSTOMER', reason: '无人在家 / nobody home' }, network, now);
    expect(paused).toMatchObject({ status: S.WAITING_CUSTOMER, returnTo: S.ON_SITE });
    const resumed = transition({ ...onSite, status: paused.status, returnTo: S.ON_SITE }, { type: 'RESUME' }, network, now);
    expect(resumed).toMatchObject({ status: S.ON_SITE, returnTo: null });

    const req = transition(onSite, { type: 'REQUEST_EXTENSION', newDueAt: bj('2025-06-15T10:00:00'), reason: '需停水 / needs shutoff' }, network, now);
    expect(req.status).toBe(S.EXTENSION_REQUESTED);
    expect(req.effects.extensionRequest).toEqual({ requestedAt: now, newDueAt: bj('2025-06-15T10:00:00'), reason: '需停水 / needs shutoff' });
    const decided = transition({ ...onSite, status: S.EXTENSION_REQUESTED, returnTo: S.ON_SITE }, { type: 'DECIDE_EXTENSION', approved: true }, supervisor, now);
    expect(decided).toMatchObject({ status: S.ON_SITE, effects: { extensionDecision: { approved: true } } });
  });

  it('an extension asked for at or after the deadline is an SLA_RULE error', () => {
    const o = { ...leak(), status: S.ACCEPTED, department: Department.NETWORK, resolveDueAt: now };
    expect(() => transition(o, { type: 'REQUEST_EXTENSION', newDueAt: bj('2025-06-15T10:00:00'), reason: 'x' }, network, now)).toThrow(
      expect.objectContaining({ code: 'SLA_RULE' }),
    );
  });

  it('an unsatisfied SMS reply reopens the order and asks for a phone callback', () => {
    const o = { ...leak(), status: S.RESOLVED, department: Department.NETWORK };
    const r = transition(o, { type: 'SURVEY_REPLY', satisfied: false, comment: '仍漏水 / still leaking' }, sms, now);
    expect(r).toMatchObject({ status: S.REOPENED, effects: { needsPhoneCallback: true } });
    expect(transition(o, { type: 'SURVEY_REPLY', satisfied: true }, sms, now).status).toBe(S.CALLED_BACK);
    expect(() => transition(o, { type: 'CALLBACK', satisfied: true, method: 'SMS' }, sms, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    // the same department re-accepts a reopened order
    expect(transition({ ...o, status: S.REOPENED }, { type: 'ACCEPT' }, network, now).status).toBe(S.ACCEPTED);
  });

  it('an inquiry answered on the call is closed at once as answered (no callback, nothing left to do); a leak may not be', () => {
    const inquiry: LifecycleOrder = { id: 'WO-2', status: S.NEW, category: Category.INQUIRY };
    const done = run(inquiry, [[{ type: 'ANSWER_AT_ONCE', answer: '周三恢复 / back on Wednesday' }, agent]]);
    expect(done.status).toBe(S.CLOSED);
    expect(allowedActions(S.CLOSED)).toEqual([]);
    expect(() => transition(inquiry, { type: 'ANSWER_AT_ONCE', answer: 'x' }, network, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => transition(leak(), { type: 'ANSWER_AT_ONCE', answer: 'x' }, agent, now)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => transition({ ...leak(), status: S.RESOLVED }, { type: 'CLOSE' }, agent, now)).toThrow(/called back/);
  });

  it('a known-outage report is linked, then closed or dispatched', () => {
    const o: LifecycleOrder = { id: 'WO-3', status: S.NEW, category: Category.NO_WATER };
    const r = transition(o, { type: 'LINK_OUTAGE', outageId: 'OUT-9' }, agent, now);
    expect(r).toMatchObject({ status: S.LINKED_TO_OUTAGE, effects: { outageId: 'OUT-9' } });
    expect(allowedActions(S.LINKED_TO_OUTAGE).sort()).toEqual(['CLOSE', 'DISPATCH']);
  });

  it('every action outside the table is a CONFLICT, even for a supervisor', () => {
    const sample: Record<string, WorkOrderAction> = {
      ARRIVE: { type: 'ARRIVE' }, ACCEPT: { type: 'ACCEPT' }, RESUME: { type: 'RESUME' }, CLOSE: { type: 'CLOSE' },
      MERGE: { type: 'MERGE', intoOrderId: 'WO-0' }, CANCEL: { type: 'CANCEL', reason: 'dup' },
    };
    let conflicts = 0;
    for (const status of Object.values(S)) {
      for (const [type, action] of Object.entries(sample)) {
        if (allowedActions(status).includes(type as WorkOrderAction['type'])) continue;
        expect(() => transition({ ...leak(), status }, action, supervisor, now)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
        conflicts++;
      }
    }
    expect(conflicts).toBeGreaterThan(60);
  });

  it('the processing level is the call center’s: an agent sets it with a reason, the status stays; a department may not', () => {
    const o: LifecycleOrder = { ...leak(), status: S.WAITING_CUSTOMER, department: Department.NETWORK, returnTo: S.ACCEPTED };
    const r = transition(o, { type: 'SET_LEVEL', level: ProcessingLevel.HOURS_12, reason: '媒体关注 media attention' }, agent, now);
    expect(r).toMatchObject({ status: S.WAITING_CUSTOMER, returnTo: S.ACCEPTED, entry: { action: 'SET_LEVEL', actorId: 'agent-1', detail: { level: 'HOURS_12', reason: '媒体关注 media attention' } } });
    expect(() => transition(o, { type: 'SET_LEVEL', level: ProcessingLevel.HOURS_12, reason: 'x' }, network, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => transition(o, { type: 'SET_LEVEL', level: ProcessingLevel.HOURS_12, reason: ' ' }, agent, now)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => transition({ ...o, status: S.RESOLVED }, { type: 'SET_LEVEL', level: ProcessingLevel.HOURS_12, reason: 'x' }, agent, now)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('the repair tier is chosen on site by the owning department (or a supervisor); the status stays', () => {
    const o: LifecycleOrder = { ...leak(), status: S.ON_SITE, department: Department.NETWORK };
    expect(transition(o, { type: 'SET_LEAK_TIER', tier: LeakTier.MEDIUM }, network, now)).toMatchObject({ status: S.ON_SITE, entry: { action: 'SET_LEAK_TIER', detail: { tier: 'MEDIUM' } } });
    expect(transition(o, { type: 'SET_LEAK_TIER', tier: LeakTier.LARGE }, supervisor, now).status).toBe(S.ON_SITE);
    expect(() => transition(o, { type: 'SET_LEAK_TIER', tier: LeakTier.SMALL }, meter, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => transition(o, { type: 'SET_LEAK_TIER', tier: LeakTier.SMALL }, agent, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => transition({ ...o, status: S.ACCEPTED }, { type: 'SET_LEAK_TIER', tier: LeakTier.SMALL }, network, now)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});
