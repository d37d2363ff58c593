// The gateway's pass-through of single-subgraph answers, through the real gateway and supergraph with a
// network-subgraph stand-in on loopback: the caller gets what the standard path would give, the
// subgraph is asked once per request, and an answer with errors still gets the gateway's own handling.
import http from 'node:http';
import net from 'node:net';
import { createLogger, DATA_ONLY_HEADER, DEV_DEFAULTS, signUserToken } from '@mainline/common';
import { loadGatewayConfig } from './config';
import { startGateway, type RunningGateway } from './server';
import { freePort } from '../../test/support/ports';

let answer: { headers: Record<string, string>; body: unknown } = { headers: {}, body: {} };
const seen: string[] = [];
let stub: http.Server;
let gateway: RunningGateway;
const token = signUserToken({ sub: 'u1', name: 'u1', roles: ['dispatcher'], department: 'NETWORK' }, DEV_DEFAULTS.jwtSecret);

beforeAll(async () => {
  stub = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(JSON.parse(body).query);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(JSON.stringify(answer.body) + '\n');
    });
  });
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(stub.address() as net.AddressInfo).port}/graphql`;
  const cfg = loadGatewayConfig({ GATEWAY_PORT: String(await freePort()), GATEWAY_HOST: '127.0.0.1', NETWORK_URL: url, TICKETS_URL: url, NOTIFY_URL: url, RATE_LIMIT_PER_SECOND: '0' } as NodeJS.ProcessEnv);
  gateway = await startGateway(cfg, createLogger('gateway', 'silent'));
});

afterAll(async () => {
  await gateway.close();
  stub.closeAllConnections();
  await new Promise((r) => stub.close(r));
});

async function ask(query: string, variables: Record<string, unknown>): Promise<{ status: number; body: any; text: string }> {
  const r = await fetch(gateway.url.replace('localhost', '127.0.0.1'), {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
  });
  const text = await r.text();
  return { status: r.status, body: JSON.parse(text), text };
}

const NETWORK = 'query($n: ID!) { network(id: $n) { id name pipeCount } }';

it('answers a data-only answer of one subgraph with exactly its data, asking the subgraph once per request', async () => {
  answer = { headers: { [DATA_ONLY_HEADER]: '1' }, body: { data: { network: { id: 'n1', name: '主干 "A" \\ ok', pipeCount: 3 } } } };
  const before = seen.length;
  // The first request of a document takes the standard path (its plan is learned); the next ones pass through.
  const answers = [await ask(NETWORK, { n: 'n1' }), await ask(NETWORK, { n: 'n1' }), await ask(NETWORK, { n: 'n1' })];
  expect(seen.length - before).toBe(3);
  for (const a of answers) {
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ data: { network: { id: 'n1', name: '主干 "A" \\ ok', pipeCount: 3 } } });
    expect(a.text).not.toContain('__mainline_pass_through');
  }
});

it("gives an answer with errors the gateway's own handling (service named, path kept), fetched once", async () => {
  await ask(NETWORK, { n: 'n1' });
  answer = { headers: {}, body: { data: { network: null }, errors: [{ message: 'no such network', path: ['network'], extensions: { code: 'NOT_FOUND' } }] } };
  const before = seen.length;
  const a = await ask(NETWORK, { n: 'n2' });
  expect(seen.length - before).toBe(1);
  expect(a.body.data).toEqual({ network: null });
  expect(a.body.errors).toHaveLength(1);
  expect(a.body.errors[0]).toMatchObject({ message: 'no such network', path: ['network'], extensions: { code: 'NOT_FOUND', serviceName: 'network' } });
});

it('does not pass through an answer the subgraph did not mark data-only (it may carry extensions)', async () => {
  await ask(NETWORK, { n: 'n1' });
  answer = { headers: {}, body: { data: { network: { id: 'n3', name: 'B', pipeCount: 1 } }, extensions: { debug: 'internal' } } };
  const a = await ask(NETWORK, { n: 'n3' });
  expect(a.body).toEqual({ data: { network: { id: 'n3', name: 'B', pipeCount: 1 } } });
});

it('shapes as before when the caller selects through fragments or aliases (the plan selects something else)', async () => {
  answer = { headers: { [DATA_ONLY_HEADER]: '1' }, body: { data: { network: { id: 'n4', name: 'C' } } } };
  const q = 'query($n: ID!) { network(id: $n) { ...F } } fragment F on Network { id name }';
  await ask(q, { n: 'n4' });
  const a = await ask(q, { n: 'n4' });
  expect(a.body).toEqual({ data: { network: { id: 'n4', name: 'C' } } });
});
