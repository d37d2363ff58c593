import { buildSchema, GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO, GraphQLJSON } from 'graphql-scalars';
import { decodeTimeIdCursor, InputValidator } from './input-rules';
import { DomainError } from './errors';
import { decodeKeyCursor, encodeKeyCursor, parseKeyCursor } from './domain/cursor';

const sdl = `
  scalar DateTimeISO
  scalar JSON
  input LonLatInput { lon: Float! lat: Float! }
  input Filter { networkId: ID texts: [String!] at: DateTimeISO point: LonLatInput }
  input Import { content: String! }
  type Query {
    one(id: ID!): Int
    list(first: Int, after: String, ids: [ID!], filter: Filter): Int
    blob(data: JSON): Int
    ack(id: ID!): Int
  }
  type Mutation { importIt(input: Import!): Int }
`;
function schemaWith(): GraphQLSchema {
  const s = buildSchema(sdl);
  Object.assign(s.getType('DateTimeISO')!, { parseValue: GraphQLDateTimeISO.parseValue });
  Object.assign(s.getType('JSON')!, { parseValue: GraphQLJSON.parseValue });
  return s;
}

const v = new InputValidator({ maxListLength: 5, maxStringLength: 100, maxPageSize: 100 }, { ids: { 'ack.id': 'serial' }, longText: { 'Import.content': 1000 } });
const schema = schemaWith();
const field = (root: 'Query' | 'Mutation', name: string) => (root === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[name];
function refusal(root: 'Query' | 'Mutation', name: string, args: Record<string, unknown>): DomainError | null {
  try {
    v.checkArgs(field(root, name), args);
    return null;
  } catch (e) {
    return e as DomainError;
  }
}
const UUID = '3f2a9c4e-8b1d-4e6f-9a7c-2d5b8e1f0a3c';
const cursor = Buffer.from(`2026-01-01T00:00:00.000Z|${UUID}`).toString('base64url');

describe('InputValidator', () => {
  it('lets well-formed arguments through', () => {
    expect(refusal('Query', 'one', { id: UUID })).toBeNull();
    expect(refusal('Query', 'list', { first: 100, after: cursor, ids: ['P1', 'P2'], filter: { networkId: UUID, texts: ['a'], at: new Date('2026-05-01T00:00:00Z'), point: { lon: 114, lat: 22 } } })).toBeNull();
    expect(refusal('Query', 'ack', { id: '42' })).toBeNull();
    expect(refusal('Query', 'list', { after: encodeKeyCursor(UUID, 'SP|7') })).toBeNull();
    expect(refusal('Mutation', 'importIt', { input: { content: 'x'.repeat(1000) } })).toBeNull();
  });

  it.each([
    ['a non-UUID id', 'Query', 'one', { id: 'not-a-uuid' }, 'id'],
    ['an empty id', 'Query', 'one', { id: '' }, 'id'],
    ['a non-numeric serial id', 'Query', 'ack', { id: UUID }, 'id'],
    ['a page size of 0', 'Query', 'list', { first: 0 }, 'first'],
    ['a negative page size', 'Query', 'list', { first: -1 }, 'first'],
    ['a page size past the maximum', 'Query', 'list', { first: 101 }, 'first'],
    ['a cursor that is not one', 'Query', 'list', { after: 'garbage' }, 'after'],
    ['a cursor with a non-UUID id', 'Query', 'list', { after: Buffer.from('2026-01-01T00:00:00Z|x').toString('base64url') }, 'after'],
    ['a key cursor without a scope', 'Query', 'list', { after: Buffer.from('key|x|SP-1').toString('base64url') }, 'after'],
    ['too many ids', 'Query', 'list', { ids: ['1', '2', '3', '4', '5', '6'] }, 'ids'],
    ['a NUL byte in a nested string', 'Query', 'list', { filter: { texts: ['ok', 'a\u0000b'] } }, 'filter.texts[1]'],
    ['a too long string', 'Query', 'list', { filter: { texts: ['x'.repeat(101)] } }, 'filter.texts[0]'],
    ['a nested non-UUID networkId', 'Query', 'list', { filter: { networkId: 'abc' } }, 'filter.networkId'],
    ['a date past year 9999', 'Query', 'list', { filter: { at: new Date('+275760-09-13T00:00:00Z') } }, 'filter.at'],
    ['a latitude past 90', 'Query', 'list', { filter: { point: { lon: 0, lat: 91 } } }, 'filter.point.lat'],
    ['a long text past its own limit', 'Mutation', 'importIt', { input: { content: 'x'.repeat(1001) } }, 'input.content'],
  ] as const)('refuses %s as INVALID_INPUT naming the argument', (_what, root, name, args, argument) => {
    const e = refusal(root, name, args as Record<string, unknown>);
    expect(e).toBeInstanceOf(DomainError);
    expect(e?.code).toBe('INVALID_INPUT');
    expect(e?.details.argument).toBe(argument);
    expect(e?.message).toContain(argument);
  });

  it('refuses JSON nested deeper than the limit without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(refusal('Query', 'blob', { data: deep })?.details.argument).toBe('data');
  });

  it('guards the schema: a root resolver runs only with checked arguments', async () => {
    const s = schemaWith();
    let ran = 0;
    s.getQueryType()!.getFields().one.resolve = () => ++ran;
    new InputValidator().guard(s);
    const resolve = s.getQueryType()!.getFields().one.resolve!;
    expect(() => resolve(null, { id: 'nope' }, {}, {} as any)).toThrow(/invalid argument id: must be a UUID/);
    expect(resolve(null, { id: UUID }, {}, {} as any)).toBe(1);
    expect(ran).toBe(1);
  });
});

describe('key cursors', () => {
  it('give back the key inside their scope and refuse another scope or list', () => {
    const other = '9d2a9c4e-8b1d-4e6f-9a7c-2d5b8e1f0a3c';
    expect(decodeKeyCursor(encodeKeyCursor(UUID, 'SP|7 东门'), UUID)).toBe('SP|7 东门');
    expect(() => decodeKeyCursor(encodeKeyCursor(other, 'SP-1'), UUID)).toThrow(/after/);
    expect(() => decodeKeyCursor(cursor, UUID)).toThrow(/after/);
    expect(parseKeyCursor(Buffer.from(`key|${UUID}|`).toString('base64url'))).toBeNull();
  });
});

describe('decodeTimeIdCursor', () => {
  it('reads the lists cursor and refuses anything else', () => {
    expect(decodeTimeIdCursor(cursor)).toEqual({ createdAt: new Date('2026-01-01T00:00:00.000Z'), id: UUID });
    expect(decodeTimeIdCursor('!!')).toBeNull();
    expect(decodeTimeIdCursor(Buffer.from(`x|${UUID}`).toString('base64url'))).toBeNull();
  });
});
