// Tickets through the gateway: the contract numbers of createWorkOrder, department isolation,
// extension approval rights, anonymous refusal and the monthly report.
import fs from 'node:fs';
import { Client } from 'pg';
import { E2EStack, startE2EStack } from '../support/e2e-stack';
import { testPg } from '../support/env';

const TOWN = fs.readFileSync(require.resolve('@mainline/infra/demo/yuncheng-town.geojson'), 'utf8');

const CREATE = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) {
  id number status department category createdAt acceptDueAt onSiteDueAt resolveDueAt outage { id } } }`;
const MIN = 60_000;

/** The month whose report period (26th of last month to the 25th, Asia/Shanghai) holds `at`. */
function reportMonth(at: Date): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at).split('-').map(Number);
  const [yy, mm] = d > 25 ? (m === 12 ? [y + 1, 1] : [y, m + 1]) : [y, m];
  return `${yy}-${String(mm).padStart(2, '0')}`;
}

describe('tickets through the gateway', () => {
  let s: E2EStack;
  beforeAll(async () => {
    s = await startE2EStack('tickets');
  });
  afterAll(async () => s?.stop());

  const agent = () => s.token('agent', 'CALL_CENTER', 'agent-e2e');
  const create = (category: string) =>
    s.gql(CREATE, { input: { category, channel: 'PHONE', description: '路面冒水 water on the road', address: '人民路1号', location: { lon: 116.4, lat: 39.9 }, reporter: { name: '张三', phone: '13800000000' } } }, agent());

  it('routes and sets the due times: BURST → NETWORK (+20 min accept, +40 min on site), COMPLAINT +60 min, WATER_QUALITY → QUALITY', async () => {
    const b = await create('BURST');
    expect(b.body.errors).toBeUndefined();
    const w = b.body.data.createWorkOrder;
    expect(w).toMatchObject({ status: 'NEW', department: 'NETWORK', category: 'BURST', outage: null });
    expect(w.number).toMatch(/^WO-\d{4}-\d{6}$/);
    const t = Date.parse(w.createdAt);
    expect(Date.parse(w.acceptDueAt) - t).toBe(20 * MIN);
    expect(Date.parse(w.onSiteDueAt) - t).toBe(40 * MIN);
    expect(Date.parse(w.resolveDueAt) - t).toBe(24 * 60 * MIN);
    const c = (await create('COMPLAINT')).body.data.createWorkOrder;
    expect(Date.parse(c.acceptDueAt) - Date.parse(c.createdAt)).toBe(60 * MIN);
    expect((await create('WATER_QUALITY')).body.data.createWorkOrder.department).toBe('QUALITY');
  });

  it('a department reads its own orders only, and the caller on them while they are open', async () => {
    const net = (await create('BURST')).body.data.createWorkOrder;
    const q = (await create('WATER_QUALITY')).body.data.createWorkOrder;
    const read = `query($id: ID!) { workOrder(id: $id) { id department reporter { name } } }`;
    const denied = await s.gql(read, { id: net.id }, s.token('department', 'QUALITY'));
    expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const own = await s.gql(read, { id: q.id }, s.token('department', 'QUALITY'));
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.workOrder).toMatchObject({ id: q.id, department: 'QUALITY', reporter: { name: '张三' } });
    const phone = `query($id: ID!) { workOrder(id: $id) { reporter { phone } } }`;
    expect((await s.gql(phone, { id: q.id }, agent())).body.data.workOrder.reporter.phone).toBe('13800000000');
    // The owning department reads the caller's phone while the order is open (need to know).
    expect((await s.gql(phone, { id: q.id }, s.token('department', 'QUALITY'))).body.data.workOrder.reporter.phone).toBe('13800000000');
    const queue = await s.gql(`{ workOrders(filter: { status: [NEW] }, first: 50) { items { department } nextCursor } }`, {}, s.token('department', 'QUALITY'));
    expect(queue.body.errors).toBeUndefined();
    expect(queue.body.data.workOrders.items.length).toBeGreaterThan(0);
    expect(queue.body.data.workOrders.items.every((x: any) => x.department === 'QUALITY')).toBe(true);
    // Acting on another department's order is refused too.
    await s.gql(`mutation($id: ID!) { dispatchWorkOrder(id: $id) { status } }`, { id: net.id }, agent());
    const act = await s.gql(`mutation($id: ID!) { acceptWorkOrder(id: $id) { status } }`, { id: net.id }, s.token('department', 'QUALITY'));
    expect(act.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('an agent cannot approve an extension; a supervisor can', async () => {
    const w = (await create('LEAK')).body.data.createWorkOrder;
    const net = s.token('department', 'NETWORK', 'crew-e2e');
    await s.gql(`mutation($id: ID!) { dispatchWorkOrder(id: $id) { status } }`, { id: w.id }, agent());
    await s.gql(`mutation($id: ID!) { acceptWorkOrder(id: $id) { status } }`, { id: w.id }, net);
    const newDueAt = new Date(Date.parse(w.resolveDueAt) + 24 * 60 * MIN).toISOString();
    const req = await s.gql(`mutation($id: ID!, $d: DateTimeISO!) { requestExtension(id: $id, newDueAt: $d, reason: "需停水配合") { status } }`, { id: w.id, d: newDueAt }, net);
    expect(req.body.data?.requestExtension.status).toBe('EXTENSION_REQUESTED');
    const decide = `mutation($id: ID!) { decideExtension(id: $id, approved: true) { status resolveDueAt } }`;
    expect((await s.gql(decide, { id: w.id }, agent())).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ok = await s.gql(decide, { id: w.id }, s.token('supervisor', 'SUPERVISION'));
    expect(ok.body.data.decideExtension).toEqual({ status: 'ACCEPTED', resolveDueAt: newDueAt });
  });

  it('refuses anonymous callers (401)', async () => {
    const r = await s.gql(`{ workOrders { items { id } } }`);
    expect(r.status).toBe(401);
    expect(r.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves the monthly report to a supervisor (with CSV)', async () => {
    // The report's month: its period runs from the 26th of last month to the 25th (Asia/Shanghai), so after the 25th it is next month's.
    const month = reportMonth(new Date());
    const r = await s.gql(`query($m: String!) { monthlyReport(month: $m) { month totalOrders byDepartment { key count } stages { stage counted onTime rate } extensions { total } csv } }`, { m: month }, s.token('supervisor', 'SUPERVISION'));
    expect(r.body.errors).toBeUndefined();
    const rep = r.body.data.monthlyReport;
    expect(rep.month).toBe(month);
    expect(rep.totalOrders).toBe(6); // 3 + 2 + 1 created above
    expect(rep.byDepartment.find((x: any) => x.key === 'NETWORK').count).toBe(3);
    expect(rep.extensions.total).toBe(1);
    expect(rep.csv).toContain('月报 Monthly report');
    expect((await s.gql(`{ monthlyReport(month: "${month}") { totalOrders } }`, {}, agent())).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
  // ---- after the monthly report (it counts the orders created above) ----

  it('personal data, need to know: the owning department sees the caller while the order is open, null (not an error) once it is cancelled; others by role', async () => {
    const w = (await create('WATER_QUALITY')).body.data.createWorkOrder;
    const read = `query($id: ID!) { workOrder(id: $id) { status reporter { name phone } } }`;
    const quality = s.token('department', 'QUALITY', 'lab-e2e');
    expect((await s.gql(read, { id: w.id }, quality)).body.data.workOrder.reporter).toEqual({ name: '张三', phone: '13800000000' });
    await s.ok(`mutation($id: ID!) { cancelWorkOrder(id: $id, reason: "重复来电") { status } }`, { id: w.id }, agent());
    const after = await s.gql(read, { id: w.id }, quality);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.workOrder).toEqual({ status: 'CANCELLED', reporter: { name: null, phone: null } });
    for (const tok of [agent(), s.token('supervisor', 'SUPERVISION'), s.token('admin')]) {
      expect((await s.gql(read, { id: w.id }, tok)).body.data.workOrder.reporter).toEqual({ name: '张三', phone: '13800000000' });
    }
    // Every one of those phone reads is in the audit log, which a supervisor lists and an agent may not.
    const log = `query($id: ID) { phoneReads(workOrderId: $id) { items { readerId readerRoles at } } }`;
    const audit = await s.ok(log, { id: w.id }, s.token('supervisor', 'SUPERVISION'));
    expect(audit.phoneReads.items.map((x: any) => x.readerRoles[0]).sort()).toEqual(['admin', 'agent', 'department', 'supervisor']);
    expect((await s.gql(log, { id: w.id }, agent())).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  describe('references are checked when made', () => {
    let networkId: string;
    const withAsset = (asset: Record<string, unknown>) =>
      s.gql(`mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id asset { __typename ... on Pipe { id diameterMm } ... on Valve { id } ... on ServicePoint { id } } } }`,
        { input: { category: 'LEAK', channel: 'PHONE', description: '阀门井漏水', address: '城中路 10 号', location: { lon: 112.0405, lat: 22.93 }, asset } }, agent());

    beforeAll(async () => {
      const imp = await s.ok('mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id } }', { i: { name: 'town', format: 'GEOJSON', content: TOWN } }, s.token('admin'));
      networkId = imp.importNetwork.id;
    });

    it('createWorkOrder with a pipe, valve or service point the network service does not know is refused with NOT_FOUND naming asset; nothing is written', async () => {
      const count = async () => (await s.ok(`{ workOrders(first: 200) { items { id } } }`, {}, s.token('supervisor', 'SUPERVISION'))).workOrders.items.length;
      const before = await count();
      for (const asset of [
        { type: 'Pipe', networkId, id: 'P-NOPE' },
        { type: 'Valve', networkId, id: 'PH00' }, // a pipe's id is not a valve
        { type: 'ServicePoint', networkId, id: 'SP-404' },
        { type: 'Pipe', networkId: '00000000-0000-4000-8000-000000000000', id: 'PH00' }, // no such network
      ]) {
        const r = await withAsset(asset);
        expect(r.status).toBeLessThan(500);
        expect(r.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'asset' });
        expect(r.body.data?.createWorkOrder ?? null).toBeNull();
      }
      const bad = await withAsset({ type: 'Pipe', networkId: 'not-a-network', id: 'PH00' });
      expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'input.asset.networkId' });
      expect(await count()).toBe(before);
      // The ones that exist are taken, and resolve through the federation.
      for (const [asset, typename] of [[{ type: 'Pipe', networkId, id: 'PH00' }, 'Pipe'], [{ type: 'Valve', networkId, id: 'V-H00' }, 'Valve'], [{ type: 'ServicePoint', networkId, id: 'SP1' }, 'ServicePoint']] as const) {
        const ok = await withAsset(asset);
        expect(ok.body.errors).toBeUndefined();
        expect(ok.body.data.createWorkOrder.asset).toMatchObject({ __typename: typename, id: asset.id });
      }
      expect(await count()).toBe(before + 3);
    });

    it('a dangling reference in old data is reported (asset null, no error), never a crash of the whole list', async () => {
      const good = (await withAsset({ type: 'Pipe', networkId, id: 'PH00' })).body.data.createWorkOrder;
      const gone = (await withAsset({ type: 'Pipe', networkId, id: 'PH10' })).body.data.createWorkOrder;
      const oldNet = (await withAsset({ type: 'Pipe', networkId, id: 'PH20' })).body.data.createWorkOrder;
      // Rows written before references were checked: a pipe since removed, a network id that never was one.
      const db = new Client({ connectionString: testPg().urlFor('mainline_e2e_tickets_tickets') });
      await db.connect();
      try {
        await db.query(`UPDATE work_order SET asset_id = 'PH-REMOVED' WHERE id = $1`, [gone.id]);
        await db.query(`UPDATE work_order SET asset_network_id = 'legacy-gis-7' WHERE id = $1`, [oldNet.id]);
      } finally {
        await db.end();
      }
      const r = await s.gql(`{ workOrders(first: 50) { items { id asset { __typename ... on Pipe { id diameterMm } } } } }`, {}, agent());
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      const byId = new Map(r.body.data.workOrders.items.map((x: any) => [x.id, x.asset]));
      expect(byId.get(good.id)).toEqual({ __typename: 'Pipe', id: 'PH00', diameterMm: 300 });
      expect(byId.get(gone.id)).toBeNull();
      expect(byId.get(oldNet.id)).toBeNull();
    });
  });

  describe('the water desk through the gateway (issue 11)', () => {
    const sup = () => s.token('supervisor', 'SUPERVISION', 'sup-e2e');
    const net = () => s.token('department', 'NETWORK', 'crew-wd');
    const input = (category: string, extra: Record<string, unknown> = {}) => ({
      category, channel: 'PHONE', description: '来电 a call', address: '友谊路88号', location: { lon: 116.4, lat: 39.9 }, reporter: { name: '孙女士', phone: '13566667777' }, ...extra,
    });

    it('answer at once; a leak on a service pipe on site in 1 h and its repair tier; the liaison reached on dispatch; praise; search; the report’s goals', async () => {
      const answered = await s.ok(`mutation($i: CreateWorkOrderInput!) { answerAtOnce(input: $i, answer: "营业时间 8:30-17:30") { status answeredAt dispatchDueAt slaClocks { target } } }`,
        { i: input('INQUIRY') }, agent());
      expect(answered.answerAtOnce).toMatchObject({ status: 'CLOSED', dispatchDueAt: null, slaClocks: [] });

      await s.ok(`mutation { setDepartmentLiaisons(department: NETWORK, liaisons: [{ start: "00:00", end: "24:00", name: "管网值班 赵工", phone: "13700000009" }]) { name } }`, {}, sup());
      const leak = (await s.ok(`mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id number createdAt onSiteDueAt } }`, { i: input('LEAK', { leakSite: 'OTHER' }) }, agent())).createWorkOrder;
      const t = Date.parse(leak.createdAt);
      expect(Date.parse(leak.onSiteDueAt) - t).toBe(60 * MIN);
      await s.ok(`mutation($id: ID!) { dispatchWorkOrder(id: $id) { status } }`, { id: leak.id }, agent());
      await s.ok(`mutation($id: ID!) { acceptWorkOrder(id: $id) { status } }`, { id: leak.id }, net());
      await s.ok(`mutation($id: ID!) { arriveOnSite(id: $id) { status } }`, { id: leak.id }, net());
      const tier = await s.ok(`mutation($id: ID!) { setLeakTier(id: $id, tier: SMALL) { leakTier resolveDueAt liaisonNotices { name department } } }`, { id: leak.id }, net());
      expect(Date.parse(tier.setLeakTier.resolveDueAt) - t).toBe(5 * 60 * MIN);
      expect(tier.setLeakTier.liaisonNotices).toEqual([{ name: '管网值班 赵工', department: 'NETWORK' }]);
      expect((await s.gql(`mutation($id: ID!) { setLeakTier(id: $id, tier: LARGE) { id } }`, { id: leak.id }, agent())).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

      await s.ok(`mutation($id: ID!) { registerFeedback(input: { kind: PRAISE, source: MAYOR_HOTLINE, summary: "市长热线表扬抢修", subjectDepartment: NETWORK, workOrderId: $id }) { id } }`, { id: leak.id }, agent());

      const found = await s.ok(`{ workOrders(filter: { phone: "135 6666 7777", number: "${leak.number}" }) { items { number reporter { maskedPhone } } } }`, {}, agent());
      expect(found.workOrders.items).toEqual([{ number: leak.number, reporter: { maskedPhone: '135****7777' } }]);

      const rep = await s.ok(`query($m: String!) { monthlyReport(month: $m, utility: WATER) { answeredAtOnce feedback { praise } goals { name utility target value met } } }`, { m: reportMonth(new Date()) }, sup());
      expect(rep.monthlyReport.answeredAtOnce).toBeGreaterThanOrEqual(1);
      expect(rep.monthlyReport.feedback.praise).toBeGreaterThanOrEqual(1);
      expect(rep.monthlyReport.goals.map((g: any) => [g.name, g.utility])).toEqual([
        ['onTime', null], ['callback', null], ['satisfaction', null], ['complaintSatisfaction', null], ['avgRepairMinutes', 'WATER'],
      ]);
    });

    it('the report of the period that ended last is produced on schedule for supervisors, cut at the 25th', async () => {
      const current = reportMonth(new Date());
      const [y, m] = current.split('-').map(Number);
      const [dy, dm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      const due = `${dy}-${String(dm).padStart(2, '0')}`;
      const ask = `query($m: String!) { producedMonthlyReport(month: $m) { month periodStart periodEnd producedBy report { goals { name target met } } } }`;
      let produced: any = null;
      // The job's first tick runs as the stack starts; wait for it with a deadline, not a sleep.
      for (const deadline = Date.now() + 20000; !produced && Date.now() < deadline;) {
        produced = (await s.ok(ask, { m: due }, sup())).producedMonthlyReport;
        if (!produced) await new Promise((r) => setTimeout(r, 250));
      }
      expect(produced).toMatchObject({ month: due, producedBy: 'system' });
      // From the 26th of the month before it, 00:00, to the 25th, 24:00, Asia/Shanghai (UTC+8); Date.UTC rolls month 0 back a year.
      const shanghaiMidnight = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day) - 8 * 3600_000).toISOString();
      expect(produced.periodStart).toBe(shanghaiMidnight(dy, dm - 1, 26));
      expect(produced.periodEnd).toBe(shanghaiMidnight(dy, dm, 26));
      expect(produced.report.goals.length).toBeGreaterThan(0);
      expect((await s.gql(ask, { m: due }, agent())).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('a missed home visit: the re-appointment notice is recorded, the order waits with its clocks paused, and the new window is booked', async () => {
      const wo = (await s.ok(`mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id number } }`, { i: input('CUSTOMER_PRESSURE') }, agent())).createWorkOrder;
      await s.ok(`mutation($id: ID!) { dispatchWorkOrder(id: $id) { status } }`, { id: wo.id }, agent());
      await s.ok(`mutation($id: ID!) { acceptWorkOrder(id: $id) { status } }`, { id: wo.id }, net());
      // A visit that begins in a moment: a miss can be recorded only once the booked window has begun.
      const begins = new Date(Date.now() + 1500);
      await s.ok(`mutation($id: ID!, $a: DateTimeISO!, $b: DateTimeISO!) { bookVisit(workOrderId: $id, startsAt: $a, endsAt: $b) { startsAt } }`,
        { id: wo.id, a: begins.toISOString(), b: new Date(begins.getTime() + 60 * MIN).toISOString() }, net());
      const newStart = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * 24 * 60 * MIN);
      const miss = `mutation($id: ID!, $a: DateTimeISO!, $b: DateTimeISO!) { recordMissedVisit(workOrderId: $id, newStartsAt: $a, newEndsAt: $b, note: "家中无人") { number startsAt } }`;
      const vars = { id: wo.id, a: newStart.toISOString(), b: new Date(newStart.getTime() + 2 * 60 * MIN).toISOString() };
      const early = await s.gql(miss, vars, net());
      if (early.body.errors) expect(early.body.errors[0].extensions?.code).toBe('CONFLICT');
      let notice = early.body.data?.recordMissedVisit;
      for (const deadline = Date.now() + 15000; !notice && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, Math.max(0, begins.getTime() - Date.now()) + 50));
        const r = await s.gql(miss, vars, net());
        notice = r.body.data?.recordMissedVisit;
        if (!notice) expect(r.body.errors?.[0].extensions?.code).toBe('CONFLICT');
      }
      expect(notice.number).toBe(`${wo.number}-R1`);
      expect(Date.parse(notice.startsAt)).toBe(newStart.getTime());
      const after = await s.ok(`query($id: ID!) { workOrder(id: $id) { status appointment { startsAt } reappointmentNotices { number note } } }`, { id: wo.id }, net());
      expect(after.workOrder).toMatchObject({ status: 'WAITING_CUSTOMER', reappointmentNotices: [{ number: `${wo.number}-R1`, note: '家中无人' }] });
      expect(Date.parse(after.workOrder.appointment.startsAt)).toBe(newStart.getTime());
      // Another department may not record it.
      const other = await s.gql(miss, vars, s.token('department', 'QUALITY', 'lab-e2e'));
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(other.body.errors?.[0].extensions?.code);
    });

    it('a new-connection application through its stages: answer due the same working day, acceptance with a water-quality report', async () => {
      const biz = s.token('department', 'BUSINESS', 'biz-e2e');
      const app = (await s.ok(`mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id department connection { stages { stage startedAt dueAt } } } }`,
        { i: { ...input('NEW_CONNECTION'), connection: { documentsComplete: true, mainDiameterMm: 300 } } }, agent())).createWorkOrder;
      expect(app.department).toBe('BUSINESS');
      expect(app.connection.stages.map((x: any) => x.stage)).toEqual(['ANSWER', 'SURVEY', 'DESIGN', 'FEE', 'WORKS', 'ACCEPTANCE', 'METER_TEST', 'CONTRACT', 'WATER_ON']);
      expect(app.connection.stages[0].dueAt).not.toBeNull();
      await s.ok(`mutation($id: ID!) { dispatchWorkOrder(id: $id) { status } }`, { id: app.id }, agent());
      await s.ok(`mutation($id: ID!) { acceptWorkOrder(id: $id) { status } }`, { id: app.id }, biz);
      const done = await s.ok(`mutation($id: ID!) { completeConnectionStage(id: $id, stage: ANSWER) { connection { stages { stage doneAt } } } }`, { id: app.id }, biz);
      expect(done.completeConnectionStage.connection.stages[0].doneAt).not.toBeNull();
      const early = await s.gql(`mutation($id: ID!) { completeConnectionStage(id: $id, stage: ACCEPTANCE, flushed: true, waterQualityReport: "WQ-1") { id } }`, { id: app.id }, biz);
      expect(early.body.errors?.[0].extensions?.code).toBe('CONFLICT');
    });
  });
});
