// The outage service against the real PostgreSQL and Kafka: the lifecycle rules, shared valve holds,
// and the outage.events that reach the broker through the outbox (read back with kafkajs).
import { Kafka, logLevel } from 'kafkajs';
import {
  connectAndMigrate, createDataSource, createKafkaBus, createLogger, Identity, ManualClock, OutageEvent, OutboxRelay, topicName, TOPICS,
} from '@mainline/common';
import { ensureDatabases } from '@mainline/infra';
import { testBrokers, testDbUrl, testPg, testTopicPrefix } from '@mainline/test-support';
import { entities, migrations } from '../src/app';
import { NetworkRepository } from '../src/repositories/network.repository';
import { OutageRepository } from '../src/repositories/outage.repository';
import { AnalysisService } from '../src/services/analysis.service';
import { ImportService } from '../src/services/import.service';
import { UTILITY_KINDS } from '@mainline/common/domain';
import { OutageService } from '../src/services/outage.service';
import { refusal } from '@mainline/test-support';

import { goldenAnswers, goldenInp } from './golden';
const G = goldenAnswers('Net3');
const pipeCase = (pipe: string) => G.cases.find((c: any) => c.kind === 'pipe' && c.pipes.length === 1 && c.pipes[0] === pipe);
const DB = 'mainline_test_network_outages';
const HOUR = 3_600_000;
const log = createLogger('test', 'silent');

const dispatcher: Identity = { sub: 'disp-1', name: '调度员', roles: ['dispatcher'], department: 'NETWORK' };
const supervisor: Identity = { sub: 'sup-1', name: '值班主管', roles: ['supervisor'], department: 'SUPERVISION' };
const works: Identity = { sub: 'crew-1', name: '抢修班', roles: ['department'], department: 'WORKS' };


describe('OutageService (real PostgreSQL, real Kafka)', () => {
  const ds = createDataSource({ url: testDbUrl(DB), entities, migrations, log });
  const bus = createKafkaBus({ brokers: testBrokers(), clientId: 'outage-int-test', log });
  const topic = topicName(testTopicPrefix(), TOPICS.outageEvents);
  const clock = new ManualClock(new Date('2026-05-01T01:00:00Z'));
  const relay = new OutboxRelay(ds, bus, log, { pollMs: 100 });
  const kafka = new Kafka({ clientId: 'outage-int-reader', brokers: testBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `outage-int-${Date.now()}` });
  const received: Array<{ key: string; headers: Record<string, string>; event: OutageEvent }> = [];
  let outages: OutageService;
  let networkId: string;

  const eventsFor = async (id: string, n: number): Promise<OutageEvent[]> => {
    const t0 = Date.now();
    while (received.filter((m) => m.key === id).length < n && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300)); // anything extra would show up now
    return received.filter((m) => m.key === id).map((m) => m.event);
  };

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    await connectAndMigrate(ds, log);
    const repo = new NetworkRepository(ds);
    const analysis = new AnalysisService(repo, { regulatorThreshold: 5000, serviceRadiusM: 50, simplifyToleranceM: 5 });
    const net = await new ImportService(ds, repo, { utilityKinds: UTILITY_KINDS, litersPerPersonPerDay: 200, snapToleranceM: 1, valveSnapToleranceM: 5, maxContentChars: 10_000_000 }).importNetwork(
      dispatcher,
      {
        name: 'Net3-outages', format: 'EPANET_INP', content: goldenInp('Net3'), origin: { lon: 112.04, lat: 22.93 },
        valves: G.valves.map((v: any) => ({ id: v.id, linkId: v.link, nodeId: v.node })), litersPerPersonPerDay: G.populationPerPersonM3PerS * 86400 * 1000,
      },
    );
    networkId = net.id;
    outages = new OutageService(new OutageRepository(ds), analysis, clock, {
      announceLeadHours: 24, numberPrefix: 'TS', defaultWorksUnit: 'WORKS', timeZone: 'Asia/Shanghai', eventsTopic: topic,
      valveOperationMaxFutureS: 300, pageMax: 200,
    }, log, () => relay.kick());
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        received.push({ key: message.key!.toString(), headers, event: JSON.parse(message.value!.toString()) });
      },
    });
    relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    await consumer.disconnect();
    await bus.close();
    await ds.destroy();
  });

  const plan = (pipe: string, startsInH: number, extra: Record<string, unknown> = {}) =>
    outages.create(dispatcher, {
      networkId, kind: 'PLANNED', pipeIds: [pipe], startsAt: new Date(clock.now().getTime() + startsInH * HOUR),
      endsAt: new Date(clock.now().getTime() + (startsInH + 6) * HOUR), reason: '主干管更换阀门', onMainRoad: true, ...extra,
    });

  it('refuses to announce above 5,000 people until the regulator approval is recorded, and publishes each step on Kafka', async () => {
    const big = pipeCase('317');
    const o = await plan('317', 48, { workOrderIds: ['wo-1'] });
    expect(o.status).toBe('DRAFT');
    expect(o.number).toMatch(/^TS-2026-\d{6}$/);
    expect([...o.valveIds].sort()).toEqual([...big.closeValves].sort());
    expect((await outages.liveImpact(o)).population).toBe(big.populationAffected);

    await outages.submit(dispatcher, o.id);
    const approved = await outages.approve(supervisor, o.id);
    expect(approved.approvedImpact).toMatchObject({ population: 33749, requiresRegulatorApproval: true, threshold: 5000 });

    const [{ before }] = await ds.query(`SELECT count(*)::int AS before FROM outbox WHERE key = $1`, [o.id]);
    const err = await refusal(outages.announce(supervisor, o.id));
    expect(err.code).toBe('SLA_RULE');
    expect(err.message).toMatch(/regulator approval missing: 33749 persons/);
    expect((await outages.get(o.id)).status).toBe('APPROVED');
    const [{ after }] = await ds.query(`SELECT count(*)::int AS after FROM outbox WHERE key = $1`, [o.id]);
    expect(after).toBe(before); // the refused change wrote no event

    await outages.recordRegulatorApproval(supervisor, o.id, { approvalNumber: '云城管停字〔2026〕118号', approvedAt: clock.now(), documentUrl: 'https://example.org/approval.pdf' });
    const announced = await outages.announce(supervisor, o.id);
    expect(announced.status).toBe('ANNOUNCED');

    const events = await eventsFor(o.id, 4);
    expect(events.map((e) => e.type)).toEqual(['outage.created', 'outage.submitted', 'outage.approved', 'outage.announced']);
    const m = received.find((x) => x.key === o.id && x.event.type === 'outage.announced')!;
    expect(m.headers.ce_type).toBe('mainline.outage.announced');
    const snap = m.event.outage;
    expect(snap).toMatchObject({
      id: o.id, networkId, number: o.number, kind: 'PLANNED', status: 'ANNOUNCED', reason: '主干管更换阀门', onMainRoad: true,
      population: 33749, requiresRegulatorApproval: true, threshold: 5000, valveCount: 3, networkName: 'Net3-outages', workOrderIds: ['wo-1'],
      regulatorApproval: { approvalNumber: '云城管停字〔2026〕118号', documentUrl: 'https://example.org/approval.pdf' },
      startsAt: o.startsAt.toISOString(), endsAt: o.endsAt.toISOString(),
    });
    expect(snap.area?.type).toBe('Feature');
    expect(['Polygon', 'MultiPolygon']).toContain(snap.area?.geometry?.type);
    expect(Array.isArray(snap.importantUsers) && Array.isArray(snap.servicePointPhones)).toBe(true);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
  });

  it('needs a supervisor override to announce a planned outage with less than 24 h lead time', async () => {
    const o = await plan('205', 2);
    await outages.submit(dispatcher, o.id);
    await outages.approve(supervisor, o.id);
    const err = await refusal(outages.announce(dispatcher, o.id));
    expect(err.code).toBe('SLA_RULE');
    expect(err.message).toMatch(/at least 24 h .* only 2.0 h remain/);
    expect(await outages.announceReadiness(await outages.get(o.id))).toMatchObject({ ready: false, blockers: [{ rule: 'LEAD_TIME_TOO_SHORT' }] });
    await outages.overrideLeadTime(supervisor, o.id, '医院供水改造须当晚施工');
    expect((await outages.announce(dispatcher, o.id)).status).toBe('ANNOUNCED');
    const h = await outages.history(o.id);
    expect(h.map((x) => x.action)).toEqual(['CREATE', 'SUBMIT', 'APPROVE', 'OVERRIDE_LEAD_TIME', 'ANNOUNCE']);
    expect(h[3]).toMatchObject({ actor: 'sup-1', note: '医院供水改造须当晚施工' });
  });

  it('shares a valve between two outages: closed once, reopened only when the other outage lets go', async () => {
    // Golden Net3: pipe 117 closes V3, V8, V53 and pipe 111 closes V2, V3, V5 — V3 is shared.
    const a = await plan('117', 30);
    const b = await plan('111', 30);
    expect(a.valveIds).toContain('V3');
    expect(b.valveIds).toContain('V3');
    for (const o of [a, b]) {
      await outages.submit(dispatcher, o.id);
      await outages.approve(supervisor, o.id);
      await outages.announce(supervisor, o.id);
    }
    clock.advance(30 * HOUR);
    for (const v of a.valveIds) await outages.recordValveOperation(works, a.id, v, 'CLOSE');
    expect((await outages.get(a.id)).status).toBe('IN_PROGRESS');
    for (const v of b.valveIds) await outages.recordValveOperation(works, b.id, v, 'CLOSE');
    expect((await outages.get(b.id)).status).toBe('IN_PROGRESS');
    const ops = await outages.valveOperations(b.id);
    expect(ops.find((x) => x.valveId === 'V3')).toMatchObject({ outcome: 'ALREADY_CLOSED', recordedBy: 'crew-1', department: 'WORKS' });

    const err = await refusal(outages.recordValveOperation(works, a.id, 'V3', 'OPEN'));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain(`outage ${b.number} (IN_PROGRESS) still needs it closed`);
    expect((await outages.valveOperations(a.id)).at(-1)).toMatchObject({ valveId: 'V3', action: 'OPEN', outcome: 'REFUSED' });

    // A cannot be restored while a valve only it holds is still closed.
    const notYet = await refusal(outages.restore(works, a.id));
    expect(notYet.message).toMatch(/V53|V8/);
    for (const v of a.valveIds.filter((x) => x !== 'V3')) await outages.recordValveOperation(works, a.id, v, 'OPEN');
    const ra = await outages.restore(works, a.id);
    expect(ra.status).toBe('RESTORED');
    expect((await outages.history(a.id)).at(-1)!.details).toEqual({ stillClosed: [{ valveId: 'V3', heldBy: [b.number] }] });
    expect((await outages.valveStates(b)).find((s) => s.valveId === 'V3')).toMatchObject({ closed: true, heldBy: [{ id: b.id }] });

    for (const v of b.valveIds) await outages.recordValveOperation(works, b.id, v, 'OPEN');
    expect((await outages.restore(supervisor, b.id)).status).toBe('RESTORED');
    expect((await outages.valveStates(b)).every((s) => !s.closed)).toBe(true);
    const types = (await eventsFor(a.id, 6)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['outage.started', 'outage.restored']);
  });

  it('starts an emergency at its first recorded valve, announcing it at the same time', async () => {
    const pc = pipeCase('159');
    const o = await outages.create(dispatcher, {
      networkId, kind: 'EMERGENCY', pipeIds: ['159'], startsAt: new Date(clock.now().getTime() - 0.5 * HOUR), endsAt: new Date(clock.now().getTime() + 4 * HOUR),
      reason: '爆管抢修', onMainRoad: false,
    });
    expect([...o.valveIds].sort()).toEqual([...pc.closeValves].sort());
    const started = await outages.recordValveOperation(works, o.id, o.valveIds[0], 'CLOSE', new Date(clock.now().getTime() - 0.25 * HOUR));
    expect(started.status).toBe('IN_PROGRESS');
    expect(started.startedAt!.toISOString()).toBe(new Date(clock.now().getTime() - 0.25 * HOUR).toISOString());
    const events = await eventsFor(o.id, 3);
    expect(events.map((e) => [e.type, e.outage.status])).toEqual([
      ['outage.created', 'DRAFT'], ['outage.announced', 'ANNOUNCED'], ['outage.started', 'IN_PROGRESS'],
    ]);
    // With valves closed it cannot be cancelled, only restored.
    expect((await refusal(outages.cancel(dispatcher, o.id, 'mistake'))).code).toBe('CONFLICT');
  });

  it('reschedules an announced outage keeping its status and telling the previous times', async () => {
    const o = await plan('185', 48);
    await outages.submit(dispatcher, o.id);
    await outages.approve(supervisor, o.id);
    await outages.announce(supervisor, o.id);
    const later = new Date(o.startsAt.getTime() + 24 * HOUR);
    const r = await outages.reschedule(dispatcher, o.id, later, new Date(later.getTime() + 6 * HOUR), '材料未到');
    expect(r.status).toBe('ANNOUNCED');
    const ev = (await eventsFor(o.id, 5)).at(-1)!;
    expect(ev).toMatchObject({ type: 'outage.rescheduled', outage: { status: 'ANNOUNCED', startsAt: later.toISOString(), previousStartsAt: o.startsAt.toISOString(), previousEndsAt: o.endsAt.toISOString() } });
    // Moving it to 3 h from now would cut the lead time without an override.
    const soon = new Date(clock.now().getTime() + 3 * HOUR);
    expect((await refusal(outages.reschedule(dispatcher, o.id, soon, new Date(soon.getTime() + HOUR), 'earlier'))).code).toBe('SLA_RULE');
    expect((await outages.cancel(supervisor, o.id, '取消施工')).status).toBe('CANCELLED');
    expect((await eventsFor(o.id, 6)).at(-1)!.type).toBe('outage.cancelled');
  });

  it('refuses valve operations on a planned outage that is not announced, and bad plans with clear errors', async () => {
    const o = await plan('225', 48);
    expect((await refusal(outages.recordValveOperation(works, o.id, o.valveIds[0], 'CLOSE'))).message).toMatch(/is DRAFT: CLOSE_VALVE .* only when ANNOUNCED or IN_PROGRESS/);
    expect((await refusal(outages.recordValveOperation({ ...works, department: 'METER' }, o.id, o.valveIds[0], 'CLOSE'))).code).toBe('FORBIDDEN');
    expect((await refusal(plan('no-such-pipe', 48))).message).toMatch(/pipeIds: no-such-pipe not in network "Net3-outages"/);
    expect((await refusal(plan('225', -1))).code).toBe('INVALID_INPUT');
    const page = await outages.list({ networkId, first: 2 });
    expect(page.nodes).toHaveLength(2);
    expect(page.hasNextPage).toBe(true);
    const next = await outages.list({ networkId, first: 200, after: page.endCursor });
    expect(next.nodes.map((x) => x.id)).not.toContain(page.nodes[0].id);
    expect((await outages.list({ active: true, first: 200 })).nodes.every((x) => ['ANNOUNCED', 'IN_PROGRESS'].includes(x.status))).toBe(true);
  });
});
