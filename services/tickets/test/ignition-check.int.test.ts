// The ignition checks after a gas outage (issue 9, docs/domain.md "Gas utility": restoring gas is not opening
// valves; staff check ignition household by household, vulnerable users first), on the real PostgreSQL and
// Kafka: outage.events on the broker → the tickets consumer → one GAS_SERVICE order per household, once,
// whatever the re-deliveries and later restored events; none for a water outage.
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Identity, OutageEvent, topicName, TOPICS } from '@mainline/common';
import { createTopics } from '@mainline/infra';
import { testBrokers, testTopicPrefix } from '@mainline/test-support';
import { Category as C, Channel, Department as D, ProcessingLevel, VULNERABLE_PRIORITY, WorkOrderStatus as S } from '../src/domain';
import { startConsumers } from '../src/app';
import { log, startHarness, who } from './support/int-harness';

const T0 = '2026-03-02T09:00:00+08:00'; // a Monday, a working day
const NETWORK = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const gasCrew = { sub: 'crew-gas-install', name: '燃气安装', roles: ['department'], department: 'GAS_INSTALLATION' } as Identity;
const waterCrew = { sub: 'crew-network', name: '管网', roles: ['department'], department: 'NETWORK' } as Identity;

// Topics of this file only: no other test's consumer takes these events, and this one sees no one else's.
const PREFIX = `${testTopicPrefix()}ignition.`;

function restored(outageId: string, eventId: string, utility: 'GAS' | 'WATER', households: OutageEvent['outage']['affectedServicePoints'], number = `TS-2026-${outageId}`): OutageEvent {
  return {
    type: 'outage.restored', eventId, occurredAt: '2026-03-02T00:50:00Z',
    outage: {
      id: outageId, networkId: NETWORK, number, kind: 'EMERGENCY', utility, status: 'RESTORED', reason: '燃气管道泄漏抢修 leak repair',
      startsAt: '2026-03-01T22:00:00Z', endsAt: '2026-03-02T01:00:00Z', onMainRoad: false, population: 40, requiresRegulatorApproval: false,
      threshold: 5000, area: null, areaNames: ['燃气新村'], importantUsers: [], valveCount: 1, networkName: 'int-gas', affectedServicePoints: households,
    },
  };
}

describe('ignition checks after a gas outage (real PostgreSQL + Kafka)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let producer: Producer;
  const wo = () => h.services.workOrders;
  const send = (...evs: OutageEvent[]) =>
    producer.send({ topic: topicName(PREFIX, TOPICS.outageEvents), messages: evs.map((ev) => ({ key: ev.outage.id, value: JSON.stringify(ev) })) });
  const processed = async (eventIds: string[]) =>
    Number((await h.ds.query(`SELECT count(*)::int AS n FROM processed_message WHERE message_id = ANY($1::text[])`, [eventIds]))[0].n);
  /** Polls until every event id is recorded as processed (a deadline, no fixed wait). */
  const untilProcessed = async (eventIds: string[], deadlineMs = 60_000) => {
    const t0 = Date.now();
    while ((await processed(eventIds)) < eventIds.length && Date.now() - t0 < deadlineMs) await new Promise((r) => setTimeout(r, 100));
    expect(await processed(eventIds)).toBe(eventIds.length);
  };
  const ordersOf = async (actor: Identity, outageId: string) => {
    const out = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof wo>['list']>> = await wo().list(actor, { outageId }, 200, after);
      out.push(...page.items);
      after = page.nextCursor;
    } while (after);
    return out;
  };

  beforeAll(async () => {
    await createTopics(testBrokers(), PREFIX);
    // The most orders per statement the setting allows: more parameters than PostgreSQL binds, so the writer must split.
    h = await startHarness('mainline_test_tickets_ignition', T0, { kafka: true, config: { KAFKA_TOPIC_PREFIX: PREFIX, IGNITION_CHECK_BATCH: 2000 } });
    await startConsumers({ ds: h.ds, bus: h.bus!, outages: h.outages, ignition: h.ignition, workOrders: wo(), topicPrefix: PREFIX, log });
    producer = new Kafka({ clientId: 'tickets-ignition-int', brokers: testBrokers(), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await h?.stop();
  });

  it('opens one GAS_SERVICE order per household, vulnerable first, once for a re-delivery and a second restored event; none for water', async () => {
    const households = [
      { id: 'HH-1', address: '燃气新村 1 号' },
      { id: 'HH-2', address: '燃气新村 2 号', vulnerability: ['DISABLED'] },
      { id: 'HH-3', address: '燃气新村 3 号' },
      { id: 'HH-4', address: '燃气新村 4 号', vulnerability: ['ELDERLY'] },
    ];
    const first = restored('gas-1', 'ev-gas-1-restored', 'GAS', households);
    const again = restored('gas-1', 'ev-gas-1-restored-again', 'GAS', households);
    const water = restored('water-1', 'ev-water-1-restored', 'WATER', [{ id: 'W-1', address: '人民路 1 号' }]);
    await send(first);
    await send(first); // the same event delivered twice
    await send(again, water); // and the outage restored a second time (another event id)
    await untilProcessed([first.eventId, again.eventId, water.eventId]);

    const orders = await ordersOf(gasCrew, 'gas-1');
    // Exactly one order per household, in visiting order: the vulnerable households first, numbers ascending.
    expect(orders.map((o) => o.assetId)).toEqual(['HH-2', 'HH-4', 'HH-1', 'HH-3']);
    expect(orders.map((o) => o.number)).toEqual([...orders.map((o) => o.number)].sort());
    expect(orders.map((o) => o.priority === VULNERABLE_PRIORITY)).toEqual([true, true, false, false]);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM ignition_check WHERE outage_id = 'gas-1'`);
    expect(n).toBe(4);
    expect(await h.ds.query(`SELECT count(*)::int AS n FROM work_order WHERE category = 'GAS_SERVICE'`)).toEqual([{ n: 4 }]);
    for (const o of orders) {
      expect(o).toMatchObject({
        utility: 'GAS', category: C.GAS_SERVICE, status: S.NEW, department: D.GAS_INSTALLATION, channel: Channel.SYSTEM, outageId: 'gas-1',
        assetType: 'ServicePoint', assetNetworkId: NETWORK, reporterPhone: null, createdBy: 'system:ignition-check',
        address: households.find((x) => x.id === o.assetId)!.address,
      });
      expect(o.description).toMatch(/^点火检查：停气 TS-2026-gas-1 恢复供气后逐户点火.* \/ ignition check after gas outage TS-2026-gas-1/);
    }
    expect(orders[0].description).toContain('残疾人');

    // Routed and clocked like any GAS_SERVICE order: an agent's order taken at the same moment has the same deadlines,
    // but a vulnerable household's check has the 24 h processing level (priority service), as an agent choosing it would.
    const agentOrder = (priority?: ProcessingLevel) => wo().create(who.agent, { utility: 'GAS', category: C.GAS_SERVICE, channel: Channel.PHONE, description: '恢复供气后请上门点火', address: '燃气新村 9 号', priority });
    const byAgent = await agentOrder();
    const byAgentVulnerable = await agentOrder(VULNERABLE_PRIORITY);
    expect(byAgentVulnerable.resolveDueAt!.getTime()).toBe(byAgentVulnerable.createdAt.getTime() + 24 * 3600_000);
    expect(byAgentVulnerable.resolveDueAt!.getTime()).toBeLessThan(byAgent.resolveDueAt!.getTime());
    for (const o of orders) {
      const like = o.priority === VULNERABLE_PRIORITY ? byAgentVulnerable : byAgent;
      expect({ department: o.department, dispatchDueAt: o.dispatchDueAt, acceptDueAt: o.acceptDueAt, resolveDueAt: o.resolveDueAt, createdAt: o.createdAt })
        .toEqual({ department: like.department, dispatchDueAt: like.dispatchDueAt, acceptDueAt: like.acceptDueAt, resolveDueAt: like.resolveDueAt, createdAt: like.createdAt });
      expect((await wo().clocksOf(o.id)).map(({ kind, basis, dueAt }) => ({ kind, basis, dueAt })))
        .toEqual((await wo().clocksOf(like.id)).map(({ kind, basis, dueAt }) => ({ kind, basis, dueAt })));
      expect((await wo().history(o.id))[0]).toMatchObject({ action: 'CREATE', actorId: 'system:ignition-check', detail: { channel: 'SYSTEM', outageId: 'gas-1' } });
    }
    // Each order's workorder.created event went through the outbox with it.
    const created = (await h.events()).filter((e) => e.type === 'workorder.created' && e.workOrder?.outageId === 'gas-1');
    expect(created.map((e) => e.workOrder.id).sort()).toEqual(orders.map((o) => o.id).sort());

    // The crews of another kind see none of them; the water outage opened nothing.
    expect(await ordersOf(waterCrew, 'gas-1')).toEqual([]);
    expect(await ordersOf(who.supervisor, 'water-1')).toEqual([]);
    expect(await h.outages.get('water-1')).toMatchObject({ lastEvent: 'outage.restored' });
  });

  it('opens a household listed by a later restored event, and only that one', async () => {
    const later = restored('gas-1', 'ev-gas-1-restored-later', 'GAS', [{ id: 'HH-1', address: '燃气新村 1 号' }, { id: 'HH-5', address: '燃气新村 5 号' }]);
    await send(later);
    await untilProcessed([later.eventId]);
    const orders = await ordersOf(who.supervisor, 'gas-1');
    expect(orders.map((o) => o.assetId).sort()).toEqual(['HH-1', 'HH-2', 'HH-3', 'HH-4', 'HH-5']);
  });

  it('opens the checks of a large outage in one go: thousands of households, one order each', async () => {
    const households = Array.from({ length: 3000 }, (_, i) => ({
      id: `BIG-${String(i).padStart(4, '0')}`, address: `燃气花园 ${i} 号`, ...(i % 250 === 7 ? { vulnerability: ['SICK'] } : {}),
    }));
    const big = restored('gas-big', 'ev-gas-big-restored', 'GAS', households);
    await send(big);
    await untilProcessed([big.eventId], 120_000);
    const orders = await ordersOf(who.supervisor, 'gas-big');
    expect(orders).toHaveLength(households.length);
    expect(new Set(orders.map((o) => o.assetId)).size).toBe(households.length);
    expect(new Set(orders.map((o) => o.number)).size).toBe(households.length);
    const vulnerable = households.filter((x) => x.vulnerability).map((x) => x.id);
    expect(orders.slice(0, vulnerable.length).map((o) => o.assetId)).toEqual(vulnerable);
    expect(orders.slice(vulnerable.length).every((o) => o.priority !== VULNERABLE_PRIORITY)).toBe(true);
  });
});
