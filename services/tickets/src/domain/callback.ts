import { createHash } from 'node:crypto';
import { zonedTimeToInstant } from './calendar';
import { Category } from './enums';
import { invalidInput } from './errors';

export type CallbackMethod = 'SMS' | 'PHONE';
/** ALWAYS: every resolved order; MONTHLY_SAMPLE: settled new-connection jobs, sampled from last month; NONE: not after-service. */
export type CallbackPolicy = 'ALWAYS' | 'MONTHLY_SAMPLE' | 'NONE';

export interface CallbackConfig {
  /** Share of after-service orders called by phone instead of SMS (docs/domain.md: 5 %). */
  phoneShare: number;
  /** Always called by phone (docs/domain.md: complaints). */
  alwaysPhoneCategories: Category[];
  /**
   * Sampled monthly instead of called back at completion: settled new-connection jobs (docs/domain.md,
   * Water rules). Works quality and other after-service orders are all called back at completion.
   */
  worksCategories: Category[];
  /** Share of last month's settled new-connection jobs to call back (docs/domain.md: 10 %). */
  worksSampleShare: number;
  /** Not after-service: no callback. */
  noCallbackCategories: Category[];
}

export const DEFAULT_CALLBACK_CONFIG: CallbackConfig = {
  phoneShare: 0.05,
  // Complaints of every kind; heat's customer-equipment advice gets a phone callback (docs/domain.md "Heating utility").
  alwaysPhoneCategories: [Category.COMPLAINT, Category.HEAT_COMPLAINT, Category.GAS_COMPLAINT, Category.HEAT_CUSTOMER_EQUIPMENT],
  worksCategories: [Category.NEW_CONNECTION],
  worksSampleShare: 0.1,
  noCallbackCategories: [Category.INQUIRY, Category.HEAT_INQUIRY, Category.HEAT_BILLING, Category.GAS_INQUIRY, Category.GAS_BILLING],
};

/** Stable bucket 0..9999 from sha256 (first 4 bytes, big-endian): anyone can recompute who got a call. */
export function hashBucket(key: string): number {
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % 10000;
}

export function callbackPolicy(category: Category, config: CallbackConfig = DEFAULT_CALLBACK_CONFIG): CallbackPolicy {
  if (config.noCallbackCategories.includes(category)) return 'NONE';
  if (config.worksCategories.includes(category)) return 'MONTHLY_SAMPLE';
  return 'ALWAYS';
}

/** How an after-service order is called back: complaints by phone; others by phone for the hashed phoneShare, else SMS. */
export function callbackMethod(orderId: string, category: Category, config: CallbackConfig = DEFAULT_CALLBACK_CONFIG): CallbackMethod {
  if (!orderId) throw invalidInput('callbackMethod: 缺少工单号 / orderId is required');
  if (!(config.phoneShare >= 0 && config.phoneShare <= 1)) throw invalidInput(`phoneShare 须在 0..1 / phoneShare must be in 0..1, got ${config.phoneShare}`);
  if (config.alwaysPhoneCategories.includes(category)) return 'PHONE';
  return hashBucket(orderId) < Math.round(config.phoneShare * 10000) ? 'PHONE' : 'SMS';
}

export interface CompletedOrder {
  id: string;
  category: Category;
  resolvedAt: Date;
}

/**
 * The works orders to call back for `month` ('YYYY-MM', the month they were completed, local time):
 * ceil(share × n) of them with the smallest sha256(month:id) — deterministic and auditable. By phone.
 */
export function sampleWorksCallbacks(
  completed: CompletedOrder[],
  month: string,
  timeZone: string,
  config: CallbackConfig = DEFAULT_CALLBACK_CONFIG,
): string[] {
  const { start, end } = monthRange(month, timeZone);
  const eligible = completed.filter(
    (o) => config.worksCategories.includes(o.category) && o.resolvedAt.getTime() >= start.getTime() && o.resolvedAt.getTime() < end.getTime(),
  );
  const n = Math.ceil(eligible.length * config.worksSampleShare);
  const keyed = eligible.map((o) => ({ id: o.id, key: createHash('sha256').update(`${month}:${o.id}`).digest('hex') }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.slice(0, n).map((k) => k.id);
}

export interface SurveyOutcome {
  reopen: boolean;
  followUp: 'PHONE' | null;
}

/** docs/domain.md: an unsatisfied SMS answer turns into a manual callback and a new visit until solved. */
export function surveyReplyOutcome(satisfied: boolean): SurveyOutcome {
  return satisfied ? { reopen: false, followUp: null } : { reopen: true, followUp: 'PHONE' };
}

/** [start, end) of a 'YYYY-MM' month in the zone. */
export function monthRange(month: string, timeZone: string): { start: Date; end: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || +m[2] < 1 || +m[2] > 12) throw invalidInput(`月份须为 YYYY-MM / month must be YYYY-MM, got "${month}"`, { field: 'month', month });
  const y = +m[1];
  const mo = +m[2];
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return { start: zonedTimeToInstant(timeZone, `${month}-01`, 0), end: zonedTimeToInstant(timeZone, `${next}-01`, 0) };
}
