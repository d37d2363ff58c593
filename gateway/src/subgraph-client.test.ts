import http from 'node:http';
import { GraphQLError } from 'graphql';
import { cacheHint, SubgraphHttpClient, toGraphQLResponse } from './subgraph-client';

const url = new URL('http://127.0.0.1:4101/graphql');
const json = { 'content-type': 'application/json; charset=utf-8' };

describe('toGraphQLResponse', () => {
  it('passes data and errors through and exposes the headers the gateway reads', () => {
    const r = toGraphQLResponse(url, { status: 200, headers: { ...json, 'cache-control': 'no-store' }, text: '{"data":{"a":1},"errors":[{"message":"x"}]}' });
    expect(r.data).toEqual({ a: 1 });
    expect(r.errors).toEqual([{ message: 'x' }]);
    expect(r.http.headers.get('Cache-Control')).toBe('no-store');
    expect(r.http.headers.get('etag')).toBeNull();
  });

  it('turns a refusal into the coded error callers see (401 → UNAUTHENTICATED, 403 → FORBIDDEN)', () => {
    const refusal = (status: number): GraphQLError => {
      try {
        toGraphQLResponse(url, { status, headers: json, text: '{"errors":[{"message":"no"}]}' });
      } catch (e) {
        return e as GraphQLError;
      }
      throw new Error(`HTTP ${status} was not refused`);
    };
    expect(refusal(401)).toBeInstanceOf(GraphQLError);
    expect(refusal(401).extensions.code).toBe('UNAUTHENTICATED');
    expect(refusal(401).message).toBe('401: Unauthorized');
    expect(refusal(403).extensions.code).toBe('FORBIDDEN');
    expect(refusal(502).extensions.code).toBeUndefined();
    expect((refusal(502).extensions as any).response.body).toEqual({ errors: [{ message: 'no' }] });
  });

  it("passes a subgraph's 400 GraphQL errors through with their codes (a client mistake is not a 500)", () => {
    const r = toGraphQLResponse(url, { status: 400, headers: json, text: '{"errors":[{"message":"Variable \\"$a\\" got invalid value","extensions":{"code":"BAD_USER_INPUT"}}]}' });
    expect(r.data).toBeNull();
    expect(r.errors).toEqual([{ message: 'Variable "$a" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(() => toGraphQLResponse(url, { status: 400, headers: json, text: '{}' })).toThrow(GraphQLError);
  });

  it('names a subgraph that answers something other than a JSON object', () => {
    expect(() => toGraphQLResponse(url, { status: 200, headers: json, text: '<html>' })).toThrow(/127\.0\.0\.1:4101 answered invalid JSON/);
    expect(() => toGraphQLResponse(url, { status: 200, headers: { 'content-type': 'text/plain' }, text: 'hello' })).toThrow(/Expected JSON response body, but received: hello/);
  });
});

describe('cacheHint', () => {
  it('is uncacheable unless the subgraph gives a max-age, and keeps the scope', () => {
    expect(cacheHint(null)).toEqual({ maxAge: 0 });
    expect(cacheHint('no-store')).toEqual({ maxAge: 0 });
    expect(cacheHint('max-age=60, public')).toEqual({ maxAge: 60, scope: 'PUBLIC' });
    expect(cacheHint('private, max-age=5')).toEqual({ maxAge: 5, scope: 'PRIVATE' });
    expect(cacheHint('max-age=60, no-store')).toEqual({ maxAge: 0 });
  });
});

describe('SubgraphHttpClient', () => {
  let server: http.Server;
  let port: number;
  const seen: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        if (body.includes('slow')) return; // never answers
        // The second request on a kept-alive connection finds it closed as idle (the keep-alive race).
        if (body.includes('stale') && (req.socket as { served?: number }).served) return req.socket.destroy();
        (req.socket as { served?: number }).served = 1;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { echo: JSON.parse(body) } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts the JSON body with the given headers over one kept-alive connection', async () => {
    const client = new SubgraphHttpClient(2000);
    const target = new URL(`http://127.0.0.1:${port}/graphql`);
    const a = await client.post(target, { 'x-mainline-identity': 't' }, '{"query":"{ a }"}');
    const b = await client.post(target, {}, '{"query":"{ b }"}');
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text)).toEqual({ data: { echo: { query: '{ a }' } } });
    expect(JSON.parse(b.text).data.echo.query).toBe('{ b }');
    expect(seen[0].headers['x-mainline-identity']).toBe('t');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(seen[1].headers.connection).toBe('keep-alive');
    client.close();
  });

  it('gives up on a subgraph that does not answer in time, naming it', async () => {
    const client = new SubgraphHttpClient(200);
    await expect(client.post(new URL(`http://127.0.0.1:${port}/graphql`), {}, '{"query":"slow"}')).rejects.toThrow(`subgraph 127.0.0.1:${port} did not answer within 200 ms`);
    client.close();
  });

  it('resends a read once when the kept-alive connection turns out closed; a write is not resent', async () => {
    const target = new URL(`http://127.0.0.1:${port}/graphql`);
    const reads = new SubgraphHttpClient(2000);
    await reads.post(target, {}, '{"query":"{ stale1 }"}');
    const r = await reads.post(target, {}, '{"query":"{ stale2 }"}', { resendOnStaleSocket: true });
    expect(JSON.parse(r.text).data.echo.query).toBe('{ stale2 }');
    reads.close();
    const writes = new SubgraphHttpClient(2000);
    await writes.post(target, {}, '{"query":"{ stale3 }"}');
    await expect(writes.post(target, {}, '{"query":"mutation { stale4 }"}')).rejects.toThrow(/socket hang up|ECONNRESET/);
    writes.close();
  });

  it('drops a kept-alive connection before the service closes it as idle, so no request goes out on a closing socket', async () => {
    const idle = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'));
    });
    idle.keepAliveTimeout = 2000; // the service announces `Keep-Alive: timeout=2`
    await new Promise<void>((r) => idle.listen(0, '127.0.0.1', () => r()));
    const connections: unknown[] = [];
    idle.on('connection', (c) => connections.push(c));
    const client = new SubgraphHttpClient(2000);
    const target = new URL(`http://127.0.0.1:${(idle.address() as { port: number }).port}/graphql`);
    try {
      await client.post(target, {}, '{"query":"{ a }"}');
      const pooled = () => Object.values((client as unknown as { agent: http.Agent }).agent.freeSockets).flat().length;
      expect(pooled()).toBe(1);
      await new Promise((r) => setTimeout(r, 1500)); // past the hint minus 1 s, before the service's own 2 s
      expect(pooled()).toBe(0);
      await client.post(target, {}, '{"query":"mutation { b }"}');
      expect(connections).toHaveLength(2);
    } finally {
      client.close();
      idle.closeAllConnections();
      await new Promise((r) => idle.close(r));
    }
  });
});
