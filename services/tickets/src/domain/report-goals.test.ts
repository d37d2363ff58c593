import { Category as C, Channel as Ch, Department as D, WorkOrderStatus as S } from './enums';
import { monthlyReport, OrderFacts, reportToCsv } from './report';

const bj = (s: string) => new Date(`2026-12-${s}+08:00`);
const TZ = 'Asia/Shanghai';

// December 2026. Heat: two complaints (one answered), three repairs with four deadlines (three met);
// one water order and one gas order, which the heat figures must not count.
const O: OrderFacts[] = [
  { id: 'H1', utility: 'HEAT', category: C.HEAT_COMPLAINT, channel: Ch.PHONE, department: D.HEAT_SERVICE, createdAt: bj('02T10:00:00'), resolvedAt: bj('03T10:00:00') },
  { id: 'H2', utility: 'HEAT', category: C.HEAT_COMPLAINT, channel: Ch.PHONE, department: D.HEAT_SERVICE, createdAt: bj('04T10:00:00') },
  { id: 'H3', utility: 'HEAT', category: C.HEAT_COMPLAINT, channel: Ch.PHONE, department: D.HEAT_SERVICE, createdAt: bj('05T10:00:00'), status: S.CANCELLED },
  { id: 'H4', utility: 'HEAT', category: C.HEAT_MAIN_ACCIDENT, channel: Ch.PHONE, department: D.HEAT_REPAIR_CREW, createdAt: bj('06T01:00:00'),
    dispatchedAt: bj('06T01:02:00'), onSiteAt: bj('06T01:25:00'), onSiteDueAt: bj('06T01:30:00') },
  { id: 'H5', utility: 'HEAT', category: C.HEAT_LEAK, channel: Ch.PHONE, department: D.HEAT_REPAIR_CREW, createdAt: bj('07T01:00:00'),
    dispatchedAt: bj('07T01:02:00'), onSiteAt: bj('07T02:30:00'), onSiteDueAt: bj('07T02:00:00') },
  { id: 'H6', utility: 'HEAT', category: C.HEAT_LOSS, channel: Ch.PHONE, department: D.HEAT_DISPATCH, createdAt: bj('08T01:00:00'),
    dispatchedAt: bj('08T01:02:00'), resolvedAt: bj('08T05:00:00'), resolveDueAt: bj('08T09:00:00'),
    onSiteAt: bj('08T02:00:00'), onSiteDueAt: bj('08T03:00:00') },
  { id: 'W1', utility: 'WATER', category: C.BURST, channel: Ch.PHONE, department: D.NETWORK, createdAt: bj('09T01:00:00'),
    dispatchedAt: bj('09T01:02:00'), onSiteAt: bj('09T03:00:00'), onSiteDueAt: bj('09T01:40:00') },
  { id: 'G1', utility: 'GAS', category: C.GAS_COMPLAINT, channel: Ch.PHONE, department: D.GAS_BUSINESS_HALL, createdAt: bj('10T01:00:00') },
];

describe('monthly report per utility kind', () => {
  it('heat shows complaint closure and repair timeliness with their 100 % targets beside the figures', () => {
    const r = monthlyReport(O, '2026-12', TZ, { utilities: ['HEAT'] });
    expect(r.utilities).toEqual(['HEAT']);
    expect(r.totalOrders).toBe(6);
    const heat = r.goalList.filter((g) => g.utility === 'HEAT');
    expect(heat.map((g) => [g.name, g.target, g.value, g.met])).toEqual([
      ['complaintClosure', 1, 1 / 2, false], // H1 resolved, H2 open, H3 cancelled (owed nothing)
      ['repairTimeliness', 1, 3 / 4, false], // H4 on site in time, H5 late, H6 on site and resolved in time
    ]);
    expect(r.complaints.total).toBe(3);
    expect(reportToCsv(r)).toContain('HEAT,投诉办结率 Complaint closure,100.0%,50.0%,否 no');
  });

  it('a water-only report has no heat goals and counts no heat orders; all kinds by default', () => {
    const w = monthlyReport(O, '2026-12', TZ, { utilities: ['WATER'] });
    expect(w.totalOrders).toBe(1);
    expect(w.goalList.map((g) => [g.name, g.utility])).toEqual([
      ['onTime', null], ['callback', null], ['satisfaction', null], ['complaintSatisfaction', null], ['avgRepairMinutes', 'WATER'],
    ]);
    const all = monthlyReport(O, '2026-12', TZ);
    expect(all.totalOrders).toBe(O.length);
    expect(all.utilities).toEqual(['WATER', 'HEAT', 'GAS']);
    expect(all.goalList.map((g) => g.name)).toEqual(['onTime', 'callback', 'satisfaction', 'complaintSatisfaction', 'avgRepairMinutes', 'complaintClosure', 'repairTimeliness']);
  });

  it('goals measured elsewhere (room-temperature compliance from visits) stand beside the others for their kind', () => {
    const extra = { name: 'roomTemperatureCompliance', utility: 'HEAT' as const, label: { zh: '室温达标率', en: 'Room-temperature compliance' }, target: 0.97, value: 0.98, met: true };
    expect(monthlyReport(O, '2026-12', TZ, { utilities: ['HEAT'], extraGoals: [extra] }).goalList.map((g) => g.name)).toContain('roomTemperatureCompliance');
    expect(monthlyReport(O, '2026-12', TZ, { utilities: ['GAS'], extraGoals: [extra] }).goalList.map((g) => g.name)).not.toContain('roomTemperatureCompliance');
  });
});
