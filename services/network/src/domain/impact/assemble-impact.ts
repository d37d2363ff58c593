// The impact rules (docs/domain.md "Population", "Regulator approval"): population basis, outage polygon,
// area names, important users, and the regulator threshold. Pure: the engine is in-memory data.
import { InvalidInputError, NotFoundError } from '@mainline/common/domain';
import type { LonLat } from '../model';
import type { ImportantUser, NetworkEngine } from '../analysis/engine';
import { outageArea, type OutageAreaFeature } from '../geometry/outage-area';
import { populationFromAreas } from '../geometry/population-areas';
import { ALL_IMPACT_PARTS, type Impact, type ImpactParts, type ImpactValve, type PartialImpact } from './impact';

export interface ImpactRules {
  /** docs/domain.md: more affected persons than this (5,000) need the regulator's approval. */
  regulatorThreshold: number;
  serviceRadiusM: number;
  simplifyToleranceM: number;
}

/** What a trace (isolation plan or closure) found, as ids and graph population, before the impact rules. */
export type TracedImpact = Pick<
  Impact,
  'growth' | 'segmentPipeIds' | 'segmentNodeIds' | 'unsuppliedPipeIds' | 'unsuppliedNodeIds' | 'affectedPipeIds' | 'affectedNodeIds' | 'population' | 'unsuppliedPopulation'
> & { valvesToClose: string[]; skippedValves: string[] };

export interface ImpactRequest {
  /** Per-person use for the DEMAND basis in this question only. */
  litersPerPersonPerDay?: number | null;
  onMainRoad?: boolean | null;
}

/** docs/domain.md: above the threshold, not at it, brings in the regulator. */
export function requiresRegulatorApproval(population: number, threshold: number): boolean {
  return population > threshold;
}

/**
 * The impact of a trace on one network version. Only the costly parts in `parts` are computed (the
 * polygon only when the area, or population / area names under the AREAS basis, need it).
 */
export function assembleImpact(engine: NetworkEngine, traced: TracedImpact, req: ImpactRequest, rules: ImpactRules): Impact;
export function assembleImpact(engine: NetworkEngine, traced: TracedImpact, req: ImpactRequest, rules: ImpactRules, parts: ImpactParts): PartialImpact;
export function assembleImpact(
  engine: NetworkEngine, traced: TracedImpact, req: ImpactRequest, rules: ImpactRules, parts: ImpactParts = ALL_IMPACT_PARTS,
): PartialImpact {
  const valve = (id: string): ImpactValve => {
    const v = engine.valve(id);
    if (!v) throw new NotFoundError('valve', id);
    return { networkId: engine.networkId, ...v };
  };
  const lpd = req.litersPerPersonPerDay;
  if (lpd !== undefined && lpd !== null && !(lpd > 0)) {
    throw new InvalidInputError('litersPerPersonPerDay must be positive', { field: 'litersPerPersonPerDay' });
  }
  const byAreas = engine.basis === 'AREAS';
  const wantPolygon = parts.area || (byAreas && (parts.population || parts.areaNames));
  const affectedSps = wantPolygon || parts.areaNames || parts.importantUsers ? engine.servicePointsAt(traced.affectedNodeIds) : [];
  const names = new Set<string>();
  const addName = (a: string | null) => {
    if (a) names.add(a);
  };

  let polygon: OutageAreaFeature | null = null;
  if (wantPolygon) {
    const pipes: Array<{ id: string; coords: LonLat[] }> = [];
    for (const id of traced.affectedPipeIds) {
      const c = engine.linkCoords(engine.linkIndex(id)!);
      if (c) pipes.push({ id, coords: c });
    }
    const points = affectedSps.map((k) => engine.servicePointCoord(k)).filter((c): c is LonLat => !!c);
    polygon = outageArea({ pipes, points }, rules);
  }

  const out: PartialImpact = {
    networkId: engine.networkId,
    valvesToClose: traced.valvesToClose.map(valve),
    skippedValves: traced.skippedValves.map(valve),
    segmentPipeIds: traced.segmentPipeIds,
    segmentNodeIds: traced.segmentNodeIds,
    unsuppliedPipeIds: traced.unsuppliedPipeIds,
    unsuppliedNodeIds: traced.unsuppliedNodeIds,
    affectedPipeIds: traced.affectedPipeIds,
    affectedNodeIds: traced.affectedNodeIds,
    populationBasis: engine.basis,
    threshold: rules.regulatorThreshold,
    onMainRoad: req.onMainRoad ?? undefined,
  };
  if (parts.growth) out.growth = traced.growth;
  if (parts.area) out.area = polygon;

  // Census areas: the polygon's share of each area's population; its parts name the communities.
  const census = byAreas && polygon && (parts.population || parts.areaNames) ? populationFromAreas(polygon, [...engine.populationAreas]) : null;
  if (parts.population) {
    let population = traced.population;
    let unsuppliedPopulation = traced.unsuppliedPopulation;
    if (lpd !== undefined && lpd !== null && engine.basis === 'DEMAND') {
      population = engine.demandPopulation(traced.affectedNodeIds, lpd);
      unsuppliedPopulation = engine.demandPopulation(traced.unsuppliedNodeIds, lpd);
    }
    if (byAreas) {
      population = census ? census.population : 0;
      unsuppliedPopulation = census ? unsuppliedByAreas(engine, traced, rules, census.population) : 0;
    }
    out.population = Math.round(population);
    out.unsuppliedPopulation = Math.round(unsuppliedPopulation);
    out.requiresRegulatorApproval = requiresRegulatorApproval(population, rules.regulatorThreshold);
  }
  if (parts.areaNames) {
    for (const id of traced.affectedPipeIds) addName(engine.linkArea(engine.linkIndex(id)!));
    for (const part of census?.parts ?? []) addName(part.name);
    for (const id of traced.affectedNodeIds) addName(engine.nodeArea(id));
    for (const k of affectedSps) addName(engine.servicePointArea(k));
    out.areaNames = [...names].sort();
  }
  if (parts.importantUsers) out.importantUsers = affectedSps.map((k) => engine.importantUser(k)).filter((u): u is ImportantUser => u !== null);
  return out;
}

/** Census population of the cut-off part alone (its own polygon), unless it is the whole outage. */
function unsuppliedByAreas(engine: NetworkEngine, traced: TracedImpact, rules: ImpactRules, whole: number): number {
  if (traced.unsuppliedPipeIds.length === traced.affectedPipeIds.length) return whole;
  const pipes: Array<{ id: string; coords: LonLat[] }> = [];
  for (const id of traced.unsuppliedPipeIds) {
    const c = engine.linkCoords(engine.linkIndex(id)!);
    if (c) pipes.push({ id, coords: c });
  }
  const area = outageArea({ pipes }, rules);
  return area ? populationFromAreas(area, [...engine.populationAreas]).population : 0;
}
