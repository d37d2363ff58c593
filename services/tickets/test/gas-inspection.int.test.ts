// Gas safety inspections and hazard rectification notices on the real PostgreSQL and Kafka (issue 9): what is due
// from each service point's type and last inspection, rounds, results, notices opened and closed, their events,
// and the monthly report's coverage. The network service's service points are given as data here (the real
// network service answers in test/e2e/field-work.e2e.test.ts).
import { buildFederatedSchema, Identity, TOPICS, topicName } from '@mainline/common';
import { testBrokers, testTopicPrefix } from '@mainline/test-support';
import type { GraphQLSchema } from 'graphql';
import { Kafka, logLevel } from 'kafkajs';
import { schemaOptions } from '../src/schema';
import { graphqlAs, refusal, startHarness, who } from './support/int-harness';
import { StaticServicePoints } from './support/static-service-points';

const GAS_NET = '6a0e3c1d-2b4f-4e8a-9c7d-1f2e3d4c5b6a';
const WATER_NET = '7b1f4d2e-3c5a-4f9b-8d6e-2a3b4c5d6e7f';
const safety: Identity = { sub: 'gas-insp-1', name: '安检员', roles: ['department'], department: 'GAS_SAFETY' };
const inspector = [{ id: 'AJ-07', name: '周安检' }];

const points = [
  { id: 'SP-LATE', address: '燃气路 1 号 101', customerType: 'RESIDENTIAL', vulnerability: [], lastInspectedOn: '2025-05-01' },
  { id: 'SP-ELDER', address: '燃气路 1 号 102', customerType: 'RESIDENTIAL', vulnerability: ['ELDERLY'], lastInspectedOn: '2025-06-20' },
  { id: 'SP-SHOP', address: '燃气路 2 号 商铺', customerType: 'COMMERCIAL', vulnerability: [], lastInspectedOn: '2026-01-10' },
  { id: 'SP-SCHOOL', address: '燃气路小学', customerType: 'PUBLIC_BUILDING', vulnerability: [], lastInspectedOn: '2026-03-01' },
  { id: 'SP-NEW', address: '燃气路 3 号 201', customerType: 'RESIDENTIAL', vulnerability: [], lastInspectedOn: null },
];

describe('gas safety inspections and hazard notices (real PostgreSQL and Kafka)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  const directory = new StaticServicePoints([
    { id: GAS_NET, name: '燃气示范管网', utility: 'GAS', points },
    { id: WATER_NET, name: '供水管网', utility: 'WATER', points: [{ id: 'W-1', address: '水路 1 号', customerType: 'RESIDENTIAL', vulnerability: [], lastInspectedOn: null }] },
  ]);
  const g = () => h.services.gasInspections;

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_gas_inspection', '2026-06-01T09:00:00+08:00', { kafka: true, servicePoints: directory });
    schema = (await buildFederatedSchema(schemaOptions)).schema;
  });
  afterAll(async () => h?.stop());

  it('lists what is due or late as of a date: vulnerable users first, then the latest, never inspected, the others', async () => {
    const r = await g().overdue(safety, GAS_NET, '2026-06-01', 100);
    expect(r.asOf).toBe('2026-06-01');
    expect(r.items.map((d) => [d.servicePointId, d.status, d.dueBy, d.daysOverdue])).toEqual([
      ['SP-ELDER', 'DUE', '2026-06-20', 0],
      ['SP-LATE', 'OVERDUE', '2026-05-01', 31],
      ['SP-NEW', 'DUE', '2026-06-01', 0],
      ['SP-SCHOOL', 'DUE', '2026-09-30', 0],
    ]);
    expect(r.items[0]).toMatchObject({ vulnerable: true, vulnerability: ['ELDERLY'], address: '燃气路 1 号 102', customerType: 'RESIDENTIAL', lastInspectedOn: '2025-06-20' });
    expect(r.items.find((d) => d.servicePointId === 'SP-SCHOOL')).toMatchObject({ festival: 'NATIONAL_DAY', dueFrom: '2026-05-01' });
    expect(r.items.find((d) => d.servicePointId === 'SP-NEW')).toMatchObject({ neverInspected: true });
  });

  it('refuses a network of another utility kind, an unknown network and a malformed date, naming the argument', async () => {
    expect(await refusal(g().overdue(safety, WATER_NET, null, 10))).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'networkId', utility: 'WATER' } });
    expect(await refusal(g().overdue(safety, '00000000-0000-4000-8000-000000000000', null, 10))).toMatchObject({ code: 'NOT_FOUND', details: { field: 'networkId' } });
    expect(await refusal(g().overdue(safety, GAS_NET, '2026-02-30', 10))).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'asOf' } });
    const water = await refusal(g().planRound(safety, { networkId: WATER_NET, servicePointIds: ['W-1'] }));
    expect(water).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'input.networkId' } });
  });

  it('only gas departments and supervisors plan and record; agents read; a water department does neither', async () => {
    expect((await refusal(g().overdue(who.network, GAS_NET, null, 10))).code).toBe('FORBIDDEN');
    expect((await refusal(g().planRound(who.agent, { networkId: GAS_NET, dueBy: '2026-06-30' }))).code).toBe('FORBIDDEN');
    expect((await g().overdue(who.agent, GAS_NET, null, 10)).total).toBe(4);
  });

  it('a round with an unknown service point changes nothing', async () => {
    const e = await refusal(g().planRound(safety, { networkId: GAS_NET, servicePointIds: ['SP-LATE', 'SP-NOPE'] }));
    expect(e).toMatchObject({ code: 'NOT_FOUND', details: { field: 'input.servicePointIds[1]' } });
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM gas_inspection`);
    expect(n).toBe(0);
  });

  let inspections: Array<{ id: string; servicePointId: string }> = [];
  it('planning by due date plans the due points in priority order; planning again skips them', async () => {
    const r = await g().planRound(safety, { networkId: GAS_NET, dueBy: '2026-06-30', scheduledOn: '2026-06-03' });
    expect(r.planned.map((i) => i.servicePointId)).toEqual(['SP-ELDER', 'SP-LATE', 'SP-NEW', 'SP-SCHOOL']);
    expect(r.planned.every((i) => i.status === 'PLANNED' && i.scheduledOn === '2026-06-03' && i.roundId === r.round.id)).toBe(true);
    inspections = r.planned;
    const again = await g().planRound(safety, { networkId: GAS_NET, servicePointIds: ['SP-LATE', 'SP-SHOP'] });
    expect(again.planned.map((i) => i.servicePointId)).toEqual(['SP-SHOP']);
    expect(again.skipped).toEqual([{ servicePointId: 'SP-LATE', reason: 'ALREADY_PLANNED' }]);
    expect((await g().overdue(safety, GAS_NET, null, 10)).items.find((d) => d.servicePointId === 'SP-LATE')?.plannedInspectionId).toBe(inspections[1].id);
  });

  const idOf = (sp: string) => inspections.find((i) => i.servicePointId === sp)!.id;
  let noticeId = '';

  it('a bad result is refused and changes nothing', async () => {
    const e = await refusal(g().record(safety, idOf('SP-LATE'), { outcome: 'HAZARD_FOUND', inspectors: inspector, hazards: [], customerSignature: '吴先生' }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'result.hazards' } });
    expect((await g().inspection(safety, idOf('SP-LATE'))).status).toBe('PLANNED');
  });

  it('a hazard found issues a signed rectification notice with its deadline; the point is no longer due', async () => {
    h.clock.set('2026-06-03T10:30:00+08:00');
    const r = await g().record(safety, idOf('SP-LATE'), {
      outcome: 'HAZARD_FOUND', inspectors: inspector, customerSignature: '吴先生',
      hazards: [{ code: 'HOSE_AGED', description: '胶管老化 aged hose' }, { description: '灶具无熄火保护 no flame-failure device' }],
    });
    expect(r.inspection).toMatchObject({ status: 'HAZARD_FOUND', inspectedOn: '2026-06-03' });
    expect(r.issued).toMatchObject({ number: 'YH-2026-000001', status: 'OPEN', rectifyBy: '2026-06-10', customerSignature: '吴先生', servicePointId: 'SP-LATE' });
    expect(r.issued!.hazards).toHaveLength(2);
    noticeId = r.issued!.id;
    expect((await g().overdue(safety, GAS_NET, null, 10)).items.map((d) => d.servicePointId)).not.toContain('SP-LATE');
    expect((await g().record(safety, idOf('SP-ELDER'), { outcome: 'NO_ACCESS', inspectors: inspector, note: '到访不遇' })).issued).toBeNull();
    expect((await g().overdue(safety, GAS_NET, null, 10)).items.map((d) => d.servicePointId)).toContain('SP-ELDER');
    expect((await refusal(g().record(safety, idOf('SP-LATE'), { outcome: 'PASS', inspectors: inspector }))).code).toBe('CONFLICT');
  });

  it('an open notice past its deadline is listed as overdue; a follow-up that finds it unrectified keeps it open', async () => {
    h.clock.set('2026-06-12T09:00:00+08:00');
    const late = await g().notices(safety, { status: 'OPEN', overdueOnly: true }, 10);
    expect(late.items.map((n) => [n.id, g().noticeDaysOverdue(n)])).toEqual([[noticeId, 2]]);
    const follow = await g().planFollowUp(safety, noticeId, '2026-06-13');
    expect(follow).toMatchObject({ followUpOf: noticeId, servicePointId: 'SP-LATE', dueBy: '2026-06-10', status: 'PLANNED' });
    expect((await refusal(g().planFollowUp(safety, noticeId, null)))).toMatchObject({ code: 'CONFLICT', details: { plannedInspectionId: follow.id } });
    h.clock.set('2026-06-13T11:00:00+08:00');
    const still = await g().record(safety, follow.id, { outcome: 'HAZARD_FOUND', inspectors: inspector, hazards: [{ description: '胶管仍未更换 hose not replaced' }], customerSignature: '吴先生' });
    expect(still.issued).toBeNull();
    expect(still.closed).toEqual([]);
    expect((await g().notice(safety, noticeId)).status).toBe('OPEN');
  });

  it('a follow-up that passes closes the notice', async () => {
    const follow = await g().planFollowUp(safety, noticeId, null);
    h.clock.set('2026-06-15T16:00:00+08:00');
    const r = await g().record(safety, follow.id, { outcome: 'PASS', inspectors: inspector });
    expect(r.closed.map((n) => [n.id, n.status, n.closedByInspectionId])).toEqual([[noticeId, 'CLOSED', follow.id]]);
    expect((await g().notices(safety, { status: 'OPEN' }, 10)).items).toEqual([]);
    expect((await refusal(g().planFollowUp(safety, noticeId, null))).code).toBe('CONFLICT');
  });

  it('the results and notices reach Kafka through the outbox on inspection.events, keyed by service point', async () => {
    const expected: Array<{ eventId: string; type: string }> = (await h.ds.query(`SELECT value FROM outbox WHERE topic = $1 ORDER BY id`, [topicName(testTopicPrefix(), TOPICS.inspectionEvents)]))
      .map((r: { value: string }) => JSON.parse(r.value));
    expect(expected.map((e) => e.type)).toEqual([
      'inspection.recorded', 'hazard.issued', 'inspection.recorded', 'inspection.recorded', 'inspection.recorded', 'hazard.closed',
    ]);
    const kafka = new Kafka({ clientId: 'tickets-int-inspections', brokers: testBrokers(), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `tickets-int-inspections-${Date.now()}` });
    const seen: Array<{ key: string; value: any }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topicName(testTopicPrefix(), TOPICS.inspectionEvents), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push({ key: message.key!.toString(), value: JSON.parse(message.value!.toString()) }) });
    h.relay!.kick();
    const t0 = Date.now();
    while (!expected.every((e) => seen.some((s) => s.value.eventId === e.eventId)) && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 200));
    await consumer.disconnect();
    const mine = seen.filter((s) => expected.some((e) => e.eventId === s.value.eventId));
    expect(mine.map((s) => s.value.eventId).sort()).toEqual(expected.map((e) => e.eventId).sort());
    // Kafka keeps order per key: one customer's events arrive as they happened.
    const ofLate = (list: Array<{ eventId: string; type: string }>) => list.filter((e) => mine.find((s) => s.value.eventId === e.eventId)!.key === `${GAS_NET}:SP-LATE`).map((e) => e.type);
    expect(ofLate(mine.map((s) => s.value))).toEqual(['inspection.recorded', 'hazard.issued', 'inspection.recorded', 'inspection.recorded', 'hazard.closed']);
    expect(ofLate(mine.map((s) => s.value))).toEqual(ofLate(expected));
    expect(new Set(mine.filter((s) => s.value.type.startsWith('hazard.')).map((s) => s.key))).toEqual(new Set([`${GAS_NET}:SP-LATE`]));
    expect(mine.find((s) => s.value.type === 'hazard.issued')!.value.notice).toMatchObject({ number: 'YH-2026-000001', rectifyBy: '2026-06-10' });
    expect(JSON.stringify(mine)).not.toContain('吴先生'); // no signatures (personal data) on the bus
  });

  it('the monthly report shows inspection coverage and hazards open/closed with the target', async () => {
    h.clock.set('2026-07-02T09:00:00+08:00');
    const r = await graphqlAs(schema, h.services, who.supervisor, `{ monthlyReport(month: "2026-06") { gas { due inspectedOfDue coverage { rate target met } inspected hazardsIssued hazardsClosed hazardsOpen hazardsOverdue } } }`);
    expect(r.errors).toBeUndefined();
    // Due by 06-30: SP-ELDER (06-20, no access), SP-LATE (late, inspected), SP-NEW (never, not inspected); SP-SCHOOL is due by 09-30,
    // SP-SHOP by 2027-01-10 (planned, not done).
    expect(r.data.monthlyReport.gas).toEqual({
      due: 3, inspectedOfDue: 1, coverage: { rate: 1 / 3, target: 1, met: false }, inspected: 3,
      hazardsIssued: 1, hazardsClosed: 1, hazardsOpen: 0, hazardsOverdue: 0,
    });
  });
});
