import DataLoader from 'dataloader';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ServiceContext } from '@mainline/common';
import { DEPARTMENT_UTILITY, type UtilityKind } from '@mainline/common/domain';
import type { TicketsServices } from '../services';
import type { GasInspectionRow, HazardNoticeRow } from '../repositories/gas-inspection.repository';
import type { TemperatureVisitRow } from '../repositories/temperature-visit.repository';
import { Department } from '../domain/enums';
import type { TemperatureCompliance } from '../domain';
import type { GasReportFigures } from '../services/gas-inspection.service';
import {
  DueInspectionList, GasFieldWorkReport, GasInspectionFilter, GasInspectionPage, GasInspectionType, HazardNoticeFilter, HazardNoticePage, HazardNoticeType,
  HeatFieldWorkReport, InspectionResultInput, InspectionResultType, InspectionRoundType, MeasuringPointType, PlanInspectionRoundInput, PlanTemperatureRoundInput,
  RecordTemperatureVisitInput, SaveMeasuringPointInput, TemperatureRoundType, TemperatureVisitFilter, TemperatureVisitPage, TemperatureVisitType,
} from '../schema/field-work.type';
import { MonthlyReportType, ReportGoalType } from '../schema/report.type';
import { WorkOrderType } from '../schema/work-order.type';
import { loaders } from './loaders';

type Ctx = ServiceContext<TicketsServices>;

/** Who reads field work: the call center, supervisors, and department users (their service checks the kind and department). */
const READERS = ['agent', 'department', 'supervisor', 'admin'] as const;
/** Who does it: department users of the kind (checked in the service), supervisors and admins. */
const WORKERS = ['department', 'supervisor', 'admin'] as const;

export function toVisit(v: TemperatureVisitRow): TemperatureVisitType {
  return { ...v, status: v.status as TemperatureVisitType['status'], staff: v.staff ?? [], rooms: (v.rooms ?? []) as TemperatureVisitType['rooms'] };
}

function toInspection(r: GasInspectionRow): GasInspectionType {
  return { ...r, servicePoint: { networkId: r.networkId, id: r.servicePointId }, vulnerable: r.vulnerability.length > 0, inspectors: r.inspectors ?? [] };
}

function toNotice(n: HazardNoticeRow, daysOverdue: number): HazardNoticeType {
  return { ...n, status: n.status as HazardNoticeType['status'], servicePoint: { networkId: n.networkId, id: n.servicePointId }, overdue: daysOverdue > 0, daysOverdue };
}

const visitsByOrder = new WeakMap<object, DataLoader<string, TemperatureVisitRow[]>>();
/** One statement for a page of orders' visits, per request (as the other list fields of WorkOrder). */
function visitLoader(ctx: Ctx): DataLoader<string, TemperatureVisitRow[]> {
  let l = visitsByOrder.get(ctx);
  if (!l) {
    l = new DataLoader(async (ids) => {
      const rows = await ctx.services.temperatureVisits.visitsOfOrders(ids);
      return ids.map((id) => rows.filter((r) => r.workOrderId === id));
    });
    visitsByOrder.set(ctx, l);
  }
  return l;
}

@Resolver(() => TemperatureVisitType)
export class TemperatureVisitResolver {
  @Authorized(...READERS)
  @Query(() => [MeasuringPointType], { description: 'The heat utility’s fixed measuring points' })
  measuringPoints(
    @Ctx() ctx: Ctx,
    @Arg('department', () => Department, { nullable: true }) department?: Department,
    @Arg('activeOnly', { defaultValue: true }) activeOnly: boolean = true,
  ): Promise<MeasuringPointType[]> {
    return ctx.services.temperatureVisits.measuringPoints(ctx.identity, { department, activeOnly });
  }

  @Authorized(...READERS)
  @Query(() => TemperatureVisitType, { nullable: true })
  async temperatureVisit(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<TemperatureVisitType> {
    return toVisit(await ctx.services.temperatureVisits.get(ctx.identity, id));
  }

  @Authorized(...READERS)
  @Query(() => TemperatureVisitPage, { description: 'Newest first; a heat department sees its own visits' })
  async temperatureVisits(
    @Ctx() ctx: Ctx,
    @Arg('filter', () => TemperatureVisitFilter, { nullable: true }) filter?: TemperatureVisitFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<TemperatureVisitPage> {
    const r = await ctx.services.temperatureVisits.list(ctx.identity, { ...(filter ?? {}) }, first, after);
    return { items: r.items.map(toVisit), nextCursor: r.nextCursor };
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => MeasuringPointType, { description: 'Add a measuring point to the register, or change the one with this code' })
  saveMeasuringPoint(@Arg('input', () => SaveMeasuringPointInput) input: SaveMeasuringPointInput, @Ctx() ctx: Ctx): Promise<MeasuringPointType> {
    return ctx.services.temperatureVisits.saveMeasuringPoint(ctx.identity, input);
  }

  @Authorized(...WORKERS)
  @Mutation(() => TemperatureRoundType, { description: 'Plan a round of visits to the fixed measuring points (one planned visit per point)' })
  async planTemperatureRound(@Arg('input', () => PlanTemperatureRoundInput) input: PlanTemperatureRoundInput, @Ctx() ctx: Ctx): Promise<TemperatureRoundType> {
    const r = await ctx.services.temperatureVisits.planRound(ctx.identity, input);
    return { ...r.round, visits: r.planned.map(toVisit), skippedCodes: r.skippedCodes };
  }

  @Authorized(...WORKERS)
  @Mutation(() => TemperatureVisitType, {
    description: 'Record a temperature-check visit sheet, from a HEAT_TEMPERATURE order or a planned visit: ≥ 2 staff, rooms with temperatures, the customer’s signature or refusal with a neighbour’s measurement',
  })
  async recordTemperatureVisit(@Arg('input', () => RecordTemperatureVisitInput) input: RecordTemperatureVisitInput, @Ctx() ctx: Ctx): Promise<TemperatureVisitType> {
    return toVisit(await ctx.services.temperatureVisits.record(ctx.identity, input));
  }
}

/** Visits on the order they answer (read access is the order's). */
@Resolver(() => WorkOrderType)
export class WorkOrderVisitsResolver {
  @FieldResolver(() => [TemperatureVisitType], { description: 'Temperature-check visits recorded for this order (HEAT_TEMPERATURE)' })
  async temperatureVisits(@Root() w: WorkOrderType, @Ctx() ctx: Ctx): Promise<TemperatureVisitType[]> {
    return (await visitLoader(ctx).load(w.id)).map(toVisit);
  }
}

@Resolver(() => GasInspectionType)
export class GasInspectionResolver {
  @Authorized(...READERS)
  @Query(() => DueInspectionList, { description: 'Service points of a GAS network whose safety inspection is due or late on asOf (YYYY-MM-DD, default today), vulnerable users first' })
  async overdueInspections(
    @Arg('networkId', () => ID) networkId: string,
    @Ctx() ctx: Ctx,
    @Arg('asOf', () => String, { nullable: true }) asOf?: string,
    @Arg('first', () => Int, { defaultValue: 500 }) first = 500,
  ): Promise<DueInspectionList> {
    const r = await ctx.services.gasInspections.overdue(ctx.identity, networkId, asOf, first);
    return { ...r, items: r.items.map((d) => ({ ...d, servicePoint: { networkId: d.networkId, id: d.servicePointId } })) };
  }

  @Authorized(...READERS)
  @Query(() => GasInspectionType, { nullable: true })
  async gasInspection(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<GasInspectionType> {
    return toInspection(await ctx.services.gasInspections.inspection(ctx.identity, id));
  }

  @Authorized(...READERS)
  @Query(() => GasInspectionPage, { description: 'Newest first' })
  async gasInspections(
    @Ctx() ctx: Ctx,
    @Arg('filter', () => GasInspectionFilter, { nullable: true }) filter?: GasInspectionFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<GasInspectionPage> {
    const r = await ctx.services.gasInspections.inspections(ctx.identity, { ...(filter ?? {}) }, first, after);
    return { items: r.items.map(toInspection), nextCursor: r.nextCursor };
  }

  @Authorized(...READERS)
  @Query(() => HazardNoticeType, { nullable: true })
  async hazardNotice(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<HazardNoticeType> {
    const g = ctx.services.gasInspections;
    const n = await g.notice(ctx.identity, id);
    return toNotice(n, g.noticeDaysOverdue(n));
  }

  @Authorized(...READERS)
  @Query(() => HazardNoticePage, { description: 'Hazard rectification notices, newest first; filter OPEN, or overdueOnly for the late ones' })
  async hazardNotices(
    @Ctx() ctx: Ctx,
    @Arg('filter', () => HazardNoticeFilter, { nullable: true }) filter?: HazardNoticeFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<HazardNoticePage> {
    const g = ctx.services.gasInspections;
    const r = await g.notices(ctx.identity, { ...(filter ?? {}) }, first, after);
    return { items: r.items.map((n) => toNotice(n, g.noticeDaysOverdue(n))), nextCursor: r.nextCursor };
  }

  @Authorized(...WORKERS)
  @Mutation(() => InspectionRoundType, { description: 'Plan the inspection visits of a GAS network: the named service points, or every one due by dueBy' })
  async planInspectionRound(@Arg('input', () => PlanInspectionRoundInput) input: PlanInspectionRoundInput, @Ctx() ctx: Ctx): Promise<InspectionRoundType> {
    const r = await ctx.services.gasInspections.planRound(ctx.identity, input);
    return { ...r.round, inspections: r.planned.map(toInspection), skipped: r.skipped };
  }

  @Authorized(...WORKERS)
  @Mutation(() => InspectionResultType, { description: 'Record an inspection’s result: a hazard issues a rectification notice, a pass closes the point’s open notices' })
  async recordInspection(@Arg('id', () => ID) id: string, @Arg('result', () => InspectionResultInput) result: InspectionResultInput, @Ctx() ctx: Ctx): Promise<InspectionResultType> {
    const g = ctx.services.gasInspections;
    const r = await g.record(ctx.identity, id, result);
    return {
      inspection: toInspection(r.inspection),
      issuedNotice: r.issued ? toNotice(r.issued, g.noticeDaysOverdue(r.issued)) : null,
      closedNotices: r.closed.map((n) => toNotice(n, 0)),
    };
  }

  @Authorized(...WORKERS)
  @Mutation(() => GasInspectionType, { description: 'Plan the follow-up inspection of an open hazard notice (its pass closes the notice)' })
  async planHazardFollowUp(
    @Arg('noticeId', () => ID) noticeId: string,
    @Ctx() ctx: Ctx,
    @Arg('scheduledOn', () => String, { nullable: true }) scheduledOn?: string,
  ): Promise<GasInspectionType> {
    return toInspection(await ctx.services.gasInspections.planFollowUp(ctx.identity, noticeId, scheduledOn));
  }

  @FieldResolver(() => [HazardNoticeType], { name: 'hazardNotices', description: 'Notices this inspection issued or closed' })
  async noticesOfInspection(@Root() i: GasInspectionType, @Ctx() ctx: Ctx): Promise<HazardNoticeType[]> {
    const g = ctx.services.gasInspections;
    return (await loaders(ctx).hazardNotices.load(i.id)).map((n) => toNotice(n, g.noticeDaysOverdue(n)));
  }
}

/** Which part of the report a section belongs to: the kind must be covered, and a department must be of that kind (or shared). */
function coversKind(r: MonthlyReportType, kind: UtilityKind): boolean {
  if (!r.utilities.includes(kind)) return false;
  return !r.department || DEPARTMENT_UTILITY[r.department] === kind || DEPARTMENT_UTILITY[r.department] === null;
}

type Figures = { heat?: Promise<TemperatureCompliance>; gas?: Promise<GasReportFigures> };
/** One computation per report and request, shared by the sections and the goals (the root object is the request's). */
const figuresOf = new WeakMap<object, Figures>();

function heatFigures(r: MonthlyReportType, ctx: Ctx): Promise<TemperatureCompliance> {
  const f = figuresOf.get(r) ?? {};
  const heatDept = r.department && DEPARTMENT_UTILITY[r.department] === 'HEAT' ? r.department : null;
  f.heat ??= ctx.services.temperatureVisits.compliance(r.periodStart, r.periodEnd, heatDept);
  figuresOf.set(r, f);
  return f.heat;
}

function gasFigures(r: MonthlyReportType, ctx: Ctx): Promise<GasReportFigures> {
  const f = figuresOf.get(r) ?? {};
  f.gas ??= ctx.services.gasInspections.reportFigures(ctx.identity, r.periodStart, r.periodEnd);
  figuresOf.set(r, f);
  return f.gas;
}

const HEAT_GOAL = { name: 'roomTemperatureCompliance', label: '室温达标率 / Room-temperature compliance' };
const GAS_GOAL = { name: 'inspectionCoverage', label: '安检覆盖率 / Safety-inspection coverage' };

/**
 * The heat and gas sections of the monthly report, and their targets in its goal list (docs/domain.md: room-temperature
 * compliance ≥ 97 %; every household inspected once a year). Computed only when asked for: the gas figures read the
 * service points of every gas network from the network service.
 */
@Resolver(() => MonthlyReportType)
export class FieldWorkReportResolver {
  // Resolves the report type's own `goals` field (declared in schema/report.type.ts): its desk and kind goals plus these.
  @FieldResolver(() => [ReportGoalType])
  async goals(@Root() r: MonthlyReportType, @Ctx() ctx: Ctx): Promise<ReportGoalType[]> {
    const goals = [...r.goals];
    if (coversKind(r, 'HEAT')) {
      const c = await heatFigures(r, ctx);
      goals.push({ ...HEAT_GOAL, utility: 'HEAT', target: c.target, value: c.rate, met: c.rate === null || c.rate >= c.target });
    }
    if (coversKind(r, 'GAS')) {
      try {
        const { coverage: c } = await gasFigures(r, ctx);
        goals.push({ ...GAS_GOAL, utility: 'GAS', target: c.target, value: c.rate, met: c.rate === null || c.rate >= c.target });
      } catch (e) {
        // The network service could not be asked: the other targets still stand; the gas section shows the error.
        if ((e as { code?: string }).code !== 'UNAVAILABLE') throw e;
        ctx.log.warn({ err: (e as Error).message }, 'monthly report without the gas inspection coverage goal');
      }
    }
    return goals;
  }

  @FieldResolver(() => HeatFieldWorkReport, {
    nullable: true,
    description: 'Heat: room-temperature compliance of the month’s visits with its target; null when the report does not cover heat',
  })
  async heat(@Root() r: MonthlyReportType, @Ctx() ctx: Ctx): Promise<HeatFieldWorkReport | null> {
    if (!coversKind(r, 'HEAT')) return null;
    const c = await heatFigures(r, ctx);
    return {
      visits: c.visits, passedVisits: c.passedVisits, compliance: { rate: c.rate, target: c.target, met: c.met },
      roomsJudged: c.roomsJudged, roomsPassed: c.roomsPassed, roomRate: c.roomRate, thresholdCelsius: ctx.services.temperatureVisits.thresholdCelsius,
    };
  }

  @FieldResolver(() => GasFieldWorkReport, {
    nullable: true,
    description: 'Gas: inspection coverage of the month with its target, hazard notices issued, closed, open and late (every GAS network); null when the report does not cover gas',
  })
  async gas(@Root() r: MonthlyReportType, @Ctx() ctx: Ctx): Promise<GasFieldWorkReport | null> {
    if (!coversKind(r, 'GAS')) return null;
    const f = await gasFigures(r, ctx);
    return {
      due: f.coverage.due, inspectedOfDue: f.coverage.inspectedOfDue, coverage: { rate: f.coverage.rate, target: f.coverage.target, met: f.coverage.met },
      inspected: f.inspected, hazardsIssued: f.hazardsIssued, hazardsClosed: f.hazardsClosed, hazardsOpen: f.hazardsOpen, hazardsOverdue: f.hazardsOverdue,
    };
  }
}
