// Outages through the gateway with the real broker: the 5,000-person rule (refused, then allowed after
// the regulator approval), the lead-time override, valve operations shared by two outages, restoration,
// and who may do what. Notices (Outage.notices) are the notify service's and tested there.
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS, topicName } from '@mainline/common';
import { goldenAnswers, goldenInp } from '@mainline/network/test/golden';
import { E2EStack, startE2EStack } from '../support/e2e-stack';
import { testBrokers } from '../support/env';

const G = goldenAnswers('Net3');
const pipeCases = G.cases.filter((c: any) => c.kind === 'pipe');
const big = pipeCases.reduce((a: any, c: any) => (c.populationAffected > a.populationAffected ? c : a));
const HOUR = 3_600_000;
const hoursFromNow = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

const OUTAGE = 'id number status kind valveIds impact { population requiresRegulatorApproval threshold } history { action by fromStatus toStatus note details }';

describe('outage lifecycle through the gateway', () => {
  let s: E2EStack;
  let disp: string, sup: string, works: string, meter: string, agent: string;
  let networkId: string;
  const received: Array<{ key: string; type: string; outage: any }> = [];
  const kafka = new Kafka({ clientId: 'outage-e2e-reader', brokers: testBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `outage-e2e-${Date.now()}` });

  const refused = async (query: string, variables: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, variables, token);
    expect(r.body.errors?.length).toBeGreaterThan(0);
    return r.body.errors![0];
  };
  const create = async (pipe: string, startsInH: number) =>
    (await s.ok(`mutation($i: CreateOutageInput!) { createOutage(input: $i) { ${OUTAGE} } }`, {
      i: { networkId, kind: 'PLANNED', pipeIds: [pipe], startsAt: hoursFromNow(startsInH), endsAt: hoursFromNow(startsInH + 6), reason: '主干管更换阀门', onMainRoad: false, worksUnit: 'WORKS' },
    }, disp)).createOutage;
  const step = (name: string, id: string, token: string) => s.gql(`mutation($id: ID!) { ${name}(outageId: $id) { ${OUTAGE} } }`, { id }, token);
  const valve = (id: string, valveId: string, action: 'CLOSE' | 'OPEN', token: string) =>
    s.gql(`mutation($id: ID!, $v: ID!, $a: ValveAction!) { recordValveOperation(outageId: $id, valveId: $v, action: $a) { id status } }`, { id, v: valveId, a: action }, token);
  const outage = async (id: string) =>
    (await s.ok(`query($id: ID!) { outage(id: $id) { ${OUTAGE} valveStates { valveId closed heldBy { id number } } valveOperations { valveId action outcome recordedBy department } } }`, { id }, sup)).outage;
  const planAndAnnounce = async (pipe: string) => {
    const o = await create(pipe, 30);
    expect((await step('submitOutage', o.id, disp)).body.errors).toBeUndefined();
    expect((await step('approveOutage', o.id, sup)).body.errors).toBeUndefined();
    expect((await step('announceOutage', o.id, disp)).body.data?.announceOutage.status).toBe('ANNOUNCED');
    return o;
  };

  beforeAll(async () => {
    s = await startE2EStack('outage');
    disp = s.token('dispatcher', 'NETWORK');
    sup = s.token('supervisor', 'SUPERVISION');
    works = s.token('department', 'WORKS', 'crew-works');
    meter = s.token('department', 'METER', 'crew-meter');
    agent = s.token('agent', 'CALL_CENTER');
    const inp = goldenInp('Net3');
    networkId = (await s.ok('mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id } }', {
      i: {
        name: 'e2e-outage-net3', format: 'EPANET_INP', content: inp, origin: { lon: 112.04, lat: 22.93 },
        valves: G.valves.map((v: any) => ({ id: v.id, linkId: v.link, nodeId: v.node })),
        litersPerPersonPerDay: G.populationPerPersonM3PerS * 86400 * 1000,
      },
    }, disp)).importNetwork.id;
    await consumer.connect();
    await consumer.subscribe({ topic: topicName(s.topicPrefix, TOPICS.outageEvents), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const e = JSON.parse(message.value!.toString());
        received.push({ key: message.key!.toString(), type: e.type, outage: e.outage });
      },
    });
  });

  afterAll(async () => {
    await consumer.disconnect().catch(() => undefined);
    await s?.stop();
  });

  it('refuses to announce above 5,000 people before the regulator approval, then announces and publishes outage events', async () => {
    const start = hoursFromNow(48);
    const created = (await s.ok(`mutation($i: CreateOutageInput!) { createOutage(input: $i) { id status kind impact { population requiresRegulatorApproval } } }`, {
      i: { networkId, kind: 'PLANNED', pipeIds: big.pipes, startsAt: start, endsAt: hoursFromNow(54), reason: '主干管更换阀门', onMainRoad: true },
    }, disp)).createOutage;
    expect(created).toMatchObject({ status: 'DRAFT', kind: 'PLANNED', impact: { population: big.populationAffected, requiresRegulatorApproval: true } });
    const id = created.id;

    expect((await step('submitOutage', id, disp)).body.data?.submitOutage.status).toBe('SUBMITTED');
    expect((await refused(`mutation($id: ID!) { approveOutage(outageId: $id) { id } }`, { id }, agent)).extensions?.code).toBe('FORBIDDEN');
    expect((await step('approveOutage', id, sup)).body.data?.approveOutage.status).toBe('APPROVED');

    const e = await refused(`mutation($id: ID!) { announceOutage(outageId: $id) { id status } }`, { id }, sup);
    expect(e.extensions?.code).toBe('SLA_RULE');
    expect(e.message).toMatch(/regulator approval missing/);
    expect((await outage(id)).status).toBe('APPROVED');

    await s.ok(`mutation($id: ID!, $i: RegulatorApprovalInput!) { recordRegulatorApproval(outageId: $id, input: $i) { id } }`, {
      id, i: { approvalNumber: '云城管停字〔2026〕118号', approvedAt: new Date().toISOString(), documentUrl: 'https://example.org/approval.pdf' },
    }, sup);
    const announced = (await s.ok(`mutation($id: ID!) { announceOutage(outageId: $id) { id status regulatorApproval { approvalNumber } approvedImpact { population areaNames } } }`, { id }, sup)).announceOutage;
    expect(announced).toMatchObject({ status: 'ANNOUNCED', regulatorApproval: { approvalNumber: '云城管停字〔2026〕118号' }, approvedImpact: { population: big.populationAffected } });

    const t0 = Date.now();
    while (received.filter((m) => m.key === id).length < 4 && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 200));
    const mine = received.filter((m) => m.key === id);
    expect(mine.map((m) => m.type)).toEqual(['outage.created', 'outage.submitted', 'outage.approved', 'outage.announced']);
    expect(mine[3].outage).toMatchObject({ id, status: 'ANNOUNCED', population: big.populationAffected, requiresRegulatorApproval: true, networkName: 'e2e-outage-net3', valveCount: big.closeValves.length });
  });

  it('announces a planned outage less than 24 h ahead only after a supervisor override', async () => {
    const o = await create('205', 3);
    await step('submitOutage', o.id, disp);
    await step('approveOutage', o.id, sup);
    const e = await refused(`mutation($id: ID!) { announceOutage(outageId: $id) { id } }`, { id: o.id }, disp);
    expect(e.extensions?.code).toBe('SLA_RULE');
    expect(e.message).toMatch(/at least 24 h/);
    expect((await refused(`mutation($id: ID!) { overrideLeadTime(outageId: $id, reason: "x") { id } }`, { id: o.id }, disp)).extensions?.code).toBe('FORBIDDEN');
    const ov = (await s.ok(`mutation($id: ID!) { overrideLeadTime(outageId: $id, reason: "医院改造须今晚施工") { override { by reason at } } }`, { id: o.id }, sup)).overrideLeadTime;
    expect(ov.override.reason).toBe('医院改造须今晚施工');
    expect((await step('announceOutage', o.id, disp)).body.data?.announceOutage.status).toBe('ANNOUNCED');
  });

  it('holds a shared valve closed until every outage that needs it is restored, and only the works unit records valves', async () => {
    // Golden Net3: pipe 117 closes V3, V8, V53 and pipe 111 closes V2, V3, V5: V3 is in both.
    const a = await planAndAnnounce('117');
    const b = await planAndAnnounce('111');
    expect(a.valveIds).toContain('V3');
    expect(b.valveIds).toContain('V3');

    const forbidden = await valve(a.id, a.valveIds[0], 'CLOSE', meter);
    expect(forbidden.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await valve(a.id, a.valveIds[0], 'CLOSE', agent)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    for (const v of a.valveIds) expect((await valve(a.id, v, 'CLOSE', works)).body.errors).toBeUndefined();
    expect((await outage(a.id)).status).toBe('IN_PROGRESS');
    for (const v of b.valveIds) expect((await valve(b.id, v, 'CLOSE', works)).body.errors).toBeUndefined();
    const bNow = await outage(b.id);
    expect(bNow.status).toBe('IN_PROGRESS');
    expect(bNow.valveOperations.find((x: any) => x.valveId === 'V3')).toMatchObject({ action: 'CLOSE', outcome: 'ALREADY_CLOSED', recordedBy: 'crew-works', department: 'WORKS' });

    const held = await valve(a.id, 'V3', 'OPEN', works);
    expect(held.body.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(held.body.errors?.[0].message).toContain(b.number);

    const aOthers = a.valveIds.filter((x: string) => x !== 'V3');
    expect(aOthers.length).toBeGreaterThan(0);
    for (const v of aOthers) expect((await valve(a.id, v, 'OPEN', works)).body.errors).toBeUndefined();
    expect((await refused(`mutation($id: ID!) { restoreOutage(outageId: $id) { id } }`, { id: a.id }, meter)).extensions?.code).toBe('FORBIDDEN');
    const ra = (await step('restoreOutage', a.id, works)).body.data?.restoreOutage;
    expect(ra.status).toBe('RESTORED');
    expect(ra.history.at(-1)).toMatchObject({ action: 'RESTORE', details: { stillClosed: [{ valveId: 'V3', heldBy: [b.number] }] } });
    expect((await outage(b.id)).valveStates.find((x: any) => x.valveId === 'V3')).toMatchObject({ closed: true, heldBy: [{ id: b.id }] });

    for (const v of b.valveIds) expect((await valve(b.id, v, 'OPEN', works)).body.errors).toBeUndefined();
    expect((await step('restoreOutage', b.id, works)).body.data?.restoreOutage.status).toBe('RESTORED');
    const bStates = (await outage(b.id)).valveStates;
    expect(bStates.length).toBeGreaterThan(0);
    expect(bStates.every((x: any) => !x.closed)).toBe(true);

    const t0 = Date.now();
    while (!received.some((m) => m.key === b.id && m.type === 'outage.restored') && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 200));
    expect(received.filter((m) => m.key === b.id).map((m) => m.type)).toEqual([
      'outage.created', 'outage.submitted', 'outage.approved', 'outage.announced', 'outage.started', 'outage.restored',
    ]);
  });
  it('restores a gas outage with every affected household listed for the ignition checks, opens their GAS_SERVICE orders in tickets, and asks the bureau for a plant outage of any size', async () => {
    const f = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });
    const pt = (lon: number) => ({ type: 'Point', coordinates: [lon, 22.93] });
    const ln = (a: number, b: number) => ({ type: 'LineString', coordinates: [[a, 22.93], [b, 22.93]] });
    const gas = JSON.stringify({
      type: 'FeatureCollection', features: [
        f({ layer: 'source', id: 'GATE', sourceKind: 'GATE_STATION' }, pt(112.04)),
        f({ layer: 'junction', id: 'J1' }, pt(112.041)), f({ layer: 'junction', id: 'J2' }, pt(112.042)),
        f({ layer: 'pipe', id: 'G1', from: 'GATE', to: 'J1', pressureLevel: 'MEDIUM' }, ln(112.04, 112.041)),
        f({ layer: 'pipe', id: 'G2', from: 'J1', to: 'J2', pressureLevel: 'LOW' }, ln(112.041, 112.042)),
        f({ layer: 'valve', id: 'GV1', linkId: 'G2', nodeId: 'J1' }, pt(112.0411)),
        f({ layer: 'service_point', id: 'HH-2', nodeId: 'J2', persons: 3, address: '燃气新村 2 号', vulnerability: 'DISABLED' }, pt(112.042)),
        f({ layer: 'service_point', id: 'HH-1', nodeId: 'J2', persons: 2, address: '燃气新村 1 号' }, pt(112.042)),
        f({ layer: 'service_point', id: 'HH-0', nodeId: 'J1', persons: 4, address: '燃气新村 0 号' }, pt(112.041)),
      ],
    });
    const gasId = (await s.ok('mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id utility } }',
      { i: { name: 'e2e-gas', format: 'GEOJSON', content: gas, utility: 'GAS' } }, disp)).importNetwork.id;
    const FIELDS = 'id status utility source pressureReduction requiresRegulatorApproval';
    const o = (await s.ok(`mutation($i: CreateOutageInput!) { createOutage(input: $i) { ${FIELDS} valveIds } }`, {
      i: { networkId: gasId, kind: 'EMERGENCY', pipeIds: ['G2'], startsAt: hoursFromNow(-0.5), endsAt: hoursFromNow(3), reason: '燃气管道泄漏抢修', worksUnit: 'WORKS' },
    }, disp)).createOutage;
    expect(o).toMatchObject({ utility: 'GAS', source: 'NETWORK', pressureReduction: false, requiresRegulatorApproval: false, valveIds: ['GV1'] });
    expect((await valve(o.id, 'GV1', 'CLOSE', works)).body.data?.recordValveOperation.status).toBe('IN_PROGRESS');
    expect((await valve(o.id, 'GV1', 'OPEN', works)).body.errors).toBeUndefined();
    expect((await step('restoreOutage', o.id, works)).body.data?.restoreOutage.status).toBe('RESTORED');
    const t0 = Date.now();
    while (!received.some((m) => m.key === o.id && m.type === 'outage.restored') && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 100));
    const restored = received.find((m) => m.key === o.id && m.type === 'outage.restored')!.outage;
    expect(restored.utility).toBe('GAS');
    expect(restored.affectedServicePoints).toEqual([
      { id: 'HH-1', address: '燃气新村 1 号' },
      { id: 'HH-2', address: '燃气新村 2 号', vulnerability: ['DISABLED'] },
    ]);

    // Tickets opens one ignition check per household (restoring gas is not opening valves), the vulnerable
    // household first; the gas installation crews see them on their outage, the water crews do not.
    const gasCrew = s.token('department', 'GAS_INSTALLATION', 'crew-gas');
    const CHECKS = `query($o: ID!) { workOrders(filter: { outageId: $o, category: [GAS_SERVICE] }) { items {
      number utility category status department channel priority description address createdAt dispatchDueAt resolveDueAt
      asset { ... on ServicePoint { networkId id vulnerability } } outage { id number } } } }`;
    const checks = async (token: string) => (await s.ok(CHECKS, { o: o.id }, token)).workOrders.items;
    const t1 = Date.now();
    while ((await checks(gasCrew)).length < 2 && Date.now() - t1 < 30000) await new Promise((r) => setTimeout(r, 200));
    const orders = await checks(gasCrew);
    expect(orders.map((w: any) => w.asset)).toEqual([
      { networkId: gasId, id: 'HH-2', vulnerability: ['DISABLED'] },
      { networkId: gasId, id: 'HH-1', vulnerability: [] },
    ]);
    expect(orders.map((w: any) => w.address)).toEqual(['燃气新村 2 号', '燃气新村 1 号']);
    expect(orders.map((w: any) => w.priority)).toEqual(['HOURS_24', 'NORMAL']);
    expect(orders[0].number < orders[1].number).toBe(true);
    const outageNumber = orders[0].outage.number;
    for (const w of orders) {
      expect(w).toMatchObject({ utility: 'GAS', category: 'GAS_SERVICE', status: 'NEW', department: 'GAS_INSTALLATION', channel: 'SYSTEM', outage: { id: o.id } });
      expect(w.description).toContain(`点火检查：停气 ${outageNumber} 恢复供气后逐户点火`);
      expect(w.description).toContain(`ignition check after gas outage ${outageNumber}`);
      // GAS_SERVICE's clock: 3 working days counted from the day after the request, so never within the first day —
      // except the vulnerable household's check, which has the 24 h processing level (priority service).
      if (w.priority === 'HOURS_24') expect(Date.parse(w.resolveDueAt) - Date.parse(w.createdAt)).toBe(24 * HOUR);
      else expect(Date.parse(w.resolveDueAt) - Date.parse(w.createdAt)).toBeGreaterThan(24 * HOUR);
      expect(w.dispatchDueAt).not.toBeNull();
    }
    expect(await checks(s.token('department', 'NETWORK', 'crew-water'))).toEqual([]);
    // Nobody reports through the system's channel.
    const byHand = await s.gql('mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id } }', {
      i: { utility: 'GAS', category: 'GAS_SERVICE', channel: 'SYSTEM', description: '点火检查' },
    }, agent);
    expect(byHand.body.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_INPUT', argument: 'input.channel' } });

    const plant = (await s.ok(`mutation($i: CreateOutageInput!) { createOutage(input: $i) { ${FIELDS} announceReadiness { ready blockers { rule } } } }`, {
      i: { networkId, kind: 'PLANNED', source: 'PLANT', pressureReduction: true, pipeIds: [pipeCases[0].pipes[0]], startsAt: hoursFromNow(48), endsAt: hoursFromNow(52), reason: '水厂设备检修，降压供水' },
    }, disp)).createOutage;
    expect(plant).toMatchObject({ utility: 'WATER', source: 'PLANT', pressureReduction: true, requiresRegulatorApproval: true });
    expect(plant.announceReadiness.blockers.map((b: any) => b.rule)).toContain('REGULATOR_APPROVAL_MISSING');
  });
});
