import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { depthLimitRule, jsonDepthExceeds, noSubscriptionRule, operationCost, operationShapeRule, RateLimiter } from './limits';

const schema = buildSchema(`
  type Plan { population: Int valves: [Valve!]! }
  type Valve { id: ID! }
  type Query { plan(ids: [ID!]): Plan valves(ids: [ID!]!): [Valve!]! pipes(first: Int): [Valve!]! cheap: Int }
  type Mutation { touch: Int }
`);
const model = { weights: { 'Query.plan': 100 }, defaultWeight: 1 };
const cost = (q: string, v: Record<string, unknown> = {}) => operationCost(schema, parse(q), v, undefined, model);
const errors = (q: string, rules: any[]) => validate(schema, parse(q), [...specifiedRules, ...rules]).map((e) => e.message);

describe('operationCost', () => {
  it('counts each alias at the field weight: 3 aliased plans cost three times one', () => {
    expect(cost('{ plan { population } }')).toBe(101);
    expect(cost('{ a: plan { population } b: plan { population } c: plan { population } }')).toBe(303);
  });
  it('multiplies a list field by its page size or the length of its list argument, not an object field', () => {
    expect(cost('{ pipes(first: 50) { id } }')).toBe(51);
    expect(cost('query($v: [ID!]!) { valves(ids: $v) { id } }', { v: ['a', 'b', 'c', 'd'] })).toBe(5);
    expect(cost('query($v: [ID!]) { plan(ids: $v) { population } }', { v: ['a', 'b', 'c', 'd'] })).toBe(101);
  });
});

describe('validation rules', () => {
  const shape = operationShapeRule({ maxRootFields: 3, maxMutations: 2, maxAliases: 2 });
  it('caps root fields (aliases and fragments counted), mutations and aliases', () => {
    expect(errors('{ a: cheap b: cheap ... on Query { c: cheap d: cheap } }', [shape])).toEqual(expect.arrayContaining(['4 root fields exceed the limit of 3', '4 aliases exceed the limit of 2']));
    expect(errors('fragment F on Query { cheap } { ...F ...F cheap }', [shape])).toEqual([]);
    expect(errors('mutation { a: touch b: touch c: touch }', [shape])).toContain('3 mutations in one request exceed the limit of 2');
    expect(errors('{ cheap pipes { id } }', [shape])).toEqual([]);
  });
  it('counts inline and named fragments in depth', () => {
    const depth = depthLimitRule(2);
    expect(errors('{ plan { valves { id } } }', [depth])).toEqual(['query depth 3 exceeds the limit of 2']);
    expect(errors('{ ... on Query { plan { ... on Plan { valves { id } } } } }', [depth])).toEqual(['query depth 3 exceeds the limit of 2']);
    expect(errors('fragment P on Plan { valves { id } } { plan { ...P } }', [depth])).toEqual(['query depth 3 exceeds the limit of 2']);
    expect(errors('{ plan { population } }', [depth])).toEqual([]);
  });
  it('refuses subscription operations at validation', () => {
    expect(errors('subscription { cheap }', [noSubscriptionRule])).toContain('subscription operations are not supported');
  });
});

describe('jsonDepthExceeds', () => {
  it('finds a 10,000-deep array without recursion and lets shallow values pass', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(jsonDepthExceeds(deep, 16)).toBe(true);
    expect(jsonDepthExceeds({ a: [{ b: [1, 2] }], c: 'x' }, 16)).toBe(false);
    expect(jsonDepthExceeds({ a: { b: { c: 1 } } }, 1)).toBe(true);
    expect(jsonDepthExceeds({ a: { b: { c: 1 } } }, 2)).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('allows the burst, then one request per 1/rate seconds, and says when to retry', () => {
    const rl = new RateLimiter(2, 3);
    const t = 1_000_000;
    expect([rl.take('u', t), rl.take('u', t), rl.take('u', t)]).toEqual([0, 0, 0]);
    expect(rl.take('u', t)).toBe(1);
    expect(rl.take('other', t)).toBe(0); // per caller
    expect(rl.take('u', t + 500)).toBe(0); // half a second at 2/s gives one token back
    expect(rl.take('u', t + 500)).toBe(1);
  });
  it('is off at rate 0', () => {
    const rl = new RateLimiter(0, 1);
    for (let i = 0; i < 100; i++) expect(rl.take('u', 0)).toBe(0);
  });
});
