// Heat and gas on the same desk (issue 9), through the tickets services on the real PostgreSQL and Kafka with
// an injected clock: utility kinds and their categories, the heat and gas clocks (season, first reply, working
// days from the next day, severity), reports logged after the fact, department isolation per kind, the
// heating season and its event on settings.events, home visits inside service hours, the report per kind.
import { Kafka, logLevel } from 'kafkajs';
import { buildFederatedSchema, Identity, topicName, TOPICS } from '@mainline/common';
import { HEATING_SEASONS_KEY } from '@mainline/common/domain';
import { testBrokers, testTopicPrefix } from '@mainline/test-support';
import { GraphQLSchema } from 'graphql';
import { Category as C, Channel, Department as D, Severity, WorkOrderStatus as S } from '../src/domain';
import { schemaOptions } from '../src/schema';
import { graphqlAs, refusal, startHarness, who } from './support/int-harness';
import { ReportCrossChecks } from './support/report-cross-checks';

const MIN = 60_000;
const bj = (s: string) => new Date(`${s}+08:00`);
const plus = (d: Date | string, min: number) => new Date(new Date(d).getTime() + min * MIN);
const dept = (department: string, sub = `crew-${department}`) => ({ sub, name: department, roles: ['department'], department }) as Identity;

describe('heat and gas on the desk (real PostgreSQL + Kafka, injected clock)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  const wo = () => h.services.workOrders;
  const report = (utility: 'WATER' | 'HEAT' | 'GAS', category: C, extra: Record<string, unknown> = {}) =>
    wo().create(who.agent, { utility, category, channel: Channel.PHONE, description: '报修 report', address: '幸福小区3栋', location: { lon: 116.4, lat: 39.9 }, reporter: { name: '王五', phone: '13700000000' }, ...extra });
  const orderCount = async () => Number((await h.ds.query(`SELECT count(*) AS n FROM work_order`))[0].n);

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_kinds', '2026-11-18T10:00:00+08:00', { kafka: true });
    schema = (await buildFederatedSchema(schemaOptions)).schema;
  });
  afterAll(async () => h?.stop());

  describe('the heat and gas clocks', () => {
    it('HEAT_TEMPERATURE 3 days into the default season goes to the substations, on site within 5 h; 20 days in, within 2 h', async () => {
      h.clock.set('2026-11-18T10:00:00+08:00');
      const early = await report('HEAT', C.HEAT_TEMPERATURE);
      expect(early).toMatchObject({ utility: 'HEAT', department: D.HEAT_SUBSTATION, category: C.HEAT_TEMPERATURE, severity: Severity.ORDINARY });
      expect(early.onSiteDueAt).toEqual(plus('2026-11-18T10:00:00+08:00', 5 * 60));
      h.clock.set('2026-12-05T10:00:00+08:00');
      const later = await report('HEAT', C.HEAT_TEMPERATURE);
      expect(later.onSiteDueAt).toEqual(plus('2026-12-05T10:00:00+08:00', 2 * 60));
      // Stored as computed: a re-read answers the same deadlines.
      expect((await wo().get(who.supervisor, later.id)).onSiteDueAt).toEqual(later.onSiteDueAt);
    });

    it('HEAT_MAIN_ACCIDENT and GAS_ALARM on site within 30 min; GAS_NETWORK_FAULT 4 h, major 24 h', async () => {
      h.clock.set('2026-12-05T03:00:00+08:00');
      const t = h.clock.now();
      expect((await report('HEAT', C.HEAT_MAIN_ACCIDENT)).onSiteDueAt).toEqual(plus(t, 30));
      const alarm = await report('GAS', C.GAS_ALARM);
      expect(alarm).toMatchObject({ department: D.GAS_EMERGENCY, onSiteDueAt: plus(t, 30) });
      expect((await report('GAS', C.GAS_NETWORK_FAULT)).resolveDueAt).toEqual(plus(t, 4 * 60));
      const major = await report('GAS', C.GAS_NETWORK_FAULT, { severity: Severity.MAJOR });
      expect(major).toMatchObject({ severity: Severity.MAJOR, resolveDueAt: plus(t, 24 * 60) });
    });

    it('GAS_INSTALL requested on the last working day before National Day: 5 working days counted from the next day', async () => {
      h.clock.set('2026-09-30T15:00:00+08:00');
      const o = await report('GAS', C.GAS_INSTALL);
      expect(o).toMatchObject({ department: D.GAS_INSTALLATION, resolveDueAt: bj('2026-10-13T17:30:00') });
    });

    it('GAS_COMPLAINT: answered within 48 h (the reply clock) and decided within 3 working days; the reply meets its clock only', async () => {
      h.clock.set('2026-09-29T10:00:00+08:00');
      const o = await report('GAS', C.GAS_COMPLAINT);
      expect(o).toMatchObject({ department: D.GAS_BUSINESS_HALL, replyDueAt: plus('2026-09-29T10:00:00+08:00', 48 * 60), resolveDueAt: bj('2026-10-09T17:30:00') });
      h.clock.set('2026-09-30T09:00:00+08:00');
      const replied = await wo().reply(who.agent, o.id, '已电话答复用户，正在调查 / answered by phone, under investigation');
      expect(replied).toMatchObject({ status: S.NEW, repliedAt: bj('2026-09-30T09:00:00') });
      const clocks = await wo().clocksOf(o.id);
      expect(clocks.find((c) => c.kind === 'reply')).toMatchObject({ metAt: bj('2026-09-30T09:00:00'), nextAt: null });
      expect(clocks.find((c) => c.kind === 'resolve')?.metAt).toBeNull();
      expect((await wo().history(o.id)).map((x) => x.action)).toEqual(['CREATE', 'REPLY']);
      expect((await refusal(wo().reply(who.agent, o.id, '  '))).code).toBe('INVALID_INPUT');
    });

    it('HEAT_COMPLAINT: an unanswered complaint breaches its 30-minute reply clock in the sweep', async () => {
      h.clock.set('2026-12-07T10:00:00+08:00');
      const o = await report('HEAT', C.HEAT_COMPLAINT);
      expect(o).toMatchObject({ department: D.HEAT_SERVICE, replyDueAt: plus(h.clock.now(), 30), resolveDueAt: plus(h.clock.now(), 5 * 24 * 60) });
      await h.scheduler.sweep(plus(h.clock.now(), 31));
      expect((await wo().get(who.supervisor, o.id)).breached).toBe(true);
      const ev = (await h.events(o.id)).find((e) => e.type === 'workorder.breached' && e.sla.target === 'reply');
      expect(ev).toMatchObject({ sla: { level: 'BREACHED' }, workOrder: { utility: 'HEAT', category: 'HEAT_COMPLAINT' } });
    });
  });

  describe('kinds and categories', () => {
    it('the GraphQL input defaults to WATER, so existing clients keep working; a heat category then is refused naming input.category', async () => {
      h.clock.set('2026-12-07T10:00:00+08:00');
      const q = `mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { utility category department onSiteDueAt } }`;
      const water = await graphqlAs(schema, h.services, who.agent, q, { i: { category: 'BURST', channel: 'PHONE', description: '爆管' } });
      expect(water.errors).toBeUndefined();
      expect(water.data.createWorkOrder).toMatchObject({ utility: 'WATER', department: 'NETWORK' });
      const before = await orderCount();
      const wrong = await graphqlAs(schema, h.services, who.agent, q, { i: { category: 'HEAT_LEAK', channel: 'PHONE', description: '暖气漏水' } });
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'input.category' });
      expect((await refusal(report('GAS', C.BURST))).details).toMatchObject({ argument: 'input.category' });
      expect(await orderCount()).toBe(before);
    });

    it('a kind this deployment does not run is refused naming input.utility, and nothing is written', async () => {
      const run = h.cfg.utilities;
      h.cfg.utilities = ['HEAT'];
      try {
        const before = await orderCount();
        const e = await refusal(report('WATER', C.LEAK));
        expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'input.utility' } });
        expect(e.message).toContain('WATER');
        expect(await orderCount()).toBe(before);
        expect((await report('HEAT', C.HEAT_LEAK)).utility).toBe('HEAT');
      } finally {
        h.cfg.utilities = run;
      }
    });

    it('reportedAt: the clocks start from the report, who backdated it is in the history; the future and more than 24 h back are refused', async () => {
      h.clock.set('2026-12-07T10:00:00+08:00');
      const reportedAt = bj('2026-12-07T07:00:00');
      const o = await report('HEAT', C.HEAT_LEAK, { reportedAt });
      expect(o.createdAt).toEqual(reportedAt);
      expect(o.onSiteDueAt).toEqual(plus(reportedAt, 60));
      const created = (await wo().history(o.id))[0];
      expect(created).toMatchObject({ action: 'CREATE', actorId: who.agent.sub, at: bj('2026-12-07T10:00:00') });
      expect(created.detail).toMatchObject({ reportedAt: reportedAt.toISOString(), backdatedBy: who.agent.sub });
      // Water too.
      expect((await report('WATER', C.BURST, { reportedAt })).onSiteDueAt).toEqual(plus(reportedAt, 40));
      const before = await orderCount();
      expect((await refusal(report('WATER', C.BURST, { reportedAt: plus(h.clock.now(), 1) }))).details).toMatchObject({ argument: 'input.reportedAt' });
      expect((await refusal(report('WATER', C.BURST, { reportedAt: plus(h.clock.now(), -(24 * 60 + 1)) }))).details).toMatchObject({ argument: 'input.reportedAt' });
      expect(await orderCount()).toBe(before);
      // An order logged on time says nothing about backdating.
      expect((await wo().history((await report('WATER', C.BURST)).id))[0].detail).not.toHaveProperty('backdatedBy');
    });
  });

  describe('a department sees its own kind', () => {
    it('a gas department lists no water orders, cannot read one, cannot ask for another kind; a shared department sees every kind', async () => {
      h.clock.set('2026-12-08T10:00:00+08:00');
      const gas = await report('GAS', C.GAS_ALARM);
      const water = await report('WATER', C.BURST);
      const gasCrew = dept('GAS_EMERGENCY');
      const page = await wo().list(gasCrew, {}, 200);
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((o) => o.utility === 'GAS' && o.department === D.GAS_EMERGENCY)).toBe(true);
      expect(page.items.map((o) => o.id)).toContain(gas.id);
      expect((await refusal(wo().get(gasCrew, water.id))).code).toBe('FORBIDDEN');
      expect((await refusal(wo().list(gasCrew, { utility: ['WATER'] }, 50))).code).toBe('FORBIDDEN');
      expect((await refusal(wo().accept(gasCrew, water.id))).code).toBe('FORBIDDEN');
      // A water order cannot be sent to a gas department; the call center (shared) may take any kind.
      expect((await refusal(wo().dispatch(who.agent, water.id, 'GAS_EMERGENCY' as D))).details).toMatchObject({ argument: 'department' });
      await wo().dispatch(who.agent, gas.id, D.CALL_CENTER);
      const inquiry = await report('WATER', C.INQUIRY);
      const desk = await wo().list(dept('CALL_CENTER'), {}, 200);
      expect(desk.items.map((o) => o.id)).toEqual(expect.arrayContaining([gas.id, inquiry.id]));
      expect(new Set(desk.items.map((o) => o.utility))).toEqual(new Set(['GAS', 'WATER']));
      // Agents and supervisors pick a kind with the filter.
      const heatOnly = await wo().list(who.supervisor, { utility: ['HEAT'] }, 200);
      expect(heatOnly.items.length).toBeGreaterThan(0);
      expect(heatOnly.items.every((o) => o.utility === 'HEAT')).toBe(true);
    });
  });

  describe('the heating season', () => {
    it('setHeatingSeason: supervisors set the season containing the dates; it moves the 5 h window; the list reaches Kafka on settings.events', async () => {
      const kafka = new Kafka({ clientId: 'tickets-int-seasons', brokers: testBrokers(), logLevel: logLevel.NOTHING });
      const consumer = kafka.consumer({ groupId: `tickets-int-seasons-${Date.now()}` });
      const seen: Array<{ key: string; value: any }> = [];
      await consumer.connect();
      await consumer.subscribe({ topic: topicName(testTopicPrefix(), TOPICS.settingsEvents), fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push({ key: message.key!.toString(), value: JSON.parse(message.value!.toString()) }) });
      try {
        h.clock.set('2026-11-10T10:00:00+08:00');
        expect((await refusal(h.services.heatingSeasons.set(who.agent, '2026-11-05', '2027-03-25'))).code).toBe('FORBIDDEN');
        const seasons = await h.services.heatingSeasons.set(who.supervisor, '2026-11-05', '2027-03-25');
        expect(seasons.map((s) => [s.startsOn, s.endsOn, s.isDefault])).toEqual([
          ['2025-11-15', '2026-03-19', true], ['2026-11-05', '2027-03-25', false], ['2027-11-15', '2028-03-19', true],
        ]);
        // The season moved 10 days earlier: 10 November is its 6th day (5 h), 18 November its 14th (2 h).
        expect((await report('HEAT', C.HEAT_TEMPERATURE)).onSiteDueAt).toEqual(plus(h.clock.now(), 5 * 60));
        h.clock.set('2026-11-18T10:00:00+08:00');
        expect((await report('HEAT', C.HEAT_TEMPERATURE)).onSiteDueAt).toEqual(plus(h.clock.now(), 2 * 60));
        const outbox = (await h.events(HEATING_SEASONS_KEY)).filter((e) => e.type === 'settings.heating-seasons');
        const last = outbox[outbox.length - 1];
        expect(last.seasons).toEqual([
          { startsOn: '2025-11-15', endsOn: '2026-03-19' }, { startsOn: '2026-11-05', endsOn: '2027-03-25' },
          { startsOn: '2027-11-15', endsOn: '2028-03-19' }, { startsOn: '2028-11-15', endsOn: '2029-03-19' },
        ]);
        h.relay!.kick();
        const t0 = Date.now();
        while (!seen.some((m) => m.value.eventId === last.eventId) && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 200));
        expect(seen.find((m) => m.value.eventId === last.eventId)).toMatchObject({ key: HEATING_SEASONS_KEY, value: { type: 'settings.heating-seasons', seasons: last.seasons } });
      } finally {
        await consumer.disconnect();
      }
    });

    it('a bad date, an end before the start or an overlap with another season is refused naming the argument, and nothing changes', async () => {
      const rows = async () => h.ds.query(`SELECT to_char(starts_on, 'YYYY-MM-DD') AS s FROM heating_season ORDER BY 1`);
      const outbox = async () => Number((await h.ds.query(`SELECT count(*) AS n FROM outbox WHERE key = $1`, [HEATING_SEASONS_KEY]))[0].n);
      const [r0, o0] = [await rows(), await outbox()];
      const s = h.services.heatingSeasons;
      expect((await refusal(s.set(who.supervisor, '2026-13-01', '2027-03-01'))).details).toEqual({ argument: 'startsOn' });
      expect((await refusal(s.set(who.supervisor, '2027-11-15', '2027-11-01'))).details).toEqual({ argument: 'endsOn' });
      const overlap = await refusal(s.set(who.supervisor, '2027-03-01', '2027-11-20'));
      expect(overlap).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'endsOn' } });
      expect(overlap.message).toContain('2026-11-05..2027-03-25');
      expect([await rows(), await outbox()]).toEqual([r0, o0]);
    });

    it('a season list that changed without a set (a new year, a new default) is published once', async () => {
      expect(await h.services.heatingSeasons.publishIfChanged()).toBe(false);
      h.clock.set('2027-01-02T10:00:00+08:00'); // the window of published years moves on
      expect(await h.services.heatingSeasons.publishIfChanged()).toBe(true);
      expect(await h.services.heatingSeasons.publishIfChanged()).toBe(false);
      const outbox = (await h.events(HEATING_SEASONS_KEY)).filter((e) => e.type === 'settings.heating-seasons');
      expect(outbox[outbox.length - 1].seasons.map((x: any) => x.startsOn)).toEqual(['2026-11-05', '2027-11-15', '2028-11-15', '2029-11-15']);
    });

    it('outside the season a temperature report is an inquiry for heat customer service (the history keeps what was reported)', async () => {
      h.clock.set('2027-06-10T10:00:00+08:00');
      const o = await report('HEAT', C.HEAT_TEMPERATURE);
      expect(o).toMatchObject({ category: C.HEAT_INQUIRY, department: D.HEAT_SERVICE, onSiteDueAt: null });
      expect((await wo().history(o.id))[0].detail).toMatchObject({ category: C.HEAT_INQUIRY, reportedCategory: C.HEAT_TEMPERATURE });
    });

    it('heatingSeasons lists the seasons in force to every desk role', async () => {
      const q = `{ heatingSeasons(fromYear: 2026, toYear: 2027) { startsOn endsOn isDefault } }`;
      const r = await graphqlAs(schema, h.services, dept('HEAT_SUBSTATION'), q);
      expect(r.errors).toBeUndefined();
      expect(r.data.heatingSeasons).toEqual([
        { startsOn: '2026-11-05', endsOn: '2027-03-25', isDefault: false }, { startsOn: '2027-11-15', endsOn: '2028-03-19', isDefault: true },
      ]);
      // A bounded question: a span of centuries (or years reversed) is the caller's mistake, named.
      const wide = await graphqlAs(schema, h.services, who.agent, `{ heatingSeasons(fromYear: 1970, toYear: 9000) { startsOn } }`);
      expect(wide.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'toYear' });
      const early = await graphqlAs(schema, h.services, who.agent, `{ heatingSeasons(fromYear: -5, toYear: 2026) { startsOn } }`);
      expect(early.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'fromYear' });
    });
  });

  describe('home visits', () => {
    it('gas visits are booked inside service hours (refused with the hours); rebooking replaces; water has no limit', async () => {
      h.clock.set('2026-09-28T10:00:00+08:00');
      const o = await report('GAS', C.GAS_SERVICE);
      const a = h.services.appointments;
      const crew = dept('GAS_INSTALLATION');
      const early = await refusal(a.book(crew, o.id, bj('2026-09-29T07:00:00'), bj('2026-09-29T09:00:00')));
      expect(early).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'startsAt' } });
      expect(early.message).toContain('08:00–18:00');
      // 2 October is a holiday: 9:00–17:00.
      expect((await refusal(a.book(who.agent, o.id, bj('2026-10-02T16:00:00'), bj('2026-10-02T17:30:00')))).message).toContain('09:00–17:00');
      expect(await a.bookedOf([o.id])).toEqual([]);
      const first = await a.book(crew, o.id, bj('2026-09-29T08:00:00'), bj('2026-09-29T10:00:00'));
      const second = await a.book(who.agent, o.id, bj('2026-10-02T09:00:00'), bj('2026-10-02T11:00:00'));
      expect((await a.bookedOf([o.id])).map((x) => x.id)).toEqual([second.id]);
      expect(first.id).not.toBe(second.id);
      const hist = (await wo().history(o.id)).filter((x) => x.action === 'BOOK_VISIT');
      expect(hist.map((x) => x.detail.startsAt)).toEqual([bj('2026-09-29T08:00:00').toISOString(), bj('2026-10-02T09:00:00').toISOString()]);
      // Another department (and another kind's) may not book it; a water order is booked at night.
      expect((await refusal(a.book(dept('GAS_SAFETY'), o.id, bj('2026-09-29T09:00:00'), bj('2026-09-29T10:00:00')))).code).toBe('FORBIDDEN');
      expect((await refusal(a.book(dept('NETWORK'), o.id, bj('2026-09-29T09:00:00'), bj('2026-09-29T10:00:00')))).code).toBe('FORBIDDEN');
      const w = await report('WATER', C.METER_FAULT);
      expect((await a.book(who.agent, w.id, bj('2026-09-29T21:00:00'), bj('2026-09-29T22:00:00'))).startsAt).toEqual(bj('2026-09-29T21:00:00'));
      // Through GraphQL: the booking on the order.
      const r = await graphqlAs(schema, h.services, crew, `query($id: ID!) { workOrder(id: $id) { appointment { startsAt endsAt bookedBy } } }`, { id: o.id });
      expect(r.data.workOrder.appointment).toEqual({ startsAt: bj('2026-10-02T09:00:00').toISOString(), endsAt: bj('2026-10-02T11:00:00').toISOString(), bookedBy: who.agent.sub });
    });
  });

  describe('settings per kind', () => {
    it('supervisors edit heat targets as water’s (the season row too); routing stays inside the kind', async () => {
      h.clock.set('2026-11-20T10:00:00+08:00'); // 16th day of the 2026/27 season set above: the 2 h row
      await h.services.settings.setSlaTarget(who.supervisor, C.HEAT_TEMPERATURE, 'onSite', { basis: 'clock', minutes: 240 }, { seasonFirstDays: 20 });
      expect((await report('HEAT', C.HEAT_TEMPERATURE)).onSiteDueAt).toEqual(plus(h.clock.now(), 4 * 60));
      await h.services.settings.setSlaTarget(who.supervisor, C.HEAT_TEMPERATURE, 'onSite', null, { seasonFirstDays: 20 });
      expect((await report('HEAT', C.HEAT_TEMPERATURE)).onSiteDueAt).toEqual(plus(h.clock.now(), 2 * 60));
      const e = await refusal(h.services.settings.setRouting(who.supervisor, { category: C.HEAT_LEAK, department: D.NETWORK, statusSms: true }));
      expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'department' } });
      await h.services.settings.setRouting(who.supervisor, { category: C.HEAT_LEAK, department: D.HEAT_SUBSTATION, statusSms: true });
      expect((await report('HEAT', C.HEAT_LEAK)).department).toBe(D.HEAT_SUBSTATION);
    });
  });

  describe('the monthly report per kind', () => {
    it('a heat department reads heat figures only, with complaint closure and repair timeliness beside their 100 % targets', async () => {
      const heatService = dept('HEAT_SERVICE');
      const step = async <T>(t: string, fn: () => Promise<T>) => {
        h.clock.set(bj(t));
        return fn();
      };
      // January 2027: two heat complaints (one answered), and a water order the heat report must not count.
      const c1 = await step('2027-01-05T09:00:00', () => report('HEAT', C.HEAT_COMPLAINT));
      await step('2027-01-05T09:02:00', () => wo().dispatch(who.agent, c1.id, null));
      await step('2027-01-05T09:10:00', () => wo().accept(heatService, c1.id));
      await step('2027-01-05T09:20:00', () => wo().reply(heatService, c1.id, '已致电解释 / explained by phone'));
      await step('2027-01-06T15:00:00', () => wo().resolve(heatService, c1.id, '已处理'));
      await step('2027-01-07T09:00:00', () => report('HEAT', C.HEAT_COMPLAINT));
      await step('2027-01-07T09:00:00', () => report('WATER', C.COMPLAINT));
      h.clock.set('2027-02-27T10:00:00+08:00');
      const r = await h.services.reports.monthly(heatService, '2027-01');
      expect(r).toMatchObject({ department: D.HEAT_SERVICE, utilities: ['HEAT'], totalOrders: 2 });
      expect(r.goalList.find((g) => g.name === 'complaintClosure')).toMatchObject({ utility: 'HEAT', target: 1, value: 0.5, met: false });
      expect(r.goalList.find((g) => g.name === 'repairTimeliness')).toMatchObject({ utility: 'HEAT', target: 1, value: null, met: true });
      expect((await refusal(h.services.reports.monthly(heatService, '2027-01', null, 'WATER'))).code).toBe('FORBIDDEN');
      const all = await h.services.reports.monthly(who.supervisor, '2027-01');
      expect(all.utilities).toEqual(['WATER', 'HEAT', 'GAS']);
      expect(all.totalOrders).toBe(3);
      const water = await h.services.reports.monthly(who.supervisor, '2027-01', null, 'WATER');
      expect(water.totalOrders).toBe(1);
      expect(water.goalList.some((g) => g.utility === 'HEAT')).toBe(false);
      // The kinds' own goals from PostgreSQL's aggregates equal the domain's over the same rows.
      const checks = new ReportCrossChecks(h.ds, () => h.services.settings.slaTargets(), h.services.workOrders.calendar);
      for (const served of [r, all, water]) {
        const { sql, domain } = await checks.servedAndDomain(served, h.cfg.report.goals);
        expect(sql).toEqual(domain);
      }
    });
  });
});
