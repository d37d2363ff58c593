import { CompensationRule, DEFAULT_COMPENSATION_RULES, SLA_KINDS, SlaKind } from './defaults';
import { Category } from './enums';
import { assertValidDate, invalidInput } from './errors';
import { isConnectionStage } from './connection-stages';

const DAY_MS = 86_400_000;

export interface BreachFacts {
  orderId: string;
  category: Category;
  /** Effective deadlines (after pauses and extensions), by target: SLA kinds and new-connection stages. */
  due: Partial<Record<string, Date>>;
  /** When each target was met. */
  done: Partial<Record<string, Date>>;
}

export interface CompensationRecord {
  orderId: string;
  ruleId: string;
  amountCny: number;
  /** Started days late ('day' rules), else 1. */
  units: number;
  /** Target not met yet: the amount still grows. */
  provisional: boolean;
  /** Paid to the customer, or a fine on the responsible unit (reported apart). */
  payee: CompensationRule['payee'];
  reason: string;
}

/** The largest amount a record holds (numeric(12,2)): a figure past it is the caller's mistake, not an overflow. */
export const MAX_AMOUNT_CNY = 1e9;
/** The largest share or multiple a rule holds (numeric(12,4)). */
const MAX_RATE = 1e6;
/** The longest lateness a finding may claim. */
const MAX_DAYS = 3660;

const labelOf = (rule: CompensationRule) => (rule.label ? `${rule.label.zh} / ${rule.label.en}` : rule.id);
const cents = (v: number) => Math.round(v * 100) / 100;

/**
 * Compensation owed for one order under its deadline rules. Late = met after the deadline, or not met
 * and `now` past it. 'day' rules pay per started 24 h of lateness. Finding rules are recorded apart
 * (`findingCompensation`).
 */
export function computeCompensation(
  facts: BreachFacts,
  now: Date,
  rules: CompensationRule[] = DEFAULT_COMPENSATION_RULES,
): CompensationRecord[] {
  assertValidDate(now, 'computeCompensation.now');
  const out: CompensationRecord[] = [];
  for (const rule of rules) {
    if (rule.trigger !== 'deadline' || !rule.target || !rule.category.includes(facts.category)) continue;
    const due = facts.due[rule.target];
    if (!due) continue;
    const doneAt = facts.done[rule.target];
    const until = doneAt ?? now;
    const lateMs = until.getTime() - due.getTime();
    if (lateMs <= 0) continue;
    const units = rule.per === 'day' ? Math.ceil(lateMs / DAY_MS) : 1;
    const lateMin = Math.round(lateMs / 60_000);
    out.push({
      orderId: facts.orderId,
      ruleId: rule.id,
      amountCny: cents(rule.amountCny * units),
      units,
      provisional: !doneAt,
      payee: rule.payee,
      reason: `${labelOf(rule)}：${rule.target} 超时 ${lateMin} 分钟 / ${rule.target} late by ${lateMin} min`,
    });
  }
  return out;
}

/** What a supervisor records for a finding rule (the figures the rule needs). */
export interface Finding {
  /** shareOfCost: the meter box's cost; multipleOfAmount: the amount overcharged (CNY). */
  baseAmountCny?: number | null;
  /** per 'day' rules: days late (whole days, ≥ 1). */
  days?: number | null;
  /** multipleOfAmount: the multiple applied, between the rule's rate and rateMax (default: rate). */
  multiple?: number | null;
}

/**
 * The amount of a finding under its rule (docs/domain.md: meter not read 20 CNY once; meter box 1 % of
 * its cost per day; overcharge refunded 3–5 times). INVALID_INPUT naming the missing or bad figure.
 */
export function findingCompensation(rule: CompensationRule, category: Category, f: Finding): { amountCny: number; units: number; rate: number | null; reason: string } {
  if (rule.trigger !== 'finding') throw invalidInput(`规则 ${rule.id} 按期限自动计算，不能登记 / rule ${rule.id} is applied from deadlines, not recorded`, { argument: 'input.ruleId' });
  if (!rule.category.includes(category)) {
    throw invalidInput(`规则 ${rule.id} 不适用于类别 ${category} / rule ${rule.id} does not apply to category ${category}`, { argument: 'input.ruleId' });
  }
  let units = 1;
  if (rule.per === 'day') {
    if (!(Number.isInteger(f.days) && (f.days as number) >= 1 && (f.days as number) <= MAX_DAYS)) {
      throw invalidInput(`days 须为1到${MAX_DAYS}的整数 / days must be a whole number from 1 to ${MAX_DAYS}`, { argument: 'input.days' });
    }
    units = f.days as number;
  }
  const base = f.baseAmountCny;
  const needBase = () => {
    if (!(typeof base === 'number' && Number.isFinite(base) && base > 0 && base <= MAX_AMOUNT_CNY)) {
      throw invalidInput(`baseAmountCny 须为不超过 ${MAX_AMOUNT_CNY} 的正数 / baseAmountCny must be a positive amount up to ${MAX_AMOUNT_CNY}`, { argument: 'input.baseAmountCny' });
    }
    return base;
  };
  let amount: number;
  let rate: number | null = null;
  let how: string;
  switch (rule.basis) {
    case 'fixed':
      amount = rule.amountCny * units;
      how = `${rule.amountCny} × ${units}`;
      break;
    case 'shareOfCost':
      rate = rule.rate ?? 0;
      amount = needBase() * rate * units;
      how = `${base} × ${rate} × ${units}`;
      break;
    case 'multipleOfAmount': {
      const lo = rule.rate ?? 1;
      const hi = rule.rateMax ?? lo;
      rate = f.multiple ?? lo;
      if (!(Number.isFinite(rate) && rate >= lo && rate <= hi)) {
        throw invalidInput(`multiple 须在 ${lo} 到 ${hi} 之间 / multiple must be between ${lo} and ${hi}`, { argument: 'input.multiple' });
      }
      amount = needBase() * rate;
      how = `${base} × ${rate}`;
      break;
    }
  }
  if (!(amount <= MAX_AMOUNT_CNY)) throw invalidInput(`金额超过 ${MAX_AMOUNT_CNY} / the amount exceeds ${MAX_AMOUNT_CNY}`, { argument: 'input.baseAmountCny' });
  return { amountCny: cents(amount), units, rate, reason: `${labelOf(rule)}：${how} / ${how}` };
}

/** Checks a rule a supervisor sets (INVALID_INPUT naming the field): a deadline rule names a known deadline, a finding rule none. */
export function validateCompensationRule(r: CompensationRule): void {
  const bad = (field: string, zh: string, en: string) => {
    throw invalidInput(`补偿规则 ${r.id}：${zh} / compensation rule ${r.id}: ${en}`, { argument: `input.${field}` });
  };
  if (!r.id?.trim()) bad('id', '缺少编号', 'id is required');
  if (!r.category.length) bad('categories', '至少一个类别', 'needs at least one category');
  if (!(Number.isFinite(r.amountCny) && r.amountCny >= 0 && r.amountCny <= MAX_AMOUNT_CNY)) bad('amountCny', `金额须在 0 到 ${MAX_AMOUNT_CNY} 之间`, `amountCny must be from 0 to ${MAX_AMOUNT_CNY}`);
  for (const field of ['rate', 'rateMax'] as const) {
    const v = r[field];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= MAX_RATE)) bad(field, `须在 0 到 ${MAX_RATE} 之间`, `${field} must be from 0 to ${MAX_RATE}`);
  }
  if (r.trigger === 'deadline') {
    if (!r.target || !(SLA_KINDS.includes(r.target as SlaKind) || isConnectionStage(r.target))) bad('target', `未知期限 ${r.target ?? ''}`, `unknown deadline ${r.target ?? '(none)'}`);
    if (r.basis !== 'fixed') bad('basis', '按期限的规则只能是固定金额', "a deadline rule pays a fixed amount (basis 'fixed')");
  } else if (r.target) {
    bad('target', '登记类规则没有期限', 'a finding rule has no target deadline');
  }
  if (r.basis === 'shareOfCost' && !(typeof r.rate === 'number' && r.rate > 0 && r.rate <= 1)) bad('rate', '比例须在 0 到 1 之间', 'rate must be a share in (0, 1]');
  if (r.basis === 'multipleOfAmount') {
    if (!(typeof r.rate === 'number' && r.rate >= 1)) bad('rate', '倍数须不小于1', 'rate (the lowest multiple) must be >= 1');
    if (r.rateMax !== undefined && !(r.rateMax >= (r.rate as number))) bad('rateMax', '最高倍数不能小于最低倍数', 'rateMax must be >= rate');
  }
}
