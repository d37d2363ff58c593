import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import { Category, Department, Severity } from '../domain/enums';
import { UtilityKindEnum } from './utility.type';

@ObjectType({ description: 'A target beside its figure: the desk’s (utility null) or one kind’s own (heat: complaint closure, repair timeliness)' })
export class ReportGoalType {
  @Field({ description: 'Stable name, e.g. onTime, complaintClosure, repairTimeliness' }) name!: string;
  @Field(() => UtilityKindEnum, { nullable: true }) utility!: UtilityKind | null;
  @Field({ description: '中文 / English' }) label!: string;
  @Field(() => Float, { description: 'Target: a share (1 = 100 %), or minutes for avgRepairMinutes (met at most)' }) target!: number;
  @Field(() => Float, { nullable: true, description: 'The figure; null when there was nothing to measure' }) value!: number | null;
  @Field() met!: boolean;
}

@ObjectType()
export class CountRow {
  @Field() key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class ComplaintCounts {
  @Field(() => Int) total!: number;
  @Field(() => Int) company!: number;
  @Field(() => Int) department!: number;
  @Field(() => Int) staff!: number;
  @Field(() => Int) unspecified!: number;
}

@ObjectType({ description: 'On-time rate and durations of one stage (dispatch, accept, onSite, resolve)' })
export class StageStat {
  @Field() stage!: string;
  @Field(() => Int) counted!: number;
  @Field(() => Int) onTime!: number;
  @Field(() => Int) late!: number;
  @Field(() => Float, { nullable: true }) rate!: number | null;
  @Field(() => Float, { nullable: true }) avgMinutes!: number | null;
  @Field(() => Float, { nullable: true, description: 'Nearest-rank 90th percentile' }) p90Minutes!: number | null;
}

@ObjectType()
export class TimesAndOrders {
  @Field(() => Int) total!: number;
  @Field(() => Int) orders!: number;
}

@ObjectType()
export class CallbackStats {
  @Field(() => Int) afterServiceResolved!: number;
  @Field(() => Int) calledBack!: number;
  @Field(() => Float, { nullable: true }) rate!: number | null;
  @Field(() => Int) answered!: number;
  @Field(() => Int) satisfied!: number;
  @Field(() => Float, { nullable: true }) satisfactionRate!: number | null;
  @Field(() => Float, { nullable: true }) complaintSatisfactionRate!: number | null;
}

@ObjectType()
export class HotSpot {
  @Field() address!: string;
  @Field(() => Int) count!: number;
  @Field(() => Category) topCategory!: Category;
}

@ObjectType()
export class CompensationTotals {
  @Field(() => Int) orders!: number;
  @Field(() => Float) totalCny!: number;
}

@ObjectType()
export class DepartmentFines {
  @Field(() => Department) department!: Department;
  @Field(() => Int) orders!: number;
  @Field(() => Float) totalCny!: number;
}

@ObjectType({ description: 'Fines on the responsible units (internal), kept apart from compensation paid to customers' })
export class InternalFineTotals {
  @Field(() => Int) orders!: number;
  @Field(() => Float) totalCny!: number;
  @Field(() => [DepartmentFines]) byDepartment!: DepartmentFines[];
}

@ObjectType({ description: 'Praise, criticism and media exposure registered in the period' })
export class FeedbackCounts {
  @Field(() => Int) total!: number;
  @Field(() => Int) praise!: number;
  @Field(() => Int) criticism!: number;
  @Field(() => Int) mediaExposure!: number;
  @Field(() => [CountRow], { description: 'By source: CUSTOMER, MAYOR_HOTLINE, REGULATOR, MEDIA' }) bySource!: CountRow[];
}

@ObjectType()
export class RepairTime {
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true }) avgMinutes!: number | null;
}

@ObjectType()
export class MonthlyReportType {
  @Field() month!: string;
  @Field() timeZone!: string;
  @Field(() => Department, { nullable: true }) department!: Department | null;
  @Field(() => DateTimeScalar) periodStart!: Date;
  @Field(() => DateTimeScalar) periodEnd!: Date;
  @Field(() => Int) totalOrders!: number;
  @Field(() => [CountRow]) byCategory!: CountRow[];
  @Field(() => [CountRow]) byChannel!: CountRow[];
  @Field(() => [CountRow]) byDepartment!: CountRow[];
  @Field(() => ComplaintCounts) complaints!: ComplaintCounts;
  @Field(() => [StageStat]) stages!: StageStat[];
  @Field(() => TimesAndOrders) extensions!: TimesAndOrders;
  @Field(() => TimesAndOrders) returns!: TimesAndOrders;
  @Field(() => CallbackStats) callback!: CallbackStats;
  @Field(() => [HotSpot]) hotSpotAddresses!: HotSpot[];
  @Field(() => [CountRow]) hotSpotCategories!: CountRow[];
  @Field(() => CompensationTotals, { description: 'Compensation paid to customers' }) compensation!: CompensationTotals;
  @Field(() => InternalFineTotals) internalFines!: InternalFineTotals;
  @Field(() => Int, { description: 'Inquiries answered on the call and closed' }) answeredAtOnce!: number;
  @Field(() => FeedbackCounts) feedback!: FeedbackCounts;
  @Field(() => RepairTime, { description: 'Report to resolution of the repair categories (GOAL_REPAIR_CATEGORIES)' }) repair!: RepairTime;
  @Field(() => [UtilityKindEnum], { description: 'The utility kinds the report covers' }) utilities!: UtilityKind[];
  @Field(() => [ReportGoalType], { description: 'Every target with its figure and whether it is met: the desk’s, each covered kind’s own (water: average repair time) and those measured from field work' }) goals!: ReportGoalType[];
  /** The CSV (field `csv`, resolved by MonthlyReportCsvResolver): made or read only when a query selects it. */
  csvOf!: () => Promise<string>;
}

@ObjectType({ description: 'A monthly report as produced for supervisors when its period ended' })
export class ProducedMonthlyReport {
  @Field() month!: string;
  @Field(() => DateTimeScalar) periodStart!: Date;
  @Field(() => DateTimeScalar) periodEnd!: Date;
  @Field(() => DateTimeScalar) producedAt!: Date;
  @Field({ description: 'system (the scheduled job) or a user id' }) producedBy!: string;
  @Field(() => MonthlyReportType, { nullable: true, description: 'The report as produced (in the list: null; ask producedMonthlyReport(month))' }) report!: MonthlyReportType | null;
}

@ObjectType()
export class MonthCount {
  @Field() month!: string;
  @Field(() => Int) total!: number;
}

@ObjectType()
export class QuarterlyComplaintSummaryType {
  @Field() quarter!: string;
  @Field(() => Int) total!: number;
  @Field(() => ComplaintCounts) byTarget!: ComplaintCounts;
  @Field(() => [MonthCount]) byMonth!: MonthCount[];
  @Field(() => [CountRow]) bySubjectDepartment!: CountRow[];
  @Field(() => StageStat) resolveOnTime!: StageStat;
  @Field(() => Int) answered!: number;
  @Field(() => Int) satisfied!: number;
  @Field(() => Float, { nullable: true }) satisfactionRate!: number | null;
}

// ---------- settings tables ----------

@ObjectType()
export class RoutingRuleType {
  @Field(() => Category) category!: Category;
  @Field(() => Department) department!: Department;
  @Field({ description: 'Send the reporter status SMS for this category' }) statusSms!: boolean;
}

@ObjectType()
export class SlaTargetType {
  @Field(() => Category) category!: Category;
  @Field({ description: 'dispatch, accept, reply, onSite, resolve or callback' }) kind!: string;
  @Field(() => Int, { nullable: true }) minutes!: number | null;
  @Field(() => Int, { nullable: true, description: 'Working days counted from the day after the start' }) workingDays!: number | null;
  @Field({ description: 'clock or working' }) basis!: string;
  @Field({ description: 'report, dispatch or resolve' }) from!: string;
  @Field(() => Severity, { nullable: true, description: 'Applies to orders of this severity only (it wins over the row without)' }) severity!: Severity | null;
  @Field(() => Int, { nullable: true, description: 'Applies to reports in the first N days of the heating season only (it wins over the row without)' }) seasonFirstDays!: number | null;
}

@InputType()
export class SlaTargetInput {
  @Field(() => Category) category!: Category;
  @Field() kind!: string;
  @Field(() => Int, { nullable: true }) minutes?: number;
  @Field(() => Int, { nullable: true }) workingDays?: number;
  @Field({ defaultValue: 'clock' }) basis!: string;
  @Field({ defaultValue: 'report' }) from!: string;
  @Field(() => Severity, { nullable: true, description: 'The row for this severity only' }) severity?: Severity;
  @Field(() => Int, { nullable: true, description: 'The row for the first N days of the heating season only' }) seasonFirstDays?: number;
  @Field({ defaultValue: false, description: 'Remove this target' }) remove!: boolean;
}

@ObjectType()
export class CompensationRuleType {
  @Field() id!: string;
  @Field(() => [Category]) categories!: Category[];
  @Field({ description: "deadline (owed when `target` is missed) or finding (recorded by a supervisor with its figures)" }) trigger!: string;
  @Field(() => String, { nullable: true, description: 'The deadline of a deadline rule: an SLA kind or a new-connection stage' }) target!: string | null;
  @Field(() => Float) amountCny!: number;
  @Field({ description: 'once or day' }) per!: string;
  @Field({ description: 'fixed, shareOfCost (rate × cost per day) or multipleOfAmount (amount × a multiple from rate to rateMax)' }) basis!: string;
  @Field(() => Float, { nullable: true }) rate!: number | null;
  @Field(() => Float, { nullable: true }) rateMax!: number | null;
  @Field({ description: 'CUSTOMER (compensation paid to the customer) or INTERNAL (a fine on the responsible unit, reported apart)' }) payee!: string;
  @Field(() => String, { nullable: true }) label!: string | null;
}

@InputType()
export class CompensationRuleInput {
  @Field() id!: string;
  @Field(() => [Category]) categories!: Category[];
  @Field({ defaultValue: 'deadline', description: 'deadline or finding' }) trigger!: string;
  @Field(() => String, { nullable: true }) target?: string;
  @Field(() => Float) amountCny!: number;
  @Field() per!: string;
  @Field({ defaultValue: 'fixed' }) basis!: string;
  @Field(() => Float, { nullable: true }) rate?: number;
  @Field(() => Float, { nullable: true }) rateMax?: number;
  @Field({ defaultValue: 'CUSTOMER' }) payee!: string;
  @Field(() => String, { nullable: true }) labelZh?: string;
  @Field(() => String, { nullable: true }) labelEn?: string;
  @Field({ defaultValue: true }) active!: boolean;
}
