import { WorkingCalendar } from './calendar';
import { DEFAULT_COMPENSATION_RULES, DEFAULT_SLA_TARGETS } from './defaults';
import { Category, Channel, LeakSite, LeakTier, ProcessingLevel as L, WorkOrderStatus as S } from './enums';
import { checkLeakSite, checkLeakTier, DEFAULT_LEVEL_RULES, levelMinutes, ruleLevel, targetsForOrder, tiersFor, warrantyRoute } from './order-targets';
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

describe('leaks: site, repair tier, warranty', () => {
  const leak = (o: Partial<SlaOrder> = {}) => order({ category: Category.LEAK, ...o });
  const due = (o: SlaOrder) => planSla(o, T0, NO_SLA_INPUTS(), settings).patch;

  it('on site within 1 h of a leak report, 40 min for public mains, hydrants and valves', () => {
    expect(due(leak({ leakSite: LeakSite.OTHER })).onSiteDueAt).toEqual(plus(60));
    for (const site of [LeakSite.PUBLIC_MAIN, LeakSite.HYDRANT, LeakSite.VALVE]) expect(due(leak({ leakSite: site })).onSiteDueAt).toEqual(plus(40));
    expect(due(leak()).onSiteDueAt).toEqual(plus(40)); // LEAK is a leak on mains, hydrant or valve unless said otherwise
  });

  it('the repair tier chosen on site sets the resolve deadline from the report: small ≤ 5 h, medium ≤ 10 h, large ≤ 24 h', () => {
    expect(due(leak()).resolveDueAt).toEqual(plus(24 * 60));
    expect(due(leak({ leakTier: LeakTier.SMALL })).resolveDueAt).toEqual(plus(5 * 60));
    expect(due(leak({ leakTier: LeakTier.MEDIUM })).resolveDueAt).toEqual(plus(10 * 60));
    expect(due(order({ category: Category.BURST, leakTier: LeakTier.LARGE })).resolveDueAt).toEqual(plus(24 * 60));
    // With a processing level too, the earlier deadline binds.
    expect(due(leak({ leakTier: LeakTier.LARGE, priority: L.HOURS_12 })).resolveDueAt).toEqual(plus(12 * 60));
    expect(due(leak({ leakTier: LeakTier.SMALL, priority: L.HOURS_12 })).resolveDueAt).toEqual(plus(5 * 60));
  });

  it('meter-box leaks: 24 h, 48 h when another unit must shut the water', () => {
    expect(due(order({ category: Category.METER_BOX })).resolveDueAt).toEqual(plus(24 * 60));
    expect(due(order({ category: Category.METER_BOX, leakTier: LeakTier.OTHER_UNIT_SHUTOFF })).resolveDueAt).toEqual(plus(48 * 60));
  });

  it('tiers fit their categories: SMALL/MEDIUM/LARGE for leaks, OTHER_UNIT_SHUTOFF for meter boxes', () => {
    expect(tiersFor(Category.BURST)).toEqual([LeakTier.SMALL, LeakTier.MEDIUM, LeakTier.LARGE]);
    expect(tiersFor(Category.METER_BOX)).toEqual([LeakTier.OTHER_UNIT_SHUTOFF]);
    expect(() => checkLeakTier(Category.METER_BOX, LeakTier.SMALL)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { argument: 'tier' } }));
    expect(() => checkLeakTier(Category.BILLING, LeakTier.SMALL)).toThrow(/cannot take repair tier/);
    expect(() => checkLeakSite(Category.BILLING)).toThrow(expect.objectContaining({ details: { argument: 'input.leakSite' } }));
  });

  it('leaks under warranty go to the unit that built them (the named unit, else the default)', () => {
    expect(warrantyRoute(Category.LEAK, true, null, 'WORKS')).toBe('WORKS');
    expect(warrantyRoute(Category.BURST, true, 'INSPECTION', 'WORKS')).toBe('INSPECTION');
    expect(warrantyRoute(Category.METER_BOX, false, 'METER', 'WORKS')).toBe('METER');
    expect(warrantyRoute(Category.LEAK, false, null, 'WORKS')).toBeNull();
    expect(() => warrantyRoute(Category.BILLING, true, null, 'WORKS')).toThrow(expect.objectContaining({ details: { argument: 'input.underWarranty' } }));
  });

  it('an inquiry answered at once owes no deadline: no due times, no clocks', () => {
    const p = planSla(order({ category: Category.INQUIRY, status: S.CLOSED, answeredAt: T0 }), T0, NO_SLA_INPUTS(), settings);
    expect(p.patch).toEqual({ dispatchDueAt: null, acceptDueAt: null, replyDueAt: null, onSiteDueAt: null, resolveDueAt: null, callbackDueAt: null, revisitDueAt: null, breached: false });
    expect(p.clocks).toEqual([]);
  });
});
