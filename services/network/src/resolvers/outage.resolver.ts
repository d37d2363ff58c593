import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ServiceContext } from '@mainline/common';
import type { OutageEntity, OutageHistoryEntity, ValveOperationEntity } from '../entities/outage.entity';
import type { NetworkServices } from '../services';
import { OutageImpact } from '../schema/impact.type';
import { NetworkType } from '../schema/network.type';
import {
  AnnounceReadinessType, CreateOutageInput, OutageConnection, OutageFilter, OutageHistoryEntryType, OutageKindEnum, OutageSourceEnum, OutageStatusEnum,
  OutageType, OutageValveStateType, RegulatorApprovalInput, ValveActionEnum, ValveOperationType,
} from '../schema/outage.type';
import { impactParts } from './impact-selection';
import { loaders } from './loaders';
import { toNetwork } from './mappers';

type Ctx = ServiceContext<NetworkServices>;

export function toOutage(o: OutageEntity): OutageType {
  const ai = o.approvedImpact;
  const ra = o.regulatorApproval;
  const ov = o.leadTimeOverride;
  return {
    id: o.id, number: o.number, status: o.status as OutageStatusEnum, kind: o.kind as OutageKindEnum, utility: o.utility, source: o.source as OutageSourceEnum, pressureReduction: o.pressureReduction, reason: o.reason, networkId: o.networkId,
    pipeIds: o.pipeIds, valveIds: o.valveIds, valvesExplicit: o.valvesExplicit, inoperableValveIds: o.inoperableValveIds,
    startsAt: o.startsAt, endsAt: o.endsAt, onMainRoad: o.onMainRoad, worksUnit: o.worksUnit, workOrderIds: o.workOrderIds,
    approvedImpact: ai ? { ...ai, computedAt: new Date(ai.computedAt) } : null,
    regulatorApproval: ra ? { ...ra, approvedAt: new Date(ra.approvedAt), recordedAt: new Date(ra.recordedAt) } : null,
    override: ov ? { ...ov, at: new Date(ov.at) } : null,
    createdBy: o.createdBy, createdAt: o.createdAt, submittedAt: o.submittedAt, approvedAt: o.approvedAt, announcedAt: o.announcedAt,
    startedAt: o.startedAt, restoredAt: o.restoredAt, cancelledAt: o.cancelledAt, cancelReason: o.cancelReason,
  };
}

const toHistory = (h: OutageHistoryEntity): OutageHistoryEntryType => ({
  at: h.at, by: h.actor, byName: h.actorName, action: h.action, fromStatus: h.fromStatus, toStatus: h.toStatus, note: h.note, details: h.details,
});

const toValveOperation = (v: ValveOperationEntity): ValveOperationType => ({
  id: v.id, valveId: v.valveId, action: v.action as ValveActionEnum, outcome: v.outcome, at: v.at, recordedAt: v.recordedAt,
  recordedBy: v.recordedBy, recordedByName: v.recordedByName, department: v.department, note: v.note,
});

@Resolver(() => OutageType)
export class OutageResolver {
  @Authorized()
  @Query(() => OutageType, { nullable: true })
  async outage(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<OutageType | null> {
    const o = await ctx.services.outages.find(id);
    return o ? toOutage(o) : null;
  }

  @Authorized()
  @Query(() => OutageConnection, { description: 'Newest first' })
  async outages(
    @Arg('filter', () => OutageFilter, { nullable: true }) filter: OutageFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Ctx,
  ): Promise<OutageConnection> {
    const r = await ctx.services.outages.list({ ...(filter ?? {}), first, after });
    return { nodes: r.nodes.map(toOutage), pageInfo: { endCursor: r.endCursor, hasNextPage: r.hasNextPage } };
  }

  @Authorized('dispatcher', 'supervisor', 'admin')
  @Mutation(() => OutageType, { description: 'Plans an outage from the broken pipe(s) or the valves to close (DRAFT)' })
  async createOutage(@Arg('input', () => CreateOutageInput) input: CreateOutageInput, @Ctx() ctx: Ctx): Promise<OutageType> {
    return toOutage(await ctx.services.outages.create(ctx.identity, input));
  }

  @Authorized('dispatcher')
  @Mutation(() => OutageType)
  async submitOutage(@Arg('outageId', () => ID) outageId: string, @Ctx() ctx: Ctx): Promise<OutageType> {
    return toOutage(await ctx.services.outages.submit(ctx.identity, outageId));
  }

  @Authorized('supervisor')
  @Mutation(() => OutageType, { description: 'Approves the plan and freezes its impact' })
  async approveOutage(@Arg('outageId', () => ID) outageId: string, @Ctx() ctx: Ctx): Promise<OutageType> {
    return toOutage(await ctx.services.outages.approve(ctx.identity, outageId));
  }

  @Authorized('supervisor')
  @Mutation(() => OutageType)
  async recordRegulatorApproval(
    @Arg('outageId', () => ID) outageId: string,
    @Arg('input', () => RegulatorApprovalInput) input: RegulatorApprovalInput,
    @Ctx() ctx: Ctx,
  ): Promise<OutageType> {
    return toOutage(await ctx.services.outages.recordRegulatorApproval(ctx.identity, outageId, input));
  }

  @Authorized('supervisor')
  @Mutation(() => OutageType, { description: 'Allows announcing a planned outage with less than the lead time' })
  async overrideLeadTime(@Arg('outageId', () => ID) outageId: string, @Arg('reason') reason: string, @Ctx() ctx: Ctx): Promise<OutageType> {
    return toOutage(await ctx.services.outages.overrideLeadTime(ctx.identity, outageId, reason));
  }

  @Authorized('supervisor', 'dispatcher')
  @Mutation(() => OutageType, { description: 'Announces the outage (refused while a rule blocks it: see announceReadiness)' })
  async announceOutage(@Arg('outageId', () => ID) outageId: string, @Ctx() ctx: Ctx): Promise<OutageType> {
    return toOutage(await ctx.services.outages.announce(ctx.identity, outageId));
  }

  @Authorized('department', 'dispatcher', 'supervisor')
  @Mutation(() => OutageType, { description: "A valve closed or opened by a crew (the outage's works unit)" })
  async recordValveOperation(
    @Arg('outageId', () => ID) outageId: string,
    @Arg('valveId', () => ID) valveId: string,
    @Arg('action', () => ValveActionEnum) action: ValveActionEnum,
    @Arg('at', () => Date, { nullable: true, description: 'When the valve was turned (default: now)' }) at: Date | null,
    @Ctx() ctx: Ctx,
  ): Promise<OutageType> {
    return toOutage(await ctx.services.outages.recordValveOperation(ctx.identity, outageId, valveId, action, at));
  }

  @Authorized('department', 'supervisor')
  @Mutation(() => OutageType, { description: 'The works unit confirms the water is back' })
  async restoreOutage(@Arg('outageId', () => ID) outageId: string, @Ctx() ctx: Ctx): Promise<OutageType> {
    return toOutage(await ctx.services.outages.restore(ctx.identity, outageId));
  }

  @Authorized('dispatcher', 'supervisor')
  @Mutation(() => OutageType)
  async cancelOutage(@Arg('outageId', () => ID) outageId: string, @Arg('reason') reason: string, @Ctx() ctx: Ctx): Promise<OutageType> {
    return toOutage(await ctx.services.outages.cancel(ctx.identity, outageId, reason));
  }

  @Authorized('dispatcher', 'supervisor')
  @Mutation(() => OutageType, { description: 'New times; after announcement the status stays and an update is sent (outage.rescheduled)' })
  async rescheduleOutage(
    @Arg('outageId', () => ID) outageId: string,
    @Arg('startsAt', () => Date) startsAt: Date,
    @Arg('endsAt', () => Date) endsAt: Date,
    @Arg('reason') reason: string,
    @Ctx() ctx: Ctx,
  ): Promise<OutageType> {
    return toOutage(await ctx.services.outages.reschedule(ctx.identity, outageId, startsAt, endsAt, reason));
  }

  @FieldResolver(() => NetworkType, { nullable: true })
  async network(@Root() o: OutageType, @Ctx() ctx: Ctx): Promise<NetworkType | null> {
    const n = await loaders(ctx).network.load(o.networkId);
    return n ? toNetwork(n, await ctx.services.population.totalPopulation(n)) : null;
  }

  @FieldResolver(() => OutageImpact, { description: 'The impact now (recomputed by the analysis)' })
  async impact(@Root() o: OutageType, @Ctx() ctx: Ctx, @Info() info: GraphQLResolveInfo): Promise<OutageImpact> {
    return (await ctx.services.outages.liveImpact(o, o.networkId, impactParts(info))) as OutageImpact;
  }

  @FieldResolver(() => [OutageValveStateType])
  async valveStates(@Root() o: OutageType, @Ctx() ctx: Ctx): Promise<OutageValveStateType[]> {
    return loaders(ctx).valveStates.load({ id: o.id, networkId: o.networkId, valveIds: o.valveIds });
  }

  @FieldResolver(() => [ValveOperationType])
  async valveOperations(@Root() o: OutageType, @Ctx() ctx: Ctx): Promise<ValveOperationType[]> {
    return (await loaders(ctx).valveOperations.load(o.id)).map(toValveOperation);
  }

  @FieldResolver(() => [OutageHistoryEntryType])
  async history(@Root() o: OutageType, @Ctx() ctx: Ctx): Promise<OutageHistoryEntryType[]> {
    return (await loaders(ctx).outageHistory.load(o.id)).map(toHistory);
  }

  @FieldResolver(() => Boolean, { description: "The bureau's rule for this outage: affected persons above the kind's threshold, or a PLANT outage whatever its size" })
  async requiresRegulatorApproval(@Root() o: OutageType, @Ctx() ctx: Ctx): Promise<boolean> {
    return ctx.services.outages.requiresRegulatorApproval(o);
  }

  @FieldResolver(() => AnnounceReadinessType)
  async announceReadiness(@Root() o: OutageType, @Ctx() ctx: Ctx): Promise<AnnounceReadinessType> {
    return ctx.services.outages.announceReadiness({ ...o, leadTimeOverride: o.override });
  }
}
