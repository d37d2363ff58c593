// Dashboards read in batches (issue 12, target 4): a page of work orders with every list field costs
// one SQL statement per field for the whole page, whatever its size — counted on the real PostgreSQL.
import { buildFederatedSchema } from '@mainline/common';
import type { GraphQLSchema } from 'graphql';
import { Category, Channel } from '../src/domain';
import { schemaOptions } from '../src/schema';
import { graphqlAs, sqlCounter, startHarness, who } from './support/int-harness';

const MIN = 60_000;
const T0 = '2026-03-02T09:00:00+08:00';
const PAGE = `query($n: Int!) { workOrders(first: $n) { items {
  id number
  slaClocks { target dueAt level } history { action toStatus } extensions { reason approved } callbacks { satisfied method }
  attachments { url } knownOutage { id } duplicateCandidates { workOrderId } escalationsOf { id } compensation { id }
  reporter { name phone }
} } }`;

describe('dashboards read in batches (real PostgreSQL, tickets schema)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  let counter: ReturnType<typeof sqlCounter>;
  const page = (n: number) => counter.count(() => graphqlAs(schema, h.services, who.supervisor, PAGE, { n }));

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_batched_reads', T0);
    counter = sqlCounter(h.ds);
    schema = (await buildFederatedSchema(schemaOptions)).schema;
    const wo = h.services.workOrders;
    // 60 orders, every kind among the newest five: NEW ones near each other (duplicate candidates),
    // accepted ones, some with an extension request, some resolved and called back; all with an attachment.
    for (let i = 0; i < 60; i++) {
      h.clock.set(new Date(Date.parse(T0) + i * MIN));
      const o = await wo.create(who.agent, {
        category: Category.LEAK, channel: Channel.PHONE, description: `漏水 leak ${i}`, address: `人民路${i}号`,
        location: { lon: 116.4 + (i % 3) * 0.0001, lat: 39.9 }, reporter: { name: `来电人${i}`, phone: `139000000${String(i).padStart(2, '0')}` },
      });
      await wo.addAttachment(who.agent, o.id, { url: `https://files.example/wo/${i}.jpg`, name: `${i}.jpg` });
      if (i % 2 === 1) continue;
      await wo.dispatch(who.agent, o.id);
      await wo.accept(who.network, o.id);
      if (i % 4 === 2) await wo.requestExtension(who.network, o.id, new Date(Date.parse(T0) + 3 * 24 * 60 * MIN), `需停水配合 ${i}`);
      else {
        await wo.resolve(who.network, o.id, '已修复 repaired');
        await wo.recordCallback(who.agent, o.id, { satisfied: true, method: 'PHONE' });
      }
    }
    // Two known outages (as the outage.events projection stores them) linked to orders on both pages.
    for (const [id, n] of [['out-a', 'TS-A'], ['out-b', 'TS-B']]) {
      await h.ds.query(
        `INSERT INTO outage_projection (id, number, kind, status, last_event, starts_at, ends_at, area_names, occurred_at)
         VALUES ($1, $2, 'EMERGENCY', 'IN_PROGRESS', 'outage.started', $3, $4, '{友谊路}', $3)`,
        [id, n, new Date(T0), new Date(Date.parse(T0) + 6 * 60 * MIN)],
      );
    }
    await h.ds.query(`UPDATE work_order SET outage_id = CASE WHEN description ~ ' (57|11)$' THEN 'out-a' ELSE 'out-b' END WHERE description ~ ' (57|59|11|13)$'`);
  });
  afterAll(async () => h?.stop());

  it('a page of 50 orders with every list field costs the same statements as a page of 5: one per field', async () => {
    const small = await page(5);
    const big = await page(50);
    expect(small.result.errors).toBeUndefined();
    expect(big.result.errors).toBeUndefined();
    expect(big.result.data.workOrders.items).toHaveLength(50);
    expect(big.statements.length).toBe(small.statements.length);
    // The page itself, then one statement per batched field.
    const per = (table: RegExp) => big.statements.filter((s) => table.test(s)).length;
    expect(per(/FROM outage_projection/)).toBe(1);
    expect(per(/FROM work_order_history/)).toBe(1);
    expect(per(/FROM sla_clock/)).toBe(1);
    expect(per(/FROM work_order_extension/)).toBe(1);
    expect(per(/FROM callback_record/)).toBe(1);
    expect(per(/FROM work_order_attachment/)).toBe(1);
    expect(per(/FROM escalation/)).toBe(1);
    expect(per(/FROM compensation_record/)).toBe(1);
    expect(per(/jsonb_to_recordset/)).toBe(1); // duplicate candidates of the NEW orders
    expect(per(/INSERT INTO personal_data_read/)).toBe(1); // the phones read, logged together
    expect(big.statements.length).toBeLessThanOrEqual(12);
  });

  it('each order gets its own rows, the same as reading the order alone', async () => {
    const { result } = await page(50);
    const items = result.data.workOrders.items as any[];
    const wo = h.services.workOrders;
    for (const x of items) {
      expect(x.history.map((e: any) => e.action)).toEqual((await wo.history(x.id)).map((e) => e.action));
      expect(x.extensions.map((e: any) => e.reason)).toEqual((await wo.extensions(x.id)).map((e) => e.reason));
      expect(x.callbacks).toHaveLength((await wo.callbacks(x.id)).length);
      expect(x.slaClocks.map((c: any) => c.target)).toEqual((await wo.clocksOf(x.id)).map((c) => c.kind));
      expect(x.attachments.map((a: any) => a.url)).toEqual((await wo.attachments(x.id)).map((a) => a.url));
      const one = await wo.get(who.supervisor, x.id);
      expect(x.duplicateCandidates.map((d: any) => d.workOrderId)).toEqual((await wo.duplicateCandidates(one)).map((d) => d.orderId));
    }
    const known = (leak: number) => items.find((x) => x.id === byLeak.get(leak))?.knownOutage?.id;
    const byLeak = new Map<number, string>();
    for (const x of items) byLeak.set(Number(/ (\d+)$/.exec((await wo.get(who.supervisor, x.id)).description)![1]), x.id);
    expect([known(57), known(59), known(11), known(13), known(58)]).toEqual(['out-a', 'out-b', 'out-a', 'out-b', undefined]);
    // The page holds every kind the fields show.
    expect(items.some((x) => x.extensions.length > 0)).toBe(true);
    expect(items.some((x) => x.callbacks.length > 0)).toBe(true);
    expect(items.some((x) => x.duplicateCandidates.length > 0)).toBe(true);
    expect(items.every((x) => x.reporter.phone !== null)).toBe(true);
  });
});
