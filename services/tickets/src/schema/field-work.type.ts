// GraphQL types of heat and gas field work: temperature-check visits (走访测温), gas safety inspections and
// hazard rectification notices (安全隐患整改通知单), and their sections of the monthly report.
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '@mainline/common';
import { Department } from '../domain/enums';
import { ServicePointRef } from './work-order.type';

export enum RoomKindEnum {
  LIVING_ROOM = 'LIVING_ROOM',
  BEDROOM = 'BEDROOM',
  OTHER = 'OTHER',
}
registerEnumType(RoomKindEnum, { name: 'RoomKind', description: 'Living rooms and bedrooms are judged against the threshold; other rooms are recorded only' });

export enum TemperatureVisitStatusEnum {
  PLANNED = 'PLANNED',
  RECORDED = 'RECORDED',
}
registerEnumType(TemperatureVisitStatusEnum, { name: 'TemperatureVisitStatus' });

export enum InspectionOutcomeEnum {
  PASS = 'PASS',
  HAZARD_FOUND = 'HAZARD_FOUND',
  NO_ACCESS = 'NO_ACCESS',
  REFUSED = 'REFUSED',
}
registerEnumType(InspectionOutcomeEnum, {
  name: 'InspectionOutcome',
  description: 'PASS: no hazard (closes the point’s open notices); HAZARD_FOUND: issues a rectification notice; NO_ACCESS (到访不遇), REFUSED (拒检): the point stays due',
});

export enum HazardNoticeStatusEnum {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(HazardNoticeStatusEnum, { name: 'HazardNoticeStatus' });

// ---------- heat: measuring points, rounds, visits ----------

@ObjectType('MeasuringPoint', { description: 'A fixed measuring point of the heat utility (a household or building visited on rounds)' })
export class MeasuringPointType {
  @Field(() => ID) id!: string;
  @Field({ description: 'The utility’s own code, unique' }) code!: string;
  @Field() name!: string;
  @Field() address!: string;
  @Field(() => Department, { description: 'The heat department that visits it' }) department!: Department;
  @Field() active!: boolean;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@InputType()
export class SaveMeasuringPointInput {
  @Field({ description: 'Adds the point, or changes the one with this code' }) code!: string;
  @Field() name!: string;
  @Field() address!: string;
  @Field(() => Department) department!: Department;
  @Field(() => Boolean, { nullable: true, description: 'Default true; false takes it out of rounds' }) active?: boolean | null;
}

@ObjectType('StaffMember')
export class StaffMemberType {
  @Field({ description: 'Staff card number' }) id!: string;
  @Field() name!: string;
}

@InputType()
export class StaffMemberInput {
  @Field({ description: 'Staff card number' }) id!: string;
  @Field() name!: string;
}

@ObjectType('RoomMeasurement')
export class RoomMeasurementType {
  @Field() name!: string;
  @Field(() => RoomKindEnum) kind!: RoomKindEnum;
  @Field(() => Float) celsius!: number;
  @Field(() => Boolean, { nullable: true, description: 'Reached the threshold; null for rooms not judged' }) passed!: boolean | null;
}

@InputType()
export class RoomMeasurementInput {
  @Field({ description: '客厅, 主卧 …' }) name!: string;
  @Field(() => RoomKindEnum) kind!: RoomKindEnum;
  @Field(() => Float, { description: '°C, −30…60' }) celsius!: number;
}

@ObjectType('NeighbourMeasurement', { description: 'Evidence when the customer refuses to sign: a neighbour’s room measured and signed for' })
export class NeighbourMeasurementType {
  @Field() address!: string;
  @Field(() => String, { nullable: true }) room!: string | null;
  @Field(() => Float) celsius!: number;
  @Field() passed!: boolean;
  @Field() signature!: string;
}

@InputType()
export class NeighbourMeasurementInput {
  @Field() address!: string;
  @Field(() => String, { nullable: true }) room?: string | null;
  @Field(() => Float) celsius!: number;
  @Field({ description: 'The neighbour’s signature (name, or a reference to the signed sheet)' }) signature!: string;
}

@ObjectType('TemperatureVisit', { description: 'A temperature-check visit (走访测温): from a HEAT_TEMPERATURE order or a planned round of measuring points' })
export class TemperatureVisitType {
  @Field(() => ID) id!: string;
  @Field(() => TemperatureVisitStatusEnum) status!: TemperatureVisitStatusEnum;
  @Field(() => ID, { nullable: true }) workOrderId!: string | null;
  @Field(() => ID, { nullable: true }) roundId!: string | null;
  @Field(() => ID, { nullable: true }) measuringPointId!: string | null;
  @Field(() => Department) department!: Department;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, planned visits' }) scheduledOn!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) visitedAt!: Date | null;
  @Field(() => [StaffMemberType]) staff!: StaffMemberType[];
  @Field(() => [RoomMeasurementType]) rooms!: RoomMeasurementType[];
  @Field(() => Float, { nullable: true, description: 'The threshold the rooms were judged against (°C)' }) thresholdCelsius!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Every judged room reached the threshold' }) passed!: boolean | null;
  @Field(() => Int, { nullable: true }) roomsJudged!: number | null;
  @Field(() => Int, { nullable: true }) roomsPassed!: number | null;
  @Field(() => String, { nullable: true }) customerSignature!: string | null;
  @Field(() => Boolean, { nullable: true }) customerRefused!: boolean | null;
  @Field(() => NeighbourMeasurementType, { nullable: true }) neighbour!: NeighbourMeasurementType | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) recordedBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) recordedAt!: Date | null;
}

@InputType()
export class RecordTemperatureVisitInput {
  @Field(() => ID, { nullable: true, description: 'The HEAT_TEMPERATURE order visited (or visitId)' }) workOrderId?: string | null;
  @Field(() => ID, { nullable: true, description: 'A planned visit of a round (or workOrderId)' }) visitId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Default now; not in the future' }) visitedAt?: Date | null;
  @Field(() => [StaffMemberInput], { description: 'At least two staff (HEAT_VISIT_MIN_STAFF)' }) staff!: StaffMemberInput[];
  @Field(() => [RoomMeasurementInput]) rooms!: RoomMeasurementInput[];
  @Field(() => String, { nullable: true, description: 'The customer’s signature; or customerRefused with a neighbour’s measurement' }) customerSignature?: string | null;
  @Field(() => Boolean, { nullable: true }) customerRefused?: boolean | null;
  @Field(() => NeighbourMeasurementInput, { nullable: true }) neighbour?: NeighbourMeasurementInput | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class PlanTemperatureRoundInput {
  @Field({ description: 'YYYY-MM-DD, not in the past' }) scheduledOn!: string;
  @Field(() => [String], { nullable: true, description: 'Measuring points by code; default every active point of the department' }) measuringPointCodes?: string[] | null;
  @Field(() => Department, { nullable: true, description: 'A department plans its own; supervisors may name one' }) department?: Department | null;
}

@ObjectType('TemperatureRound')
export class TemperatureRoundType {
  @Field(() => ID) id!: string;
  @Field() scheduledOn!: string;
  @Field(() => Department, { nullable: true }) department!: Department | null;
  @Field() plannedBy!: string;
  @Field(() => DateTimeScalar) plannedAt!: Date;
  @Field(() => [TemperatureVisitType], { description: 'The visits planned by this round' }) visits!: TemperatureVisitType[];
  @Field(() => [String], { description: 'Points that already had a planned visit (kept, not doubled)' }) skippedCodes!: string[];
}

@ObjectType('TemperatureVisitPage')
export class TemperatureVisitPage {
  @Field(() => [TemperatureVisitType]) items!: TemperatureVisitType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@InputType()
export class TemperatureVisitFilter {
  @Field(() => ID, { nullable: true }) workOrderId?: string;
  @Field(() => ID, { nullable: true }) roundId?: string;
  @Field(() => TemperatureVisitStatusEnum, { nullable: true }) status?: TemperatureVisitStatusEnum;
}

// ---------- gas: schedules, inspections, hazard notices ----------

@ObjectType('DueInspection', { description: 'A service point whose safety inspection is due or late' })
export class DueInspectionType {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) servicePointId!: string;
  @Field(() => ServicePointRef, { description: 'The service point (from the network service)' }) servicePoint!: ServicePointRef;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field({ description: 'RESIDENTIAL, COMMERCIAL, INDUSTRIAL, PUBLIC_BUILDING or OTHER' }) customerType!: string;
  @Field(() => [String], { description: 'ELDERLY, SICK, DISABLED' }) vulnerability!: string[];
  @Field({ description: 'Vulnerable users come first' }) vulnerable!: boolean;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the last inspection known (recorded here or in the GIS)' }) lastInspectedOn!: string | null;
  @Field() neverInspected!: boolean;
  @Field({ description: 'DUE or OVERDUE' }) status!: string;
  @Field({ description: 'YYYY-MM-DD: due from' }) dueFrom!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the last day on time' }) dueBy!: string | null;
  @Field(() => Int) daysOverdue!: number;
  @Field(() => String, { nullable: true, description: 'Public buildings: SPRING_FESTIVAL, LABOUR_DAY or NATIONAL_DAY the inspection must precede' }) festival!: string | null;
  @Field(() => ID, { nullable: true, description: 'An inspection already planned for it' }) plannedInspectionId!: string | null;
  @Field(() => Int) openHazardNotices!: number;
}

@ObjectType('DueInspectionList')
export class DueInspectionList {
  @Field({ description: 'YYYY-MM-DD the list is computed for' }) asOf!: string;
  @Field(() => Int, { description: 'All due or late points (items holds the first ones)' }) total!: number;
  @Field(() => [DueInspectionType]) items!: DueInspectionType[];
}

@ObjectType('Hazard')
export class HazardType {
  @Field(() => String, { nullable: true, description: 'The utility’s hazard code, e.g. HOSE_AGED' }) code!: string | null;
  @Field() description!: string;
}

@InputType()
export class HazardInput {
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field() description!: string;
}

@ObjectType('HazardNotice', { description: 'A hazard rectification notice (安全隐患整改通知单): open until a later inspection of the point passes' })
export class HazardNoticeType {
  @Field(() => ID) id!: string;
  @Field({ description: 'YH-<year>-<n>' }) number!: string;
  @Field(() => ID) inspectionId!: string;
  @Field(() => ID) networkId!: string;
  @Field(() => ID) servicePointId!: string;
  @Field(() => ServicePointRef) servicePoint!: ServicePointRef;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => [HazardType]) hazards!: HazardType[];
  @Field(() => DateTimeScalar) issuedAt!: Date;
  @Field({ description: 'YYYY-MM-DD: the deadline for rectification' }) rectifyBy!: string;
  @Field(() => String, { nullable: true }) customerSignature!: string | null;
  @Field() customerRefused!: boolean;
  @Field(() => HazardNoticeStatusEnum) status!: HazardNoticeStatusEnum;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt!: Date | null;
  @Field(() => ID, { nullable: true }) closedByInspectionId!: string | null;
  @Field({ description: 'Open and past its deadline today' }) overdue!: boolean;
  @Field(() => Int) daysOverdue!: number;
}

@ObjectType('GasInspection', { description: 'A planned gas safety inspection and, once recorded, its result' })
export class GasInspectionType {
  @Field(() => ID) id!: string;
  @Field(() => ID) networkId!: string;
  @Field(() => ID) servicePointId!: string;
  @Field(() => ServicePointRef) servicePoint!: ServicePointRef;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field() customerType!: string;
  @Field(() => [String]) vulnerability!: string[];
  @Field() vulnerable!: boolean;
  @Field({ description: 'PLANNED, or the outcome: PASS, HAZARD_FOUND, NO_ACCESS, REFUSED' }) status!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD the schedule wanted it by' }) dueBy!: string | null;
  @Field(() => String, { nullable: true }) scheduledOn!: string | null;
  @Field(() => ID, { nullable: true }) roundId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The hazard notice this inspection follows up' }) followUpOf!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) inspectedAt!: Date | null;
  @Field(() => [StaffMemberType]) inspectors!: StaffMemberType[];
  @Field(() => String, { nullable: true }) customerSignature!: string | null;
  @Field(() => Boolean, { nullable: true }) customerRefused!: boolean | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) recordedBy!: string | null;
}

@InputType()
export class InspectionResultInput {
  @Field(() => InspectionOutcomeEnum) outcome!: InspectionOutcomeEnum;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Default now; not in the future' }) inspectedAt?: Date | null;
  @Field(() => [StaffMemberInput]) inspectors!: StaffMemberInput[];
  @Field(() => [HazardInput], { nullable: true, description: 'HAZARD_FOUND only, at least one' }) hazards?: HazardInput[] | null;
  @Field(() => String, { nullable: true, description: 'HAZARD_FOUND: the customer signs the notice (or customerRefused)' }) customerSignature?: string | null;
  @Field(() => Boolean, { nullable: true }) customerRefused?: boolean | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the notice’s deadline; default HAZARD_RECTIFY_DAYS after the inspection' }) rectifyBy?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType('InspectionResult')
export class InspectionResultType {
  @Field(() => GasInspectionType) inspection!: GasInspectionType;
  @Field(() => HazardNoticeType, { nullable: true, description: 'The notice this result issued' }) issuedNotice!: HazardNoticeType | null;
  @Field(() => [HazardNoticeType], { description: 'Open notices of the point this pass closed' }) closedNotices!: HazardNoticeType[];
}

@InputType()
export class PlanInspectionRoundInput {
  @Field(() => ID, { description: 'A GAS network' }) networkId!: string;
  @Field(() => [ID], { nullable: true, description: 'These service points (or dueBy)' }) servicePointIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: every point due or late by then (or servicePointIds)' }) dueBy?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD the visits are planned for' }) scheduledOn?: string | null;
}

@ObjectType('SkippedServicePoint')
export class SkippedServicePointType {
  @Field(() => ID) servicePointId!: string;
  @Field({ description: 'ALREADY_PLANNED' }) reason!: string;
}

@ObjectType('InspectionRound')
export class InspectionRoundType {
  @Field(() => ID) id!: string;
  @Field(() => ID) networkId!: string;
  @Field(() => String, { nullable: true }) dueBy!: string | null;
  @Field(() => String, { nullable: true }) scheduledOn!: string | null;
  @Field() plannedBy!: string;
  @Field(() => DateTimeScalar) plannedAt!: Date;
  @Field(() => [GasInspectionType], { description: 'Planned now, vulnerable users first' }) inspections!: GasInspectionType[];
  @Field(() => [SkippedServicePointType]) skipped!: SkippedServicePointType[];
}

@ObjectType('GasInspectionPage')
export class GasInspectionPage {
  @Field(() => [GasInspectionType]) items!: GasInspectionType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@InputType()
export class GasInspectionFilter {
  @Field(() => ID, { nullable: true }) networkId?: string;
  @Field(() => ID, { nullable: true }) servicePointId?: string;
  @Field(() => ID, { nullable: true }) roundId?: string;
  @Field(() => String, { nullable: true, description: 'PLANNED or an outcome' }) status?: string;
}

@ObjectType('HazardNoticePage')
export class HazardNoticePage {
  @Field(() => [HazardNoticeType]) items!: HazardNoticeType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@InputType()
export class HazardNoticeFilter {
  @Field(() => ID, { nullable: true }) networkId?: string;
  @Field(() => ID, { nullable: true }) servicePointId?: string;
  @Field(() => HazardNoticeStatusEnum, { nullable: true }) status?: HazardNoticeStatusEnum;
  @Field(() => Boolean, { nullable: true, description: 'Open notices past their deadline today' }) overdueOnly?: boolean;
}

// ---------- report sections ----------

@ObjectType('TargetFigure', { description: 'A figure of the report with its target beside it' })
export class TargetFigure {
  @Field(() => Float, { nullable: true, description: 'null when nothing was counted' }) rate!: number | null;
  @Field(() => Float) target!: number;
  @Field(() => Boolean, { nullable: true }) met!: boolean | null;
}

@ObjectType('HeatFieldWorkReport', { description: 'Heat: room-temperature compliance from the visits made in the period (docs/domain.md: target ≥ 97 %)' })
export class HeatFieldWorkReport {
  @Field(() => Int, { description: 'Visits (households measured)' }) visits!: number;
  @Field(() => Int) passedVisits!: number;
  @Field(() => TargetFigure, { description: 'Room-temperature compliance: passed visits / visits' }) compliance!: TargetFigure;
  @Field(() => Int) roomsJudged!: number;
  @Field(() => Int) roomsPassed!: number;
  @Field(() => Float, { nullable: true }) roomRate!: number | null;
  @Field(() => Float) thresholdCelsius!: number;
}

@ObjectType('GasFieldWorkReport', { description: 'Gas: inspection coverage (inspected / due in the period) and hazard notices' })
export class GasFieldWorkReport {
  @Field(() => Int, { description: 'Service points due by the period’s end (late ones carried over)' }) due!: number;
  @Field(() => Int) inspectedOfDue!: number;
  @Field(() => TargetFigure) coverage!: TargetFigure;
  @Field(() => Int, { description: 'Inspections carried out in the period (due or early)' }) inspected!: number;
  @Field(() => Int) hazardsIssued!: number;
  @Field(() => Int) hazardsClosed!: number;
  @Field(() => Int, { description: 'Open at the period’s end' }) hazardsOpen!: number;
  @Field(() => Int, { description: 'Open at the period’s end and past their deadline' }) hazardsOverdue!: number;
}
