import 'reflect-metadata';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, getMetadataStorage, NonEmptyArray } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { DATA_ONLY_HEADER, IDENTITY_HEADER, REQUEST_ID_HEADER, RequestContext, roleAuthChecker, verifiedInternalIdentity, VerifiedTokenCache } from './auth';
import { DomainError, maskError } from './errors';
import type { MessageBus } from './kafka';
import type { Logger } from './logger';
import { InputLimits, InputRules, InputValidator } from './input-rules';
import { jobStatus } from './periodic';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])\n\n';

export interface ServiceContext<S = unknown> extends RequestContext {
  log: Logger;
  /** The service's own application services, handed to thin resolvers. */
  services: S;
}

type ReferenceResolvers = Record<string, (ref: any, ctx: ServiceContext<any>) => unknown>;

export interface SchemaOptions {
  resolvers: NonEmptyArray<Function>;
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type name. */
  references?: ReferenceResolvers;
  /** The service's own id formats and long texts for the shared argument checks (input-rules.ts). */
  inputRules?: InputRules;
}

/**
 * Deny by default: every root field must carry `@Authorized` (on the method or its resolver class);
 * a field without it stops the service at boot instead of being open to anyone.
 */
function assertEveryRootFieldAuthorized(resolvers: readonly Function[]): void {
  const md = getMetadataStorage();
  const classes = new Set(resolvers);
  const open: string[] = [];
  for (const r of [...md.queries, ...md.mutations]) {
    if (!classes.has(r.target)) continue;
    const onField = md.authorizedFields.some((a) => a.target === r.target && a.fieldName === r.methodName);
    const onClass = md.authorizedResolver.some((a) => a.target === r.target);
    if (!onField && !onClass) open.push(`${r.target.name}.${r.methodName}`);
  }
  if (open.length) throw new Error('root fields without @Authorized (deny by default): ' + open.join(', '));
}

/** Builds the Federation 2 subgraph schema from type-graphql classes and prints its SDL. */
/**
 * TypeScript applies parameter decorators last to first, so type-graphql prints every argument list
 * reversed (`isolationPlan(onMainRoad, …, networkId)`); this puts a service's arguments in the order they are written.
 */
function argumentsInWrittenOrder(classes: readonly Function[]): void {
  const md = getMetadataStorage();
  const ours = new Set(classes);
  // A stable sort by position: within one method the written order, across methods nothing changes that matters.
  const mine = md.params.filter((p) => ours.has(p.target)).sort((a, b) => a.index - b.index);
  md.params.splice(0, md.params.length, ...md.params.filter((p) => !ours.has(p.target)), ...mine);
}

/**
 * type-graphql wraps every plain object field in a resolver of its own (a closure and an allocation per value
 * read, ~4,000 for a page of 100 orders) for middlewares and field roles; a field with neither is read by
 * graphql-js' default resolver instead. Fields with `@Authorized` or `@UseMiddleware` (on the field or its
 * class) keep the wrapper, so their checks run as before; so does a field renamed in the schema (`name:`).
 */
function plainFieldsSimple(): void {
  const md = getMetadataStorage();
  const guarded = new Set<string>();
  for (const a of md.authorizedFields) guarded.add(`${a.target.name}\0${a.fieldName}`);
  for (const m of md.middlewares) guarded.add(`${m.target.name}\0${m.fieldName}`);
  const guardedClasses = new Set<Function>([...md.authorizedResolver.map((a) => a.target), ...md.resolverMiddlewares.map((m) => m.target)]);
  for (const f of md.fields) {
    if (f.simple !== undefined || guardedClasses.has(f.target) || guarded.has(`${f.target.name}\0${f.name}`) || f.schemaName !== f.name) continue;
    f.simple = true;
  }
}

export async function buildFederatedSchema(o: SchemaOptions): Promise<{ schema: GraphQLSchema; sdl: string }> {
  assertEveryRootFieldAuthorized(o.resolvers);
  argumentsInWrittenOrder(o.resolvers);
  plainFieldsSimple();
  const tgSchema = await buildSchema({
    resolvers: o.resolvers,
    orphanedTypes: o.orphanedTypes,
    authChecker: roleAuthChecker,
    authMode: 'error',
    skipCheck: true,
    validate: false,
    emitSchemaFile: false,
  });
  const sdl = FEDERATION_LINK + printSchemaWithDirectives(tgSchema);
  const map = createResolversMap(tgSchema) as Record<string, any>;
  for (const [type, fn] of Object.entries(o.references ?? {})) {
    map[type] = { ...(map[type] ?? {}), __resolveReference: fn };
  }
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: map });
  return { schema, sdl };
}

export interface SubgraphServerOptions extends SchemaOptions {
  name: string;
  port: number;
  host?: string;
  internalSecret: string;
  bodyLimit: string;
  shutdownGraceMs: number;
  log: Logger;
  ds: DataSource;
  bus: MessageBus;
  /** Bounds of the shared argument checks (defaults in input-rules.ts); from the service's config. */
  inputLimits?: Partial<InputLimits>;
  /** The gateway's identity tokens kept verified until they expire (VERIFIED_TOKEN_CACHE_SIZE; default 1,000). */
  verifiedTokenCacheSize?: number;
  /** Application services put on every request's context. */
  services: unknown;
  /** This replica's name (REPLICA_ID), shown on /healthz. */
  replica?: string;
  /** Stops the service's own workers (relays, consumers, schedulers) before the pool closes. */
  beforeClose?: () => Promise<void>;
  /** Plain HTTP routes of the service beside /graphql (each checks the gateway's identity itself). */
  httpRoutes?: (app: express.Express) => void;
}

export interface RunningSubgraph {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`${what} did not answer within ${ms} ms`)), ms)))]);
  } finally {
    if (t) clearTimeout(t);
  }
}

/** Readiness: the database and Kafka both answer. */
async function checkReadiness(ds: DataSource, bus: MessageBus): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  const [db, kafka] = await Promise.allSettled([
    withTimeout(ds.isInitialized ? ds.query('SELECT 1') : Promise.reject(new Error('not connected')), 2000, 'postgresql'),
    bus.ping(2000),
  ]);
  checks.postgresql = db.status === 'fulfilled' ? 'ok' : String(db.reason?.message ?? db.reason);
  checks.kafka = kafka.status === 'fulfilled' ? 'ok' : String(kafka.reason?.message ?? kafka.reason);
  return { ok: db.status === 'fulfilled' && kafka.status === 'fulfilled', checks };
}

export async function startSubgraph(o: SubgraphServerOptions): Promise<RunningSubgraph> {
  const { schema } = await buildFederatedSchema(o);
  new InputValidator(o.inputLimits, o.inputRules).guard(schema);
  const identities = new VerifiedTokenCache((t) => verifiedInternalIdentity(t, o.internalSecret), o.verifiedTokenCacheSize ?? 1000);
  const app = express();
  app.disable('x-powered-by');
  // Answers are no-store: an ETag (a hash of every body, e.g. 50 kB of ids) is never used.
  app.set('etag', false);
  const server = http.createServer(app);
  /** GraphQL requests this replica has served (on /healthz: operators see how the gateway spreads them). */
  let served = 0;
  const apollo = new ApolloServer<ServiceContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    // Compact JSON: Apollo's default indents every answer (more to write here and for the gateway to parse).
    stringifyResult: (result) => JSON.stringify(result),
    formatError: (formatted, error) =>
      maskError(formatted, error, (err) => o.log.error({ err, path: formatted.path }, 'resolver failed')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: o.shutdownGraceMs }),
      // No schema carries cache hints, so every answer is uncacheable: say so directly instead of the
      // cache-control plugin's hook on every resolved field (same `cache-control: no-store` header).
      ApolloServerPluginCacheControlDisabled(),
      // Our gateway never asks for federated traces (ftv1); Apollo installs the inline-trace hook on every subgraph otherwise.
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart({ contextValue }) {
          const t0 = process.hrtime.bigint();
          served++;
          return {
            async willSendResponse({ operationName, errors, response }) {
              response.http.headers.set('cache-control', 'no-store');
              const body = response.body;
              if (body.kind === 'single' && body.singleResult.data && !body.singleResult.errors && !body.singleResult.extensions) response.http.headers.set(DATA_ONLY_HEADER, '1');
              // One line per request at info, with the gateway's request id (operators follow a request through it).
              if (o.log.isLevelEnabled('info')) {
                o.log.info({ requestId: contextValue.requestId, op: operationName, ms: Number(process.hrtime.bigint() - t0) / 1e6, errors: errors?.length ?? 0, user: contextValue.identity.sub }, 'graphql');
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: o.name, replica: o.replica ?? null, requests: served, jobs: jobStatus() });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await checkReadiness(o.ds, o.bus);
    res.status(r.ok ? 200 : 503).json({ status: r.ok ? 'ready' : 'not ready', service: o.name, checks: r.checks });
  });
  o.httpRoutes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: o.bodyLimit }),
    (req, res, next) => {
      // Only the gateway may call a subgraph: it signs the verified caller with the internal secret.
      const requestId = String(req.headers[REQUEST_ID_HEADER] ?? randomUUID());
      try {
        const token = req.headers[IDENTITY_HEADER];
        if (typeof token !== 'string') throw new DomainError('UNAUTHENTICATED', 'requests must come through the gateway');
        res.locals.identity = identities.identity(token);
        res.locals.requestId = requestId;
        next();
      } catch (e) {
        o.log.warn({ requestId, err: (e as Error).message }, 'refused request without gateway identity');
        res.status(401).json({ errors: [{ message: (e as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
    },
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        const requestId: string = res.locals.requestId;
        let log: Logger | undefined;
        // The request's child logger is made on first use: most requests log nothing but their one line.
        return {
          identity: res.locals.identity, requestId, services: o.services,
          get log() {
            return (log ??= o.log.child({ requestId }));
          },
        };
      },
    }),
  );
  app.use((err: any, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err?.status ?? err?.statusCode ?? 500;
    if (status >= 500) o.log.error({ err }, 'http error');
    res.status(status).json({ errors: [{ message: status === 413 ? 'request body too large' : status < 500 ? String(err.message) : 'Internal server error', extensions: { code: status === 413 ? 'BAD_REQUEST' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const url = `http://${o.host ?? '127.0.0.1'}:${port}/graphql`;
  o.log.info({ url }, `${o.name} subgraph listening`);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      o.log.info('shutting down: draining requests');
      await apollo.stop(); // stops accepting, waits for in-flight requests (drain plugin)
      if (o.beforeClose) await o.beforeClose().catch((e) => o.log.error({ err: e }, 'worker shutdown failed'));
      await o.bus.close().catch((e) => o.log.error({ err: e }, 'kafka close failed'));
      if (o.ds.isInitialized) await o.ds.destroy().catch((e) => o.log.error({ err: e }, 'pool close failed'));
      o.log.info('stopped');
    })());
  return { url, server, close };
}

/** Runs `main`, logs a clean line on a config error, and wires SIGTERM/SIGINT to a graceful close. */
export function runService(name: string, main: () => Promise<{ close(): Promise<void> }>): void {
  main()
    .then((svc) => {
      const stop = (sig: string) => {
        process.stderr.write(`${name}: ${sig} received, stopping\n`);
        svc.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    })
    .catch((e) => {
      process.stderr.write(`${name}: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}

/**
 * Per-request memo (DataLoaders): `make` runs once per request context object, and what it made lives
 * exactly as long as that request — so batching and caching never cross requests or callers.
 */
export function perRequest<C extends object, T>(make: (ctx: C) => T): (ctx: C) => T {
  const made = new WeakMap<C, T>();
  return (ctx) => {
    let v = made.get(ctx);
    if (v === undefined) made.set(ctx, (v = make(ctx)));
    return v;
  };
}
