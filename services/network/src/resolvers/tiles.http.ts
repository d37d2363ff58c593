// GET /tiles/<networkId>/<z>/<x>/<y>.mvt (the gateway proxies it here with the caller's identity). Thin, like
// the resolvers: check the gateway's identity, hand the path to TileService, send the bytes or the error.
import express from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, IDENTITY_HEADER, Logger, REQUEST_ID_HEADER, verifyInternalIdentity } from '@mainline/common';
import type { TileService } from '../services/tile.service';

export const TILES_BASE_PATH = '/tiles';
export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

const STATUS: Record<string, number> = { INVALID_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, UNAVAILABLE: 503 };

function fail(res: express.Response, status: number, code: string, message: string, argument?: unknown): void {
  res.status(status).setHeader('cache-control', 'no-store');
  res.json({ errors: [{ message, extensions: { code, ...(typeof argument === 'string' ? { argument } : {}) } }] });
}

export function tilesRouter(svc: TileService, o: { log: Logger; internalSecret: string }): express.Router {
  const router = express.Router();
  router.use(async (req, res) => {
    const requestId = String(req.headers[REQUEST_ID_HEADER] ?? randomUUID()).slice(0, 100);
    const log = o.log.child({ requestId, component: 'tiles' });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return fail(res, 405, 'BAD_REQUEST', `不允许 ${req.method.slice(0, 10)} 方法，请用 GET / method not allowed: use GET`);
    }
    let caller;
    try {
      const token = req.headers[IDENTITY_HEADER];
      if (typeof token !== 'string') throw new DomainError('UNAUTHENTICATED', 'missing gateway identity');
      caller = verifyInternalIdentity(token, o.internalSecret);
    } catch {
      log.warn('refused tile request without gateway identity');
      return fail(res, 401, 'UNAUTHENTICATED', '请通过网关访问 / requests must come through the gateway');
    }
    try {
      const segments = req.path.split('/').slice(1).map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
      const t = await svc.tile(caller, segments);
      // Tiles change only with the network's version: the browser may keep them and ask again with the ETag.
      const etag = t.etag;
      res.setHeader('cache-control', 'private, no-cache');
      res.setHeader('etag', etag);
      res.setHeader('x-tile-cache', t.cached ? 'hit' : 'miss');
      if (req.headers['if-none-match'] === etag) return res.status(304).end();
      if (t.bytes.length === 0) return res.status(204).end();
      res.status(200).setHeader('content-type', MVT_CONTENT_TYPE);
      res.end(Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength));
    } catch (e) {
      if (e instanceof DomainError && STATUS[e.code]) {
        const zh = e.code === 'NOT_FOUND' ? `管网 ${String(e.details.id ?? '').slice(0, 60)} 不存在 / ` : '';
        return fail(res, STATUS[e.code], e.code, zh + e.message, e.details.argument);
      }
      log.error({ err: e }, 'tile request failed');
      return fail(res, 500, 'INTERNAL_SERVER_ERROR', '内部错误，请稍后重试 / internal error, please retry later');
    }
  });
  return router;
}
