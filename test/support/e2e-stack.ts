// Runs the whole stack (three subgraphs + gateway as child processes) against the real PostgreSQL
// and Kafka prepared by the global setup, on ports and databases of its own.
import path from 'node:path';
import { DEV_DEFAULTS, DepartmentCode, Role, signUserToken } from '@mainline/common';
import { PgHandle, ROOT, SERVICES, ServiceName, Stack, StackOptions, startStack } from '@mainline/infra';
import { testBrokers, testPg, testTopicPrefix } from './env';
import { freePortBlock } from './ports';

export interface E2EStack {
  stack: Stack;
  gatewayUrl: string;
  /** Topics (and consumer groups) of this stack only: `<run prefix><name>.` */
  topicPrefix: string;
  /** Where the processes write their logs (`<name>.log`). */
  logDir: string;
  /** Each service's replicas: base URL (`http://127.0.0.1:PORT`) and process name (`tickets`, `tickets-2`, …). */
  replicas: Record<ServiceName, Array<{ name: string; baseUrl: string }>>;
  /** A replica's /healthz: requests served, job status (packages/common/src/subgraph.ts). */
  health(baseUrl: string): Promise<ReplicaHealth>;
  token(role: Role | Role[], department?: DepartmentCode, sub?: string): string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } }>;
  /** gql that throws on any GraphQL error and returns `data`. */
  ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T>;
  stop(): Promise<void>;
}

export interface ReplicaHealth {
  status: string;
  service: string;
  replica: string | null;
  requests: number;
  jobs: Array<{ name: string; intervalMs: number; attempts: number; passes: number; failures: number; recentTicks: number[] }>;
}

export interface E2EStackOptions {
  extraEnv?: Record<string, string>;
  /** Processes per service (default 1): two or more share the databases and topics behind one gateway. */
  replicas?: number;
  /** Another PostgreSQL server than the global setup's (a private cluster a fault test may stop). */
  pg?: PgHandle;
  /** Runs before any service starts, with the environment each will get (the demo's month is written then). */
  beforeServices?: StackOptions['beforeServices'];
}

/** `name` keeps each test file's databases apart (mainline_e2e_<name>_<service>). */
export async function startE2EStack(name: string, o: E2EStackOptions = {}): Promise<E2EStack> {
  if (!process.env.TEST_PG_ADMIN_URL || !process.env.TEST_DB_URL_TEMPLATE) throw new Error('run e2e tests through jest (global setup prepares PostgreSQL and Kafka)');
  const n = o.replicas ?? 1;
  // The gateway, then each service's replicas side by side.
  const base = await freePortBlock(1 + SERVICES.length * n);
  const servicePorts = Object.fromEntries(SERVICES.map((s, i) => [s, Array.from({ length: n }, (_, r) => base + 1 + r * SERVICES.length + i)])) as Record<ServiceName, number[]>;
  const pg = o.pg ?? testPg();
  const kafka = { brokers: testBrokers(), started: false, stop: async () => undefined };
  const dbPrefix = `mainline_e2e_${name}_`;
  // Each stack gets its own topics and consumer groups: no offsets or members left over from another file.
  const topicPrefix = `${testTopicPrefix()}${name}.`;
  const logDir = path.join(ROOT, '.data', 'test-logs', name);
  const stack = await startStack({
    infra: { pg, kafka, stop: async () => undefined },
    dbPrefix,
    recreateDatabases: true,
    topicPrefix,
    gatewayPort: base,
    servicePorts: n === 1 ? { tickets: servicePorts.tickets[0], network: servicePorts.network[0], notify: servicePorts.notify[0] } : servicePorts,
    logDir,
    extraEnv: { LOG_LEVEL: 'warn', ...(o.extraEnv ?? {}) },
    beforeServices: o.beforeServices,
    log: () => undefined,
  });
  const token: E2EStack['token'] = (role, department, sub) => {
    const roles = Array.isArray(role) ? role : [role];
    return signUserToken({ sub: sub ?? `e2e-${roles.join('+')}`, name: sub ?? 'e2e', roles, department: department ?? null }, DEV_DEFAULTS.jwtSecret);
  };
  const gql: E2EStack['gql'] = async (query, variables = {}, tok) => {
    const r = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(tok ? { authorization: `Bearer ${tok}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  const replicas = Object.fromEntries(SERVICES.map((s) => [s, servicePorts[s].map((port, i) => ({ name: i === 0 ? s : `${s}-${i + 1}`, baseUrl: `http://127.0.0.1:${port}` }))])) as E2EStack['replicas'];
  return {
    stack,
    gatewayUrl: stack.gatewayUrl,
    topicPrefix,
    logDir,
    replicas,
    async health(baseUrl) {
      const r = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
      return (await r.json()) as ReplicaHealth;
    },
    token,
    gql,
    async ok(query, variables, tok) {
      const r = await gql(query, variables, tok);
      if (r.body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(r.body.errors)}`);
      return r.body.data;
    },
    stop: () => stack.stop(),
  };
}
