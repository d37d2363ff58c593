// What follows an action for the reporter: status SMS, the satisfaction survey and the callback tasks.
import { callbackMethod, CallbackConfig, CallbackMethod, callbackPolicy } from './callback';
import { WorkingCalendar } from './calendar';
import { SlaTargetTable } from './defaults';
import { Category } from './enums';
import { ActionType } from './lifecycle';
import { targetDueFrom } from './sla';
import { acceptedSms, resolvedSms, SmsText, surveySms } from './sms-wording';

export interface FollowUpOrder {
  id: string;
  number: string;
  category: Category;
  onSiteDueAt: Date | null;
  resolveDueAt: Date | null;
  callbackDueAt: Date | null;
  revisitResolvedAt: Date | null;
}

export interface FollowUpSettings {
  /** The category's status SMS are switched on (routing table). */
  statusSms: boolean;
  callback: CallbackConfig;
  targets: SlaTargetTable;
  calendar: WorkingCalendar;
}

export interface FollowUps {
  /** `survey`: the answer comes back on the survey-replies topic. */
  sms: Array<{ purpose: 'SURVEY' | 'STATUS_ACCEPTED' | 'STATUS_RESOLVED'; text: SmsText; survey?: true }>;
  /** Set when the resolution picked how the customer is called back. */
  callbackMethod?: CallbackMethod;
  tasks: Array<{ method: CallbackMethod; reason: 'AFTER_SERVICE' | 'AFTER_REVISIT' | 'UNSATISFIED_SURVEY'; dueAt: Date | null }>;
}

/**
 * The follow-ups of `action` on the order as it stands after it (`wo`, deadlines replanned) at `now`.
 * `needsPhoneCallback`: the lifecycle's verdict on an unsatisfied SMS answer.
 */
export function followUps(wo: FollowUpOrder, action: ActionType, needsPhoneCallback: boolean, now: Date, s: FollowUpSettings): FollowUps {
  const out: FollowUps = { sms: [], tasks: [] };
  if (action === 'ACCEPT' && s.statusSms) out.sms.push({ purpose: 'STATUS_ACCEPTED', text: acceptedSms(wo, s.calendar.timeZone) });
  if (action === 'RESOLVE') {
    if (s.statusSms) out.sms.push({ purpose: 'STATUS_RESOLVED', text: resolvedSms(wo) });
    if (callbackPolicy(wo.category, s.callback) === 'ALWAYS') {
      // Deterministic and auditable: a hash of the order id picks phone for phoneShare of orders; complaints always phone.
      const method = callbackMethod(wo.id, wo.category, s.callback);
      out.callbackMethod = method;
      // After a revisit the customer is asked again, with the callback target counted from this resolution.
      const dueAt = wo.revisitResolvedAt ? targetDueFrom(s.targets, wo.category, 'callback', now, s.calendar) : wo.callbackDueAt;
      out.tasks.push({ method, reason: wo.revisitResolvedAt ? 'AFTER_REVISIT' : 'AFTER_SERVICE', dueAt });
      if (method === 'SMS') out.sms.push({ purpose: 'SURVEY', text: surveySms(wo), survey: true });
    }
  }
  // docs/domain.md: an unsatisfied SMS answer turns into a manual callback and a revisit by the department.
  if (needsPhoneCallback) out.tasks.push({ method: 'PHONE', reason: 'UNSATISFIED_SURVEY', dueAt: wo.callbackDueAt });
  return out;
}
