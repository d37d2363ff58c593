// Every root field's arguments checked once, before any resolver or I/O runs: ids, cursors, page
// sizes, list lengths, strings, dates, coordinates and JSON depth. Applied to the built schema's root
// resolvers by the subgraph bootstrap (subgraph.ts), so no resolver repeats it and nested fields pay nothing.
import {
  GraphQLField, GraphQLInputType, GraphQLInputObjectType, GraphQLScalarType, GraphQLSchema, isInputObjectType, isListType, isNonNullType, isScalarType,
} from 'graphql';
import { InvalidInputError } from './errors';
import { parseKeyCursor } from './domain/cursor';

export interface InputLimits {
  maxStringLength: number;
  maxIdLength: number;
  maxListLength: number;
  /** Bounds of `first` / `limit` / `top`. */
  minPageSize: number;
  maxPageSize: number;
  maxJsonDepth: number;
  /** Years a date argument may fall in (PostgreSQL and the calendars need a sane range). */
  minYear: number;
  maxYear: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxStringLength: 10_000,
  maxIdLength: 200,
  maxListLength: 10_000,
  minPageSize: 1,
  maxPageSize: 5_000,
  maxJsonDepth: 32,
  minYear: 1970,
  maxYear: 9999,
};

export type IdFormat = 'uuid' | 'serial' | 'text';

/** What a service knows about its own arguments; keys are `field.arg` (root) or `InputType.field`. */
export interface InputRules {
  /** Id formats beyond the shared defaults (e.g. `acknowledgeNoticeAlert.id: 'serial'`). */
  ids?: Record<string, IdFormat>;
  /** Strings allowed past maxStringLength, with their own limit (e.g. an imported model file). */
  longText?: Record<string, number>;
}

/** Shared id conventions: these names carry UUIDs wherever they appear; a root `id` too. */
const UUID_NAMES = new Set(['networkId', 'outageId', 'workOrderId', 'workOrderIds', 'intoId']);
const PAGE_ARGS = new Set(['first', 'limit', 'top']);
const CURSOR_ARGS = new Set(['after']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SERIAL = /^[1-9][0-9]{0,17}$/;
const LON_LAT_TYPES = new Set(['LonLatInput', 'BBoxInput']);

/** The lists' cursor: base64url of `<ISO instant>|<uuid>` (tickets' work orders, network's outages); key cursors are domain/cursor's. */
export function decodeTimeIdCursor(c: string): { createdAt: Date; id: string } | null {
  if (c.length > 200 || !/^[A-Za-z0-9_-]+={0,2}$/.test(c)) return null;
  const [t, id, extra] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(t);
  if (extra !== undefined || !id || !UUID.test(id) || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}

function refuse(path: string, zh: string, en: string): never {
  throw new InvalidInputError(`参数 ${path} 无效：${zh} / invalid argument ${path}: ${en}`, { argument: path });
}

function jsonTooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) return true;
    if (v !== null && typeof v === 'object') for (const c of Array.isArray(v) ? v : Object.values(v)) stack.push([c, d + 1]);
  }
  return false;
}

export class InputValidator {
  private readonly limits: InputLimits;
  constructor(limits: Partial<InputLimits> = {}, private readonly rules: InputRules = {}) {
    this.limits = { ...DEFAULT_INPUT_LIMITS, ...limits };
  }

  /** Throws INVALID_INPUT naming the first bad argument of a root field. */
  checkArgs(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): void {
    for (const a of field.args) {
      const v = args[a.name];
      if (v === undefined || v === null) continue;
      const key = `${field.name}.${a.name}`;
      if (PAGE_ARGS.has(a.name) && typeof v === 'number') {
        if (v < this.limits.minPageSize || v > this.limits.maxPageSize) {
          refuse(a.name, `应在 ${this.limits.minPageSize} 到 ${this.limits.maxPageSize} 之间`, `must be between ${this.limits.minPageSize} and ${this.limits.maxPageSize}`);
        }
      }
      if (CURSOR_ARGS.has(a.name) && typeof v === 'string' && !decodeTimeIdCursor(v) && !parseKeyCursor(v)) {
        refuse(a.name, '不是本列表给出的游标', 'is not a cursor from this list');
      }
      this.check(v, a.type, a.name, key, this.rules.ids?.[key] ?? (a.name === 'id' || UUID_NAMES.has(a.name) ? 'uuid' : 'text'));
    }
  }

  private check(v: unknown, type: GraphQLInputType, path: string, key: string, idFormat: IdFormat): void {
    if (v === null || v === undefined) return;
    if (isNonNullType(type)) return this.check(v, type.ofType, path, key, idFormat);
    if (isListType(type)) {
      if (!Array.isArray(v)) return this.check(v, type.ofType, path, key, idFormat); // a single value coerced to a list
      if (v.length > this.limits.maxListLength) refuse(path, `最多 ${this.limits.maxListLength} 项`, `at most ${this.limits.maxListLength} items`);
      v.forEach((item, i) => this.check(item, type.ofType as GraphQLInputType, `${path}[${i}]`, key, idFormat));
      return;
    }
    if (isInputObjectType(type)) return this.checkObject(v as Record<string, unknown>, type, path);
    if (isScalarType(type)) return this.checkScalar(v, type, path, key, idFormat);
  }

  private checkObject(v: Record<string, unknown>, type: GraphQLInputObjectType, path: string): void {
    const fields = type.getFields();
    for (const [name, f] of Object.entries(fields)) {
      const value = v[name];
      if (value === undefined || value === null) continue;
      const key = `${type.name}.${name}`;
      const p = `${path}.${name}`;
      if (LON_LAT_TYPES.has(type.name) && typeof value === 'number') {
        const bound = /lon/i.test(name) ? 180 : 90;
        if (Math.abs(value) > bound) refuse(p, `应在 -${bound} 到 ${bound} 之间`, `must be between -${bound} and ${bound}`);
      }
      this.check(value, f.type, p, key, this.rules.ids?.[key] ?? (UUID_NAMES.has(name) ? 'uuid' : 'text'));
    }
  }

  private checkScalar(v: unknown, type: GraphQLScalarType, path: string, key: string, idFormat: IdFormat): void {
    if (typeof v === 'string') {
      if (v.includes('\u0000')) refuse(path, '不能含 NUL 字符', 'must not contain NUL characters');
      const max = this.rules.longText?.[key] ?? (type.name === 'ID' ? this.limits.maxIdLength : this.limits.maxStringLength);
      if (v.length > max) refuse(path, `最长 ${max} 个字符`, `at most ${max} characters`);
      if (type.name === 'ID' && idFormat === 'uuid' && !UUID.test(v)) refuse(path, '应为 UUID', 'must be a UUID');
      if (type.name === 'ID' && idFormat === 'serial' && !SERIAL.test(v)) refuse(path, '应为正整数编号', 'must be a positive integer id');
      if (type.name === 'ID' && v.trim() === '') refuse(path, '不能为空', 'must not be empty');
    } else if (v instanceof Date) {
      const y = v.getUTCFullYear();
      if (Number.isNaN(y) || y < this.limits.minYear || y > this.limits.maxYear) {
        refuse(path, `日期应在 ${this.limits.minYear} 到 ${this.limits.maxYear} 年之间`, `must be a date between the years ${this.limits.minYear} and ${this.limits.maxYear}`);
      }
    } else if (typeof v === 'object' && jsonTooDeep(v, this.limits.maxJsonDepth)) {
      refuse(path, `嵌套超过 ${this.limits.maxJsonDepth} 层`, `nested deeper than ${this.limits.maxJsonDepth} levels`);
    }
  }

  /** Wraps every Query and Mutation resolver of `schema` so its arguments are checked before it runs. */
  guard(schema: GraphQLSchema): void {
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        const resolve = field.resolve;
        if (!resolve || field.args.length === 0 || field.name.startsWith('_')) continue;
        field.resolve = (source, args, ctx, info) => {
          this.checkArgs(field, args);
          return resolve(source, args, ctx, info);
        };
      }
    }
  }
}
