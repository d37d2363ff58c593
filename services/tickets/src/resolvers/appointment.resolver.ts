import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { DateTimeScalar, ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import type { AppointmentRow, NoticeRow } from '../repositories/appointment.repository';
import { WorkOrderType } from '../schema/work-order.type';
import { AppointmentType, ReappointmentNoticeType } from '../schema/utility.type';
import { loaders } from './loaders';

type Ctx = ServiceContext<TicketsServices>;

const toAppointment = (a: AppointmentRow): AppointmentType => ({ ...a, workOrderId: a.orderId });
const toNotice = (n: NoticeRow): ReappointmentNoticeType => ({ ...n, workOrderId: n.orderId });

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

  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Mutation(() => ReappointmentNoticeType, {
    description: 'The customer was not in: the booked visit becomes missed, the re-appointment notice (再约通知单) left is recorded with the new window ' +
      '(service hours apply), the order waits with its clocks paused until the new start (resumed then by the SLA sweep) and the customer gets the new time by SMS',
  })
  async recordMissedVisit(
    @Arg('workOrderId', () => ID) workOrderId: string,
    @Arg('newStartsAt', () => DateTimeScalar) newStartsAt: Date,
    @Arg('newEndsAt', () => DateTimeScalar) newEndsAt: Date,
    @Arg('noticeNumber', () => String, { nullable: true, description: 'The number on the paper notice; default <order number>-R<n>' }) noticeNumber: string | null,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Ctx,
  ): Promise<ReappointmentNoticeType> {
    return toNotice(await ctx.services.appointments.recordMissed(ctx.identity, workOrderId, { newStartsAt, newEndsAt, noticeNumber, note }));
  }

  @FieldResolver(() => [ReappointmentNoticeType], { description: 'Re-appointment notices left on missed visits, oldest first' })
  async reappointmentNotices(@Root() w: WorkOrderType, @Ctx() ctx: Ctx): Promise<ReappointmentNoticeType[]> {
    return (await loaders(ctx).reappointmentNotices.load(w.id)).map(toNotice);
  }

  @FieldResolver(() => AppointmentType, { nullable: true, description: 'The home visit booked for this order' })
  async appointment(@Root() w: WorkOrderType, @Ctx() ctx: Ctx): Promise<AppointmentType | null> {
    const [a] = await loaders(ctx).appointments.load(w.id);
    return a ? toAppointment(a) : null;
  }
}
