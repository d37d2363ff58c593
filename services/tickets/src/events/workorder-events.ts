import { randomUUID } from 'node:crypto';
import type { BusMessage } from '@mainline/common';
import type { WorkOrderEntity } from '../entities/work-order.entity';

/**
 * What tickets publishes on workorder.events (key = order id), JSON with a stable eventId (set once,
 * stored in the outbox, so a re-send carries the same id and consumers de-duplicate on it).
 *  - workorder.created / dispatched / accepted / resolved / reopened / updated (other transitions)
 *  - workorder.sla-warning / workorder.breached (written by the scheduler's SQL, same shape plus `sla`)
 *  - workorder.sms-requested: an SMS for the notice system to send to the reporter (survey or status
 *    update) or, on dispatch, to the department's liaison on duty (purpose LIAISON_DISPATCH). It rides on
 *    workorder.events because outage.notices carries outage notices only; the notice system answers
 *    surveys on workorder.survey-replies ({ replyId, workOrderId, satisfied, comment }).
 */
export type WorkOrderEventType =
  | 'workorder.created'
  | 'workorder.dispatched'
  | 'workorder.accepted'
  | 'workorder.resolved'
  | 'workorder.reopened'
  | 'workorder.updated'
  | 'workorder.sla-warning'
  | 'workorder.breached'
  | 'workorder.sms-requested';

export interface WorkOrderSummary {
  id: string;
  number: string;
  /** WATER, HEAT or GAS (consumers from before kinds read a missing one as WATER). */
  utility: string;
  status: string;
  category: string;
  channel: string;
  department: string;
  createdAt: string;
  outageId: string | null;
  mergedInto: string | null;
  acceptDueAt: string | null;
  onSiteDueAt: string | null;
  resolveDueAt: string | null;
}

export interface WorkOrderEvent {
  eventId: string;
  type: WorkOrderEventType;
  occurredAt: string;
  workOrder: WorkOrderSummary;
  /** The action and its details (reason, actor) for transitions. */
  action?: { type: string; actorId: string; detail: Record<string, unknown> };
}

export interface SmsRequest {
  eventId: string;
  type: 'workorder.sms-requested';
  occurredAt: string;
  workOrderId: string;
  number: string;
  purpose: 'SURVEY' | 'STATUS_ACCEPTED' | 'STATUS_RESOLVED' | 'REAPPOINTMENT' | 'LIAISON_DISPATCH';
  /** Who the SMS is for: the reporter, or the liaison on duty of `department`. */
  recipient: 'REPORTER' | 'LIAISON';
  phone: string;
  /** LIAISON_DISPATCH: the department the order was dispatched to, and the liaison's name. */
  department?: string;
  liaisonName?: string;
  /** Chinese first, English second. */
  text: { zh: string; en: string };
  /** Where the notice system sends the answer to a SURVEY (topic name without prefix). */
  replyTopic?: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function summary(w: WorkOrderEntity): WorkOrderSummary {
  return {
    id: w.id, number: w.number, utility: w.utility, status: w.status, category: w.category, channel: w.channel, department: w.department,
    createdAt: w.createdAt.toISOString(), outageId: w.outageId, mergedInto: w.mergedInto,
    acceptDueAt: iso(w.acceptDueAt), onSiteDueAt: iso(w.onSiteDueAt), resolveDueAt: iso(w.resolveDueAt),
  };
}

export function orderEvent(type: WorkOrderEventType, w: WorkOrderEntity, at: Date, action?: WorkOrderEvent['action']): BusMessage {
  const ev: WorkOrderEvent = { eventId: randomUUID(), type, occurredAt: at.toISOString(), workOrder: summary(w), ...(action ? { action } : {}) };
  return { key: w.id, value: JSON.stringify(ev) };
}

export function smsEvent(w: WorkOrderEntity, at: Date, purpose: SmsRequest['purpose'], text: SmsRequest['text'], replyTopic?: string): BusMessage | null {
  if (!w.reporterPhone) return null;
  const ev: SmsRequest = {
    eventId: randomUUID(), type: 'workorder.sms-requested', occurredAt: at.toISOString(), workOrderId: w.id, number: w.number,
    purpose, recipient: 'REPORTER', phone: w.reporterPhone, text, ...(replyTopic ? { replyTopic } : {}),
  };
  return { key: w.id, value: JSON.stringify(ev) };
}

/** The SMS to the department's liaison on duty when the order is dispatched (no caller's data in it). */
export function liaisonSmsEvent(w: WorkOrderEntity, at: Date, liaison: { department: string; name: string; phone: string }, text: SmsRequest['text']): { message: BusMessage; eventId: string } {
  const ev: SmsRequest = {
    eventId: randomUUID(), type: 'workorder.sms-requested', occurredAt: at.toISOString(), workOrderId: w.id, number: w.number,
    purpose: 'LIAISON_DISPATCH', recipient: 'LIAISON', phone: liaison.phone, department: liaison.department, liaisonName: liaison.name, text,
  };
  return { message: { key: w.id, value: JSON.stringify(ev) }, eventId: ev.eventId };
}
