// Open311 GeoReport v2 on the tickets service's HTTP routes, against the real PostgreSQL: API clients with hashed
// keys, a posted request as a routed and clocked work order on channel OPEN311 (all or nothing), the public reads
// (filters, window, limit, nothing personal), and the spec's errors with their HTTP statuses. Every answer is
// checked against the GeoReport v2 definitions in both formats.
import http from 'node:http';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { buildFederatedSchema, DEV_DEFAULTS, Identity, signInternalIdentity } from '@mainline/common';
import { open311Problems, Open311Kind, readOpen311Xml } from '@mainline/test-support/support/open311-schema';
import type { GraphQLSchema } from 'graphql';
import { Category, Channel, WorkOrderStatus as S } from '../src/domain';
import { Open311Repository } from '../src/repositories/open311.repository';
import { OPEN311_BASE_PATH, open311Router } from '../src/resolvers/open311.http';
import { schemaOptions } from '../src/schema';
import { hashApiKey, Open311Service } from '../src/services/open311.service';
import { graphqlAs, log, startHarness, who } from './support/int-harness';

const T0 = '2026-12-01T09:00:00+08:00';
const MIN = 60_000;
const admin = { sub: 'admin-1', name: '管理员', roles: ['admin'], department: null } as Identity;
const GATEWAY = signInternalIdentity({ sub: 'open311-public', name: 'Open311', roles: [], department: null }, DEV_DEFAULTS.internalSecret, 3600);
const PHONE = '13800138000';
const EMAIL = 'zhang.san@example.cn';

interface Answer {
  status: number;
  type: string;
  text: string;
  json: any;
  headers: Headers;
}

describe('Open311 GeoReport v2 (real PostgreSQL, the tickets HTTP routes)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let schema: GraphQLSchema;
  const servers: http.Server[] = [];
  let base = '';
  let key = '';
  let clientId = '';

  /** The routes of `svc` on a port of their own, as the tickets service mounts them. */
  async function serve(svc: Open311Service, bodyLimit = '64kb'): Promise<string> {
    const app = express();
    app.use(OPEN311_BASE_PATH, open311Router(svc, { log, bodyLimit, internalSecret: DEV_DEFAULTS.internalSecret }));
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}${OPEN311_BASE_PATH}`;
  }

  async function call(path: string, o: { method?: string; form?: Record<string, string> | string; headers?: Record<string, string>; at?: string; body?: string } = {}): Promise<Answer> {
    const body = o.body ?? (typeof o.form === 'string' ? o.form : o.form ? new URLSearchParams(o.form).toString() : undefined);
    const r = await fetch(`${o.at ?? base}${path}`, {
      method: o.method ?? (body !== undefined ? 'POST' : 'GET'),
      headers: { 'x-mainline-identity': GATEWAY, ...(body !== undefined && !o.body ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}), ...(o.headers ?? {}) },
      body,
    });
    const text = await r.text();
    const type = r.headers.get('content-type') ?? '';
    return { status: r.status, type, text, json: type.startsWith('application/json') ? JSON.parse(text) : null, headers: r.headers };
  }

  /** JSON valid by the spec, and the same path as XML carrying exactly the same data. */
  async function both(path: string, kind: Open311Kind, at?: string): Promise<any> {
    const [resource, query] = path.split('?');
    const as = (format: string) => `${resource}.${format}${query ? `?${query}` : ''}`;
    const j = await call(as('json'), { at });
    expect({ path, status: j.status }).toEqual({ path, status: 200 });
    expect(j.type).toBe('application/json; charset=utf-8');
    expect(open311Problems(kind, j.json)).toEqual([]);
    const x = await call(as('xml'), { at });
    expect(x.status).toBe(200);
    expect(x.type).toBe('text/xml; charset=utf-8');
    const read = readOpen311Xml(kind, x.text);
    expect(read.problems).toEqual([]);
    expect(read.value).toEqual(j.json);
    return j.json;
  }

  /** An error answer: the HTTP status, the spec's error list (code = status) in JSON, and the same in XML. */
  async function expectError(a: Answer, status: number, text: RegExp | string): Promise<void> {
    expect({ status: a.status, body: a.text.slice(0, 300) }).toEqual({ status, body: expect.anything() });
    const value = a.json ?? readOpen311Xml('errors', a.text).value;
    if (!a.json) expect(readOpen311Xml('errors', a.text).problems).toEqual([]);
    else expect(open311Problems('errors', a.json)).toEqual([]);
    expect((value as Array<{ code: number }>).every((e) => e.code === status)).toBe(true);
    expect((value as Array<{ description: string }>).map((e) => e.description).join('\n')).toMatch(text);
  }

  const post = (form: Record<string, string>, format = 'json') => call(`/requests.${format}`, { form: { api_key: key, ...form } });
  const leak = (extra: Record<string, string> = {}) => post({
    service_code: 'LEAK', lat: '23.1', long: '113.28', address_string: '人民路1号', description: '路面冒水 water on the road',
    first_name: '三', last_name: '张', phone: PHONE, email: EMAIL, 'attribute[METER_SIDE]': 'BEFORE', ...extra,
  });
  const counts = async () => {
    const [r] = await h.ds.query(`SELECT (SELECT count(*) FROM work_order)::int AS orders, (SELECT count(*) FROM open311_request)::int AS requests, (SELECT count(*) FROM outbox)::int AS events`);
    return r;
  };

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_open311', T0);
    schema = (await buildFederatedSchema(schemaOptions)).schema;
    base = await serve(h.services.open311);
    const r = await graphqlAs(schema, h.services, admin, `mutation { createOpen311Client(name: "12345 市民热线平台") { id name apiKey keyPrefix } }`);
    expect(r.errors).toBeUndefined();
    ({ apiKey: key, id: clientId } = r.data.createOpen311Client);
  });
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
    await h?.stop();
  });

  it('an admin creates a client and sees its key once; only a hash of the key is stored; other roles may not', async () => {
    expect(key).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    const rows = await h.ds.query(`SELECT * FROM open311_client WHERE id = $1`, [clientId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].key_hash).toBe(hashApiKey(key));
    expect(JSON.stringify(rows[0])).not.toContain(key);
    const list = await graphqlAs(schema, h.services, admin, `{ open311Clients { id name keyPrefix revokedAt } }`);
    expect(list.data.open311Clients).toEqual([{ id: clientId, name: '12345 市民热线平台', keyPrefix: key.slice(0, 11), revokedAt: null }]);
    expect(JSON.stringify(list)).not.toContain(key);
    for (const id of [who.supervisor, who.agent, who.network]) {
      const r = await graphqlAs(schema, h.services, id, `mutation { createOpen311Client(name: "x") { apiKey } }`);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const blank = await graphqlAs(schema, h.services, admin, `mutation { createOpen311Client(name: "  ") { apiKey } }`);
    expect(blank.errors?.[0].extensions?.code).toBe('INVALID_INPUT');
  });

  it('GET services: one per public category, in both formats, with the jurisdiction checked', async () => {
    const services = await both('/services', 'services');
    expect(services.map((s: any) => s.service_code)).toEqual(Object.values(Category).filter((c) => c !== Category.URGENT));
    expect(services.find((s: any) => s.service_code === 'LEAK')).toMatchObject({ service_name: '漏水', metadata: true, type: 'realtime', group: '供水' });
    expect(services.find((s: any) => s.service_code === 'LEAK').description).toContain('40 分钟内到场');
    expect((await call(`/services.json?jurisdiction_id=${h.cfg.open311.jurisdictionId}`)).status).toBe(200);
    await expectError(await call('/services.xml?jurisdiction_id=elsewhere.gov'), 404, /jurisdiction_id/);
  });

  it('GET services/{code}: the definition with its attributes; an unknown or hidden code is a 404', async () => {
    const def = await both('/services/METER_BOX', 'service_definition');
    expect(def.attributes[0]).toMatchObject({ code: 'METER_SIDE', datatype: 'singlevaluelist', required: true });
    expect(def.attributes[0].values.map((v: any) => v.key)).toEqual(['BEFORE', 'AFTER', 'UNKNOWN']);
    expect((await both('/services/BILLING', 'service_definition')).attributes).toEqual([]);
    await expectError(await call('/services/NO_SUCH.json'), 404, /service_code/);
    await expectError(await call('/services/URGENT.xml'), 404, /service_code/);
  });

  it('POST requests: a work order on channel OPEN311, routed and clocked like any other, with its Open311 row and media', async () => {
    const before = await counts();
    const a = await leak({ media_url: 'https://img.example/leak.jpg', account_id: 'acct-7' });
    expect(a.status).toBe(200);
    expect(open311Problems('post_response', a.json)).toEqual([]);
    const [{ service_request_id: number, service_notice, account_id }] = a.json;
    expect(number).toMatch(/^WO-2026-\d{6}$/);
    expect(service_notice).toContain('40 分钟内到场');
    expect(account_id).toBe('acct-7');

    const [row] = await h.ds.query(`SELECT id FROM work_order WHERE number = $1`, [number]);
    const wo = await h.services.workOrders.get(who.agent, row.id);
    expect(wo).toMatchObject({
      channel: Channel.OPEN311, category: Category.LEAK, department: 'NETWORK', status: S.NEW, address: '人民路1号', lat: 23.1, lon: 113.28,
      reporterName: '张三', reporterPhone: PHONE, firstContactOwner: `open311:${clientId}`,
    });
    expect(wo.description).toContain('路面冒水 water on the road');
    expect(wo.description).toContain('表前');
    // The same deadlines as an agent's report of a leak: dispatch 5 min, accept 20 min (as if dispatched now), on site 40 min, done in 24 h.
    const t = wo.createdAt.getTime();
    expect(t).toBe(new Date(T0).getTime());
    expect([wo.dispatchDueAt, wo.acceptDueAt, wo.onSiteDueAt, wo.resolveDueAt].map((d) => (d!.getTime() - t) / MIN)).toEqual([5, 20, 40, 24 * 60]);
    expect((await h.services.workOrders.clocksOf(wo.id)).map((c: any) => c.kind).sort()).toEqual(expect.arrayContaining(['dispatch', 'onSite', 'resolve']));
    const events = await h.events(wo.id);
    expect(events.map((e) => e.type)).toEqual(['workorder.created']);
    const extra = await new Open311Repository(h.ds).request(wo.id);
    expect(extra).toMatchObject({ clientId, email: EMAIL, firstName: '三', lastName: '张', accountId: 'acct-7', mediaUrl: 'https://img.example/leak.jpg', attributes: { METER_SIDE: 'BEFORE' } });
    expect((await h.services.workOrders.attachments(wo.id)).map((x: any) => x.url)).toEqual(['https://img.example/leak.jpg']);
    expect(await counts()).toEqual({ orders: before.orders + 1, requests: before.requests + 1, events: before.events + 1 });
  });

  it('POST requests follows the routing table in force (a supervisor’s change applies to Open311 too)', async () => {
    await h.services.settings.setRouting(who.supervisor, { category: Category.COVER, department: 'WORKS', statusSms: true });
    const a = await post({ service_code: 'COVER', address_string: '育才路口', description: '井盖缺失' }, 'xml');
    expect(a.status).toBe(200);
    const read = readOpen311Xml('post_response', a.text);
    expect(read.problems).toEqual([]);
    const number = (read.value as any)[0].service_request_id;
    const [row] = await h.ds.query(`SELECT department, channel, lat FROM work_order WHERE number = $1`, [number]);
    expect(row).toEqual({ department: 'WORKS', channel: 'OPEN311', lat: null });
    await h.services.settings.setRouting(who.supervisor, { category: Category.COVER, department: 'NETWORK', statusSms: true });
  });

  it('GET requests/{id}: the routed order in both formats, the department as agency, nothing personal', async () => {
    const [{ service_request_id: number }] = (await leak()).json;
    const [req] = await both(`/requests/${number}`, 'requests');
    expect(req).toMatchObject({
      service_request_id: number, status: 'open', service_code: 'LEAK', service_name: '漏水', agency_responsible: '管网维修 / Network maintenance',
      status_notes: '已受理，正在派单 / Received, being dispatched', requested_datetime: '2026-12-01T09:00:00+08:00',
      expected_datetime: '2026-12-02T09:00:00+08:00', address: '人民路1号', lat: 23.1, long: 113.28,
    });
    for (const format of ['json', 'xml']) {
      const text = (await call(`/requests/${number}.${format}`)).text;
      for (const secret of [PHONE, EMAIL, '张三', '"三"', '>三<']) expect(text).not.toContain(secret);
    }
    // Dispatched, accepted and resolved by the department: the public sees each step, closed at the end.
    const [row] = await h.ds.query(`SELECT id FROM work_order WHERE number = $1`, [number]);
    h.clock.advance(3 * MIN);
    await h.services.workOrders.dispatch(who.agent, row.id);
    expect((await call(`/requests/${number}.json`)).json[0]).toMatchObject({ status: 'open', status_notes: '已派至管网维修 / Sent to Network maintenance', updated_datetime: '2026-12-01T09:03:00+08:00' });
    await h.services.workOrders.accept(who.network, row.id);
    h.clock.advance(60 * MIN);
    await h.services.workOrders.resolve(who.network, row.id, '已修复');
    const [done] = await both(`/requests/${number}`, 'requests');
    expect(done).toMatchObject({ status: 'closed', status_notes: '已处理完毕 / Resolved', updated_datetime: '2026-12-01T10:03:00+08:00' });
    await expectError(await call('/requests/WO-2026-999999.json'), 404, /service_request_id/);
  });

  it('orders of other channels do not exist to Open311, and confidential categories keep their details', async () => {
    const phoned = await h.services.workOrders.create(who.agent, { category: Category.LEAK, channel: Channel.PHONE, description: '来电', address: '某小区3栋', location: { lon: 113.2, lat: 23.1 }, reporter: { phone: PHONE } });
    await expectError(await call(`/requests/${phoned.number}.xml`), 404, /service_request_id/);
    expect((await call(`/requests.json?service_request_id=${phoned.number}`)).json).toEqual([]);
    const [{ service_request_id: n }] = (await post({ service_code: 'COMPLAINT', address_string: '营业厅', description: '工作人员态度差' })).json;
    const [c] = await both(`/requests/${n}`, 'requests');
    expect(c).toMatchObject({ service_code: 'COMPLAINT', status: 'open', description: null, address: null, lat: null, long: null });
  });

  it('GET requests filters by ids, service_code, status and dates; newest first inside the 90-day window', async () => {
    h.clock.set(new Date('2027-01-10T10:00:00+08:00'));
    const [{ service_request_id: w1 }] = (await post({ service_code: 'WATER_QUALITY', lat: '23.11', long: '113.3', 'attribute[SYMPTOM][]': 'COLOUR' })).json;
    h.clock.advance(MIN);
    const [{ service_request_id: w2 }] = (await post({ service_code: 'WATER_QUALITY', lat: '23.12', long: '113.3', 'attribute[SYMPTOM]': 'SMELL' })).json;
    const all = await both('/requests', 'requests');
    expect(all.slice(0, 2).map((r: any) => r.service_request_id)).toEqual([w2, w1]);
    expect(all.every((r: any, i: number) => i === 0 || r.requested_datetime <= all[i - 1].requested_datetime)).toBe(true);
    expect((await both('/requests?service_code=WATER_QUALITY', 'requests')).map((r: any) => r.service_request_id)).toEqual([w2, w1]);
    expect((await both(`/requests?service_request_id=${w1},${w2},WO-0000-000000`, 'requests')).map((r: any) => r.service_request_id).sort()).toEqual([w1, w2].sort());
    // Both minutes' requests, then only the second, by requested_datetime.
    expect((await both('/requests?service_code=WATER_QUALITY&start_date=2027-01-10T10:01:00%2B08:00', 'requests')).map((r: any) => r.service_request_id)).toEqual([w2]);
    expect((await both('/requests?service_code=WATER_QUALITY&end_date=2027-01-10T10:00:30%2B08:00', 'requests')).map((r: any) => r.service_request_id)).toEqual([w1]);
    expect((await both('/requests?service_code=WATER_QUALITY&status=closed', 'requests'))).toEqual([]);
    const open = await both('/requests?status=open', 'requests');
    expect(open.every((r: any) => r.status === 'open')).toBe(true);
    const closed = await both('/requests?status=closed', 'requests');
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r: any) => r.status === 'closed')).toBe(true);
    // The December requests are 40 days old: inside the default window. 100 days later they are not.
    expect(all.some((r: any) => r.requested_datetime.startsWith('2026-12-01'))).toBe(true);
    h.clock.set(new Date('2027-03-12T10:00:00+08:00'));
    const later = await both('/requests', 'requests');
    expect(later.some((r: any) => r.requested_datetime.startsWith('2026-12-01'))).toBe(false);
    expect(later.map((r: any) => r.service_request_id)).toEqual([w2, w1]);
    await expectError(await call('/requests.json?start_date=last%20week'), 400, /start_date/);
    await expectError(await call('/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z'), 400, /90 days/);
    await expectError(await call('/requests.json?status=pending'), 400, /status/);
    await expectError(await call('/requests.json?service_code=NOPE'), 404, /service_code/);
  });

  it('GET requests answers at most the configured number of requests, the newest', async () => {
    const small = new Open311Service(new Open311Repository(h.ds), h.services.workOrders, h.services.settings, h.clock, { ...h.cfg.open311, maxRequests: 2 });
    const at = await serve(small);
    const newest = (await both('/requests', 'requests')).slice(0, 2);
    expect(await both('/requests', 'requests', at)).toEqual(newest);
    await expectError(await call('/requests.json?service_request_id=a,b,c', { at }), 400, /service_request_id/);
  });

  it('the spec’s errors: missing or bad api_key 403, unknown service 404, missing location 400, and nothing is written', async () => {
    const before = await counts();
    await expectError(await post({ api_key: 'o311_not-a-key', service_code: 'LEAK', lat: '23', long: '113' }), 403, /api_key/);
    await expectError(await call('/requests.xml', { form: { service_code: 'LEAK', lat: '23', long: '113' } }), 403, /api_key/);
    await expectError(await post({ service_code: 'NO_SUCH', lat: '23', long: '113' }, 'xml'), 404, /service_code/);
    await expectError(await post({ lat: '23', long: '113' }), 400, /service_code/);
    await expectError(await post({ service_code: 'LEAK', description: '没有位置' }), 400, /location missing/);
    await expectError(await post({ service_code: 'LEAK', lat: '23' }, 'xml'), 400, /lat and long/);
    await expectError(await post({ service_code: 'METER_BOX', lat: '23', long: '113' }), 400, /attribute\[METER_SIDE\]/);
    await expectError(await post({ service_code: 'LEAK', lat: '23', long: '113', jurisdiction_id: 'elsewhere.gov' }), 404, /jurisdiction_id/);
    // The work order's own check of the phone, said with the spec's parameter name; nothing half-written.
    await expectError(await post({ service_code: 'LEAK', lat: '23', long: '113', phone: 'call me' }), 400, /^phone: /);
    expect(await counts()).toEqual(before);
  });

  it('a revoked key is refused from then on', async () => {
    const r = await graphqlAs(schema, h.services, admin, `mutation { createOpen311Client(name: "试用应用") { id apiKey } }`);
    const { id, apiKey } = r.data.createOpen311Client;
    expect((await post({ api_key: apiKey, service_code: 'LEAK', lat: '23', long: '113' })).status).toBe(200);
    const rev = await graphqlAs(schema, h.services, admin, `mutation($id: ID!) { revokeOpen311Client(id: $id) { id revokedAt } }`, { id });
    expect(rev.data.revokeOpen311Client.revokedAt).toBeTruthy();
    await expectError(await post({ api_key: apiKey, service_code: 'LEAK', lat: '23', long: '113' }), 403, /api_key/);
    const missing = await graphqlAs(schema, h.services, admin, `mutation { revokeOpen311Client(id: "3f0e8c52-0000-4000-8000-000000000000") { id } }`);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('formats, methods, bodies and callers: 404 unknown format or path, 405 wrong method, 413 too large, 400 wrong content type, 401 without the gateway', async () => {
    await expectError(await call('/services.csv'), 404, /format/);
    await expectError(await call('/services'), 404, /format/);
    await expectError(await call('/nothing.json'), 404, /unknown resource/);
    const del = await call('/requests.json', { method: 'DELETE' });
    await expectError(del, 405, /method/);
    expect(del.headers.get('allow')).toBe('GET, POST');
    await expectError(await call('/services.xml', { method: 'POST', form: 'x=1' }), 405, /method/);
    const tiny = await serve(h.services.open311, '1kb');
    await expectError(await call('/requests.json', { at: tiny, form: { api_key: key, service_code: 'LEAK', lat: '23', long: '113', description: '长'.repeat(2000) } }), 413, /larger than 1kb/);
    await expectError(await call('/requests.json', { body: JSON.stringify({ api_key: key }), headers: { 'content-type': 'application/json' } }), 400, /x-www-form-urlencoded/);
    await expectError(await call('/requests.json', { body: '%E0%A4%A=1&api_key=' + key, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, /service_code/);
    const direct = await fetch(`${base}/services.json`);
    expect(direct.status).toBe(401);
    expect(await direct.json()).toEqual([{ code: 401, description: expect.stringContaining('gateway') }]);
  });
});
