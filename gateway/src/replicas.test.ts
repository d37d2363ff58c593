// The gateway's calls to a subgraph with several replicas: round-robin, failover on connection errors
// (any operation when nothing was delivered, reads only when the connection broke mid-request), and
// UNAVAILABLE naming the service when no replica answers. Real HTTP servers on loopback.
import http from 'node:http';
import net from 'node:net';
import { DomainError, ReplicaSet } from '@mainline/common';
import { IdentityForwardingDataSource, InternalTokenCache } from './server';
import { SubgraphHttpClient } from './subgraph-client';

interface Replica {
  url: URL;
  hits: string[];
  close(): Promise<void>;
}

/** A subgraph stand-in: answers `{ data: { from } }`, or with `reset` destroys the connection once it has read the request. */
async function replica(name: string, o: { reset?: boolean } = {}): Promise<Replica> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hits.push(JSON.parse(body).query);
      if (o.reset) return req.socket.destroy();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { from: name } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: new URL(`http://127.0.0.1:${port}/graphql`),
    hits,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A port nothing listens on: connections are refused. */
async function refusedUrl(): Promise<URL> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return new URL(`http://127.0.0.1:${port}/graphql`);
}

const client = new SubgraphHttpClient(2000);
afterAll(() => client.close());

function source(urls: URL[]): IdentityForwardingDataSource {
  return new IdentityForwardingDataSource('tickets', new ReplicaSet(urls, 60_000), new InternalTokenCache('x'.repeat(32)), client);
}

async function send(ds: IdentityForwardingDataSource, query: string): Promise<unknown> {
  const r = (await ds.process({ request: { query, variables: {} }, context: {} } as any)) as { data?: { from: string } };
  return r.data?.from;
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}

describe('IdentityForwardingDataSource over replicas', () => {
  it('spreads calls round-robin over the replicas', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const ds = source([a.url, b.url]);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await send(ds, '{ q }'));
    expect(answers).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    await Promise.all([a.close(), b.close()]);
  });

  it('sends every call, writes too, to the replica that is up when another refuses connections', async () => {
    const b = await replica('b');
    const ds = source([await refusedUrl(), b.url]);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await send(ds, '{ q }'), await send(ds, 'mutation { m }'));
    expect(answers).toEqual(['b', 'b', 'b', 'b', 'b', 'b']);
    await b.close();
  });

  it('re-sends a read whose connection broke mid-request, but not a write (which may have been applied)', async () => {
    const [broken, b] = [await replica('broken', { reset: true }), await replica('b')];
    expect(await send(source([broken.url, b.url]), '{ q }')).toBe('b');
    const e = await refusal(send(source([broken.url, b.url]), 'mutation { m }'));
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toMatch(/may or may not have been made/);
    expect(b.hits).toEqual(['{ q }']); // the write was not sent a second time
    expect(broken.hits).toEqual(['{ q }', 'mutation { m }']);
    await Promise.all([broken.close(), b.close()]);
  });

  it('answers UNAVAILABLE naming the service when no replica can be reached', async () => {
    const e = await refusal(send(source([await refusedUrl(), await refusedUrl()]), '{ q }'));
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toContain('tickets');
    expect(e.details).toMatchObject({ service: 'tickets', retryable: true });
  });
});
