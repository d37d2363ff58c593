// The gateway's /open311/v2 proxy against a stand-in tickets server: what it forwards, what it adds, what it
// keeps from the caller, and its own failures in the spec's error format.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger, IDENTITY_HEADER, signInternalIdentity, verifyInternalIdentity } from '@mainline/common';
import { RateLimiter } from './limits';
import { mountOpen311Proxy, OPEN311_PUBLIC } from './open311-proxy';

const SECRET = 'open311-proxy-test-secret-0123456789';
const log = createLogger('test', 'silent');

async function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

function gatewayTo(ticketsUrl: string, limiter = new RateLimiter(0, 1)) {
  const app = express();
  mountOpen311Proxy(app, { ticketsUrl, tokenFor: (id) => signInternalIdentity(id, SECRET), timeoutMs: 2000, limiter, log });
  return listen(app as unknown as http.RequestListener);
}

describe('the /open311/v2 proxy', () => {
  it('forwards method, path, query and body untouched, signs the anonymous Open311 caller and relays the answer', async () => {
    const seen: Array<{ method: string; url: string; body: string; headers: http.IncomingHttpHeaders }> = [];
    const tickets = await listen((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method as string, url: req.url as string, body, headers: req.headers });
        res.writeHead(405, { 'content-type': 'text/xml; charset=utf-8', allow: 'GET, POST', 'x-secret': 'internal' });
        res.end('<?xml version="1.0" encoding="utf-8"?>\n<errors/>');
      });
    });
    const gw = await gatewayTo(`${tickets.url}/graphql`);
    try {
      const r = await fetch(`${gw.url}/open311/v2/requests.xml?jurisdiction_id=city.gov`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', [IDENTITY_HEADER]: 'forged', cookie: 'a=b' }, body: 'api_key=k&service_code=LEAK',
      });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, POST');
      expect(r.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      expect(r.headers.get('x-secret')).toBeNull();
      expect(r.headers.get('x-request-id')).toBeTruthy();
      expect(await r.text()).toContain('<errors/>');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ method: 'POST', url: '/open311/v2/requests.xml?jurisdiction_id=city.gov', body: 'api_key=k&service_code=LEAK' });
      // The caller's forged identity is replaced by the gateway's signature for nobody in particular; cookies stay behind.
      expect(verifyInternalIdentity(seen[0].headers[IDENTITY_HEADER] as string, SECRET)).toEqual(OPEN311_PUBLIC);
      expect(seen[0].headers.cookie).toBeUndefined();
      expect(seen[0].headers['x-request-id']).toBe(r.headers.get('x-request-id'));
    } finally {
      await gw.close();
      await tickets.close();
    }
  });

  it('answers its own failures in the spec’s format the path asks for: 502 when tickets is down, 429 over the rate', async () => {
    const dead = await listen(() => undefined);
    const deadUrl = dead.url;
    await dead.close();
    const gw = await gatewayTo(`${deadUrl}/graphql`);
    try {
      const j = await fetch(`${gw.url}/open311/v2/services.json`);
      expect(j.status).toBe(502);
      expect(await j.json()).toEqual([{ code: 502, description: expect.stringContaining('unavailable') }]);
      const x = await fetch(`${gw.url}/open311/v2/services.xml`);
      expect(x.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      expect(await x.text()).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<errors><error><code>502<\/code><description>[^<]+<\/description><\/error><\/errors>$/);
    } finally {
      await gw.close();
    }
    const tickets = await listen((_req, res) => res.end('[]'));
    const limited = await gatewayTo(`${tickets.url}/graphql`, new RateLimiter(1, 1));
    try {
      expect((await fetch(`${limited.url}/open311/v2/requests.json`)).status).toBe(200);
      const r = await fetch(`${limited.url}/open311/v2/requests.json`);
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('1');
      expect(((await r.json()) as Array<{ code: number }>)[0].code).toBe(429);
    } finally {
      await limited.close();
      await tickets.close();
    }
  });
});
