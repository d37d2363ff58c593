import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { JSONScalar } from '@mainline/common';
import { ValveType } from './network.type';

// Plain data: graphql-js's default resolver reads each field (no type-graphql wrapper per field and item).
@ObjectType({ simpleResolvers: true })
export class ImportantUser {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) kind!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => Int) persons!: number;
  // name/phone are personal data, exposed through resolvers with role checks.
  name!: string | null;
  phone!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class IsolationGrowth {
  @Field(() => Int) nodes!: number;
  @Field(() => Int) pipes!: number;
  @Field(() => Int) population!: number;
}

@ObjectType({ simpleResolvers: true, description: 'What an isolation or a closure does: valves, cut-off network, population, area, rules' })
export class OutageImpact {
  @Field(() => ID) networkId!: string;
  @Field(() => [ValveType]) valvesToClose!: ValveType[];
  @Field(() => [ValveType], { description: 'Inoperable valves the trace went past' }) skippedValves!: ValveType[];
  @Field(() => IsolationGrowth, { nullable: true, description: 'How much the outage grew because of skipped valves' }) growth!: IsolationGrowth | null;
  @Field(() => [ID]) segmentPipeIds!: string[];
  @Field(() => [ID]) segmentNodeIds!: string[];
  @Field(() => [ID]) unsuppliedPipeIds!: string[];
  @Field(() => [ID]) unsuppliedNodeIds!: string[];
  @Field(() => [ID]) affectedPipeIds!: string[];
  @Field(() => [ID]) affectedNodeIds!: string[];
  @Field(() => Int, { description: 'Affected persons (segment plus cut-off part)' }) population!: number;
  @Field(() => Int) unsuppliedPopulation!: number;
  @Field({ description: 'How population was counted: SERVICE_POINTS, AREAS or DEMAND' }) populationBasis!: string;
  @Field() requiresRegulatorApproval!: boolean;
  @Field(() => Int) threshold!: number;
  @Field(() => JSONScalar, { nullable: true, description: 'GeoJSON Feature (Polygon/MultiPolygon, WGS84) covering the affected pipes and service points' }) area!: unknown;
  @Field(() => [String], { description: 'Streets / communities named in the data' }) areaNames!: string[];
  @Field(() => [ImportantUser]) importantUsers!: ImportantUser[];
  @Field({ nullable: true }) onMainRoad?: boolean;
}

@ObjectType({ simpleResolvers: true })
export class CriticalSegment {
  @Field(() => Int) rank!: number;
  @Field(() => [ID]) segmentPipeIds!: string[];
  @Field(() => [ID]) segmentNodeIds!: string[];
  @Field(() => [ID]) boundaryValveIds!: string[];
  @Field(() => Int, { description: 'Persons affected if this segment had to be isolated' }) population!: number;
  @Field(() => Float, { nullable: true }) share!: number | null;
}
