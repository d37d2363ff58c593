import type { NonEmptyArray } from 'type-graphql';
import type { SchemaOptions, ServiceContext } from '@mainline/common';
import type { TicketsServices } from './services';
import { ReporterResolver, WorkOrderResolver, toWorkOrder } from './resolvers/work-order.resolver';
import { PipeRef, ServicePointRef, ValveRef } from './schema/work-order.type';

type Ctx = ServiceContext<TicketsServices>;

export const resolvers: NonEmptyArray<Function> = [WorkOrderResolver, ReporterResolver];

export const schemaOptions: SchemaOptions = {
  resolvers,
  orphanedTypes: [PipeRef, ValveRef, ServicePointRef],
  references: {
    WorkOrder: async (ref: { id: string }, ctx: Ctx) => toWorkOrder(await ctx.services.workOrders.get(ref.id, ctx.identity)),
  },
};
