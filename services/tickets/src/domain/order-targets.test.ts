import { WorkingCalendar } from './calendar';
import { DEFAULT_COMPENSATION_RULES, DEFAULT_SLA_TARGETS } from './defaults';
import { Category, Channel, ProcessingLevel as L, WorkOrderStatus as S } from './enums';
import { DEFAULT_LEVEL_RULES, levelMinutes, ruleLevel, targetsForOrder } from './order-targets';
import { DEFAULT_SLA_THRESHOLDS, targetDueFrom } from './sla';
import { NO_SLA_INPUTS, planSla, SlaOrder } from './sla-plan';

const MIN = 60_000;
const T0 = new Date('2026-03-02T09:00:00+08:00'); // Monday
const plus = (min: number) => new Date(T0.getTime() + min * MIN);
const calendar = new WorkingCalendar();
const settings = { targets: DEFAULT_SLA_TARGETS, compensationRules: DEFAULT_COMPENSATION_RULES, calendar, thresholds: DEFAULT_SLA_THRESHOLDS };
const order = (o: Partial<SlaOrder> = {}): SlaOrder => ({
  id: '00000000-0000-4000-8000-000000000001', category: Category.WORKS_QUALITY, status: S.NEW, createdAt: T0,
  dispatchedAt: null, acceptedAt: null, onSiteAt: null, resolvedAt: null, calledBackAt: null, pausedAt: null, reopenedAt: null, revisitResolvedAt: null, ...o,
});

describe('processing levels', () => {
  it('the call center’s level sets the resolve deadline from the report: 12 h / 24 h / 36 h / 48 h / 3 days / 5 days', () => {
    const expected: Array<[L, number]> = [[L.HOURS_12, 12 * 60], [L.HOURS_24, 24 * 60], [L.HOURS_36, 36 * 60], [L.HOURS_48, 48 * 60], [L.DAYS_3, 3 * 1440], [L.DAYS_5, 5 * 1440]];
    for (const [level, minutes] of expected) {
      expect(levelMinutes(level)).toBe(minutes);
      expect(planSla(order({ priority: level }), T0, NO_SLA_INPUTS(), settings).patch.resolveDueAt).toEqual(plus(minutes));
    }
    // NORMAL: the category's own target (works quality: 5 days); the clock watches the level's deadline.
    expect(planSla(order({ priority: L.NORMAL }), T0, NO_SLA_INPUTS(), settings).patch.resolveDueAt).toEqual(plus(5 * 1440));
    const p = planSla(order({ priority: L.HOURS_12 }), T0, NO_SLA_INPUTS(), settings);
    expect(p.clocks.find((c) => c.kind === 'resolve')).toMatchObject({ dueAt: plus(12 * 60), warn1At: plus(6 * 60) });
  });

  it('a level replaces a working-day target with clock time, and gives a deadline to a category that has none', () => {
    const complaint = targetsForOrder(DEFAULT_SLA_TARGETS, { category: Category.COMPLAINT, priority: L.HOURS_24 });
    expect(complaint.COMPLAINT.find((t) => t.kind === 'resolve')).toEqual({ kind: 'resolve', minutes: 24 * 60, basis: 'clock' });
    expect(complaint.COMPLAINT.find((t) => t.kind === 'accept')).toEqual(DEFAULT_SLA_TARGETS.COMPLAINT.find((t) => t.kind === 'accept'));
    expect(complaint.LEAK).toBe(DEFAULT_SLA_TARGETS.LEAK); // other categories untouched
    expect(planSla(order({ category: Category.INQUIRY, priority: L.HOURS_48 }), T0, NO_SLA_INPUTS(), settings).patch.resolveDueAt).toEqual(plus(48 * 60));
    expect(() => levelMinutes('HOURS_7')).toThrow(/unknown processing level/);
  });

  it('GOVERNMENT and MEDIA referrals, and orders risking injury or property loss, get the 24 h level', () => {
    const due5d = targetDueFrom(DEFAULT_SLA_TARGETS, Category.WORKS_QUALITY, 'resolve', T0, calendar);
    expect(ruleLevel({ channel: Channel.GOVERNMENT }, T0, due5d)).toEqual({ level: L.HOURS_24, reason: 'REFERRAL' });
    expect(ruleLevel({ channel: Channel.MEDIA }, T0, due5d)).toEqual({ level: L.HOURS_24, reason: 'REFERRAL' });
    expect(ruleLevel({ channel: Channel.PHONE, riskOfInjuryOrDamage: true }, T0, due5d)).toEqual({ level: L.HOURS_24, reason: 'RISK' });
    expect(ruleLevel({ channel: Channel.PHONE }, T0, due5d)).toBeNull();
    // No resolve deadline of its own (an inquiry that has to be dispatched): the level gives one.
    expect(ruleLevel({ channel: Channel.GOVERNMENT }, T0, null)).toEqual({ level: L.HOURS_24, reason: 'REFERRAL' });
  });

  it('a rule never loosens a deadline: a 4 h mains-pressure answer referred by the media keeps its 4 h', () => {
    const due4h = targetDueFrom(DEFAULT_SLA_TARGETS, Category.MAINS_PRESSURE, 'resolve', T0, calendar);
    expect(ruleLevel({ channel: Channel.MEDIA }, T0, due4h)).toBeNull();
    // A leak's 24 h is not later than the 24 h level either.
    expect(ruleLevel({ channel: Channel.GOVERNMENT }, T0, targetDueFrom(DEFAULT_SLA_TARGETS, Category.LEAK, 'resolve', T0, calendar))).toBeNull();
    // The channels and levels are the utility's.
    const rules = { ...DEFAULT_LEVEL_RULES, referralChannels: [Channel.WEB], referralLevel: L.HOURS_12 as const };
    expect(ruleLevel({ channel: Channel.WEB }, T0, due4h, rules)).toBeNull();
    expect(ruleLevel({ channel: Channel.WEB }, T0, targetDueFrom(DEFAULT_SLA_TARGETS, Category.LEAK, 'resolve', T0, calendar), rules)).toEqual({ level: L.HOURS_12, reason: 'REFERRAL' });
    expect(ruleLevel({ channel: Channel.GOVERNMENT }, T0, null, rules)).toBeNull();
  });

  it('URGENT is no longer 12 h by default: the 24 h level (the 12 h level is generally not used)', () => {
    expect(DEFAULT_SLA_TARGETS.URGENT.find((t) => t.kind === 'resolve')).toEqual({ kind: 'resolve', minutes: 24 * 60, basis: 'clock' });
    expect(planSla(order({ category: Category.URGENT }), T0, NO_SLA_INPUTS(), settings).patch.resolveDueAt).toEqual(plus(24 * 60));
  });
});
