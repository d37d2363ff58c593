// Heat and gas on the same desk through the gateway (issue 9, "Done when", the tickets part): the heat and
// gas clocks, the heating season, the first-reply clock, home visits in service hours and a gas department
// that sees no water orders. Reports are placed in time with `reportedAt` (the stack allows logging far back
// for this test: REPORTED_AT_MAX_BACKDATE_HOURS), so the dates below hold whenever the test runs.
import { E2EStack, startE2EStack } from '../support/e2e-stack';

const MIN = 60_000;
const bj = (s: string) => new Date(`${s}+08:00`).toISOString();
const plusMin = (iso: string, min: number) => new Date(Date.parse(iso) + min * MIN).toISOString();

const CREATE = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) {
  id number utility category department severity createdAt replyDueAt onSiteDueAt resolveDueAt } }`;

describe('heat and gas work orders through the gateway', () => {
  let s: E2EStack;
  beforeAll(async () => {
    s = await startE2EStack('kinds', { extraEnv: { REPORTED_AT_MAX_BACKDATE_HOURS: String(20 * 365 * 24) } });
  });
  afterAll(async () => s?.stop());

  const agent = () => s.token('agent', 'CALL_CENTER', 'agent-kinds');
  const supervisor = () => s.token('supervisor', 'SUPERVISION', 'sup-kinds');
  const create = async (input: Record<string, unknown>) => {
    const r = await s.gql(CREATE, { input: { channel: 'PHONE', description: '用户来电 caller report', address: '幸福小区3栋', ...input } }, agent());
    expect(r.body.errors).toBeUndefined();
    return r.body.data.createWorkOrder;
  };

  it('HEAT_TEMPERATURE reported 3 days after the season start is due on site 5 h after the report; 20 days after, 2 h after', async () => {
    // The 2025/26 season as the city set it (here: the default dates, set explicitly).
    const set = await s.ok(`mutation { setHeatingSeason(startsOn: "2025-11-15", endsOn: "2026-03-19") { startsOn endsOn isDefault } }`, {}, supervisor());
    expect(set.setHeatingSeason).toContainEqual({ startsOn: '2025-11-15', endsOn: '2026-03-19', isDefault: false });
    const early = await create({ utility: 'HEAT', category: 'HEAT_TEMPERATURE', reportedAt: bj('2025-11-18T19:30:00') });
    expect(early).toMatchObject({ utility: 'HEAT', department: 'HEAT_SUBSTATION', createdAt: bj('2025-11-18T19:30:00') });
    expect(early.onSiteDueAt).toBe(plusMin(early.createdAt, 5 * 60));
    const later = await create({ utility: 'HEAT', category: 'HEAT_TEMPERATURE', reportedAt: bj('2025-12-05T19:30:00') });
    expect(later.onSiteDueAt).toBe(plusMin(later.createdAt, 2 * 60));
  });

  it('HEAT_MAIN_ACCIDENT and GAS_ALARM are due on site 30 min after the report', async () => {
    const heat = await create({ utility: 'HEAT', category: 'HEAT_MAIN_ACCIDENT' });
    expect(heat.department).toBe('HEAT_REPAIR_CREW');
    expect(heat.onSiteDueAt).toBe(plusMin(heat.createdAt, 30));
    const gas = await create({ utility: 'GAS', category: 'GAS_ALARM' });
    expect(gas.department).toBe('GAS_EMERGENCY');
    expect(gas.onSiteDueAt).toBe(plusMin(gas.createdAt, 30));
    const major = await create({ utility: 'GAS', category: 'GAS_NETWORK_FAULT', severity: 'MAJOR' });
    expect(major.resolveDueAt).toBe(plusMin(major.createdAt, 24 * 60));
  });

  it('GAS_INSTALL requested on the last working day before National Day is due 5 working days counted from the next day', async () => {
    // 30 Sep 2026; 1–7 Oct are holidays; 8, 9, 10 (a Saturday worked in lieu), 12, 13 October.
    const o = await create({ utility: 'GAS', category: 'GAS_INSTALL', reportedAt: bj('2026-09-30T15:00:00') });
    expect(o).toMatchObject({ department: 'GAS_INSTALLATION', resolveDueAt: bj('2026-10-13T17:30:00') });
  });

  it('GAS_COMPLAINT has its 48 h answer clock and its 3-working-day handling decision; replying meets the answer clock', async () => {
    const o = await create({ utility: 'GAS', category: 'GAS_COMPLAINT', reportedAt: bj('2026-09-29T10:00:00') });
    expect(o).toMatchObject({ department: 'GAS_BUSINESS_HALL', replyDueAt: plusMin(o.createdAt, 48 * 60), resolveDueAt: bj('2026-10-09T17:30:00') });
    const r = await s.ok(`mutation($id: ID!) { replyToCustomer(id: $id, reply: "已答复用户 / answered") { status repliedAt slaClocks { target metAt } } }`, { id: o.id },
      s.token('department', 'GAS_BUSINESS_HALL', 'hall-kinds'));
    expect(r.replyToCustomer.status).toBe('NEW');
    expect(r.replyToCustomer.slaClocks.find((c: any) => c.target === 'reply').metAt).toBe(r.replyToCustomer.repliedAt);
    expect(r.replyToCustomer.slaClocks.find((c: any) => c.target === 'resolve').metAt).toBeNull();
  });

  it('a department user of a gas department sees no water orders', async () => {
    const water = await create({ category: 'BURST' }); // no utility: WATER, as clients from before kinds send it
    expect(water).toMatchObject({ utility: 'WATER', department: 'NETWORK' });
    const gas = await create({ utility: 'GAS', category: 'GAS_ALARM' });
    const crew = s.token('department', 'GAS_EMERGENCY', 'gas-crew-kinds');
    const list = await s.ok(`{ workOrders(first: 200) { items { id utility department } } }`, {}, crew);
    expect(list.workOrders.items.map((x: any) => x.id)).toContain(gas.id);
    expect(list.workOrders.items.every((x: any) => x.utility === 'GAS' && x.department === 'GAS_EMERGENCY')).toBe(true);
    const read = await s.gql(`query($id: ID!) { workOrder(id: $id) { id } }`, { id: water.id }, crew);
    expect(read.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asked = await s.gql(`{ workOrders(filter: { utility: [WATER] }) { items { id } } }`, {}, crew);
    expect(asked.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const rep = await s.ok(`query($m: String!) { monthlyReport(month: $m) { utilities totalOrders byDepartment { key } } }`, { m: month }, crew);
    expect(rep.monthlyReport.utilities).toEqual(['GAS']);
    expect(rep.monthlyReport.byDepartment.map((x: any) => x.key)).toEqual(['GAS_EMERGENCY']);
  });

  it('the heat report shows complaint closure and repair timeliness with their targets; the season and bad input are typed', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const rep = await s.ok(`query($m: String!) { monthlyReport(month: $m, utility: HEAT) { utilities goals { name utility target value met } } }`, { m: month }, supervisor());
    expect(rep.monthlyReport.utilities).toEqual(['HEAT']);
    expect(rep.monthlyReport.goals.filter((g: any) => g.utility === 'HEAT').map((g: any) => [g.name, g.target])).toEqual([['complaintClosure', 1], ['repairTimeliness', 1], ['roomTemperatureCompliance', 0.97]]);
    const bad = await s.gql(`mutation { setHeatingSeason(startsOn: "2026-11-15", endsOn: "2026-11-01") { startsOn } }`, {}, supervisor());
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'endsOn' });
    const format = await s.gql(`mutation { setHeatingSeason(startsOn: "15.11.2026", endsOn: "2027-03-19") { startsOn } }`, {}, supervisor());
    expect(format.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'startsOn' });
    const overlap = await s.gql(`mutation { setHeatingSeason(startsOn: "2026-03-01", endsOn: "2026-11-20") { startsOn } }`, {}, supervisor());
    expect(overlap.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'endsOn' });
    const agentSets = await s.gql(`mutation { setHeatingSeason(startsOn: "2027-11-10", endsOn: "2028-03-19") { startsOn } }`, {}, agent());
    expect(agentSets.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const seasons = await s.ok(`{ heatingSeasons(fromYear: 2025, toYear: 2026) { startsOn endsOn isDefault } }`, {}, agent());
    expect(seasons.heatingSeasons).toEqual([
      { startsOn: '2025-11-15', endsOn: '2026-03-19', isDefault: false }, { startsOn: '2026-11-15', endsOn: '2027-03-19', isDefault: true },
    ]);
  });

  it('a gas home visit outside service hours is refused with the hours in the message; inside them it is booked on the order', async () => {
    const o = await create({ utility: 'GAS', category: 'GAS_SERVICE' });
    const day = dayAhead();
    const book = `mutation($id: ID!, $a: DateTimeISO!, $b: DateTimeISO!) { bookVisit(workOrderId: $id, startsAt: $a, endsAt: $b) { startsAt endsAt } }`;
    const early = await s.gql(book, { id: o.id, a: bj(`${day}T07:00:00`), b: bj(`${day}T08:30:00`) }, agent());
    expect(early.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'startsAt' });
    expect(early.body.errors?.[0].message).toMatch(/08:00–18:00.*09:00–17:00/);
    const ok = await s.ok(book, { id: o.id, a: bj(`${day}T09:00:00`), b: bj(`${day}T10:00:00`) }, s.token('department', 'GAS_INSTALLATION', 'install-kinds'));
    expect(ok.bookVisit).toEqual({ startsAt: bj(`${day}T09:00:00`), endsAt: bj(`${day}T10:00:00`) });
    const read = await s.ok(`query($id: ID!) { workOrder(id: $id) { appointment { startsAt } } }`, { id: o.id }, agent());
    expect(read.workOrder.appointment.startsAt).toBe(bj(`${day}T09:00:00`));
  });
});

/** The local date (Beijing) a week and a day from now: 9:00–10:00 is inside the gas service hours on a working day and on a rest day alike, 7:00 on neither. */
function dayAhead(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + 8 * 86_400_000));
}
