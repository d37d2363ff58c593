// Heat and gas field work through the gateway, on the real stack (issue 9): a small gas network imported into the
// real network service (test/fixtures/gas-town.geojson), what is due there, a round, results, a hazard notice
// opened and closed with its events on Kafka, the refusal of another utility kind's network, a HEAT_TEMPERATURE
// order resolved only after its temperature-check visit, and the monthly report's gas and heat sections and goals.
// Dates are explicit (asOf, inspectedAt in June 2026; the heat order placed in December 2025 with reportedAt, the
// stack allowing logging far back), so the answers do not depend on the day the test runs.
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { E2EStack, startE2EStack } from '../support/e2e-stack';
import { testBrokers } from '../support/env';

const GAS_TOWN = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'gas-town.geojson'), 'utf8');
const WATER_TOWN = fs.readFileSync(require.resolve('@mainline/infra/demo/yuncheng-town.geojson'), 'utf8');
const IMPORT = `mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id utility } }`;
const inspectors = [{ id: 'AJ-01', name: '周安检' }];

describe('gas safety inspections and hazard notices through the gateway', () => {
  let s: E2EStack;
  let gasNet = '';
  let waterNet = '';
  const safety = () => s.token('department', 'GAS_SAFETY', 'gas-safety-e2e');
  const supervisor = () => s.token('supervisor', 'SUPERVISION', 'sup-e2e');

  beforeAll(async () => {
    s = await startE2EStack('fieldwork', { extraEnv: { REPORTED_AT_MAX_BACKDATE_HOURS: String(20 * 365 * 24) } });
    const dispatcher = s.token('dispatcher', 'NETWORK');
    gasNet = (await s.ok(IMPORT, { i: { name: '燃气示范小区', format: 'GEOJSON', content: GAS_TOWN, utility: 'GAS' } }, dispatcher)).importNetwork.id;
    waterNet = (await s.ok(IMPORT, { i: { name: '云城供水', format: 'GEOJSON', content: WATER_TOWN } }, dispatcher)).importNetwork.id;
  });
  afterAll(() => s?.stop());

  const DUE = `query($n: ID!, $asOf: String) { overdueInspections(networkId: $n, asOf: $asOf) { asOf total items {
    servicePointId status dueBy daysOverdue vulnerable vulnerability customerType festival address servicePoint { persons } } } }`;

  it('lists what is due from the network service’s customer types and dates, vulnerable users first', async () => {
    const r = await s.ok(DUE, { n: gasNet, asOf: '2026-06-01' }, safety());
    expect(r.overdueInspections).toMatchObject({ asOf: '2026-06-01', total: 3 });
    expect(r.overdueInspections.items.map((d: any) => [d.servicePointId, d.status, d.dueBy, d.daysOverdue])).toEqual([
      ['GS-ELDER', 'DUE', '2026-06-15', 0],
      ['GS-OLD', 'OVERDUE', '2026-03-01', 92],
      ['GS-HALL', 'DUE', '2026-09-30', 0],
    ]);
    expect(r.overdueInspections.items[0]).toMatchObject({ vulnerable: true, vulnerability: ['ELDERLY'], address: '燃气路 3 号 202 室', servicePoint: { persons: 3 } });
    expect(r.overdueInspections.items[2]).toMatchObject({ customerType: 'PUBLIC_BUILDING', festival: 'NATIONAL_DAY' });
  });

  it('refuses a water network, naming the argument; a water department may not read inspections', async () => {
    const water = await s.gql(DUE, { n: waterNet }, safety());
    expect(water.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'networkId', utility: 'WATER' });
    const round = await s.gql(`mutation($i: PlanInspectionRoundInput!) { planInspectionRound(input: $i) { id } }`, { i: { networkId: waterNet, dueBy: '2026-06-30' } }, safety());
    expect(round.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'input.networkId' });
    const dept = await s.gql(DUE, { n: gasNet }, s.token('department', 'NETWORK'));
    expect(dept.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a round, a hazard notice issued and signed, found late, then closed by a passing follow-up; the events reach Kafka', async () => {
    const kafka = new Kafka({ clientId: 'fieldwork-e2e', brokers: testBrokers(), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `fieldwork-e2e-${Date.now()}` });
    const seen: Array<{ key: string; value: any }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: `${s.topicPrefix}inspection.events`, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push({ key: String(message.key), value: JSON.parse(String(message.value)) }) });
    try {
      const round = await s.ok(`mutation($i: PlanInspectionRoundInput!) { planInspectionRound(input: $i) { id inspections { id servicePointId status vulnerable } skipped { servicePointId } } }`,
        { i: { networkId: gasNet, servicePointIds: ['GS-OLD', 'GS-ELDER'] } }, safety());
      const [elder, old] = round.planInspectionRound.inspections;
      expect([elder.servicePointId, old.servicePointId, elder.vulnerable]).toEqual(['GS-ELDER', 'GS-OLD', true]);

      const RECORD = `mutation($id: ID!, $r: InspectionResultInput!) { recordInspection(id: $id, result: $r) {
        inspection { status inspectedAt } issuedNotice { id number rectifyBy status hazards { code description } customerSignature } closedNotices { id status } } }`;
      const bad = await s.gql(RECORD, { id: old.id, r: { outcome: 'HAZARD_FOUND', inspectors, hazards: [{ description: '软管老化' }] } }, safety());
      expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'result.customerSignature' });

      const hz = await s.ok(RECORD, { id: old.id, r: {
        outcome: 'HAZARD_FOUND', inspectedAt: '2026-06-03T02:00:00Z', inspectors, customerSignature: '孙先生',
        hazards: [{ code: 'HOSE_AGED', description: '软管老化 aged hose' }],
      } }, safety());
      const notice = hz.recordInspection.issuedNotice;
      expect(notice).toMatchObject({ status: 'OPEN', rectifyBy: '2026-06-10', customerSignature: '孙先生', hazards: [{ code: 'HOSE_AGED', description: '软管老化 aged hose' }] });
      expect(notice.number).toMatch(/^YH-2026-\d{6}$/);
      await s.ok(RECORD, { id: elder.id, r: { outcome: 'NO_ACCESS', inspectedAt: '2026-06-04T02:00:00Z', inspectors } }, safety());

      // Today is past 2026-06-10: the open notice is late, and visible as such to the call center too.
      const late = await s.ok(`{ hazardNotices(filter: { overdueOnly: true }) { items { id overdue daysOverdue servicePoint { id } } } }`, {}, s.token('agent', 'CALL_CENTER'));
      expect(late.hazardNotices.items).toEqual([expect.objectContaining({ id: notice.id, overdue: true, servicePoint: { id: 'GS-OLD' } })]);
      expect(late.hazardNotices.items[0].daysOverdue).toBeGreaterThan(0);

      const follow = await s.ok(`mutation($n: ID!) { planHazardFollowUp(noticeId: $n) { id followUpOf dueBy } }`, { n: notice.id }, safety());
      expect(follow.planHazardFollowUp).toMatchObject({ followUpOf: notice.id, dueBy: '2026-06-10' });
      const pass = await s.ok(RECORD, { id: follow.planHazardFollowUp.id, r: { outcome: 'PASS', inspectedAt: '2026-06-20T03:00:00Z', inspectors } }, safety());
      expect(pass.recordInspection.closedNotices).toEqual([{ id: notice.id, status: 'CLOSED' }]);
      const open = await s.ok(`{ hazardNotices(filter: { status: OPEN }) { items { id } } }`, {}, safety());
      expect(open.hazardNotices.items).toEqual([]);

      const key = `${gasNet}:GS-OLD`;
      const want = ['inspection.recorded', 'hazard.issued', 'inspection.recorded', 'hazard.closed'];
      const t0 = Date.now();
      const mine = () => seen.filter((m) => m.key === key).map((m) => m.value.type);
      while (mine().length < want.length && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 200));
      expect(mine()).toEqual(want);
      expect(seen.find((m) => m.value.type === 'hazard.issued')?.value.notice).toMatchObject({ id: notice.id, number: notice.number, servicePointId: 'GS-OLD' });
    } finally {
      await consumer.disconnect();
    }
  });

  it('the monthly report shows June’s inspection coverage and hazards beside the target', async () => {
    const r = await s.ok(`{ monthlyReport(month: "2026-06") { gas { due inspectedOfDue coverage { rate target met } inspected hazardsIssued hazardsClosed hazardsOpen }
      heat { visits compliance { rate target met } } goals { name utility target value met } } }`, {}, supervisor());
    // Due by 06-30: GS-OLD (late since 03-01, inspected 06-03) and GS-ELDER (06-15, no access); GS-SHOP and GS-HALL are not yet due.
    expect(r.monthlyReport.gas).toEqual({ due: 2, inspectedOfDue: 1, coverage: { rate: 0.5, target: 1, met: false }, inspected: 2, hazardsIssued: 1, hazardsClosed: 1, hazardsOpen: 0 });
    expect(r.monthlyReport.heat).toEqual({ visits: 0, compliance: { rate: null, target: 0.97, met: null } });
    expect(r.monthlyReport.goals).toContainEqual({ name: 'inspectionCoverage', utility: 'GAS', target: 1, value: 0.5, met: false });
    // A gas department's report: its own kind only.
    const own = await s.ok(`{ monthlyReport(month: "2026-06") { utilities heat { visits } gas { due } } }`, {}, safety());
    expect(own.monthlyReport).toEqual({ utilities: ['GAS'], heat: null, gas: { due: 2 } });
  });

  it('a HEAT_TEMPERATURE order is resolved only after its visit; the visit sheet’s mistakes are named; December’s compliance shows it', async () => {
    const agent = s.token('agent', 'CALL_CENTER', 'agent-fieldwork');
    const substation = s.token('department', 'HEAT_SUBSTATION', 'substation-fieldwork');
    const created = await s.ok(`mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id department category } }`, { i: {
      utility: 'HEAT', category: 'HEAT_TEMPERATURE', channel: 'PHONE', description: '室内温度 16 度 room at 16 °C', address: '幸福小区 3 栋 402', reportedAt: '2025-12-05T11:30:00Z',
    } }, agent);
    const id = created.createWorkOrder.id;
    expect(created.createWorkOrder).toMatchObject({ department: 'HEAT_SUBSTATION', category: 'HEAT_TEMPERATURE' });
    await s.ok(`mutation($id: ID!) { dispatchWorkOrder(id: $id) { status } }`, { id }, agent);
    await s.ok(`mutation($id: ID!) { acceptWorkOrder(id: $id) { status } }`, { id }, substation);

    const RESOLVE = `mutation($id: ID!) { resolveWorkOrder(id: $id, result: "已测温 checked") { status } }`;
    const early = await s.gql(RESOLVE, { id }, substation);
    expect(early.body.errors?.[0].extensions).toMatchObject({ code: 'SLA_RULE', missing: 'temperatureVisit' });

    const VISIT = `mutation($i: RecordTemperatureVisitInput!) { recordTemperatureVisit(input: $i) { id passed roomsJudged roomsPassed rooms { name passed } customerSignature } }`;
    const staff = [{ id: 'H-11', name: '王师傅' }, { id: 'H-12', name: '李师傅' }];
    const rooms = [{ name: '客厅', kind: 'LIVING_ROOM', celsius: 18.4 }, { name: '主卧', kind: 'BEDROOM', celsius: 19.1 }];
    const sheet = { workOrderId: id, visitedAt: '2025-12-05T13:00:00Z', staff, rooms, customerSignature: '钱女士' };
    const one = await s.gql(VISIT, { i: { ...sheet, staff: staff.slice(0, 1) } }, substation);
    expect(one.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'input.staff' });
    const hot = await s.gql(VISIT, { i: { ...sheet, rooms: [rooms[0], { ...rooms[1], celsius: 61 }] } }, substation);
    expect(hot.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'input.rooms[1].celsius' });
    const v = await s.ok(VISIT, { i: sheet }, substation);
    expect(v.recordTemperatureVisit).toMatchObject({ passed: true, roomsJudged: 2, roomsPassed: 2, customerSignature: '钱女士' });

    expect((await s.ok(RESOLVE, { id }, substation)).resolveWorkOrder.status).toBe('RESOLVED');
    const order = await s.ok(`query($id: ID!) { workOrder(id: $id) { temperatureVisits { id passed } } }`, { id }, agent);
    expect(order.workOrder.temperatureVisits).toEqual([{ id: v.recordTemperatureVisit.id, passed: true }]);

    const rep = await s.ok(`{ monthlyReport(month: "2025-12", utility: HEAT) { heat { visits passedVisits compliance { rate target met } } goals { name value met } } }`, {}, supervisor());
    expect(rep.monthlyReport.heat).toEqual({ visits: 1, passedVisits: 1, compliance: { rate: 1, target: 0.97, met: true } });
    expect(rep.monthlyReport.goals).toContainEqual({ name: 'roomTemperatureCompliance', value: 1, met: true });
  });
});
