// The `npm start` demo against a real stack: what a dispatcher, an agent and a supervisor see on the
// first start — the district, a big and a small isolation plan, orders in every state, the two outages
// with the emergency's notices — and that a second start over the same databases adds nothing.
import { DEV_DEFAULTS, signUserToken } from '@mainline/common';
import { describeDemo, DemoSummary, loadDemoData } from '@mainline/infra/src/demo';
import { generateDemoCity } from '@mainline/infra/src/demo-city';
import { E2EStack, startE2EStack } from '../support/e2e-stack';

const sign = (id: Parameters<typeof signUserToken>[0]) => signUserToken(id, DEV_DEFAULTS.jwtSecret);
const PLAN = `query($n: ID!, $p: [ID!]) { isolationPlan(networkId: $n, pipeIds: $p) {
  population requiresRegulatorApproval threshold valvesToClose { id } importantUsers { name } areaNames } }`;

describe('demo data for npm start', () => {
  let s: E2EStack;
  let first: DemoSummary;
  const city = generateDemoCity();

  beforeAll(async () => {
    s = await startE2EStack('demo', { extraEnv: { NOTIFY_INTERNAL_CONTACTS: '生产调度科=07668880101', NOTIFY_REGULATOR_CONTACTS: '城市管理局供水科=07668880201' } });
    first = await loadDemoData(s.gatewayUrl, sign);
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
    const { workOrders } = await s.ok('{ workOrders(first: 200) { items { status extensions { approved } outage { id } } } }', {}, sup);
    const statuses = new Set(workOrders.items.map((o: { status: string }) => o.status));
    for (const st of ['NEW', 'DISPATCHED', 'ACCEPTED', 'ON_SITE', 'WAITING_CUSTOMER', 'EXTENSION_REQUESTED', 'RESOLVED', 'CALLED_BACK',
      'REOPENED', 'CLOSED', 'RETURNED', 'MERGED', 'CANCELLED', 'LINKED_TO_OUTAGE']) expect([st, statuses.has(st)]).toEqual([st, true]);
    const decisions = workOrders.items.flatMap((o: { extensions: Array<{ approved: boolean | null }> }) => o.extensions.map((e) => e.approved));
    expect(new Set(decisions)).toEqual(new Set([true, false, null]));
    const linked = workOrders.items.filter((o: { outage: { id: string } | null }) => o.outage?.id === first.emergencyOutageId);
    expect(linked.length).toBeGreaterThanOrEqual(2); // the burst report it was planned from, and the no-water calls
    expect(workOrders.items.length).toBe(first.ordersCreated + 1);
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

  it('adds nothing when loaded again over the same databases', async () => {
    const again = await loadDemoData(s.gatewayUrl, sign);
    expect(again.loadedNow).toEqual({ network: false, outages: false, orders: false });
    expect([again.networkId, again.plannedOutageId, again.emergencyOutageId]).toEqual([first.networkId, first.plannedOutageId, first.emergencyOutageId]);
    expect(describeDemo(again)).toContain('already loaded');
    const { networks } = await s.ok('{ networks { id } }', {}, s.token('dispatcher', 'NETWORK'));
    expect(networks).toHaveLength(1);
  });
});
