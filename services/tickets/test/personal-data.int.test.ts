// Personal data, need to know (issue 13), on the real PostgreSQL through the tickets schema as the
// subgraph runs it: who reads callers' names and phones, the audit of phone reads, and that history
// and event texts carry no personal data.
import { buildFederatedSchema, Identity } from '@mainline/common';
import type { GraphQLSchema } from 'graphql';
import { Category, Channel, WorkOrderStatus as S } from '../src/domain';
import { schemaOptions } from '../src/schema';
import { graphqlAs, sqlCounter, startHarness, who } from './support/int-harness';

const T0 = '2026-03-02T09:00:00+08:00';
const NAME = '欧阳明远';
const PHONE = '13912345678';
const admin = { sub: 'admin-1', name: '管理员', roles: ['admin'], department: null } as Identity;
const READ = `query($id: ID!) { workOrder(id: $id) { id status reporter { name phone } } }`;

describe('personal data, need to know (real PostgreSQL, tickets schema)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  let counter: ReturnType<typeof sqlCounter>;
  const gql = (id: Identity, q: string, v: Record<string, unknown> = {}) => graphqlAs(schema, h.services, id, q, v);
  const report = (category = Category.BURST, phone = PHONE) =>
    h.services.workOrders.create(who.agent, { category, channel: Channel.PHONE, description: '路面冒水 water on the road', address: '人民路1号', location: { lon: 116.4, lat: 39.9 }, reporter: { name: NAME, phone } });
  const reporterAs = async (id: Identity, orderId: string) => {
    const r = await gql(id, READ, { id: orderId });
    expect(r.errors).toBeUndefined();
    return r.data.workOrder.reporter;
  };

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_personal_data', T0);
    counter = sqlCounter(h.ds);
    schema = (await buildFederatedSchema(schemaOptions)).schema;
  });
  afterAll(async () => h?.stop());

  it('callers’ names and phones go to agents, supervisors and admins on any order, open or closed', async () => {
    const o = await report();
    for (const id of [who.agent, who.supervisor, admin]) expect(await reporterAs(id, o.id)).toEqual({ name: NAME, phone: PHONE });
    await h.services.workOrders.cancel(who.agent, o.id, '重复来电 duplicate call');
    for (const id of [who.agent, who.supervisor, admin]) expect(await reporterAs(id, o.id)).toEqual({ name: NAME, phone: PHONE });
  });

  it('the notice system, which sends the caller SMS, reads them in the answers it gets', async () => {
    const o = await report();
    await h.services.workOrders.dispatch(who.agent, o.id);
    await h.services.workOrders.accept(who.network, o.id);
    await h.services.workOrders.resolve(who.network, o.id, '已修复 repaired');
    const r = await gql(who.noticeSystem, `mutation($i: SurveyReplyInput!) { submitSurveyReply(input: $i) { reporter { name phone } } }`, {
      i: { replyId: `r-${o.id}`, workOrderId: o.id, satisfied: true },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.submitSurveyReply.reporter).toEqual({ name: NAME, phone: PHONE });
  });

  it('the owning department reads them while the order is open, and gets null (not an error) once it is closed', async () => {
    const o = await report();
    expect(o.department).toBe('NETWORK');
    expect(await reporterAs(who.network, o.id)).toEqual({ name: NAME, phone: PHONE });
    await h.services.workOrders.dispatch(who.agent, o.id);
    await h.services.workOrders.accept(who.network, o.id);
    expect(await reporterAs(who.network, o.id)).toEqual({ name: NAME, phone: PHONE });
    await h.services.workOrders.resolve(who.network, o.id, '已修复 repaired');
    await h.services.workOrders.recordCallback(who.agent, o.id, { satisfied: true, method: 'PHONE' });
    const closed = await h.services.workOrders.close(who.agent, o.id);
    expect(closed.status).toBe(S.CLOSED);
    const r = await gql(who.network, READ, { id: o.id });
    expect(r.errors).toBeUndefined();
    expect(r.data.workOrder).toMatchObject({ status: 'CLOSED', reporter: { name: null, phone: null } });
  });

  it('another department is refused the order itself (and its _entities), so it never reads that caller; the new owner does', async () => {
    const o = await report(Category.WATER_QUALITY);
    expect(o.department).toBe('QUALITY');
    // Re-dispatched to NETWORK: QUALITY no longer owns it and is refused the order itself.
    expect((await h.services.workOrders.dispatch(who.agent, o.id, 'NETWORK' as any)).department).toBe('NETWORK');
    const refused = await gql(who.quality, READ, { id: o.id });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A token holding the department role of QUALITY plus no contact role reads none of NETWORK's callers through _entities either.
    const ent = await gql(who.quality, `query($r: [_Any!]!) { _entities(representations: $r) { ... on WorkOrder { reporter { name phone } } } }`, { r: [{ __typename: 'WorkOrder', id: o.id }] });
    expect(ent.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(ent.data ?? null)).not.toContain(NAME);
    // The new owner reads them.
    expect(await reporterAs(who.network, o.id)).toEqual({ name: NAME, phone: PHONE });
  });

  it('every read of a phone is written to the audit log (who, when, which order), in one statement per request', async () => {
    const orders = [await report(Category.LEAK, '13900000001'), await report(Category.LEAK, '13900000002'), await report(Category.LEAK, '13900000003')];
    const ids = orders.map((o) => o.id);
    h.clock.set('2026-03-02T10:15:00+08:00');
    const { result, statements } = await counter.count(() =>
      gql(who.agent, `{ workOrders(first: 200, filter: { category: [LEAK] }) { items { id reporter { phone } } } }`));
    expect(result.errors).toBeUndefined();
    const phones = result.data.workOrders.items.filter((x: any) => ids.includes(x.id)).map((x: any) => x.reporter.phone);
    expect(phones.sort()).toEqual(['13900000001', '13900000002', '13900000003']);
    expect(statements.filter((s) => /INSERT INTO personal_data_read/.test(s))).toHaveLength(1);
    const rows = await h.ds.query(`SELECT order_id::text AS "orderId", reader_id AS "readerId", reader_roles AS "readerRoles", at FROM personal_data_read WHERE order_id = ANY($1::uuid[])`, [ids]);
    expect(rows.map((r: any) => r.orderId).sort()).toEqual([...ids].sort());
    for (const r of rows) expect(r).toMatchObject({ readerId: who.agent.sub, readerRoles: ['agent'], at: new Date('2026-03-02T10:15:00+08:00') });
    // Reading names only, or a phone the caller may not see, logs nothing.
    const before = Number((await h.ds.query(`SELECT count(*) FROM personal_data_read`))[0].count);
    expect((await gql(who.agent, `{ workOrders(first: 10) { items { reporter { name } } } }`)).errors).toBeUndefined();
    await h.services.workOrders.cancel(who.agent, ids[0], '测试 test');
    expect((await reporterAs(who.network, ids[0])).phone).toBeNull();
    expect(Number((await h.ds.query(`SELECT count(*) FROM personal_data_read`))[0].count)).toBe(before);
  });

  it('supervisors and admins list the phone-read log; agents and departments are refused', async () => {
    const o = await report();
    h.clock.set('2026-03-02T11:00:00+08:00');
    await reporterAs(who.agent, o.id);
    const q = `query($id: ID) { phoneReads(workOrderId: $id, first: 10) { items { workOrderId field readerId readerRoles readerDepartment requestId at } nextCursor } }`;
    for (const id of [who.supervisor, admin]) {
      const r = await gql(id, q, { id: o.id });
      expect(r.errors).toBeUndefined();
      expect(r.data.phoneReads.items).toEqual([
        { workOrderId: o.id, field: 'reporter.phone', readerId: 'agent-1', readerRoles: ['agent'], readerDepartment: 'CALL_CENTER', requestId: expect.stringMatching(/^int-/), at: '2026-03-02T03:00:00.000Z' },
      ]);
    }
    // Pages follow the cursor.
    const page1 = await gql(who.supervisor, `{ phoneReads(first: 2) { items { at } nextCursor } }`);
    expect(page1.data.phoneReads.items).toHaveLength(2);
    const page2 = await gql(who.supervisor, `query($a: String) { phoneReads(first: 2, after: $a) { items { at } } }`, { a: page1.data.phoneReads.nextCursor });
    expect(page2.errors).toBeUndefined();
    expect(page2.data.phoneReads.items.length).toBeGreaterThan(0);
    for (const id of [who.agent, who.network]) expect((await gql(id, q, { id: o.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(who.supervisor, `{ phoneReads(after: "garbage") { nextCursor } }`)).errors?.[0].extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'after' });
  });

  it('history and event texts never carry the caller’s name or phone; only the SMS events for the notice system carry the phone', async () => {
    const target = await report(Category.BURST, '13811112222');
    const dup = await report(Category.BURST, '13833334444');
    await h.services.workOrders.dispatch(who.agent, target.id);
    await h.services.workOrders.accept(who.network, target.id);
    await h.services.workOrders.merge(who.agent, dup.id, target.id);
    await h.services.workOrders.resolve(who.network, target.id, '已修复 repaired');
    const history = await h.ds.query(`SELECT action, detail::text AS detail FROM work_order_history WHERE order_id = ANY($1::uuid[])`, [[target.id, dup.id]]);
    expect(history.map((r: any) => r.action)).toEqual(expect.arrayContaining(['MERGE', 'LINK_CALLER']));
    for (const r of history) {
      expect(r.detail).not.toContain(NAME);
      expect(r.detail).not.toMatch(/1383333444|1381111222/);
      expect(r.detail).not.toContain('reporterName');
    }
    const events = [...(await h.events(target.id)), ...(await h.events(dup.id))];
    const sms = events.filter((e) => e.type === 'workorder.sms-requested');
    expect(sms.length).toBeGreaterThan(0); // the accepted status SMS at least
    expect(sms.every((e) => e.phone === '13811112222' && !JSON.stringify(e).includes(NAME))).toBe(true);
    for (const e of events.filter((x) => x.type !== 'workorder.sms-requested')) {
      const text = JSON.stringify(e);
      expect(text).not.toContain(NAME);
      expect(text).not.toMatch(/13833334444|13811112222/);
    }
  });
});
