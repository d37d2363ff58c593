// The monthly report through the service against PostgreSQL, from orders driven through their real
// transitions on an injected clock. Every expected figure below is worked out by hand from the script
// (Beijing time); the report is computed three ways: from the order rows, from the raw history
// (deadlines recomputed by the domain) and by PostgreSQL's own aggregation — all must agree.
import { Category as C, Channel as Ch, ComplaintTarget, Department as D } from '../src/domain';
import { refusal, startHarness, who } from './support/int-harness';
import { ReportCrossChecks } from './support/report-cross-checks';

const bj = (s: string) => new Date(`2026-${s}+08:00`);

describe('monthlyReport (hand-computed March 2026 fixture, real PostgreSQL)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const wo = () => h.services.workOrders;
  const checks = () => new ReportCrossChecks(h.ds, () => h.services.settings.slaTargets(), h.services.workOrders.calendar);
  const dept = (department: D) => ({ sub: `crew-${department}`, name: department, roles: ['department'], department }) as any;
  const step = async <T>(t: string, fn: () => Promise<T>): Promise<T> => {
    h.clock.set(bj(t));
    return fn();
  };
  const create = (t: string, category: C, channel: Ch, address: string | null, extra: Record<string, unknown> = {}) =>
    step(t, () => wo().create(who.agent, { category, channel, description: '报修', address, location: { lon: 116.4, lat: 39.9 }, reporter: { name: '李四', phone: '13900000000' }, ...extra }));

  beforeAll(async () => {
    // This fixture is the calendar month (REPORT_PERIOD_END_DAY 0); the 25th cut-off is tested in water-desk.int.test.ts.
    h = await startHarness('mainline_test_tickets_report', '2026-03-01T00:00:00+08:00', { config: { REPORT_PERIOD_END_DAY: 0 } });
    // The month's after-service orders are surveyed by SMS: which orders are phoned is a hash of the random order id, not left to the draw here.
    h.cfg.callback.phoneShare = 0;
    // X: last day of February, Beijing time (1 March in no zone that matters): outside the month.
    await create('02-28T23:30:00', C.LEAK, Ch.PHONE, 'A路1号');
    // A: leak; on site 10 min late (a 100 CNY internal fine on NETWORK, not customer compensation); resolved in 11 h; SMS survey satisfied.
    const a = await create('03-02T09:00:00', C.LEAK, Ch.PHONE, 'A路1号');
    await step('03-02T09:03:00', () => wo().dispatch(who.agent, a.id, null));
    await step('03-02T09:10:00', () => wo().accept(who.network, a.id));
    await step('03-02T09:50:00', () => wo().arriveOnSite(who.network, a.id));
    await step('03-02T20:00:00', () => wo().resolve(who.network, a.id, '修复'));
    await step('03-03T09:00:00', () => wo().applySurveyReply(who.noticeSystem, { replyId: 'a-1', workOrderId: a.id, satisfied: true }));
    // B: billing; resolved 27 h late (no compensation: LATE_REPLY is for new-connection answers); phone callback satisfied.
    const b = await create('03-10T10:00:00', C.BILLING, Ch.WECHAT, 'B街5号');
    await step('03-10T10:02:00', () => wo().dispatch(who.agent, b.id, null));
    await step('03-10T10:10:00', () => wo().accept(dept(D.BUSINESS), b.id));
    await step('03-12T13:00:00', () => wo().resolve(dept(D.BUSINESS), b.id, '已答复'));
    await step('03-13T09:00:00', () => wo().recordCallback(who.agent, b.id, { satisfied: true, method: 'PHONE', attitude: '满意' }));
    // C: complaint against the NETWORK department; every stage late; callback unsatisfied (reopened).
    const c = await create('03-16T09:00:00', C.COMPLAINT, Ch.WEB, null, { complaintTarget: ComplaintTarget.DEPARTMENT, complaintSubjectDepartment: D.NETWORK });
    await step('03-16T09:10:00', () => wo().dispatch(who.agent, c.id, null));
    await step('03-16T10:30:00', () => wo().accept(dept(D.DISCIPLINE), c.id));
    await step('03-20T10:00:00', () => wo().resolve(dept(D.DISCIPLINE), c.id, '已处理'));
    await step('03-21T10:00:00', () => wo().recordCallback(who.agent, c.id, { satisfied: false, method: 'PHONE', comment: '不满意' }));
    // D: meter fault; accepted late; returned once (with permission) and re-dispatched; extension approved; resolved in time.
    const d = await create('03-24T08:00:00', C.METER_FAULT, Ch.WECHAT, 'B街5号');
    await step('03-24T08:02:00', () => wo().dispatch(who.agent, d.id, null));
    await step('03-24T08:30:00', () => wo().accept(dept(D.METER), d.id));
    await step('03-24T08:40:00', () => wo().grantReturnPermission(who.agent, d.id));
    await step('03-24T09:00:00', () => wo().returnOrder(dept(D.METER), d.id, '错派'));
    await step('03-24T09:05:00', () => wo().dispatch(who.agent, d.id, D.METER));
    await step('03-24T09:10:00', () => wo().accept(dept(D.METER), d.id));
    await step('03-24T15:00:00', () => wo().arriveOnSite(dept(D.METER), d.id));
    await step('03-24T16:00:00', () => wo().requestExtension(dept(D.METER), d.id, bj('03-26T20:00:00'), '需换表'));
    await step('03-24T17:00:00', () => wo().decideExtension(who.supervisor, d.id, true, null));
    await step('03-26T10:00:00', () => wo().resolve(dept(D.METER), d.id, '已换表'));
    // F: leak at 23:50 on the last day, dispatched 3 min late, still open at the end of the month.
    const f = await create('03-31T23:50:00', C.LEAK, Ch.PHONE, 'C区');
    await step('03-31T23:58:00', () => wo().dispatch(who.agent, f.id, null));
  });
  afterAll(async () => h?.stop());

  const expected = {
    totalOrders: 5,
    byCategory: [{ key: C.LEAK, count: 2 }, { key: C.BILLING, count: 1 }, { key: C.COMPLAINT, count: 1 }, { key: C.METER_FAULT, count: 1 }],
    byChannel: [{ key: Ch.PHONE, count: 2 }, { key: Ch.WECHAT, count: 2 }, { key: Ch.WEB, count: 1 }],
    byDepartment: [{ key: D.NETWORK, count: 2 }, { key: D.BUSINESS, count: 1 }, { key: D.DISCIPLINE, count: 1 }, { key: D.METER, count: 1 }],
    complaints: { total: 1, byTarget: { COMPANY: 0, DEPARTMENT: 1, STAFF: 0, UNSPECIFIED: 0 } },
    onTime: {
      dispatch: { counted: 5, onTime: 3, late: 2, rate: 0.6 }, // C (+10), F (+8) late
      accept: { counted: 4, onTime: 2, late: 2, rate: 0.5 }, // C, D late; F's deadline (00:18 1 April) not yet due
      onSite: { counted: 2, onTime: 1, late: 1, rate: 0.5 }, // A late, D in time
      resolve: { counted: 4, onTime: 2, late: 2, rate: 0.5 }, // B, C late; D in time thanks to the extension
    },
    durations: {
      dispatch: { count: 5, avgMinutes: 5, p90Minutes: 10 }, // 3, 2, 10, 2, 8
      accept: { count: 4, avgMinutes: 30.75, p90Minutes: 80 }, // 7, 8, 80, 28 (from the first dispatch)
      onSite: { count: 2, avgMinutes: 235, p90Minutes: 420 }, // 50, 420
      resolve: { count: 4, avgMinutes: 3135, p90Minutes: 5820 }, // 660, 3060, 5820, 3000
    },
    extensions: { total: 1, orders: 1 },
    returns: { total: 1, orders: 1 },
    callback: { afterServiceResolved: 4, calledBack: 3, rate: 0.75, answered: 3, satisfied: 2, satisfactionRate: 2 / 3 },
    complaintHandling: { answered: 1, satisfied: 0, satisfactionRate: 0 },
    compensation: { orders: 0, totalCny: 0 },
    internalFines: { orders: 1, totalCny: 100, byDepartment: [{ key: D.NETWORK, orders: 1, totalCny: 100 }] },
  };

  it('matches the hand-computed figures (from the order rows)', async () => {
    const r = await h.services.reports.monthly(who.supervisor, '2026-03', null);
    expect(r).toMatchObject(expected);
    expect(r.hotSpots.addresses).toEqual([
      { address: 'B街5号', count: 2, topCategory: C.BILLING },
      { address: 'A路1号', count: 1, topCategory: C.LEAK },
      { address: 'C区', count: 1, topCategory: C.LEAK },
    ]);
    const csv = await r.csv();
    expect(csv).toContain('月报 Monthly report,2026-03');
    expect(csv).toContain('赔偿（付给用户）Compensation (paid to customers)\n工单数 Orders,金额（元）Amount (CNY)\n0,0');
    expect(csv).toContain('内部考核（责任单位）Internal fines (responsible units)');
    expect(csv).toContain('管网维修 Network maintenance,NETWORK,1,100');
  });

  it('the same from the raw status history, deadlines recomputed by the domain', async () => {
    const fromRows = await h.services.reports.monthly(who.supervisor, '2026-03', null);
    const { orders: _orders, ...fromHistory } = await checks().monthlyFromHistory('2026-03', null, h.clock.now());
    expect(fromHistory).toMatchObject(expected);
    expect(fromHistory).toEqual({ ...fromRows, csv: await fromRows.csv() });
  });

  it('PostgreSQL’s aggregates and order lines equal the domain’s own report over the same rows (every figure, every CSV line)', async () => {
    for (const actor of [who.supervisor, who.network]) {
      const { sql, domain } = await checks().servedAndDomain(await h.services.reports.monthly(actor, '2026-03', null), h.cfg.report.goals);
      expect(sql).toEqual(domain);
    }
  });

  it('PostgreSQL’s own aggregation agrees', async () => {
    const s = await checks().sqlAggregates('2026-03', null);
    expect(s.total).toBe(expected.totalOrders);
    expect(s.byCategory).toEqual(Object.fromEntries(expected.byCategory.map((x) => [x.key, x.count])));
    expect(s.byChannel).toEqual(Object.fromEntries(expected.byChannel.map((x) => [x.key, x.count])));
    expect(s.byDepartment).toEqual(Object.fromEntries(expected.byDepartment.map((x) => [x.key, x.count])));
    for (const st of ['dispatch', 'accept', 'onSite', 'resolve'] as const) {
      expect(s.onTime[st]).toEqual({ counted: expected.onTime[st].counted, onTime: expected.onTime[st].onTime });
    }
    expect(s.extensions).toEqual(expected.extensions);
    expect(s.returns).toEqual(expected.returns);
    expect(s.compensation).toEqual(expected.compensation);
    expect(s.internalFines).toEqual({ orders: expected.internalFines.orders, totalCny: expected.internalFines.totalCny });
  });

  it('department scope, the quarterly complaint summary and refusals', async () => {
    const net = await h.services.reports.monthly(who.network, '2026-03', null);
    expect(net).toMatchObject({ department: D.NETWORK, totalOrders: 2 });
    expect((await refusal(h.services.reports.monthly(who.network, '2026-03', D.METER))).code).toBe('FORBIDDEN');
    expect((await refusal(h.services.reports.monthly(who.agent, '2026-03', null))).code).toBe('FORBIDDEN');
    expect((await refusal(h.services.reports.monthly(who.supervisor, '2026-3', null))).code).toBe('INVALID_INPUT');
    const q = await h.services.reports.quarterlyComplaints(who.supervisor, '2026-Q1', null);
    expect(q).toMatchObject({ total: 1, byTarget: { DEPARTMENT: 1 }, bySubjectDepartment: [{ key: D.NETWORK, count: 1 }], resolveOnTime: { counted: 1, onTime: 0 } });
    expect(q.byMonth).toEqual([{ month: '2026-01', total: 0 }, { month: '2026-02', total: 0 }, { month: '2026-03', total: 1 }]);
  });
});
