import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { ServiceContext } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import { UtilityKindEnum } from '../schema/utility.type';
import type { TicketsServices } from '../services';
import type { ServedReport } from '../services/report.service';
import { Department } from '../domain/enums';
import { FeedbackSource, OnTimeStat, DurationStat, QuarterlyComplaintSummary, REPORT_STAGES } from '../domain';
import { MonthlyReportType, ProducedMonthlyReport, QuarterlyComplaintSummaryType, StageStat } from '../schema/report.type';

type Ctx = ServiceContext<TicketsServices>;

const stage = (name: string, t: OnTimeStat, d?: DurationStat): StageStat => ({
  stage: name, counted: t.counted, onTime: t.onTime, late: t.late, rate: t.rate, avgMinutes: d?.avgMinutes ?? null, p90Minutes: d?.p90Minutes ?? null,
});

function toMonthlyReport(r: ServedReport): MonthlyReportType {
  const b = r.complaints.byTarget;
  return {
    month: r.month, timeZone: r.timeZone, department: r.department, periodStart: r.periodStart, periodEnd: r.periodEnd, totalOrders: r.totalOrders,
    byCategory: r.byCategory, byChannel: r.byChannel, byDepartment: r.byDepartment,
    complaints: { total: r.complaints.total, company: b.COMPANY, department: b.DEPARTMENT, staff: b.STAFF, unspecified: b.UNSPECIFIED },
    stages: REPORT_STAGES.map((s) => stage(s, r.onTime[s], r.durations[s])),
    extensions: r.extensions, returns: r.returns,
    callback: { ...r.callback, complaintSatisfactionRate: r.complaintHandling.satisfactionRate },
    hotSpotAddresses: r.hotSpots.addresses, hotSpotCategories: r.hotSpots.categories, compensation: r.compensation,
    internalFines: { orders: r.internalFines.orders, totalCny: r.internalFines.totalCny, byDepartment: r.internalFines.byDepartment.map((x) => ({ department: x.key, orders: x.orders, totalCny: x.totalCny })) },
    answeredAtOnce: r.answeredAtOnce,
    feedback: {
      total: r.feedback.total, praise: r.feedback.byKind.PRAISE, criticism: r.feedback.byKind.CRITICISM, mediaExposure: r.feedback.byKind.MEDIA_EXPOSURE,
      bySource: Object.values(FeedbackSource).map((k) => ({ key: k, count: r.feedback.bySource[k] })),
    },
    repair: r.repair,
    utilities: r.utilities,
    goals: r.goalList.map((g) => ({ name: g.name, utility: g.utility, label: `${g.label.zh} / ${g.label.en}`, target: g.target, value: g.value, met: g.met })),
    csvOf: r.csv,
  };
}

function toQuarterly(q: QuarterlyComplaintSummary): QuarterlyComplaintSummaryType {
  const b = q.byTarget;
  return {
    quarter: q.quarter, total: q.total,
    byTarget: { total: q.total, company: b.COMPANY, department: b.DEPARTMENT, staff: b.STAFF, unspecified: b.UNSPECIFIED },
    byMonth: q.byMonth, bySubjectDepartment: q.bySubjectDepartment, resolveOnTime: stage('resolve', q.resolveOnTime),
    answered: q.handlingSatisfaction.answered, satisfied: q.handlingSatisfaction.satisfied, satisfactionRate: q.handlingSatisfaction.rate,
  };
}

@Resolver()
export class ReportResolver {
  @Authorized('supervisor', 'admin', 'department')
  @Query(() => MonthlyReportType, { description: 'Month YYYY-MM in the utility time zone; a department gets its own figures only; utility: one kind (default: every kind the caller may see)' })
  async monthlyReport(
    @Arg('month') month: string, @Ctx() ctx: Ctx,
    @Arg('department', () => Department, { nullable: true }) department?: Department,
    @Arg('utility', () => UtilityKindEnum, { nullable: true }) utility?: UtilityKind,
  ): Promise<MonthlyReportType> {
    return toMonthlyReport(await ctx.services.reports.monthly(ctx.identity, month, department, utility));
  }

  @Authorized('supervisor', 'admin', 'department')
  @Query(() => QuarterlyComplaintSummaryType, { description: 'Quarter YYYY-Qn' })
  async quarterlyComplaintSummary(
    @Arg('quarter') quarter: string, @Ctx() ctx: Ctx,
    @Arg('department', () => Department, { nullable: true }) department?: Department,
    @Arg('utility', () => UtilityKindEnum, { nullable: true }) utility?: UtilityKind,
  ): Promise<QuarterlyComplaintSummaryType> {
    return toQuarterly(await ctx.services.reports.quarterlyComplaints(ctx.identity, quarter, department, utility));
  }

  @Authorized('supervisor', 'admin')
  @Query(() => ProducedMonthlyReport, { nullable: true, description: 'The monthly report as produced on schedule when its period ended (null until then)' })
  async producedMonthlyReport(@Arg('month') month: string, @Ctx() ctx: Ctx): Promise<ProducedMonthlyReport | null> {
    const r = await ctx.services.reports.produced(ctx.identity, month);
    return r ? { ...r, report: toMonthlyReport(r.report) } : null;
  }

  @Authorized('supervisor', 'admin')
  @Query(() => [ProducedMonthlyReport], { description: 'The monthly reports produced so far, newest first (report: null here)' })
  async producedMonthlyReports(@Ctx() ctx: Ctx, @Arg('first', () => Int, { defaultValue: 24 }) first: number): Promise<ProducedMonthlyReport[]> {
    return (await ctx.services.reports.producedList(ctx.identity, Math.min(first, 240))).map((r) => ({ ...r, report: null }));
  }
}

@Resolver(() => MonthlyReportType)
export class MonthlyReportCsvResolver {
  // A million orders' CSV is ~100 MB: streamed from PostgreSQL (or read as stored) only for the queries that select it.
  @FieldResolver(() => String, { description: 'The whole report as CSV (Chinese and English headings)' })
  csv(@Root() r: MonthlyReportType): Promise<string> {
    return r.csvOf();
  }
}
