// New-connection applications (issue 11, docs/domain.md "Processes beyond repairs (water)") through the
// tickets schema on the real PostgreSQL, with an injected clock: stages in order, each with its own clock
// (answer the same working day, survey 2 days after complete documents, design 5 days, +3 for large
// mains), late answers accruing 20 CNY a day, acceptance with flushing and a water-quality report, water
// on settling the job, and the settled job in next month's callback sample (a group job: its representative).
import { buildFederatedSchema, Identity } from '@mainline/common';
import type { GraphQLSchema } from 'graphql';
import { schemaOptions } from '../src/schema';
import { graphqlAs, startHarness, who } from './support/int-harness';

const DAY = 86_400_000;
const bj = (s: string) => new Date(`2026-${s}+08:00`);
const iso = (d: Date) => d.toISOString();
const business = { sub: 'biz-connect', name: '报装窗口', roles: ['department'], department: 'BUSINESS' } as Identity;
const works = { sub: 'works-2', name: '工程公司', roles: ['department'], department: 'WORKS' } as Identity;

const ORDER = `id number status department category resolvedAt breached
  connection { documentsCompleteAt mainDiameterMm groupJob representative { name phone maskedPhone } stages { stage startedAt dueAt doneAt doneBy waterQualityReport late } }`;

describe('new-connection applications (tickets schema, real PostgreSQL, injected clock)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  const gql = (id: Identity, q: string, v: Record<string, unknown> = {}) => graphqlAs(schema, h.services, id, q, v);
  const ok = async (id: Identity, q: string, v: Record<string, unknown> = {}) => {
    const r = await gql(id, q, v);
    expect(r.errors).toBeUndefined();
    return r.data;
  };
  const refused = async (id: Identity, q: string, v: Record<string, unknown> = {}) => {
    const r = await gql(id, q, v);
    expect(r.errors?.length).toBeGreaterThan(0);
    return { code: r.errors![0].extensions?.code, argument: r.errors![0].extensions?.argument };
  };
  const apply = async (connection: Record<string, unknown>) => (await ok(who.agent, `mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { ${ORDER} } }`, {
    i: { category: 'NEW_CONNECTION', channel: 'VISIT', description: '新建住宅楼接水 water for a new block', address: '幸福家园3栋', reporter: { name: '开发商 刘经理', phone: '13611112222' }, connection },
  })).createWorkOrder;
  const STAGE = `mutation($id: ID!, $stage: ConnectionStage!, $flushed: Boolean, $report: String) {
    completeConnectionStage(id: $id, stage: $stage, flushed: $flushed, waterQualityReport: $report) { ${ORDER} } }`;
  const stage = (id: string, s: string, extra: Record<string, unknown> = {}, as: Identity = business) => ok(as, STAGE, { id, stage: s, ...extra }).then((d) => d.completeConnectionStage);
  const stageOf = (o: any, s: string) => o.connection.stages.find((x: any) => x.stage === s);
  /** Compensation is for supervisors (and agents) to read. */
  const compensationOf = async (id: string) => (await ok(who.supervisor, `query($id: ID!) { workOrder(id: $id) { compensation { ruleId amountCny units provisional payee status } } }`, { id })).workOrder.compensation;

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_new_connection', '2026-03-02T09:00:00+08:00');
    schema = (await buildFederatedSchema(schemaOptions)).schema;
  });
  afterAll(async () => h?.stop());

  it('a group job with a DN300 main: every stage in order with its own clock; a late answer accrues 20 CNY a day; water on settles it', async () => {
    h.clock.set(bj('03-02T10:00:00')); // Monday
    expect(await refused(who.agent, `mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id } }`, {
      i: { category: 'NEW_CONNECTION', channel: 'VISIT', description: '集体报装', connection: { groupJob: true } },
    })).toEqual({ code: 'INVALID_INPUT', argument: 'input.connection.representative' });
    expect(await refused(who.agent, `mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id } }`, {
      i: { category: 'LEAK', channel: 'PHONE', description: '漏水', connection: { documentsComplete: true } },
    })).toEqual({ code: 'INVALID_INPUT', argument: 'input.connection' });

    const o = await apply({ documentsComplete: true, mainDiameterMm: 300, groupJob: true, representative: { name: '业委会 王主任', phone: '13522223333' } });
    expect(o).toMatchObject({ status: 'NEW', department: 'BUSINESS', category: 'NEW_CONNECTION' });
    expect(o.connection).toMatchObject({ documentsCompleteAt: iso(bj('03-02T10:00:00')), mainDiameterMm: 300, groupJob: true, representative: { name: '业委会 王主任', phone: '13522223333', maskedPhone: '135****3333' } });
    expect(stageOf(o, 'ANSWER')).toMatchObject({ startedAt: iso(bj('03-02T10:00:00')), dueAt: iso(bj('03-02T17:30:00')), doneAt: null, late: false });
    expect(stageOf(o, 'SURVEY')).toMatchObject({ dueAt: iso(new Date(bj('03-02T10:00:00').getTime() + 2 * DAY)) });
    expect(stageOf(o, 'DESIGN')).toMatchObject({ startedAt: null, dueAt: null });
    const clocks = async () => (await h.services.workOrders.clocksOf(o.id)).map((c) => c.kind).sort();
    expect(await clocks()).toEqual(['answer', 'dispatch', 'survey']);

    await h.services.workOrders.dispatch(who.agent, o.id, null);
    await h.services.workOrders.accept(business, o.id);
    // The answer is late: the sweep breaches its clock and proposes the 20 CNY a day.
    await h.scheduler.sweep(bj('03-02T17:31:00'));
    let now = (await ok(who.supervisor, `query($id: ID!) { workOrder(id: $id) { ${ORDER} } }`, { id: o.id })).workOrder;
    expect(now.breached).toBe(true);
    expect(await compensationOf(o.id)).toEqual([expect.objectContaining({ ruleId: 'LATE_REPLY', amountCny: 20, provisional: true, payee: 'CUSTOMER', status: 'PROPOSED' })]);
    // Out of order: refused, nothing recorded.
    expect((await refused(business, STAGE, { id: o.id, stage: 'DESIGN' })).code).toBe('CONFLICT');
    expect((await refused(works, STAGE, { id: o.id, stage: 'ANSWER' })).code).toBe('FORBIDDEN'); // another department
    // Answered on Wednesday 18:00: 2 days 30 min late → 3 started days × 20 CNY.
    h.clock.set(bj('03-04T18:00:00'));
    now = await stage(o.id, 'ANSWER');
    expect(stageOf(now, 'ANSWER')).toMatchObject({ doneAt: iso(bj('03-04T18:00:00')), doneBy: 'biz-connect', late: true });
    expect(await compensationOf(o.id)).toEqual([expect.objectContaining({ ruleId: 'LATE_REPLY', amountCny: 60, units: 3, provisional: false })]);

    now = await stage(o.id, 'SURVEY');
    expect(stageOf(now, 'SURVEY').late).toBe(true); // due Wednesday 10:00
    // Design: 5 days + 3 for a main above DN200, from the survey.
    expect(stageOf(now, 'DESIGN')).toMatchObject({ startedAt: iso(bj('03-04T18:00:00')), dueAt: iso(new Date(bj('03-04T18:00:00').getTime() + 8 * DAY)) });
    expect((await h.services.workOrders.clocksOf(o.id)).find((c) => c.kind === 'design')).toMatchObject({ dueAt: new Date(bj('03-04T18:00:00').getTime() + 8 * DAY), metAt: null });
    h.clock.set(bj('03-10T10:00:00'));
    now = await stage(o.id, 'DESIGN');
    expect(stageOf(now, 'DESIGN')).toMatchObject({ late: false });
    for (const s of ['FEE', 'WORKS']) now = await stage(o.id, s);
    // Acceptance needs flushing and a water-quality report.
    expect(await refused(business, STAGE, { id: o.id, stage: 'ACCEPTANCE', report: 'WQ-2026-0311' })).toEqual({ code: 'INVALID_INPUT', argument: 'flushed' });
    expect(await refused(business, STAGE, { id: o.id, stage: 'ACCEPTANCE', flushed: true })).toEqual({ code: 'INVALID_INPUT', argument: 'waterQualityReport' });
    now = await stage(o.id, 'ACCEPTANCE', { flushed: true, report: 'WQ-2026-0311' });
    expect(stageOf(now, 'ACCEPTANCE').waterQualityReport).toBe('WQ-2026-0311');
    for (const s of ['METER_TEST', 'CONTRACT']) now = await stage(o.id, s);
    expect(now.status).toBe('ACCEPTED');
    // It is settled by water on, not by a bare resolve.
    expect((await refused(business, `mutation($id: ID!) { resolveWorkOrder(id: $id, result: "done") { id } }`, { id: o.id })).code).toBe('CONFLICT');
    h.clock.set(bj('03-20T15:00:00'));
    now = await stage(o.id, 'WATER_ON');
    expect(now).toMatchObject({ status: 'RESOLVED', resolvedAt: iso(bj('03-20T15:00:00')), breached: false });
    expect(now.connection.stages.every((s: any) => s.doneAt)).toBe(true);
    expect((await h.services.workOrders.history(o.id)).filter((x) => x.action === 'CONNECTION_STAGE').map((x) => x.detail.stage))
      .toEqual(['answer', 'survey', 'design', 'fee', 'works', 'acceptance', 'meterTest', 'contract']);
    expect((await h.services.workOrders.history(o.id)).at(-1)).toMatchObject({ action: 'RESOLVE', detail: { stage: 'waterOn' } });
    // No callback at settlement: it waits for next month's sample.
    expect(await h.services.workOrders.callbackTasks({ orderId: o.id, limit: 10 })).toEqual([]);

    // The representative's phone is personal data like the caller's: every read is logged.
    const read = (await ok(business, `query($id: ID!) { workOrder(id: $id) { connection { representative { name phone maskedPhone } } } }`, { id: o.id })).workOrder;
    expect(read.connection.representative).toEqual({ name: '业委会 王主任', phone: '13522223333', maskedPhone: '135****3333' });
    const reads = await h.services.personalData.phoneReads(who.supervisor, { orderId: o.id }, 50);
    expect(reads.items.map((r) => r.field)).toContain('connection.representative.phone');

    // April: March's settled jobs are sampled; this group job's call goes to its representative.
    h.clock.set(bj('04-02T09:00:00'));
    const run = await h.services.worksCallbacks.sampleMonth(who.supervisor, '2026-03');
    expect(run).toMatchObject({ eligible: 1, sampled: 1, orderIds: [o.id] });
    const tasks = await ok(who.agent, `{ callbackTasks { workOrderId method reason contact } }`);
    expect(tasks.callbackTasks.filter((t: any) => t.workOrderId === o.id)).toEqual([{ workOrderId: o.id, method: 'PHONE', reason: 'WORKS_SAMPLE', contact: 'REPRESENTATIVE' }]);
  });

  it('documents completed later start the answer and survey clocks then; until then no stage can be recorded', async () => {
    h.clock.set(bj('03-06T19:00:00')); // Friday evening
    const o = await apply({ tapMainDiameterMm: 600 });
    expect(o.connection.documentsCompleteAt).toBeNull();
    expect(o.connection.stages.every((s: any) => s.startedAt === null)).toBe(true);
    await h.services.workOrders.dispatch(who.agent, o.id, null);
    await h.services.workOrders.accept(business, o.id);
    expect((await refused(business, STAGE, { id: o.id, stage: 'ANSWER' })).code).toBe('CONFLICT');
    // Monday 09:00: the customer brings the last paper to the call center.
    h.clock.set(bj('03-09T09:00:00'));
    const DOCS = `mutation($id: ID!) { recordConnectionDocuments(id: $id) { ${ORDER} } }`;
    const done = (await ok(who.agent, DOCS, { id: o.id })).recordConnectionDocuments;
    expect(done.connection.documentsCompleteAt).toBe(iso(bj('03-09T09:00:00')));
    expect(stageOf(done, 'ANSWER').dueAt).toBe(iso(bj('03-09T17:30:00')));
    expect((await refused(who.agent, DOCS, { id: o.id })).code).toBe('CONFLICT');
    h.clock.set(bj('03-09T11:00:00'));
    await stage(o.id, 'ANSWER');
    h.clock.set(bj('03-10T11:00:00'));
    const surveyed = await stage(o.id, 'SURVEY');
    // A tap on a main above DN500: the design takes 8 days.
    expect(stageOf(surveyed, 'DESIGN').dueAt).toBe(iso(new Date(bj('03-10T11:00:00').getTime() + 8 * DAY)));
    expect(await compensationOf(o.id)).toEqual([]); // answered in time
    const leak = (await ok(who.agent, `mutation { createWorkOrder(input: { category: LEAK, channel: PHONE, description: "漏水" }) { id } }`)).createWorkOrder;
    expect((await refused(who.agent, DOCS, { id: leak.id })).code).toBe('CONFLICT');
  });
});
