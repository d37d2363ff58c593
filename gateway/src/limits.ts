import {
  ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValidationContext,
  DocumentNode, GraphQLSchema, getNullableType, isListType,
} from 'graphql';
import { getComplexity, simpleEstimator, ComplexityEstimator } from 'graphql-query-complexity';

type Fragments = Map<string, FragmentDefinitionNode>;

function fragmentsOf(doc: DocumentNode): Fragments {
  const fragments: Fragments = new Map();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

/** Rejects operations nested deeper than `max` (fragments, inline and named, followed; introspection included). */
export function depthLimitRule(max: number) {
  return (ctx: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(ctx.getDocument());
    const depthOf = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
      if (!set) return depth;
      let deepest = depth;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) deepest = Math.max(deepest, depthOf(s.selectionSet, depth + 1, seen));
        else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(s.selectionSet, depth, seen));
        else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
          const f = fragments.get(s.name.value);
          if (f) deepest = Math.max(deepest, depthOf(f.selectionSet, depth, new Set([...seen, s.name.value])));
        }
        if (deepest > max) return deepest;
      }
      return deepest;
    };
    return {
      OperationDefinition(op: OperationDefinitionNode) {
        const d = depthOf(op.selectionSet, 0, new Set());
        if (d > max) {
          ctx.reportError(new GraphQLError(`query depth ${d} exceeds the limit of ${max}`, { nodes: [op], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
        }
      },
    };
  };
}

export interface ShapeLimits {
  /** Root fields (each alias counts) per operation. */
  maxRootFields: number;
  /** Root fields of one mutation operation: each is a write of its own. */
  maxMutations: number;
  /** Aliased fields anywhere in an operation. */
  maxAliases: number;
}

/** Counts root fields (fragments expanded) and aliases per operation; refuses floods of either. */
export function operationShapeRule(limits: ShapeLimits) {
  return (ctx: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(ctx.getDocument());
    const rootFields = (set: SelectionSetNode, seen: Set<string>): number => {
      let n = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) n += s.name.value.startsWith('__') ? 0 : 1;
        else if (s.kind === Kind.INLINE_FRAGMENT) n += rootFields(s.selectionSet, seen);
        else if (!seen.has(s.name.value)) {
          const f = fragments.get(s.name.value);
          if (f) n += rootFields(f.selectionSet, new Set([...seen, s.name.value]));
        }
      }
      return n;
    };
    const aliases = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let n = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) n += (s.alias ? 1 : 0) + aliases(s.selectionSet, seen);
        else if (s.kind === Kind.INLINE_FRAGMENT) n += aliases(s.selectionSet, seen);
        else if (!seen.has(s.name.value)) {
          const f = fragments.get(s.name.value);
          if (f) n += aliases(f.selectionSet, new Set([...seen, s.name.value]));
        }
      }
      return n;
    };
    const refuse = (op: OperationDefinitionNode, message: string) =>
      ctx.reportError(new GraphQLError(message, { nodes: [op], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
    return {
      OperationDefinition(op: OperationDefinitionNode) {
        const roots = rootFields(op.selectionSet, new Set());
        if (op.operation === 'mutation' && roots > limits.maxMutations) {
          refuse(op, `${roots} mutations in one request exceed the limit of ${limits.maxMutations}`);
        } else if (roots > limits.maxRootFields) {
          refuse(op, `${roots} root fields exceed the limit of ${limits.maxRootFields}`);
        }
        const a = aliases(op.selectionSet, new Set());
        if (a > limits.maxAliases) refuse(op, `${a} aliases exceed the limit of ${limits.maxAliases}`);
      },
    };
  };
}

/** Subscriptions are not served (no subgraph defines one): refused at validation, not at execution. */
export function noSubscriptionRule(ctx: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(op: OperationDefinitionNode) {
      if (op.operation === 'subscription') {
        ctx.reportError(new GraphQLError('subscription operations are not supported', { nodes: [op], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
      }
    },
  };
}

export interface CostModel {
  /** Own weight of a field by `Type.field` (e.g. `Query.isolationPlan`); others weigh `defaultWeight`. */
  weights: Record<string, number>;
  defaultWeight: number;
}

/**
 * A field costs its weight plus its children times how many items it returns: the page size
 * (`first`/`top`/`limit`) or, for a list field, the length of its longest list argument (e.g. `valves(ids:)`).
 */
function weightedEstimator(model: CostModel): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const weight = model.weights[`${type.name}.${field.name}`] ?? model.defaultWeight;
    let n = Number(args.first ?? args.top ?? args.limit ?? NaN);
    if (!Number.isFinite(n) && isListType(getNullableType(field.type))) {
      n = 0;
      for (const v of Object.values(args)) if (Array.isArray(v)) n = Math.max(n, v.length);
    }
    return weight + childComplexity * (Number.isFinite(n) ? Math.max(1, n) : 1);
  };
}

/** `variables` must already be coerced (see server.ts): invalid ones are a BAD_USER_INPUT before this. */
export function operationCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>, operationName: string | null | undefined, model: CostModel): number {
  return getComplexity({
    schema,
    query,
    variables,
    operationName: operationName ?? undefined,
    estimators: [weightedEstimator(model), simpleEstimator({ defaultComplexity: model.defaultWeight })],
  });
}

/**
 * Depth of a JSON value, walked without recursion and given up past `max` (a 10,000-deep array
 * must not reach JSON.stringify or any recursive walk).
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let visited = 0;
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) return true;
    if (v !== null && typeof v === 'object') {
      for (const child of Array.isArray(v) ? v : Object.values(v)) {
        if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
        if (++visited > 1_000_000) return true;
      }
    }
  }
  return false;
}

/**
 * Per-caller token bucket: each request takes one token; tokens come back at `ratePerSecond` up to
 * `burst`. Clock injected for tests. Idle buckets are dropped when the map grows past `maxCallers`.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxCallers = 100_000,
  ) {}

  /** 0 when allowed, else the seconds until a token is back (for Retry-After). */
  take(caller: string, nowMs: number): number {
    if (this.ratePerSecond <= 0) return 0;
    let b = this.buckets.get(caller);
    if (!b) {
      if (this.buckets.size >= this.maxCallers) this.evictFull(nowMs);
      b = { tokens: this.burst, at: nowMs };
      this.buckets.set(caller, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((nowMs - b.at) / 1000) * this.ratePerSecond);
    b.at = nowMs;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerSecond));
  }

  private evictFull(nowMs: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.at) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(k);
    }
    if (this.buckets.size >= this.maxCallers) this.buckets.clear();
  }
}
