// The one impact type (docs/domain.md "Population", "Regulator approval"); every other shape is derived from it.
import type { ImportantUser, PopulationBasis, ValveView } from '../analysis/engine';

export type { ImportantUser, PopulationBasis };

/** A valve as the dispatcher sees it in a plan. */
export type ImpactValve = ValveView & { networkId: string };

/** What an isolation or a closure does: valves, cut-off network, population, area, rules (OutageImpact in GraphQL). */
export interface Impact {
  networkId: string;
  valvesToClose: ImpactValve[];
  skippedValves: ImpactValve[];
  /** How much the outage grew because of skipped valves; null for a closure of given valves. */
  growth: { nodes: number; pipes: number; population: number } | null;
  segmentPipeIds: string[];
  segmentNodeIds: string[];
  unsuppliedPipeIds: string[];
  unsuppliedNodeIds: string[];
  affectedPipeIds: string[];
  affectedNodeIds: string[];
  population: number;
  unsuppliedPopulation: number;
  populationBasis: PopulationBasis;
  requiresRegulatorApproval: boolean;
  threshold: number;
  /** GeoJSON Feature covering the affected pipes and service points, or null without coordinates. */
  area: unknown;
  areaNames: string[];
  importantUsers: ImportantUser[];
  onMainRoad?: boolean;
}

/** The costly parts of an impact; each is computed only when its caller asks for it. */
export interface ImpactParts {
  /** The outage polygon. */
  area: boolean;
  /** population, unsuppliedPopulation and requiresRegulatorApproval (costly under the AREAS basis). */
  population: boolean;
  areaNames: boolean;
  importantUsers: boolean;
  growth: boolean;
}

export const ALL_IMPACT_PARTS: Readonly<ImpactParts> = { area: true, population: true, areaNames: true, importantUsers: true, growth: true };

type CostlyField = 'area' | 'population' | 'unsuppliedPopulation' | 'requiresRegulatorApproval' | 'areaNames' | 'importantUsers' | 'growth';

/** An impact with only the asked-for costly parts present (the others undefined). */
export type PartialImpact = Omit<Impact, CostlyField> & Partial<Pick<Impact, CostlyField>>;

/** The numbers the announcement rules read. */
export type ImpactFacts = Pick<Impact, 'population' | 'threshold' | 'requiresRegulatorApproval'>;

/** The impact the notices quote: the frozen copy once approved, the live one before. */
export type SnapshotImpact = ImpactFacts & Pick<Impact, 'area' | 'areaNames' | 'importantUsers' | 'affectedNodeIds'>;

/** The impact as it stood when the outage was approved: what was approved, and what notices quote. */
export type FrozenImpact = SnapshotImpact &
  Pick<Impact, 'unsuppliedPopulation' | 'populationBasis' | 'affectedPipeIds'> & { computedAt: string; valveIds: string[] };
