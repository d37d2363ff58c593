import os from 'node:os';
import { z, ZodRawShape, ZodObject } from 'zod';
import { UTILITY_KINDS, type UtilityKind } from './domain/utility';

export { z };

/** Defaults shared by every process of a local stack (`npm start`, tests): dev only, override in production. */
export const DEV_DEFAULTS = {
  jwtSecret: 'mainline-dev-secret-change-me',
  internalSecret: 'mainline-dev-internal-secret-change-me',
  gatewayPort: 4000,
  ports: { tickets: 4101, network: 4102, notify: 4103 },
  kafkaBrokers: '127.0.0.1:9092',
} as const;

class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super('invalid configuration:\n  ' + issues.join('\n  '));
    this.name = 'ConfigError';
  }
}

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .refine((a) => a.length > 0, 'must list at least one entry');

/** Building blocks for each process's env schema. */
export const env = {
  port: (def: number) => z.coerce.number().int().min(1).max(65535).default(def),
  csv,
  bool: (def: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(def ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  secret: (def: string) => z.string().min(16, 'must be at least 16 characters').default(def),
  timeZone: () =>
    z
      .string()
      .default('Asia/Shanghai')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'is not an IANA time zone'),
};

/** What every subgraph service reads. */
export const serviceEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  KAFKA_BROKERS: csv.default(DEV_DEFAULTS.kafkaBrokers),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/).default(''),
  INTERNAL_JWT_SECRET: env.secret(DEV_DEFAULTS.internalSecret),
  BODY_LIMIT: z.string().default('50mb'),
  TIME_ZONE: env.timeZone(),
  /** The utility kinds this deployment runs (docs/domain.md "One desk, several utilities"); the demo runs all three. */
  UTILITY_KINDS: csv
    .default('WATER,HEAT,GAS')
    .refine((a) => a.every((k) => (UTILITY_KINDS as readonly string[]).includes(k)), `must list kinds of ${UTILITY_KINDS.join(', ')}`)
    .transform((a) => [...new Set(a)] as UtilityKind[]),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(200),
  /** Where the outbox relay runs: `worker` (a thread of its own, own pool and producer) or `inline` (the service's event loop). */
  OUTBOX_RELAY_THREAD: z.enum(['worker', 'inline']).default('inline'),
  /** After the relay thread dies, start another this much later. */
  OUTBOX_RELAY_RESTART_MS: z.coerce.number().int().min(0).default(1000),
  /** Connections of the relay thread's own pool (a round holds one; a second serves the next while the first closes). */
  OUTBOX_RELAY_POOL_SIZE: z.coerce.number().int().min(1).max(20).default(2),
  /** This process among the service's replicas: recorded as the holder of the job ticks it runs, shown on /healthz. */
  REPLICA_ID: z.string().regex(/^[\w.:@-]{1,100}$/, 'letters, digits and . : @ - only (at most 100)').default(`${os.hostname()}-${process.pid}`),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10000),
  /** The gateway's identity tokens kept verified until they expire (one per caller and minute); 0 verifies every time. */
  VERIFIED_TOKEN_CACHE_SIZE: z.coerce.number().int().min(0).default(1000),
  /** Bounds every root field's arguments are checked against before any I/O (input-rules.ts). */
  INPUT_MAX_STRING_LENGTH: z.coerce.number().int().min(1).default(10_000),
  INPUT_MAX_ID_LENGTH: z.coerce.number().int().min(36).default(200),
  INPUT_MAX_LIST_LENGTH: z.coerce.number().int().min(1).default(10_000),
  INPUT_MAX_PAGE_SIZE: z.coerce.number().int().min(1).default(5_000),
};

/** The shared argument bounds from a service's config. */
export function inputLimitsFrom(cfg: { INPUT_MAX_STRING_LENGTH: number; INPUT_MAX_ID_LENGTH: number; INPUT_MAX_LIST_LENGTH: number; INPUT_MAX_PAGE_SIZE: number }) {
  return { maxStringLength: cfg.INPUT_MAX_STRING_LENGTH, maxIdLength: cfg.INPUT_MAX_ID_LENGTH, maxListLength: cfg.INPUT_MAX_LIST_LENGTH, maxPageSize: cfg.INPUT_MAX_PAGE_SIZE };
}

/** How a service's outbox relay runs (createOutboxRelay), from its config; `clientId` names the thread's producer. */
export function relayThreadFrom(cfg: {
  DATABASE_URL: string; KAFKA_BROKERS: string[]; OUTBOX_RELAY_THREAD: 'worker' | 'inline'; OUTBOX_RELAY_RESTART_MS: number; OUTBOX_RELAY_POOL_SIZE: number; SHUTDOWN_GRACE_MS: number;
}, clientId: string) {
  return {
    mode: cfg.OUTBOX_RELAY_THREAD,
    thread: { databaseUrl: cfg.DATABASE_URL, poolSize: cfg.OUTBOX_RELAY_POOL_SIZE, brokers: cfg.KAFKA_BROKERS, clientId, restartMs: cfg.OUTBOX_RELAY_RESTART_MS, stopTimeoutMs: cfg.SHUTDOWN_GRACE_MS },
  };
}

/**
 * Reads the environment once, at boot, and fails naming every bad variable (docs/conventions.md §5).
 */
export function loadConfig<S extends ZodRawShape>(shape: S, source: NodeJS.ProcessEnv = process.env): z.infer<ZodObject<S>> {
  const raw: Record<string, string | undefined> = {};
  for (const k of Object.keys(shape)) {
    const v = source[k];
    raw[k] = v === '' ? undefined : v;
  }
  const parsed = z.object(shape).safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}` + (raw[String(i.path[0])] !== undefined ? ` (got "${raw[String(i.path[0])]}")` : '')));
  }
  return parsed.data as z.infer<ZodObject<S>>;
}
