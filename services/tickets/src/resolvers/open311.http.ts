// The Open311 GeoReport v2 HTTP routes (the gateway proxies /open311/v2/* here). Thin, like the resolvers:
// read the path, format and parameters, call one Open311Service method, encode its document; the rules are
// in domain/open311.ts, the encoders in domain/open311-encoding.ts.
import express from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, IDENTITY_HEADER, Logger, REQUEST_ID_HEADER, verifyInternalIdentity } from '@mainline/common';
import {
  discoveryDocument, errorsDocument, Open311Format, OPEN311_FORMATS, open311StatusOf, paramsOf, postResponseDocument,
  requestsDocument, serviceDefinitionDocument, servicesDocument,
} from '../domain/open311';
import { encodeO311, O311_CONTENT_TYPE, O311Document } from '../domain/open311-encoding';
import type { Open311Service } from '../services/open311.service';

export const OPEN311_BASE_PATH = '/open311/v2';

/** When this interface last changed (the discovery document's changeset). */
export const OPEN311_CHANGESET = '2026-12-01T00:00:00+08:00';

type Handler = (svc: Open311Service, m: RegExpExecArray, p: Map<string, string[]>) => Promise<{ doc: O311Document; status?: number }>;

interface Route {
  path: RegExp;
  methods: Partial<Record<'GET' | 'POST', Handler>>;
}

// Paths without their format: the last `.word` of the path is the format (service_request_ids and codes have no dots).
const ROUTES: Route[] = [
  { path: /^\/discovery$/, methods: { GET: async (svc) => ({ doc: discovery(svc) }) } },
  { path: /^\/services$/, methods: { GET: async (svc, _m, p) => ({ doc: servicesDocument(await svc.services(p)) }) } },
  { path: /^\/services\/([^/]+)$/, methods: { GET: async (svc, m, p) => ({ doc: serviceDefinitionDocument(await svc.serviceDefinition(p, decode(m[1]))) }) } },
  {
    path: /^\/requests$/,
    methods: {
      GET: async (svc, _m, p) => ({ doc: requestsDocument(await svc.requests(p)) }),
      // 200 as the servers clients were written against answer (the spec names no status for a created request).
      POST: async (svc, _m, p) => ({ doc: postResponseDocument(await svc.submit(p)) }),
    },
  },
  { path: /^\/requests\/([^/]+)$/, methods: { GET: async (svc, m, p) => ({ doc: requestsDocument([await svc.request(p, decode(m[1]))]) }) } },
];

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function discovery(svc: Open311Service): O311Document {
  const c = svc.config;
  return discoveryDocument({
    url: c.publicUrl, changeset: OPEN311_CHANGESET, contact: c.contact,
    keyService: '向管理员申请 API 密钥（GraphQL createOpen311Client） / Ask an administrator for an API key (GraphQL createOpen311Client)',
  });
}

function send(res: express.Response, format: Open311Format, status: number, doc: O311Document): void {
  res.status(status).setHeader('content-type', O311_CONTENT_TYPE[format]);
  res.setHeader('cache-control', 'no-store');
  res.send(encodeO311(doc, format));
}

const fail = (res: express.Response, format: Open311Format, status: number, ...problems: string[]) => send(res, format, status, errorsDocument(status, problems));

/** The resource path and the format it asks for; XML (the spec's required format) to answer a format we do not know. */
function formatOf(path: string): { resource: string; format: Open311Format; known: boolean; asked: string } {
  const m = /^(.*?)(?:\.([^./]+))?$/.exec(path) as RegExpExecArray;
  const asked = (m[2] ?? '').toLowerCase();
  const known = (OPEN311_FORMATS as readonly string[]).includes(asked);
  return { resource: m[1], format: known ? (asked as Open311Format) : 'xml', known, asked };
}

export function open311Router(svc: Open311Service, o: { log: Logger; bodyLimit: string; internalSecret: string }): express.Router {
  const router = express.Router();
  const body = express.raw({ type: () => true, limit: o.bodyLimit });

  router.use(async (req, res) => {
    const requestId = String(req.headers[REQUEST_ID_HEADER] ?? randomUUID()).slice(0, 100);
    const log = o.log.child({ requestId, component: 'open311' });
    const { resource, format, known, asked } = formatOf(req.path);
    res.setHeader('access-control-allow-origin', '*');
    // Only the gateway may call a subgraph, for these routes as for /graphql.
    try {
      const token = req.headers[IDENTITY_HEADER];
      if (typeof token !== 'string') throw new DomainError('UNAUTHENTICATED', 'missing gateway identity');
      verifyInternalIdentity(token, o.internalSecret);
    } catch {
      log.warn('refused Open311 request without gateway identity');
      return fail(res, format, 401, '请通过网关访问 / requests must come through the gateway');
    }

    const route = ROUTES.map((r) => ({ r, m: r.path.exec(resource) })).find((x) => x.m);
    if (!route) return fail(res, format, 404, `未知资源 ${req.path.slice(0, 100)} / unknown resource`);
    if (!known) {
      return fail(res, 'xml', 404, asked ? `不支持的格式 "${asked.slice(0, 20)}"，请用 .xml 或 .json / format "${asked.slice(0, 20)}" not supported: use .xml or .json` : '缺少格式，请用 .xml 或 .json / format missing: use .xml or .json');
    }
    const allowed = Object.keys(route.r.methods);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (req.method === 'OPTIONS') {
      res.status(204).setHeader('allow', [...allowed, 'OPTIONS'].join(', '));
      res.setHeader('access-control-allow-methods', [...allowed, 'OPTIONS'].join(', '));
      res.setHeader('access-control-allow-headers', 'content-type');
      return res.end();
    }
    const handler = route.r.methods[method as 'GET' | 'POST'];
    if (!handler) {
      res.setHeader('allow', allowed.join(', '));
      return fail(res, format, 405, `不允许 ${req.method.slice(0, 10)} 方法，可用 ${allowed.join(', ')} / method not allowed (use ${allowed.join(', ')})`);
    }

    try {
      const query = new URL(req.originalUrl, 'http://open311.local').searchParams;
      let params = paramsOf(query);
      if (method === 'POST') {
        await new Promise<void>((resolve, reject) => body(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
        const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (raw.length && type !== 'application/x-www-form-urlencoded') {
          return fail(res, format, 400, `请求体须为 application/x-www-form-urlencoded（收到 ${type.slice(0, 60) || '无'}） / the body must be application/x-www-form-urlencoded`);
        }
        // Body values first, then the query's: `param` takes the first non-empty, so the body wins and a query api_key still counts.
        params = paramsOf(new URLSearchParams(raw.toString('utf8')), query);
      }
      const r = await handler(svc, route.m as RegExpExecArray, params);
      send(res, format, r.status ?? 200, r.doc);
    } catch (e) {
      const err = e as { status?: number; statusCode?: number; type?: string; message?: string };
      if (e instanceof DomainError) {
        const status = open311StatusOf(e);
        const problems = Array.isArray(e.details.problems) ? (e.details.problems as string[]) : [e.message];
        if (status >= 500) log.error({ err: e }, 'Open311 request failed');
        return fail(res, format, status, ...problems);
      }
      const status = err.status ?? err.statusCode;
      if (status === 413) return fail(res, format, 413, `请求体超过 ${o.bodyLimit} / request body larger than ${o.bodyLimit}`);
      if (status && status >= 400 && status < 500) return fail(res, format, 400, `请求无法读取 / the request could not be read (${String(err.type ?? err.message ?? '').slice(0, 80)})`);
      log.error({ err: e }, 'Open311 request failed');
      return fail(res, format, 500, '内部错误，请稍后重试 / internal error, please retry later');
    }
  });
  return router;
}
