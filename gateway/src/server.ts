import fs from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import {
  AppError, IDENTITY_HEADER, Identity, Logger, REQUEST_ID_HEADER, maskError, signInternalIdentity, verifyUserToken,
} from '@mainline/common';
import type { GatewayConfig } from './config';
import { depthLimitRule, operationCost } from './limits';
import { SUPERGRAPH_PATH } from './supergraph';

interface GatewayContext {
  identity: Identity;
  requestId: string;
}

/** Forwards the verified caller to a subgraph, re-signed with the secret only the services share. */
class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, private readonly secret: string) {
    super({ url });
  }
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!context?.identity) return; // the gateway never calls subgraphs without a caller
    request.http?.headers.set(IDENTITY_HEADER, signInternalIdentity(context.identity, this.secret));
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}

export interface RunningGateway {
  url: string;
  close(): Promise<void>;
}

function unauthenticated(res: express.Response, message: string) {
  res.status(401).setHeader('www-authenticate', 'Bearer').json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

export async function startGateway(cfg: GatewayConfig, log: Logger, o: { supergraphSdl?: string } = {}): Promise<RunningGateway> {
  const urls: Record<string, string> = { tickets: cfg.TICKETS_URL, network: cfg.NETWORK_URL, notify: cfg.NOTIFY_URL };
  const gateway = new ApolloGateway({
    // Composed at build time from the committed subgraph SDL; never by introspecting live services.
    supergraphSdl: o.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name }) => {
      const url = urls[name];
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      return new IdentityForwardingDataSource(url, cfg.INTERNAL_JWT_SECRET);
    },
    logger: { debug: () => undefined, info: (m) => log.info(String(m)), warn: (m) => log.warn(String(m)), error: (m) => log.error(String(m)) },
  });

  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimitRule(cfg.MAX_QUERY_DEPTH)],
    formatError: (formatted, error) => maskError(formatted, error, (err) => log.error({ err, path: formatted.path }, 'request failed')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: cfg.SHUTDOWN_GRACE_MS }),
      {
        async requestDidStart({ contextValue }) {
          const t0 = process.hrtime.bigint();
          return {
            async didResolveOperation({ request, document, schema }) {
              const cost = operationCost(schema, document, request.variables ?? {}, request.operationName);
              if (cost > cfg.MAX_QUERY_COST) {
                throw new GraphQLError(`query cost ${cost} exceeds the limit of ${cfg.MAX_QUERY_COST}`, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
              }
            },
            async willSendResponse({ operationName, errors }) {
              log.info({ requestId: contextValue.requestId, op: operationName, user: contextValue.identity?.sub, ms: Number(process.hrtime.bigint() - t0) / 1e6, errors: errors?.length ?? 0 }, 'graphql');
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    await Promise.all(
      Object.entries(urls).map(async ([name, url]) => {
        try {
          const r = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(3000) });
          checks[name] = r.ok ? 'ok' : `HTTP ${r.status}`;
        } catch (e) {
          checks[name] = (e as Error).message;
        }
      }),
    );
    const ok = Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks });
  });
  app.use(
    '/graphql',
    (req, res, next) => {
      const requestId = typeof req.headers[REQUEST_ID_HEADER] === 'string' ? String(req.headers[REQUEST_ID_HEADER]).slice(0, 100) : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, requestId);
      res.locals.requestId = requestId;
      const auth = req.headers.authorization;
      const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth) : null;
      if (!m) return unauthenticated(res, 'authentication required: send Authorization: Bearer <token>');
      try {
        res.locals.identity = verifyUserToken(m[1], cfg.JWT_SECRET);
      } catch (e) {
        return unauthenticated(res, e instanceof AppError ? e.message : 'invalid token');
      }
      next();
    },
    express.json({ limit: cfg.BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ res }) => ({ identity: res.locals.identity, requestId: res.locals.requestId }),
    }),
  );
  app.use((err: any, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err?.status ?? err?.statusCode ?? 500;
    if (status >= 500) log.error({ err }, 'http error');
    const message = status === 413 ? `request body larger than ${cfg.BODY_LIMIT}` : status < 500 ? String(err.message) : 'Internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.GATEWAY_PORT, cfg.GATEWAY_HOST, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : cfg.GATEWAY_PORT;
  const url = `http://localhost:${port}/graphql`;
  log.info({ url }, 'gateway listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    close: () => (closing ??= apollo.stop()),
  };
}
