import { DEV_DEFAULTS, env, loadConfig, z } from '@mainline/common';

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
  /** Network imports carry whole model files, so the body limit is generous but finite. */
  BODY_LIMIT: z.string().default('50mb'),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  MAX_QUERY_COST: z.coerce.number().int().min(10).default(20000),
  /** A subgraph that has not answered by then fails the request (502-style error) instead of holding it. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(30000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10000),
  /** The console (web/): dev tokens for its role picker (`npm start` turns them on; never in production). */
  CONSOLE_DEV_TOKENS: env.bool(false),
  CONSOLE_DIST: z.string().optional(),
  /** Optional raster background for the map, e.g. the utility's own tile server `https://…/{z}/{x}/{y}.png`. */
  CONSOLE_TILE_URL: z.string().url().optional(),
  CONSOLE_POLL_MS: z.coerce.number().int().min(1000).default(5000),
  TIME_ZONE: z.string().default('Asia/Shanghai'),
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(gatewayEnvShape, source);
}
