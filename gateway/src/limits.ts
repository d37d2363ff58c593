import {
  ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValidationContext,
  DocumentNode, GraphQLSchema,
} from 'graphql';
import { getComplexity, simpleEstimator, ComplexityEstimator } from 'graphql-query-complexity';

/** Rejects operations nested deeper than `max` (fragments followed, introspection included). */
export function depthLimitRule(max: number) {
  return (ctx: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of ctx.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
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

/** Lists cost their page size: a field with `first`/`top`/`limit` multiplies its children's cost. */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const n = Number(args.first ?? args.top ?? args.limit ?? NaN);
  if (Number.isFinite(n) && n > 0) return 1 + childComplexity * n;
  return undefined;
};

export function operationCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>, operationName?: string | null): number {
  return getComplexity({
    schema,
    query,
    variables,
    operationName: operationName ?? undefined,
    estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}
