// Open311 GeoReport v2 answers: one model, two encoders (docs/domain.md "Open311"). The spec's JSON is a
// mechanical mapping of its XML (the "Spark convention"), so a document is built once as plain data and
// written either way; XML and JSON cannot carry different data.

export type O311Scalar = string | number | boolean | null;
export type O311Value = O311Scalar | O311Object | O311Value[];
export interface O311Object {
  readonly [field: string]: O311Value;
}

/** The root elements of the spec's answers. */
export type O311Root = 'services' | 'service_definition' | 'service_requests' | 'errors' | 'discovery';

export interface O311Document {
  root: O311Root;
  body: O311Object | O311Object[];
}

/** The XML element of each item of a list, by the list's element (the spec's XML; JSON has plain arrays). */
export const O311_LIST_ITEM: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

/**
 * Characters XML 1.0 cannot carry (control characters other than tab and line breaks, lone surrogates,
 * U+FFFE/U+FFFF) are dropped from every text when the document is built, so both encodings hold the same text.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function cleanText(s: string): string {
  return s.replace(NOT_XML_CHAR, '');
}

function clean(v: O311Value): O311Value {
  if (typeof v === 'string') return cleanText(v);
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    const out: Record<string, O311Value> = {};
    for (const [k, x] of Object.entries(v)) out[k] = clean(x);
    return out;
  }
  return v;
}

export function o311Document(root: O311Root, body: O311Object | O311Object[]): O311Document {
  return { root, body: clean(body) as O311Object | O311Object[] };
}

export function encodeJson(doc: O311Document): string {
  return JSON.stringify(doc.body);
}

// `\r` as a character reference: an XML parser turns a literal CR (and CRLF) into LF, the reference it keeps.
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

function escapeXml(s: string): string {
  return s.replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c]);
}

function writeXml(name: string, v: O311Value, out: string[]): void {
  if (v === null) {
    out.push(`<${name}/>`);
  } else if (Array.isArray(v)) {
    const item = O311_LIST_ITEM[name];
    if (!item) throw new Error(`no XML item element for the list "${name}"`);
    out.push(`<${name}>`);
    for (const x of v) writeXml(item, x, out);
    out.push(`</${name}>`);
  } else if (typeof v === 'object') {
    out.push(`<${name}>`);
    for (const [k, x] of Object.entries(v)) writeXml(k, x, out);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escapeXml(String(v))}</${name}>`);
  }
}

/** The spec's XML: UTF-8 declaration, no namespace, one element per field, `<x/>` for null. */
export function encodeXml(doc: O311Document): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  writeXml(doc.root, doc.body as O311Value, out);
  return out.join('');
}

export const O311_CONTENT_TYPE = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' } as const;

export function encodeO311(doc: O311Document, format: 'json' | 'xml'): string {
  return format === 'json' ? encodeJson(doc) : encodeXml(doc);
}
