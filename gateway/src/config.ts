import { DEV_DEFAULTS, env, loadConfig, serviceEnvShape, z } from '@mainline/common';

const weights = z.string().transform((s, ctx) => {
  const out: Record<string, number> = {};
  for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_]\w*\.[A-Za-z_]\w*)=(\d+)$/.exec(part);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not Type.field=weight` });
      return z.NEVER;
    }
    out[m[1]] = Number(m[2]);
  }
  return out;
});

const urlList = env.csv.refine((a) => a.every((u) => z.string().url().safeParse(u).success), 'must be a comma-separated list of URLs');

export const gatewayEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GATEWAY_PORT: env.port(DEV_DEFAULTS.gatewayPort),
  GATEWAY_HOST: z.string().default('0.0.0.0'),
  JWT_SECRET: env.secret(DEV_DEFAULTS.jwtSecret),
  INTERNAL_JWT_SECRET: env.secret(DEV_DEFAULTS.internalSecret),
  TICKETS_URL: z.string().url().default(`http://127.0.0.1:${DEV_DEFAULTS.ports.tickets}/graphql`),
  NETWORK_URL: z.string().url().default(`http://127.0.0.1:${DEV_DEFAULTS.ports.network}/graphql`),
  NOTIFY_URL: z.string().url().default(`http://127.0.0.1:${DEV_DEFAULTS.ports.notify}/graphql`),
  /**
   * Replicas of a subgraph, comma-separated (`http://a:4101/graphql,http://b:4101/graphql`): requests go
   * round-robin and fail over on connection errors. When set, it replaces the single-URL setting above.
   */
  TICKETS_URLS: urlList.optional(),
  NETWORK_URLS: urlList.optional(),
  NOTIFY_URLS: urlList.optional(),
  /** A replica that refused a connection is passed over for this long (then tried again). */
  SUBGRAPH_DOWN_MS: z.coerce.number().int().min(0).default(2000),
  /** Network imports carry whole model files, so the body limit is generous but finite. */
  BODY_LIMIT: z.string().default('50mb'),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  MAX_QUERY_COST: z.coerce.number().int().min(10).default(20000),
  /** Characters of query text (variables not counted): longer is refused before Apollo reads it. */
  MAX_QUERY_LENGTH: z.coerce.number().int().min(1000).default(20_000),
  /** Tokens a query document may have: parsing stops there, before a flood of aliases costs any validation. */
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(3000),
  /** Own cost of a field, `Type.field=weight` comma-separated; unlisted fields weigh FIELD_COST_DEFAULT. */
  FIELD_COSTS: weights.default(
    'Query.isolationPlan=5000,Query.closureImpact=5000,Query.criticalSegments=2000,Mutation.importNetwork=2000,Mutation.createOutage=2000,' +
      'Outage.impact=200',
  ),
  FIELD_COST_DEFAULT: z.coerce.number().int().min(0).default(1),
  /** Root fields per operation, each alias counted. */
  MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(20),
  /** Root fields of one mutation operation (each is a write). */
  MAX_MUTATIONS: z.coerce.number().int().min(1).default(10),
  /** Aliased fields anywhere in one operation. */
  MAX_ALIASES: z.coerce.number().int().min(0).default(50),
  /** Nesting of the request's variables (the deepest real input, a GeoJSON polygon, is 5). */
  MAX_VARIABLES_DEPTH: z.coerce.number().int().min(2).default(16),
  /** Per-caller (token subject) requests per second, refilled continuously; 0 turns the limit off. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(50),
  /** Requests a caller may send at once before the rate applies. */
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(200),
  /** Callers' tokens kept verified until they expire (a session sends one token on every request); 0 verifies every time. */
  VERIFIED_TOKEN_CACHE_SIZE: z.coerce.number().int().min(0).default(10_000),
  /** A subgraph that has not answered by then fails the request (502-style error) instead of holding it. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(30000),
  /** The longest a kept-alive connection to a service stays unused (it is dropped sooner, 1 s before the service's own Keep-Alive timeout). */
  SUBGRAPH_IDLE_SOCKET_MS: z.coerce.number().int().min(100).default(60_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10000),
  /** The console (web/): dev tokens for its role picker (`npm start` turns them on; never in production). */
  CONSOLE_DEV_TOKENS: env.bool(false),
  CONSOLE_DIST: z.string().optional(),
  /** Optional raster background for the map, e.g. the utility's own tile server `https://…/{z}/{x}/{y}.png`. */
  CONSOLE_TILE_URL: z.string().url().optional(),
  CONSOLE_POLL_MS: z.coerce.number().int().min(1000).default(5000),
  /** Outages per page of the console's list (each carries its impact, weighed 200 by the cost limit: 50 stays under the default). */
  CONSOLE_OUTAGE_PAGE: z.coerce.number().int().min(1).max(200).default(50),
  /** The network service's TILE_MAX_ZOOM: the console's map asks for no deeper tile and enlarges that one beyond. */
  CONSOLE_NETWORK_TILE_MAX_ZOOM: z.coerce.number().int().min(0).max(24).default(18),
  TIME_ZONE: z.string().default('Asia/Shanghai'),
  /** The kinds this deployment runs (read as every service reads it): the console offers only these. */
  UTILITY_KINDS: serviceEnvShape.UTILITY_KINDS,
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(gatewayEnvShape, source);
}

/** Every subgraph's replica URLs: the `*_URLS` list when set, else the single `*_URL`. */
export function subgraphUrls(cfg: GatewayConfig): Record<'tickets' | 'network' | 'notify', string[]> {
  return {
    tickets: cfg.TICKETS_URLS ?? [cfg.TICKETS_URL],
    network: cfg.NETWORK_URLS ?? [cfg.NETWORK_URL],
    notify: cfg.NOTIFY_URLS ?? [cfg.NOTIFY_URL],
  };
}
