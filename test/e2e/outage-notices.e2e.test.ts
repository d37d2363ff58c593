// An outage end to end through the gateway and the real broker: planned from a break, held back by the
// 5,000-person rule until the regulator's approval, then notices for every audience on outage.notices
// as CloudEvents (Chinese text, once each), valve operations, a caller inside the area linked to the
// outage instead of dispatched, and the restoration notice. The outage and work-order events on the way carry
// the same CloudEvents headers as the notices (one convention, set by the outbox relay).
import fs from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS, topicName } from '@mainline/common';
import { E2EStack, startE2EStack } from '../support/e2e-stack';
import { testBrokers } from '../support/env';

const TOWN = require.resolve('@mainline/infra/demo/yuncheng-town.geojson');
const HOUR = 3_600_000;

interface Seen { key: string; headers: Record<string, string>; data: any }
interface SeenEvent { topic: string; key: string; headers: Record<string, string>; value: { eventId: string; type: string; occurredAt: string } }

/** CloudEvents binary mode: the attributes in ce_* headers, taken from the event's envelope; the key is the subject. */
const expectCloudEvent = (m: SeenEvent, source: string) =>
  expect(m.headers).toEqual({
    ce_specversion: '1.0', ce_id: m.value.eventId, ce_type: `mainline.${m.value.type}`, ce_source: source, ce_time: m.value.occurredAt,
    ce_subject: m.key, 'content-type': 'application/json',
  });

describe('outage → notices through Kafka, end to end', () => {
  let s: E2EStack;
  const seen: Seen[] = [];
  const events: SeenEvent[] = [];
  const kafka = new Kafka({ clientId: 'notices-e2e', brokers: testBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `notices-e2e-${Date.now()}` });

  const waitFor = async <T>(what: string, fn: () => T | undefined | false, ms = 30000): Promise<T> => {
    const t0 = Date.now();
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; seen ${seen.length} notices`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const pollUntil = async <T>(what: string, fn: () => Promise<T | null | undefined>, ms = 30000): Promise<T> => {
    const t0 = Date.now();
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    // Who the call center phones inside the company and at the bureau is each utility's own data (env).
    s = await startE2EStack('notices', { extraEnv: { NOTIFY_INTERNAL_CONTACTS: '生产调度科=07668880101,值班领导=07668880102', NOTIFY_REGULATOR_CONTACTS: '城市管理局供水科=07668880201' } });
    await consumer.connect();
    const notices = topicName(s.topicPrefix, TOPICS.outageNotices);
    for (const t of [notices, topicName(s.topicPrefix, TOPICS.outageEvents), topicName(s.topicPrefix, TOPICS.workorderEvents)]) {
      await consumer.subscribe({ topic: t, fromBeginning: true });
    }
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        const key = message.key!.toString();
        const value = JSON.parse(message.value!.toString());
        if (topic === notices) seen.push({ key, headers, data: value });
        else events.push({ topic, key, headers, value });
      },
    });
  });
  afterAll(async () => {
    await consumer.disconnect();
    await s?.stop();
  });

  it('plans, waits for the regulator, notifies every audience once, links callers, announces restoration, with CloudEvents headers on every topic', async () => {
    const disp = s.token('dispatcher', 'NETWORK');
    const sup = s.token('supervisor', 'SUPERVISION');
    const works = s.token('department', 'WORKS', 'crew-1');
    const agent = s.token('agent', 'CALL_CENTER');
    const net = (await s.ok('mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id } }',
      { i: { name: 'town', format: 'GEOJSON', content: fs.readFileSync(TOWN, 'utf8') } }, disp)).importNetwork;

    // The feed main from the reservoir: the whole district (8,960 people) loses water.
    const o = (await s.ok(`mutation($i: CreateOutageInput!) { createOutage(input: $i) { id status valveIds impact { population requiresRegulatorApproval } } }`, {
      i: { networkId: net.id, kind: 'PLANNED', pipeIds: ['P-R1'], startsAt: new Date(Date.now() + 48 * HOUR).toISOString(),
           endsAt: new Date(Date.now() + 54 * HOUR).toISOString(), reason: '水厂出水总管更换阀门', onMainRoad: true, worksUnit: 'WORKS' },
    }, disp)).createOutage;
    expect(o.impact).toEqual({ population: 8960, requiresRegulatorApproval: true });
    expect(o.valveIds).toEqual(['V-R1']);
    await s.ok('mutation($id: ID!) { submitOutage(outageId: $id) { id } }', { id: o.id }, disp);
    await s.ok('mutation($id: ID!) { approveOutage(outageId: $id) { id } }', { id: o.id }, sup);
    const early = await s.gql('mutation($id: ID!) { announceOutage(outageId: $id) { id } }', { id: o.id }, sup);
    expect(early.body.errors?.[0].message).toMatch(/regulator|监管|审批/i);
    await s.ok(`mutation($id: ID!, $i: RegulatorApprovalInput!) { recordRegulatorApproval(outageId: $id, input: $i) { id } }`,
      { id: o.id, i: { approvalNumber: '云城管停字〔2026〕118号', approvedAt: new Date().toISOString(), documentUrl: 'https://example.org/a.pdf' } }, sup);
    expect((await s.ok('mutation($id: ID!) { announceOutage(outageId: $id) { status } }', { id: o.id }, sup)).announceOutage.status).toBe('ANNOUNCED');

    // Notices for each audience arrive on the topic, keyed by outage, as CloudEvents in binary mode.
    const mine = () => seen.filter((m) => m.key === o.id);
    const audiences = ['PUBLIC', 'IMPORTANT_USER', 'RESIDENT', 'INTERNAL', 'SITE_POSTER'];
    await waitFor('notices for every audience', () => audiences.every((a) => mine().some((m) => m.data.audience === a)));
    for (const m of mine()) {
      expect(m.headers.ce_type).toBe('mainline.outage.notice.v1');
      expect(m.headers.ce_specversion).toBe('1.0');
      expect(m.headers.ce_id).toBe(m.data.noticeId);
      expect(m.headers.ce_source).toBeTruthy();
    }
    const wechat = mine().find((m) => m.data.audience === 'PUBLIC' && m.data.channel === 'WECHAT' && m.data.locale === 'zh-CN')!;
    expect(wechat.data.title).toContain('停水通知');
    expect(wechat.data.text).toContain('水厂出水总管更换阀门');
    const internal = mine().find((m) => m.data.audience === 'INTERNAL')!;
    expect(internal.data.recipients.map((r: any) => r.name).sort()).toEqual(['值班领导', '生产调度科']);
    const sms = mine().find((m) => m.data.audience === 'IMPORTANT_USER' && m.data.channel === 'SMS')!;
    expect(sms.data.text).toMatch(/^【[^】]+】/);
    expect(sms.data.recipients.map((r: any) => r.phone).sort()).toEqual(['07668880001', '07668880002']);
    expect(mine().some((m) => m.data.locale === 'en')).toBe(true);

    // The same notices through federation (Outage.notices is the notify subgraph's).
    const viaGraph = (await s.ok('query($id: ID!) { outage(id: $id) { status notices { id audience channel status } } }', { id: o.id }, sup)).outage;
    expect(viaGraph.notices.length).toBeGreaterThanOrEqual(new Set(mine().map((m) => m.headers.ce_id)).size);

    // The crew closes the valve: water is off, the outage is in progress.
    expect((await s.ok('mutation($id: ID!, $v: ID!) { recordValveOperation(outageId: $id, valveId: $v, action: CLOSE) { status } }', { id: o.id, v: 'V-R1' }, works))
      .recordValveOperation.status).toBe('IN_PROGRESS');

    // A resident calls in with no water: linked to the known outage, not dispatched again.
    // The tickets projection follows outage.events: the agent's intake sees the outage at the caller's point first.
    const home = { lon: 112.0432, lat: 22.9315 };
    const known = await pollUntil('tickets to know the outage at the caller\'s point', async () =>
      (await s.ok('query($p: LonLatInput!) { knownOutageAt(location: $p) { id status areaNames } }', { p: home }, agent)).knownOutageAt);
    expect(known).toMatchObject({ id: o.id, status: 'IN_PROGRESS' });
    const wo = (await s.ok(`mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id status outage { id } } }`, {
      i: { category: 'NO_WATER', channel: 'PHONE', description: '家里停水了', address: '兴云路 1 号', location: home, reporter: { name: '王五', phone: '13800000009' } },
    }, agent)).createWorkOrder;
    expect(wo.outage).toEqual({ id: o.id });
    expect(wo.status).toBe('LINKED_TO_OUTAGE');

    // Outage and work-order events follow the notices' header convention, read off the broker as any consumer would.
    const outageCreated = await waitFor('outage.created', () => events.find((m) => m.key === o.id && m.value.type === 'outage.created'));
    expect(outageCreated.topic).toBe(topicName(s.topicPrefix, TOPICS.outageEvents));
    expectCloudEvent(outageCreated, '/mainline/network');
    const orderCreated = await waitFor('workorder.created', () => events.find((m) => m.key === wo.id && m.value.type === 'workorder.created'));
    expect(orderCreated.topic).toBe(topicName(s.topicPrefix, TOPICS.workorderEvents));
    expectCloudEvent(orderCreated, '/mainline/tickets');

    // Valve reopened and the works unit confirms: a restoration notice goes out.
    await s.ok('mutation($id: ID!, $v: ID!) { recordValveOperation(outageId: $id, valveId: $v, action: OPEN) { status } }', { id: o.id, v: 'V-R1' }, works);
    expect((await s.ok('mutation($id: ID!) { restoreOutage(outageId: $id) { status } }', { id: o.id }, works)).restoreOutage.status).toBe('RESTORED');
    const restoration = await waitFor('restoration notice', () => mine().find((m) => m.data.kind === 'RESTORATION' && m.data.locale === 'zh-CN'));
    expect(restoration.data.title).toContain('恢复供水');

    // Each notice once: no ce_id twice on the topic.
    await new Promise((r) => setTimeout(r, 1000));
    const ids = mine().map((m) => m.headers.ce_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
