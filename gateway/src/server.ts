import fs from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway, GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import {
  DomainError, IDENTITY_HEADER, Identity, Logger, REQUEST_ID_HEADER, maskError, signInternalIdentity, verifyUserToken,
} from '@mainline/common';
import type { GatewayConfig } from './config';
import { CostModel, depthLimitRule, jsonDepthExceeds, noSubscriptionRule, operationCost, operationShapeRule, RateLimiter } from './limits';
import { SUPERGRAPH_PATH } from './supergraph';
import { variableErrors } from './variables';
import { cacheHint, SubgraphHttpClient, toGraphQLResponse } from './subgraph-client';
import { mountConsole } from './console-static';
import { mountOpen311Proxy } from './open311-proxy';

interface GatewayContext {
  identity: Identity;
  requestId: string;
}

/** Lifetime of the internal identity token the gateway signs for a caller (the subgraphs verify it on every request). */
const INTERNAL_TOKEN_TTL_S = 60;

/**
 * Internal identity tokens per verified caller: signed once and re-used for the first half of their
 * lifetime, so every forwarded token still has at least half of it left. Keyed by the whole identity
 * (subject, name, roles, department): a changed claim gets a token of its own.
 */
export class InternalTokenCache {
  private readonly tokens = new Map<string, { token: string; renewAt: number }>();
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds = INTERNAL_TOKEN_TTL_S,
    private readonly maxEntries = 10_000,
  ) {}

  tokenFor(id: Identity, nowMs = Date.now()): string {
    const key = JSON.stringify([id.sub, id.name, id.roles, id.department]);
    const hit = this.tokens.get(key);
    if (hit && nowMs < hit.renewAt) return hit.token;
    const token = signInternalIdentity(id, this.secret, this.ttlSeconds);
    if (!hit && this.tokens.size >= this.maxEntries) this.tokens.clear();
    this.tokens.set(key, { token, renewAt: nowMs + (this.ttlSeconds * 1000) / 2 });
    return token;
  }
}

/**
 * Operation costs per parsed document (Apollo keeps one document object per query text) and
 * operation name and variables: a repeated operation is not walked again. Bounded per document.
 */
export class OperationCostCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number>>();
  constructor(
    private readonly model: CostModel,
    private readonly maxPerDocument = 256,
    private readonly maxKeyLength = 4096,
  ) {}

  /** `variables` are bounded in depth before this (MAX_VARIABLES_DEPTH), so stringifying them cannot overflow. */
  of(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string | null): number {
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables)}`;
    if (key.length > this.maxKeyLength) return operationCost(schema, document, variables, operationName, this.model); // big inputs (imports) are not kept
    let m = this.byDocument.get(document);
    if (!m) this.byDocument.set(document, (m = new Map()));
    let cost = m.get(key);
    if (cost === undefined) {
      cost = operationCost(schema, document, variables, operationName, this.model);
      if (m.size >= this.maxPerDocument) m.clear();
      m.set(key, cost);
    }
    return cost;
  }
}

/**
 * Forwards an operation to a subgraph with the verified caller re-signed with the secret only the
 * services share. A GraphQLDataSource of its own (not RemoteGraphQLDataSource) so each call is one
 * node:http POST; no APQ, no fetch objects.
 */
class IdentityForwardingDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly target: URL;
  constructor(url: string, private readonly tokens: InternalTokenCache, private readonly client: SubgraphHttpClient) {
    this.target = new URL(url);
  }
  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const headers: Record<string, string> = {};
    const context = options.context as Partial<GatewayContext>;
    if (context.identity) headers[IDENTITY_HEADER] = this.tokens.tokenFor(context.identity);
    if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions });
    const response = toGraphQLResponse(this.target, await this.client.post(this.target, headers, body));
    if ('incomingRequestContext' in options) {
      options.incomingRequestContext.overallCachePolicy?.restrict(cacheHint(response.http.headers.get('cache-control')));
    }
    return response as unknown as GatewayGraphQLResponse;
  }
}

export interface RunningGateway {
  url: string;
  close(): Promise<void>;
}

function unauthenticated(res: express.Response, message: string) {
  res.status(401).setHeader('www-authenticate', 'Bearer').json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

/** A client's mistake found before execution: HTTP 400 with the standard code. */
function clientError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** The operation to run, or the 400 that says why there is none (unknown or missing operationName). */
function chosenOperation(operation: OperationDefinitionNode | undefined | null, operationName: string | null | undefined): OperationDefinitionNode {
  if (operation) return operation;
  throw clientError(
    operationName ? `unknown operation named "${String(operationName).slice(0, 100)}"` : 'the document has several operations: send operationName',
    'OPERATION_RESOLUTION_FAILURE',
  );
}

export async function startGateway(cfg: GatewayConfig, log: Logger, o: { supergraphSdl?: string } = {}): Promise<RunningGateway> {
  const urls: Record<string, string> = { tickets: cfg.TICKETS_URL, network: cfg.NETWORK_URL, notify: cfg.NOTIFY_URL };
  const tokens = new InternalTokenCache(cfg.INTERNAL_JWT_SECRET);
  const costs = new OperationCostCache({ weights: cfg.FIELD_COSTS, defaultWeight: cfg.FIELD_COST_DEFAULT });
  const limiter = new RateLimiter(cfg.RATE_LIMIT_PER_SECOND, cfg.RATE_LIMIT_BURST);
  const subgraphs = new SubgraphHttpClient(cfg.SUBGRAPH_TIMEOUT_MS);
  const gateway = new ApolloGateway({
    // Composed at build time from the committed subgraph SDL; never by introspecting live services.
    supergraphSdl: o.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name }) => {
      const url = urls[name];
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      return new IdentityForwardingDataSource(url, tokens, subgraphs);
    },
    logger: { debug: () => undefined, info: (m) => log.info(String(m)), warn: (m) => log.warn(String(m)), error: (m) => log.error(String(m)) },
  });

  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    validationRules: [
      noSubscriptionRule,
      depthLimitRule(cfg.MAX_QUERY_DEPTH),
      operationShapeRule({ maxRootFields: cfg.MAX_ROOT_FIELDS, maxMutations: cfg.MAX_MUTATIONS, maxAliases: cfg.MAX_ALIASES }),
    ],
    status400ForVariableCoercionErrors: true,
    parseOptions: { maxTokens: cfg.MAX_QUERY_TOKENS },
    formatError: (formatted, error) => maskError(formatted, error, (err) => log.error({ err, path: formatted.path }, 'request failed')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: cfg.SHUTDOWN_GRACE_MS }),
      {
        async requestDidStart({ contextValue }) {
          const t0 = process.hrtime.bigint();
          return {
            async didResolveOperation({ request, document, schema, operation }) {
              const op = chosenOperation(operation, request.operationName);
              // Coerced here, against the supergraph, so a bad variable is the caller's 400 before any cost or plan.
              const bad = variableErrors(schema, op, request.variables ?? {});
              if (bad.length) throw new GraphQLError(bad.join('; '), { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
              const cost = costs.of(schema, document, request.variables ?? {}, op.name?.value ?? null);
              if (cost > cfg.MAX_QUERY_COST) {
                throw new GraphQLError(`query cost ${cost} exceeds the limit of ${cfg.MAX_QUERY_COST}`, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
              }
            },
            async willSendResponse({ operationName, errors }) {
              if (log.isLevelEnabled('info')) {
                log.info({ requestId: contextValue.requestId, op: operationName, user: contextValue.identity?.sub, ms: Number(process.hrtime.bigint() - t0) / 1e6, errors: errors?.length ?? 0 }, 'graphql');
              }
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
        return unauthenticated(res, e instanceof DomainError ? e.message : 'invalid token');
      }
      const wait = limiter.take(res.locals.identity.sub, Date.now());
      if (wait > 0) {
        res.status(429).setHeader('retry-after', String(wait)).json({
          errors: [{ message: `请求过于频繁，请 ${wait} 秒后重试 / too many requests: retry in ${wait} s`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: wait } }],
        });
        return;
      }
      next();
    },
    express.json({ limit: cfg.BODY_LIMIT }),
    (req, res, next) => {
      const query = req.method === 'GET' ? req.query?.query : req.body?.query;
      if (typeof query === 'string' && query.length > cfg.MAX_QUERY_LENGTH) {
        res.status(400).json({ errors: [{ message: `query text longer than ${cfg.MAX_QUERY_LENGTH} characters`, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
        return;
      }
      const variables = req.method === 'GET' ? req.query?.variables : req.body?.variables;
      // GET carries variables as a JSON string; parsed here only to bound its depth (Apollo parses it again).
      let value: unknown = variables;
      if (typeof variables === 'string') {
        try {
          value = JSON.parse(variables);
        } catch {
          value = null; // Apollo answers the malformed JSON with its own 400
        }
      }
      if (jsonDepthExceeds(value, cfg.MAX_VARIABLES_DEPTH)) {
        res.status(400).json({ errors: [{ message: `variables nested deeper than ${cfg.MAX_VARIABLES_DEPTH} levels`, extensions: { code: 'BAD_USER_INPUT' } }] });
        return;
      }
      next();
    },
    expressMiddleware(apollo, {
      context: async ({ res }) => ({ identity: res.locals.identity, requestId: res.locals.requestId }),
    }),
  );
  mountOpen311Proxy(app, { ticketsUrl: cfg.TICKETS_URL, tokenFor: (id) => tokens.tokenFor(id), timeoutMs: cfg.SUBGRAPH_TIMEOUT_MS, limiter, log });
  mountConsole(app, cfg, log);
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
    close: () => (closing ??= apollo.stop().finally(() => subgraphs.close())),
  };
}
