// /open311/v2/* at the entry point users already reach, proxied as plain HTTP to the tickets service, which owns
// Open311 GeoReport v2 (docs/domain.md "Open311"). No business logic here: the body streams through untouched
// (the tickets route enforces its size), the caller is the anonymous Open311 public re-signed like any other
// caller (the API key is the tickets service's to check), and only the gateway's own failures are answered here.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type express from 'express';
import { IDENTITY_HEADER, Identity, Logger, REQUEST_ID_HEADER, ReplicaSet, failoverKind } from '@mainline/common';
import type { RateLimiter } from './limits';
import { DEFAULT_IDLE_SOCKET_MS, keepAliveAgent } from './subgraph-client';

export const OPEN311_PATH = '/open311/v2';

/** Who an Open311 request is before the tickets service reads its api_key: nobody, with no role. */
export const OPEN311_PUBLIC: Identity = { sub: 'open311-public', name: 'Open311', roles: [], department: null };

const FORWARDED_REQUEST = ['content-type', 'content-length', 'transfer-encoding', 'accept', 'user-agent'];
const FORWARDED_RESPONSE = ['content-type', 'content-length', 'cache-control', 'allow', 'access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers'];

/** The spec's error list for the gateway's own failures, in the format the path asks for (XML unless .json). */
function gatewayError(res: express.Response, path: string, status: number, description: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const json = /\.json$/i.test(path);
  const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
  res.status(status).setHeader('content-type', json ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8');
  res.send(json ? JSON.stringify([{ code: status, description }])
    : `<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>${status}</code><description>${esc(description)}</description></error></errors>`);
}

export function mountOpen311Proxy(app: express.Express, o: {
  /** The tickets service, or its replicas (TICKETS_URLS): each request goes to the next one in turn. */
  ticketsUrl: string | ReplicaSet<URL>; tokenFor: (id: Identity) => string; timeoutMs: number; idleSocketMs?: number; limiter: RateLimiter; log: Logger;
}): void {
  const replicas = typeof o.ticketsUrl === 'string' ? new ReplicaSet([new URL(o.ticketsUrl)], 0) : o.ticketsUrl;
  const agent = keepAliveAgent(64, o.idleSocketMs ?? DEFAULT_IDLE_SOCKET_MS);
  app.use(OPEN311_PATH, (req, res) => {
    const requestId = typeof req.headers[REQUEST_ID_HEADER] === 'string' ? String(req.headers[REQUEST_ID_HEADER]).slice(0, 100) : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const path = req.originalUrl.split('?')[0];
    // Public and unauthenticated: the per-caller bucket is the client's address.
    const wait = o.limiter.take(`open311:${req.socket.remoteAddress ?? ''}`, Date.now());
    if (wait > 0) {
      res.setHeader('retry-after', String(wait));
      return gatewayError(res, path, 429, `请求过于频繁，请 ${wait} 秒后重试 / too many requests: retry in ${wait} s`);
    }
    const headers: Record<string, string | string[]> = {};
    for (const h of FORWARDED_REQUEST) if (req.headers[h] !== undefined) headers[h] = req.headers[h] as string | string[];
    headers[IDENTITY_HEADER] = o.tokenFor(OPEN311_PUBLIC);
    headers[REQUEST_ID_HEADER] = requestId;
    // The body streams through, so a request is not sent twice; a replica that refused is passed over next time.
    const upstream = replicas.order()[0];
    const up = http.request(
      { agent, protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, path: req.originalUrl, method: req.method, headers },
      (ur) => {
        res.status(ur.statusCode ?? 502);
        for (const h of FORWARDED_RESPONSE) if (ur.headers[h] !== undefined) res.setHeader(h, ur.headers[h] as string);
        ur.pipe(res);
        ur.on('error', () => res.destroy());
      },
    );
    up.setTimeout(o.timeoutMs, () => up.destroy(new Error(`tickets did not answer within ${o.timeoutMs} ms`)));
    up.on('error', (err) => {
      if (failoverKind(err) === 'any') replicas.markDown(upstream);
      o.log.warn({ requestId, err: err.message }, 'open311 proxy failed');
      gatewayError(res, path, 502, '工单服务暂不可用，请稍后重试 / the service is unavailable, please retry later');
    });
    req.on('aborted', () => up.destroy());
    req.pipe(up);
  });
}
