import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import type { WorkOrderEntity } from '../entities/work-order.entity';
import { AssetUnion, CreateWorkOrderInput, Reporter, WorkOrderType } from '../schema/work-order.type';

type Ctx = ServiceContext<TicketsServices>;

export function toWorkOrder(w: WorkOrderEntity): WorkOrderType {
  return {
    id: w.id, number: w.number, status: w.status as any, department: w.department as any, category: w.category as any, channel: w.channel as any,
    description: w.description, address: w.address, lon: w.lon, lat: w.lat, createdAt: w.createdAt,
    reporter: { name: w.reporterName, phone: w.reporterPhone },
    asset: w.assetType && w.assetId && w.assetNetworkId ? { __typename: w.assetType, networkId: w.assetNetworkId, id: w.assetId } : null,
  };
}

@Resolver(() => WorkOrderType)
export class WorkOrderResolver {
  @Authorized('agent', 'supervisor', 'admin')
  @Mutation(() => WorkOrderType)
  async createWorkOrder(@Arg('input', () => CreateWorkOrderInput) input: CreateWorkOrderInput, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.create(input, ctx.identity));
  }

  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Query(() => WorkOrderType, { nullable: true })
  async workOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.get(id, ctx.identity));
  }

  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Query(() => [WorkOrderType])
  async workOrders(@Arg('first', () => Int, { defaultValue: 50 }) first: number, @Ctx() ctx: Ctx): Promise<WorkOrderType[]> {
    return (await ctx.services.workOrders.list(ctx.identity, Math.min(first, 500))).map(toWorkOrder);
  }

  @FieldResolver(() => Reporter, { nullable: true })
  reporter(@Root() w: WorkOrderType): Reporter {
    return w.reporter;
  }

  @FieldResolver(() => AssetUnion, { nullable: true })
  asset(@Root() w: WorkOrderType) {
    return w.asset;
  }
}

/** A caller's phone is personal data: only the call center and supervisors see it. */
@Resolver(() => Reporter)
export class ReporterResolver {
  @Authorized('agent', 'supervisor', 'admin')
  @FieldResolver(() => String, { nullable: true })
  phone(@Root() r: Reporter): string | null {
    return r.phone;
  }
}
