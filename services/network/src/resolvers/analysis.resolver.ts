import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LonLatInput, type ServiceContext } from '@mainline/common';
import type { NetworkServices } from '../services';
import { CriticalSegment, ImportantUser, OutageImpact } from '../schema/impact.type';
import { ImportNetworkInput, NetworkType } from '../schema/network.type';
import { impactParts } from './impact-selection';
import { toNetwork } from './mappers';

type Ctx = ServiceContext<NetworkServices>;

@Resolver()
export class AnalysisResolver {
  @Authorized('dispatcher', 'supervisor', 'admin')
  @Mutation(() => NetworkType, { description: 'Imports an EPANET .inp or GeoJSON network in one transaction' })
  async importNetwork(@Arg('input', () => ImportNetworkInput) input: ImportNetworkInput, @Ctx() ctx: Ctx): Promise<NetworkType> {
    const net = await ctx.services.imports.importNetwork(ctx.identity, input);
    return toNetwork(net, await ctx.services.population.totalPopulation(net));
  }

  @Authorized()
  @Query(() => OutageImpact, { description: 'Valves to close for a break (by pipe ids or a map point), what loses water, and who' })
  isolationPlan(
    @Arg('networkId', () => ID) networkId: string,
    @Arg('pipeIds', () => [ID], { nullable: true }) pipeIds: string[] | null,
    @Arg('point', () => LonLatInput, { nullable: true }) point: LonLatInput | null,
    @Arg('inoperableValveIds', () => [ID], { nullable: true }) inoperableValveIds: string[] | null,
    @Arg('litersPerPersonPerDay', () => Float, { nullable: true }) litersPerPersonPerDay: number | null,
    @Arg('onMainRoad', () => Boolean, { nullable: true }) onMainRoad: boolean | null,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OutageImpact> {
    const req = { pipeIds, point, inoperableValveIds, litersPerPersonPerDay, onMainRoad };
    return ctx.services.analysis.isolationPlan(networkId, req, impactParts(info)) as Promise<OutageImpact>;
  }

  @Authorized()
  @Query(() => OutageImpact, { description: 'What loses supply if exactly these valves are closed' })
  closureImpact(
    @Arg('networkId', () => ID) networkId: string,
    @Arg('closedValveIds', () => [ID]) closedValveIds: string[],
    @Arg('litersPerPersonPerDay', () => Float, { nullable: true }) litersPerPersonPerDay: number | null,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OutageImpact> {
    return ctx.services.analysis.closureImpact(networkId, closedValveIds, { litersPerPersonPerDay }, impactParts(info)) as Promise<OutageImpact>;
  }

  @Authorized()
  @Query(() => [CriticalSegment], { description: 'Segments whose isolation would affect the most people' })
  criticalSegments(@Arg('networkId', () => ID) networkId: string, @Arg('top', () => Int, { defaultValue: 10 }) top: number, @Ctx() ctx: Ctx) {
    return ctx.services.analysis.criticalSegments(networkId, top);
  }
}

/** Important users' contact details are personal data. */
@Resolver(() => ImportantUser)
export class ImportantUserResolver {
  @Authorized('agent', 'supervisor', 'admin', 'dispatcher', 'notice-system')
  @FieldResolver(() => String, { nullable: true })
  name(@Root() u: ImportantUser): string | null {
    return u.name;
  }

  @Authorized('agent', 'supervisor', 'admin', 'notice-system')
  @FieldResolver(() => String, { nullable: true })
  phone(@Root() u: ImportantUser): string | null {
    return u.phone;
  }
}
