// The gateway's /tiles proxy against stand-in network replicas: the caller's token is required and re-signed,
// the tile bytes and headers come back as they were sent, a refused replica is passed over, none answering is 502.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger, IDENTITY_HEADER, ReplicaSet, signInternalIdentity, signUserToken, verifyInternalIdentity } from '@mainline/common';
import { RateLimiter } from './limits';
import { mountTilesProxy } from './tiles-proxy';

const USER_SECRET = 'tiles-proxy-user-secret-0123456789';
const INTERNAL = 'tiles-proxy-internal-secret-0123456789';
const log = createLogger('test', 'silent');
const dispatcher = { sub: 'd-1', name: '调度员', roles: ['dispatcher' as const], department: null };

async function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

function gatewayTo(urls: string[]) {
  const app = express();
  mountTilesProxy(app, {
    networkUrls: new ReplicaSet(urls.map((u) => new URL(u)), 2000), jwtSecret: USER_SECRET,
    tokenFor: (id) => signInternalIdentity(id, INTERNAL), timeoutMs: 2000, limiter: new RateLimiter(0, 1), log,
  });
  return listen(app as unknown as http.RequestListener);
}

/** A port nothing listens on (a replica that is down). */
async function deadUrl(): Promise<string> {
  const s = await listen(() => undefined);
  await s.close();
  return `${s.url}/graphql`;
}

describe('the /tiles proxy', () => {
  it('asks for a token, forwards the caller re-signed and relays the tile; a refused replica is passed over', async () => {
    const seen: Array<{ url: string; identity: string }> = [];
    const tile = Buffer.from([0x1a, 0x03, 0x78, 0x02, 0x00]);
    const network = await listen((req, res) => {
      seen.push({ url: req.url as string, identity: req.headers[IDENTITY_HEADER] as string });
      res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile', etag: '"n@3.x"', 'x-internal': 'no' });
      res.end(tile);
    });
    const gw = await gatewayTo([await deadUrl(), `${network.url}/graphql`]);
    try {
      const path = '/tiles/0b5c9a4e-3f7d-4c2a-9e51-6a2f0c8d1b3e/18/215837/99333.mvt';
      const anonymous = await fetch(gw.url + path);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as any).errors[0].message).toMatch(/^请先登录/);
      expect(seen).toHaveLength(0);

      const auth = { authorization: `Bearer ${signUserToken(dispatcher, USER_SECRET)}` };
      for (let k = 0; k < 2; k++) {
        const r = await fetch(gw.url + path, { headers: { ...auth, [IDENTITY_HEADER]: 'forged' } });
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
        expect(r.headers.get('etag')).toBe('"n@3.x"');
        expect(r.headers.get('x-internal')).toBeNull();
        expect(Buffer.from(await r.arrayBuffer())).toEqual(tile);
      }
      expect(seen.map((s) => s.url)).toEqual([path, path]);
      expect(verifyInternalIdentity(seen[0].identity, INTERNAL)).toEqual(dispatcher);
      expect((await fetch(gw.url + path, { method: 'POST', headers: auth })).status).toBe(405);
    } finally {
      await gw.close();
      await network.close();
    }
  });

  it('answers 502 when no network replica answers', async () => {
    const gw = await gatewayTo([await deadUrl()]);
    try {
      const r = await fetch(`${gw.url}/tiles/x/0/0/0.mvt`, { headers: { authorization: `Bearer ${signUserToken(dispatcher, USER_SECRET)}` } });
      expect(r.status).toBe(502);
      expect(((await r.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE' }, message: expect.stringMatching(/^管网服务暂不可用/) });
    } finally {
      await gw.close();
    }
  });
});
