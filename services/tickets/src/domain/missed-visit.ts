// A missed home visit (docs/domain.md "Home-visit appointments"): the crew finds nobody in, leaves a
// re-appointment notice (再约通知单) and the order waits, clocks paused, until the new visit.
import { ConflictError, InvalidInputError } from '@mainline/common/domain';
import { smsWindow } from './sms-wording';

/** Longest notice number and note accepted (a paper form's number; a line for the crew). */
export const MISSED_VISIT_LIMITS = { noticeNumberMax: 40, noteMax: 500 } as const;

export interface MissedVisitText {
  noticeNumber?: string | null;
  note?: string | null;
}

/** Trims the optional texts; a blank one is absent; too long or control characters: INVALID_INPUT naming it. */
export function checkMissedVisitText(t: MissedVisitText): { noticeNumber: string | null; note: string | null } {
  const one = (v: string | null | undefined, argument: string, max: number, oneLine: boolean): string | null => {
    if (v == null) return null;
    const s = v.trim();
    if (!s) return null;
    if (s.length > max) throw new InvalidInputError(`${argument} 超过 ${max} 个字符 / ${argument} is longer than ${max} characters`, { argument, max });
    // eslint-disable-next-line no-control-regex
    if ((oneLine ? /[\u0000-\u001f\u007f]/ : /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/).test(s)) {
      throw new InvalidInputError(`${argument} 含控制字符 / ${argument} contains control characters`, { argument });
    }
    return s;
  };
  return {
    noticeNumber: one(t.noticeNumber, 'noticeNumber', MISSED_VISIT_LIMITS.noticeNumberMax, true),
    note: one(t.note, 'note', MISSED_VISIT_LIMITS.noteMax, false),
  };
}

/** The number printed on the notice when the crew gives none: the order's number and the notice's sequence on it. */
export function defaultNoticeNumber(orderNumber: string, sequence: number): string {
  return `${orderNumber}-R${sequence}`;
}

/**
 * A visit can be recorded as missed only once its window has begun (before that, rebook it with bookVisit).
 * A state conflict, not bad input: the details carry `workOrderId` (the argument concerned), not `argument`,
 * which the API keeps for arguments that are wrong in themselves.
 */
export function assertVisitMissable(order: { id: string; number: string }, current: { startsAt: Date; endsAt: Date } | null | undefined, now: Date, timeZone: string): void {
  if (!current) {
    throw new ConflictError(`工单 ${order.number} 没有已预约的上门 / workOrderId: order ${order.number} has no booked visit`, { workOrderId: order.id, reason: 'NO_APPOINTMENT' });
  }
  if (now.getTime() < current.startsAt.getTime()) {
    throw new ConflictError(
      `预约上门时间 ${smsWindow(current.startsAt, current.endsAt, timeZone)} 尚未开始，请改约 / workOrderId: the booked visit (${smsWindow(current.startsAt, current.endsAt, timeZone)}) has not begun: rebook it with bookVisit`,
      { workOrderId: order.id, reason: 'NOT_BEGUN', startsAt: current.startsAt.toISOString() },
    );
  }
}
