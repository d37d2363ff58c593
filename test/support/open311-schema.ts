// The GeoReport v2 field definitions (http://wiki.open311.org/GeoReport_v2), written from the spec's tables as
// JSON Schemas, and the spec's XML read into the same shape by those schemas: every Open311 answer the tests see
// is checked against them in both formats (required fields, enums, W3C datetimes, types), and the XML must carry
// exactly what the JSON does.
import Ajv, { type ErrorObject } from 'ajv';
import { XMLParser } from 'fast-xml-parser';

/** The W3C note's complete datetime with seconds and an offset (Z or ±hh:mm), as the spec requires for output. */
export const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Schema = Record<string, unknown>;
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
const text: Schema = { type: 'string' };
const nonEmpty: Schema = { type: 'string', minLength: 1 };
const bool: Schema = { type: 'boolean' };
const datetime: Schema = { type: 'string', pattern: W3C_DATETIME.source };
/** `xmlItem`: the element of each item of a list in the spec's XML (JSON has plain arrays). */
const list = (item: Schema, xmlItem: string, extra: Schema = {}): Schema => ({ type: 'array', items: item, xmlItem, ...extra });

// GET Service List: service_code, service_name, description, metadata (true/false), type (realtime/batch/blackbox), keywords, group.
const service: Schema = {
  type: 'object', additionalProperties: false,
  required: ['service_code', 'service_name', 'metadata', 'type'],
  properties: {
    service_code: nonEmpty, service_name: nonEmpty, description: nullable(text), metadata: bool,
    type: { enum: ['realtime', 'batch', 'blackbox'] }, keywords: nullable(text), group: nullable(text),
  },
};

// GET Service Definition: attributes with variable, code, datatype (six kinds), required, datatype_description, order, description, values (key, name).
const attribute: Schema = {
  type: 'object', additionalProperties: false,
  required: ['variable', 'code', 'datatype', 'required', 'order', 'description'],
  properties: {
    variable: bool, code: nonEmpty,
    datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
    required: bool, datatype_description: nullable(text), order: { type: 'integer', minimum: 1 }, description: nonEmpty,
    values: list({ type: 'object', additionalProperties: false, required: ['key', 'name'], properties: { key: nonEmpty, name: nonEmpty } }, 'value'),
  },
};

// GET Service Requests / GET Service Request: status open|closed, requested/updated/expected datetimes in w3 format, WGS84 lat/long.
const request: Schema = {
  type: 'object', additionalProperties: false,
  required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
  properties: {
    service_request_id: nonEmpty, status: { enum: ['open', 'closed'] }, status_notes: nullable(text), service_name: nullable(text),
    service_code: nonEmpty, description: nullable({ type: 'string', maxLength: 4000 }), agency_responsible: nullable(text), service_notice: nullable(text),
    requested_datetime: datetime, updated_datetime: nullable(datetime), expected_datetime: nullable(datetime),
    address: nullable(text), address_id: nullable(text), zipcode: nullable(text),
    lat: nullable({ type: 'number', minimum: -90, maximum: 90 }), long: nullable({ type: 'number', minimum: -180, maximum: 180 }),
    media_url: nullable({ type: 'string', pattern: '^https?://' }),
  },
};

export const OPEN311_SCHEMAS = {
  services: { root: 'services', schema: list(service, 'service') },
  service_definition: {
    root: 'service_definition',
    schema: { type: 'object', additionalProperties: false, required: ['service_code', 'attributes'], properties: { service_code: nonEmpty, attributes: list(attribute, 'attribute') } },
  },
  // POST Service Request answers service_request_id (this server is realtime: never a token), service_notice, account_id.
  post_response: {
    root: 'service_requests',
    schema: list({
      type: 'object', additionalProperties: false, required: ['service_request_id'],
      properties: { service_request_id: nonEmpty, service_notice: nullable(text), account_id: nullable(text) },
    }, 'request', { minItems: 1, maxItems: 1 }),
  },
  requests: { root: 'service_requests', schema: list(request, 'request') },
  errors: {
    root: 'errors',
    schema: list({ type: 'object', additionalProperties: false, required: ['code', 'description'], properties: { code: { type: 'integer', minimum: 400, maximum: 599 }, description: nonEmpty } }, 'error', { minItems: 1 }),
  },
} as const;

export type Open311Kind = keyof typeof OPEN311_SCHEMAS;

const ajv = new Ajv({ allErrors: true });
ajv.addKeyword({ keyword: 'xmlItem', schemaType: 'string' });
const validators = Object.fromEntries(Object.entries(OPEN311_SCHEMAS).map(([k, v]) => [k, ajv.compile(v.schema)])) as Record<Open311Kind, ReturnType<typeof ajv.compile>>;

const fmt = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);

/** The problems of a decoded answer against the spec's definitions ([] when it conforms). */
export function open311Problems(kind: Open311Kind, value: unknown): string[] {
  const v = validators[kind];
  return v(value) ? [] : fmt(v.errors);
}

/** Reads XML text by the schema: lists by their item elements, booleans and numbers typed, an empty element as null. */
function fromXml(value: unknown, schema: Schema): unknown {
  const nonNull = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]).find((s) => s.type !== 'null') : null;
  if (nonNull) return value === '' ? null : fromXml(value, nonNull);
  switch (schema.type) {
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'number':
    case 'integer':
      return typeof value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value) ? Number(value) : value;
    case 'array': {
      if (value === '') return [];
      const items = (value as Record<string, unknown> | null)?.[schema.xmlItem as string];
      if (!Array.isArray(items)) return value; // the wrong element: the schema check says so
      return items.map((x) => fromXml(x, schema.items as Schema));
    }
    case 'object': {
      if (value === '' || typeof value !== 'object' || value === null) return value === '' ? {} : value;
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, props[k] ? fromXml(x, props[k]) : x]));
    }
    default:
      return value;
  }
}

function itemPaths(schema: Schema, path: string, out: Set<string>): void {
  if (schema.anyOf) for (const s of schema.anyOf as Schema[]) itemPaths(s, path, out);
  if (schema.type === 'array') {
    const p = `${path}.${schema.xmlItem as string}`;
    out.add(p);
    itemPaths(schema.items as Schema, p, out);
  }
  if (schema.type === 'object') for (const [k, s] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) itemPaths(s, `${path}.${k}`, out);
}

/**
 * The spec's XML as the JSON it maps to, or the reasons it is not the spec's XML: the UTF-8 declaration,
 * one root element of the right name, no attributes or namespaces.
 */
export function readOpen311Xml(kind: Open311Kind, xml: string): { value: unknown; problems: string[] } {
  const { root, schema } = OPEN311_SCHEMAS[kind];
  const problems: string[] = [];
  if (!/^<\?xml version="1\.0" encoding="utf-8"\?>/i.test(xml)) problems.push('no <?xml version="1.0" encoding="utf-8"?> declaration first');
  if (/\sxmlns[:=]/.test(xml)) problems.push('namespaced XML');
  const paths = new Set<string>();
  itemPaths(schema as Schema, root, paths);
  const parsed = new XMLParser({ parseTagValue: false, trimValues: false, htmlEntities: true, ignoreAttributes: false, isArray: (_n, jpath) => paths.has(String(jpath)) }).parse(xml);
  const roots = Object.keys(parsed).filter((k) => k !== '?xml');
  if (roots.length !== 1 || roots[0] !== root) problems.push(`root element(s) ${roots.join(', ')} instead of <${root}>`);
  if (/ [A-Za-z_:][-\w:.]*="/.test(xml.replace(/^<\?xml[^>]*\?>/, ''))) problems.push('XML attributes (the spec uses elements only)');
  const value = fromXml(parsed[root] ?? null, schema as Schema);
  return { value, problems: [...problems, ...open311Problems(kind, value)] };
}
