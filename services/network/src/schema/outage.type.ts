import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObjectScalar, JSONScalar } from '@mainline/common';
import { ImportantUser } from './impact.type';
import { UtilityKindEnum } from './network.type';
import type { UtilityKind } from '@mainline/common/domain';

export enum OutageKindEnum { PLANNED = 'PLANNED', EMERGENCY = 'EMERGENCY' }
export enum OutageStatusEnum {
  DRAFT = 'DRAFT', SUBMITTED = 'SUBMITTED', APPROVED = 'APPROVED', ANNOUNCED = 'ANNOUNCED', IN_PROGRESS = 'IN_PROGRESS', RESTORED = 'RESTORED', CANCELLED = 'CANCELLED',
}
export enum ValveActionEnum { CLOSE = 'CLOSE', OPEN = 'OPEN' }
export enum OutageSourceEnum { NETWORK = 'NETWORK', PLANT = 'PLANT' }
registerEnumType(OutageSourceEnum, { name: 'OutageSource', description: 'On the network, or at a treatment plant / booster station (the bureau approves whatever the size)' });
registerEnumType(OutageKindEnum, { name: 'OutageKind', description: 'Planned works or an emergency (burst, plant power loss)' });
registerEnumType(OutageStatusEnum, {
  name: 'OutageStatus',
  description: 'DRAFT → SUBMITTED → APPROVED → ANNOUNCED → IN_PROGRESS → RESTORED, or CANCELLED; a reschedule keeps the status and is recorded in the history',
});
registerEnumType(ValveActionEnum, { name: 'ValveAction' });

@ObjectType('RegulatorApproval', { description: "The city administration bureau's approval (planned outages above the threshold)" })
export class RegulatorApprovalType {
  @Field() approvalNumber!: string;
  @Field() approvedAt!: Date;
  @Field() documentUrl!: string;
  @Field() recordedBy!: string;
  @Field() recordedAt!: Date;
}

@ObjectType('LeadTimeOverride', { description: "A supervisor's permission to announce a planned outage with less than the lead time" })
export class LeadTimeOverrideType {
  @Field() by!: string;
  @Field() byName!: string;
  @Field() reason!: string;
  @Field() at!: Date;
}

@ObjectType('ApprovedOutageImpact', { description: 'The impact frozen when the outage was approved' })
export class ApprovedOutageImpact {
  @Field() computedAt!: Date;
  @Field(() => Int) population!: number;
  @Field(() => Int) unsuppliedPopulation!: number;
  @Field() populationBasis!: string;
  @Field() requiresRegulatorApproval!: boolean;
  @Field(() => Int) threshold!: number;
  @Field(() => JSONScalar, { nullable: true, description: 'GeoJSON Feature (WGS84)' }) area!: unknown;
  @Field(() => [String], { description: 'Affected streets / communities' }) areaNames!: string[];
  @Field(() => [ImportantUser]) importantUsers!: ImportantUser[];
  @Field(() => [ID]) valveIds!: string[];
  @Field(() => [ID]) affectedPipeIds!: string[];
  @Field(() => [ID]) affectedNodeIds!: string[];
}

@ObjectType('ValveOperation', { description: 'A valve closed or opened by a crew (or a refused attempt), audited' })
export class ValveOperationType {
  @Field(() => ID) id!: string;
  @Field(() => ID) valveId!: string;
  @Field(() => ValveActionEnum) action!: ValveActionEnum;
  @Field({ description: 'CLOSED, ALREADY_CLOSED (held closed by another outage: closed once), OPENED or REFUSED' }) outcome!: string;
  @Field({ description: 'When the valve was turned' }) at!: Date;
  @Field() recordedAt!: Date;
  @Field() recordedBy!: string;
  @Field(() => String, { nullable: true }) recordedByName!: string | null;
  @Field(() => String, { nullable: true }) department!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('OutageRef')
export class OutageRefType {
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field() status!: string;
}

@ObjectType('OutageValveState', { description: 'A valve of the outage and the outages that hold it closed' })
export class OutageValveStateType {
  @Field(() => ID) valveId!: string;
  @Field() closed!: boolean;
  @Field() closedForThisOutage!: boolean;
  @Field(() => [OutageRefType]) heldBy!: OutageRefType[];
}

@ObjectType('OutageHistoryEntry', { description: 'One audited lifecycle operation' })
export class OutageHistoryEntryType {
  @Field() at!: Date;
  @Field() by!: string;
  @Field(() => String, { nullable: true }) byName!: string | null;
  @Field() action!: string;
  @Field(() => String, { nullable: true }) fromStatus!: string | null;
  @Field(() => String, { nullable: true }) toStatus!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => JSONObjectScalar) details!: Record<string, unknown>;
}

@ObjectType('AnnounceBlocker')
export class AnnounceBlockerType {
  @Field({ description: 'STATUS, REGULATOR_APPROVAL_MISSING or LEAD_TIME_TOO_SHORT' }) rule!: string;
  @Field() message!: string;
}

@ObjectType('AnnounceReadiness', { description: 'Whether the outage may be announced now, and what stands in the way' })
export class AnnounceReadinessType {
  @Field() ready!: boolean;
  @Field(() => [AnnounceBlockerType]) blockers!: AnnounceBlockerType[];
}

@Directive('@key(fields: "id")')
@ObjectType('Outage', { description: 'A planned or emergency shutoff' })
export class OutageType {
  @Field(() => ID) id!: string;
  @Field({ description: 'Public number, e.g. TS-2026-000042' }) number!: string;
  @Field(() => OutageStatusEnum) status!: OutageStatusEnum;
  @Field(() => OutageKindEnum) kind!: OutageKindEnum;
  @Field(() => UtilityKindEnum, { description: "The network's utility kind" }) utility!: UtilityKind;
  @Field(() => OutageSourceEnum) source!: OutageSourceEnum;
  @Field({ description: 'A pressure reduction (降压) rather than a stop of supply' }) pressureReduction!: boolean;
  @Field() reason!: string;
  @Field(() => ID) networkId!: string;
  @Field(() => [ID], { description: 'The broken pipe(s)' }) pipeIds!: string[];
  @Field(() => [ID], { description: 'The valves to close: from the isolation plan of pipeIds, or as given' }) valveIds!: string[];
  @Field({ description: 'true when valveIds were given explicitly (impact = closure of exactly these valves)' }) valvesExplicit!: boolean;
  @Field(() => [ID]) inoperableValveIds!: string[];
  @Field() startsAt!: Date;
  @Field() endsAt!: Date;
  @Field() onMainRoad!: boolean;
  @Field({ description: 'Department code of the works unit' }) worksUnit!: string;
  @Field(() => [ID]) workOrderIds!: string[];
  @Field(() => ApprovedOutageImpact, { nullable: true }) approvedImpact!: ApprovedOutageImpact | null;
  @Field(() => RegulatorApprovalType, { nullable: true }) regulatorApproval!: RegulatorApprovalType | null;
  @Field(() => LeadTimeOverrideType, { nullable: true, description: 'Lead-time override' }) override!: LeadTimeOverrideType | null;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => Date, { nullable: true }) approvedAt!: Date | null;
  @Field(() => Date, { nullable: true }) announcedAt!: Date | null;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) restoredAt!: Date | null;
  @Field(() => Date, { nullable: true }) cancelledAt!: Date | null;
  @Field(() => String, { nullable: true }) cancelReason!: string | null;
}

@ObjectType('OutagePageInfo')
export class OutagePageInfo {
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

@ObjectType('OutageConnection')
export class OutageConnection {
  @Field(() => [OutageType]) nodes!: OutageType[];
  @Field(() => OutagePageInfo) pageInfo!: OutagePageInfo;
}

@InputType()
export class CreateOutageInput {
  @Field(() => ID) networkId!: string;
  @Field(() => OutageKindEnum) kind!: OutageKindEnum;
  @Field(() => OutageSourceEnum, { nullable: true, defaultValue: OutageSourceEnum.NETWORK, description: 'PLANT for a treatment plant or booster station' }) source?: OutageSourceEnum;
  @Field({ nullable: true, defaultValue: false, description: 'A pressure reduction (降压) rather than a stop of supply' }) pressureReduction?: boolean;
  @Field(() => [ID], { nullable: true, description: 'The broken pipe(s): the valves come from their isolation plan' }) pipeIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'The valves to close, overriding the isolation plan' }) valveIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Valves known not to turn: the plan goes to the next ones out' }) inoperableValveIds?: string[] | null;
  @Field() startsAt!: Date;
  @Field() endsAt!: Date;
  @Field() reason!: string;
  @Field({ nullable: true, defaultValue: false }) onMainRoad?: boolean;
  @Field(() => String, { nullable: true, description: 'Department code of the works unit (default from configuration)' }) worksUnit?: string | null;
  @Field(() => [ID], { nullable: true }) workOrderIds?: string[] | null;
}

@InputType()
export class RegulatorApprovalInput {
  @Field() approvalNumber!: string;
  @Field() approvedAt!: Date;
  @Field() documentUrl!: string;
}

@InputType()
export class OutageFilter {
  @Field(() => OutageStatusEnum, { nullable: true }) status?: OutageStatusEnum | null;
  @Field(() => ID, { nullable: true }) networkId?: string | null;
  @Field(() => UtilityKindEnum, { nullable: true }) utility?: UtilityKind | null;
  @Field({ nullable: true, description: 'Only ANNOUNCED or IN_PROGRESS outages' }) active?: boolean;
}
