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
  @Field(() => Float, { description: 'Target share (1 = 100 %)' }) target!: number;
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
  @Field(() => CompensationTotals) compensation!: CompensationTotals;
  @Field(() => [UtilityKindEnum], { description: 'The utility kinds the report covers' }) utilities!: UtilityKind[];
  @Field(() => [ReportGoalType], { description: 'Every target with its figure and whether it is met' }) goals!: ReportGoalType[];
  @Field({ description: 'The whole report as CSV (Chinese and English headings)' }) csv!: string;
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
  @Field() target!: string;
  @Field(() => Float) amountCny!: number;
  @Field({ description: 'once or day' }) per!: string;
  @Field(() => String, { nullable: true }) label!: string | null;
}

@InputType()
export class CompensationRuleInput {
  @Field() id!: string;
  @Field(() => [Category]) categories!: Category[];
  @Field() target!: string;
  @Field(() => Float) amountCny!: number;
  @Field() per!: string;
  @Field(() => String, { nullable: true }) labelZh?: string;
  @Field(() => String, { nullable: true }) labelEn?: string;
  @Field({ defaultValue: true }) active!: boolean;
}
