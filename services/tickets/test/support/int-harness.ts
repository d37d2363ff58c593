// Shared by the tickets integration tests: a fresh database with the migrations, the services wired as
// in app.ts but on a ManualClock, and helpers to read the outbox. Not a test file itself.
import { connectAndMigrate, createDataSource, createKafkaBus, createLogger, Identity, ManualClock, maskError, MessageBus, OutboxRelay } from '@mainline/common';
import { ensureDatabases } from '@mainline/infra';
import { testBrokers, testDbUrl, testPg, testTopicPrefix } from '@mainline/test-support';
import { buildTickets, entities, migrations } from '../../src/app';
import { TicketsConfig, ticketsSettings } from '../../src/config';
import { refusal, sqlCounter } from '@mainline/test-support';
import { graphql, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { TicketsServices } from '../../src/services';
import type { ServicePointDirectory } from '../../src/services/service-point-directory';

export { refusal, sqlCounter };

export const log = createLogger('test', 'silent');

export const who = {
  agent: { sub: 'agent-1', name: '话务员', roles: ['agent'], department: 'CALL_CENTER' } as Identity,
  supervisor: { sub: 'sup-1', name: '质量监督', roles: ['supervisor'], department: 'SUPERVISION' } as Identity,
  network: { sub: 'net-crew', name: '抢修班', roles: ['department'], department: 'NETWORK' } as Identity,
  networkHead: { sub: 'net-head', name: '管网所长', roles: ['department'], department: 'NETWORK' } as Identity,
  quality: { sub: 'lab-1', name: '水质化验', roles: ['department'], department: 'QUALITY' } as Identity,
  business: { sub: 'biz-1', name: '营业所', roles: ['department'], department: 'BUSINESS' } as Identity,
  discipline: { sub: 'disc-1', name: '纪检', roles: ['department'], department: 'DISCIPLINE' } as Identity,
  noticeSystem: { sub: 'notice-system', name: 'SMS', roles: ['notice-system'], department: null } as Identity,
};


export async function startHarness(db: string, start: string, o: { kafka?: boolean; config?: Partial<TicketsConfig>; servicePoints?: ServicePointDirectory } = {}) {
  await ensureDatabases(testPg(), [db], { recreate: true });
  const ds = createDataSource({ url: testDbUrl(db), entities, migrations, log, poolSize: 8 });
  await connectAndMigrate(ds, log);
  const clock = new ManualClock(new Date(start));
  const cfg = ticketsSettings({ KAFKA_TOPIC_PREFIX: testTopicPrefix(), SETTINGS_CACHE_MS: 0, ...(o.config ?? {}) });
  let bus: MessageBus | null = null;
  let relay: OutboxRelay | null = null;
  if (o.kafka) {
    bus = createKafkaBus({ brokers: testBrokers(), clientId: `tickets-int-${db}`, log });
    relay = new OutboxRelay(ds, bus, log, { pollMs: 100 });
    relay.start();
  }
  const built = buildTickets(ds, cfg, clock, log, relay ?? undefined, { servicePoints: o.servicePoints });
  return {
    ds, clock, cfg, bus, relay, ...built,
    /** Events written to the outbox for an order, oldest first. */
    async events(orderId?: string): Promise<any[]> {
      const rows: Array<{ value: string }> = await ds.query(`SELECT value FROM outbox WHERE ($1::text IS NULL OR key = $1) ORDER BY id`, [orderId ?? null]);
      return rows.map((r) => JSON.parse(r.value));
    },
    async stop() {
      await relay?.stop();
      await bus?.close();
      await ds.destroy();
    },
  };
}

/** Runs a GraphQL operation on the tickets schema as the subgraph would for `identity` (one request: one context). */
export async function graphqlAs(schema: GraphQLSchema, services: TicketsServices, identity: Identity, source: string, variableValues: Record<string, unknown> = {}) {
  const r = await graphql({ schema, source, variableValues, contextValue: { identity, requestId: `int-${Math.random().toString(36).slice(2)}`, log, services } });
  // The subgraph's own error mapping: typed codes as clients see them, the rest masked.
  const errors = r.errors?.map((e) => maskError(e.toJSON(), e, (err) => log.error({ err }, 'resolver failed')));
  return { data: r.data as any, errors } as { data?: any; errors?: GraphQLFormattedError[] };
}
