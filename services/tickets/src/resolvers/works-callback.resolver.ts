import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import { WorkOrderType } from '../schema/work-order.type';
import { WorksCallbackSampleType } from '../schema/works-callback.type';
import { toWorkOrder } from './work-order.resolver';

type Ctx = ServiceContext<TicketsServices>;

@Resolver(() => WorksCallbackSampleType)
export class WorksCallbackResolver {
  @Authorized('supervisor', 'admin', 'agent')
  @Query(() => WorksCallbackSampleType, { nullable: true, description: 'The works callback sample of a month (YYYY-MM); null when not drawn yet' })
  worksCallbackSample(@Arg('month') month: string, @Ctx() ctx: Ctx): Promise<WorksCallbackSampleType | null> {
    return ctx.services.worksCallbacks.find(ctx.identity, month);
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => WorksCallbackSampleType, {
    description: 'Draw the callback sample of a finished month: one PHONE callback task per sampled order. Drawn once; again returns the stored sample',
  })
  sampleWorksCallbacks(@Arg('month') month: string, @Ctx() ctx: Ctx): Promise<WorksCallbackSampleType> {
    return ctx.services.worksCallbacks.sampleMonth(ctx.identity, month);
  }

  @FieldResolver(() => [WorkOrderType])
  async orders(@Root() s: WorksCallbackSampleType, @Ctx() ctx: Ctx): Promise<WorkOrderType[]> {
    return (await ctx.services.workOrders.getMany(ctx.identity, s.orderIds)).map(toWorkOrder);
  }
}
