import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { ImpactParts } from '../domain/impact/impact';

/** Field names selected on the value being resolved, through fragments (directives ignored: never less than asked). */
function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const out = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) out.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else walk(info.fragments[s.name.value]?.selectionSet);
    }
  };
  for (const f of info.fieldNodes) walk(f.selectionSet);
  return out;
}

/** The costly parts of an OutageImpact this query selects, so the answer costs what it asks for. */
export function impactParts(info: GraphQLResolveInfo): ImpactParts {
  const f = selectedFields(info);
  return {
    area: f.has('area'),
    population: f.has('population') || f.has('unsuppliedPopulation') || f.has('requiresRegulatorApproval'),
    areaNames: f.has('areaNames'),
    importantUsers: f.has('importantUsers'),
    growth: f.has('growth'),
  };
}
