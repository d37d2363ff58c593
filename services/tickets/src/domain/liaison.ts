// The department's liaison on duty (docs/domain.md, Water rules: "dispatch reaches a person"): each
// department names a liaison per shift; dispatch SMSes the one on duty through the notice system.
import { localMinuteOfDay } from './calendar';
import { Department } from './enums';
import { invalidInput } from './errors';
import { SmsText, smsTime } from './sms-wording';

/** One shift of a department: [start, end) local time, 'HH:MM'; end '24:00' for midnight; end before start runs over midnight. */
export interface LiaisonShift {
  department: Department;
  start: string;
  end: string;
  name: string;
  phone: string;
}

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

function minutes(t: string): number {
  if (t === '24:00') return 1440;
  const [h, m] = t.split(':').map(Number);
  return h * 60 + m;
}

/** The minute ranges [from, to) a shift covers within one day (two when it runs over midnight). */
function spans(s: Pick<LiaisonShift, 'start' | 'end'>): Array<[number, number]> {
  const a = minutes(s.start);
  const b = minutes(s.end);
  return b > a ? [[a, b]] : [[a, 1440], [0, b]];
}

/** Checks a department's shifts (INVALID_INPUT naming the liaison and field): valid times, names, phones, no overlaps. */
export function validateShifts(shifts: Array<Omit<LiaisonShift, 'department'>>): void {
  shifts.forEach((s, i) => {
    const at = `liaisons[${i}]`;
    if (!HHMM.test(s.start)) throw invalidInput(`${at}.start 须为 HH:MM / must be HH:MM`, { argument: `${at}.start` });
    if (!HHMM.test(s.end) && s.end !== '24:00') throw invalidInput(`${at}.end 须为 HH:MM 或 24:00 / must be HH:MM or 24:00`, { argument: `${at}.end` });
    if (minutes(s.start) === minutes(s.end) % 1440 && s.end !== '24:00') throw invalidInput(`${at}: 班次不能为空 / a shift cannot be empty`, { argument: `${at}.end` });
    if (!s.name?.trim()) throw invalidInput(`${at}.name 必填 / is required`, { argument: `${at}.name` });
    if (!PHONE.test(s.phone?.trim() ?? '')) throw invalidInput(`${at}.phone 不是电话号码 / is not a phone number`, { argument: `${at}.phone` });
  });
  for (let i = 0; i < shifts.length; i++) {
    for (let j = i + 1; j < shifts.length; j++) {
      const overlap = spans(shifts[i]).some(([a, b]) => spans(shifts[j]).some(([c, d]) => a < d && c < b));
      if (overlap) throw invalidInput(`liaisons[${i}] 与 liaisons[${j}] 班次重叠 / shifts ${i} and ${j} overlap`, { argument: `liaisons[${j}]` });
    }
  }
}

/** The liaison whose shift covers `at` (local time in the zone), or null when no one is on duty. */
export function liaisonOnDuty<T extends Pick<LiaisonShift, 'start' | 'end'>>(shifts: T[], at: Date, timeZone: string): T | null {
  const m = localMinuteOfDay(at, timeZone);
  return shifts.find((s) => spans(s).some(([a, b]) => m >= a && m < b)) ?? null;
}

/** The liaison's SMS on dispatch: the order, its category and address, and when it must be accepted — no caller's name or phone. */
export function liaisonSms(o: { number: string; categoryLabel: { zh: string; en: string }; address: string | null; acceptDueAt: Date | null }, timeZone: string): SmsText {
  const due = o.acceptDueAt ? smsTime(o.acceptDueAt, timeZone) : null;
  return {
    zh: `【派单】工单 ${o.number}（${o.categoryLabel.zh}${o.address ? `，${o.address}` : ''}）已派至贵部门${due ? `，请于 ${due} 前接单` : ''}。`,
    en: `[Dispatch] Work order ${o.number} (${o.categoryLabel.en}${o.address ? `, ${o.address}` : ''}) has been dispatched to your department${due ? `; accept by ${due}` : ''}.`,
  };
}
