// The monthly 10 % callback sample of settled new-connection jobs against the real PostgreSQL, on a
// ManualClock: which orders are eligible (local-time month), how many are drawn, the callback tasks they
// get, drawn once, refused while the month runs, the scheduled job, and who may draw or read it.
// Works-quality orders are after-service orders, called back at completion, never sampled.
import { graphql } from 'graphql';
import { buildFederatedSchema, Identity, maskError } from '@mainline/common';
import { Category, Channel, CompletedOrder, CONNECTION_STAGES, DEFAULT_CALLBACK_CONFIG, sampleWorksCallbacks } from '../src/domain';
import type { WorkOrderEntity } from '../src/entities/work-order.entity';
import { schemaOptions } from '../src/schema';
import { log, refusal, startHarness, who } from './support/int-harness';

const DAY = 24 * 60 * 60_000;
const TZ = 'Asia/Shanghai';
const works = { sub: 'works-1', name: '工程公司', roles: ['department'], department: 'WORKS' } as Identity;
const business = { sub: 'biz-2', name: '营业所报装', roles: ['department'], department: 'BUSINESS' } as Identity;
const admin = { sub: 'admin-1', name: '管理员', roles: ['admin'], department: null } as Identity;
const at = (s: string) => new Date(s);

describe('WorksCallbackService: the monthly callback sample of new-connection jobs (real PostgreSQL, injected clock)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const svc = () => h.services.worksCallbacks;
  const wo = () => h.services.workOrders;
  const all: WorkOrderEntity[] = [];
  const byMonth = { october: [] as string[], november: [] as string[] };
  const worksQuality: string[] = [];

  /** A report logged at `createdAt`, dispatched, accepted and resolved by its department at `resolvedAt`. */
  async function completed(category: Category, resolvedAt: string, createdAt = '2026-09-28T09:00:00+08:00'): Promise<WorkOrderEntity> {
    h.clock.set(createdAt);
    const job = category === Category.NEW_CONNECTION;
    const o = await wo().create(who.agent, {
      category, channel: Channel.PHONE, description: '新装接水工程 new connection works', address: '建设路8号', reporter: { name: '李四', phone: '13900000000' },
      ...(job ? { connection: { documentsComplete: true } } : {}),
    });
    await wo().dispatch(who.agent, o.id, null);
    const crew = job ? business : category === Category.WORKS_QUALITY ? works : who.network;
    await wo().accept(crew, o.id);
    // A new-connection job is settled by water on, its last stage; the stages before it are done at once here.
    if (job) {
      for (const stage of CONNECTION_STAGES.slice(0, -1)) {
        await wo().completeConnectionStage(crew, o.id, { stage, ...(stage === 'acceptance' ? { flushed: true, waterQualityReport: 'WQ-1' } : {}) });
      }
    }
    h.clock.set(resolvedAt);
    const r = job ? await wo().completeConnectionStage(crew, o.id, { stage: 'waterOn' }) : await wo().resolve(crew, o.id, '已完工 done');
    all.push(r);
    return r;
  }
  const tasksOf = async (orderId: string) => wo().callbackTasks({ orderId, limit: 50 });
  const sampleTasks = async () => (await wo().callbackTasks({ limit: 500 })).filter((t) => t.reason === 'WORKS_SAMPLE');

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_works_sample', '2026-09-28T09:00:00+08:00');
    expect(h.cfg.calendar.timeZone).toBe(TZ);
    // Just before October in local time (15:50 UTC on 30 September): a September job.
    await completed(Category.NEW_CONNECTION, '2026-09-30T23:50:00+08:00');
    for (let day = 2; day <= 12; day++) byMonth.october.push((await completed(Category.NEW_CONNECTION, `2026-10-${String(day).padStart(2, '0')}T15:00:00+08:00`)).id);
    // 23:30 on 31 October local is still October; 00:10 on 1 November local is November (though still 31 October in UTC).
    byMonth.october.push((await completed(Category.NEW_CONNECTION, '2026-10-31T23:30:00+08:00', '2026-10-31T20:00:00+08:00')).id);
    byMonth.november.push((await completed(Category.NEW_CONNECTION, '2026-11-01T00:10:00+08:00', '2026-10-31T20:00:00+08:00')).id);
    byMonth.november.push((await completed(Category.NEW_CONNECTION, '2026-11-10T10:00:00+08:00', '2026-11-09T10:00:00+08:00')).id);
    byMonth.november.push((await completed(Category.NEW_CONNECTION, '2026-11-20T10:00:00+08:00', '2026-11-19T10:00:00+08:00')).id);
    // Other categories completed in October are called back anyway (SMS/phone at resolution), not sampled —
    // works quality too: it is an after-service order, not a new-connection job.
    await completed(Category.LEAK, '2026-10-15T10:00:00+08:00', '2026-10-15T08:00:00+08:00');
    await completed(Category.LEAK, '2026-10-20T10:00:00+08:00', '2026-10-20T08:00:00+08:00');
    worksQuality.push((await completed(Category.WORKS_QUALITY, '2026-10-21T10:00:00+08:00', '2026-10-20T08:00:00+08:00')).id);
    worksQuality.push((await completed(Category.WORKS_QUALITY, '2026-10-22T10:00:00+08:00', '2026-10-20T08:00:00+08:00')).id);
    // A new-connection job still open at the end of October is not a settled job.
    h.clock.set('2026-10-20T09:00:00+08:00');
    await wo().create(who.agent, { category: Category.NEW_CONNECTION, channel: Channel.PHONE, description: '未完工 still open' });
  });
  afterAll(async () => h?.stop());

  it('October: 10 % of the works orders completed in local-time October (rounded up), the same ones the domain picks', async () => {
    const now = at('2026-11-03T10:00:00+08:00');
    h.clock.set(now);
    const r = await svc().sampleMonth(who.supervisor, '2026-10');
    expect(r).toMatchObject({ month: '2026-10', eligible: 12, sampled: 2, share: DEFAULT_CALLBACK_CONFIG.worksSampleShare, runAt: now, runBy: who.supervisor.sub, alreadyRun: false });
    // Computed independently: the domain over every completed order, whatever its category or month.
    const list: CompletedOrder[] = all.map((o) => ({ id: o.id, category: o.category, resolvedAt: o.resolvedAt! }));
    const expected = sampleWorksCallbacks(list, '2026-10', TZ, DEFAULT_CALLBACK_CONFIG);
    expect(expected).toHaveLength(Math.ceil(0.1 * byMonth.october.length));
    expect(r.orderIds).toEqual([...expected].sort());
    expect(r.orderIds.length).toBeGreaterThan(0);
    expect(r.orderIds.every((id) => byMonth.october.includes(id))).toBe(true);
  });

  it('each sampled order has one open phone callback due within the callback target (3 days) of the sampling; the rest none', async () => {
    const run = await svc().find(who.agent, '2026-10');
    for (const id of byMonth.october) {
      const tasks = await tasksOf(id);
      if (run!.orderIds.includes(id)) {
        expect(tasks).toEqual([expect.objectContaining({ method: 'PHONE', reason: 'WORKS_SAMPLE', status: 'OPEN', createdAt: run!.runAt, dueAt: new Date(run!.runAt.getTime() + 3 * DAY) })]);
      } else {
        expect(tasks).toEqual([]); // new-connection jobs get no callback at settlement: the sample is their only one
      }
    }
    expect(await sampleTasks()).toHaveLength(2);
  });

  it('WORKS_QUALITY orders are all called back at completion (SMS survey or phone), never sampled', async () => {
    const run = await svc().find(who.agent, '2026-10');
    for (const id of worksQuality) {
      expect(run!.orderIds).not.toContain(id);
      const o = await wo().get(who.agent, id);
      expect(await tasksOf(id)).toEqual([expect.objectContaining({ method: o.callbackMethod, reason: 'AFTER_SERVICE', status: 'OPEN' })]);
    }
  });

  it('drawn once: asking again (twice at once, by another user) returns the stored sample and adds no task', async () => {
    h.clock.set('2026-11-25T10:00:00+08:00');
    const first = await svc().find(who.supervisor, '2026-10');
    const again = await Promise.all([svc().sampleMonth(who.supervisor, '2026-10'), svc().sampleMonth(admin, '2026-10')]);
    for (const r of again) {
      expect(r).toMatchObject({ alreadyRun: true, eligible: 12, sampled: 2, runBy: who.supervisor.sub, runAt: at('2026-11-03T10:00:00+08:00') });
      expect(r.orderIds).toEqual(first!.orderIds);
    }
    expect(await sampleTasks()).toHaveLength(2);
  });

  it('a month still running cannot be sampled: November before it ends in Shanghai, or a future month', async () => {
    h.clock.set('2026-11-30T23:59:00+08:00');
    for (const month of ['2026-11', '2027-01']) {
      const e = await refusal(svc().sampleMonth(who.supervisor, month));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.details.field).toBe('month');
      expect(e.message).toMatch(/尚未结束.*has not ended/);
    }
    expect(await svc().find(who.supervisor, '2026-11')).toBeNull();
    expect(await svc().runDue()).toBeNull(); // the job's month is still October, already drawn
  });

  it('the job on 1 December (local) draws November once, with the callback target the supervisor configured', async () => {
    await h.services.settings.setSlaTarget(who.supervisor, Category.NEW_CONNECTION, 'callback', { basis: 'working', workingDays: 3, from: 'resolve' });
    // 00:05 on Tuesday 1 December in Shanghai is 16:05 on 30 November in UTC: the local month decides.
    h.clock.set('2026-12-01T00:05:00+08:00');
    expect(svc().dueMonth()).toBe('2026-11');
    expect(svc().dueMonth(at('2027-01-01T00:30:00+08:00'))).toBe('2026-12');
    const [a, b] = await Promise.all([svc().runDue(), svc().runDue()]); // two replicas' ticks at once
    const drawn = [a, b].filter((r) => r && !r.alreadyRun);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]).toMatchObject({ month: '2026-11', eligible: 3, sampled: 1, runBy: 'system' });
    expect(byMonth.november).toContain(drawn[0]!.orderIds[0]);
    expect(await tasksOf(drawn[0]!.orderIds[0])).toEqual([
      // Three working days after Tuesday: Wednesday, Thursday, Friday, to the end of Friday's working hours.
      expect.objectContaining({ method: 'PHONE', reason: 'WORKS_SAMPLE', status: 'OPEN', dueAt: at('2026-12-04T17:30:00+08:00') }),
    ]);
    expect(await svc().runDue()).toBeNull();
    expect(await sampleTasks()).toHaveLength(3);
  });

  it('a bad month is refused as INVALID_INPUT naming `month`', async () => {
    for (const month of ['2026-13', '2026-1', '2026/10', 'October', '']) {
      for (const p of [svc().sampleMonth(who.supervisor, month), svc().find(who.agent, month)]) {
        const e = await refusal(p);
        expect(e.code).toBe('INVALID_INPUT');
        expect(e.details.field).toBe('month');
        expect(e.message).toContain('YYYY-MM');
      }
    }
  });

  describe('through the GraphQL schema', () => {
    let schema: Awaited<ReturnType<typeof buildFederatedSchema>>['schema'];
    const gql = async (identity: Identity, source: string, variableValues: Record<string, unknown>) => {
      const r = await graphql({ schema, source, variableValues, contextValue: { identity, requestId: 'test', log, services: h.services } });
      const codes = (r.errors ?? []).map((e) => maskError(e.toJSON(), e, () => undefined).extensions?.code);
      return { data: r.data as any, codes };
    };
    const DRAW = `mutation($m: String!) { sampleWorksCallbacks(month: $m) { month sampled } }`;
    const READ = `query($m: String!) { worksCallbackSample(month: $m) { month eligible sampled share runAt runBy orders { id number category status } } }`;

    beforeAll(async () => {
      schema = (await buildFederatedSchema(schemaOptions)).schema;
    });

    it('agents and departments may not draw the sample; departments may not read it', async () => {
      h.clock.set('2026-12-02T10:00:00+08:00');
      expect((await gql(who.agent, DRAW, { m: '2026-09' })).codes).toEqual(['FORBIDDEN']);
      expect((await gql(works, DRAW, { m: '2026-09' })).codes).toEqual(['FORBIDDEN']);
      expect((await gql(works, READ, { m: '2026-10' })).codes).toEqual(['FORBIDDEN']);
      expect((await refusal(svc().sampleMonth(who.agent, '2026-09'))).code).toBe('FORBIDDEN');
      expect((await refusal(svc().find(works, '2026-10'))).code).toBe('FORBIDDEN');
      expect(await svc().find(who.supervisor, '2026-09')).toBeNull(); // nothing was drawn by the refused calls
    });

    it('an agent reads the sample with its orders, to make the calls; a month not drawn is null', async () => {
      const r = await gql(who.agent, READ, { m: '2026-10' });
      expect(r.codes).toEqual([]);
      const stored = await svc().find(who.agent, '2026-10');
      expect(r.data.worksCallbackSample).toMatchObject({ month: '2026-10', eligible: 12, sampled: 2, share: 0.1, runBy: who.supervisor.sub });
      expect(r.data.worksCallbackSample.orders.map((o: { id: string }) => o.id)).toEqual(stored!.orderIds);
      expect(r.data.worksCallbackSample.orders.length).toBeGreaterThan(0);
      expect(r.data.worksCallbackSample.orders.every((o: { category: string; status: string }) => o.category === 'NEW_CONNECTION' && o.status === 'RESOLVED')).toBe(true);
      expect((await gql(who.agent, READ, { m: '2026-08' })).data.worksCallbackSample).toBeNull();
    });

    it('a supervisor draws September through the mutation', async () => {
      const r = await gql(who.supervisor, DRAW, { m: '2026-09' });
      expect(r.codes).toEqual([]);
      expect(r.data.sampleWorksCallbacks).toEqual({ month: '2026-09', sampled: 1 });
    });
  });
});
