import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONScalar, LonLatInput } from '@mainline/common';
import { DEFAULT_UTILITY, UTILITY_KINDS, type UtilityKind } from '@mainline/common/domain';

export enum NetworkFormat { EPANET_INP = 'EPANET_INP', GEOJSON = 'GEOJSON' }
export enum ValveStateEnum { OPEN = 'OPEN', CLOSED = 'CLOSED' }
export enum ValveLayerStrategy { STRATEGIC = 'STRATEGIC', RANDOM = 'RANDOM' }
registerEnumType(NetworkFormat, { name: 'NetworkFormat', description: 'Import format' });
registerEnumType(ValveStateEnum, { name: 'ValveState', description: 'Normal state of an isolation valve' });
registerEnumType(ValveLayerStrategy, { name: 'ValveLayerStrategy' });
/** The kinds from their one list in common (the tickets subgraph declares the same enum: federation needs identical values). */
export const UtilityKindEnum = Object.fromEntries(UTILITY_KINDS.map((k) => [k, k])) as { [K in UtilityKind]: K };
registerEnumType(UtilityKindEnum, { name: 'UtilityKind', description: 'Water, district heating or piped gas (docs/domain.md "One desk, several utilities")' });

@Directive('@key(fields: "id")')
@ObjectType('Network')
export class NetworkType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => UtilityKindEnum) utility!: UtilityKind;
  @Field(() => Int, { description: 'Bumped when the network or a valve normal state changes' }) version!: number;
  @Field(() => Int) pipeCount!: number;
  @Field(() => Int) nodeCount!: number;
  @Field(() => Int) valveCount!: number;
  @Field(() => Int, { description: 'Persons supplied by the network (service points, areas or demand)' }) totalPopulation!: number;
  @Field(() => Float, { description: 'Per-person daily use (L) for demand-based population' }) litersPerPersonPerDay!: number;
  @Field(() => String, { nullable: true }) crs!: string | null;
  @Field() createdAt!: Date;
}

@Directive('@key(fields: "networkId id")')
@ObjectType('Node', { simpleResolvers: true, description: 'A junction or a source: reservoir, tank or treatment plant (water), gate or regulator station (gas), heat source or substation (heat)' })
export class NodeType {
  @Field(() => ID) networkId!: string;
  @Field(() => ID, { description: 'The id from the source data' }) id!: string;
  @Field() kind!: string;
  @Field(() => Float, { nullable: true }) lon!: number | null;
  @Field(() => Float, { nullable: true }) lat!: number | null;
  @Field(() => String, { nullable: true }) area!: string | null;
}

@Directive('@key(fields: "networkId id")')
// Plain data (a viewport returns thousands): graphql-js's default resolver, no type-graphql wrapper per field.
@ObjectType('Pipe', { simpleResolvers: true, description: 'Any link: pipe, pump or control valve' })
export class PipeType {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
  @Field() kind!: string;
  @Field() fromNodeId!: string;
  @Field() toNodeId!: string;
  @Field(() => Float, { nullable: true }) lengthM!: number | null;
  @Field(() => Float, { nullable: true }) diameterMm!: number | null;
  @Field(() => String, { nullable: true }) material!: string | null;
  @Field(() => String, { nullable: true, description: 'Hydraulic initial status from the model (an attribute, not a barrier)' }) status!: string | null;
  @Field(() => String, { nullable: true, description: 'SUPPLY or RETURN on heat networks drawn as two lines' }) circuit!: string | null;
  @Field(() => String, { nullable: true, description: 'Gas pipes: LOW, MEDIUM, SUB_HIGH or HIGH pressure' }) pressureLevel!: string | null;
  @Field(() => JSONScalar, { nullable: true, description: 'GeoJSON LineString (WGS84)' }) geometry!: unknown;
}

@Directive('@key(fields: "networkId id")')
@ObjectType('Valve', { simpleResolvers: true, description: 'An isolation valve on a link next to one of its end nodes' })
export class ValveType {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
  @Field() linkId!: string;
  @Field() nodeId!: string;
  @Field(() => ValveStateEnum) state!: ValveStateEnum;
  @Field() operable!: boolean;
  @Field(() => Float, { nullable: true }) diameterMm!: number | null;
  @Field(() => Float, { nullable: true }) lon!: number | null;
  @Field(() => Float, { nullable: true }) lat!: number | null;
}

@Directive('@key(fields: "networkId id")')
@ObjectType('ServicePoint', { simpleResolvers: true, description: 'A customer connection' })
export class ServicePointType {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
  @Field() nodeId!: string;
  @Field(() => String, { nullable: true, description: 'Heat networks drawn as two lines: the node on the return line' }) returnNodeId!: string | null;
  @Field(() => Float, { nullable: true }) lon!: number | null;
  @Field(() => Float, { nullable: true }) lat!: number | null;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => Int, { nullable: true }) households!: number | null;
  @Field(() => Int) persons!: number;
  @Field(() => String, { nullable: true, description: 'HOSPITAL, SCHOOL, FACTORY, LARGE_CONSUMER, OTHER' }) important!: string | null;
  @Field(() => String, { nullable: true }) area!: string | null;
  @Field({ description: 'RESIDENTIAL, COMMERCIAL, INDUSTRIAL, PUBLIC_BUILDING or OTHER (gas inspections are scheduled by it)' }) customerType!: string;
  @Field(() => [String], { description: 'ELDERLY, SICK, DISABLED: vulnerable users registered for priority service' }) vulnerability!: string[];
  @Field(() => String, { nullable: true, description: 'Date of the last safety inspection, YYYY-MM-DD' }) lastInspectedOn!: string | null;
  // name/phone are personal data: resolved by ServicePointResolver for the roles that need them.
  name!: string | null;
  phone!: string | null;
}

@ObjectType('ServicePointPage')
export class ServicePointPage {
  @Field(() => [ServicePointType]) items!: ServicePointType[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page' }) nextCursor!: string | null;
}

@InputType()
export class ValveInput {
  @Field(() => ID) id!: string;
  @Field() linkId!: string;
  @Field() nodeId!: string;
  @Field(() => ValveStateEnum, { nullable: true, defaultValue: ValveStateEnum.OPEN }) state?: ValveStateEnum;
  @Field({ nullable: true, defaultValue: true }) operable?: boolean;
  @Field(() => Float, { nullable: true }) diameterMm?: number;
}

@InputType()
export class ValveLayerInput {
  @Field(() => ValveLayerStrategy) strategy!: ValveLayerStrategy;
  @Field(() => Int) n!: number;
  @Field(() => Int, { nullable: true, defaultValue: 1 }) seed?: number;
}

@InputType()
export class ImportNetworkInput {
  @Field() name!: string;
  @Field(() => NetworkFormat) format!: NetworkFormat;
  @Field({ description: 'The file: EPANET .inp text, or GeoJSON FeatureCollection text (or a JSON array of them)' }) content!: string;
  @Field(() => String, { nullable: true, description: 'EPSG code of the coordinates, e.g. EPSG:4547 (CGCS2000 / 3° Gauss–Krüger CM 114E)' }) crs?: string;
  @Field(() => LonLatInput, { nullable: true, description: 'Without a CRS: where the model plane (metres) is placed' }) origin?: LonLatInput;
  @Field(() => Float, { nullable: true, description: 'Model units per metre when placing by origin (default 1)' }) unitsPerMetre?: number;
  @Field(() => [ValveInput], { nullable: true }) valves?: ValveInput[];
  @Field(() => ValveLayerInput, { nullable: true }) valveLayer?: ValveLayerInput;
  @Field(() => Float, { nullable: true }) litersPerPersonPerDay?: number;
  @Field(() => UtilityKindEnum, { nullable: true, defaultValue: DEFAULT_UTILITY, description: 'The utility the network carries (default WATER)' }) utility?: UtilityKind;
}

