import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { impactParts } from './impact-selection';

/** The resolve info of the query's first root field, as graphql-js hands it to the resolver. */
function infoFor(query: string): GraphQLResolveInfo {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments } as unknown as GraphQLResolveInfo;
}

describe('impactParts', () => {
  it('asks for nothing costly when only ids and counts are selected', () => {
    expect(impactParts(infoFor('{ isolationPlan(networkId: "n") { valvesToClose { id } affectedPipeIds threshold } }'))).toEqual({
      area: false, population: false, areaNames: false, importantUsers: false, growth: false,
    });
  });

  it('finds costly fields through aliases, inline and named fragments', () => {
    const parts = impactParts(infoFor(`{ isolationPlan(networkId: "n") { polygon: area ... on OutageImpact { growth { nodes } } ...F } }
      fragment F on OutageImpact { requiresRegulatorApproval importantUsers { id } }`));
    expect(parts).toEqual({ area: true, population: true, areaNames: false, importantUsers: true, growth: true });
  });
});
