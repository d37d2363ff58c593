import { Clock, ConflictError, ForbiddenError, hasRole, Identity, NotFoundError } from '@mainline/common';
import { departmentServes, DepartmentCode } from '@mainline/common/domain';
import type { DataSource } from 'typeorm';
import type { TicketsSettings } from '../config';
import { checkVisitWindow, WorkingCalendar, WorkOrderStatus as S } from '../domain';
import type { AppointmentRepository, AppointmentRow } from '../repositories/appointment.repository';
import type { WorkOrderRepository } from '../repositories/work-order.repository';
import type { WorkOrderService } from './work-order.service';

/** An order in these statuses is done with (or was never dispatched for service): no visit is booked. */
const NO_VISIT: readonly S[] = [S.RESOLVED, S.CALLED_BACK, S.CLOSED, S.MERGED, S.CANCELLED, S.LINKED_TO_OUTAGE];

/**
 * Home-visit appointments (docs/domain.md "Home-visit appointments"; gas service hours in "Gas utility"): the
 * window the customer is given is stored on the order; a window outside the kind's service hours is refused
 * with the hours in the message. Booked by the call center or the department that owns the order.
 */
export class AppointmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: AppointmentRepository,
    private readonly orders: WorkOrderRepository,
    private readonly workOrders: WorkOrderService,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings,
    private readonly calendar: WorkingCalendar,
  ) {}

  async book(actor: Identity, orderId: string, startsAt: Date, endsAt: Date): Promise<AppointmentRow> {
    const now = this.clock.now();
    const wo = await this.workOrders.get(actor, orderId); // NOT_FOUND / FORBIDDEN (another department or kind)
    const callCenter = hasRole(actor, 'agent', 'supervisor', 'admin');
    const owner = hasRole(actor, 'department') && actor.department === wo.department && departmentServes(actor.department as DepartmentCode, wo.utility);
    if (!callCenter && !owner) throw new ForbiddenError(`只有客服中心或工单所属部门可以预约上门 / only the call center or the department owning ${wo.number} books a visit`);
    checkVisitWindow(wo.utility, { startsAt, endsAt }, now, this.calendar, this.cfg.serviceHours);
    return this.ds.transaction(async (tx) => {
      const locked = await this.orders.get(orderId, tx, true);
      if (!locked) throw new NotFoundError('work order', orderId);
      if (NO_VISIT.includes(locked.status)) throw new ConflictError(`工单 ${locked.number} 状态为 ${locked.status}，不能预约上门 / order ${locked.number} is ${locked.status}: no visit can be booked`, { status: locked.status });
      const { booked, replaced } = await this.repo.book(tx, orderId, { startsAt, endsAt }, actor.sub, now);
      await this.orders.addHistory(tx, {
        orderId, from: locked.status, to: locked.status, action: 'BOOK_VISIT' as never, actorId: actor.sub, at: now,
        detail: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), ...(replaced ? { replaces: { startsAt: replaced.startsAt.toISOString(), endsAt: replaced.endsAt.toISOString() } } : {}) },
      });
      return booked;
    });
  }

  bookedOf(orderIds: string[]): Promise<AppointmentRow[]> {
    return this.repo.bookedOf(orderIds);
  }
}
