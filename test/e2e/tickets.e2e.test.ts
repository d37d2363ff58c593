// Tickets through the gateway: the contract numbers of createWorkOrder, department isolation,
// extension approval rights, anonymous refusal and the monthly report.
import { E2EStack, startE2EStack } from '../support/e2e-stack';

const CREATE = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) {
  id number status department category createdAt acceptDueAt onSiteDueAt resolveDueAt outage { id } } }`;
const MIN = 60_000;

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

  it('a department reads its own orders only; the reporter phone is for the call center', async () => {
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
    expect((await s.gql(phone, { id: q.id }, s.token('department', 'QUALITY'))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
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
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
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
});
