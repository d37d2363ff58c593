// The water desk's missing processes (issue 11, docs/domain.md "Water rules") through the tickets schema
// as the subgraph runs it, on the real PostgreSQL and Kafka with an injected clock: answer at once, leak
// sites, repair tiers and warranty routing, the praise and exposure register, the liaison on duty
// (its SMS read off Kafka), the report cut at the 25th and produced on schedule, and search.
import { Kafka, logLevel } from 'kafkajs';
import { buildFederatedSchema, Identity, topicName, TOPICS } from '@mainline/common';
import { testBrokers, testTopicPrefix } from '@mainline/test-support';
import type { GraphQLSchema } from 'graphql';
import { schemaOptions } from '../src/schema';
import { graphqlAs, startHarness, who } from './support/int-harness';
import { ReportCrossChecks } from './support/report-cross-checks';

const MIN = 60_000;
const bj = (s: string) => new Date(`2026-${s}+08:00`);
const plus = (d: Date, min: number) => new Date(d.getTime() + min * MIN);
const iso = (d: Date) => d.toISOString();
const works = { sub: 'works-1', name: '工程公司', roles: ['department'], department: 'WORKS' } as Identity;
const meter = { sub: 'meter-1', name: '水表班', roles: ['department'], department: 'METER' } as Identity;
const admin = { sub: 'admin-1', name: '管理员', roles: ['admin'], department: null } as Identity;

const ORDER = `id number status department category priority answeredAt leakSite leakTier leakTierSetBy warrantyUnit
  dispatchDueAt acceptDueAt onSiteDueAt resolveDueAt slaClocks { target dueAt level } reporter { name phone maskedPhone }`;
const CREATE = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${ORDER} } }`;

describe('the water desk (tickets schema, real PostgreSQL + Kafka, injected clock)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  const gql = async (id: Identity, q: string, v: Record<string, unknown> = {}) => graphqlAs(schema, h.services, id, q, v);
  /** The data of an operation that must succeed. */
  const ok = async (id: Identity, q: string, v: Record<string, unknown> = {}) => {
    const r = await gql(id, q, v);
    expect(r.errors).toBeUndefined();
    return r.data;
  };
  /** The code and argument of an operation that must be refused. */
  const refused = async (id: Identity, q: string, v: Record<string, unknown> = {}) => {
    const r = await gql(id, q, v);
    expect(r.errors?.length).toBeGreaterThan(0);
    return { code: r.errors![0].extensions?.code, argument: r.errors![0].extensions?.argument };
  };
  const input = (category: string, extra: Record<string, unknown> = {}) => ({
    category, channel: 'PHONE', description: '用户来电 a call', address: '解放大道88号', location: { lon: 113.28, lat: 23.1 },
    reporter: { name: '陈先生', phone: '139 1234 5678' }, ...extra,
  });
  const create = async (category: string, extra: Record<string, unknown> = {}) => (await ok(who.agent, CREATE, { input: input(category, extra) })).createWorkOrder;
  const act = (id: Identity, mutation: string, vars: Record<string, unknown>) => ok(id, `mutation($id: ID!${Object.keys(vars).filter((k) => k !== 'id').map((k) => `, $${k}: ${VAR_TYPES[k]}`).join('')}) { ${mutation} { ${ORDER} } }`, vars);
  const VAR_TYPES: Record<string, string> = { tier: 'LeakTier!', reason: 'String', answer: 'String!', level: 'ProcessingLevel!', result: 'String!' };

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_water_desk', '2026-03-02T09:00:00+08:00', { kafka: true });
    schema = (await buildFederatedSchema(schemaOptions)).schema;
  });
  afterAll(async () => h?.stop());

  describe('answer at once', () => {
    it('an inquiry answered on the call is closed as answered with no dispatch clock; a leak cannot be', async () => {
      h.clock.set(bj('03-02T09:00:00'));
      const r = await ok(who.agent, `mutation($input: CreateWorkOrderInput!, $answer: String!) { answerAtOnce(input: $input, answer: $answer) { ${ORDER} history { action toStatus detail } } }`,
        { input: input('INQUIRY'), answer: '周三起恢复正常供水时间 normal hours from Wednesday' });
      const o = r.answerAtOnce;
      expect(o).toMatchObject({ status: 'CLOSED', department: 'CALL_CENTER', answeredAt: iso(bj('03-02T09:00:00')), dispatchDueAt: null, acceptDueAt: null, resolveDueAt: null, slaClocks: [] });
      expect(o.history.map((x: any) => [x.action, x.toStatus])).toEqual([['CREATE', 'NEW'], ['ANSWER_AT_ONCE', 'CLOSED']]);
      expect(o.history[1].detail.answer).toBe('周三起恢复正常供水时间 normal hours from Wednesday');
      expect((await h.events(o.id)).map((e) => e.type).sort()).toEqual(['workorder.created', 'workorder.updated']);
      // An inquiry logged first and answered on the same call.
      const logged = await create('INQUIRY');
      expect(logged.dispatchDueAt).toEqual(iso(plus(bj('03-02T09:00:00'), 5)));
      const answered = (await act(who.agent, 'answerWorkOrderAtOnce(id: $id, answer: $answer)', { id: logged.id, answer: '已解答 answered' })).answerWorkOrderAtOnce;
      expect(answered).toMatchObject({ status: 'CLOSED', dispatchDueAt: null, slaClocks: [] });
      // Not for what must be dispatched; not for a department.
      expect(await refused(who.agent, `mutation($input: CreateWorkOrderInput!) { answerAtOnce(input: $input, answer: "x") { id } }`, { input: input('LEAK') }))
        .toEqual({ code: 'INVALID_INPUT', argument: 'input.category' });
      expect((await refused(who.network, `mutation($input: CreateWorkOrderInput!) { answerAtOnce(input: $input, answer: "x") { id } }`, { input: input('INQUIRY') })).code).toBe('FORBIDDEN');
      const leak = await create('LEAK');
      expect((await refused(who.agent, `mutation($id: ID!) { answerWorkOrderAtOnce(id: $id, answer: "x") { id } }`, { id: leak.id })).code).toBe('CONFLICT');
    });
  });

  describe('leaks', () => {
    it('on site within 1 h of a leak report, 40 min for public mains, hydrants and valves', async () => {
      const t = bj('03-03T10:00:00');
      h.clock.set(t);
      expect((await create('LEAK', { leakSite: 'OTHER' })).onSiteDueAt).toBe(iso(plus(t, 60)));
      for (const leakSite of ['PUBLIC_MAIN', 'HYDRANT', 'VALVE']) expect((await create('LEAK', { leakSite })).onSiteDueAt).toBe(iso(plus(t, 40)));
      expect(await refused(who.agent, CREATE, { input: input('BILLING', { leakSite: 'VALVE' }) })).toEqual({ code: 'INVALID_INPUT', argument: 'input.leakSite' });
    });

    it('the repair tier chosen on site sets the resolve deadline (small 5 h, medium 10 h, large 24 h) and the clock watches it', async () => {
      const t = bj('03-03T10:00:00');
      h.clock.set(t);
      const o = await create('LEAK', { leakSite: 'OTHER' });
      expect(o.resolveDueAt).toBe(iso(plus(t, 24 * 60)));
      await h.services.workOrders.dispatch(who.agent, o.id, null);
      await h.services.workOrders.accept(who.network, o.id);
      // Chosen on site: not before arriving.
      expect((await refused(who.network, `mutation($id: ID!) { setLeakTier(id: $id, tier: SMALL) { id } }`, { id: o.id })).code).toBe('CONFLICT');
      h.clock.set(plus(t, 50));
      await h.services.workOrders.arriveOnSite(who.network, o.id);
      const small = (await act(who.network, 'setLeakTier(id: $id, tier: $tier, reason: $reason)', { id: o.id, tier: 'SMALL', reason: '接口渗漏 joint seep' })).setLeakTier;
      expect(small).toMatchObject({ status: 'ON_SITE', leakTier: 'SMALL', leakTierSetBy: 'net-crew', resolveDueAt: iso(plus(t, 5 * 60)) });
      expect(small.slaClocks.find((c: any) => c.target === 'resolve')).toMatchObject({ dueAt: iso(plus(t, 5 * 60)), level: 'OK' });
      // Bigger than it looked: medium.
      const medium = (await act(who.network, 'setLeakTier(id: $id, tier: $tier)', { id: o.id, tier: 'MEDIUM' })).setLeakTier;
      expect(medium.resolveDueAt).toBe(iso(plus(t, 10 * 60)));
      const history = (await h.services.workOrders.history(o.id)).filter((x) => x.action === 'SET_LEAK_TIER');
      expect(history.map((x) => [x.actorId, x.detail.tier, x.detail.previousTier])).toEqual([['net-crew', 'SMALL', null], ['net-crew', 'MEDIUM', 'SMALL']]);
      // The scheduler breaches the tier's deadline, not the category's 24 h.
      await h.scheduler.sweep(plus(t, 10 * 60 + 1));
      expect((await h.services.workOrders.clocksOf(o.id)).find((c) => c.kind === 'resolve')?.level).toBe(3);
      // Others may not choose it; a tier must fit the category.
      expect((await refused(who.quality, `mutation($id: ID!) { setLeakTier(id: $id, tier: LARGE) { id } }`, { id: o.id })).code).toBe('FORBIDDEN');
      expect((await refused(who.agent, `mutation($id: ID!) { setLeakTier(id: $id, tier: LARGE) { id } }`, { id: o.id })).code).toBe('FORBIDDEN');
      expect(await refused(who.network, `mutation($id: ID!) { setLeakTier(id: $id, tier: OTHER_UNIT_SHUTOFF) { id } }`, { id: o.id })).toEqual({ code: 'INVALID_INPUT', argument: 'tier' });
    });

    it('a meter-box leak is repaired in 24 h, 48 h when another unit must shut the water', async () => {
      const t = bj('03-03T11:00:00');
      h.clock.set(t);
      const o = await create('METER_BOX');
      expect(o.resolveDueAt).toBe(iso(plus(t, 24 * 60)));
      await h.services.workOrders.dispatch(who.agent, o.id, null);
      await h.services.workOrders.accept(meter, o.id);
      await h.services.workOrders.arriveOnSite(meter, o.id);
      const r = (await act(meter, 'setLeakTier(id: $id, tier: $tier, reason: $reason)', { id: o.id, tier: 'OTHER_UNIT_SHUTOFF', reason: '需物业关总阀 the estate must shut its main valve' })).setLeakTier;
      expect(r.resolveDueAt).toBe(iso(plus(t, 48 * 60)));
      expect(await refused(meter, `mutation($id: ID!) { setLeakTier(id: $id, tier: SMALL) { id } }`, { id: o.id })).toEqual({ code: 'INVALID_INPUT', argument: 'tier' });
    });

    it('leaks under warranty go to the unit that built them', async () => {
      h.clock.set(bj('03-03T12:00:00'));
      expect(await create('LEAK', { underWarranty: true })).toMatchObject({ department: 'WORKS', warrantyUnit: 'WORKS' });
      expect(await create('BURST', { underWarranty: true, warrantyUnit: 'INSPECTION' })).toMatchObject({ department: 'INSPECTION', warrantyUnit: 'INSPECTION' });
      expect(await create('LEAK')).toMatchObject({ department: 'NETWORK', warrantyUnit: null });
      expect(await refused(who.agent, CREATE, { input: input('BILLING', { underWarranty: true }) })).toEqual({ code: 'INVALID_INPUT', argument: 'input.underWarranty' });
      // The builder takes it like any order of its own.
      const o = await create('LEAK', { underWarranty: true });
      await h.services.workOrders.dispatch(who.agent, o.id, null);
      expect((await h.services.workOrders.accept(works, o.id)).status).toBe('ACCEPTED');
    });
  });

  describe('the liaison on duty', () => {
    it('dispatch SMSes the liaison on duty through the notice system (read off Kafka); the order shows who was reached', async () => {
      const set = `mutation($d: Department!, $l: [LiaisonInput!]!) { setDepartmentLiaisons(department: $d, liaisons: $l) { department start end name phone } }`;
      const shifts = [
        { start: '08:00', end: '18:00', name: '管网白班 赵工', phone: '13700000001' },
        { start: '18:00', end: '08:00', name: '管网夜班 钱工', phone: '13700000002' },
      ];
      expect((await refused(who.agent, set, { d: 'NETWORK', l: shifts })).code).toBe('FORBIDDEN');
      expect(await refused(who.supervisor, set, { d: 'NETWORK', l: [shifts[0], { ...shifts[1], start: '17:00' }] })).toEqual({ code: 'INVALID_INPUT', argument: 'liaisons[1]' });
      // Two supervisors replacing the list at once: both succeed, one after the other, and the rows are one list, not a mix.
      const other = [{ start: '00:00', end: '24:00', name: '全天 孙工', phone: '13700000005' }];
      const both = await Promise.all([gql(who.supervisor, set, { d: 'NETWORK', l: other }), gql(admin, set, { d: 'NETWORK', l: shifts })]);
      expect(both.map((r) => r.errors)).toEqual([undefined, undefined]);
      const names = (await h.services.settings.liaisons('NETWORK' as any)).map((x) => x.name);
      expect([['全天 孙工'], ['管网白班 赵工', '管网夜班 钱工']]).toContainEqual(names);
      expect((await ok(who.supervisor, set, { d: 'NETWORK', l: shifts })).setDepartmentLiaisons.map((x: any) => x.name)).toEqual(['管网白班 赵工', '管网夜班 钱工']);
      expect((await ok(who.network, `{ departmentLiaisons { department name } }`)).departmentLiaisons).toHaveLength(2);
      expect((await refused(who.quality, `{ departmentLiaisons(department: NETWORK) { name } }`)).code).toBe('FORBIDDEN');

      const day = bj('03-04T10:00:00');
      h.clock.set(day);
      const a = await create('BURST');
      await h.services.workOrders.dispatch(who.agent, a.id, null);
      // 23:30 local: the night shift (which runs over midnight).
      h.clock.set(bj('03-04T23:30:00'));
      const b = await create('LEAK');
      await h.services.workOrders.dispatch(who.agent, b.id, null);
      // No liaison for QUALITY: dispatched all the same, and the order says no one was reached.
      const c = await create('WATER_QUALITY');
      await h.services.workOrders.dispatch(who.agent, c.id, null);

      const READ = `query($id: ID!) { workOrder(id: $id) { liaisonNotices { department name shiftStart shiftEnd notifiedAt eventId } history { action detail } } }`;
      const shown = async (id: string) => (await ok(who.agent, READ, { id })).workOrder;
      const sa = await shown(a.id);
      expect(sa.liaisonNotices).toEqual([{ department: 'NETWORK', name: '管网白班 赵工', shiftStart: '08:00', shiftEnd: '18:00', notifiedAt: iso(day), eventId: expect.any(String) }]);
      expect(sa.history.find((x: any) => x.action === 'DISPATCH').detail.liaison).toBe('管网白班 赵工');
      const sb = await shown(b.id);
      expect(sb.liaisonNotices.map((n: any) => n.name)).toEqual(['管网夜班 钱工']);
      const sc = await shown(c.id);
      expect(sc.liaisonNotices).toEqual([]);
      expect(sc.history.find((x: any) => x.action === 'DISPATCH').detail.liaison).toBeNull();

      // Read off Kafka as the notice system reads it.
      const kafka = new Kafka({ clientId: 'water-desk-int-reader', brokers: testBrokers(), logLevel: logLevel.NOTHING });
      const consumer = kafka.consumer({ groupId: `water-desk-int-${Date.now()}` });
      const seen: any[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: topicName(testTopicPrefix(), TOPICS.workorderEvents), fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push({ key: message.key?.toString(), headers: message.headers, value: JSON.parse(message.value!.toString()) }) });
      h.relay!.kick();
      const wanted = [sa.liaisonNotices[0].eventId, sb.liaisonNotices[0].eventId];
      const t0 = Date.now();
      while (!wanted.every((id) => seen.some((m) => m.value.eventId === id)) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 200));
      await consumer.disconnect();
      const sms = wanted.map((id) => seen.find((m) => m.value.eventId === id));
      expect(sms[0]).toMatchObject({
        key: a.id,
        value: {
          type: 'workorder.sms-requested', purpose: 'LIAISON_DISPATCH', recipient: 'LIAISON', phone: '13700000001', department: 'NETWORK',
          liaisonName: '管网白班 赵工', workOrderId: a.id, number: a.number,
        },
      });
      expect(sms[0].headers.ce_type.toString()).toBe('mainline.workorder.sms-requested');
      expect(sms[0].value.text.zh).toContain(`工单 ${a.number}`);
      expect(sms[0].value.text.zh).toContain('请于 03/04 10:20 前接单');
      // The liaison's SMS carries no caller's name or phone.
      expect(JSON.stringify(sms[0].value.text)).not.toMatch(/陈先生|1234/);
      expect(sms[1].value).toMatchObject({ phone: '13700000002', liaisonName: '管网夜班 钱工' });
      expect(seen.filter((m) => m.value.purpose === 'LIAISON_DISPATCH' && m.value.workOrderId === c.id)).toEqual([]);
    });
  });

  describe('praise and exposure register', () => {
    it('registers praise, criticism and media exposure from customers, the mayor’s hotline, regulators and the media; a department reads its own', async () => {
      h.clock.set(bj('03-05T10:00:00'));
      const REG = `mutation($i: FeedbackInput!) { registerFeedback(input: $i) { id kind source receivedAt subjectDepartment subjectStaff workOrderId summary recordedBy } }`;
      const o = await create('LEAK');
      const praise = (await ok(who.agent, REG, { i: { kind: 'PRAISE', source: 'CUSTOMER', summary: '抢修及时 quick repair', subjectDepartment: 'NETWORK', subjectStaff: '赵工', workOrderId: o.id } })).registerFeedback;
      expect(praise).toMatchObject({ kind: 'PRAISE', source: 'CUSTOMER', receivedAt: iso(bj('03-05T10:00:00')), subjectDepartment: 'NETWORK', workOrderId: o.id, recordedBy: 'agent-1' });
      await ok(who.supervisor, REG, { i: { kind: 'PRAISE', source: 'MAYOR_HOTLINE', summary: '市长热线转来表扬', subjectDepartment: 'METER', receivedAt: iso(bj('03-04T16:00:00')) } });
      h.clock.advance(MIN);
      await ok(who.agent, REG, { i: { kind: 'CRITICISM', source: 'REGULATOR', summary: '城管局通报 a notice from the bureau', subjectDepartment: 'NETWORK' } });
      h.clock.advance(MIN);
      await ok(who.agent, REG, { i: { kind: 'MEDIA_EXPOSURE', source: 'MEDIA', summary: '晚报报道 evening paper' } });
      expect((await refused(who.network, REG, { i: { kind: 'PRAISE', source: 'CUSTOMER', summary: '自夸' } })).code).toBe('FORBIDDEN');
      expect(await refused(who.agent, REG, { i: { kind: 'PRAISE', source: 'CUSTOMER', summary: ' ' } })).toEqual({ code: 'INVALID_INPUT', argument: 'input.summary' });
      expect(await refused(who.agent, REG, { i: { kind: 'PRAISE', source: 'CUSTOMER', summary: '明天', receivedAt: iso(bj('03-06T10:00:00')) } })).toEqual({ code: 'INVALID_INPUT', argument: 'input.receivedAt' });
      expect(await refused(who.agent, REG, { i: { kind: 'PRAISE', source: 'CUSTOMER', summary: '?', workOrderId: '00000000-0000-4000-8000-000000000000' } })).toEqual({ code: 'NOT_FOUND', argument: 'input.workOrderId' });
      const LIST = `query($f: FeedbackFilter, $first: Int, $after: String) { feedbackEntries(filter: $f, first: $first, after: $after) { items { kind source subjectDepartment } nextCursor } }`;
      const all = (await ok(who.supervisor, LIST, {})).feedbackEntries;
      expect(all.items.map((x: any) => x.kind)).toEqual(['MEDIA_EXPOSURE', 'CRITICISM', 'PRAISE', 'PRAISE']); // newest first
      const p1 = (await ok(who.supervisor, LIST, { first: 2 })).feedbackEntries;
      const p2 = (await ok(who.supervisor, LIST, { first: 2, after: p1.nextCursor })).feedbackEntries;
      expect([...p1.items, ...p2.items]).toEqual(all.items);
      expect((await ok(who.network, LIST, {})).feedbackEntries.items.map((x: any) => x.kind)).toEqual(['CRITICISM', 'PRAISE']);
      expect((await refused(who.network, LIST, { f: { department: 'METER' } })).code).toBe('FORBIDDEN');
    });
  });

  describe('the monthly report: cut at the 25th, produced on schedule, goals and the order list', () => {
    const REPORT = `query($m: String!, $d: Department) { monthlyReport(month: $m, department: $d) { month periodStart periodEnd totalOrders answeredAtOnce
      complaints { total } feedback { total praise criticism mediaExposure bySource { key count } } goals { name utility target value met } csv } }`;

    it('the period runs from the 26th of last month to the 25th, Asia/Shanghai: across the 25th/26th boundary', async () => {
      // The water desk's other orders are all in early March; these two sit either side of the cut.
      h.clock.set(bj('03-25T23:50:00'));
      const before = await create('COVER');
      h.clock.set(bj('03-26T00:10:00')); // still 25 March in UTC
      const after = await create('COVER');
      const march = (await ok(who.supervisor, REPORT, { m: '2026-03' })).monthlyReport;
      const april = (await ok(who.supervisor, REPORT, { m: '2026-04' })).monthlyReport;
      expect([march.periodStart, march.periodEnd]).toEqual([iso(bj('02-26T00:00:00')), iso(bj('03-26T00:00:00'))]);
      expect([april.periodStart, april.periodEnd]).toEqual([iso(bj('03-26T00:00:00')), iso(bj('04-26T00:00:00'))]);
      expect(march.csv).toContain(`\n${before.number},2026-03-25 23:50,COVER,`);
      expect(march.csv).not.toContain(after.number);
      expect(april.totalOrders).toBe(1);
      expect(april.csv).toContain(`\n${after.number},2026-03-26 00:10,COVER,`);
    });

    it('shows answered-at-once inquiries, praise and exposure beside complaints, and each target with its figure and whether it is met', async () => {
      const r = (await ok(who.supervisor, REPORT, { m: '2026-03' })).monthlyReport;
      expect(r.answeredAtOnce).toBe(2);
      expect(r.feedback).toEqual({ total: 4, praise: 2, criticism: 1, mediaExposure: 1, bySource: [
        { key: 'CUSTOMER', count: 1 }, { key: 'MAYOR_HOTLINE', count: 1 }, { key: 'REGULATOR', count: 1 }, { key: 'MEDIA', count: 1 },
      ] });
      // One goal list: the desk's, water's own (average repair time), then the other kinds' (heat, gas).
      const water = r.goals.filter((g: any) => g.utility === null || g.utility === 'WATER');
      expect(water.map((g: any) => [g.name, g.utility])).toEqual([['onTime', null], ['callback', null], ['satisfaction', null], ['complaintSatisfaction', null], ['avgRepairMinutes', 'WATER']]);
      // Recomputed from the served figures: the on-time goal is the lowest stage's rate.
      const served = await h.services.reports.monthly(who.supervisor, '2026-03', null);
      const rates = Object.values(served.onTime).map((s) => s.rate).filter((x): x is number => x !== null);
      expect(rates.length).toBeGreaterThan(0);
      expect(r.goals[0]).toEqual({ name: 'onTime', utility: null, target: 1, value: Math.min(...rates), met: rates.every((x) => x >= 1) });
      expect(Math.min(...rates)).toBeLessThan(1); // the medium-tier leak above was breached
      expect(r.goals.find((g: any) => g.name === 'satisfaction')).toEqual({ name: 'satisfaction', utility: null, target: 0.9, value: null, met: true }); // no answers yet
      const net = (await ok(who.network, REPORT, { m: '2026-03' })).monthlyReport;
      expect(net.feedback).toMatchObject({ total: 2, praise: 1, criticism: 1 });
      // Cut at the 25th, answered at once, feedback: PostgreSQL's aggregates and order lines equal the domain's over the same rows.
      const { sql, domain } = await new ReportCrossChecks(h.ds, () => h.services.settings.slaTargets(), h.services.workOrders.calendar).servedAndDomain(served, h.cfg.report.goals);
      expect(sql).toEqual(domain);
    });

    it('produced on schedule for supervisors once its period ends, once, as it was then', async () => {
      h.clock.set(bj('03-25T23:59:00'));
      expect(h.services.reports.dueMonth()).toBe('2026-02');
      h.clock.set(bj('03-26T00:05:00'));
      expect(h.services.reports.dueMonth()).toBe('2026-03');
      const [x, y] = await Promise.all([h.services.reports.runDue(), h.services.reports.runDue()]); // two replicas' ticks at once
      const produced = [x, y].filter(Boolean);
      expect(produced).toHaveLength(1);
      expect(produced[0]).toMatchObject({ month: '2026-03', producedAt: bj('03-26T00:05:00'), producedBy: 'system', periodEnd: bj('03-26T00:00:00') });
      expect(await h.services.reports.runDue()).toBeNull();
      const PRODUCED = `query($m: String!) { producedMonthlyReport(month: $m) { month periodStart periodEnd producedAt producedBy report { totalOrders answeredAtOnce goals { name met } csv } } }`;
      const stored = (await ok(who.supervisor, PRODUCED, { m: '2026-03' })).producedMonthlyReport;
      const live = (await ok(who.supervisor, REPORT, { m: '2026-03' })).monthlyReport;
      expect(stored).toMatchObject({ month: '2026-03', periodStart: iso(bj('02-26T00:00:00')), producedAt: iso(bj('03-26T00:05:00')), producedBy: 'system' });
      expect(stored.report).toMatchObject({ totalOrders: live.totalOrders, answeredAtOnce: 2, csv: live.csv });
      expect(stored.report.goals).toEqual(live.goals.map(({ name, met }: any) => ({ name, met })));
      expect(stored.report.goals.map((g: any) => g.name)).toContain('avgRepairMinutes');
      // An order recorded late into the closed period changes the live figures, not what was produced.
      h.clock.set(bj('03-20T10:00:00'));
      await create('THEFT');
      expect((await ok(who.supervisor, REPORT, { m: '2026-03' })).monthlyReport.totalOrders).toBe(live.totalOrders + 1);
      expect((await ok(who.supervisor, PRODUCED, { m: '2026-03' })).producedMonthlyReport.report.totalOrders).toBe(live.totalOrders);
      expect((await ok(who.supervisor, PRODUCED, { m: '2026-04' })).producedMonthlyReport).toBeNull();
      expect((await ok(admin, `{ producedMonthlyReports { month producedBy report { totalOrders } } }`)).producedMonthlyReports).toEqual([{ month: '2026-03', producedBy: 'system', report: null }]);
      expect((await refused(who.network, PRODUCED, { m: '2026-03' })).code).toBe('FORBIDDEN');
      expect((await refused(who.supervisor, PRODUCED, { m: '2026-3' })).code).toBe('INVALID_INPUT');
    });
  });

  describe('search', () => {
    const SEARCH = `query($f: WorkOrderFilter, $first: Int) { workOrders(filter: $f, first: $first) { items { number department status address reporter { phone maskedPhone } } } }`;
    const numbers = async (id: Identity, f: Record<string, unknown>) => (await ok(id, SEARCH, { f, first: 200 })).workOrders.items.map((x: any) => x.number).sort();

    it('by number, phone (masked for roles that do not contact callers), address, date range and status', async () => {
      h.clock.set(bj('03-10T09:00:00'));
      const a = await create('LEAK', { address: '友谊路 100% 号', reporter: { name: '周女士', phone: '13811112222' } });
      h.clock.set(bj('03-10T15:00:00'));
      const b = await create('LEAK', { address: '友谊路12号', reporter: { name: '吴先生', phone: '138-1111-3333' } });
      await h.services.workOrders.dispatch(who.agent, b.id, null);
      expect(await numbers(who.agent, { number: a.number })).toEqual([a.number]);
      expect(await numbers(who.agent, { phone: '138 1111 2222' })).toEqual([a.number]);
      expect(await numbers(who.agent, { phone: '13811113333' })).toEqual([b.number]); // stored with dashes
      expect(await numbers(who.agent, { address: '友谊路' })).toEqual([a.number, b.number].sort());
      expect(await numbers(who.agent, { address: '100%' })).toEqual([a.number]); // % is a character, not a wildcard
      expect(await numbers(who.agent, { address: '友谊路', createdFrom: iso(bj('03-10T12:00:00')), createdTo: iso(bj('03-11T00:00:00')) })).toEqual([b.number]);
      expect(await numbers(who.agent, { address: '友谊路', status: ['DISPATCHED'] })).toEqual([b.number]);
      // The agent reads the phone; the owning department while open too; everyone else gets it masked.
      const agentView = (await ok(who.agent, SEARCH, { f: { number: a.number } })).workOrders.items[0];
      expect(agentView.reporter).toEqual({ phone: '13811112222', maskedPhone: '138****2222' });
      await h.services.workOrders.cancel(who.agent, a.id, '重复 duplicate');
      const deptView = (await ok(who.network, SEARCH, { f: { number: a.number } })).workOrders.items[0];
      expect(deptView.reporter).toEqual({ phone: null, maskedPhone: '138****2222' });
      // A department finds only its own orders.
      expect(await numbers(who.quality, { phone: '13811112222' })).toEqual([]);
      expect(await refused(who.agent, SEARCH, { f: { phone: '-' } })).toEqual({ code: 'INVALID_INPUT', argument: 'filter.phone' });
      expect(await refused(who.agent, SEARCH, { f: { createdFrom: iso(bj('03-11T00:00:00')), createdTo: iso(bj('03-10T00:00:00')) } })).toEqual({ code: 'INVALID_INPUT', argument: 'filter.createdFrom' });
    });
  });
});
