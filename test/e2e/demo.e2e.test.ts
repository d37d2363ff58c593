// The `npm start` demo against a real stack: what a dispatcher, an agent and a supervisor see on the
// first start — the district, a big and a small isolation plan, orders in every state, the two outages
// with the emergency's notices, the heat and gas districts with their own rules and a few orders of each
// heat and gas kind on their clocks — and that a second start over the same databases adds nothing.
import { DEV_DEFAULTS, signUserToken } from '@mainline/common';
import { describeDemo, DemoSummary, loadDemoData, loadDemoHistory } from '@mainline/infra/src/demo';
import type { HistorySummary } from '@mainline/infra/src/demo-history';
import { generateDemoCity } from '@mainline/infra/src/demo-city';
import { daysBefore, demoLocalDate, generateDemoGas, generateDemoHeat } from '@mainline/infra/src/demo-heat-gas';
import { reportMonthOf } from '@mainline/tickets/src/domain/report';
import { E2EStack, startE2EStack } from '../support/e2e-stack';

const sign = (id: Parameters<typeof signUserToken>[0]) => signUserToken(id, DEV_DEFAULTS.jwtSecret);
const PLAN = `query($n: ID!, $p: [ID!]) { isolationPlan(networkId: $n, pipeIds: $p) {
  population requiresRegulatorApproval threshold valvesToClose { id } importantUsers { name } areaNames } }`;

describe('demo data for npm start', () => {
  let s: E2EStack;
  let first: DemoSummary;
  const city = generateDemoCity();
  const heat = generateDemoHeat();
  const now = new Date();
  const today = demoLocalDate(now);
  const gas = generateDemoGas(today);
  let loadedAt: number;

  beforeAll(async () => {
    let history: HistorySummary | null = null;
    s = await startE2EStack('demo', {
      extraEnv: { NOTIFY_INTERNAL_CONTACTS: '生产调度科=07668880101', NOTIFY_REGULATOR_CONTACTS: '城市管理局供水科=07668880201' },
      // As `npm start` does: the month is written with the tickets service's code before the service starts.
      beforeServices: async (env) => { history = await loadDemoHistory(env.tickets, now); },
    });
    first = await loadDemoData(s.gatewayUrl, sign, { history, now });
    loadedAt = Date.now();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('is the same city on every run', () => {
    expect(JSON.stringify(generateDemoCity().geojson)).toBe(JSON.stringify(city.geojson));
    expect(city.pipeCount).toBeGreaterThanOrEqual(3000);
  });

  it('shows the district with every service point counted', async () => {
    const disp = s.token('dispatcher', 'NETWORK');
    const { network } = await s.ok('query($id: ID!) { network(id: $id) { name pipeCount valveCount totalPopulation } }', { id: first.networkId }, disp);
    expect(network.pipeCount).toBe(city.pipeCount);
    expect(network.totalPopulation).toBe(Math.round(city.totalPersons));
    expect(network.valveCount).toBeGreaterThan(500);
  });

  it('plans the bridge main above 5,000 people (the whole north bank) and a distribution pipe below', async () => {
    const disp = s.token('dispatcher', 'NETWORK');
    const big = (await s.ok(PLAN, { n: first.networkId, p: [city.pipes.bridgeMain] }, disp)).isolationPlan;
    expect(big.population).toBe(Math.round(city.northPersons));
    expect(big.population).toBeGreaterThan(big.threshold);
    expect(big.requiresRegulatorApproval).toBe(true);
    expect(big.valvesToClose.map((v: { id: string }) => v.id).sort()).toEqual(['V-BRIDGE-N', 'V-BRIDGE-S']);
    expect(big.importantUsers.map((u: { name: string }) => u.name)).toContain('市第二人民医院（江北院区）');

    const small = (await s.ok(PLAN, { n: first.networkId, p: [city.pipes.distribution] }, disp)).isolationPlan;
    expect(small.population).toBeGreaterThan(0);
    expect(small.population).toBeLessThan(small.threshold);
    expect(small.requiresRegulatorApproval).toBe(false);
    expect(small.areaNames).toContain('育才路');
  });

  it('has work orders in every state, with extensions decided both ways and callers linked to the emergency', async () => {
    const sup = s.token('supervisor', 'SUPERVISION');
    const { workOrders } = await s.ok('{ workOrders(first: 200, filter: { utility: [WATER] }) { items { status extensions { approved } outage { id } } } }', {}, sup);
    const statuses = new Set(workOrders.items.map((o: { status: string }) => o.status));
    for (const st of ['NEW', 'DISPATCHED', 'ACCEPTED', 'ON_SITE', 'WAITING_CUSTOMER', 'EXTENSION_REQUESTED', 'RESOLVED', 'CALLED_BACK',
      'REOPENED', 'CLOSED', 'RETURNED', 'MERGED', 'CANCELLED', 'LINKED_TO_OUTAGE']) expect([st, statuses.has(st)]).toEqual([st, true]);
    const decisions = workOrders.items.flatMap((o: { extensions: Array<{ approved: boolean | null }> }) => o.extensions.map((e) => e.approved));
    expect(new Set(decisions)).toEqual(new Set([true, false, null]));
    const linked = workOrders.items.filter((o: { outage: { id: string } | null }) => o.outage?.id === first.emergencyOutageId);
    expect(linked.length).toBeGreaterThanOrEqual(2); // the burst report it was planned from, and the no-water calls
    expect(workOrders.items.length).toBe(first.ordersCreated + 1);
  });

  it('has a month of history: orders reported on 20 days or more, some breached, some warned, extensions waiting, callbacks with satisfaction', async () => {
    const sup = s.token('supervisor', 'SUPERVISION');
    type O = { number: string; createdAt: string; status: string; resolvedAt: string | null; resolveDueAt: string | null; slaClocks: Array<{ level: string; metAt: string | null; dueAt: string }>;
      callbacks: Array<{ satisfied: boolean }> };
    const { workOrders } = await s.ok(`{ workOrders(first: 300, filter: { utility: [WATER] }) { items { number createdAt status resolvedAt resolveDueAt
      slaClocks { level metAt dueAt } callbacks { satisfied } } } }`, {}, sup);
    const orders: O[] = workOrders.items;
    const days = new Set(orders.map((o) => demoLocalDate(new Date(o.createdAt))));
    expect(days.size).toBeGreaterThanOrEqual(20);
    expect(first.history!.days).toBeGreaterThanOrEqual(20);
    const oldest = Math.min(...orders.map((o) => Date.parse(o.createdAt)));
    expect(loadedAt - oldest).toBeGreaterThan(25 * 24 * 3_600_000);
    expect(loadedAt - oldest).toBeLessThanOrEqual(31 * 24 * 3_600_000);
    // Open orders on every colour of the queue: a clock breached, one warned (50 % or 80 % of its time used), one on time.
    const open = orders.filter((o) => !['CLOSED', 'CANCELLED', 'MERGED'].includes(o.status));
    const levels = new Set(open.flatMap((o) => o.slaClocks.filter((c) => !c.metAt).map((c) => c.level)));
    for (const l of ['BREACHED', 'OK']) expect([l, levels.has(l)]).toEqual([l, true]);
    expect(levels.has('WARN_50') || levels.has('WARN_80')).toBe(true);
    // Done orders that were late too: the month's on-time rate is below 100 %.
    expect(orders.some((o) => o.status === 'CLOSED' && Date.parse(o.resolvedAt!) > Date.parse(o.resolveDueAt!))).toBe(true);
    const { breached } = await s.ok('{ breached: workOrders(first: 300, filter: { breached: true }) { items { id } } }', {}, sup);
    expect(breached.items.length).toBeGreaterThan(0);
    const { pending } = await s.ok('{ pending: workOrders(first: 50, filter: { status: [EXTENSION_REQUESTED] }) { items { extensions { approved } } } }', {}, sup);
    expect(pending.items.length).toBeGreaterThan(0);
    expect(pending.items.every((o: { extensions: Array<{ approved: boolean | null }> }) => o.extensions.some((e) => e.approved === null))).toBe(true);
    const callbacks = orders.flatMap((o) => o.callbacks);
    expect(callbacks.some((c) => c.satisfied)).toBe(true);
    expect(callbacks.some((c) => !c.satisfied)).toBe(true);
    // The supervisor's reports of the last two periods (cut at REPORT_PERIOD_END_DAY) hold the month between them, late orders and callbacks included.
    const q = `query($m: String!) { monthlyReport(month: $m) { totalOrders stages { stage late rate } callback { calledBack rate satisfactionRate } hotSpotAddresses { address count } goals { name value } } }`;
    const current = reportMonthOf(new Date(loadedAt), 'Asia/Shanghai', 25);
    const [y, m] = current.split('-').map(Number);
    const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const reports = await Promise.all([current, previous].map(async (mo) => (await s.ok(q, { m: mo }, sup)).monthlyReport));
    expect(reports[0].totalOrders + reports[1].totalOrders).toBeGreaterThanOrEqual(orders.length - 3);
    for (const r of reports.filter((x) => x.totalOrders >= 20)) {
      expect(r.callback.calledBack).toBeGreaterThan(0);
      expect(r.callback.satisfactionRate).toBeGreaterThan(0.5);
      expect(r.stages.some((st: { late: number }) => st.late > 0)).toBe(true);
      // Late as the plan made them (about one in five), not as a sweep of the present would judge a past half written.
      const resolve = r.stages.find((st: { stage: string }) => st.stage === 'resolve');
      expect(resolve.rate).toBeGreaterThan(0.6);
      expect(resolve.rate).toBeLessThan(1);
      expect(r.hotSpotAddresses.length).toBeGreaterThan(0);
    }
    expect(reports.some((r) => r.totalOrders >= 20)).toBe(true);
  });

  it('has the planned outage waiting for the regulator and the emergency in progress with its notices', async () => {
    const sup = s.token('supervisor', 'SUPERVISION');
    const q = 'query($id: ID!) { outage(id: $id) { kind status impact { population requiresRegulatorApproval } announceReadiness { blockers { rule } } notices { audience channel } } }';
    const planned = (await s.ok(q, { id: first.plannedOutageId }, sup)).outage;
    expect(planned).toMatchObject({ kind: 'PLANNED', status: 'APPROVED', impact: { requiresRegulatorApproval: true } });
    expect(planned.impact.population).toBeGreaterThan(5000);
    expect(planned.announceReadiness.blockers.map((b: { rule: string }) => b.rule)).toEqual(['REGULATOR_APPROVAL_MISSING']);
    const early = await s.gql('mutation($id: ID!) { announceOutage(outageId: $id) { id } }', { id: first.plannedOutageId }, sup);
    expect(early.body.errors?.[0].message).toMatch(/regulator|审批/i);

    // Notify composes from outage.events: wait until the emergency's audiences are all there.
    const want = ['IMPORTANT_USER', 'PUBLIC', 'RESIDENT'];
    const t0 = Date.now();
    let emergency: { kind: string; status: string; impact: { population: number }; notices: Array<{ audience: string }> };
    for (;;) {
      emergency = (await s.ok(q, { id: first.emergencyOutageId }, sup)).outage;
      const got = new Set(emergency.notices.map((n) => n.audience));
      if (want.every((a) => got.has(a))) break;
      if (Date.now() - t0 > 20000) throw new Error(`emergency notices: only ${[...got].join(', ')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(emergency).toMatchObject({ kind: 'EMERGENCY', status: 'IN_PROGRESS' });
    expect(emergency.impact.population).toBeLessThan(5000);
  });

  it('has a heat district drawn as two lines and a gas district, each with its utility and its own sources', async () => {
    expect(JSON.stringify(generateDemoHeat().geojson)).toBe(JSON.stringify(heat.geojson));
    expect(JSON.stringify(generateDemoGas(today).geojson)).toBe(JSON.stringify(gas.geojson));
    const disp = s.token('dispatcher', 'NETWORK');
    const { networks } = await s.ok('{ networks { id name utility pipeCount valveCount totalPopulation } }', {}, disp);
    const byId = new Map(networks.map((n: { id: string }) => [n.id, n]));
    expect(byId.get(first.networkId)).toMatchObject({ utility: 'WATER' });
    expect(byId.get(first.heat.id)).toMatchObject({ utility: 'HEAT', pipeCount: heat.pipeCount, valveCount: heat.valveCount, totalPopulation: heat.totalPersons });
    expect(byId.get(first.gas.id)).toMatchObject({ utility: 'GAS', pipeCount: gas.pipeCount, valveCount: gas.valveCount, totalPopulation: gas.totalPersons });
    const kinds = async (n: string, ids: string[]) => (await s.ok('query($n: ID!, $ids: [ID!]!) { nodes(networkId: $n, ids: $ids) { id kind } }', { n, ids }, disp)).nodes
      .map((x: { id: string; kind: string }) => `${x.id}:${x.kind}`).sort();
    expect(await kinds(first.heat.id, ['HEAT-PLANT', 'SUB-4', 'S-M2'])).toEqual(['HEAT-PLANT:HEAT_SOURCE', 'S-M2:JUNCTION', 'SUB-4:SUBSTATION']);
    expect(await kinds(first.gas.id, ['GATE-1', 'REG-1'])).toEqual(['GATE-1:GATE_STATION', 'REG-1:REGULATOR']);
    // The map's layers: every heat pipe on one of the two lines, every gas pipe with its pressure class.
    const box = { minLon: 113.2, minLat: 23.0, maxLon: 113.4, maxLat: 23.2 };
    const pipes = async (n: string) => (await s.ok('query($n: ID!, $b: BBoxInput!) { pipesInBox(networkId: $n, box: $b) { id circuit pressureLevel } }', { n, b: box }, disp)).pipesInBox;
    const heatPipes = await pipes(first.heat.id);
    expect(new Set(heatPipes.map((p: { circuit: string }) => p.circuit))).toEqual(new Set(['SUPPLY', 'RETURN']));
    const gasPipes = await pipes(first.gas.id);
    expect(new Set(gasPipes.map((p: { pressureLevel: string }) => p.pressureLevel))).toEqual(new Set(['SUB_HIGH', 'MEDIUM', 'LOW']));
  });

  it('cuts the same compounds for a break on the return line as on the supply line; the primary main needs the heating authority', async () => {
    const disp = s.token('dispatcher', 'NETWORK');
    const plan = async (n: string, p: string) => (await s.ok(PLAN, { n, p: [p] }, disp)).isolationPlan;
    const supply = await plan(first.heat.id, heat.pipes.branchSupply);
    const ret = await plan(first.heat.id, heat.pipes.branchReturn);
    expect(supply.population).toBe(heat.branchPersons[1]);
    expect(ret.population).toBe(supply.population);
    expect(ret.importantUsers.map((u: { name: string }) => u.name)).toEqual(['江城市第三人民医院']);
    expect(ret.valvesToClose.map((v: { id: string }) => v.id).sort()).toEqual([`V-${heat.pipes.branchReturn}`, 'V-H-R-2-2']);
    const primary = await plan(first.heat.id, heat.pipes.primarySupply);
    expect(primary.population).toBe(heat.branchPersons[0] + heat.branchPersons[1] + heat.branchPersons[2]);
    expect(primary.requiresRegulatorApproval).toBe(true);
    // Gas: a medium-pressure break behind the two stations cuts off only the regulator box it feeds.
    const main = await plan(first.gas.id, gas.pipes.mediumMain);
    expect(main.population).toBe(gas.boxPersons[2]);
    expect(main.areaNames).toContain('南环路中压干管');
  });

  it('has gas customers of every type with their last inspection, one household overdue for its yearly inspection', async () => {
    const items: Array<{ id: string; customerType: string; vulnerability: string[]; lastInspectedOn: string | null }> = [];
    let after: string | null = null;
    do {
      const page: any = (await s.ok('query($n: ID!, $a: String) { servicePointsOfNetwork(networkId: $n, first: 20, after: $a) { items { id customerType vulnerability lastInspectedOn } nextCursor } }',
        { n: first.gas.id, a: after }, s.token('supervisor', 'SUPERVISION'))).servicePointsOfNetwork;
      items.push(...page.items);
      after = page.nextCursor;
    } while (after);
    const households = items.filter((c) => c.customerType === 'RESIDENTIAL');
    expect(households.length).toBeGreaterThanOrEqual(20);
    expect(households.length).toBeLessThanOrEqual(60);
    expect(items.filter((c) => c.customerType === 'PUBLIC_BUILDING')).toHaveLength(1);
    expect(items.filter((c) => c.customerType === 'COMMERCIAL').length).toBeGreaterThanOrEqual(2);
    expect(households.some((c) => c.vulnerability.includes('ELDERLY'))).toBe(true);
    const yearAgo = daysBefore(today, 365);
    const overdue = households.filter((c) => c.lastInspectedOn !== null && c.lastInspectedOn < yearAgo);
    expect(overdue.map((c) => c.id)).toEqual([gas.overdueHousehold.id]);
    expect(households.filter((c) => c.lastInspectedOn !== null && c.lastInspectedOn <= today).length).toBeGreaterThan(households.length - 3);
  });

  it('has heat and gas orders of each kind placed in time, with the deadlines of their kind', async () => {
    const sup = s.token('supervisor', 'SUPERVISION');
    const { workOrders } = await s.ok(`{ workOrders(first: 100, filter: { utility: [HEAT, GAS] }) { items {
      number utility category severity status department createdAt replyDueAt repliedAt onSiteDueAt onSiteAt resolveDueAt appointment { startsAt endsAt } } } }`, {}, sup);
    type O = { utility: string; category: string; severity: string; status: string; department: string; createdAt: string; replyDueAt: string | null;
      repliedAt: string | null; onSiteDueAt: string | null; onSiteAt: string | null; resolveDueAt: string | null; appointment: { startsAt: string } | null };
    // The month before the load has heat and gas orders of its own, all reported two days back or more.
    const all: O[] = workOrders.items;
    const orders = all.filter((o) => loadedAt - Date.parse(o.createdAt) < 2 * 24 * 3_600_000);
    expect(orders).toHaveLength(first.utilityOrdersCreated);
    expect(all.length - orders.length).toBe(first.history!.heat + first.history!.gas);
    const of = (c: string) => orders.filter((o) => o.category === c);
    const after = (o: O, field: 'replyDueAt' | 'onSiteDueAt' | 'resolveDueAt') => (Date.parse(o[field]!) - Date.parse(o.createdAt)) / 60_000;
    const year = Number(today.slice(0, 4));
    const { heatingSeasons } = await s.ok('query($a: Int, $b: Int) { heatingSeasons(fromYear: $a, toYear: $b) { startsOn endsOn } }', { a: year - 1, b: year }, sup);
    const season = heatingSeasons.find((x: { startsOn: string; endsOn: string }) => x.startsOn <= today && today <= x.endsOn);
    // Outside the season a temperature report is taken as a heating inquiry (HEAT_OFF_SEASON_TEMPERATURE).
    const categories = ['HEAT_COMPLAINT', 'HEAT_MAIN_ACCIDENT', 'GAS_ALARM', 'GAS_INSTALL', 'GAS_COMPLAINT', 'GAS_NETWORK_FAULT', season ? 'HEAT_TEMPERATURE' : 'HEAT_INQUIRY'];
    expect(categories.filter((c) => of(c).length === 0)).toEqual([]);
    // Reported before the load (reportedAt), never in the future, at most a day back.
    for (const o of orders) {
      expect(Date.parse(o.createdAt)).toBeLessThanOrEqual(loadedAt);
      expect(loadedAt - Date.parse(o.createdAt)).toBeLessThan(24 * 3_600_000);
      expect(o.utility).toBe(o.category.startsWith('HEAT') ? 'HEAT' : 'GAS');
    }
    if (season) {
      // 5 h on site for reports in the first 10 days of the season (the report's local date), 2 h after.
      for (const o of of('HEAT_TEMPERATURE')) {
        const reportDay = (Date.parse(demoLocalDate(new Date(o.createdAt))) - Date.parse(season.startsOn)) / 86_400_000 + 1;
        expect(after(o, 'onSiteDueAt')).toBe(reportDay <= 10 ? 5 * 60 : 2 * 60);
        expect(o.department).toBe('HEAT_SUBSTATION');
      }
      expect(of('HEAT_TEMPERATURE').map((o) => o.status).sort()).toEqual(['ACCEPTED', 'ACCEPTED', 'ON_SITE']);
    }
    for (const o of of('HEAT_MAIN_ACCIDENT')) expect(after(o, 'onSiteDueAt')).toBe(30);
    // One crew is late on site (the clock ran out unmet), the other arrived in time.
    const accidents = of('HEAT_MAIN_ACCIDENT');
    expect(accidents.some((o) => !o.onSiteAt && Date.parse(o.onSiteDueAt!) < loadedAt)).toBe(true);
    expect(accidents.some((o) => o.onSiteAt && o.onSiteAt <= o.onSiteDueAt!)).toBe(true);
    for (const o of of('HEAT_COMPLAINT')) expect([after(o, 'replyDueAt'), after(o, 'resolveDueAt')]).toEqual([30, 5 * 24 * 60]);
    expect(of('HEAT_COMPLAINT').some((o) => o.repliedAt && o.repliedAt <= o.replyDueAt!)).toBe(true);
    for (const o of of('GAS_ALARM')) expect([o.department, after(o, 'onSiteDueAt')]).toEqual(['GAS_EMERGENCY', 30]);
    const faults = of('GAS_NETWORK_FAULT').map((o) => [o.severity, after(o, 'resolveDueAt')]).sort();
    expect(faults).toEqual([['MAJOR', 24 * 60], ['ORDINARY', 4 * 60]]);
    for (const o of of('GAS_COMPLAINT')) expect(after(o, 'replyDueAt')).toBe(48 * 60);
    expect(of('GAS_COMPLAINT').some((o) => o.repliedAt && o.repliedAt <= o.replyDueAt!)).toBe(true);
    // 5 working days counted from the day after the request: 5 local dates on at the least, at the end of a working day.
    const local = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    const dateOf = (iso: string) => Date.parse(demoLocalDate(new Date(iso)));
    for (const o of of('GAS_INSTALL')) {
      expect((dateOf(o.resolveDueAt!) - dateOf(o.createdAt)) / 86_400_000).toBeGreaterThanOrEqual(5);
      expect(local(o.resolveDueAt!)).toBe('17:30');
    }
    const booked = of('GAS_INSTALL').filter((o) => o.appointment);
    expect(booked).toHaveLength(1);
    expect(local(booked[0].appointment!.startsAt)).toBe('10:00');
  });

  it('has a planned stop of heat announced as 停热 and a gas emergency in progress as 停气, planned from the major fault', async () => {
    const sup = s.token('supervisor', 'SUPERVISION');
    const q = 'query($id: ID!) { outage(id: $id) { kind status utility pipeIds workOrderIds notices { audience locale title } } }';
    // Notify composes from outage.events: wait for the first notices of each, not for a fixed time.
    const withNotices = async (id: string, audiences: string[]) => {
      const t0 = Date.now();
      for (;;) {
        const o = (await s.ok(q, { id }, sup)).outage;
        const got = new Set(o.notices.map((n: { audience: string }) => n.audience));
        if (audiences.every((a) => got.has(a))) return o;
        if (Date.now() - t0 > 20000) throw new Error(`notices of ${id}: only ${[...got].join(', ')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const heatStop = await withNotices(first.heatPlannedOutageId, ['PUBLIC', 'RESIDENT']);
    expect(heatStop).toMatchObject({ kind: 'PLANNED', status: 'ANNOUNCED', utility: 'HEAT', pipeIds: [heat.pipes.plannedWork] });
    const zh = (o: { notices: Array<{ locale: string; title: string }> }) => o.notices.filter((n) => n.locale === 'zh-CN').map((n) => n.title);
    expect(zh(heatStop).every((t) => /停热|停暖/.test(t))).toBe(true);
    const gasStop = await withNotices(first.gasEmergencyOutageId, ['PUBLIC', 'RESIDENT']);
    expect(gasStop).toMatchObject({ kind: 'EMERGENCY', status: 'IN_PROGRESS', utility: 'GAS', pipeIds: [gas.pipes.mediumMain] });
    expect(zh(gasStop).every((t) => t.includes('停气'))).toBe(true);
    const { workOrders } = await s.ok('{ workOrders(first: 20, filter: { utility: [GAS], category: [GAS_NETWORK_FAULT] }) { items { id severity } } }', {}, sup);
    expect(gasStop.workOrderIds).toEqual([workOrders.items.find((w: { severity: string }) => w.severity === 'MAJOR').id]);
  });

  it('adds nothing when loaded again over the same databases', async () => {
    // The month is there: written again over the same database, it adds nothing.
    expect(await loadDemoHistory(s.stack.serviceEnv.tickets)).toBeNull();
    const again = await loadDemoData(s.gatewayUrl, sign, { history: null });
    expect(again.loadedNow).toEqual({ network: false, heat: false, gas: false, outages: false, orders: false, utilityOrders: false, utilityOutages: false });
    expect([again.networkId, again.heat.id, again.gas.id, again.plannedOutageId, again.emergencyOutageId, again.heatPlannedOutageId, again.gasEmergencyOutageId])
      .toEqual([first.networkId, first.heat.id, first.gas.id, first.plannedOutageId, first.emergencyOutageId, first.heatPlannedOutageId, first.gasEmergencyOutageId]);
    expect(describeDemo(again)).toContain('already loaded');
    const { networks } = await s.ok('{ networks { id } }', {}, s.token('dispatcher', 'NETWORK'));
    expect(networks).toHaveLength(3);
    const { workOrders } = await s.ok('{ workOrders(first: 200) { items { id } } }', {}, s.token('supervisor', 'SUPERVISION'));
    expect(workOrders.items).toHaveLength(first.ordersCreated + 1 + first.utilityOrdersCreated + first.history!.heat + first.history!.gas);
  });
});
