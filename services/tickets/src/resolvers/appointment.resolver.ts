import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { DateTimeScalar, ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import type { AppointmentRow } from '../repositories/appointment.repository';
import { WorkOrderType } from '../schema/work-order.type';
import { AppointmentType } from '../schema/utility.type';
import { loaders } from './loaders';

type Ctx = ServiceContext<TicketsServices>;

const toAppointment = (a: AppointmentRow): AppointmentType => ({ ...a, workOrderId: a.orderId });

/** Home-visit appointments: booked inside the kind's service hours (gas: 8:00–18:00 working days, 9:00–17:00 rest days). */
@Resolver(() => WorkOrderType)
export class AppointmentResolver {
  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Mutation(() => AppointmentType, { description: 'Book a home visit for the order (call center or the owning department); a window outside service hours is refused with the hours' })
  async bookVisit(
    @Arg('workOrderId', () => ID) workOrderId: string,
    @Arg('startsAt', () => DateTimeScalar) startsAt: Date,
    @Arg('endsAt', () => DateTimeScalar) endsAt: Date,
    @Ctx() ctx: Ctx,
  ): Promise<AppointmentType> {
    return toAppointment(await ctx.services.appointments.book(ctx.identity, workOrderId, startsAt, endsAt));
  }

  @FieldResolver(() => AppointmentType, { nullable: true, description: 'The home visit booked for this order' })
  async appointment(@Root() w: WorkOrderType, @Ctx() ctx: Ctx): Promise<AppointmentType | null> {
    const [a] = await loaders(ctx).appointments.load(w.id);
    return a ? toAppointment(a) : null;
  }
}
