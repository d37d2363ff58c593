// Unit tests of the pure Open311 GeoReport v2 rules (docs/domain.md "Open311"; the spec's own words quoted).
import { DomainError } from '@mainline/common/domain';
import { readOpen311Xml, open311Problems } from '@mainline/test-support/support/open311-schema';
import { categoriesOf, Category, Channel, SlaTarget, WorkOrderStatus as S } from '../src/domain';
import {
  categoryFacts, checkJurisdiction, checkServiceRequest, DEFAULT_OPEN311_CONFIG, errorsDocument, OPEN311_STATUS, paramsOf, parseW3cDateTime,
  postResponseDocument, PublicOrderFacts, publicRequest, publicServices, reporterName, requestsDocument, requestWindow, serviceDefinition,
  serviceDefinitionDocument, serviceNotice, servicesDocument, statusNotes, w3cDateTime, workOrderDescription, workOrderStatusesFor,
} from '../src/domain/open311';
import { encodeJson, encodeXml, o311Document } from '../src/domain/open311-encoding';

const TZ = 'Asia/Shanghai';
const cfg = DEFAULT_OPEN311_CONFIG;
const form = (s: string) => paramsOf(new URLSearchParams(s));

/** The spec's error list a call throws: [status, descriptions]. */
function refusal(run: () => unknown): { status: string; problems: string[] } {
  try {
    run();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { status: e.code, problems: (e.details.problems as string[]) ?? [e.message] };
  }
  throw new Error('expected a refusal');
}

describe('W3C datetimes (the spec: ISO 8601 per the w3 note, timezone information must be included)', () => {
  it('writes instants with the utility zone offset, seconds included', () => {
    expect(w3cDateTime(new Date('2026-12-01T01:00:00Z'), TZ)).toBe('2026-12-01T09:00:00+08:00');
    expect(w3cDateTime(new Date('2026-12-31T16:30:05.999Z'), TZ)).toBe('2027-01-01T00:30:05+08:00');
    expect(w3cDateTime(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe('2026-01-15T07:00:00-05:00');
  });

  it('reads offsets, Z, fractions, and a plain date as midnight in the utility zone', () => {
    expect(parseW3cDateTime('2026-12-01T09:00:00+08:00', 'start_date', TZ).at.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseW3cDateTime('2026-12-01T01:00:00.250Z', 'start_date', TZ).at.toISOString()).toBe('2026-12-01T01:00:00.250Z');
    expect(parseW3cDateTime('2026-12-01T09:00-05:30', 'start_date', TZ).at.toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(parseW3cDateTime('2026-12-01', 'start_date', TZ)).toEqual({ at: new Date('2026-11-30T16:00:00Z'), dateOnly: true });
  });

  it.each(['2026-13-01', '2026-02-30', '2026-12-01T09:00:00', '2026-12-01T24:00:00Z', '2026-12-01T09:60:00Z', 'yesterday', '1733000000', '2026-12-01T09:00:00+25:00'])(
    'refuses %s with a 400 naming the parameter', (v) => {
      const r = refusal(() => parseW3cDateTime(v, 'end_date', TZ));
      expect(r.status).toBe('INVALID_INPUT');
      expect(r.problems[0]).toContain('end_date');
    });
});

describe('the GET requests window (the spec: "defaults to most recent 90 days", "may not span more than 90 days")', () => {
  const now = new Date('2026-12-01T04:00:00Z');
  const day = 24 * 3600 * 1000;
  it('defaults to the 90 days up to now', () => {
    expect(requestWindow(null, null, now, cfg)).toEqual({ from: new Date(now.getTime() - 90 * day), to: now });
  });
  it('runs 90 days from a start alone, back from an end alone; a plain end date includes its whole day', () => {
    const start = new Date('2026-10-01T00:00:00+08:00');
    expect(requestWindow('2026-10-01T00:00:00+08:00', null, now, cfg)).toEqual({ from: start, to: new Date(start.getTime() + 90 * day) });
    const w = requestWindow(null, '2026-11-30', now, cfg);
    expect(w.to.toISOString()).toBe('2026-11-30T15:59:59.999Z');
    expect(w.to.getTime() - w.from.getTime()).toBe(90 * day);
  });
  it('refuses a span over the window and an end before the start (400 naming end_date)', () => {
    expect(refusal(() => requestWindow('2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z', now, cfg)).problems[0]).toMatch(/end_date|90 days/);
    expect(refusal(() => requestWindow('2026-06-01T00:00:00Z', '2026-05-01T00:00:00Z', now, cfg)).problems[0]).toContain('end_date');
    expect(requestWindow('2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z', now, { ...cfg, windowDays: 365 }).from.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('status open/closed (the spec: "open: it has been reported", "closed: it has been resolved")', () => {
  it('is closed once resolved (and for merged or cancelled reports), open again after a reopening', () => {
    expect(OPEN311_STATUS[S.NEW]).toBe('open');
    expect(OPEN311_STATUS[S.WAITING_CUSTOMER]).toBe('open');
    expect(OPEN311_STATUS[S.LINKED_TO_OUTAGE]).toBe('open');
    expect(OPEN311_STATUS[S.RESOLVED]).toBe('closed');
    expect(OPEN311_STATUS[S.CALLED_BACK]).toBe('closed');
    expect(OPEN311_STATUS[S.MERGED]).toBe('closed');
    expect(OPEN311_STATUS[S.REOPENED]).toBe('open');
    expect(Object.keys(OPEN311_STATUS).sort()).toEqual(Object.values(S).sort());
  });
  it('filters by the work-order statuses behind open and closed; anything else is a 400 naming status', () => {
    expect(workOrderStatusesFor(['closed']).sort()).toEqual([S.CALLED_BACK, S.CANCELLED, S.CLOSED, S.MERGED, S.RESOLVED].sort());
    expect(workOrderStatusesFor(['open', 'closed'])).toHaveLength(Object.values(S).length);
    expect(refusal(() => workOrderStatusesFor(['pending'])).problems[0]).toContain('status');
  });
  it('status_notes say what happens, with the department and the duplicate’s number, Chinese first', () => {
    expect(statusNotes({ status: S.DISPATCHED, department: 'NETWORK' }, TZ)).toBe('已派至管网维修 / Sent to Network maintenance');
    expect(statusNotes({ status: S.MERGED, department: 'NETWORK', mergedNumber: 'WO-2026-000007' }, TZ)).toContain('Duplicate of WO-2026-000007');
    expect(statusNotes({ status: S.LINKED_TO_OUTAGE, department: 'NETWORK', outageNumber: 'TS-1', outageEndsAt: new Date('2026-12-01T10:00:00Z') }, TZ)).toContain('2026-12-01 18:00');
  });
});

describe('services (one per public category)', () => {
  const facts = categoryFacts();
  it('lists every category of the kinds run but the hidden ones, named in Chinese, grouped by utility kind', () => {
    const s = publicServices(facts, ['WATER'], cfg);
    expect(s.map((x) => x.service_code).sort()).toEqual(categoriesOf('WATER').filter((c) => c !== Category.URGENT).sort());
    const leak = s.find((x) => x.service_code === 'LEAK')!;
    expect(leak).toMatchObject({ service_name: '漏水', type: 'realtime', metadata: true, group: '供水' });
    expect(leak.keywords).toContain('LEAK');
    expect(s.find((x) => x.service_code === 'BILLING')!.metadata).toBe(false);
    expect(s.find((x) => x.service_code === 'INQUIRY')!.group).toBe('供水');
    expect(open311Problems('services', JSON.parse(encodeJson(servicesDocument(s))))).toEqual([]);
  });
  it('a category of a utility kind appears only where that kind is run (new categories need no Open311 change)', () => {
    expect(publicServices(facts, ['WATER'], cfg).some((x) => x.service_code === 'HEAT_LOSS')).toBe(false);
    const heat = publicServices(facts, ['WATER', 'HEAT'], cfg);
    expect(heat.find((x) => x.service_code === 'HEAT_LOSS')).toMatchObject({ service_name: '不明原因失热降温', group: '供热', metadata: false });
    expect(heat.some((x) => x.service_code === 'GAS_ALARM')).toBe(false);
    expect(publicServices(facts, ['GAS'], cfg).every((x) => x.group === '燃气')).toBe(true);
  });
  it('service_notice states the deadlines of the SLA table in force', () => {
    const t = (x: Partial<SlaTarget>): SlaTarget => ({ basis: 'clock', kind: 'resolve', ...x }) as SlaTarget;
    expect(serviceNotice([t({ kind: 'dispatch', minutes: 5 }), t({ kind: 'onSite', minutes: 40 }), t({ kind: 'resolve', minutes: 24 * 60 })]))
      .toBe('自受理起40 分钟内到场，24 小时内处理完毕 / From the report: on site within 40 min, done within 24 h');
    expect(serviceNotice([t({ kind: 'resolve', workingDays: 3, basis: 'working' })])).toContain('3 working days');
    expect(serviceNotice([t({ kind: 'resolve', minutes: 3 * 24 * 60 })])).toContain('3 days');
    expect(serviceNotice([t({ kind: 'dispatch', minutes: 5 })])).toBeNull();
  });
});

describe('service definitions', () => {
  it('LEAK and METER_BOX ask before or after the meter (a singlevaluelist; required for the meter box)', () => {
    const leak = serviceDefinition('LEAK');
    const side = leak.attributes.find((a) => a.code === 'METER_SIDE')!;
    expect(side).toMatchObject({ datatype: 'singlevaluelist', variable: true, required: false });
    expect(side.values.map((v) => v.key)).toEqual(['BEFORE', 'AFTER', 'UNKNOWN']);
    expect(serviceDefinition('METER_BOX').attributes[0]).toMatchObject({ code: 'METER_SIDE', required: true });
    expect(new Set(leak.attributes.map((a) => a.order)).size).toBe(leak.attributes.length);
    expect(serviceDefinition('BILLING').attributes).toEqual([]);
    expect(open311Problems('service_definition', JSON.parse(encodeJson(serviceDefinitionDocument(leak))))).toEqual([]);
  });
});

describe('POST requests checks (the spec: "One of lat & long or address_string or address_id")', () => {
  const ok = (s: string, code = 'LEAK') => checkServiceRequest(form(s), code, cfg);
  it('takes lat/long, address_string or address_id as the location', () => {
    expect(ok('lat=23.1&long=113.28').location).toEqual({ lat: 23.1, lon: 113.28 });
    expect(ok('address_string=%E4%BA%BA%E6%B0%91%E8%B7%AF1%E5%8F%B7').addressString).toBe('人民路1号');
    expect(ok('address_id=A-17')).toMatchObject({ addressId: 'A-17', location: null });
  });
  it('refuses a request without a location, with half a coordinate or one out of range (400)', () => {
    expect(refusal(() => ok('description=x')).problems).toEqual([expect.stringContaining('location missing')]);
    expect(refusal(() => ok('lat=23.1')).problems[0]).toContain('lat and long must both be sent');
    expect(refusal(() => ok('lat=95&long=113')).problems[0]).toContain('lat');
    expect(refusal(() => ok('lat=23&long=east')).problems[0]).toContain('long');
    // Empty parameters count as not sent (the spec's "Optional Arguments").
    expect(refusal(() => ok('lat=&long=&address_string=%20')).problems[0]).toContain('location missing');
  });
  it('reports every problem at once: description over 4,000 characters, e-mail, media_url, attributes', () => {
    const r = refusal(() => ok(`lat=23&long=113&description=${'x'.repeat(4001)}&email=nobody&media_url=ftp://x/y.jpg&attribute[NOPE]=1&attribute[METER_SIDE]=INSIDE`));
    expect(r.status).toBe('INVALID_INPUT');
    expect(r.problems.join('\n')).toEqual(expect.stringContaining('description'));
    for (const p of ['email', 'media_url', 'attribute[NOPE]', 'attribute[METER_SIDE]']) expect(r.problems.some((x) => x.includes(p))).toBe(true);
    expect(r.problems).toHaveLength(5);
  });
  it('checks attributes against the definition: required ones, list keys, several values of a multivaluelist', () => {
    expect(refusal(() => ok('lat=23&long=113', 'METER_BOX')).problems[0]).toContain('attribute[METER_SIDE]');
    expect(ok('lat=23&long=113&attribute[METER_SIDE]=AFTER', 'METER_BOX').attributes).toEqual({ METER_SIDE: 'AFTER' });
    expect(ok('lat=23&long=113&attribute[SYMPTOM][]=COLOUR&attribute[SYMPTOM][]=SMELL', 'WATER_QUALITY').attributes).toEqual({ SYMPTOM: ['COLOUR', 'SMELL'] });
    expect(refusal(() => ok('lat=23&long=113&attribute[SYMPTOM][]=COLOUR&attribute[SYMPTOM][]=MUD', 'WATER_QUALITY')).problems[0]).toContain('MUD');
    expect(refusal(() => ok('lat=23&long=113&attribute[METER_SIDE]=BEFORE&attribute[METER_SIDE]=AFTER')).problems[0]).toContain('one value');
  });
  it('the work order reads the answers with their questions; names are written the way they are said', () => {
    const input = ok('lat=23&long=113&description=%E8%B7%AF%E9%9D%A2%E5%86%92%E6%B0%B4&attribute[METER_SIDE]=BEFORE&address_id=A-9');
    expect(workOrderDescription(input, '漏水')).toBe('路面冒水\n漏水位置在水表前还是水表后？ / Is the leak before or after the meter?：表前（进水一侧，供水管道） / Before the meter (the supply side)\n地址编号 / address id: A-9');
    expect(workOrderDescription({ ...input, description: null, attributes: {}, addressId: null }, '漏水')).toContain('漏水');
    expect(reporterName('三', '张')).toBe('张三');
    expect(reporterName('John', 'Smith')).toBe('John Smith');
    expect(reporterName(null, '李')).toBe('李');
    expect(reporterName(null, null)).toBeNull();
  });
  it('one jurisdiction: a wrong jurisdiction_id is a 404, none at all is fine', () => {
    expect(() => checkJurisdiction(null, cfg)).not.toThrow();
    expect(() => checkJurisdiction(cfg.jurisdictionId, cfg)).not.toThrow();
    expect(refusal(() => checkJurisdiction('other.gov', cfg))).toMatchObject({ status: 'NOT_FOUND', problems: [expect.stringContaining('jurisdiction_id')] });
  });
});

describe('the public view of an order', () => {
  const facts: PublicOrderFacts = {
    number: 'WO-2026-000042', status: S.ACCEPTED, category: 'LEAK', department: 'NETWORK', description: '路面冒水 & <漏水>\r\n第二行', address: '人民路1号',
    lon: 113.28, lat: 23.1, createdAt: new Date('2026-12-01T01:00:00Z'), updatedAt: new Date('2026-12-01T01:20:00Z'), resolveDueAt: new Date('2026-12-02T01:00:00Z'),
    revisitDueAt: null, reopenedAt: null, revisitResolvedAt: null, mergedNumber: null, outageNumber: null, outageEndsAt: null, addressId: null, zipcode: null,
    mediaUrl: 'https://img.example/1.jpg',
  };
  const svc = { serviceName: '漏水', serviceNotice: '40 分钟内到场', confidential: false };
  it('carries the spec fields, the department as agency, deadlines as W3C datetimes, and nothing personal', () => {
    const v = publicRequest(facts, svc, cfg);
    expect(v).toEqual({
      service_request_id: 'WO-2026-000042', status: 'open', status_notes: '管网维修已接单处理 / Accepted by Network maintenance', service_name: '漏水', service_code: 'LEAK',
      description: '路面冒水 & <漏水>\r\n第二行', agency_responsible: '管网维修 / Network maintenance', service_notice: '40 分钟内到场',
      requested_datetime: '2026-12-01T09:00:00+08:00', updated_datetime: '2026-12-01T09:20:00+08:00', expected_datetime: '2026-12-02T09:00:00+08:00',
      address: '人民路1号', address_id: null, zipcode: null, lat: 23.1, long: 113.28, media_url: 'https://img.example/1.jpg',
    });
    expect(open311Problems('requests', [v])).toEqual([]);
  });
  it('after a reopening the revisit deadline is expected; a linked report expects the outage end', () => {
    const reopened = { ...facts, status: S.REOPENED, reopenedAt: new Date('2026-12-03T00:00:00Z'), revisitDueAt: new Date('2026-12-04T00:00:00Z') };
    expect(publicRequest(reopened, svc, cfg).expected_datetime).toBe('2026-12-04T08:00:00+08:00');
    const linked = { ...facts, status: S.LINKED_TO_OUTAGE, resolveDueAt: null, outageNumber: 'TS-2026-000001', outageEndsAt: new Date('2026-12-01T12:00:00Z') };
    expect(publicRequest(linked, svc, cfg)).toMatchObject({ status: 'open', expected_datetime: '2026-12-01T20:00:00+08:00' });
  });
  it('a confidential category withholds description, address, coordinates and media', () => {
    const v = publicRequest({ ...facts, category: 'COMPLAINT', department: 'DISCIPLINE' }, { ...svc, confidential: true }, cfg);
    expect(v).toMatchObject({ description: null, address: null, lat: null, long: null, media_url: null, status: 'open', service_code: 'COMPLAINT' });
  });
  it('cuts the description to the spec’s 4,000 characters', () => {
    expect((publicRequest({ ...facts, description: '漏'.repeat(4100) }, svc, cfg).description as string).length).toBe(4000);
  });
});

describe('one model, two encoders (XML and JSON carry the same data)', () => {
  const facts = {
    number: 'WO-2026-000001', status: S.RESOLVED, category: 'LEAK', department: 'NETWORK', description: 'a & b < c > d "e" \'f\'\r\nline\u0007 bell', address: null,
    lon: 113.2800001, lat: -23.5, createdAt: new Date('2026-12-01T01:00:00Z'), updatedAt: null, resolveDueAt: null, revisitDueAt: null, reopenedAt: null,
    revisitResolvedAt: null, mergedNumber: null, outageNumber: null, outageEndsAt: null, addressId: null, zipcode: null, mediaUrl: null,
  } as PublicOrderFacts;
  it('requests: the XML read back by the schema equals the JSON, escapes and line breaks included; XML-illegal characters are dropped from both', () => {
    const doc = requestsDocument([publicRequest(facts, { serviceName: '漏水', serviceNotice: null, confidential: false }, cfg)]);
    const json = JSON.parse(encodeJson(doc));
    expect(json[0].description).toBe('a & b < c > d "e" \'f\'\r\nline bell');
    const xml = encodeXml(doc);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><service_request_id>WO-2026-000001</service_request_id>')).toBe(true);
    expect(xml).toContain('<address/>');
    expect(xml).toContain('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;&#13;\nline bell');
    const back = readOpen311Xml('requests', xml);
    expect(back.problems).toEqual([]);
    expect(back.value).toEqual(json);
  });
  it('service definitions, POST answers and errors: the same in both encodings and valid by the spec', () => {
    const cases = [
      ['service_definition', serviceDefinitionDocument(serviceDefinition('WATER_QUALITY'))],
      ['services', servicesDocument(publicServices(categoryFacts(), ['WATER'], cfg))],
      ['post_response', postResponseDocument({ serviceRequestId: 'WO-2026-000009', serviceNotice: null, accountId: null })],
      ['errors', errorsDocument(400, ['lat and long must both be sent', 'email is not an e-mail address'])],
    ] as const;
    for (const [kind, doc] of cases) {
      const json = JSON.parse(encodeJson(doc));
      expect(open311Problems(kind, json)).toEqual([]);
      const back = readOpen311Xml(kind, encodeXml(doc));
      expect({ kind, problems: back.problems }).toEqual({ kind, problems: [] });
      expect(back.value).toEqual(json);
    }
    expect(encodeXml(errorsDocument(403, ['invalid api_key']))).toBe('<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>403</code><description>invalid api_key</description></error></errors>');
    expect(encodeJson(postResponseDocument({ serviceRequestId: 'WO-1', serviceNotice: 'n', accountId: null }))).toBe('[{"service_request_id":"WO-1","service_notice":"n","account_id":null}]');
  });
  it('an empty list is an empty root element and []', () => {
    expect(encodeXml(requestsDocument([]))).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_requests></service_requests>');
    expect(readOpen311Xml('requests', encodeXml(requestsDocument([]))).value).toEqual([]);
    expect(encodeJson(o311Document('service_requests', []))).toBe('[]');
  });
  it('the schema catches what the spec forbids (a status other than open/closed, a datetime without offset, a missing required field)', () => {
    expect(open311Problems('requests', [{ service_request_id: 'x', status: 'pending', service_code: 'LEAK', requested_datetime: '2026-12-01T09:00:00+08:00' }])).not.toEqual([]);
    expect(open311Problems('requests', [{ service_request_id: 'x', status: 'open', service_code: 'LEAK', requested_datetime: '2026-12-01T09:00:00' }])).not.toEqual([]);
    expect(open311Problems('requests', [{ service_request_id: 'x', status: 'open', requested_datetime: '2026-12-01T09:00:00Z' }])).not.toEqual([]);
    expect(readOpen311Xml('errors', '<?xml version="1.0" encoding="utf-8"?>\n<error><code>400</code></error>').problems).not.toEqual([]);
    expect(Channel.OPEN311).toBe('OPEN311');
  });
});
