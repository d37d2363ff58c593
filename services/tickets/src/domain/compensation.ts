import { CompensationRule, DEFAULT_COMPENSATION_RULES, SlaKind } from './defaults';
import { Category } from './enums';
import { assertValidDate } from './errors';

const DAY_MS = 86_400_000;

export interface BreachFacts {
  orderId: string;
  category: Category;
  /** Effective deadlines (after pauses and extensions). */
  due: Partial<Record<SlaKind, Date>>;
  /** When each target was met. */
  done: Partial<Record<SlaKind, Date>>;
}

export interface CompensationRecord {
  orderId: string;
  ruleId: string;
  amountCny: number;
  /** Started days late ('day' rules), else 1. */
  units: number;
  /** Target not met yet: the amount still grows. */
  provisional: boolean;
  reason: string;
}

/**
 * Compensation owed for one order. Late = met after the deadline, or not met and `now` past it.
 * 'day' rules pay per started 24 h of lateness.
 */
export function computeCompensation(
  facts: BreachFacts,
  now: Date,
  rules: CompensationRule[] = DEFAULT_COMPENSATION_RULES,
): CompensationRecord[] {
  assertValidDate(now, 'computeCompensation.now');
  const out: CompensationRecord[] = [];
  for (const rule of rules) {
    if (!rule.category.includes(facts.category)) continue;
    const due = facts.due[rule.target];
    if (!due) continue;
    const doneAt = facts.done[rule.target];
    const until = doneAt ?? now;
    const lateMs = until.getTime() - due.getTime();
    if (lateMs <= 0) continue;
    const units = rule.per === 'day' ? Math.ceil(lateMs / DAY_MS) : 1;
    const label = rule.label ? `${rule.label.zh} / ${rule.label.en}` : rule.id;
    const lateMin = Math.round(lateMs / 60_000);
    out.push({
      orderId: facts.orderId,
      ruleId: rule.id,
      amountCny: rule.amountCny * units,
      units,
      provisional: !doneAt,
      reason: `${label}：${rule.target} 超时 ${lateMin} 分钟 / ${rule.target} late by ${lateMin} min`,
    });
  }
  return out;
}
