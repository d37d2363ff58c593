// Two replicas of every subgraph behind one gateway, on the same PostgreSQL databases and Kafka topics:
// requests spread over both, a periodic job's tick runs on one of them, a valve changed through one
// network replica is in the other's next answer, and a network replica killed while an outage is in
// progress does not stop the answers (the gateway fails over; the other replica publishes the events).
import { randomUUID } from 'node:crypto';
import { createKafkaBus, createLogger, DEV_DEFAULTS, signInternalIdentity, TOPICS, topicName, type ReceivedMessage } from '@mainline/common';
import { goldenAnswers, goldenInp } from '@mainline/network/test/golden';
import { E2EStack, ReplicaHealth, startE2EStack } from '../support/e2e-stack';
import { testBrokers } from '../support/env';

const G = goldenAnswers('Net3');
const HOUR = 3_600_000;
const hoursFromNow = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
const SLA_SWEEP_MS = 400;
const SCHEDULER_MS = 300;

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two replicas of every subgraph', () => {
  let s: E2EStack;
  let networkId: string;
  let disp: string;
  const events: ReceivedMessage[] = [];
  const bus = createKafkaBus({ brokers: testBrokers(), clientId: 'replicas-e2e', log: createLogger('test', 'silent') });

  /** A call straight to one replica, as the gateway makes it (internal identity), to pick the replica. */
  const direct = async (baseUrl: string, query: string, variables: Record<string, unknown>) => {
    const identity = signInternalIdentity({ sub: 'replicas-e2e', name: 'e2e', roles: ['dispatcher'], department: 'NETWORK' }, DEV_DEFAULTS.internalSecret);
    const r = await fetch(`${baseUrl}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-mainline-identity': identity }, body: JSON.stringify({ query, variables }),
    });
    const body = (await r.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const healths = (service: 'tickets' | 'network' | 'notify'): Promise<ReplicaHealth[]> => Promise.all(s.replicas[service].map((r) => s.health(r.baseUrl)));

  beforeAll(async () => {
    s = await startE2EStack('replicas', { replicas: 2, extraEnv: { SLA_SWEEP_MS: String(SLA_SWEEP_MS), NOTIFY_SCHEDULER_POLL_MS: String(SCHEDULER_MS) } });
    disp = s.token('dispatcher', 'NETWORK');
    networkId = (await s.ok('mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id } }', {
      i: {
        name: 'e2e-replicas-net3', format: 'EPANET_INP', content: goldenInp('Net3'), origin: { lon: 112.04, lat: 22.93 },
        valves: G.valves.map((v: any) => ({ id: v.id, linkId: v.link, nodeId: v.node })),
        litersPerPersonPerDay: G.populationPerPersonM3PerS * 86400 * 1000,
      },
    }, disp)).importNetwork.id;
    await bus.subscribe(`replicas-e2e-${randomUUID()}`, [topicName(s.topicPrefix, TOPICS.outageEvents)], async (m) => {
      events.push(m);
    });
  });

  afterAll(async () => {
    await bus.close();
    await s?.stop();
  });

  it('spreads requests over both replicas of each subgraph (round-robin)', async () => {
    const sup = s.token('supervisor', 'SUPERVISION');
    const cases = [
      { service: 'tickets' as const, query: '{ workOrders(first: 1) { items { id } } }' },
      { service: 'network' as const, query: '{ networks { id } }' },
      { service: 'notify' as const, query: '{ noticeTemplates { __typename } }' },
    ];
    for (const c of cases) {
      const before = await healths(c.service);
      for (let i = 0; i < 10; i++) await s.ok(c.query, {}, sup);
      const after = await healths(c.service);
      expect(after.map((h) => h.replica)).toEqual([`${c.service}-1`, `${c.service}-2`]);
      expect(after.map((h, i) => h.requests - before[i].requests)).toEqual([5, 5]);
    }
  });

  it('runs each tick of the SLA sweep and of the notice scheduler on one replica only', async () => {
    const ticks = async (service: 'tickets' | 'notify', job: string) =>
      (await healths(service)).map((h) => h.jobs.find((j) => j.name === job)!);
    for (const [service, job] of [['tickets', 'sla sweep'], ['notify', 'notice scheduler pass']] as const) {
      const jobs = await until(`6 ticks of ${job}`, async () => {
        const j = await ticks(service, job);
        return j.reduce((n, x) => n + x.recentTicks.length, 0) >= 6 && j;
      });
      const [a, b] = jobs;
      const both = a.recentTicks.filter((t) => b.recentTicks.includes(t));
      expect(both).toEqual([]); // no tick ran on both replicas
      expect(a.passes + b.passes).toBe(a.recentTicks.length + b.recentTicks.length); // one pass per tick won
      // Both replicas woke for the ticks: without the lease each would have run them all.
      expect(a.attempts + b.attempts).toBeGreaterThanOrEqual(1.5 * (a.recentTicks.length + b.recentTicks.length));
      expect(a.failures + b.failures).toBe(0);
    }
  });

  it('a valve changed through network replica 1 is in replica 2\'s next answer', async () => {
    const [one, two] = s.replicas.network.map((r) => r.baseUrl);
    const pipe = G.cases.find((c: any) => c.kind === 'pipe' && c.closeValves.length >= 2).pipes[0];
    const PLAN = 'query($n: ID!, $p: [ID!]!) { isolationPlan(networkId: $n, pipeIds: $p) { valvesToClose { id } skippedValves { id } population } }';
    const before = (await direct(two, PLAN, { n: networkId, p: [pipe] })).isolationPlan; // replica 2 has the engine cached
    const valveId = before.valvesToClose[0].id;
    expect(before.skippedValves).toEqual([]);
    await direct(one, 'mutation($n: ID!, $v: ID!) { updateValve(networkId: $n, valveId: $v, operable: false) { id } }', { n: networkId, v: valveId });
    const onTwo = (await direct(two, PLAN, { n: networkId, p: [pipe] })).isolationPlan;
    expect(onTwo.skippedValves).toEqual([{ id: valveId }]);
    expect(onTwo).toEqual((await direct(one, PLAN, { n: networkId, p: [pipe] })).isolationPlan);
    await direct(two, 'mutation($n: ID!, $v: ID!) { updateValve(networkId: $n, valveId: $v, operable: true) { id } }', { n: networkId, v: valveId });
    expect((await direct(one, PLAN, { n: networkId, p: [pipe] })).isolationPlan).toEqual(before);
  });

  it('keeps answering when network replica 1 is killed during an outage in progress, and the outage goes on', async () => {
    const sup = s.token('supervisor', 'SUPERVISION');
    const works = s.token('department', 'WORKS', 'crew-works');
    const step = (name: string, id: string, token: string) => s.ok(`mutation($id: ID!) { ${name}(outageId: $id) { id status valveIds } }`, { id }, token);
    const o = (await s.ok(`mutation($i: CreateOutageInput!) { createOutage(input: $i) { id } }`, {
      i: { networkId, kind: 'PLANNED', pipeIds: ['117'], startsAt: hoursFromNow(30), endsAt: hoursFromNow(36), reason: '更换阀门', onMainRoad: false, worksUnit: 'WORKS' },
    }, disp)).createOutage;
    await step('submitOutage', o.id, disp);
    await step('approveOutage', o.id, sup);
    const announced = await step('announceOutage', o.id, disp);
    for (const v of announced.announceOutage.valveIds) {
      await s.ok(`mutation($id: ID!, $v: ID!) { recordValveOperation(outageId: $id, valveId: $v, action: CLOSE) { id } }`, { id: o.id, v }, works);
    }
    const READ = `query($id: ID!, $n: ID!) { outage(id: $id) { status impact { population } } isolationPlan(networkId: $n, pipeIds: ["111"]) { population } }`;
    expect((await s.ok(READ, { id: o.id, n: networkId }, disp)).outage.status).toBe('IN_PROGRESS');

    // Readers in a loop through the gateway; replica 1 is killed once they are going.
    const answers: Array<{ at: number; errors?: unknown }> = [];
    let stop = false;
    const reader = async () => {
      while (!stop) {
        const r = await s.gql(READ, { id: o.id, n: networkId }, disp);
        answers.push({ at: Date.now(), errors: r.body.errors ?? (r.status === 200 ? undefined : r.status) });
      }
    };
    const readers = [reader(), reader(), reader(), reader()];
    await until('answers before the kill', async () => answers.length >= 20);
    const killed = s.stack.processes.get('network')!.proc;
    const killedAt = Date.now();
    killed.kill('SIGKILL');
    await until('replica 1 gone', async () => killed.exitCode !== null || killed.signalCode !== null);
    await until('answers after the kill', async () => answers.filter((a) => a.at > killedAt).length >= 40);
    stop = true;
    await Promise.all(readers);
    expect(answers.filter((a) => a.errors)).toEqual([]);

    // Writes go to replica 2: the outage is restored, and its events (published by replica 2's relay) follow in order.
    for (const v of announced.announceOutage.valveIds) {
      await s.ok(`mutation($id: ID!, $v: ID!) { recordValveOperation(outageId: $id, valveId: $v, action: OPEN) { id } }`, { id: o.id, v }, works);
    }
    expect((await step('restoreOutage', o.id, works)).restoreOutage.status).toBe('RESTORED');
    const types = () => {
      const ids = new Set<string>();
      return events.filter((m) => m.key === o.id && !ids.has(m.headers.ce_id) && ids.add(m.headers.ce_id)).map((m) => JSON.parse(m.value!.toString()).type);
    };
    await until('outage.restored on the topic', async () => types().includes('outage.restored'));
    expect(types()).toEqual(['outage.created', 'outage.submitted', 'outage.approved', 'outage.announced', 'outage.started', 'outage.restored']);
    expect((await s.health(s.replicas.network[1].baseUrl)).status).toBe('ok');
  });
});
