import { Clock, ConflictError, ForbiddenError, hasRole, Identity, NotFoundError, outboxInserts, topicName, TOPICS } from '@mainline/common';
import { departmentServes, DepartmentCode } from '@mainline/common/domain';
import type { DataSource } from 'typeorm';
import type { TicketsSettings } from '../config';
import {
  assertVisitMissable, checkMissedVisitText, checkVisitWindow, defaultNoticeNumber, reappointmentSms, TRANSITIONS, WorkingCalendar, WorkOrderStatus as S,
} from '../domain';
import type { WorkOrderEntity } from '../entities/work-order.entity';
import { smsEvent } from '../events/workorder-events';
import type { AppointmentRepository, AppointmentRow, NoticeRow } from '../repositories/appointment.repository';
import type { WorkOrderRepository } from '../repositories/work-order.repository';
import type { Relay, WorkOrderService } from './work-order.service';

export interface MissedVisitInput {
  newStartsAt: Date;
  newEndsAt: Date;
  noticeNumber?: string | null;
  note?: string | null;
}

/** Who resumes an order when its missed visit's new time comes (history shows this id; acts with the supervisor's grant). */
export const RESUME_ACTOR: Identity = { sub: 'system:visit-resume', name: '预约到时自动恢复 / resumed at the new visit', roles: ['supervisor'], department: null } as Identity;

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
    private readonly relay: Relay = { kick: () => undefined },
  ) {}

  /** NOT_FOUND / FORBIDDEN (another department or kind), then the call center or the owning department only. */
  private async ownOrder(actor: Identity, orderId: string, what: { zh: string; en: string }): Promise<WorkOrderEntity> {
    const wo = await this.workOrders.get(actor, orderId);
    const callCenter = hasRole(actor, 'agent', 'supervisor', 'admin');
    const owner = hasRole(actor, 'department') && actor.department === wo.department && departmentServes(actor.department as DepartmentCode, wo.utility);
    if (!callCenter && !owner) throw new ForbiddenError(`只有客服中心或工单所属部门可以${what.zh} / only the call center or the department owning ${wo.number} ${what.en}`);
    return wo;
  }

  async book(actor: Identity, orderId: string, startsAt: Date, endsAt: Date): Promise<AppointmentRow> {
    const now = this.clock.now();
    const wo = await this.ownOrder(actor, orderId, { zh: '预约上门', en: 'books a visit' });
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

  /**
   * The customer was not in (docs/domain.md "Home-visit appointments"): the booked visit becomes MISSED, the
   * re-appointment notice left is recorded with the new window (booked under the same service-hours rule), the
   * order waits (WAITING_CUSTOMER, clocks paused) until the new start — the SLA sweep resumes it then — and the
   * customer gets the new time by SMS (outbox → workorder.events). One transaction: a refusal changes nothing.
   */
  async recordMissed(actor: Identity, orderId: string, input: MissedVisitInput): Promise<NoticeRow> {
    const now = this.clock.now();
    const wo = await this.ownOrder(actor, orderId, { zh: '登记上门未遇', en: 'records a missed visit' });
    const text = checkMissedVisitText(input);
    const window = { startsAt: input.newStartsAt, endsAt: input.newEndsAt };
    checkVisitWindow(wo.utility, window, now, this.calendar, this.cfg.serviceHours, { startsAt: 'newStartsAt', endsAt: 'newEndsAt' });
    const notice = await this.ds.transaction(async (tx) => {
      const locked = await this.orders.get(orderId, tx, true);
      if (!locked) throw new NotFoundError('work order', orderId);
      if (!TRANSITIONS.MISS_VISIT.from.includes(locked.status)) {
        throw new ConflictError(
          `工单 ${locked.number} 状态为 ${locked.status}，不能登记上门未遇（须为已受理、已到场或等待客户）/ workOrderId: order ${locked.number} is ${locked.status}: a missed visit is recorded on an accepted, on-site or waiting order`,
          { workOrderId: orderId, status: locked.status, reason: 'STATUS' },
        );
      }
      const missed = await this.repo.current(tx, orderId);
      assertVisitMissable(locked, missed, now, this.calendar.timeZone);
      const number = text.noticeNumber ?? defaultNoticeNumber(locked.number, (await this.repo.noticeCount(tx, orderId)) + 1);
      await this.repo.markMissed(tx, missed!.id);
      const { booked } = await this.repo.book(tx, orderId, window, actor.sub, now);
      const row = await this.repo.addNotice(tx, {
        orderId, missedAppointmentId: missed!.id, appointmentId: booked.id, number, note: text.note, leftBy: actor.sub, leftAt: now, ...window,
      });
      // The pause is written before the action so the replanned clocks see it (frozen until resumed).
      await this.orders.pauseUntil(tx, orderId, now, window.startsAt, `上门未遇，再约通知单 ${number} / customer not in, notice ${number}`);
      const after = await this.workOrders.actIn(tx, actor, orderId, { type: 'MISS_VISIT', resumeAt: window.startsAt, noticeNumber: number }, now, {
        missed: { startsAt: missed!.startsAt.toISOString(), endsAt: missed!.endsAt.toISOString() },
        newWindow: { startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString() },
        ...(text.note ? { note: text.note } : {}),
      });
      const sms = smsEvent(after, now, 'REAPPOINTMENT', reappointmentSms({ number: after.number, noticeNumber: number, ...window }, this.calendar.timeZone));
      for (const q of outboxInserts(topicName(this.cfg.topicPrefix, TOPICS.workorderEvents), sms ? [sms] : [])) await tx.query(q.sql, q.params);
      return row;
    });
    this.relay.kick();
    return notice;
  }

  /**
   * Resumes the orders whose pause has reached its set end (a missed visit's new start), batch after batch: each
   * in its own transaction, at that instant (the pause closes there, not when the sweep came by). An order resumed
   * by hand meanwhile, or by another replica, is skipped. Returns how many were resumed.
   */
  async resumeDue(now: Date, batch: number): Promise<number> {
    let resumed = 0;
    for (;;) {
      const due = await this.orders.pausesDue(now, batch);
      let progressed = 0;
      for (const d of due) {
        const done = await this.ds.transaction(async (tx) => {
          const locked = await this.orders.get(d.orderId, tx, true);
          const at = await this.orders.openPauseResumeAt(tx, d.orderId);
          if (!locked || locked.status !== S.WAITING_CUSTOMER || !at || at.getTime() > now.getTime()) return false;
          await this.workOrders.actIn(tx, RESUME_ACTOR, d.orderId, { type: 'RESUME' }, at, { automatic: true });
          return true;
        });
        if (done) {
          resumed++;
          progressed++;
        }
      }
      if (due.length < batch || progressed === 0) break; // nothing resumable left (a skipped row would come back)
    }
    if (resumed) this.relay.kick();
    return resumed;
  }

  bookedOf(orderIds: string[]): Promise<AppointmentRow[]> {
    return this.repo.bookedOf(orderIds);
  }

  noticesOf(orderIds: string[]): Promise<NoticeRow[]> {
    return this.repo.noticesOf(orderIds);
  }
}
