// Temperature-check visits (走访测温) on the real PostgreSQL (issue 9): the measuring-point register, rounds,
// visit sheets with their typed refusals, the department rule, and the monthly report's compliance figure.
import { buildFederatedSchema, Identity } from '@mainline/common';
import type { GraphQLSchema } from 'graphql';
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
    const q = `query($d: Department) { monthlyReport(month: "2026-12", department: $d) { heat { visits passedVisits compliance { rate target met } roomsJudged roomsPassed thresholdCelsius } } }`;
    const all = await graphqlAs(schema, h.services, who.supervisor, q);
    expect(all.errors).toBeUndefined();
    expect(all.data.monthlyReport.heat).toEqual({ visits: 2, passedVisits: 1, compliance: { rate: 0.5, target: 0.97, met: false }, roomsJudged: 4, roomsPassed: 3, thresholdCelsius: 18 });
    const own = await graphqlAs(schema, h.services, heatService, q, { d: 'HEAT_SERVICE' });
    expect(own.data.monthlyReport.heat).toMatchObject({ visits: 0, compliance: { rate: null, met: null } });
    // A water department's report has neither section (and the gas one asks no network service).
    const water = await graphqlAs(schema, h.services, who.network, `{ monthlyReport(month: "2026-12", department: NETWORK) { heat { visits } gas { due } } }`);
    expect(water.data.monthlyReport).toEqual({ heat: null, gas: null });
  });
});
