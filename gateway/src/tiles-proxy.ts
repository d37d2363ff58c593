// /tiles/* (the network's vector tiles) at the entry point the console already talks to, proxied to the network
// service's replicas. The caller's bearer token is verified here as for /graphql and re-signed for the service,
// which checks the role and the path; tiles are small GETs, so each answer is read whole and a replica that
// refused or broke the connection is simply passed over for the next one.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type express from 'express';
import { DomainError, IDENTITY_HEADER, Identity, Logger, REQUEST_ID_HEADER, ReplicaSet, verifyUserToken } from '@mainline/common';
import type { RateLimiter } from './limits';
import { DEFAULT_IDLE_SOCKET_MS, keepAliveAgent } from './subgraph-client';

export const TILES_PATH = '/tiles';

const FORWARDED_REQUEST = ['if-none-match', 'accept', 'user-agent'];
const FORWARDED_RESPONSE = ['content-type', 'cache-control', 'etag', 'allow', 'x-tile-cache'];

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function fail(res: express.Response, status: number, code: string, message: string): void {
  res.status(status).setHeader('cache-control', 'no-store');
  res.json({ errors: [{ message, extensions: { code } }] });
}

export function mountTilesProxy(app: express.Express, o: {
  /** The network service, or its replicas (NETWORK_URLS). */
  networkUrls: ReplicaSet<URL>; jwtSecret: string; tokenFor: (id: Identity) => string; timeoutMs: number; idleSocketMs?: number; limiter: RateLimiter; log: Logger;
}): void {
  const agent = keepAliveAgent(64, o.idleSocketMs ?? DEFAULT_IDLE_SOCKET_MS);
  const get = (base: URL, path: string, headers: Record<string, string>): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const up = http.request({ agent, protocol: base.protocol, hostname: base.hostname, port: base.port, path, method: 'GET', headers }, (ur) => {
        const chunks: Buffer[] = [];
        ur.on('data', (c: Buffer) => chunks.push(c));
        ur.on('end', () => resolve({ status: ur.statusCode ?? 502, headers: ur.headers, body: Buffer.concat(chunks) }));
        ur.on('error', reject);
      });
      up.setTimeout(o.timeoutMs, () => up.destroy(new Error(`network did not answer within ${o.timeoutMs} ms`)));
      up.on('error', reject);
      up.end();
    });

  app.use(TILES_PATH, async (req, res) => {
    const requestId = typeof req.headers[REQUEST_ID_HEADER] === 'string' ? String(req.headers[REQUEST_ID_HEADER]).slice(0, 100) : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return fail(res, 405, 'BAD_REQUEST', `不允许 ${req.method.slice(0, 10)} 方法，请用 GET / method not allowed: use GET`);
    }
    const m = typeof req.headers.authorization === 'string' ? /^Bearer\s+(.+)$/i.exec(req.headers.authorization) : null;
    if (!m) {
      res.setHeader('www-authenticate', 'Bearer');
      return fail(res, 401, 'UNAUTHENTICATED', '请先登录：发送 Authorization: Bearer <令牌> / authentication required: send Authorization: Bearer <token>');
    }
    let identity: Identity;
    try {
      identity = verifyUserToken(m[1], o.jwtSecret);
    } catch (e) {
      res.setHeader('www-authenticate', 'Bearer');
      return fail(res, 401, 'UNAUTHENTICATED', `令牌无效或已过期 / ${e instanceof DomainError ? e.message : 'invalid token'}`);
    }
    // A map move asks for a dozen tiles at once: tiles have a bucket of their own, apart from the caller's API calls.
    const wait = o.limiter.take(`tiles:${identity.sub}`, Date.now());
    if (wait > 0) {
      res.setHeader('retry-after', String(wait));
      return fail(res, 429, 'RATE_LIMITED', `请求过于频繁，请 ${wait} 秒后重试 / too many requests: retry in ${wait} s`);
    }
    const headers: Record<string, string> = { [IDENTITY_HEADER]: o.tokenFor(identity), [REQUEST_ID_HEADER]: requestId };
    for (const h of FORWARDED_REQUEST) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
    try {
      const a = await o.networkUrls.call((base) => get(base, req.originalUrl, headers), { idempotent: true });
      res.status(a.status);
      for (const h of FORWARDED_RESPONSE) if (a.headers[h] !== undefined) res.setHeader(h, a.headers[h] as string);
      res.end(req.method === 'HEAD' ? undefined : a.body);
    } catch (e) {
      o.log.warn({ requestId, err: (e as Error).message }, 'tiles proxy failed');
      fail(res, 502, 'UNAVAILABLE', '管网服务暂不可用，请稍后重试 / the network service is unavailable, please retry later');
    }
  });
}
