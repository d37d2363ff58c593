// Dashboards read in batches (issue 12, target 4): the references the gateway sends in one `_entities` call
// (a page of work orders' assets and outages) and a page of outages' list fields cost one SQL statement per
// kind for the request, whatever their number — counted on the real PostgreSQL.
import { buildFederatedSchema, connectAndMigrate, createDataSource, createLogger, Identity, ManualClock } from '@mainline/common';
import { ensureDatabases } from '@mainline/infra';
import { sqlCounter, testDbUrl, testPg } from '@mainline/test-support';
import { UTILITY_KINDS } from '@mainline/common/domain';
import { graphql, type GraphQLSchema } from 'graphql';
import { entities, migrations } from '../src/app';
import { NetworkRepository } from '../src/repositories/network.repository';
import { OutageRepository } from '../src/repositories/outage.repository';
import { AnalysisService } from '../src/services/analysis.service';
import { ImportService } from '../src/services/import.service';
import { MapService } from '../src/services/map.service';
import { NetworkService } from '../src/services/network.service';
import { OutageService } from '../src/services/outage.service';
import type { NetworkServices } from '../src/services';
import { schemaOptions } from '../src/schema';
import { goldenAnswers, goldenInp } from './golden';

const DB = 'mainline_test_network_batched_reads';
const HOUR = 3_600_000;
const log = createLogger('test', 'silent');
const G = goldenAnswers('Net3');
const dispatcher: Identity = { sub: 'disp-1', name: '调度员', roles: ['dispatcher'], department: 'NETWORK' };
const works: Identity = { sub: 'crew-1', name: '抢修班', roles: ['department'], department: 'WORKS' };
const supervisor: Identity = { sub: 'sup-1', name: '值班主管', roles: ['supervisor'], department: 'SUPERVISION' };

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  __typename
  ... on Pipe { networkId id fromNodeId geometry }
  ... on Node { networkId id kind }
  ... on Valve { networkId id linkId state }
  ... on ServicePoint { networkId id address persons }
  ... on Outage { id number status network { id name } history { action toStatus } valveOperations { valveId action } valveStates { valveId closed heldBy { number } } }
} }`;
const OUTAGES = `query($n: Int!) { outages(first: $n) { nodes {
  id number network { id } history { action } valveOperations { valveId } valveStates { valveId closed closedForThisOutage heldBy { id number } }
} } }`;

describe('network subgraph reads in batches (real PostgreSQL)', () => {
  const ds = createDataSource({ url: testDbUrl(DB), entities, migrations, log });
  const clock = new ManualClock(new Date('2026-05-01T01:00:00Z'));
  let schema: GraphQLSchema;
  let services: NetworkServices;
  let counter: ReturnType<typeof sqlCounter>;
  let networkId: string;
  const outageIds: string[] = [];
  const pipeIds: string[] = [];
  const valveIds: string[] = [];
  const nodeIds: string[] = [];
  const spIds: string[] = [];

  const run = (source: string, variableValues: Record<string, unknown>) =>
    counter.count(() => graphql({ schema, source, variableValues, contextValue: { identity: supervisor, requestId: 'int', log, services } }));
  const reps = (n: number) => [
    ...pipeIds.slice(0, n).map((id) => ({ __typename: 'Pipe', networkId, id })),
    ...nodeIds.slice(0, n).map((id) => ({ __typename: 'Node', networkId, id })),
    ...valveIds.slice(0, n).map((id) => ({ __typename: 'Valve', networkId, id })),
    ...spIds.slice(0, n).map((id) => ({ __typename: 'ServicePoint', networkId, id })),
    ...outageIds.slice(0, n).map((id) => ({ __typename: 'Outage', id })),
  ];

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    await connectAndMigrate(ds, log);
    const repo = new NetworkRepository(ds);
    const analysis = new AnalysisService(repo, { regulatorThreshold: 5000, serviceRadiusM: 50, simplifyToleranceM: 5 });
    const net = await new ImportService(ds, repo, { utilityKinds: UTILITY_KINDS, litersPerPersonPerDay: 200, snapToleranceM: 1, valveSnapToleranceM: 5, maxContentChars: 10_000_000 }).importNetwork(
      dispatcher,
      {
        name: 'Net3-batched', format: 'EPANET_INP', content: goldenInp('Net3'), origin: { lon: 112.04, lat: 22.93 },
        valves: G.valves.map((v: any) => ({ id: v.id, linkId: v.link, nodeId: v.node })), litersPerPersonPerDay: G.populationPerPersonM3PerS * 86400 * 1000,
      },
    );
    networkId = net.id;
    const outages = new OutageService(new OutageRepository(ds), analysis, clock, {
      announceLeadHours: 24, numberPrefix: 'TS', defaultWorksUnit: 'WORKS', timeZone: 'Asia/Shanghai', eventsTopic: 'batched-reads.outage.events',
      valveOperationMaxFutureS: 300, pageMax: 200,
    }, log);
    services = { networks: new NetworkService(repo, log), population: analysis, analysis, imports: null as never, map: new MapService(analysis, { coordinateDecimals: 7 }), tiles: null as never, outages };
    schema = (await buildFederatedSchema(schemaOptions)).schema;
    counter = sqlCounter(ds);

    const links: Array<{ id: string }> = await ds.query(`SELECT id FROM network_link WHERE network_id = $1 ORDER BY id LIMIT 40`, [networkId]);
    pipeIds.push(...links.map((l) => l.id));
    nodeIds.push(...(await ds.query(`SELECT id FROM network_node WHERE network_id = $1 ORDER BY id LIMIT 40`, [networkId])).map((n: any) => n.id));
    valveIds.push(...(await ds.query(`SELECT id FROM valve WHERE network_id = $1 ORDER BY id LIMIT 40`, [networkId])).map((v: any) => v.id));
    // Net3 has no service points of its own: 40 households on its first nodes.
    for (let i = 0; i < 40; i++) {
      spIds.push(`SP${i}`);
      await ds.query(`INSERT INTO service_point (network_id, id, node_id, persons, address) VALUES ($1, $2, $3, $4, $5)`, [networkId, `SP${i}`, nodeIds[i], 3 + (i % 4), `幸福路${i}号`]);
    }
    // 12 emergencies on single pipes: each with its history, half of them with a valve closed (in progress, holding it).
    const cases = G.cases.filter((c: any) => c.kind === 'pipe' && c.pipes.length === 1 && c.closeValves.length > 0).slice(0, 12);
    for (const [i, c] of cases.entries()) {
      const o = await outages.create(dispatcher, {
        networkId, kind: 'EMERGENCY', pipeIds: c.pipes, startsAt: new Date(clock.now().getTime() - HOUR), endsAt: new Date(clock.now().getTime() + 4 * HOUR), reason: `爆管抢修 ${i}`, onMainRoad: false,
      });
      if (i % 2 === 0) await outages.recordValveOperation(works, o.id, o.valveIds[0], 'CLOSE', new Date(clock.now().getTime() - 0.5 * HOUR));
      outageIds.push(o.id);
      // Distinct creation times: the list is newest first, so the page of 2 is always outages 11 and 10, and it
      // holds a closed valve as the page of 12 does (with equal times the UUID tie-break decided, and a page of
      // two valve-less outages skipped the holders' statement: 5 statements against 6).
      clock.advance(60_000);
    }
  });
  afterAll(async () => ds.destroy());

  it('40 references of each kind in one _entities call cost the statements of 3: one per kind', async () => {
    const small = await run(ENTITIES, { r: reps(3) });
    const big = await run(ENTITIES, { r: reps(40) });
    expect(small.result.errors).toBeUndefined();
    expect(big.result.errors).toBeUndefined();
    expect(big.result.data!._entities).toHaveLength(40 * 4 + outageIds.length);
    expect(big.statements.length).toBe(small.statements.length);
    const per = (table: RegExp) => big.statements.filter((s) => table.test(s)).length;
    expect(per(/FROM "network_link"/)).toBe(1);
    expect(per(/FROM "network_node"/)).toBe(1);
    expect(per(/FROM "valve"/)).toBe(1);
    expect(per(/FROM "service_point"/)).toBe(1);
    expect(per(/FROM "outage_history"/)).toBe(1);
    expect(per(/FROM "valve_operation"/)).toBe(1);
    expect(per(/FROM "valve_state"/)).toBe(1);
  });

  it('each reference resolves to its own element, the same as reading it alone', async () => {
    const { result } = await run(ENTITIES, { r: reps(40) });
    const got = result.data!._entities as any[];
    const n = services.networks;
    for (const e of got) {
      if (e.__typename === 'Pipe') {
        const [l] = await n.pipes(networkId, [e.id]);
        expect([e.networkId, e.fromNodeId]).toEqual([networkId, l.fromNode]);
        expect(e.geometry.coordinates.length).toBe(l.vertices.length + 2);
      } else if (e.__typename === 'Node') expect(e.kind).toBe((await n.nodes(networkId, [e.id]))[0].kind);
      else if (e.__typename === 'Valve') expect(e.linkId).toBe((await n.valves(networkId, [e.id]))[0].linkId);
      else if (e.__typename === 'ServicePoint') expect(e.address).toBe(`幸福路${e.id.slice(2)}号`);
      else {
        expect(e.network).toEqual({ id: networkId, name: 'Net3-batched' });
        expect(e.history.map((h: any) => h.action)).toEqual((await services.outages.history(e.id)).map((h) => h.action));
        expect(e.valveOperations.map((v: any) => v.valveId)).toEqual((await services.outages.valveOperations(e.id)).map((v) => v.valveId));
        const alone = await services.outages.valveStates(await services.outages.get(e.id));
        expect(e.valveStates).toEqual(alone.map((s) => ({ valveId: s.valveId, closed: s.closed, heldBy: s.heldBy.map((h) => ({ number: h.number })) })));
      }
    }
    // In request order, and an unknown key is null rather than someone else's element.
    expect(got.slice(0, 40).map((e) => e.id)).toEqual(pipeIds);
    expect(got.filter((e) => e.__typename === 'Outage').map((e) => e.id)).toEqual(outageIds);
    expect(got.some((e) => e.__typename === 'Outage' && e.valveStates.some((s: any) => s.closed))).toBe(true);
    const missing = await run(ENTITIES, { r: [{ __typename: 'Pipe', networkId, id: 'no-such-pipe' }, { __typename: 'Pipe', networkId: 'not-a-uuid', id: pipeIds[0] }, { __typename: 'Outage', id: 'x' }] });
    expect(missing.result.data!._entities).toEqual([null, null, null]);
  });

  it('a page of 12 outages with every list field costs the statements of a page of 2', async () => {
    const small = await run(OUTAGES, { n: 2 });
    const big = await run(OUTAGES, { n: 12 });
    expect(big.result.errors).toBeUndefined();
    expect((big.result.data!.outages as any).nodes).toHaveLength(12);
    // Both pages ask every field, the holders of closed valves included (the small page holds one too).
    expect(((small.result.data!.outages as any).nodes as any[]).filter((o) => o.valveStates.some((s: any) => s.closedForThisOutage))).toHaveLength(1);
    expect(big.statements.length).toBe(small.statements.length);
    expect(big.statements.filter((s) => /FROM "outage_history"/.test(s))).toHaveLength(1);
    const held = ((big.result.data!.outages as any).nodes as any[]).filter((o) => o.valveStates.some((s: any) => s.closedForThisOutage));
    expect(held).toHaveLength(6);
  });
});
