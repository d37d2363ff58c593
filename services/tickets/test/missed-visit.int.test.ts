// A missed home visit (docs/domain.md "Home-visit appointments", issue 11) on the real PostgreSQL and Kafka with a
// ManualClock: the re-appointment notice, the pause until the new visit, the automatic resume by the SLA sweep at
// exactly the new start, and the customer's SMS with the new time read off Kafka.
import { Kafka, logLevel } from 'kafkajs';
import { buildFederatedSchema, Identity, topicName, TOPICS } from '@mainline/common';
import { testBrokers, testTopicPrefix } from '@mainline/test-support';
import type { GraphQLSchema } from 'graphql';
import { Category, Channel, WorkOrderStatus as S } from '../src/domain';
import { schemaOptions } from '../src/schema';
import { graphqlAs, startHarness, who } from './support/int-harness';

const bj = (s: string) => new Date(`${s}+08:00`);
const meter = { sub: 'meter-1', name: '水表所', roles: ['department'], department: 'METER' } as Identity;
const MISS = `mutation($id: ID!, $a: DateTimeISO!, $b: DateTimeISO!, $n: String, $note: String) {
  recordMissedVisit(workOrderId: $id, newStartsAt: $a, newEndsAt: $b, noticeNumber: $n, note: $note) { number note leftBy leftAt missedStartsAt missedEndsAt startsAt endsAt } }`;
const ORDER = `query($id: ID!) { workOrder(id: $id) { status appointment { startsAt endsAt } reappointmentNotices { number startsAt leftAt } } }`;

describe('a missed home visit: re-appointment notice, clocks paused until the new visit, SMS with the new time (real PostgreSQL + Kafka)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  const wo = () => h.services.workOrders;
  const report = (category = Category.LEAK) =>
    wo().create(who.agent, { category, channel: Channel.PHONE, description: '表前漏水 leak before the meter', address: '人民路1号', reporter: { name: '张三', phone: '13800000001' } });
  const miss = (id: string, a: Date, b: Date, as: Identity = who.network, extra: Record<string, unknown> = {}) =>
    graphqlAs(schema, h.services, as, MISS, { id, a: a.toISOString(), b: b.toISOString(), ...extra });
  // Bad input names the argument as `argument`; a state conflict carries the order as `workOrderId` (see assertVisitMissable).
  const refused = (r: Awaited<ReturnType<typeof miss>>) => {
    const x = (r.errors?.[0]?.extensions ?? {}) as any;
    return { code: x.code, argument: x.argument ?? (x.workOrderId ? 'workOrderId' : undefined) };
  };
  let orderId = '';
  let firstResolveDue: Date;

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_missed_visit', '2026-06-15T09:00:00+08:00', { kafka: true });
    schema = (await buildFederatedSchema(schemaOptions)).schema;
    const o = await report();
    orderId = o.id;
    firstResolveDue = o.resolveDueAt!; // LEAK: 24 h from the report
    h.clock.set(bj('2026-06-15T09:02:00'));
    await wo().dispatch(who.agent, o.id, null);
    h.clock.set(bj('2026-06-15T09:05:00'));
    await wo().accept(who.network, o.id);
    await h.services.appointments.book(who.network, o.id, bj('2026-06-15T10:00:00'), bj('2026-06-15T11:00:00'));
    h.clock.set(bj('2026-06-15T10:05:00'));
    await wo().arriveOnSite(who.network, o.id);
  });
  afterAll(async () => h?.stop());

  it('refuses, naming the argument and changing nothing: a window not begun, no visit booked, a new window in the past or ending first, another department, a cancelled order', async () => {
    h.clock.set(bj('2026-06-15T09:50:00'));
    expect(refused(await miss(orderId, bj('2026-06-16T09:00:00'), bj('2026-06-16T10:00:00')))).toEqual({ code: 'CONFLICT', argument: 'workOrderId' });
    h.clock.set(bj('2026-06-15T10:20:00'));
    expect(refused(await miss(orderId, bj('2026-06-15T10:10:00'), bj('2026-06-15T11:00:00')))).toEqual({ code: 'INVALID_INPUT', argument: 'newStartsAt' });
    expect(refused(await miss(orderId, bj('2026-06-16T10:00:00'), bj('2026-06-16T09:00:00')))).toEqual({ code: 'INVALID_INPUT', argument: 'newEndsAt' });
    expect(refused(await miss(orderId, bj('2026-06-16T09:00:00'), bj('2026-06-16T10:00:00'), who.network, { n: 'x'.repeat(41) }))).toEqual({ code: 'INVALID_INPUT', argument: 'noticeNumber' });
    expect(refused(await miss(orderId, bj('2026-06-16T09:00:00'), bj('2026-06-16T10:00:00'), meter)).code).toBe('FORBIDDEN');

    const unbooked = await report();
    await wo().dispatch(who.agent, unbooked.id, null);
    await wo().accept(who.network, unbooked.id);
    expect(refused(await miss(unbooked.id, bj('2026-06-16T09:00:00'), bj('2026-06-16T10:00:00')))).toEqual({ code: 'CONFLICT', argument: 'workOrderId' });
    const cancelled = await report();
    await h.services.appointments.book(who.agent, cancelled.id, bj('2026-06-15T10:30:00'), bj('2026-06-15T11:00:00'));
    await wo().cancel(who.agent, cancelled.id, '客户撤销 / withdrawn');
    h.clock.set(bj('2026-06-15T10:40:00'));
    expect(refused(await miss(cancelled.id, bj('2026-06-16T09:00:00'), bj('2026-06-16T10:00:00'), who.agent))).toEqual({ code: 'CONFLICT', argument: 'workOrderId' });
    h.clock.set(bj('2026-06-15T10:20:00'));

    const read = (await graphqlAs(schema, h.services, who.agent, ORDER, { id: orderId })).data.workOrder;
    expect(read).toEqual({ status: S.ON_SITE, appointment: { startsAt: bj('2026-06-15T10:00:00').toISOString(), endsAt: bj('2026-06-15T11:00:00').toISOString() }, reappointmentNotices: [] });
    expect((await wo().history(orderId)).map((x) => x.action)).not.toContain('MISS_VISIT');
  });

  it('records the notice and the new window, waits with every clock frozen, and a gas window outside service hours is refused', async () => {
    h.clock.set(bj('2026-06-15T10:20:00'));
    const r = await miss(orderId, bj('2026-06-16T09:00:00'), bj('2026-06-16T10:00:00'), who.network, { n: ' ZY-0615-01 ', note: '邻居说下午在家' });
    expect(r.errors).toBeUndefined();
    expect(r.data.recordMissedVisit).toEqual({
      number: 'ZY-0615-01', note: '邻居说下午在家', leftBy: who.network.sub, leftAt: bj('2026-06-15T10:20:00').toISOString(),
      missedStartsAt: bj('2026-06-15T10:00:00').toISOString(), missedEndsAt: bj('2026-06-15T11:00:00').toISOString(),
      startsAt: bj('2026-06-16T09:00:00').toISOString(), endsAt: bj('2026-06-16T10:00:00').toISOString(),
    });
    const read = (await graphqlAs(schema, h.services, who.agent, ORDER, { id: orderId })).data.workOrder;
    expect(read.status).toBe(S.WAITING_CUSTOMER);
    expect(read.appointment.startsAt).toBe(bj('2026-06-16T09:00:00').toISOString());
    expect(read.reappointmentNotices.map((n: any) => n.number)).toEqual(['ZY-0615-01']);
    const last = (await wo().history(orderId)).at(-1)!;
    expect(last).toMatchObject({ action: 'MISS_VISIT', fromStatus: S.ON_SITE, toStatus: S.WAITING_CUSTOMER, actorId: who.network.sub });
    // Paused: no clock is watched, so a sweep long after the old deadline raises nothing.
    expect((await wo().clocksOf(orderId)).filter((c) => !c.metAt).map((c) => c.nextAt)).toEqual([null]);
    const swept = await h.scheduler.sweep(bj('2026-06-16T08:59:00'));
    expect(swept.resumed).toBe(0);
    expect((await wo().get(who.agent, orderId)).status).toBe(S.WAITING_CUSTOMER);
    expect((await wo().clocksOf(orderId)).find((c) => c.kind === 'resolve')!.level).toBe(0);

    const gas = await wo().create(who.agent, { utility: 'GAS', category: Category.GAS_SERVICE, channel: Channel.PHONE, description: '燃气表检查 meter check', address: '和平街2号', reporter: { phone: '13800000002' } });
    const gasCrew = { sub: 'gas-1', name: '安装', roles: ['department'], department: 'GAS_INSTALLATION' } as Identity;
    await wo().dispatch(who.agent, gas.id, null);
    await wo().accept(gasCrew, gas.id);
    await h.services.appointments.book(gasCrew, gas.id, bj('2026-06-15T10:30:00'), bj('2026-06-15T11:00:00'));
    h.clock.set(bj('2026-06-15T10:45:00'));
    expect(refused(await miss(gas.id, bj('2026-06-16T07:00:00'), bj('2026-06-16T08:30:00'), gasCrew))).toEqual({ code: 'INVALID_INPUT', argument: 'newStartsAt' });
  });

  it('the SLA sweep resumes the order at the new start itself: the pause ends then and the deadline moves by exactly the wait', async () => {
    const swept = await h.scheduler.sweep(bj('2026-06-16T09:07:00')); // the sweep comes by a little late
    expect(swept.resumed).toBe(1);
    const o = await wo().get(who.agent, orderId);
    expect(o.status).toBe(S.ON_SITE);
    expect(o.pausedAt).toBeNull();
    const pauses = await h.ds.query(`SELECT from_at, to_at FROM work_order_pause WHERE order_id = $1`, [orderId]);
    expect(pauses).toEqual([{ from_at: bj('2026-06-15T10:20:00'), to_at: bj('2026-06-16T09:00:00') }]);
    const waited = bj('2026-06-16T09:00:00').getTime() - bj('2026-06-15T10:20:00').getTime();
    expect(o.resolveDueAt).toEqual(new Date(firstResolveDue.getTime() + waited));
    expect((await wo().history(orderId)).at(-1)).toMatchObject({ action: 'RESUME', fromStatus: S.WAITING_CUSTOMER, toStatus: S.ON_SITE, actorId: 'system:visit-resume', at: bj('2026-06-16T09:00:00') });
    const resolve = (await wo().clocksOf(orderId)).find((c) => c.kind === 'resolve')!;
    expect(resolve.nextAt).not.toBeNull(); // watched again
    expect((await h.scheduler.sweep(bj('2026-06-16T09:08:00'))).resumed).toBe(0);
  });

  it('the customer gets the new time by SMS (Chinese first, Beijing time), published through the outbox onto Kafka', async () => {
    const sms = (await h.events(orderId)).filter((e) => e.type === 'workorder.sms-requested' && e.purpose === 'REAPPOINTMENT');
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ phone: '13800000001', text: { zh: expect.stringContaining('改约 06/16 09:00–10:00') } });
    expect(sms[0].text.zh).toContain('再约通知单');
    expect(sms[0].text.en).toContain('ZY-0615-01');
    const kafka = new Kafka({ clientId: 'tickets-int-missed-visit', brokers: testBrokers(), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `tickets-int-missed-visit-${Date.now()}` });
    const seen: any[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topicName(testTopicPrefix(), TOPICS.workorderEvents), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(JSON.parse(message.value!.toString())) });
    h.relay!.kick();
    const t0 = Date.now();
    while (!seen.some((e) => e.eventId === sms[0].eventId) && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 200));
    await consumer.disconnect();
    expect(seen.find((e) => e.eventId === sms[0].eventId)).toEqual(sms[0]);
  });
});
