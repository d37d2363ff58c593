// Runs the whole stack (three subgraphs + gateway as child processes) against the real PostgreSQL
// and Kafka prepared by the global setup, on ports and databases of its own.
import path from 'node:path';
import { DEV_DEFAULTS, DepartmentCode, Role, signUserToken } from '@mainline/common';
import { ROOT, Stack, startStack } from '@mainline/infra';
import { testBrokers, testPg, testTopicPrefix } from './env';
import { freePortBlock } from './ports';

export interface E2EStack {
  stack: Stack;
  gatewayUrl: string;
  /** Topics (and consumer groups) of this stack only: `<run prefix><name>.` */
  topicPrefix: string;
  /** Where the four processes write their logs (`<name>.log`). */
  logDir: string;
  token(role: Role | Role[], department?: DepartmentCode, sub?: string): string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } }>;
  /** gql that throws on any GraphQL error and returns `data`. */
  ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T>;
  stop(): Promise<void>;
}

/** `name` keeps each test file's databases apart (mainline_e2e_<name>_<service>). */
export async function startE2EStack(name: string, o: { extraEnv?: Record<string, string> } = {}): Promise<E2EStack> {
  if (!process.env.TEST_PG_ADMIN_URL || !process.env.TEST_DB_URL_TEMPLATE) throw new Error('run e2e tests through jest (global setup prepares PostgreSQL and Kafka)');
  const base = await freePortBlock(4);
  const pg = testPg();
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
    servicePorts: { tickets: base + 1, network: base + 2, notify: base + 3 },
    logDir,
    extraEnv: { LOG_LEVEL: 'warn', ...(o.extraEnv ?? {}) },
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
  return {
    stack,
    gatewayUrl: stack.gatewayUrl,
    topicPrefix,
    logDir,
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
