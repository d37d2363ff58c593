// The federated stack for real: auth at the gateway and at the subgraphs, a query across all three
// subgraphs with a federated entity join, limits, request ids carried into the subgraphs' logs.
import fs from 'node:fs';
import path from 'node:path';
import { signInternalIdentity } from '@mainline/common';
import { E2EStack, startE2EStack } from '../support/e2e-stack';

const NETWORK = fs.readFileSync(require.resolve('@mainline/infra/demo/yuncheng-town.geojson'), 'utf8');

describe('foundation: the federated stack', () => {
  let s: E2EStack;
  beforeAll(async () => {
    s = await startE2EStack('foundation', { extraEnv: { BODY_LIMIT: '1mb', LOG_LEVEL: 'info', MAX_QUERY_COST: '2500' } });
  });
  afterAll(() => s?.stop());

  it('refuses anonymous requests and bad tokens with 401', async () => {
    const anon = await s.gql('{ networks { id } }');
    expect(anon.status).toBe(401);
    expect(anon.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await s.gql('{ networks { id } }', {}, s.token('admin').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    expect(forged.status).toBe(401);
  });

  it('answers FORBIDDEN when the role is missing', async () => {
    const r = await s.gql(
      'mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id } }',
      { i: { name: 'nope', format: 'GEOJSON', content: NETWORK } },
      s.token('department', 'QUALITY'),
    );
    expect(r.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(r.body.data ?? null).toBeNull();
  });

  it('refuses requests sent straight to a subgraph without (or with a forged) gateway identity', async () => {
    const url = s.stack.processes.get('network')!.url;
    const body = JSON.stringify({ query: '{ networks { id } }' });
    const bare = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(bare.status).toBe(401);
    const forged = signInternalIdentity({ sub: 'x', name: 'x', roles: ['admin'], department: null }, 'not-the-internal-secret-at-all');
    const withForged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mainline-identity': forged }, body });
    expect(withForged.status).toBe(401);
    const userToken = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mainline-identity': s.token('admin') }, body });
    expect(userToken.status).toBe(401);
  });

  it('answers one query across tickets, network and notify, joining a work order to its pipe', async () => {
    const admin = s.token(['admin', 'agent'], 'CALL_CENTER');
    const imp = await s.gql(
      'mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id pipeCount valveCount totalPopulation } }',
      { i: { name: 'tiny', format: 'GEOJSON', content: NETWORK } },
      admin,
    );
    expect(imp.body.errors).toBeUndefined();
    const net = imp.body.data.importNetwork;
    expect(net).toMatchObject({ pipeCount: 18, valveCount: 10, totalPopulation: 8960 });
    const wo = await s.gql(
      `mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id number } }`,
      { i: { category: 'LEAK', channel: 'PHONE', description: '阀门井漏水', address: '城中路 10 号', location: { lon: 112.0405, lat: 22.93 },
             reporter: { name: '李四', phone: '13900000000' }, asset: { type: 'Pipe', networkId: net.id, id: 'PH00' } } },
      admin,
    );
    expect(wo.body.errors).toBeUndefined();
    const r = await s.gql(
      `query($id: ID!) {
        workOrder(id: $id) { number asset { __typename ... on Pipe { id diameterMm material } } }
        networks { id name }
        noticeTemplates { key }
      }`,
      { id: wo.body.data.createWorkOrder.id },
      s.token('agent', 'CALL_CENTER'),
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.workOrder.asset).toEqual({ __typename: 'Pipe', id: 'PH00', diameterMm: 300, material: 'DI' });
    expect(r.body.data.networks.map((n: { name: string }) => n.name)).toContain('tiny');
    expect(r.body.data.noticeTemplates.length).toBeGreaterThan(0);
  });

  it('limits query depth, cost and body size, and masks internal errors', async () => {
    const tok = s.token('agent', 'CALL_CENTER');
    const deep = await s.gql('{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }', {}, tok);
    expect(deep.body.errors?.[0].message).toMatch(/query depth 13 exceeds the limit of 12/);
    const costly = await s.gql('{ criticalSegments(networkId: "00000000-0000-0000-0000-000000000000", top: 1000) { rank population segmentPipeIds } }', {}, tok);
    expect(costly.body.errors?.[0]).toMatchObject({ message: 'query cost 5000 exceeds the limit of 2500', extensions: { code: 'QUERY_TOO_COMPLEX' } });
    const big = await fetch(s.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
      body: JSON.stringify({ query: '{ networks { id } }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(big.status).toBe(413);
  });

  it('carries the request id from the gateway into the subgraph logs', async () => {
    const rid = `rid-${Date.now()}`;
    const r = await fetch(s.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token('dispatcher', 'NETWORK')}`, 'x-request-id': rid },
      body: JSON.stringify({ query: '{ networks { id } }' }),
    });
    expect(r.headers.get('x-request-id')).toBe(rid);
    await new Promise((res) => setTimeout(res, 300));
    const logFile = path.join(s.logDir, 'network.log');
    const lines = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes(rid));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0])).toMatchObject({ service: 'network', requestId: rid });
  });
});

