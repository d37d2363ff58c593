// The deadlines of one order, where they differ from its category's: the processing level the call
// center chose or a rule gave (docs/domain.md, Water rules). Pure; planSla applies it to the targets table.
import { SlaTarget, SlaTargetTable } from './defaults';
import { Category, Channel, ProcessingLevel } from './enums';
import { invalidInput } from './errors';

const H = 60;
const DAY = 24 * H;

export type Level = Exclude<ProcessingLevel, ProcessingLevel.NORMAL>;

export interface LevelRules {
  /** Resolve time of each level, clock minutes from the report. */
  minutes: Record<Level, number>;
  /** Referrals from these channels get `referralLevel` (docs/domain.md: government bodies, the mayor's hotline, regulators, media). */
  referralChannels: Channel[];
  referralLevel: Level;
  /** Orders flagged as risking injury or property loss get this level. */
  riskLevel: Level;
}

export const DEFAULT_LEVEL_RULES: LevelRules = {
  minutes: { HOURS_12: 12 * H, HOURS_24: 24 * H, HOURS_36: 36 * H, HOURS_48: 48 * H, DAYS_3: 3 * DAY, DAYS_5: 5 * DAY },
  referralChannels: [Channel.GOVERNMENT, Channel.MEDIA],
  referralLevel: ProcessingLevel.HOURS_24,
  riskLevel: ProcessingLevel.HOURS_24,
};

/** What order-specific deadlines are decided from. */
export interface OrderTargetRules {
  levels: LevelRules;
}

export const DEFAULT_ORDER_TARGET_RULES: OrderTargetRules = { levels: DEFAULT_LEVEL_RULES };

export interface OrderTargetFacts {
  category: Category;
  /** The processing level (NORMAL or absent: the category's own resolve target). */
  priority?: string | null;
}

export function isLevel(v: string | null | undefined): v is ProcessingLevel {
  return !!v && (Object.values(ProcessingLevel) as string[]).includes(v);
}

/** Resolve minutes a level sets (null for NORMAL). */
export function levelMinutes(level: string | null | undefined, rules: LevelRules = DEFAULT_LEVEL_RULES): number | null {
  if (!level || level === ProcessingLevel.NORMAL) return null;
  if (!isLevel(level)) throw invalidInput(`未知处理等级 / unknown processing level ${level}`, { argument: 'level' });
  return rules.minutes[level as Level];
}

/**
 * The targets table as it applies to this order: a level replaces the category's resolve target with
 * the level's time from the report (clock). Only the order's own category row changes.
 */
export function targetsForOrder(targets: SlaTargetTable, o: OrderTargetFacts, rules: OrderTargetRules = DEFAULT_ORDER_TARGET_RULES): SlaTargetTable {
  const minutes = levelMinutes(o.priority, rules.levels);
  if (minutes === null) return targets;
  const list = targets[o.category] ?? [];
  const resolve: SlaTarget = { kind: 'resolve', minutes, basis: 'clock' };
  const rest = list.filter((t) => t.kind !== 'resolve');
  return { ...targets, [o.category]: [...rest, resolve] };
}

export interface LevelRuleInput {
  channel: Channel;
  /** Flagged at intake: may injure someone or damage property. */
  riskOfInjuryOrDamage?: boolean | null;
}

/**
 * The level a rule gives a new order: referrals from government and media, and orders flagged as
 * risking injury or property loss, get the 24 h level — but a rule never loosens a deadline: when the
 * category's own resolve deadline (`categoryResolveDue`) is already earlier, the order keeps it.
 */
export function ruleLevel(
  input: LevelRuleInput,
  createdAt: Date,
  categoryResolveDue: Date | null,
  rules: LevelRules = DEFAULT_LEVEL_RULES,
): { level: Level; reason: 'REFERRAL' | 'RISK' } | null {
  const candidates: Array<{ level: Level; reason: 'REFERRAL' | 'RISK' }> = [];
  if (rules.referralChannels.includes(input.channel)) candidates.push({ level: rules.referralLevel, reason: 'REFERRAL' });
  if (input.riskOfInjuryOrDamage) candidates.push({ level: rules.riskLevel, reason: 'RISK' });
  if (!candidates.length) return null;
  const best = candidates.reduce((a, b) => (rules.minutes[b.level] < rules.minutes[a.level] ? b : a));
  const due = createdAt.getTime() + rules.minutes[best.level] * 60_000;
  return categoryResolveDue && categoryResolveDue.getTime() <= due ? null : best;
}
