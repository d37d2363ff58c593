// Dashboards read in batches (issue 12, target 4): a page of work orders asks for `outage { notices }`, which the
// gateway sends to notify as one `_entities` call; the notices (and their receipts) of all those outages cost
// one SQL statement each for the request, whatever their number — counted on the real PostgreSQL.
import { buildFederatedSchema, connectAndMigrate, createDataSource, createLogger, Identity, ManualClock } from '@mainline/common';
import { ensureDatabases } from '@mainline/infra';
import { sqlCounter, testDbUrl, testPg } from '@mainline/test-support';
import { graphql, type GraphQLSchema } from 'graphql';
import { migrations } from '../src/app';
import { domainConfig, loadNotifyServiceConfig } from '../src/config';
import { NoticeRepository } from '../src/repositories/notice.repository';
import { NoticeService } from '../src/services/notice.service';
import { schemaOptions } from '../src/schema';

const DB = 'mainline_test_notify_batched_reads';
const log = createLogger('test', 'silent');
const supervisor: Identity = { sub: 'sup-1', name: '值班主管', roles: ['supervisor'], department: 'SUPERVISION' };
const OUTAGES = 30;

const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Outage { id notices { id outageId kind channel status recipientCount recipients { phone } receipts { recipient status } } }
} }`;

describe('notify subgraph reads in batches (real PostgreSQL)', () => {
  const ds = createDataSource({ url: testDbUrl(DB), entities: [], migrations, log });
  let schema: GraphQLSchema;
  let repo: NoticeRepository;
  let services: { notices: NoticeService };
  let counter: ReturnType<typeof sqlCounter>;
  const outageId = (i: number) => `out-${String(i).padStart(2, '0')}`;
  const run = (n: number) =>
    counter.count(() =>
      graphql({
        schema, source: QUERY, contextValue: { identity: supervisor, requestId: 'int', log, services },
        variableValues: { r: Array.from({ length: n }, (_, i) => ({ __typename: 'Outage', id: outageId(i) })) },
      }),
    );

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    await connectAndMigrate(ds, log);
    const cfg = loadNotifyServiceConfig({ DATABASE_URL: testDbUrl(DB), KAFKA_BROKERS: '127.0.0.1:9092' });
    repo = new NoticeRepository(ds);
    services = { notices: new NoticeService(repo, domainConfig(cfg), new ManualClock(new Date('2026-05-01T00:00:00Z')), cfg.UTILITY_KINDS) };
    schema = (await buildFederatedSchema(schemaOptions)).schema;
    counter = sqlCounter(ds);
    // Each outage: a public notice and an SMS to (i % 3 + 1) households, the SMS with a receipt per phone; outage 7 has none.
    for (let i = 0; i < OUTAGES; i++) {
      if (i === 7) continue;
      const phones = Array.from({ length: (i % 3) + 1 }, (_, k) => `1390000${String(i).padStart(2, '0')}${k}0`);
      for (const [n, channel, recipients] of [[0, 'WECHAT', []], [1, 'SMS', phones]] as const) {
        const id = `${outageId(i)}:${n}`;
        await ds.query(
          `INSERT INTO notice (id, outage_id, event_id, kind, audience, channel, locale, title, text, status, recipients, recipient_count, send_at, url, message_key, message_headers, message_value)
           VALUES ($1, $2, 'ev', 'OUTAGE', $3, $4, 'zh-CN', '停水通知', '因管道抢修停水', 'PUBLISHED', $5, $6, $7, 'https://n.example/x', $2, '{}', '{}')`,
          [id, outageId(i), channel === 'SMS' ? 'AFFECTED' : 'PUBLIC', channel, JSON.stringify(recipients.map((phone, k) => ({ id: `r${k}`, phone }))), recipients.length, new Date(Date.UTC(2026, 4, 1, n))],
        );
        for (const phone of recipients) {
          await ds.query(`INSERT INTO notice_receipt (notice_id, recipient, status, at) VALUES ($1, $2, $3, now())`, [id, phone, phone.endsWith('10') ? 'FAILED' : 'DELIVERED']);
        }
      }
    }
  });
  afterAll(async () => ds.destroy());

  it('the notices, recipients and receipts of 30 outages cost the statements of 2: one each', async () => {
    const small = await run(2);
    const big = await run(OUTAGES);
    expect(small.result.errors).toBeUndefined();
    expect(big.result.errors).toBeUndefined();
    expect(big.result.data!._entities).toHaveLength(OUTAGES);
    expect(big.statements.length).toBe(small.statements.length);
    expect(big.statements.filter((s) => /FROM notice WHERE outage_id/.test(s))).toHaveLength(1);
    expect(big.statements.filter((s) => /SELECT id, recipients FROM notice/.test(s))).toHaveLength(1); // asked for: read apart, once
    expect(big.statements.filter((s) => /FROM notice_receipt/.test(s))).toHaveLength(1);
  });

  it('each outage gets its own notices and each notice its own receipts, as read alone', async () => {
    const { result } = await run(OUTAGES);
    const got = result.data!._entities as any[];
    expect(got.map((o) => o.id)).toEqual(Array.from({ length: OUTAGES }, (_, i) => outageId(i)));
    for (const o of got) {
      const alone = await repo.forOutage(o.id);
      expect(o.notices.map((n: any) => n.id)).toEqual(alone.map((n) => n.id));
      for (const n of o.notices) {
        expect(n.outageId).toBe(o.id);
        expect(n.receipts.map((r: any) => r.recipient).sort()).toEqual(n.recipients.map((r: any) => r.phone).sort());
        expect(n.receipts.map((r: any) => r.recipient)).toEqual((await repo.receipts(ds, [n.id])).map((r) => r.recipient));
      }
    }
    expect(got[7].notices).toEqual([]);
    expect(got[5].notices[1].receipts).toHaveLength(3);
  });
});
