// Fuzz cases generated from the committed supergraph: one request per root field with plausible
// arguments (the role-matrix probe) and one per argument (or input field) with each hostile value of
// its type. Deterministic: a seeded PRNG picks the role of each hostile case.
import fs from 'node:fs';
import {
  buildSchema, GraphQLArgument, GraphQLField, GraphQLInputObjectType, GraphQLInputType, GraphQLNamedType, GraphQLSchema, getNamedType,
  isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType, isUnionType, isInterfaceType,
} from 'graphql';
import { mulberry32 } from '@mainline/common/domain';

export const SUPERGRAPH = require.resolve('@mainline/gateway/supergraph.graphql');

export function loadSupergraph(): GraphQLSchema {
  return buildSchema(fs.readFileSync(SUPERGRAPH, 'utf8'), { assumeValidSDL: true });
}

/** The project's one seeded PRNG: the same cases for the same seed on every machine. */
export const prng = mulberry32;

export interface RootField {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
}

export function rootFields(schema: GraphQLSchema): RootField[] {
  const out: RootField[] = [];
  for (const [operation, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) if (!field.name.startsWith('_')) out.push({ operation, field });
  }
  return out;
}

/** Real ids of the stack, so plausible arguments reach the services' lookups, not only NOT_FOUND. */
export interface KnownIds {
  networkId: string;
  workOrderId: string;
  pipeId: string;
  valveId: string;
}

const RANDOM_UUID = '3f2a9c4e-8b1d-4e6f-9a7c-2d5b8e1f0a3c';

/** A plausible value for an argument or input field, by name and type (required fields always filled). */
export function plausible(name: string, type: GraphQLInputType, ids: KnownIds, parent: string | null = null, depth = 0): unknown {
  if (isNonNullType(type)) return plausible(name, type.ofType, ids, parent, depth);
  if (isListType(type)) return [plausible(name.replace(/Ids$/, 'Id'), type.ofType as GraphQLInputType, ids, parent, depth)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) return plausibleObject(type, ids, depth + 1);
  switch (type.name) {
    case 'Int': return /Year$/.test(name) ? 2026 : 10;
    case 'Float': return /lon/i.test(name) ? 112.04 : /lat/i.test(name) ? 22.93 : 100;
    case 'Boolean': return false;
    case 'DateTimeISO': return /ends/i.test(name) ? '2031-06-01T12:00:00Z' : '2031-06-01T08:00:00Z';
    case 'ID': {
      if (name === 'networkId') return ids.networkId;
      if (/^(pipeId|segmentPipeId)$/.test(name)) return ids.pipeId;
      if (/valveId$/i.test(name)) return ids.valveId;
      if (name === 'id' && parent === 'AssetRefInput') return ids.pipeId;
      if (/^(id|workOrderId|intoId)$/.test(name)) return ids.workOrderId;
      return RANDOM_UUID;
    }
    case 'String':
      if (name === 'month') return '2026-01';
      if (name === 'quarter') return '2026-Q1';
      if (name === 'startsOn' || name === 'endsOn') return name === 'startsOn' ? '2030-11-15' : '2031-03-19'; // a heating season
      if (name === 'locale') return 'zh-CN';
      return 'fuzz';
    default: return null; // JSON and other free-form scalars
  }
}

function plausibleObject(type: GraphQLInputObjectType, ids: KnownIds, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of Object.values(type.getFields())) {
    if (isNonNullType(f.type) && f.defaultValue === undefined && depth < 4) o[f.name] = plausible(f.name, f.type, ids, type.name, depth);
  }
  return o;
}

const LONG = 'x'.repeat(10_001);
const HOSTILE_STRINGS: unknown[] = [
  '', ' ', 'not-a-uuid', '\u0000', 'a\u0000b', LONG, "' OR 1=1; DROP TABLE work_order; --", '<script>alert(1)</script>',
  '\u202e\ud83d\ude00\u4e2d\u6587\ufffd', '%s%n%x', '../../etc/passwd', '00000000-0000-0000-0000-00000000000g', 7, true, {}, [],
];
const HOSTILE_NUMBERS: unknown[] = [0, -1, 2 ** 31, -(2 ** 31) - 1, 1.5, 1e308, -1e308, 'NaN', 'Infinity', '10', true, {}];
const HOSTILE_DATES: unknown[] = ['2026-13-45T00:00:00Z', '2026-02-30T10:00:00Z', 'not a date', '', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '1969-12-31T23:59:59Z', 0, '2026-01-01'];

/** Hostile values for one input type (the named type; lists get list-specific ones too). */
export function hostileValues(type: GraphQLInputType): unknown[] {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) {
    const item = hostileValues(t.ofType as GraphQLInputType).slice(0, 4);
    return [...item.map((v) => [v]), 'not-a-list', [[['nested']]], Array.from({ length: 10_001 }, (_, i) => `id-${i}`), [null]];
  }
  if (isEnumType(t)) return ['NOT_A_VALUE', '', t.getValues()[0].name.toLowerCase(), 1, null];
  if (isInputObjectType(t)) return ['a string', [], {}, { unknownField: 1 }];
  switch ((t as GraphQLNamedType).name) {
    case 'Int':
    case 'Float':
      return HOSTILE_NUMBERS;
    case 'Boolean':
      return ['true', 1, null];
    case 'DateTimeISO':
      return HOSTILE_DATES;
    default:
      return HOSTILE_STRINGS;
  }
}

/** A selection for the field's return type: `__typename` is enough to execute every resolver. */
export function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const t = getNamedType(field.type);
  return isObjectType(t) || isUnionType(t) || isInterfaceType(t) ? ' { __typename }' : '';
}

export function printType(type: GraphQLInputType): string {
  return String(type);
}

/** `query F($a: T, …) { field(a: $a, …) { __typename } }` with every argument as a variable. */
export function documentFor(rf: RootField): string {
  const args = rf.field.args;
  // An argument with a default takes a nullable variable, so leaving the variable out means the default.
  const defs = args.map((a) => `$${a.name}: ${printType(a.defaultValue !== undefined && isNonNullType(a.type) ? a.type.ofType : a.type)}`).join(', ');
  const pass = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${rf.operation} Fuzz${defs ? `(${defs})` : ''} { ${rf.field.name}${pass ? `(${pass})` : ''}${selectionFor(rf.field)} }`;
}

export interface FuzzCase {
  field: string;
  operation: 'query' | 'mutation';
  /** What is wrong: `arg=value` or `Input.field=value`; `plausible` for the role-matrix probe. */
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

function describeValue(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…(${s.length})` : s;
}

/** Every argument, and every field of an input-object argument, with each hostile value of its type. */
export function hostileCases(rf: RootField, ids: KnownIds): FuzzCase[] {
  const query = documentFor(rf);
  const base: Record<string, unknown> = {};
  for (const a of rf.field.args) base[a.name] = PLAUSIBLE_OVERRIDES[`${rf.field.name}.${a.name}`] ?? plausible(a.name, a.type, ids);
  const cases: FuzzCase[] = [];
  const push = (label: string, variables: Record<string, unknown>) => cases.push({ field: rf.field.name, operation: rf.operation, label, query, variables });
  for (const a of rf.field.args as readonly GraphQLArgument[]) {
    for (const v of hostileValues(a.type)) push(`${a.name}=${describeValue(v)}`, { ...base, [a.name]: v });
    const named = getNamedType(a.type);
    if (isInputObjectType(named) && !isListType(isNonNullType(a.type) ? a.type.ofType : a.type)) {
      const inner = (base[a.name] ?? {}) as Record<string, unknown>;
      for (const f of Object.values(named.getFields())) {
        if (isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type)) || isListType(isNonNullType(f.type) ? f.type.ofType : f.type)) {
          for (const v of hostileValues(f.type)) push(`${named.name}.${f.name}=${describeValue(v)}`, { ...base, [a.name]: { ...inner, [f.name]: v } });
        }
      }
    }
  }
  return cases;
}

/**
 * Arguments whose plausible value the generic rules cannot guess (notice alerts are numbered; a report
 * answered at once must be an inquiry; a compensation rule, a finding or a shift must be well formed), so
 * the probe reaches the resolver. The finding names an order that does not exist: NOT_FOUND, nothing written.
 */
const PLAUSIBLE_OVERRIDES: Record<string, unknown> = {
  'acknowledgeNoticeAlert.id': '1',
  'answerAtOnce.input': { category: 'INQUIRY', channel: 'PHONE', description: 'fuzz' },
  'recordCompensationFinding.input': { workOrderId: '00000000-0000-4000-8000-000000000001', ruleId: 'METER_NOT_READ' },
  'setCompensationRule.input': { id: 'FUZZ', categories: ['INQUIRY'], target: 'resolve', amountCny: 0, per: 'once', active: false },
  'setDepartmentLiaisons.liaisons': [{ start: '08:00', end: '18:00', name: 'fuzz', phone: '13700000000' }],
};

export function plausibleCase(rf: RootField, ids: KnownIds): FuzzCase {
  const variables: Record<string, unknown> = {};
  for (const a of rf.field.args) {
    if (isNonNullType(a.type) && a.defaultValue === undefined) variables[a.name] = PLAUSIBLE_OVERRIDES[`${rf.field.name}.${a.name}`] ?? plausible(a.name, a.type, ids);
  }
  return { field: rf.field.name, operation: rf.operation, label: 'plausible', query: documentFor(rf), variables };
}

/** What must never reach a caller: stack frames, SQL and driver errors, file paths, masked crashes. */
export const LEAK_PATTERNS: RegExp[] = [
  /\bat [\w.<>]+ \(/, /\.(ts|js):\d+/, /\/work\/|node_modules|\/src\//, /QueryFailedError|EntityNotFound|TypeORMError/,
  /invalid input syntax|violates|relation "|column "|syntax error at|bind message|SELECT |INSERT INTO|UPDATE \w+ SET/,
  /TypeError|RangeError|ReferenceError|Cannot read propert|Maximum call stack|ECONNREFUSED|timeout exceeded/,
  /Internal server error/i,
];

/** Codes a client may get for its own mistakes or for what it may not do. */
export const CLIENT_CODES = new Set([
  'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED',
  'CONFLICT', 'SLA_RULE', 'QUERY_TOO_COMPLEX', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'RATE_LIMITED',
]);

export interface Answer {
  status: number;
  text: string;
}

/** Why an answer is a server error or a leak, or null when it is a proper client answer. */
export function verdict(a: Answer): string | null {
  if (a.status >= 500) return `HTTP ${a.status}`;
  for (const p of LEAK_PATTERNS) if (p.test(a.text)) return `leak ${p}: ${a.text.slice(0, 300)}`;
  let body: { errors?: Array<{ message?: string; extensions?: { code?: string } }> };
  try {
    body = JSON.parse(a.text);
  } catch {
    return `not JSON: ${a.text.slice(0, 200)}`;
  }
  for (const e of body.errors ?? []) {
    const code = e.extensions?.code;
    if (!code || !CLIENT_CODES.has(code)) return `code ${code ?? '(none)'}: ${String(e.message).slice(0, 200)}`;
  }
  return null;
}

/**
 * A plausible probe that was refused before the resolver (variables, validation, the shared argument
 * checks): it says nothing about the role, so the probe itself is wrong.
 */
export function refusedBeforeResolver(a: Answer): string | null {
  try {
    const body = JSON.parse(a.text) as { errors?: Array<{ message?: string; extensions?: { code?: string; argument?: string } }> };
    const e = (body.errors ?? []).find((x) => ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX'].includes(String(x.extensions?.code)) || x.extensions?.argument);
    return e ? `${e.extensions?.code}: ${e.message}` : null;
  } catch {
    return null;
  }
}

/** Denied for the caller's role: type-graphql's auth checker or a resolver's requireRole. */
export function deniedByRole(a: Answer): boolean {
  try {
    const body = JSON.parse(a.text) as { errors?: Array<{ message?: string; extensions?: { code?: string } }> };
    return (body.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN' && /^(not allowed for this role|requires role )/.test(String(e.message)));
  } catch {
    return false;
  }
}
