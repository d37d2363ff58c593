import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import { HeatingSeasonType } from '../schema/utility.type';

type Ctx = ServiceContext<TicketsServices>;

/** The heating season (docs/domain.md "Heating utility"): read by every desk role, set by supervisors. */
@Resolver()
export class HeatingSeasonResolver {
  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Query(() => [HeatingSeasonType], { description: 'The heating seasons in force (set or the configured default) of the years fromYear..toYear (default: last year to next year)' })
  heatingSeasons(
    @Ctx() ctx: Ctx,
    @Arg('fromYear', () => Int, { nullable: true }) fromYear?: number,
    @Arg('toYear', () => Int, { nullable: true }) toYear?: number,
  ): Promise<HeatingSeasonType[]> {
    return ctx.services.heatingSeasons.list(ctx.identity, fromYear, toYear);
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => [HeatingSeasonType], {
    description: 'Set the heating season that contains these dates (YYYY-MM-DD, both inclusive): it replaces the one season it overlaps; returns the seasons around it',
  })
  setHeatingSeason(@Arg('startsOn') startsOn: string, @Arg('endsOn') endsOn: string, @Ctx() ctx: Ctx): Promise<HeatingSeasonType[]> {
    return ctx.services.heatingSeasons.set(ctx.identity, startsOn, endsOn);
  }
}
