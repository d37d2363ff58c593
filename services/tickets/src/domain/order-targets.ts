// The deadlines of one order, where they differ from its category's (docs/domain.md, Water rules): the
// processing level the call center chose or a rule gave, the leak's site (on-site time) and the repair
// tier chosen on site, and an inquiry answered at once (no deadline at all). Pure; planSla applies it
// to the targets table.
import { SlaTarget, SlaTargetTable } from './defaults';
import { Category, Channel, LeakSite, LeakTier, ProcessingLevel } from './enums';
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

export interface LeakRules {
  /** Leak reports: the categories these rules apply to (tiers SMALL/MEDIUM/LARGE, site, warranty). */
  leakCategories: Category[];
  /** Meter-box leaks (tier OTHER_UNIT_SHUTOFF, warranty). */
  meterBoxCategories: Category[];
  /** On site, clock minutes from the report: public mains, hydrants and valves / anything else. */
  onSitePublicMin: number;
  onSiteOtherMin: number;
  /** Resolve time of each tier, clock minutes from the report. */
  tierMinutes: Record<LeakTier, number>;
}

export const DEFAULT_LEAK_RULES: LeakRules = {
  leakCategories: [Category.LEAK, Category.BURST],
  meterBoxCategories: [Category.METER_BOX],
  onSitePublicMin: 40,
  onSiteOtherMin: 60,
  tierMinutes: { SMALL: 5 * H, MEDIUM: 10 * H, LARGE: 24 * H, OTHER_UNIT_SHUTOFF: 48 * H },
};

/** What order-specific deadlines are decided from. */
export interface OrderTargetRules {
  levels: LevelRules;
  leak: LeakRules;
}

export const DEFAULT_ORDER_TARGET_RULES: OrderTargetRules = { levels: DEFAULT_LEVEL_RULES, leak: DEFAULT_LEAK_RULES };

export interface OrderTargetFacts {
  category: Category;
  /** The processing level (NORMAL or absent: the category's own resolve target). */
  priority?: string | null;
  leakSite?: LeakSite | null;
  leakTier?: LeakTier | null;
  /** Answered on the call: the order owes no deadline. */
  answeredAt?: Date | null;
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

/** Which tiers an order of `category` may be given (none: the category has no repair tiers). */
export function tiersFor(category: Category, rules: LeakRules = DEFAULT_LEAK_RULES): LeakTier[] {
  if (rules.leakCategories.includes(category)) return [LeakTier.SMALL, LeakTier.MEDIUM, LeakTier.LARGE];
  if (rules.meterBoxCategories.includes(category)) return [LeakTier.OTHER_UNIT_SHUTOFF];
  return [];
}

/** INVALID_INPUT naming `argument` unless the tier fits the category. */
export function checkLeakTier(category: Category, tier: LeakTier, rules: LeakRules = DEFAULT_LEAK_RULES, argument = 'tier'): void {
  const allowed = tiersFor(category, rules);
  if (!allowed.includes(tier)) {
    throw invalidInput(
      `类别 ${category} 不能选 ${tier} 维修等级${allowed.length ? `（可选 ${allowed.join('/')}）` : ''} / category ${category} cannot take repair tier ${tier}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
      { argument },
    );
  }
}

/** INVALID_INPUT naming `argument` unless the order is a leak report. */
export function checkLeakSite(category: Category, rules: LeakRules = DEFAULT_LEAK_RULES, argument = 'input.leakSite'): void {
  if (!rules.leakCategories.includes(category)) throw invalidInput(`leakSite 只用于漏水报修 / leakSite is for leak reports only (category ${category})`, { argument });
}

const replace = (list: SlaTarget[], t: SlaTarget): SlaTarget[] => [...list.filter((x) => x.kind !== t.kind), t];

/**
 * The targets table as it applies to this order (only its own category row changes):
 *  - answered at once: no targets;
 *  - a leak's site: on site in `onSitePublicMin` (public mains, hydrants, valves) or `onSiteOtherMin`;
 *  - the resolve deadline from the report: the level's time, the repair tier's, or the earlier of the
 *    two when both are set (each is a "done by"; the stricter binds).
 */
export function targetsForOrder(targets: SlaTargetTable, o: OrderTargetFacts, rules: OrderTargetRules = DEFAULT_ORDER_TARGET_RULES): SlaTargetTable {
  if (o.answeredAt) return { ...targets, [o.category]: [] };
  const level = levelMinutes(o.priority, rules.levels);
  const tier = o.leakTier ? rules.leak.tierMinutes[o.leakTier] : null;
  const site = o.leakSite && rules.leak.leakCategories.includes(o.category)
    ? (o.leakSite === LeakSite.OTHER ? rules.leak.onSiteOtherMin : rules.leak.onSitePublicMin)
    : null;
  if (level === null && tier === null && site === null) return targets;
  let list = targets[o.category] ?? [];
  const resolve = level !== null && tier !== null ? Math.min(level, tier) : level ?? tier;
  if (resolve !== null) list = replace(list, { kind: 'resolve', minutes: resolve, basis: 'clock' });
  if (site !== null) list = replace(list, { kind: 'onSite', minutes: site, basis: 'clock' });
  return { ...targets, [o.category]: list };
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

/**
 * docs/domain.md, Water rules: a leak of a facility still under warranty goes to the unit that built it
 * (`warrantyUnit`, else `defaultUnit`). INVALID_INPUT naming input.underWarranty for a report that is not a leak.
 */
export function warrantyRoute<D extends string>(category: Category, underWarranty: boolean, warrantyUnit: D | null | undefined, defaultUnit: D, rules: LeakRules = DEFAULT_LEAK_RULES): D | null {
  if (!underWarranty && !warrantyUnit) return null;
  if (![...rules.leakCategories, ...rules.meterBoxCategories].includes(category)) {
    throw invalidInput(`保修只用于漏水类工单 / warranty routing is for leak reports only (category ${category})`, { argument: warrantyUnit ? 'input.warrantyUnit' : 'input.underWarranty' });
  }
  return warrantyUnit ?? defaultUnit;
}
