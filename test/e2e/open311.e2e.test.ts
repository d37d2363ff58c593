// Open311 GeoReport v2 through the gateway (issue 11, docs/domain.md "Open311"), on the real stack: an admin
// registers a client application, the application POSTs to /open311/v2/requests.json with its API key, and the
// routed, clocked work order is in GraphQL and in GET requests/{id}.json and .xml; an unknown service code, a
// missing location and a bad key each get the spec's error. Every answer is checked against the GeoReport v2
// definitions in both formats.
import { E2EStack, startE2EStack } from '../support/e2e-stack';
import { open311Problems, Open311Kind, readOpen311Xml } from '../support/open311-schema';

const MIN = 60_000;

describe('Open311 GeoReport v2 through the gateway', () => {
  let s: E2EStack;
  let api = '';
  let key = '';

  beforeAll(async () => {
    s = await startE2EStack('open311');
    api = s.gatewayUrl.replace(/\/graphql$/, '/open311/v2');
    const r = await s.ok(`mutation { createOpen311Client(name: "12345 市民服务热线") { id name apiKey } }`, {}, s.token('admin'));
    key = r.createOpen311Client.apiKey;
  });
  afterAll(async () => s?.stop());

  const get = async (path: string) => {
    const r = await fetch(`${api}${path}`);
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
  };
  const post = async (path: string, form: Record<string, string>) => {
    const r = await fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: new URLSearchParams(form).toString() });
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
  };
  /** The JSON answer valid by the spec, and the XML one carrying the same data. */
  const both = async (resource: string, kind: Open311Kind, query = '') => {
    const j = await get(`${resource}.json${query}`);
    expect({ resource, status: j.status, type: j.type }).toEqual({ resource, status: 200, type: 'application/json; charset=utf-8' });
    const json = JSON.parse(j.text);
    expect(open311Problems(kind, json)).toEqual([]);
    const x = await get(`${resource}.xml${query}`);
    expect({ status: x.status, type: x.type }).toEqual({ status: 200, type: 'text/xml; charset=utf-8' });
    const xml = readOpen311Xml(kind, x.text);
    expect(xml.problems).toEqual([]);
    expect(xml.value).toEqual(json);
    return json;
  };
  const leak = {
    service_code: 'LEAK', lat: '23.1012', long: '113.2811', address_string: '人民路18号门前', description: '路面冒水，水流较大',
    first_name: '明', last_name: '李', phone: '13900001111', email: 'li.ming@example.cn', 'attribute[METER_SIDE]': 'BEFORE', 'attribute[LEAK_SITE]': 'MAIN',
  };

  it('a request POSTed with an API key is a routed, clocked work order on channel OPEN311, in GraphQL and in GET requests/{id}.json and .xml', async () => {
    const posted = await post('/requests.json', { api_key: key, ...leak });
    expect(posted.status).toBe(200);
    const answer = JSON.parse(posted.text);
    expect(open311Problems('post_response', answer)).toEqual([]);
    const number = answer[0].service_request_id;
    expect(number).toMatch(/^WO-\d{4}-\d{6}$/);

    // In GraphQL, as the call center sees it: routed to network maintenance, the dispatch clock running.
    const agent = s.token('agent', 'CALL_CENTER', 'agent-open311');
    const list = await s.ok(`{ workOrders(filter: { category: [LEAK] }, first: 20) { items { id number channel status department category address lat lon createdAt dispatchDueAt onSiteDueAt resolveDueAt reporter { name phone } } } }`, {}, agent);
    const wo = list.workOrders.items.find((w: any) => w.number === number);
    expect(wo).toMatchObject({ channel: 'OPEN311', status: 'NEW', department: 'NETWORK', category: 'LEAK', address: '人民路18号门前', lat: 23.1012, lon: 113.2811, reporter: { name: '李明', phone: '13900001111' } });
    const t = Date.parse(wo.createdAt);
    expect([wo.dispatchDueAt, wo.onSiteDueAt, wo.resolveDueAt].map((d: string) => (Date.parse(d) - t) / MIN)).toEqual([5, 40, 24 * 60]);

    // The public view: the same order, in both formats, without the reporter.
    const [req] = await both(`/requests/${number}`, 'requests');
    expect(req).toMatchObject({
      service_request_id: number, status: 'open', service_code: 'LEAK', service_name: '漏水', agency_responsible: '管网维修 / Network maintenance',
      address: '人民路18号门前', lat: 23.1012, long: 113.2811, description: expect.stringContaining('路面冒水'),
    });
    // W3C datetimes to the second, as the spec's examples are written.
    const second = (ms: number) => Math.floor(ms / 1000) * 1000;
    expect(Date.parse(req.requested_datetime)).toBe(second(t));
    expect(Date.parse(req.expected_datetime)).toBe(second(Date.parse(wo.resolveDueAt)));
    expect(req.requested_datetime).toMatch(/\+08:00$/);
    const xml = (await get(`/requests/${number}.xml`)).text;
    for (const personal of ['13900001111', 'li.ming@example.cn', '李明']) expect(xml).not.toContain(personal);

    // Worked like any other order: dispatched by the agent, accepted by the department, as the public sees it.
    await s.ok(`mutation($id: ID!) { dispatchWorkOrder(id: $id) { status } }`, { id: wo.id }, agent);
    await s.ok(`mutation($id: ID!) { acceptWorkOrder(id: $id) { status } }`, { id: wo.id }, s.token('department', 'NETWORK', 'crew-open311'));
    const [accepted] = await both(`/requests/${number}`, 'requests');
    expect(accepted).toMatchObject({ status: 'open', status_notes: '管网维修已接单处理 / Accepted by Network maintenance' });
    expect((await both('/requests', 'requests', '?service_code=LEAK&status=open')).map((r: any) => r.service_request_id)).toContain(number);
  });

  it('services and service definitions are public, in both formats', async () => {
    const services = await both('/services', 'services');
    expect(services.find((x: any) => x.service_code === 'LEAK')).toMatchObject({ service_name: '漏水', metadata: true, group: '供水' });
    const def = await both('/services/LEAK', 'service_definition');
    expect(def.attributes.map((a: any) => a.code)).toEqual(['LEAK_SITE', 'METER_SIDE']);
  });

  it('an unknown service code (404), a missing location (400) and a bad key (403) each get the spec’s error, in JSON and XML', async () => {
    const cases: Array<[string, Record<string, string>, number, RegExp]> = [
      ['unknown service code', { api_key: key, ...leak, service_code: 'POTHOLE' }, 404, /service_code/],
      ['missing location', { api_key: key, service_code: 'LEAK', description: '漏水' }, 400, /location missing/],
      ['bad key', { ...leak, api_key: 'o311_wrong' }, 403, /api_key/],
      ['no key', { ...leak }, 403, /api_key/],
    ];
    for (const [what, form, status, text] of cases) {
      const j = await post('/requests.json', form);
      expect({ what, status: j.status }).toEqual({ what, status });
      const errors = JSON.parse(j.text);
      expect(open311Problems('errors', errors)).toEqual([]);
      expect(errors[0].code).toBe(status);
      expect(errors.map((e: any) => e.description).join('\n')).toMatch(text);
      const x = await post('/requests.xml', form);
      expect({ what, status: x.status, type: x.type }).toEqual({ what, status, type: 'text/xml; charset=utf-8' });
      const read = readOpen311Xml('errors', x.text);
      expect(read.problems).toEqual([]);
      expect(read.value).toEqual(errors);
    }
    const unknown = await get('/requests/WO-1999-000001.json');
    expect(unknown.status).toBe(404);
    const method = await fetch(`${api}/services.json`, { method: 'DELETE' });
    expect(method.status).toBe(405);
  });
});
