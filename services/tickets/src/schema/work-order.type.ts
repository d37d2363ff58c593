import { createUnionType, Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BBoxInput, DateTimeScalar, JSONObjectScalar, LonLatInput } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import { Category, Channel, ComplaintConcern, ComplaintTarget, Department, FeedbackKind, FeedbackSource, LeakSite, LeakTier, ProcessingLevel, Severity, WorkOrderStatus } from '../domain/enums';
import { UtilityKindEnum } from './utility.type';

registerEnumType(Category, { name: 'Category', description: 'Report category (docs/domain.md)' });
registerEnumType(Channel, { name: 'Channel' });
registerEnumType(Department, { name: 'Department' });
registerEnumType(WorkOrderStatus, { name: 'WorkOrderStatus' });
registerEnumType(ComplaintTarget, { name: 'ComplaintTarget', description: 'Whom a complaint is about' });
registerEnumType(ComplaintConcern, { name: 'ComplaintConcern', description: 'What a complaint is about: works quality and timeliness go to the works company, staff conduct to the discipline office' });
registerEnumType(ProcessingLevel, {
  name: 'ProcessingLevel',
  description: 'Processing level: NORMAL keeps the category’s resolve deadline; the others set it to 12 h, 24 h, 36 h, 48 h, 3 days or 5 days from the report',
});

registerEnumType(LeakSite, { name: 'LeakSite', description: 'Where a leak is: public mains, hydrants and valves are on site in 40 min, anything else in 1 h' });
registerEnumType(LeakTier, { name: 'LeakTier', description: 'Repair tier chosen on site: SMALL ≤ 5 h, MEDIUM ≤ 10 h, LARGE ≤ 24 h (leaks); OTHER_UNIT_SHUTOFF 48 h (meter-box leak, another unit shuts the water)' });
registerEnumType(FeedbackKind, { name: 'FeedbackKind' });
registerEnumType(FeedbackSource, { name: 'FeedbackSource' });

/** The stages of a new-connection application (values: the clock kinds). */
export enum ConnectionStageEnum {
  ANSWER = 'answer',
  SURVEY = 'survey',
  DESIGN = 'design',
  FEE = 'fee',
  WORKS = 'works',
  ACCEPTANCE = 'acceptance',
  METER_TEST = 'meterTest',
  CONTRACT = 'contract',
  WATER_ON = 'waterOn',
}
registerEnumType(ConnectionStageEnum, {
  name: 'ConnectionStage',
  description: 'A new-connection application’s stages, in order: answer, site survey, design, fee, works, acceptance (flushing + water-quality report), meter test, supply contract, water on',
});

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
  @Field(() => String, { nullable: true, description: 'The phone with its middle hidden (138****0000), for everyone who reads the order' }) maskedPhone!: string | null;
  // phone: personal data, resolved (and its read logged) in ReporterResolver.
  phone!: string | null;
  orderId!: string;
}

@ObjectType({ description: 'A group job’s representative: personal data, like the reporter' })
export class Representative {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) maskedPhone!: string | null;
  // phone: resolved (and its read logged) in RepresentativeResolver.
  phone!: string | null;
  orderId!: string;
}

@ObjectType({ description: 'One stage of a new-connection application and its clock' })
export class ConnectionStageStatus {
  @Field(() => ConnectionStageEnum) stage!: ConnectionStageEnum;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When its clock started (the documents complete; else the stage before done)' }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Its deadline (null: none for this stage)' }) dueAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) doneAt!: Date | null;
  @Field(() => String, { nullable: true }) doneBy!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true, description: 'Acceptance: the water-quality report' }) waterQualityReport!: string | null;
  @Field({ description: 'Done after its deadline, or still open past it' }) late!: boolean;
}

@ObjectType({ description: 'A new-connection application behind a NEW_CONNECTION order' })
export class ConnectionApplication {
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the documents were complete (the answer and survey clocks start)' }) documentsCompleteAt!: Date | null;
  @Field(() => Int, { nullable: true }) mainDiameterMm!: number | null;
  @Field(() => Int, { nullable: true }) tapMainDiameterMm!: number | null;
  @Field() groupJob!: boolean;
  @Field(() => Representative, { nullable: true, description: 'A group job’s representative (its callback goes to them)' }) representative!: Representative | null;
  @Field(() => [ConnectionStageStatus]) stages!: ConnectionStageStatus[];
}

@InputType()
export class RepresentativeInput {
  @Field() name!: string;
  @Field() phone!: string;
}

@InputType({ description: 'A new-connection application’s facts at intake' })
export class ConnectionApplicationInput {
  @Field({ defaultValue: false, description: 'The documents are complete now (the answer is due the same working day)' }) documentsComplete!: boolean;
  @Field(() => Int, { nullable: true, description: 'DN of the main to lay (above DN200: design + 3 days)' }) mainDiameterMm?: number;
  @Field(() => Int, { nullable: true, description: 'DN of the main to tap (above DN500: design + 3 days)' }) tapMainDiameterMm?: number;
  @Field({ defaultValue: false }) groupJob!: boolean;
  @Field(() => RepresentativeInput, { nullable: true, description: 'Required for a group job' }) representative?: RepresentativeInput;
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
  @Field({ description: 'AFTER_SERVICE, AFTER_REVISIT (asked again after a revisit), UNSATISFIED_SURVEY or WORKS_SAMPLE (monthly sample of settled new-connection jobs)' }) reason!: string;
  @Field({ description: 'Whom to call: REPORTER, or REPRESENTATIVE (a group job’s)' }) contact!: string;
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
  @Field({ description: 'CUSTOMER (compensation paid to the customer) or INTERNAL (a fine on the responsible unit)' }) payee!: string;
  @Field({ description: 'deadline (a missed deadline) or finding (recorded by a supervisor)' }) source!: string;
  @Field(() => Department, { nullable: true, description: 'The unit responsible (the order’s department when it was recorded)' }) responsibleDepartment!: Department | null;
  @Field(() => Float, { nullable: true, description: 'A finding’s base: the meter box’s cost or the amount overcharged' }) baseAmountCny!: number | null;
  @Field(() => Float, { nullable: true, description: 'A finding’s share of the cost per day, or the multiple applied' }) rate!: number | null;
}

@InputType({ description: 'A finding a compensation rule pays for (meter not read, meter box late, overcharge)' })
export class CompensationFindingInput {
  @Field(() => ID) workOrderId!: string;
  @Field({ description: 'A finding rule: METER_NOT_READ, METER_BOX_LATE, OVERCHARGE_REFUND or a utility’s own' }) ruleId!: string;
  @Field(() => Float, { nullable: true, description: 'METER_BOX_LATE: the box’s cost; OVERCHARGE_REFUND: the amount overcharged (CNY)' }) baseAmountCny?: number;
  @Field(() => Int, { nullable: true, description: 'Per-day rules: days late' }) days?: number;
  @Field(() => Float, { nullable: true, description: 'OVERCHARGE_REFUND: the multiple (3–5 by default; the rule’s lowest when absent)' }) multiple?: number;
  @Field(() => String, { nullable: true }) note?: string;
}

@ObjectType({ description: 'The SMS a dispatch sent to the department’s liaison on duty (through the notice system)' })
export class LiaisonNotice {
  @Field(() => Department) department!: Department;
  @Field({ description: 'The liaison reached' }) name!: string;
  @Field() shiftStart!: string;
  @Field() shiftEnd!: string;
  @Field(() => DateTimeScalar) notifiedAt!: Date;
  @Field({ description: 'The SMS request’s event id on workorder.events' }) eventId!: string;
}

@ObjectType({ description: 'A department’s liaison for one shift (local time; end 24:00 = midnight; an end before the start runs over midnight)' })
export class DepartmentLiaison {
  @Field(() => Department) department!: Department;
  @Field() start!: string;
  @Field() end!: string;
  @Field() name!: string;
  @Field() phone!: string;
}

@InputType()
export class LiaisonInput {
  @Field({ description: 'HH:MM' }) start!: string;
  @Field({ description: 'HH:MM or 24:00' }) end!: string;
  @Field() name!: string;
  @Field() phone!: string;
}

@ObjectType({ description: 'A registered praise, criticism or media exposure' })
export class FeedbackEntry {
  @Field(() => ID) id!: string;
  @Field(() => FeedbackKind) kind!: FeedbackKind;
  @Field(() => FeedbackSource) source!: FeedbackSource;
  @Field(() => DateTimeScalar) receivedAt!: Date;
  @Field(() => Department, { nullable: true }) subjectDepartment!: Department | null;
  @Field(() => String, { nullable: true, description: 'The staff member concerned' }) subjectStaff!: string | null;
  @Field(() => ID, { nullable: true }) workOrderId!: string | null;
  @Field() summary!: string;
  @Field() recordedBy!: string;
  @Field(() => DateTimeScalar) recordedAt!: Date;
}

@ObjectType()
export class FeedbackPage {
  @Field(() => [FeedbackEntry]) items!: FeedbackEntry[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@InputType()
export class FeedbackInput {
  @Field(() => FeedbackKind) kind!: FeedbackKind;
  @Field(() => FeedbackSource) source!: FeedbackSource;
  @Field() summary!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it came in (default now)' }) receivedAt?: Date;
  @Field(() => Department, { nullable: true }) subjectDepartment?: Department;
  @Field(() => String, { nullable: true }) subjectStaff?: string;
  @Field(() => ID, { nullable: true }) workOrderId?: string;
}

@InputType()
export class FeedbackFilter {
  @Field(() => FeedbackKind, { nullable: true }) kind?: FeedbackKind;
  @Field(() => FeedbackSource, { nullable: true }) source?: FeedbackSource;
  @Field(() => Department, { nullable: true }) department?: Department;
  @Field(() => DateTimeScalar, { nullable: true }) from?: Date;
  @Field(() => DateTimeScalar, { nullable: true }) to?: Date;
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
  @Field(() => ProcessingLevel, { description: 'Processing level: sets the resolve deadline unless NORMAL' }) priority!: ProcessingLevel;
  @Field(() => String, { nullable: true, description: 'Why the order has its level: CALL_CENTER (chosen), REFERRAL (government/media), RISK (injury or property), or the reason given' }) priorityReason!: string | null;
  @Field(() => String, { nullable: true, description: 'Who set the level (null when a rule gave it)' }) prioritySetBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) prioritySetAt!: Date | null;
  @Field(() => ComplaintConcern, { nullable: true }) complaintConcern!: ComplaintConcern | null;
  @Field({ description: 'Flagged at intake as risking injury or property loss' }) riskOfInjuryOrDamage!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Answered on the call and closed (no dispatch clock)' }) answeredAt!: Date | null;
  @Field(() => LeakSite, { nullable: true }) leakSite!: LeakSite | null;
  @Field(() => LeakTier, { nullable: true, description: 'The repair tier chosen on site (sets the resolve deadline)' }) leakTier!: LeakTier | null;
  @Field(() => String, { nullable: true }) leakTierSetBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) leakTierSetAt!: Date | null;
  @Field(() => Department, { nullable: true, description: 'A leak under warranty: the unit that built the facility (the order went to it)' }) warrantyUnit!: Department | null;
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
  @Field(() => ProcessingLevel, { nullable: true, description: 'Processing level chosen by the call center (default NORMAL, or the level a rule gives)' }) priority?: ProcessingLevel;
  @Field(() => ComplaintTarget, { nullable: true }) complaintTarget?: ComplaintTarget;
  @Field(() => Department, { nullable: true }) complaintSubjectDepartment?: Department;
  @Field(() => ComplaintConcern, { nullable: true, description: 'Complaints: what it is about (decides the department)' }) complaintConcern?: ComplaintConcern;
  @Field(() => Boolean, { nullable: true, description: 'The case may injure someone or damage property (24 h level)' }) riskOfInjuryOrDamage?: boolean;
  @Field(() => LeakSite, { nullable: true, description: 'Leaks: where the leak is (on-site time)' }) leakSite?: LeakSite;
  @Field(() => Boolean, { nullable: true, description: 'Leaks: the facility is under warranty (the order goes to the unit that built it)' }) underWarranty?: boolean;
  @Field(() => Department, { nullable: true, description: 'Leaks under warranty: the unit that built the facility (default the works company)' }) warrantyUnit?: Department;
  @Field(() => ConnectionApplicationInput, { nullable: true, description: 'NEW_CONNECTION: the application' }) connection?: ConnectionApplicationInput;
}

@InputType()
export class WorkOrderFilter {
  @Field(() => [WorkOrderStatus], { nullable: true }) status?: WorkOrderStatus[];
  @Field(() => [UtilityKindEnum], { nullable: true, description: 'Utility kinds (a department user: its own kind only)' }) utility?: UtilityKind[];
  @Field(() => Department, { nullable: true }) department?: Department;
  @Field(() => [Category], { nullable: true }) category?: Category[];
  @Field(() => Boolean, { nullable: true }) breached?: boolean;
  @Field(() => ID, { nullable: true, description: 'Orders of this outage: the reports linked to it and, after a gas outage, its ignition checks (GAS_SERVICE, vulnerable households first)' }) outageId?: string;
  @Field(() => BBoxInput, { nullable: true, description: 'Location box (WGS84)' }) bbox?: BBoxInput;
  @Field(() => String, { nullable: true, description: 'Order number (exact)' }) number?: string;
  @Field(() => String, { nullable: true, description: 'Caller’s phone (digits compared; spaces and dashes ignored)' }) phone?: string;
  @Field(() => String, { nullable: true, description: 'Part of the address' }) address?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Reported at or after' }) createdFrom?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Reported before' }) createdTo?: Date;
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
