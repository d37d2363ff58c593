import { Category as C, Channel as Ch, ComplaintTarget as T, Department as D, WorkOrderStatus as S } from './enums';
import { FeedbackKind as FK, FeedbackSource as FS } from './enums';
import { FeedbackFacts, OrderFacts, monthlyReport, quarterlyComplaintSummary, reportMonthOf, reportPeriod, reportToCsv } from './report';

// Beijing wall-clock helper: the fixture is written the way a supervisor reads it.
const bj = (s: string) => new Date(`2025-${s}+08:00`);
const P1 = { lat: 39.9087, lon: 116.3975 };
const Q = { lat: 39.92, lon: 116.41 };

// June 2025, Beijing. Expected figures below are worked out by hand from these rows.
const O: OrderFacts[] = [
  { id: 'O1', category: C.LEAK, channel: Ch.PHONE, department: D.NETWORK, createdAt: bj('06-02T09:00:00'),
    dispatchedAt: bj('06-02T09:03:00'), dispatchDueAt: bj('06-02T09:05:00'), acceptedAt: bj('06-02T09:15:00'), acceptDueAt: bj('06-02T09:23:00'),
    onSiteAt: bj('06-02T09:50:00'), onSiteDueAt: bj('06-02T09:40:00'), resolvedAt: bj('06-02T20:00:00'), resolveDueAt: bj('06-03T09:00:00'),
    callbackDone: true, callbackSatisfied: true, address: 'A路1号', location: P1, compensationCny: 100 },
  { id: 'O2', category: C.BURST, channel: Ch.PHONE, department: D.NETWORK, createdAt: bj('06-05T14:00:00'),
    dispatchedAt: bj('06-05T14:04:00'), dispatchDueAt: bj('06-05T14:05:00'), acceptedAt: bj('06-05T14:30:00'), acceptDueAt: bj('06-05T14:24:00'),
    onSiteAt: bj('06-05T14:35:00'), onSiteDueAt: bj('06-05T14:40:00'), resolvedAt: bj('06-06T16:00:00'), resolveDueAt: bj('06-06T14:00:00'),
    callbackDone: true, callbackSatisfied: false, address: ' A路1号 ', location: { lat: 39.90873, lon: 116.39753 } },
  { id: 'O3', category: C.BILLING, channel: Ch.WECHAT, department: D.BUSINESS, createdAt: bj('06-10T10:00:00'),
    dispatchedAt: bj('06-10T10:02:00'), dispatchDueAt: bj('06-10T10:05:00'), acceptedAt: bj('06-10T10:10:00'), acceptDueAt: bj('06-10T10:22:00'),
    resolvedAt: bj('06-12T13:00:00'), resolveDueAt: bj('06-11T10:00:00'),
    callbackDone: true, callbackSatisfied: true, address: 'B街5号', location: Q, compensationCny: 40 },
  { id: 'O4', category: C.COMPLAINT, channel: Ch.PHONE, department: D.DISCIPLINE, complaintTarget: T.STAFF, createdAt: bj('06-13T10:00:00'),
    dispatchedAt: bj('06-13T10:04:00'), dispatchDueAt: bj('06-13T10:05:00'), acceptedAt: bj('06-13T10:50:00'), acceptDueAt: bj('06-13T11:04:00'),
    resolvedAt: bj('06-18T16:00:00'), resolveDueAt: bj('06-18T17:30:00'), callbackDone: true, callbackSatisfied: true },
  { id: 'O5', category: C.COMPLAINT, channel: Ch.WEB, department: D.DISCIPLINE, complaintTarget: T.DEPARTMENT, complaintSubjectDepartment: D.NETWORK,
    createdAt: bj('06-16T09:00:00'), dispatchedAt: bj('06-16T09:10:00'), dispatchDueAt: bj('06-16T09:05:00'), acceptedAt: bj('06-16T10:30:00'),
    acceptDueAt: bj('06-16T10:10:00'), resolvedAt: bj('06-20T10:00:00'), resolveDueAt: bj('06-19T17:30:00'), callbackDone: true, callbackSatisfied: false },
  { id: 'O6', category: C.COMPLAINT, channel: Ch.VISIT, department: D.DISCIPLINE, complaintTarget: T.COMPANY, createdAt: bj('06-20T11:00:00'),
    dispatchedAt: bj('06-20T11:03:00'), dispatchDueAt: bj('06-20T11:05:00'), acceptedAt: bj('06-20T11:30:00'), acceptDueAt: bj('06-20T12:03:00'),
    resolveDueAt: bj('06-25T17:30:00') },
  { id: 'O7', category: C.INQUIRY, channel: Ch.PHONE, department: D.CALL_CENTER, status: S.CLOSED, createdAt: bj('06-03T10:00:00'),
    dispatchDueAt: bj('06-03T10:05:00'), resolvedAt: bj('06-03T10:05:00') },
  // 1 June 00:30 Beijing = 31 May 16:30 UTC: belongs to June.
  { id: 'O8', category: C.NO_WATER, channel: Ch.PHONE, department: D.NETWORK, status: S.LINKED_TO_OUTAGE, createdAt: bj('06-01T00:30:00'),
    dispatchDueAt: bj('06-01T00:35:00'), onSiteDueAt: bj('06-01T01:10:00'), resolveDueAt: bj('06-02T00:30:00'), address: 'C区' },
  { id: 'O9', category: C.METER_FAULT, channel: Ch.WECHAT, department: D.METER, createdAt: bj('06-24T08:00:00'),
    dispatchedAt: bj('06-24T08:02:00'), dispatchDueAt: bj('06-24T08:05:00'), acceptedAt: bj('06-24T08:30:00'), acceptDueAt: bj('06-24T08:22:00'),
    onSiteAt: bj('06-24T15:00:00'), onSiteDueAt: bj('06-24T20:00:00'), resolvedAt: bj('06-25T10:00:00'), resolveDueAt: bj('06-25T20:00:00'),
    extensionCount: 1, returnCount: 1, callbackDone: true, callbackSatisfied: null, address: 'B街5号', location: { lat: 39.92004, lon: 116.41003 } },
  { id: 'O10', category: C.WATER_QUALITY, channel: Ch.MEDIA, department: D.QUALITY, createdAt: bj('06-26T09:00:00'),
    dispatchedAt: bj('06-26T09:01:00'), dispatchDueAt: bj('06-26T09:05:00'), acceptedAt: bj('06-26T09:10:00'), acceptDueAt: bj('06-26T09:21:00'),
    onSiteAt: bj('06-26T10:30:00'), onSiteDueAt: bj('06-26T11:00:00'), resolvedAt: bj('06-27T08:00:00'), resolveDueAt: bj('06-27T09:00:00'),
    address: 'A路1号', location: { lat: 39.90867, lon: 116.39748 } },
  { id: 'O11', category: C.WORKS_QUALITY, channel: Ch.LETTER, department: D.WORKS, createdAt: bj('06-30T15:00:00'),
    dispatchedAt: bj('06-30T15:05:00'), dispatchDueAt: bj('06-30T15:05:00'), acceptedAt: bj('06-30T15:20:00'), acceptDueAt: bj('06-30T15:25:00'),
    resolveDueAt: bj('07-05T15:00:00') },
  { id: 'O12', category: C.LEAK, channel: Ch.PHONE, department: D.NETWORK, createdAt: bj('06-30T23:50:00'),
    dispatchedAt: bj('06-30T23:58:00'), dispatchDueAt: bj('06-30T23:55:00'), acceptDueAt: bj('07-01T00:18:00'),
    onSiteDueAt: bj('07-01T00:30:00'), resolveDueAt: bj('07-01T23:50:00') },
];
// Outside June in Beijing time (though inside it in UTC, or vice versa) and a complaint from April.
const EXTRA: OrderFacts[] = [
  { id: 'X1', category: C.LEAK, channel: Ch.PHONE, department: D.NETWORK, createdAt: bj('05-31T23:30:00') },
  { id: 'X2', category: C.LEAK, channel: Ch.PHONE, department: D.NETWORK, createdAt: new Date('2025-06-30T16:30:00Z') },
  { id: 'O13', category: C.COMPLAINT, channel: Ch.PHONE, department: D.DISCIPLINE, complaintTarget: T.STAFF, createdAt: bj('04-15T10:00:00'),
    dispatchedAt: bj('04-15T10:02:00'), resolvedAt: bj('04-17T10:00:00'), resolveDueAt: bj('04-18T17:30:00'), callbackDone: true, callbackSatisfied: true },
];
const ALL = [...O, ...EXTRA];

describe('monthlyReport (hand-computed June 2025 fixture)', () => {
  const r = monthlyReport(ALL, '2025-06', 'Asia/Shanghai');

  it('takes the month in Beijing time', () => {
    expect(r.totalOrders).toBe(12);
    expect(r.periodStart).toEqual(new Date('2025-05-31T16:00:00Z'));
  });

  it('counts by category, channel and department', () => {
    expect(r.byCategory).toEqual([
      { key: C.COMPLAINT, count: 3 }, { key: C.LEAK, count: 2 }, { key: C.BILLING, count: 1 }, { key: C.BURST, count: 1 },
      { key: C.INQUIRY, count: 1 }, { key: C.METER_FAULT, count: 1 }, { key: C.NO_WATER, count: 1 }, { key: C.WATER_QUALITY, count: 1 },
      { key: C.WORKS_QUALITY, count: 1 },
    ]);
    expect(r.byChannel).toEqual([
      { key: Ch.PHONE, count: 6 }, { key: Ch.WECHAT, count: 2 }, { key: Ch.LETTER, count: 1 }, { key: Ch.MEDIA, count: 1 },
      { key: Ch.VISIT, count: 1 }, { key: Ch.WEB, count: 1 },
    ]);
    expect(r.byDepartment[0]).toEqual({ key: D.NETWORK, count: 4 });
    expect(r.byDepartment.find((x) => x.key === D.DISCIPLINE)?.count).toBe(3);
    expect(r.complaints).toEqual({ total: 3, byTarget: { COMPANY: 1, DEPARTMENT: 1, STAFF: 1, UNSPECIFIED: 0 } });
  });

  it('on-time rates: done at or before due; open and past due is late; no-service orders and not-yet-due excluded', () => {
    // dispatch: O1 O2 O3 O4 O6 O9 O10 O11(at the deadline) on time; O5 O12 late; O7 (answered at once) O8 (outage) excluded
    expect(r.onTime.dispatch).toEqual({ counted: 10, onTime: 8, late: 2, rate: 0.8 });
    // accept: on O1 O3 O4 O6 O10 O11; late O2 O5 O9; O12 due 1 July, open → excluded
    expect(r.onTime.accept).toEqual({ counted: 9, onTime: 6, late: 3, rate: 6 / 9 });
    // on site: O1 late; O2 O9 O10 on; O8 linked to outage, O12 not yet due
    expect(r.onTime.onSite).toEqual({ counted: 4, onTime: 3, late: 1, rate: 0.75 });
    // resolve: on O1 O4 O9 O10; late O2 O3 O5 and O6 (open, due 25 June)
    expect(r.onTime.resolve).toEqual({ counted: 8, onTime: 4, late: 4, rate: 0.5 });
  });

  it('average and nearest-rank p90 minutes', () => {
    // dispatch minutes 3 4 2 4 10 3 2 1 5 8 → sum 42; sorted 10th-of-10 ranks: ceil(9)=9th = 8
    expect(r.durations.dispatch).toEqual({ count: 10, avgMinutes: 4.2, p90Minutes: 8 });
    // accept (from dispatch) 12 26 8 46 80 27 28 9 15 → sum 251; ceil(8.1) = 9th = 80
    expect(r.durations.accept.count).toBe(9);
    expect(r.durations.accept.avgMinutes).toBeCloseTo(251 / 9);
    expect(r.durations.accept.p90Minutes).toBe(80);
    // on site 50 35 420 90 → 595 / 4; 4th = 420
    expect(r.durations.onSite).toEqual({ count: 4, avgMinutes: 148.75, p90Minutes: 420 });
    // resolve 660 1560 3060 7560 5820 5 1560 1380 → 21605 / 8; 8th = 7560
    expect(r.durations.resolve).toEqual({ count: 8, avgMinutes: 2700.625, p90Minutes: 7560 });
  });

  it('extensions, returns, callbacks and satisfaction', () => {
    expect(r.extensions).toEqual({ total: 1, orders: 1 });
    expect(r.returns).toEqual({ total: 1, orders: 1 });
    // resolved after-service: O1 O2 O3 O4 O5 O9 O10 (O7 inquiry, no works order resolved); called back all but O10
    // answered: O1 ✓ O2 ✗ O3 ✓ O4 ✓ O5 ✗ (O9 no answer)
    expect(r.callback).toEqual({ afterServiceResolved: 7, calledBack: 6, rate: 6 / 7, answered: 5, satisfied: 3, satisfactionRate: 0.6 });
    expect(r.complaintHandling).toEqual({ answered: 2, satisfied: 1, satisfactionRate: 0.5 });
    expect(r.goalsMet).toEqual({ onTime: false, callback: false, satisfaction: false, complaintSatisfaction: false });
  });

  it('hot spots and compensation', () => {
    expect(r.hotSpots.addresses).toEqual([
      { address: 'A路1号', count: 3, topCategory: C.BURST }, // BURST, LEAK, WATER_QUALITY tie → first code
      { address: 'B街5号', count: 2, topCategory: C.BILLING },
      { address: 'C区', count: 1, topCategory: C.NO_WATER },
    ]);
    expect(r.hotSpots.cells.map((c) => c.count)).toEqual([3, 2]);
    const top = r.hotSpots.cells[0];
    // the cell centre is within one cell (~200 m) of the points in it
    expect(Math.abs(top.centerLat - P1.lat) * 111_195).toBeLessThan(200);
    expect(r.hotSpots.categories[0]).toEqual({ key: C.COMPLAINT, count: 3 });
    expect(r.compensation).toEqual({ orders: 2, totalCny: 140 });
  });

  it('filters by department', () => {
    const n = monthlyReport(ALL, '2025-06', 'Asia/Shanghai', { department: D.NETWORK });
    expect(n.totalOrders).toBe(4); // O1 O2 O8 O12
    expect(n.onTime.dispatch).toEqual({ counted: 3, onTime: 2, late: 1, rate: 2 / 3 });
    expect(n.compensation.totalCny).toBe(100);
  });

  it('a later asOf turns open, now-overdue orders into late ones', () => {
    const later = monthlyReport(ALL, '2025-06', 'Asia/Shanghai', { asOf: bj('07-06T00:00:00') });
    // + O11 (due 5 July) and O12 (due 1 July), both unresolved
    expect(later.onTime.resolve).toEqual({ counted: 10, onTime: 4, late: 6, rate: 0.4 });
    expect(later.onTime.accept.counted).toBe(10);
  });

  it('CSV: bilingual headings, Chinese first, quoted where needed', () => {
    const csv = reportToCsv(r);
    expect(csv).toContain('类别 Category,编码 Code,数量 Count');
    expect(csv).toContain('投诉 Complaint about staff,COMPLAINT,3');
    expect(csv).toContain('派单 Dispatch,10,8,2,80.0%,4.2,8');
    expect(csv).toContain('回访率 Callback rate,85.7%');
    expect(csv).toContain('工单数 Orders,金额（元）Amount (CNY)\n2,140');
    const quoted = reportToCsv(monthlyReport([{ ...O[0], address: '人民路1号, "东"门' }], '2025-06', 'Asia/Shanghai'));
    expect(quoted).toContain('"人民路1号, ""东""门",1,LEAK');
    expect(csv.split('\n')[0]).toBe('月报 Monthly report,2025-06');
  });

  it('rejects a malformed month', () => {
    expect(() => monthlyReport(ALL, '2025-6', 'Asia/Shanghai')).toThrow(/YYYY-MM/);
  });
});

describe('the report shows each target with its figure and whether it is met', () => {
  it('June fixture: on-time (lowest stage) 50 %, callback 6/7, satisfaction 60 %, complaint handling 50 %, average repair 1,110 min — none met', () => {
    const r = monthlyReport(ALL, '2025-06', 'Asia/Shanghai', { utilities: ['WATER'] });
    expect(r.goalList.map(({ name, utility, target, value, met }) => ({ name, utility, target, value, met }))).toEqual([
      { name: 'onTime', utility: null, target: 1, value: 4 / 8, met: false }, // dispatch 8/10, accept 6/9, on site 3/4, resolve 4/8
      { name: 'callback', utility: null, target: 1, value: 6 / 7, met: false },
      { name: 'satisfaction', utility: null, target: 0.9, value: 0.6, met: false },
      { name: 'complaintSatisfaction', utility: null, target: 0.8, value: 0.5, met: false },
      { name: 'avgRepairMinutes', utility: 'WATER', target: 120, value: 1110, met: false }, // O1 leak 660 min, O2 burst 1,560 min
    ]);
    expect(r.repair).toEqual({ count: 2, avgMinutes: 1110 });
    expect(reportToCsv(r)).toContain('WATER,平均修复时间（分钟） Average repair time (min),120,1110,否 no');
  });

  it('met when the figure reaches the target (at most, for the repair time); no figure counts as met; targets are the utility’s', () => {
    const goals = { onTimeRate: 0.6, callbackRate: 0.8, satisfactionRate: 0.6, complaintSatisfactionRate: 0.5, avgRepairMinutes: 1110, repairCategories: [C.LEAK, C.BURST] };
    const r = monthlyReport(ALL, '2025-06', 'Asia/Shanghai', { goals });
    expect(r.goalList.filter((g) => g.utility !== 'HEAT').map((g) => [g.name, g.met])).toEqual([['onTime', false], ['callback', true], ['satisfaction', true], ['complaintSatisfaction', true], ['avgRepairMinutes', true]]);
    expect(monthlyReport(ALL, '2025-06', 'Asia/Shanghai', { goals: { ...goals, onTimeRate: 0.5 } }).goalList[0]).toMatchObject({ name: 'onTime', met: true });
    const empty = monthlyReport([], '2025-06', 'Asia/Shanghai');
    expect(empty.goalList.every((g) => g.value === null && g.met)).toBe(true);
  });
});

describe('the report period is cut at a configurable day (ready by the 28th)', () => {
  const TZ = 'Asia/Shanghai';
  it('default: the 26th of last month to the 25th of this month, in Asia/Shanghai', () => {
    expect(reportPeriod('2025-06', TZ, 25)).toEqual({ start: new Date('2025-05-25T16:00:00Z'), end: new Date('2025-06-25T16:00:00Z') });
    expect(reportPeriod('2025-01', TZ, 25)).toEqual({ start: new Date('2024-12-25T16:00:00Z'), end: new Date('2025-01-25T16:00:00Z') });
    expect(reportPeriod('2025-06', TZ, 0)).toEqual({ start: new Date('2025-05-31T16:00:00Z'), end: new Date('2025-06-30T16:00:00Z') });
    expect(() => reportPeriod('2025-06', TZ, 29)).toThrow(/0–28/);
  });

  it('across the 25th/26th: 23:59 on the 25th is this month, 00:10 on the 26th (still the 25th in UTC) is next month', () => {
    const last = bj('06-25T23:59:00');
    const first = bj('06-26T00:10:00');
    expect(first.toISOString()).toBe('2025-06-25T16:10:00.000Z');
    expect([reportMonthOf(last, TZ, 25), reportMonthOf(first, TZ, 25)]).toEqual(['2025-06', '2025-07']);
    expect(reportMonthOf(new Date('2025-12-26T00:00:00+08:00'), TZ, 25)).toBe('2026-01');
    expect(reportMonthOf(first, TZ, 0)).toBe('2025-06');
    const facts: OrderFacts[] = [
      { id: 'A', number: 'WO-A', category: C.LEAK, channel: Ch.PHONE, department: D.NETWORK, createdAt: last },
      { id: 'B', number: 'WO-B', category: C.LEAK, channel: Ch.PHONE, department: D.NETWORK, createdAt: first },
    ];
    const june = monthlyReport(facts, '2025-06', TZ, { period: reportPeriod('2025-06', TZ, 25) });
    const july = monthlyReport(facts, '2025-07', TZ, { period: reportPeriod('2025-07', TZ, 25) });
    expect([june.totalOrders, june.orders.map((o) => o.number)]).toEqual([1, ['WO-A']]);
    expect([july.totalOrders, july.orders.map((o) => o.number)]).toEqual([1, ['WO-B']]);
    expect(reportToCsv(june)).toContain('统计期 Period,2025-05-26 00:00 – 2025-06-26 00:00');
  });
});

describe('after-service callbacks in the monthly callback rate', () => {
  it('a resolved works-quality order is an after-service order: the callback rate counts it (settled new-connection jobs are sampled instead)', () => {
    const wq: OrderFacts = { id: 'WQ', category: C.WORKS_QUALITY, channel: Ch.PHONE, department: D.WORKS, createdAt: bj('06-04T09:00:00'), dispatchedAt: bj('06-04T09:02:00'), resolvedAt: bj('06-05T09:00:00') };
    const nc: OrderFacts = { id: 'NC', category: C.NEW_CONNECTION, channel: Ch.VISIT, department: D.BUSINESS, createdAt: bj('06-04T09:00:00'), dispatchedAt: bj('06-04T09:02:00'), resolvedAt: bj('06-05T09:00:00') };
    const base = monthlyReport(ALL, '2025-06', 'Asia/Shanghai').callback;
    const r = monthlyReport([...ALL, wq, nc], '2025-06', 'Asia/Shanghai').callback;
    expect(r.afterServiceResolved).toBe(base.afterServiceResolved + 1);
    expect(r.calledBack).toBe(base.calledBack);
    expect(r.rate).toBe(6 / 8);
  });
});

describe('answered at once, praise and exposure', () => {
  it('counts inquiries answered on the call; they owe no deadline and add no resolve time', () => {
    const answered: OrderFacts = { id: 'Q1', number: 'WO-Q1', category: C.INQUIRY, channel: Ch.PHONE, department: D.CALL_CENTER, status: S.CLOSED, createdAt: bj('06-03T11:00:00'), answeredAt: bj('06-03T11:02:00') };
    const r = monthlyReport([...ALL, answered], '2025-06', 'Asia/Shanghai');
    const base = monthlyReport(ALL, '2025-06', 'Asia/Shanghai');
    expect(r.answeredAtOnce).toBe(1);
    expect(r.onTime).toEqual(base.onTime);
    expect(r.durations).toEqual(base.durations);
    expect(reportToCsv(r)).toContain('即时答复并关闭的咨询 Inquiries answered on the call and closed,1');
  });

  it('praise, criticism and media exposure from customers, the mayor’s hotline, regulators and the media, beside complaints', () => {
    const fb: FeedbackFacts[] = [
      { id: 'F1', kind: FK.PRAISE, source: FS.CUSTOMER, receivedAt: bj('06-05T10:00:00'), subjectDepartment: D.NETWORK },
      { id: 'F2', kind: FK.PRAISE, source: FS.MAYOR_HOTLINE, receivedAt: bj('06-06T10:00:00'), subjectDepartment: D.METER },
      { id: 'F3', kind: FK.CRITICISM, source: FS.REGULATOR, receivedAt: bj('06-07T10:00:00'), subjectDepartment: D.NETWORK },
      { id: 'F4', kind: FK.MEDIA_EXPOSURE, source: FS.MEDIA, receivedAt: bj('06-08T10:00:00') },
      { id: 'F5', kind: FK.PRAISE, source: FS.CUSTOMER, receivedAt: bj('05-31T23:00:00') }, // May in Beijing
    ];
    const r = monthlyReport(ALL, '2025-06', 'Asia/Shanghai', { feedback: fb });
    expect(r.feedback).toEqual({ total: 4, byKind: { PRAISE: 2, CRITICISM: 1, MEDIA_EXPOSURE: 1 }, bySource: { CUSTOMER: 1, MAYOR_HOTLINE: 1, REGULATOR: 1, MEDIA: 1 } });
    expect(monthlyReport(ALL, '2025-06', 'Asia/Shanghai', { feedback: fb, department: D.NETWORK }).feedback.byKind).toEqual({ PRAISE: 1, CRITICISM: 1, MEDIA_EXPOSURE: 0 });
    const csv = reportToCsv(r);
    expect(csv).toContain('表扬 Praise,PRAISE,2');
    expect(csv).toContain('市长热线 Mayor\'s hotline,MAYOR_HOTLINE,1');
  });

  it('the CSV has the order list behind each figure: one row per order with what it counts in', () => {
    const r = monthlyReport(ALL, '2025-06', 'Asia/Shanghai');
    const csv = reportToCsv(r);
    expect(csv).toContain('工单明细 Orders behind the figures');
    const lines = csv.split('\n');
    const head = lines.findIndex((l) => l.startsWith('工单号 Number,'));
    const rows = lines.slice(head + 1).filter(Boolean);
    expect(rows).toHaveLength(r.totalOrders);
    // O1: dispatched, accepted on time, on site late, resolved on time, called back and satisfied, 660 repair minutes, 100 CNY.
    expect(rows.find((l) => l.startsWith('O1,'))).toBe('O1,2025-06-02 09:00,LEAK,PHONE,NETWORK,,,是 yes,是 yes,否 no,是 yes,,是 yes,是 yes,660,100,0');
    // Each on-time figure is a count of these rows: dispatch late = 2.
    const col = lines[head].split(',').indexOf('派单按时 Dispatch on time');
    expect(rows.filter((l) => l.split(',')[col] === '否 no')).toHaveLength(r.onTime.dispatch.late);
  });
});

describe('quarterlyComplaintSummary', () => {
  it('Q2 2025: April complaint plus three in June', () => {
    const q = quarterlyComplaintSummary(ALL, '2025-Q2', 'Asia/Shanghai');
    expect(q.total).toBe(4);
    expect(q.byTarget).toEqual({ COMPANY: 1, DEPARTMENT: 1, STAFF: 2, UNSPECIFIED: 0 });
    expect(q.byMonth).toEqual([{ month: '2025-04', total: 1 }, { month: '2025-05', total: 0 }, { month: '2025-06', total: 3 }]);
    expect(q.bySubjectDepartment).toEqual([{ key: D.NETWORK, count: 1 }]);
    // O13 O4 on time; O5 late; O6 open past 25 June
    expect(q.resolveOnTime).toEqual({ counted: 4, onTime: 2, late: 2, rate: 0.5 });
    expect(q.handlingSatisfaction).toEqual({ answered: 3, satisfied: 2, rate: 2 / 3 });
    expect(() => quarterlyComplaintSummary(ALL, '2025-Q5', 'Asia/Shanghai')).toThrow(/YYYY-Qn/);
  });
});
