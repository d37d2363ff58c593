// Heat and gas outages against the real PostgreSQL and Kafka: every event carries the network's utility kind,
// the regulator threshold is the kind's own, a two-line heat network counts customers cut on either line, and
// a gas outage's restoration lists every affected service point for the ignition checks.
import { Kafka, logLevel } from 'kafkajs';
import { connectAndMigrate, createDataSource, createKafkaBus, createLogger, Identity, ManualClock, OutageEvent, OutboxRelay, topicName, TOPICS } from '@mainline/common';
import { UTILITY_KINDS, type UtilityKind } from '@mainline/common/domain';
import { refusal } from '@mainline/test-support';
import { ensureDatabases } from '@mainline/infra';
import { testBrokers, testDbUrl, testPg, testTopicPrefix } from '@mainline/test-support';
import { entities, migrations } from '../src/app';
import { NetworkRepository } from '../src/repositories/network.repository';
import { OutageRepository } from '../src/repositories/outage.repository';
import { AnalysisService } from '../src/services/analysis.service';
import { ImportService } from '../src/services/import.service';
import { OutageService } from '../src/services/outage.service';

const DB = 'mainline_test_network_heat_gas';
const HOUR = 3_600_000;
const log = createLogger('test', 'silent');
const dispatcher: Identity = { sub: 'disp-1', name: '调度员', roles: ['dispatcher'], department: 'NETWORK' };
const supervisor: Identity = { sub: 'sup-1', name: '值班主管', roles: ['supervisor'], department: 'SUPERVISION' };
const works: Identity = { sub: 'crew-1', name: '抢修班', roles: ['department'], department: 'WORKS' };

const feat = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });
const pt = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
const ln = (...c: number[][]) => ({ type: 'LineString', coordinates: c });
const fc = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

/** SRC —P1— J1 =V1= P2 — J2 =V2= P3 — J3 along one street; customers H0 at J1, H1 (a clinic) at J2, H2 at J3. */
function street(sourceKind: string, extraPipe: Record<string, unknown> = {}): string {
  return fc(
    feat({ layer: 'source', id: 'SRC', sourceKind }, pt(114, 30)),
    ...['J1', 'J2', 'J3'].map((id, i) => feat({ layer: 'junction', id }, pt(114.001 + 0.001 * i, 30))),
    feat({ layer: 'pipe', id: 'P1', from: 'SRC', to: 'J1', ...extraPipe }, ln([114, 30], [114.001, 30])),
    feat({ layer: 'pipe', id: 'P2', from: 'J1', to: 'J2', ...extraPipe }, ln([114.001, 30], [114.002, 30])),
    feat({ layer: 'pipe', id: 'P3', from: 'J2', to: 'J3', ...extraPipe }, ln([114.002, 30], [114.003, 30])),
    feat({ layer: 'valve', id: 'V1', linkId: 'P2', nodeId: 'J1' }, pt(114.0011, 30)),
    feat({ layer: 'valve', id: 'V2', linkId: 'P3', nodeId: 'J2' }, pt(114.0021, 30)),
    feat({ layer: 'service_point', id: 'H0', nodeId: 'J1', persons: 4, address: '燃气路 1 号' }, pt(114.001, 30.0001)),
    feat({ layer: 'service_point', id: 'H1', nodeId: 'J2', persons: 3, address: '燃气路 2 号', vulnerability: 'ELDERLY', important: 'HOSPITAL', name: '社区医院' }, pt(114.002, 30.0001)),
    feat({ layer: 'service_point', id: 'H2', nodeId: 'J3', persons: 2, address: '燃气路 3 号', customerType: 'COMMERCIAL' }, pt(114.003, 30.0001)),
  );
}

/** A heat source feeding two compounds by a supply line (S1, S2) and taking the water back by a return line (R1, R2). */
function twoLineHeat(): string {
  const d = 0.0001;
  return fc(
    feat({ layer: 'source', id: 'HS', sourceKind: 'HEAT_SOURCE' }, pt(114, 30)),
    feat({ layer: 'junction', id: 'a1' }, pt(114.001, 30 + d)), feat({ layer: 'junction', id: 'a2' }, pt(114.002, 30 + d)),
    feat({ layer: 'junction', id: 'b1' }, pt(114.001, 30 - d)), feat({ layer: 'junction', id: 'b2' }, pt(114.002, 30 - d)),
    feat({ layer: 'pipe', id: 'S1', from: 'HS', to: 'a1', circuit: 'SUPPLY' }, ln([114, 30], [114.001, 30 + d])),
    feat({ layer: 'pipe', id: 'S2', from: 'a1', to: 'a2', circuit: 'SUPPLY' }, ln([114.001, 30 + d], [114.002, 30 + d])),
    feat({ layer: 'pipe', id: 'R1', from: 'HS', to: 'b1', circuit: 'RETURN' }, ln([114, 30], [114.001, 30 - d])),
    feat({ layer: 'pipe', id: 'R2', from: 'b1', to: 'b2', circuit: 'RETURN' }, ln([114.001, 30 - d], [114.002, 30 - d])),
    feat({ layer: 'valve', id: 'VS2', linkId: 'S2', nodeId: 'a1' }, pt(114.0011, 30 + d)),
    feat({ layer: 'valve', id: 'VR2', linkId: 'R2', nodeId: 'b1' }, pt(114.0011, 30 - d)),
    feat({ layer: 'service_point', id: 'C1', nodeId: 'a1', returnNodeId: 'b1', persons: 100, address: '热力小区 1 栋' }, pt(114.001, 30)),
    feat({ layer: 'service_point', id: 'C2', nodeId: 'a2', returnNodeId: 'b2', persons: 200, address: '热力小区 2 栋' }, pt(114.002, 30)),
  );
}

describe('heat and gas outages (real PostgreSQL, real Kafka)', () => {
  const ds = createDataSource({ url: testDbUrl(DB), entities, migrations, log });
  const bus = createKafkaBus({ brokers: testBrokers(), clientId: 'heat-gas-int-test', log });
  const topic = topicName(testTopicPrefix(), TOPICS.outageEvents);
  const clock = new ManualClock(new Date('2026-05-01T01:00:00Z'));
  const relay = new OutboxRelay(ds, bus, log, { pollMs: 100 });
  const kafka = new Kafka({ clientId: 'heat-gas-int-reader', brokers: testBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `heat-gas-int-${Date.now()}` });
  const received: OutageEvent[] = [];
  const nets: Record<string, string> = {};
  let outages: OutageService;

  /** The outage's events once `type` has arrived (polled; the relay publishes right after each commit). */
  const eventsUntil = async (id: string, type: string): Promise<OutageEvent[]> => {
    const t0 = Date.now();
    while (!received.some((e) => e.outage.id === id && e.type === type)) {
      if (Date.now() - t0 > 30000) throw new Error(`no ${type} for outage ${id} on Kafka within 30 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return received.filter((e) => e.outage.id === id);
  };

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    await connectAndMigrate(ds, log);
    const repo = new NetworkRepository(ds);
    // A heat utility that reports to its authority from 150 affected persons; water and gas keep 5,000.
    const analysis = new AnalysisService(repo, { regulatorThreshold: 5000, regulatorThresholdByUtility: { WATER: 5000, HEAT: 150, GAS: 5000 }, serviceRadiusM: 50, simplifyToleranceM: 5 });
    const imports = new ImportService(ds, repo, { utilityKinds: UTILITY_KINDS, litersPerPersonPerDay: 200, snapToleranceM: 1, valveSnapToleranceM: 5, maxContentChars: 10_000_000 });
    const load = async (name: string, utility: UtilityKind, content: string) => {
      nets[name] = (await imports.importNetwork(dispatcher, { name, format: 'GEOJSON', content, utility })).id;
    };
    await load('gas', 'GAS', street('GATE_STATION', { pressureLevel: 'MEDIUM' }));
    await load('water', 'WATER', street('PLANT'));
    await load('heat', 'HEAT', twoLineHeat());
    await load('heat-one-line', 'HEAT', street('HEAT_SOURCE'));
    outages = new OutageService(new OutageRepository(ds), analysis, clock, {
      announceLeadHours: 24, numberPrefix: 'TS', defaultWorksUnit: 'WORKS', timeZone: 'Asia/Shanghai', eventsTopic: topic,
      valveOperationMaxFutureS: 300, pageMax: 200,
    }, log, () => relay.kick());
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(JSON.parse(message.value!.toString())) });
    relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    await consumer.disconnect();
    await bus.close();
    await ds.destroy();
  });

  /** An emergency on P2 of a street network, carried through to restoration. */
  async function emergencyRestored(network: string) {
    const o = await outages.create(dispatcher, {
      networkId: nets[network], kind: 'EMERGENCY', pipeIds: ['P2'], startsAt: new Date(clock.now().getTime() - 0.5 * HOUR),
      endsAt: new Date(clock.now().getTime() + 4 * HOUR), reason: '管道泄漏抢修',
    });
    for (const v of o.valveIds) await outages.recordValveOperation(works, o.id, v, 'CLOSE');
    for (const v of o.valveIds) await outages.recordValveOperation(works, o.id, v, 'OPEN');
    await outages.restore(works, o.id);
    return { o, events: await eventsUntil(o.id, 'outage.restored') };
  }

  it('lists every affected service point in a gas outage’s restoration, for the ignition checks, and carries GAS in every event', async () => {
    const { o, events } = await emergencyRestored('gas');
    expect(o.utility).toBe('GAS');
    expect(events.map((e) => e.type)).toEqual(['outage.created', 'outage.announced', 'outage.started', 'outage.restored']);
    expect(events.every((e) => e.outage.utility === 'GAS')).toBe(true);
    const restored = events.at(-1)!.outage;
    // P2's segment (J2) and what it cuts off (J3): H1 and H2; H0 at J1 kept its gas.
    expect(restored.affectedServicePoints).toEqual([
      { id: 'H1', address: '燃气路 2 号', vulnerability: ['ELDERLY'] },
      { id: 'H2', address: '燃气路 3 号' },
    ]);
    expect(events.slice(0, -1).every((e) => e.outage.affectedServicePoints === undefined)).toBe(true);
  });

  it('leaves a water outage’s restoration as it was: WATER, no customer list', async () => {
    const { o, events } = await emergencyRestored('water');
    expect(o.utility).toBe('WATER');
    expect(events.every((e) => e.outage.utility === 'WATER' && e.outage.affectedServicePoints === undefined)).toBe(true);
  });

  it('counts the customers cut on the return line of a two-line heat network, against the heat threshold', async () => {
    const o = await outages.create(dispatcher, {
      networkId: nets.heat, kind: 'PLANNED', pipeIds: ['R2'], startsAt: new Date(clock.now().getTime() + 48 * HOUR),
      endsAt: new Date(clock.now().getTime() + 54 * HOUR), reason: '回水管更换',
    });
    const impact = await outages.liveImpact(o);
    expect(impact).toMatchObject({ population: 200, threshold: 150, requiresRegulatorApproval: true, valvesToClose: [{ id: 'VR2' }] });
    expect(impact.importantUsers).toEqual([]);
    const [created] = await eventsUntil(o.id, 'outage.created');
    expect(created.outage).toMatchObject({ utility: 'HEAT', population: 200, threshold: 150, requiresRegulatorApproval: true });
    // The same break drawn as one line, where a pipe is the pair: P2 takes H1 and H2 (5 persons), under 150.
    const one = await outages.create(dispatcher, {
      networkId: nets['heat-one-line'], kind: 'PLANNED', pipeIds: ['P2'], startsAt: new Date(clock.now().getTime() + 48 * HOUR),
      endsAt: new Date(clock.now().getTime() + 54 * HOUR), reason: '供热管更换',
    });
    expect(await outages.liveImpact(one)).toMatchObject({ population: 5, threshold: 150, requiresRegulatorApproval: false });
  });

  it('needs the bureau for a plant outage whatever its size, and carries the phone-list facts and a pressure reduction', async () => {
    const later = (h: number) => new Date(clock.now().getTime() + h * HOUR);
    const plant = await outages.create(dispatcher, {
      networkId: nets.water, kind: 'PLANNED', source: 'PLANT', pressureReduction: true, pipeIds: ['P3'], startsAt: later(48), endsAt: later(54),
      reason: '加压站设备检修，降压供水', onMainRoad: true,
    });
    expect([plant.source, plant.pressureReduction]).toEqual(['PLANT', true]);
    const [created] = await eventsUntil(plant.id, 'outage.created');
    expect(created.outage).toMatchObject({
      utility: 'WATER', source: 'PLANT', pressureReduction: true, population: 2, threshold: 5000, requiresRegulatorApproval: true,
      importantUserAffected: false, onMainRoad: true,
    });
    await outages.submit(dispatcher, plant.id);
    await outages.approve(supervisor, plant.id);
    expect(await outages.requiresRegulatorApproval(await outages.get(plant.id))).toBe(true);
    const err = await refusal(outages.announce(supervisor, plant.id));
    expect(err.code).toBe('SLA_RULE');
    expect(err.message).toMatch(/treatment plant or booster station outage needs the bureau's approval whatever its size \(2 persons affected\)/);

    // The same size on the network needs no approval; the clinic on P2's segment is an important user affected.
    const net = await outages.create(dispatcher, { networkId: nets.water, kind: 'PLANNED', pipeIds: ['P2'], startsAt: later(48), endsAt: later(54), reason: '换管' });
    const [c2] = await eventsUntil(net.id, 'outage.created');
    expect(c2.outage).toMatchObject({ source: 'NETWORK', pressureReduction: false, population: 5, requiresRegulatorApproval: false, importantUserAffected: true, onMainRoad: false });
    expect(c2.outage.importantUsers).toEqual([{ id: 'H1', name: '社区医院', kind: 'HOSPITAL', phone: '' }]);
    expect(await outages.requiresRegulatorApproval(net)).toBe(false);
  });

  it('lists outages by utility kind', async () => {
    const heat = await outages.list({ utility: 'HEAT', first: 50 });
    expect(heat.nodes.length).toBeGreaterThanOrEqual(2);
    expect(heat.nodes.every((o) => o.utility === 'HEAT')).toBe(true);
    expect((await outages.list({ utility: 'GAS', first: 50 })).nodes.map((o) => o.networkId)).toEqual([nets.gas]);
  });
});
