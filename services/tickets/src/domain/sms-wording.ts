// What the reporter's SMS say (simplified Chinese first, English second), times in the utility's zone.

export interface SmsText {
  zh: string;
  en: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** "MM/DD HH:mm" in `timeZone` (one formatter per zone: building one costs more than the format). */
export function smsTime(d: Date, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return f.format(d);
}

/** Accepted: with the expected on-site time when the category has one, else the expected reply (resolve) time, else no time. */
export function acceptedSms(o: { number: string; onSiteDueAt: Date | null; resolveDueAt: Date | null }, timeZone: string): SmsText {
  const due = o.onSiteDueAt ?? o.resolveDueAt;
  const what = o.onSiteDueAt ? { zh: '预计到场时间', en: 'expected on site by' } : { zh: '预计答复时间', en: 'expected reply by' };
  return {
    zh: `您反映的问题（工单 ${o.number}）已受理${due ? `，${what.zh} ${smsTime(due, timeZone)}` : ''}。`,
    en: `Your report ${o.number} has been accepted${due ? `; ${what.en} ${smsTime(due, timeZone)}` : ''}.`,
  };
}

export function resolvedSms(o: { number: string }): SmsText {
  return { zh: `您反映的问题（工单 ${o.number}）已处理完毕。`, en: `Your report ${o.number} has been resolved.` };
}

/** The satisfaction survey: the reply (1 / 2) comes back on the survey-replies topic. */
export function surveySms(o: { number: string }): SmsText {
  return { zh: `工单 ${o.number} 已办结，满意请回复 1，不满意请回复 2。`, en: `Order ${o.number} is resolved. Reply 1 if satisfied, 2 if not.` };
}

/** "06/15 09:00–10:00" (one day) or "06/15 17:00–06/16 09:00", in `timeZone`. */
export function smsWindow(startsAt: Date, endsAt: Date, timeZone: string): string {
  const a = smsTime(startsAt, timeZone);
  const b = smsTime(endsAt, timeZone);
  return a.slice(0, 5) === b.slice(0, 5) ? `${a}–${b.slice(6)}` : `${a}–${b}`;
}

/**
 * A missed home visit (docs/domain.md "Home-visit appointments"): the re-appointment notice left and the new
 * window. The Chinese text fits one UCS-2 segment (70) with any order number of today's format.
 */
export function reappointmentSms(o: { number: string; noticeNumber: string; startsAt: Date; endsAt: Date }, timeZone: string): SmsText {
  const when = smsWindow(o.startsAt, o.endsAt, timeZone);
  return {
    zh: `工单 ${o.number} 上门未遇，已留再约通知单，改约 ${when} 上门。`,
    en: `Order ${o.number}: we called but you were out. Notice ${o.noticeNumber} left; new visit ${when}.`,
  };
}
