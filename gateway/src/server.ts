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
  DomainError, IDENTITY_HEADER, Identity, Logger, REQUEST_ID_HEADER, ReplicaSet, failoverKind, maskError, signInternalIdentity, verifiedUserToken, VerifiedTokenCache,
} from '@mainline/common';
import { subgraphUrls, type GatewayConfig } from './config';
import { CostModel, depthLimitRule, jsonDepthExceeds, noSubscriptionRule, operationCost, operationShapeRule, RateLimiter } from './limits';
import { SUPERGRAPH_PATH } from './supergraph';
import { variableErrors } from './variables';
import { cacheHint, SubgraphHttpClient, toGraphQLResponse } from './subgraph-client';
import { mountConsole } from './console-static';
import { mountOpen311Proxy } from './open311-proxy';
import { mountTilesProxy } from './tiles-proxy';
import { PassThroughGateway, type PassThroughContext, type RawAnswer } from './pass-through';

interface GatewayContext {
  identity: Identity;
  requestId: string;
  passThrough: PassThroughContext;
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
 * Operation costs per parsed document (Apollo keeps one document object per query text), operation
 * name and the variables with every string emptied: a cost reads numbers (`first`, `limit`), booleans
 * (`@skip`) and list lengths, never a string's text, so the same plan for another pipe id is not walked
 * again (the walk was ~0.18 ms of every request). Bounded per document.
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
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables, textless)}`;
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

/** JSON.stringify replacer: a string's text never changes a cost. */
const textless = (_k: string, v: unknown) => (typeof v === 'string' ? '' : v);

/** A subgraph request that writes: the gateway plans a mutation's root fields as `mutation` operations. */
const MUTATION = /^\s*mutation\b/;

/**
 * Forwards an operation to a subgraph with the verified caller re-signed with the secret only the
 * services share. A GraphQLDataSource of its own (not RemoteGraphQLDataSource) so each call is one
 * node:http POST; no APQ, no fetch objects. With several replicas, each call goes to the next one in
 * turn; a refused connection moves on to another replica (any operation: nothing reached the first),
 * a connection broken mid-request moves on only for reads (a write may have been applied). When no
 * replica answers, the caller gets UNAVAILABLE naming the service, not a masked server error.
 */
export class IdentityForwardingDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly name: string,
    private readonly replicas: ReplicaSet<URL>,
    private readonly tokens: InternalTokenCache,
    private readonly client: SubgraphHttpClient,
    private readonly log?: Logger,
  ) {}
  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = options.context as Partial<GatewayContext>;
    // The pass-through fetched this very operation already (its answer needs the standard shaping).
    const pre = context.passThrough?.prefetched;
    let answer: RawAnswer;
    if (pre && pre.serviceName === this.name && pre.operation === request.query) {
      context.passThrough!.prefetched = undefined;
      if (!pre.answer) throw pre.error;
      answer = pre.answer;
    } else {
      answer = await this.call(request.query ?? '', request.variables, request.operationName, request.extensions, context);
    }
    const response = toGraphQLResponse(answer.url, answer);
    if ('incomingRequestContext' in options) {
      options.incomingRequestContext.overallCachePolicy?.restrict(cacheHint(response.http.headers.get('cache-control')));
    }
    return response as unknown as GatewayGraphQLResponse;
  }

  /** One POST of an operation to a replica (failover as above); UNAVAILABLE when none answers. */
  async call(query: string, variables: unknown, operationName: string | undefined, extensions: unknown, context: Partial<GatewayContext>): Promise<RawAnswer> {
    const headers: Record<string, string> = {};
    if (context.identity) headers[IDENTITY_HEADER] = this.tokens.tokenFor(context.identity);
    if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    const idempotent = !MUTATION.test(query);
    let target: URL | undefined;
    try {
      const answer = await this.replicas.call((url) => {
        target = url;
        return this.client.post(url, headers, body, { resendOnStaleSocket: idempotent });
      }, { idempotent });
      return { ...answer, url: target! };
    } catch (e) {
      this.log?.warn({ requestId: context.requestId, subgraph: this.name, url: target?.host, err: String(e) }, 'subgraph call failed');
      const broken = failoverKind(e) === 'read' && !idempotent;
      throw new DomainError('UNAVAILABLE', broken
        ? `与 ${this.name} 服务的连接中断，修改可能已生效也可能未生效，请查询后再重试 / the connection to the ${this.name} service broke during the change: it may or may not have been made, check before retrying`
        : `${this.name} 服务暂时不可用，请稍后重试 / the ${this.name} service is unavailable right now: try again shortly`,
      { service: this.name, retryable: !broken });
    }
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
  const urls: Record<string, string[]> = subgraphUrls(cfg);
  const replicas = new Map(Object.entries(urls).map(([name, list]) => [name, new ReplicaSet(list.map((u) => new URL(u)), cfg.SUBGRAPH_DOWN_MS)]));
  const tokens = new InternalTokenCache(cfg.INTERNAL_JWT_SECRET);
  const costs = new OperationCostCache({ weights: cfg.FIELD_COSTS, defaultWeight: cfg.FIELD_COST_DEFAULT });
  const limiter = new RateLimiter(cfg.RATE_LIMIT_PER_SECOND, cfg.RATE_LIMIT_BURST);
  const subgraphs = new SubgraphHttpClient(cfg.SUBGRAPH_TIMEOUT_MS, undefined, cfg.SUBGRAPH_IDLE_SOCKET_MS);
  const sources = new Map<string, IdentityForwardingDataSource>();
  const gateway = new ApolloGateway({
    // Composed at build time from the committed subgraph SDL; never by introspecting live services.
    supergraphSdl: o.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name }) => {
      const set = replicas.get(name);
      if (!set) throw new Error(`no URL configured for subgraph ${name}`);
      const source = new IdentityForwardingDataSource(name, set, tokens, subgraphs, log);
      sources.set(name, source);
      return source;
    },
    experimental_didResolveQueryPlan: (o) => passThrough.didResolveQueryPlan(o as never),
    logger: { debug: () => undefined, info: (m) => log.info(String(m)), warn: (m) => log.warn(String(m)), error: (m) => log.error(String(m)) },
  });

  const callers = new VerifiedTokenCache((t) => verifiedUserToken(t, cfg.JWT_SECRET), cfg.VERIFIED_TOKEN_CACHE_SIZE);
  const passThrough = new PassThroughGateway(
    gateway,
    async (fetch, variables, rc, ctx) => {
      const source = sources.get(fetch.serviceName);
      if (!source) throw new Error(`no data source for subgraph ${fetch.serviceName}`);
      const answer = await source.call(fetch.operation, variables, fetch.operationName, undefined, rc.context as Partial<GatewayContext>);
      rc.overallCachePolicy?.restrict(cacheHint(answer.headers['cache-control'] === undefined ? null : String(answer.headers['cache-control'])));
      return answer;
    },
    (rc) => (rc.context as GatewayContext).passThrough,
  );
  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers are not cached by clients (no-store from the subgraphs): no ETag hash of every body.
  app.set('etag', false);
  const server = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: passThrough,
    includeStacktraceInErrorResponses: false,
    // Compact JSON: Apollo's default indents every answer (6.7 % of the gateway's CPU on a dashboard page).
    stringifyResult: (result) => JSON.stringify(result),
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
    // Ready when every subgraph has at least one ready replica; each replica's answer is listed.
    const checks: Record<string, string> = {};
    const replicaChecks: Record<string, Record<string, string>> = {};
    await Promise.all(
      Object.entries(urls).map(async ([name, list]) => {
        const each = await Promise.all(list.map(async (url) => {
          try {
            const r = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(3000) });
            return r.ok ? 'ok' : `HTTP ${r.status}`;
          } catch (e) {
            return (e as Error).message;
          }
        }));
        checks[name] = each.includes('ok') ? 'ok' : each[0];
        if (list.length > 1) replicaChecks[name] = Object.fromEntries(list.map((u, i) => [u, each[i]]));
      }),
    );
    const ok = Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks, ...(Object.keys(replicaChecks).length ? { replicas: replicaChecks } : {}) });
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
        res.locals.identity = callers.identity(m[1]);
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
      context: async ({ res }) => {
        const pt: PassThroughContext = {};
        // Apollo Server writes the body with res.send: a passed-through answer's data goes in there.
        const send = res.send;
        res.send = function (this: express.Response, body?: unknown) {
          return send.call(this, typeof body === 'string' ? passThrough.body(body, pt) : body);
        } as typeof res.send;
        return { identity: res.locals.identity, requestId: res.locals.requestId, passThrough: pt };
      },
    }),
  );
  mountOpen311Proxy(app, { ticketsUrl: replicas.get('tickets')!, tokenFor: (id) => tokens.tokenFor(id), timeoutMs: cfg.SUBGRAPH_TIMEOUT_MS, idleSocketMs: cfg.SUBGRAPH_IDLE_SOCKET_MS, limiter, log });
  mountTilesProxy(app, { networkUrls: replicas.get('network')!, jwtSecret: cfg.JWT_SECRET, tokenFor: (id) => tokens.tokenFor(id), timeoutMs: cfg.SUBGRAPH_TIMEOUT_MS, idleSocketMs: cfg.SUBGRAPH_IDLE_SOCKET_MS, limiter, log });
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
