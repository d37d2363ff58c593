// The tickets service against the real PostgreSQL (and Kafka for outage events and the outbox relay),
// driven by a ManualClock: deadlines, clocks, scheduler, extensions, returns, merge, known outages,
// callbacks and compensation — the first "Done when" list.
import { Kafka, logLevel } from 'kafkajs';
import { OutageEvent, topicName, TOPICS } from '@mainline/common';
import { testBrokers, testTopicPrefix } from '@mainline/test-support';
import { callbackMethod, Category, Channel, ComplaintConcern, Department, ProcessingLevel as L, WorkOrderStatus as S } from '../src/domain';
import { startConsumers } from '../src/app';
import { log, refusal, startHarness, who } from './support/int-harness';

const MIN = 60_000;
const T0 = '2026-03-02T09:00:00+08:00'; // Monday
const at = (s: string) => new Date(s);
const plus = (d: Date | string, min: number) => new Date(new Date(d).getTime() + min * MIN);

describe('WorkOrderService (real PostgreSQL + Kafka, injected clock)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const wo = () => h.services.workOrders;
  const report = (category: Category, extra: Record<string, unknown> = {}) =>
    wo().create(who.agent, { category, channel: Channel.PHONE, description: '测试报修 test report', address: '人民路1号', location: { lon: 116.4, lat: 39.9 }, reporter: { name: '张三', phone: '13800000000' }, ...extra });

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_orders', T0, { kafka: true });
    await h.services.settings.setDepartmentHeads(who.supervisor, Department.NETWORK, ['net-head']);
  });
  afterAll(async () => h?.stop());

  describe('deadlines', () => {
    it('BURST: routed to NETWORK, dispatch 5 min, accept 20 min, on site 40 min, resolve 24 h from the report', async () => {
      h.clock.set(T0);
      const o = await report(Category.BURST);
      expect(o).toMatchObject({ status: S.NEW, department: Department.NETWORK });
      expect(o.dispatchDueAt).toEqual(plus(T0, 5));
      expect(o.acceptDueAt).toEqual(plus(T0, 20));
      expect(o.onSiteDueAt).toEqual(plus(T0, 40));
      expect(o.resolveDueAt).toEqual(plus(T0, 24 * 60));
      expect(o.callbackDueAt).toBeNull(); // runs from resolution
      // Accept deadline runs from the actual dispatch once there is one.
      h.clock.set(plus(T0, 3));
      const d = await wo().dispatch(who.agent, o.id, null);
      expect(d.acceptDueAt).toEqual(plus(T0, 23));
      h.clock.set(plus(T0, 10));
      await wo().accept(who.network, o.id);
      h.clock.set(plus(T0, 30));
      await wo().arriveOnSite(who.network, o.id);
      h.clock.set(plus(T0, 300));
      const r = await wo().resolve(who.network, o.id, '已修复 repaired');
      expect(r.callbackDueAt).toEqual(plus(T0, 300 + 3 * 24 * 60));
      expect((await wo().history(o.id)).map((x) => x.action)).toEqual(['CREATE', 'DISPATCH', 'ACCEPT', 'ARRIVE', 'RESOLVE']);
    });

    it('complaint acceptance is 1 h from the report, not from the dispatch (and its clock runs from the report)', async () => {
      h.clock.set(T0);
      const c = await report(Category.COMPLAINT);
      expect(c.department).toBe(Department.DISCIPLINE);
      expect(c.acceptDueAt).toEqual(plus(T0, 60));
      h.clock.set(plus(T0, 25)); // dispatched 25 min after the report
      const d = await wo().dispatch(who.agent, c.id, null);
      expect(d.acceptDueAt).toEqual(plus(T0, 60)); // not dispatch + 1 h
      expect((await wo().clocksOf(c.id)).find((k) => k.kind === 'accept')).toMatchObject({ startedAt: at(T0), dueAt: plus(T0, 60) });
      await h.scheduler.sweep(plus(T0, 61));
      expect((await wo().clocksOf(c.id)).find((k) => k.kind === 'accept')?.level).toBe(3);
      expect((await report(Category.WATER_QUALITY)).department).toBe(Department.QUALITY);
    });

    it('complaints route by concern: works quality and timeliness to WORKS, staff conduct to DISCIPLINE', async () => {
      h.clock.set(T0);
      const works = await report(Category.COMPLAINT, { complaintConcern: ComplaintConcern.WORKS_QUALITY });
      const late = await report(Category.COMPLAINT, { complaintConcern: ComplaintConcern.TIMELINESS });
      const rude = await report(Category.COMPLAINT, { complaintConcern: ComplaintConcern.STAFF_CONDUCT });
      expect([works, late, rude].map((x) => [x.department, x.complaintConcern])).toEqual([
        [Department.WORKS, 'WORKS_QUALITY'], [Department.WORKS, 'TIMELINESS'], [Department.DISCIPLINE, 'STAFF_CONDUCT'],
      ]);
      expect((await h.ds.query(`SELECT complaint_concern FROM work_order WHERE id = $1`, [works.id]))[0].complaint_concern).toBe('WORKS_QUALITY');
      const e = await refusal(report(Category.LEAK, { complaintConcern: ComplaintConcern.STAFF_CONDUCT }));
      expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'input.complaintConcern' } });
    });

    it('working days: 3 working days from Friday skip the weekend and the Qingming holiday Monday', async () => {
      h.clock.set('2026-04-03T10:00:00+08:00'); // Friday; 4–6 April is Qingming (Sat–Mon)
      const c = await report(Category.COMPLAINT);
      expect(c.resolveDueAt).toEqual(at('2026-04-09T17:30:00+08:00')); // Tue, Wed, Thu
    });

    it('supervisors change the SLA table and the routing table; new orders follow them', async () => {
      h.clock.set(T0);
      await h.services.settings.setSlaTarget(who.supervisor, Category.COVER, 'resolve', { basis: 'working', workingDays: 1 });
      await h.services.settings.setRouting(who.supervisor, { category: Category.COVER, department: Department.WORKS, statusSms: false });
      const o = await report(Category.COVER);
      expect(o.department).toBe(Department.WORKS);
      expect(o.resolveDueAt).toEqual(at('2026-03-03T17:30:00+08:00'));
      expect((await refusal(h.services.settings.setRouting(who.agent, { category: Category.COVER, department: Department.NETWORK, statusSms: true }))).code).toBe('FORBIDDEN');
    });
  });

  describe('clocks and the scheduler', () => {
    it('pause while waiting for the customer moves the deadline; the sweep leaves a paused clock alone', async () => {
      h.clock.set(T0);
      const o = await report(Category.LEAK);
      await wo().dispatch(who.agent, o.id, null);
      h.clock.set(plus(T0, 5));
      await wo().accept(who.network, o.id);
      h.clock.set(plus(T0, 10));
      await wo().waitForCustomer(who.network, o.id, '用户不在家 nobody home');
      h.clock.set(plus(T0, 45)); // past the original on-site deadline, but paused
      await h.scheduler.sweep(h.clock.now());
      expect((await wo().clocksOf(o.id)).find((c) => c.kind === 'onSite')?.level).toBe(0);
      const resumed = await wo().resume(who.network, o.id);
      expect(resumed.status).toBe(S.ACCEPTED);
      expect(resumed.onSiteDueAt).toEqual(plus(T0, 40 + 35));
      expect(resumed.resolveDueAt).toEqual(plus(T0, 24 * 60 + 35));
    });

    it('resolution stops the earlier clocks: fixed without a recorded arrival, the order is no longer breached', async () => {
      h.clock.set(T0);
      const o = await report(Category.LEAK);
      await wo().dispatch(who.agent, o.id, null);
      await wo().accept(who.network, o.id);
      await h.scheduler.sweep(plus(T0, 41)); // on-site deadline (40 min) missed
      expect((await wo().get(who.supervisor, o.id)).breached).toBe(true);
      h.clock.set(plus(T0, 50));
      const done = await wo().resolve(who.network, o.id, '电话指导关阀 fixed by phone');
      expect(done.breached).toBe(false);
      const onSite = (await wo().clocksOf(o.id)).find((c) => c.kind === 'onSite');
      expect(onSite).toMatchObject({ level: 3, metAt: plus(T0, 50), nextAt: null }); // the breach stays on record
      await h.scheduler.sweep(plus(T0, 60));
      expect((await wo().get(who.supervisor, o.id)).breached).toBe(false);
    });

    it('marks WARN_50, WARN_80 and BREACHED, escalates to the department head and supervision, proposes compensation', async () => {
      h.clock.set(T0);
      const o = await report(Category.LEAK);
      await wo().dispatch(who.agent, o.id, null);
      h.clock.set(plus(T0, 4));
      await wo().accept(who.network, o.id);
      const level = async () => (await wo().clocksOf(o.id)).find((c) => c.kind === 'onSite')!.level;
      await h.scheduler.sweep(plus(T0, 19));
      expect(await level()).toBe(0);
      await h.scheduler.sweep(plus(T0, 20));
      expect(await level()).toBe(1);
      await h.scheduler.sweep(plus(T0, 32));
      expect(await level()).toBe(2);
      await h.scheduler.sweep(plus(T0, 40)); // at the deadline: still on time
      expect(await level()).toBe(2);
      // Two replicas sweeping at once: the breach is recorded once.
      await Promise.all([h.scheduler.sweep(plus(T0, 41)), h.scheduler.sweep(plus(T0, 41))]);
      expect(await level()).toBe(3);
      expect((await wo().get(who.agent, o.id)).breached).toBe(true);
      const esc = await wo().escalations({ orderId: o.id, limit: 10 });
      expect(esc).toEqual([expect.objectContaining({ kind: 'onSite', department: 'NETWORK', heads: ['net-head'], toSupervision: true })]);
      const ev = (await h.events(o.id)).filter((e) => e.type === 'workorder.breached');
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({ sla: { target: 'onSite', level: 'BREACHED' }, workOrder: { id: o.id, department: 'NETWORK' } });
      expect((await h.events(o.id)).filter((e) => e.type === 'workorder.sla-warning').map((e) => e.sla.level)).toEqual(['WARN_50', 'WARN_80']);
      let comp = await wo().compensation({ orderId: o.id, limit: 10 });
      // A fine on the responsible unit (internal), not compensation paid to the customer.
      expect(comp).toEqual([expect.objectContaining({ ruleId: 'LEAK_LATE_ON_SITE', amountCny: 100, status: 'PROPOSED', provisional: true, payee: 'INTERNAL', responsibleDepartment: 'NETWORK' })]);
      h.clock.set(plus(T0, 55));
      await wo().arriveOnSite(who.network, o.id);
      comp = await wo().compensation({ orderId: o.id, limit: 10 });
      expect(comp).toEqual([expect.objectContaining({ amountCny: 100, provisional: false, payee: 'INTERNAL', source: 'deadline' })]);
      expect((await refusal(wo().decideCompensation(who.agent, comp[0].id, true))).code).toBe('FORBIDDEN');
      expect(await wo().decideCompensation(who.supervisor, comp[0].id, true)).toMatchObject({ status: 'CONFIRMED' });
    });

    it('LATE_REPLY belongs to new-connection applications, not billing: a billing reply 2.5 days late owes the customer nothing', async () => {
      h.clock.set(T0);
      const o = await report(Category.BILLING);
      await wo().dispatch(who.agent, o.id, null);
      await wo().accept(who.business, o.id);
      await h.scheduler.sweep(plus(T0, 25 * 60));
      expect((await wo().get(who.agent, o.id)).breached).toBe(true); // late it is
      h.clock.set(plus(T0, 24 * 60 + 60 * 60));
      await wo().resolve(who.business, o.id, '已答复 answered');
      expect(await wo().compensation({ orderId: o.id, limit: 10 })).toEqual([]);
    });

    it('the events reach Kafka through the outbox with their event ids', async () => {
      const kafka = new Kafka({ clientId: 'tickets-int-reader', brokers: testBrokers(), logLevel: logLevel.NOTHING });
      const consumer = kafka.consumer({ groupId: `tickets-int-${Date.now()}` });
      const seen: any[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: topicName(testTopicPrefix(), TOPICS.workorderEvents), fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(JSON.parse(message.value!.toString())) });
      h.relay!.kick();
      const expected = (await h.events()).filter((e) => e.type === 'workorder.breached').map((e) => e.eventId);
      const t0 = Date.now();
      while (!expected.every((id) => seen.some((s) => s.eventId === id)) && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 200));
      await consumer.disconnect();
      expect(expected.length).toBeGreaterThan(0);
      expect(seen.filter((s) => expected.includes(s.eventId)).map((s) => s.type)).toEqual(expected.map(() => 'workorder.breached'));
      expect(seen.some((s) => s.type === 'workorder.created')).toBe(true);
    });
  });

  describe('processing levels', () => {
    const resolveClock = async (id: string) => (await wo().clocksOf(id)).find((c) => c.kind === 'resolve');

    it('GOVERNMENT and MEDIA referrals get the 24 h level (a 5-day works-quality order due in 24 h); a phone report keeps 5 days', async () => {
      h.clock.set(T0);
      for (const channel of [Channel.GOVERNMENT, Channel.MEDIA]) {
        const o = await report(Category.WORKS_QUALITY, { channel });
        expect(o).toMatchObject({ priority: L.HOURS_24, priorityReason: 'REFERRAL', prioritySetBy: null, resolveDueAt: plus(T0, 24 * 60) });
        expect(await resolveClock(o.id)).toMatchObject({ dueAt: plus(T0, 24 * 60) });
      }
      expect(await report(Category.WORKS_QUALITY)).toMatchObject({ priority: L.NORMAL, resolveDueAt: plus(T0, 5 * 24 * 60) });
      // A rule never loosens: a 4 h mains-pressure answer referred by the media keeps 4 h.
      expect(await report(Category.MAINS_PRESSURE, { channel: Channel.MEDIA })).toMatchObject({ priority: L.NORMAL, resolveDueAt: plus(T0, 4 * 60) });
    });

    it('an order flagged as risking injury or property loss gets the 24 h level', async () => {
      h.clock.set(T0);
      const o = await report(Category.SUPPLY_DIFFICULTY, { riskOfInjuryOrDamage: true });
      expect(o).toMatchObject({ priority: L.HOURS_24, priorityReason: 'RISK', riskOfInjuryOrDamage: true, resolveDueAt: plus(T0, 24 * 60) });
    });

    it('URGENT is no longer 12 h by default: 24 h', async () => {
      h.clock.set(T0);
      expect((await report(Category.URGENT)).resolveDueAt).toEqual(plus(T0, 24 * 60));
    });

    it('the level chosen by the call center sets the resolve deadline and records who changed it; a department may not change it', async () => {
      h.clock.set(T0);
      const chosen = await report(Category.THEFT, { priority: L.HOURS_12 });
      expect(chosen).toMatchObject({ priority: L.HOURS_12, priorityReason: 'CALL_CENTER', prioritySetBy: 'agent-1', prioritySetAt: at(T0), resolveDueAt: plus(T0, 12 * 60) });
      const o = await report(Category.THEFT); // 48 h
      const inspection = { ...who.network, sub: 'insp-1', department: 'INSPECTION' as const };
      await wo().dispatch(who.agent, o.id, null);
      await wo().accept(inspection, o.id);
      h.clock.set(plus(T0, 60));
      const raised = await wo().setProcessingLevel(who.agent, o.id, L.HOURS_36, '可能影响公司声誉 may hurt the reputation');
      expect(raised).toMatchObject({ status: S.ACCEPTED, priority: L.HOURS_36, prioritySetBy: 'agent-1', prioritySetAt: plus(T0, 60), priorityReason: '可能影响公司声誉 may hurt the reputation' });
      expect(raised.resolveDueAt).toEqual(plus(T0, 36 * 60)); // from the report, not from the change
      expect(await resolveClock(o.id)).toMatchObject({ dueAt: plus(T0, 36 * 60), warn1At: plus(T0, 18 * 60) });
      expect((await wo().history(o.id)).at(-1)).toMatchObject({
        action: 'SET_LEVEL', actorId: 'agent-1', fromStatus: S.ACCEPTED, toStatus: S.ACCEPTED,
        detail: { level: 'HOURS_36', previousLevel: 'NORMAL', reason: '可能影响公司声誉 may hurt the reputation' },
      });
      // The scheduler watches the new deadline: 36 h + 1 min is a breach (it was not under the 48 h target).
      await h.scheduler.sweep(plus(T0, 36 * 60 + 1));
      expect((await resolveClock(o.id))?.level).toBe(3);
      // Back to NORMAL: the category's 48 h again, and the breach raised for the level is lowered.
      const back = await wo().setProcessingLevel(who.supervisor, o.id, L.NORMAL, '误设 set by mistake');
      expect(back).toMatchObject({ priority: L.NORMAL, prioritySetBy: 'sup-1', resolveDueAt: plus(T0, 48 * 60), breached: false });
      expect((await refusal(wo().setProcessingLevel(inspection, o.id, L.HOURS_12, '自己改 own change'))).code).toBe('FORBIDDEN');
      expect((await refusal(wo().setProcessingLevel(who.agent, o.id, L.HOURS_12, ''))).code).toBe('INVALID_INPUT');
      expect((await wo().get(who.agent, o.id)).priority).toBe(L.NORMAL); // refused changes change nothing
    });
  });

  describe('compensation findings', () => {
    it('meter not read: 20 CNY once; overcharge: refunded 3–5 times; meter box late: 1 % of its cost per day — recorded by a supervisor, kept by later transitions', async () => {
      h.clock.set(T0);
      const bill = await report(Category.BILLING);
      const notRead = await wo().recordCompensationFinding(who.supervisor, bill.id, { ruleId: 'METER_NOT_READ', note: '连续两月估抄 estimated two months' });
      expect(notRead).toMatchObject({ ruleId: 'METER_NOT_READ', amountCny: 20, units: 1, status: 'PROPOSED', payee: 'CUSTOMER', source: 'finding', responsibleDepartment: 'BUSINESS' });
      const over = await wo().recordCompensationFinding(who.supervisor, bill.id, { ruleId: 'OVERCHARGE_REFUND', baseAmountCny: 38.4, multiple: 5 });
      expect(over).toMatchObject({ amountCny: 192, baseAmountCny: 38.4, rate: 5 });
      const dup = await refusal(wo().recordCompensationFinding(who.supervisor, bill.id, { ruleId: 'METER_NOT_READ' }));
      expect(dup).toMatchObject({ code: 'CONFLICT', details: { argument: 'input.ruleId' } });
      expect((await refusal(wo().recordCompensationFinding(who.supervisor, bill.id, { ruleId: 'OVERCHARGE_REFUND', baseAmountCny: 10, multiple: 6 }))).details.argument).toBe('input.multiple');
      expect((await refusal(wo().recordCompensationFinding(who.agent, bill.id, { ruleId: 'METER_NOT_READ' }))).code).toBe('FORBIDDEN');
      expect((await refusal(wo().recordCompensationFinding(who.supervisor, bill.id, { ruleId: 'NO_SUCH_RULE' }))).code).toBe('NOT_FOUND');
      // Transitions replan the deadline proposals; a recorded finding stays.
      await wo().dispatch(who.agent, bill.id, null);
      await wo().accept(who.business, bill.id);
      await wo().resolve(who.business, bill.id, '已退费 refunded');
      expect((await wo().compensation({ orderId: bill.id, limit: 10 })).map((c) => c.ruleId).sort()).toEqual(['METER_NOT_READ', 'OVERCHARGE_REFUND']);
      const box = await report(Category.METER_BOX);
      expect(await wo().recordCompensationFinding(who.supervisor, box.id, { ruleId: 'METER_BOX_LATE', baseAmountCny: 2800, days: 3 })).toMatchObject({ amountCny: 84, units: 3, rate: 0.01 });
      expect((await wo().decideCompensation(who.supervisor, notRead.id, true)).status).toBe('CONFIRMED');
    });
  });

  describe('extensions', () => {
    it('requested before the deadline and approved by the department head moves the resolve deadline; an agent cannot decide', async () => {
      h.clock.set(T0);
      const o = await report(Category.LEAK);
      await wo().dispatch(who.agent, o.id, null);
      await wo().accept(who.network, o.id);
      h.clock.set(plus(T0, 20 * 60));
      const newDue = plus(T0, 48 * 60);
      const r = await wo().requestExtension(who.network, o.id, newDue, '需停水配合 needs a shutoff');
      expect(r.status).toBe(S.EXTENSION_REQUESTED);
      expect((await refusal(wo().decideExtension(who.agent, o.id, true, null))).code).toBe('FORBIDDEN');
      expect((await refusal(wo().decideExtension(who.network, o.id, true, null))).code).toBe('FORBIDDEN'); // not a head
      const d = await wo().decideExtension(who.networkHead, o.id, true, '同意 approved');
      expect(d.status).toBe(S.ACCEPTED);
      expect(d.resolveDueAt).toEqual(newDue);
      expect((await wo().extensions(o.id))[0]).toMatchObject({ approved: true, decidedBy: 'net-head' });
    });

    it('a request after the deadline is refused (SLA_RULE); a denied one leaves the deadline', async () => {
      h.clock.set(T0);
      const o = await report(Category.LEAK);
      await wo().dispatch(who.agent, o.id, null);
      await wo().accept(who.network, o.id);
      h.clock.set(plus(T0, 10 * 60));
      await wo().requestExtension(who.network, o.id, plus(T0, 30 * 60), '材料未到 parts');
      const denied = await wo().decideExtension(who.supervisor, o.id, false, '不同意');
      expect(denied.resolveDueAt).toEqual(plus(T0, 24 * 60));
      h.clock.set(plus(T0, 24 * 60 + 1));
      const e = await refusal(wo().requestExtension(who.network, o.id, plus(T0, 48 * 60), '太晚了 too late'));
      expect(e.code).toBe('SLA_RULE');
    });
  });

  describe('returns, merge, department isolation', () => {
    it('a department returns a misrouted order only with the call center’s permission; the clock keeps running', async () => {
      h.clock.set(T0);
      const o = await report(Category.CUSTOMER_PRESSURE);
      await wo().dispatch(who.agent, o.id, null);
      await wo().accept(who.network, o.id);
      const denied = await refusal(wo().returnOrder(who.network, o.id, '属于生产调度 mains side'));
      expect(denied.code).toBe('FORBIDDEN');
      await wo().grantReturnPermission(who.agent, o.id);
      h.clock.set(plus(T0, 30));
      const r = await wo().returnOrder(who.network, o.id, '属于生产调度 mains side');
      expect(r).toMatchObject({ status: S.RETURNED, returnCount: 1, resolveDueAt: o.resolveDueAt });
      const last = (await wo().history(o.id)).at(-1)!;
      expect(last).toMatchObject({ action: 'RETURN', actorId: 'net-crew', detail: { permittedBy: 'agent-1' } });
      // Permission is used up: a second return needs a new one.
      await wo().dispatch(who.agent, o.id, Department.PRODUCTION);
      // Re-dispatched elsewhere: the first dispatch time (and so every clock) stays.
      expect(await wo().get(who.agent, o.id)).toMatchObject({ status: S.DISPATCHED, department: Department.PRODUCTION, dispatchedAt: at(T0) });
    });

    it('a duplicate report is offered and merged: the caller is linked, not dispatched again', async () => {
      h.clock.set(T0);
      const first = await wo().create(who.agent, { category: Category.BURST, channel: Channel.PHONE, description: '路面冒水', location: { lon: 116.5, lat: 39.95 } });
      h.clock.set(plus(T0, 15));
      const second = await wo().create(who.agent, { category: Category.LEAK, channel: Channel.WECHAT, description: '同一处漏水', location: { lon: 116.5005, lat: 39.9502 } });
      const far = await wo().create(who.agent, { category: Category.LEAK, channel: Channel.WECHAT, description: '别处', location: { lon: 116.6, lat: 39.95 } });
      const cands = await wo().duplicateCandidates(second);
      expect(cands.map((c) => c.orderId)).toContain(first.id);
      expect(cands.map((c) => c.orderId)).not.toContain(far.id);
      const m = await wo().merge(who.agent, second.id, first.id);
      expect(m).toMatchObject({ status: S.MERGED, mergedInto: first.id });
      expect((await wo().history(first.id)).at(-1)).toMatchObject({ action: 'LINK_CALLER', detail: { mergedOrderId: second.id } });
      expect((await wo().clocksOf(second.id))).toEqual([]);
      expect((await refusal(wo().dispatch(who.agent, second.id, null))).code).toBe('CONFLICT');
    });

    it('a department reads and acts on its own orders only', async () => {
      h.clock.set(T0);
      const o = await report(Category.BURST);
      expect((await refusal(wo().get(who.quality, o.id))).code).toBe('FORBIDDEN');
      await wo().dispatch(who.agent, o.id, null);
      expect((await refusal(wo().accept(who.quality, o.id))).code).toBe('FORBIDDEN');
      expect((await refusal(wo().list(who.quality, { department: Department.NETWORK }, 10))).code).toBe('FORBIDDEN');
      const own = await wo().list(who.network, {}, 500);
      expect(own.items.length).toBeGreaterThan(0);
      expect(own.items.every((x) => x.department === Department.NETWORK)).toBe(true);
      expect((await wo().accept(who.network, o.id)).status).toBe(S.ACCEPTED);
      expect((await refusal(wo().accept(who.network, o.id))).code).toBe('CONFLICT'); // illegal transition
    });

    it('lists with filters and cursor pagination', async () => {
      const p1 = await wo().list(who.agent, { department: Department.NETWORK }, 3);
      expect(p1.items).toHaveLength(3);
      const p2 = await wo().list(who.agent, { department: Department.NETWORK }, 3, p1.nextCursor);
      expect(p2.items.map((x) => x.id)).not.toContain(p1.items[0].id);
      const breached = await wo().list(who.agent, { breached: true }, 50);
      expect(breached.items.length).toBeGreaterThan(0);
      expect(breached.items.every((x) => x.breached)).toBe(true);
      const box = await wo().list(who.agent, { bbox: { minLon: 116.49, maxLon: 116.51, minLat: 39.94, maxLat: 39.96 } }, 50);
      expect(box.items.length).toBeGreaterThan(0);
      expect(box.items.map((x) => x.lon)).toEqual(box.items.map(() => expect.any(Number)));
      expect(box.items.every((x) => x.lon! >= 116.49 && x.lon! <= 116.51)).toBe(true);
    });
  });

  describe('known outages (outage.events on Kafka → local projection)', () => {
    it('links a no-water report from inside an active outage area and answers it at once', async () => {
      await startConsumers({ ds: h.ds, bus: h.bus!, outages: h.outages, ignition: h.ignition, workOrders: wo(), topicPrefix: testTopicPrefix(), log });
      const ev: OutageEvent = {
        type: 'outage.started', eventId: `ev-${Date.now()}`, occurredAt: '2026-03-02T00:30:00Z',
        outage: {
          id: 'outage-int-1', number: 'TS-2026-0001', kind: 'EMERGENCY', status: 'IN_PROGRESS', reason: '爆管抢修 burst repair',
          startsAt: '2026-03-02T00:30:00Z', endsAt: '2026-03-02T06:00:00Z', onMainRoad: false, population: 1200, requiresRegulatorApproval: false,
          threshold: 5000, area: { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[116.30, 39.80], [116.32, 39.80], [116.32, 39.82], [116.30, 39.82], [116.30, 39.80]]] } },
          areaNames: ['幸福小区'], importantUsers: [], valveCount: 3, networkName: 'Net3',
        },
      };
      const producer = new Kafka({ clientId: 'tickets-int-producer', brokers: testBrokers(), logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      const send = () => producer.send({ topic: topicName(testTopicPrefix(), TOPICS.outageEvents), messages: [{ key: ev.outage.id, value: JSON.stringify(ev) }] });
      await send();
      await send(); // a re-delivery changes nothing (de-duplicated by event id)
      await producer.disconnect();
      const t0 = Date.now();
      while (!(await h.outages.get('outage-int-1')) && Date.now() - t0 < 60000) await new Promise((r) => setTimeout(r, 200));
      expect(await h.outages.get('outage-int-1')).toMatchObject({ status: 'IN_PROGRESS', areaNames: ['幸福小区'] });
      const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM processed_message WHERE message_id = $1`, [ev.eventId]);
      expect(n).toBe(1);

      h.clock.set('2026-03-02T10:00:00+08:00');
      const inside = await wo().create(who.agent, { category: Category.NO_WATER, channel: Channel.PHONE, description: '家里没水', location: { lon: 116.31, lat: 39.81 } });
      expect(inside).toMatchObject({ status: S.LINKED_TO_OUTAGE, outageId: 'outage-int-1', department: Department.NETWORK });
      expect(await wo().clocksOf(inside.id)).toEqual([]);
      expect((await wo().history(inside.id)).at(-1)).toMatchObject({ action: 'LINK_OUTAGE', detail: { outageNumber: 'TS-2026-0001', expectedEnd: '2026-03-02T06:00:00.000Z' } });
      const outside = await wo().create(who.agent, { category: Category.NO_WATER, channel: Channel.PHONE, description: '家里没水', location: { lon: 116.35, lat: 39.81 } });
      expect(outside.status).toBe(S.NEW);
      const burst = await wo().create(who.agent, { category: Category.BURST, channel: Channel.PHONE, description: '爆管', location: { lon: 116.31, lat: 39.81 } });
      expect(burst.status).toBe(S.NEW); // a new fault inside the area is still dispatched
      h.clock.set('2026-03-02T15:00:00+08:00'); // after the expected end, but not restored: still linked
      expect((await wo().create(who.agent, { category: Category.NO_WATER, channel: Channel.PHONE, description: '还没水', location: { lon: 116.31, lat: 39.81 } })).status).toBe(S.LINKED_TO_OUTAGE);
    });
  });

  describe('callbacks', () => {
    async function resolved(category: Category) {
      h.clock.set(T0);
      const o = await report(category);
      await wo().dispatch(who.agent, o.id, null);
      const dept = { ...who.network, department: o.department };
      await wo().accept(dept, o.id);
      return wo().resolve(dept, o.id, '已处理 done');
    }

    it('samples by a hash of the order id (95 % SMS / 5 % phone); complaints always by phone', async () => {
      const orders = [];
      for (let i = 0; i < 6; i++) orders.push(await resolved(Category.BILLING));
      for (const o of orders) {
        expect(o.callbackMethod).toBe(callbackMethod(o.id, Category.BILLING));
        const tasks = await wo().callbackTasks({ orderId: o.id, limit: 5 });
        expect(tasks).toEqual([expect.objectContaining({ method: o.callbackMethod, reason: 'AFTER_SERVICE', status: 'OPEN' })]);
        const sms = (await h.events(o.id)).filter((e) => e.type === 'workorder.sms-requested').map((e) => e.purpose);
        expect(sms).toEqual(o.callbackMethod === 'SMS' ? ['STATUS_ACCEPTED', 'STATUS_RESOLVED', 'SURVEY'] : ['STATUS_ACCEPTED', 'STATUS_RESOLVED']);
      }
      const c = await resolved(Category.COMPLAINT);
      expect(c.callbackMethod).toBe('PHONE');
    });

    /**
     * An order resolved on the SMS survey path. Which orders are phoned is a hash of the (random) order id,
     * so a test of the SMS path must not leave it to the draw: with no phone share every order is surveyed by SMS.
     */
    async function resolvedSurveyedBySms(category: Category) {
      const share = h.cfg.callback.phoneShare;
      h.cfg.callback.phoneShare = 0;
      try {
        const o = await resolved(category);
        expect(o.callbackMethod).toBe('SMS');
        return o;
      } finally {
        h.cfg.callback.phoneShare = share;
      }
    }

    it('an unsatisfied SMS answer reopens the order for the department and creates a phone callback task', async () => {
      let o = await resolvedSurveyedBySms(Category.LEAK);
      const reply = { replyId: `r-${o.id}`, workOrderId: o.id, satisfied: false, comment: '还在漏 still leaking' };
      o = await wo().applySurveyReply(who.noticeSystem, reply);
      expect(o).toMatchObject({ status: S.REOPENED, callbackSatisfied: false });
      expect((await wo().applySurveyReply(who.noticeSystem, reply)).status).toBe(S.REOPENED); // same reply again: no change
      expect((await h.events(o.id)).filter((e) => e.type === 'workorder.reopened')).toHaveLength(1);
      const tasks = await wo().callbackTasks({ orderId: o.id, openOnly: true, limit: 5 });
      expect(tasks).toEqual([expect.objectContaining({ method: 'PHONE', reason: 'UNSATISFIED_SURVEY' })]);
      // The revisit has a deadline of its own: LEAK's 24 h resolve target again, from the reopening.
      const reopenedAt = h.clock.now();
      expect(o).toMatchObject({ reopenCount: 1, reopenedAt, revisitDueAt: plus(reopenedAt, 24 * 60), revisitResolvedAt: null, resolveDueAt: plus(T0, 24 * 60) });
      expect((await wo().clocksOf(o.id)).find((c) => c.kind === 'revisit')).toMatchObject({ dueAt: plus(reopenedAt, 24 * 60), metAt: null, level: 0 });
      expect((await wo().accept(who.network, o.id)).status).toBe(S.ACCEPTED); // the department revisits
      h.clock.advance(60 * MIN);
      const done = await wo().resolve(who.network, o.id, '复修完成 fixed again');
      expect(done.resolvedAt).toEqual(plus(T0, 0)); // the first resolution keeps its time (the report judges it)
      expect(done.revisitResolvedAt).toEqual(h.clock.now());
      expect((await wo().clocksOf(o.id)).find((c) => c.kind === 'revisit')).toMatchObject({ metAt: h.clock.now(), nextAt: null });
      // The customer is asked again, the callback target (3 days) counted from the revisit's resolution.
      const again = (await wo().callbackTasks({ orderId: o.id, openOnly: true, limit: 5 })).filter((t) => t.reason === 'AFTER_REVISIT');
      expect(again).toEqual([expect.objectContaining({ method: done.callbackMethod, dueAt: plus(h.clock.now(), 3 * 24 * 60) })]);
      const cb = await wo().recordCallback(who.agent, done.id, { satisfied: true, method: 'PHONE', attitude: '好', timeliness: '及时' });
      expect(cb.status).toBe(S.CALLED_BACK);
      expect((await wo().callbacks(o.id)).map((c) => c.satisfied)).toEqual([false, true]);
      expect((await wo().close(who.agent, o.id)).status).toBe(S.CLOSED);
    });

    it('a revisit not resolved in time is breached and escalated like any deadline; a second reopening starts a new revisit', async () => {
      h.clock.set(T0);
      let o = await report(Category.LEAK);
      await wo().dispatch(who.agent, o.id, null);
      await wo().accept(who.network, o.id);
      await wo().arriveOnSite(who.network, o.id);
      await wo().resolve(who.network, o.id, '已处理 done');
      o = await wo().applySurveyReply(who.noticeSystem, { replyId: `r1-${o.id}`, workOrderId: o.id, satisfied: false });
      const first = o.revisitDueAt!;
      await h.scheduler.sweep(plus(first, 1));
      o = await wo().get(who.supervisor, o.id);
      expect(o.breached).toBe(true);
      expect((await wo().clocksOf(o.id)).find((c) => c.kind === 'revisit')?.level).toBe(3);
      expect((await wo().escalations({ orderId: o.id, limit: 10 })).map((e) => e.kind)).toContain('revisit');
      const late = await h.events(o.id);
      expect(late.filter((e) => e.type === 'workorder.breached').map((e) => e.sla.target)).toContain('revisit');
      // Resolved late, then unsatisfied again: a fresh revisit from the second reopening.
      h.clock.set(plus(first, 30));
      await wo().accept(who.network, o.id);
      await wo().resolve(who.network, o.id, '再修 again');
      h.clock.set(plus(first, 90));
      o = await wo().recordCallback(who.agent, o.id, { satisfied: false, method: 'PHONE', comment: '仍未解决 still not fixed' });
      expect(o).toMatchObject({ status: S.REOPENED, reopenCount: 2, reopenedAt: plus(first, 90), revisitDueAt: plus(first, 90 + 24 * 60), revisitResolvedAt: null, breached: false });
    });

    it('a satisfied answer marks it called back; only the notice system (or a supervisor) submits replies', async () => {
      const o = await resolvedSurveyedBySms(Category.METER_FAULT);
      expect((await refusal(wo().applySurveyReply(who.agent, { replyId: `x-${o.id}`, workOrderId: o.id, satisfied: true }))).code).toBe('FORBIDDEN');
      expect((await wo().applySurveyReply(who.noticeSystem, { replyId: `y-${o.id}`, workOrderId: o.id, satisfied: true })).status).toBe(S.CALLED_BACK);
    });
  });
});
