// Temperature-check visits (走访测温) on the real PostgreSQL (issue 9): the measuring-point register, rounds,
// visit sheets with their typed refusals, the department rule, and the monthly report's compliance figure.
import { buildFederatedSchema, Identity } from '@mainline/common';
import type { GraphQLSchema } from 'graphql';
import { Category, Channel, WorkOrderStatus as S } from '../src/domain';
import { schemaOptions } from '../src/schema';
import type { RecordTemperatureVisit } from '../src/services/temperature-visit.service';
import { graphqlAs, refusal, startHarness, who } from './support/int-harness';

const substation: Identity = { sub: 'heat-sub-1', name: '换热站', roles: ['department'], department: 'HEAT_SUBSTATION' };
const heatService: Identity = { sub: 'heat-svc-1', name: '客服部', roles: ['department'], department: 'HEAT_SERVICE' };
const twoStaff = [{ id: 'H-01', name: '王师傅' }, { id: 'H-02', name: '李师傅' }];

describe('temperature-check visits on rounds of measuring points (real PostgreSQL)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  const t = () => h.services.temperatureVisits;
  const sheet = (visitId: string, o: Partial<RecordTemperatureVisit> = {}): RecordTemperatureVisit => ({
    visitId, staff: twoStaff, customerSignature: '赵女士',
    rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: 19.5 }, { name: '主卧', kind: 'BEDROOM', celsius: 18.2 }],
    ...o,
  });

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_temperature_visit', '2026-12-03T09:00:00+08:00');
    schema = (await buildFederatedSchema(schemaOptions)).schema;
  });
  afterAll(async () => h?.stop());

  it('supervisors keep the register; a point belongs to a heat department', async () => {
    await t().saveMeasuringPoint(who.supervisor, { code: 'MP-001', name: '幸福小区 3-402', address: '幸福路 8 号 3 单元 402', department: 'HEAT_SUBSTATION' });
    await t().saveMeasuringPoint(who.supervisor, { code: 'MP-002', name: '幸福小区 5-101', address: '幸福路 8 号 5 单元 101', department: 'HEAT_SUBSTATION' });
    await t().saveMeasuringPoint(who.supervisor, { code: 'MP-003', name: '和平里 1-201', address: '和平里 1 号 201', department: 'HEAT_SERVICE' });
    const renamed = await t().saveMeasuringPoint(who.supervisor, { code: 'MP-002', name: '幸福小区 5-102', address: '幸福路 8 号 5 单元 102', department: 'HEAT_SUBSTATION' });
    expect(renamed).toMatchObject({ code: 'MP-002', address: '幸福路 8 号 5 单元 102', active: true });
    expect(await refusal(t().saveMeasuringPoint(who.supervisor, { code: 'MP-9', name: 'x', address: 'y', department: 'NETWORK' }))).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'input.department' } });
    expect((await refusal(t().saveMeasuringPoint(substation, { code: 'MP-9', name: 'x', address: 'y', department: 'HEAT_SUBSTATION' }))).code).toBe('FORBIDDEN');
    expect((await t().measuringPoints(who.agent, { activeOnly: true })).map((p) => p.code)).toEqual(['MP-001', 'MP-002', 'MP-003']);
  });

  let visits: Array<{ id: string; measuringPointId: string | null; address: string | null }> = [];
  it('a department plans a round of its own points; planning again keeps the planned visits', async () => {
    const r = await t().planRound(substation, { scheduledOn: '2026-12-04' });
    expect(r.planned.map((v) => [v.address, v.status, v.scheduledOn, v.department])).toEqual([
      ['幸福路 8 号 3 单元 402', 'PLANNED', '2026-12-04', 'HEAT_SUBSTATION'],
      ['幸福路 8 号 5 单元 102', 'PLANNED', '2026-12-04', 'HEAT_SUBSTATION'],
    ]);
    visits = r.planned;
    const again = await t().planRound(substation, { scheduledOn: '2026-12-05', measuringPointCodes: ['MP-001'] });
    expect(again).toMatchObject({ planned: [], skippedCodes: ['MP-001'] });
    expect(await refusal(t().planRound(substation, { scheduledOn: '2026-12-02' }))).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'input.scheduledOn' } });
    expect(await refusal(t().planRound(substation, { scheduledOn: '2026-12-05', measuringPointCodes: ['MP-003'] }))).toMatchObject({ code: 'NOT_FOUND', details: { field: 'input.measuringPointCodes[0]' } });
    expect((await refusal(t().planRound(substation, { scheduledOn: '2026-12-05', department: 'HEAT_SERVICE' }))).code).toBe('FORBIDDEN');
    expect((await refusal(t().planRound(who.network, { scheduledOn: '2026-12-05' }))).code).toBe('FORBIDDEN');
  });

  it('a sheet with one staff member or an impossible temperature is refused naming the field, and the visit stays planned', async () => {
    h.clock.set('2026-12-04T15:00:00+08:00');
    const id = visits[0].id;
    expect(await refusal(t().record(substation, sheet(id, { staff: [twoStaff[0]] })))).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'input.staff', min: 2, got: 1 } });
    expect(await refusal(t().record(substation, sheet(id, { rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: 20 }, { name: '主卧', kind: 'BEDROOM', celsius: 61 }] }))))
      .toMatchObject({ code: 'INVALID_INPUT', details: { field: 'input.rooms[1].celsius', index: 1 } });
    expect(await refusal(t().record(substation, sheet(id, { customerSignature: null, customerRefused: true })))).toMatchObject({ details: { field: 'input.neighbour' } });
    expect(await refusal(t().record(substation, { ...sheet(id), workOrderId: '5b2c9f0e-1a3d-4c6e-8f7a-9b0c1d2e3f4a' }))).toMatchObject({ details: { field: 'input.workOrderId' } });
    expect((await refusal(t().record(heatService, sheet(id)))).code).toBe('FORBIDDEN');
    expect((await t().get(substation, id)).status).toBe('PLANNED');
  });

  it('records the sheets: pass/fail per room and overall; a refusal carries the neighbour’s signed measurement', async () => {
    const ok = await t().record(substation, sheet(visits[0].id, { visitedAt: new Date('2026-12-04T14:10:00+08:00') }));
    expect(ok).toMatchObject({ status: 'RECORDED', passed: true, roomsJudged: 2, roomsPassed: 2, thresholdCelsius: 18, customerSignature: '赵女士', recordedBy: 'heat-sub-1' });
    expect(ok.visitedAt).toEqual(new Date('2026-12-04T14:10:00+08:00'));
    const cold = await t().record(substation, sheet(visits[1].id, {
      rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: 18.5 }, { name: '次卧', kind: 'BEDROOM', celsius: 16.1 }, { name: '厨房', kind: 'OTHER', celsius: 12 }],
      customerSignature: null, customerRefused: true, neighbour: { address: '5 单元 202', room: '客厅', celsius: 17.4, signature: '钱先生' },
    }));
    expect(cold).toMatchObject({ passed: false, roomsJudged: 2, roomsPassed: 1, customerRefused: true, customerSignature: null });
    expect(cold.rooms!.map((r) => r.passed)).toEqual([true, false, null]);
    expect(cold.neighbour).toEqual({ address: '5 单元 202', room: '客厅', celsius: 17.4, signature: '钱先生', passed: false });
    expect((await refusal(t().record(substation, sheet(visits[0].id)))).code).toBe('CONFLICT');
  });

  it('a heat department reads its own visits; another department does not; agents read all', async () => {
    expect((await t().list(substation, {}, 10)).items.map((v) => v.id).sort()).toEqual(visits.map((v) => v.id).sort());
    expect((await t().list(heatService, {}, 10)).items).toEqual([]);
    expect((await refusal(t().get(heatService, visits[0].id))).code).toBe('FORBIDDEN');
    expect((await refusal(t().list(who.network, {}, 10))).code).toBe('FORBIDDEN');
    expect((await t().list(who.agent, { status: 'RECORDED' }, 1)).nextCursor).not.toBeNull();
  });

  it('the monthly report shows the room-temperature compliance rate beside its 97 % target', async () => {
    const q = `query($d: Department) { monthlyReport(month: "2026-12", department: $d, utility: HEAT) {
      heat { visits passedVisits compliance { rate target met } roomsJudged roomsPassed thresholdCelsius } goals { name utility target value met } } }`;
    const all = await graphqlAs(schema, h.services, who.supervisor, q);
    expect(all.errors).toBeUndefined();
    expect(all.data.monthlyReport.heat).toEqual({ visits: 2, passedVisits: 1, compliance: { rate: 0.5, target: 0.97, met: false }, roomsJudged: 4, roomsPassed: 3, thresholdCelsius: 18 });
    // The target sits in the report's goal list beside heat's complaint closure and repair timeliness.
    expect(all.data.monthlyReport.goals.filter((g: any) => g.utility === 'HEAT').map((g: any) => g.name)).toEqual(['complaintClosure', 'repairTimeliness', 'roomTemperatureCompliance']);
    expect(all.data.monthlyReport.goals.find((g: any) => g.name === 'roomTemperatureCompliance')).toEqual({ name: 'roomTemperatureCompliance', utility: 'HEAT', target: 0.97, value: 0.5, met: false });
    const own = await graphqlAs(schema, h.services, heatService, q, { d: 'HEAT_SERVICE' });
    expect(own.data.monthlyReport.heat).toMatchObject({ visits: 0, compliance: { rate: null, met: null } });
    // A water department's report has neither section (and the gas one asks no network service).
    const water = await graphqlAs(schema, h.services, who.network, `{ monthlyReport(month: "2026-12", department: NETWORK) { heat { visits } gas { due } goals { name } } }`);
    expect(water.data.monthlyReport).toMatchObject({ heat: null, gas: null });
    expect(water.data.monthlyReport.goals.map((g: any) => g.name)).not.toContain('roomTemperatureCompliance');
  });
});

describe('a HEAT_TEMPERATURE order is resolved only after its temperature-check visit (real PostgreSQL)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  const wo = () => h.services.workOrders;
  const t = () => h.services.temperatureVisits;
  const visit = (workOrderId: string, o: Partial<RecordTemperatureVisit> = {}): RecordTemperatureVisit => ({
    workOrderId, staff: twoStaff, customerSignature: null, customerRefused: true,
    rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: 16.5 }, { name: '主卧', kind: 'BEDROOM', celsius: 17.0 }],
    neighbour: { address: '3 单元 502', room: '客厅', celsius: 18.6, signature: '孙女士' },
    ...o,
  });
  const report = (category: Category) =>
    wo().create(who.agent, { utility: 'HEAT', category, channel: Channel.PHONE, description: '室内只有16度 room at 16 °C', address: '幸福路 8 号 3 单元 402', reporter: { name: '赵女士', phone: '13900000001' } });

  beforeAll(async () => {
    // 2026-12-05: inside the default heating season (15 November – 19 March), so the report stays a HEAT_TEMPERATURE order.
    h = await startHarness('mainline_test_tickets_temperature_order', '2026-12-05T09:00:00+08:00');
    schema = (await buildFederatedSchema(schemaOptions)).schema;
  });
  afterAll(async () => h?.stop());

  it('no visit: resolving is refused naming the missing visit, and the order is unchanged', async () => {
    const o = await report(Category.HEAT_TEMPERATURE);
    expect(o.department).toBe('HEAT_SUBSTATION');
    expect(await refusal(t().record(substation, visit(o.id)))).toMatchObject({ code: 'CONFLICT' }); // not accepted yet
    await wo().dispatch(who.agent, o.id, null);
    await wo().accept(substation, o.id);
    h.clock.set('2026-12-05T10:30:00+08:00');
    expect(await refusal(wo().resolve(substation, o.id, '已测温 checked'))).toMatchObject({ code: 'SLA_RULE', details: { missing: 'temperatureVisit', workOrderId: o.id } });
    expect((await wo().get(substation, o.id)).status).toBe(S.ACCEPTED);

    expect((await refusal(t().record(heatService, visit(o.id)))).code).toBe('FORBIDDEN');
    expect((await refusal(t().record(who.network, visit(o.id)))).code).toBe('FORBIDDEN');
    const v = await t().record(substation, visit(o.id));
    expect(v).toMatchObject({ workOrderId: o.id, department: 'HEAT_SUBSTATION', address: '幸福路 8 号 3 单元 402', passed: false, customerRefused: true });
    expect((await wo().resolve(substation, o.id, '已测温，室温不达标，已调整阀门 checked')).status).toBe(S.RESOLVED);

    const history = await wo().history(o.id);
    const line = history.find((x: { action: string }) => x.action === 'TEMPERATURE_VISIT');
    expect(line).toMatchObject({ detail: { visitId: v.id, passed: false, roomsJudged: 2, roomsPassed: 0, customerRefused: true } });
    expect(JSON.stringify(history)).not.toContain('孙女士');

    const r = await graphqlAs(schema, h.services, substation, `query($id: ID!) { workOrder(id: $id) { temperatureVisits { id rooms { name celsius passed } neighbour { celsius passed } } } }`, { id: o.id });
    expect(r.errors).toBeUndefined();
    expect(r.data.workOrder.temperatureVisits).toEqual([{ id: v.id, rooms: [{ name: '客厅', celsius: 16.5, passed: false }, { name: '主卧', celsius: 17, passed: false }], neighbour: { celsius: 18.6, passed: true } }]);
  });

  it('a reopened order needs a new visit before it is resolved again', async () => {
    const o = await report(Category.HEAT_TEMPERATURE);
    await wo().dispatch(who.agent, o.id, null);
    await wo().accept(substation, o.id);
    await t().record(substation, visit(o.id));
    await wo().resolve(substation, o.id, '已测温 checked');
    h.clock.set('2026-12-06T09:00:00+08:00');
    expect((await wo().recordCallback(who.agent, o.id, { satisfied: false, method: 'PHONE', comment: '仍然很冷 still cold' })).status).toBe(S.REOPENED);
    await wo().accept(substation, o.id);
    expect((await refusal(wo().resolve(substation, o.id, '复查 rechecked'))).code).toBe('SLA_RULE');
    h.clock.set('2026-12-06T11:00:00+08:00');
    await t().record(substation, visit(o.id, { rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: 19.2 }], customerSignature: '赵女士', customerRefused: false, neighbour: null }));
    expect((await wo().resolve(substation, o.id, '复查达标 rechecked, 19.2 °C')).status).toBe(S.RESOLVED);
  });

  it('other orders take no temperature visit and are not held by the rule', async () => {
    const leak = await report(Category.HEAT_LEAK);
    await wo().dispatch(who.agent, leak.id, null);
    const crew: Identity = { sub: 'heat-crew', name: '抢修队', roles: ['department'], department: leak.department };
    await wo().accept(crew, leak.id);
    expect(await refusal(t().record(crew, visit(leak.id)))).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'input.workOrderId', category: 'HEAT_LEAK' } });
    expect((await wo().resolve(crew, leak.id, '已修复 fixed')).status).toBe(S.RESOLVED);
  });
});
