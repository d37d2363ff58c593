// Plain data the network algorithms work on: no database, no GraphQL. Importers produce it,
// repositories persist it, the in-memory engine compiles it into typed arrays.
import type { UtilityKind } from '@mainline/common/domain';

/**
 * What feeds each kind of network (docs/domain.md "Network facts", "Heating utility", "Gas utility"): water
 * from reservoirs, tanks and treatment plants, gas from gate and regulator stations, heat from heat sources
 * and substations. The isolation engine treats every one of them the same: a source.
 */
export const SOURCE_KINDS_BY_UTILITY = {
  WATER: ['RESERVOIR', 'TANK', 'PLANT'],
  GAS: ['GATE_STATION', 'REGULATOR'],
  HEAT: ['HEAT_SOURCE', 'SUBSTATION'],
} as const satisfies Record<UtilityKind, readonly string[]>;
export type SourceKind = (typeof SOURCE_KINDS_BY_UTILITY)[UtilityKind][number];
export type NodeKind = 'JUNCTION' | SourceKind;
export type LinkKind = 'PIPE' | 'PUMP' | 'VALVE';

export const SOURCE_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(Object.values(SOURCE_KINDS_BY_UTILITY).flat());

/** Gas pipes' pressure class (GB 50028: 低压, 中压, 次高压, 高压); an attribute only, the engine ignores it. */
export const PRESSURE_LEVELS = ['LOW', 'MEDIUM', 'SUB_HIGH', 'HIGH'] as const;
export type PressureLevel = (typeof PRESSURE_LEVELS)[number];

/**
 * A heat network drawn as two lines: each pipe is on the supply (供水) or the return (回水) line. Drawn as one
 * line (the default) a pipe stands for the pair in one trench and has no circuit.
 */
export const CIRCUITS = ['SUPPLY', 'RETURN'] as const;
export type Circuit = (typeof CIRCUITS)[number];

export type LonLat = [number, number];

export interface DemandEntry {
  /** Base demand in m³/s (importers convert from the file's flow units). */
  baseM3s: number;
  /** Pattern id, or null for the network's default pattern. */
  patternId: string | null;
}

export interface NetNode {
  id: string;
  kind: NodeKind;
  /** WGS84 lon/lat after reprojection; null when the file has no coordinates for it. */
  coord: LonLat | null;
  elevationM?: number;
  demands: DemandEntry[];
  /** Street / community name where the data names one (used for notices). */
  area?: string | null;
}

export interface NetLink {
  id: string;
  kind: LinkKind;
  from: string;
  to: string;
  lengthM?: number;
  diameterMm?: number;
  material?: string | null;
  roughness?: number;
  /** Hydraulic initial status from the model (OPEN/CLOSED/CV...): an attribute only, never a barrier. */
  status?: string | null;
  /** Simple controls from the model that drive this link, verbatim: operating rules, never barriers. */
  controls?: string[];
  /** Intermediate vertices (lon/lat), excluding the end nodes. */
  vertices: LonLat[];
  area?: string | null;
  /** Heat networks drawn as two lines only. */
  circuit?: Circuit | null;
  /** Gas networks only. */
  pressureLevel?: PressureLevel | null;
}

export type ValveState = 'OPEN' | 'CLOSED';

/** WNTR's convention: the valve sits on `linkId` next to its end `nodeId`. */
export interface IsolationValve {
  id: string;
  linkId: string;
  nodeId: string;
  /** Normal state: a normally-CLOSED valve is a barrier in every trace. */
  state: ValveState;
  operable: boolean;
  diameterMm?: number | null;
  coord?: LonLat | null;
}

export type ImportantKind = 'HOSPITAL' | 'SCHOOL' | 'FACTORY' | 'LARGE_CONSUMER' | 'OTHER';

/**
 * What kind of customer a service point is. Gas safety inspections are scheduled by it (docs/domain.md
 * "Gas utility": households yearly, commercial, industrial and other non-residential yearly, public
 * buildings before each of the three holidays).
 */
export const CUSTOMER_TYPES = ['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'PUBLIC_BUILDING', 'OTHER'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export const DEFAULT_CUSTOMER_TYPE: CustomerType = 'RESIDENTIAL';

/** Vulnerable users registered for priority service (docs/domain.md "Gas utility"). */
export const VULNERABILITIES = ['ELDERLY', 'SICK', 'DISABLED'] as const;
export type Vulnerability = (typeof VULNERABILITIES)[number];

export interface ServicePoint {
  id: string;
  /** The node that supplies it (the nearest junction when not given); on the supply line of a two-line heat network. */
  nodeId: string;
  /** Two-line heat networks: the node on the return line the customer returns to. */
  returnNodeId?: string | null;
  coord: LonLat | null;
  address?: string | null;
  households?: number | null;
  persons: number;
  important?: ImportantKind | null;
  name?: string | null;
  phone?: string | null;
  area?: string | null;
  /** Default RESIDENTIAL. */
  customerType?: CustomerType;
  /** Empty when none is registered. */
  vulnerability?: Vulnerability[];
  /** Last safety inspection, a calendar date YYYY-MM-DD. */
  lastInspectedOn?: string | null;
}

export interface PopulationArea {
  id: string;
  name?: string | null;
  population: number;
  /** GeoJSON Polygon or MultiPolygon in WGS84. */
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: any };
}

export interface Pattern {
  id: string;
  multipliers: number[];
}

export interface HydraulicOptions {
  /** Pattern time step in seconds (EPANET default 1 h). */
  patternStepS: number;
  /** Global demand multiplier ([OPTIONS] DEMAND MULTIPLIER). */
  demandMultiplier: number;
  /** Default pattern id ([OPTIONS] PATTERN, else "1" when such a pattern exists). */
  defaultPatternId: string | null;
  flowUnits: string;
}

export interface NetworkModel {
  nodes: NetNode[];
  links: NetLink[];
  valves: IsolationValve[];
  servicePoints: ServicePoint[];
  populationAreas: PopulationArea[];
  patterns: Pattern[];
  options: HydraulicOptions;
}
