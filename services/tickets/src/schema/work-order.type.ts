import { createUnionType, Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BBoxInput, DateTimeScalar, JSONObjectScalar, LonLatInput } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import { Category, Channel, ComplaintTarget, Department, Severity, WorkOrderStatus } from '../domain/enums';
import { UtilityKindEnum } from './utility.type';

registerEnumType(Category, { name: 'Category', description: 'Report category (docs/domain.md)' });
registerEnumType(Channel, { name: 'Channel' });
registerEnumType(Department, { name: 'Department' });
registerEnumType(WorkOrderStatus, { name: 'WorkOrderStatus' });
registerEnumType(ComplaintTarget, { name: 'ComplaintTarget', description: 'Whom a complaint is about' });

export enum CallbackMethodEnum {
  SMS = 'SMS',
  PHONE = 'PHONE',
}
registerEnumType(CallbackMethodEnum, { name: 'CallbackMethod' });

// Stubs of the network subgraph's entities: tickets only knows their keys.
@Directive('@key(fields: "networkId id", resolvable: false)')
@ObjectType('Pipe')
export class PipeRef {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
}
@Directive('@key(fields: "networkId id", resolvable: false)')
@ObjectType('Valve')
export class ValveRef {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
}
@Directive('@key(fields: "networkId id", resolvable: false)')
@ObjectType('ServicePoint')
export class ServicePointRef {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
}
/** The network service owns outages; tickets references them by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Outage')
export class OutageRef {
  @Field(() => ID) id!: string;
}

export const AssetUnion = createUnionType({
  name: 'Asset',
  types: () => [PipeRef, ValveRef, ServicePointRef] as const,
  resolveType: (v) => (v as unknown as { __typename: string }).__typename,
});

@ObjectType({ description: 'Personal data: null for roles that do not contact the caller' })
export class Reporter {
  @Field(() => String, { nullable: true }) name!: string | null;
  // phone: personal data, resolved (and its read logged) in ReporterResolver.
  phone!: string | null;
  orderId!: string;
}

@ObjectType({ description: 'One read of a caller’s phone: who, when, which order' })
export class PhoneRead {
  @Field(() => ID) id!: string;
  @Field(() => ID) workOrderId!: string;
  @Field({ description: 'The field read (reporter.phone)' }) field!: string;
  @Field({ description: 'Who (user id)' }) readerId!: string;
  @Field(() => [String]) readerRoles!: string[];
  @Field(() => String, { nullable: true }) readerDepartment!: string | null;
  @Field(() => String, { nullable: true, description: 'The gateway’s request id' }) requestId!: string | null;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType()
export class PhoneReadPage {
  @Field(() => [PhoneRead]) items!: PhoneRead[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType({ description: 'What tickets knows of the outage a report was linked to (from outage.events), for the agent to tell the caller' })
export class KnownOutage {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) number!: string | null;
  @Field() kind!: string;
  @Field() status!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => DateTimeScalar) startsAt!: Date;
  @Field(() => DateTimeScalar, { description: 'Expected end (restoration)' }) expectedEnd!: Date;
  @Field(() => [String]) areaNames!: string[];
}

@ObjectType()
export class StatusChange {
  @Field() action!: string;
  @Field(() => WorkOrderStatus, { nullable: true }) fromStatus!: WorkOrderStatus | null;
  @Field(() => WorkOrderStatus) toStatus!: WorkOrderStatus;
  @Field({ description: 'Who (user id)' }) actorId!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => JSONObjectScalar) detail!: Record<string, unknown>;
}

@ObjectType()
export class Attachment {
  @Field(() => ID) id!: string;
  @Field() url!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) contentType!: string | null;
  @Field() addedBy!: string;
  @Field(() => DateTimeScalar) addedAt!: Date;
}

@ObjectType()
export class Extension {
  @Field(() => ID) id!: string;
  @Field() requestedBy!: string;
  @Field(() => DateTimeScalar) requestedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) previousDueAt!: Date | null;
  @Field(() => DateTimeScalar) newDueAt!: Date;
  @Field() reason!: string;
  @Field(() => Boolean, { nullable: true, description: 'null while undecided' }) approved!: boolean | null;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) comment!: string | null;
}

@ObjectType({ description: 'One deadline and how far it is used: OK, WARN_50, WARN_80, BREACHED' })
export class SlaClock {
  @Field() target!: string;
  @Field() basis!: string;
  @Field(() => DateTimeScalar) startedAt!: Date;
  @Field(() => DateTimeScalar) dueAt!: Date;
  @Field() level!: string;
  @Field(() => DateTimeScalar, { nullable: true }) metAt!: Date | null;
}

@ObjectType()
export class CallbackRecord {
  @Field(() => ID) id!: string;
  @Field(() => CallbackMethodEnum) method!: CallbackMethodEnum;
  @Field() satisfied!: boolean;
  @Field(() => String, { nullable: true }) quality!: string | null;
  @Field(() => String, { nullable: true }) attitude!: string | null;
  @Field(() => String, { nullable: true }) worksQuality!: string | null;
  @Field(() => String, { nullable: true }) timeliness!: string | null;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field() recordedBy!: string;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType()
export class CallbackTask {
  @Field(() => ID) id!: string;
  @Field(() => ID) workOrderId!: string;
  @Field(() => CallbackMethodEnum) method!: CallbackMethodEnum;
  @Field({ description: 'AFTER_SERVICE, AFTER_REVISIT (asked again after a revisit), UNSATISFIED_SURVEY or WORKS_SAMPLE (monthly works sample)' }) reason!: string;
  @Field() status!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) dueAt!: Date | null;
}

@ObjectType()
export class Escalation {
  @Field(() => ID) id!: string;
  @Field(() => ID) workOrderId!: string;
  @Field() target!: string;
  @Field(() => Department) department!: Department;
  @Field(() => [String], { description: 'Department heads notified' }) heads!: string[];
  @Field({ description: 'The service-quality office (supervisors) is notified' }) toSupervision!: boolean;
  @Field(() => DateTimeScalar) dueAt!: Date;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType()
export class CompensationRecordType {
  @Field(() => ID) id!: string;
  @Field(() => ID) workOrderId!: string;
  @Field() ruleId!: string;
  @Field() target!: string;
  @Field(() => Float) amountCny!: number;
  @Field(() => Int) units!: number;
  @Field({ description: 'The target is not met yet: the amount may still grow' }) provisional!: boolean;
  @Field({ description: 'PROPOSED, CONFIRMED or REJECTED' }) status!: string;
  @Field() reason!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType()
export class DuplicateCandidateType {
  @Field(() => ID) workOrderId!: string;
  @Field(() => Float) distanceM!: number;
  @Field(() => Float) minutesApart!: number;
}

@Directive('@key(fields: "id")')
@ObjectType('WorkOrder')
export class WorkOrderType {
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field(() => UtilityKindEnum) utility!: UtilityKind;
  @Field(() => WorkOrderStatus) status!: WorkOrderStatus;
  @Field(() => Department) department!: Department;
  @Field(() => Category) category!: Category;
  @Field(() => Severity) severity!: Severity;
  @Field(() => Channel) channel!: Channel;
  @Field({ description: 'Processing level' }) priority!: string;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => Float, { nullable: true }) lon!: number | null;
  @Field(() => Float, { nullable: true }) lat!: number | null;
  @Field({ description: 'Who first received the report (owns it until handed to the call center)' }) firstContactOwner!: string;
  @Field(() => ComplaintTarget, { nullable: true }) complaintTarget!: ComplaintTarget | null;
  @Field(() => Department, { nullable: true }) complaintSubjectDepartment!: Department | null;
  @Field(() => DateTimeScalar, { description: 'When the report was made (reportedAt when logged after the fact): every clock runs from it' }) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) dispatchedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) acceptedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'First reply to the customer (replyToCustomer)' }) repliedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) onSiteAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) calledBackAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) dispatchDueAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Before dispatch: as if dispatched at the report; from the dispatch afterwards' }) acceptDueAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The first-reply clock (a heat complaint: 30 min; a gas complaint: the answer within 48 h)' }) replyDueAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) onSiteDueAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) resolveDueAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) callbackDueAt!: Date | null;
  @Field({ description: 'Some running deadline is past' }) breached!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Latest reopening (unsatisfied customer)' }) reopenedAt!: Date | null;
  @Field(() => Int, { description: 'How often the customer was not satisfied and the order reopened' }) reopenCount!: number;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Deadline of the revisit after the latest reopening (the resolve target again, from the reopening)' }) revisitDueAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When that revisit was resolved' }) revisitResolvedAt!: Date | null;
  @Field(() => Int) extensionCount!: number;
  @Field(() => Int) returnCount!: number;
  @Field(() => CallbackMethodEnum, { nullable: true }) callbackMethod!: CallbackMethodEnum | null;
  @Field(() => Boolean, { nullable: true }) callbackSatisfied!: boolean | null;
  @Field(() => ID, { nullable: true, description: 'Set when merged as a duplicate' }) mergedInto!: string | null;
  outageId!: string | null;
  reporter!: Reporter;
  asset!: { __typename: string; networkId: string; id: string } | null;
}

@ObjectType()
export class WorkOrderPage {
  @Field(() => [WorkOrderType]) items!: WorkOrderType[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page' }) nextCursor!: string | null;
}

@InputType()
export class ReporterInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) phone?: string;
}

@InputType()
export class AssetRefInput {
  @Field({ description: 'Pipe, Valve or ServicePoint' }) type!: string;
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
}

@InputType()
export class CreateWorkOrderInput {
  @Field(() => UtilityKindEnum, { defaultValue: 'WATER', description: 'The utility kind; the category must be one of its own' }) utility!: UtilityKind;
  @Field(() => Category) category!: Category;
  @Field(() => Severity, { nullable: true, description: 'Default ORDINARY' }) severity?: Severity;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the report was made, if logged after the fact (not in the future, at most REPORTED_AT_MAX_BACKDATE_HOURS back): the clocks start from it' }) reportedAt?: Date;
  @Field(() => Channel) channel!: Channel;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) address?: string;
  @Field(() => LonLatInput, { nullable: true }) location?: LonLatInput;
  @Field(() => ReporterInput, { nullable: true }) reporter?: ReporterInput;
  @Field(() => AssetRefInput, { nullable: true }) asset?: AssetRefInput;
  @Field(() => String, { nullable: true, description: 'Processing level (default NORMAL)' }) priority?: string;
  @Field(() => ComplaintTarget, { nullable: true }) complaintTarget?: ComplaintTarget;
  @Field(() => Department, { nullable: true }) complaintSubjectDepartment?: Department;
}

@InputType()
export class WorkOrderFilter {
  @Field(() => [WorkOrderStatus], { nullable: true }) status?: WorkOrderStatus[];
  @Field(() => [UtilityKindEnum], { nullable: true, description: 'Utility kinds (a department user: its own kind only)' }) utility?: UtilityKind[];
  @Field(() => Department, { nullable: true }) department?: Department;
  @Field(() => [Category], { nullable: true }) category?: Category[];
  @Field(() => Boolean, { nullable: true }) breached?: boolean;
  @Field(() => BBoxInput, { nullable: true, description: 'Location box (WGS84)' }) bbox?: BBoxInput;
}

@InputType()
export class CallbackInputType {
  @Field(() => ID) workOrderId!: string;
  @Field() satisfied!: boolean;
  @Field(() => CallbackMethodEnum) method!: CallbackMethodEnum;
  @Field(() => String, { nullable: true }) quality?: string;
  @Field(() => String, { nullable: true }) attitude?: string;
  @Field(() => String, { nullable: true }) worksQuality?: string;
  @Field(() => String, { nullable: true }) timeliness?: string;
  @Field(() => String, { nullable: true }) comment?: string;
}

@InputType()
export class SurveyReplyInput {
  @Field(() => ID, { description: 'The notice system’s id of the reply (de-duplication)' }) replyId!: string;
  @Field(() => ID) workOrderId!: string;
  @Field() satisfied!: boolean;
  @Field(() => String, { nullable: true }) comment?: string;
}

@InputType()
export class AttachmentInput {
  @Field() url!: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) contentType?: string;
}
