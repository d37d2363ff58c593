import { WorkingCalendar } from './calendar';
import { DEFAULT_COMPENSATION_RULES, DEFAULT_SLA_TARGETS } from './defaults';
import { Category, WorkOrderStatus as S } from './enums';
import { DEFAULT_SLA_THRESHOLDS } from './sla';
import { keepsCompensation, NO_SLA_INPUTS, planSla, SlaOrder } from './sla-plan';

const MIN = 60_000;
const T0 = new Date('2026-03-02T09:00:00+08:00'); // Monday
const plus = (min: number) => new Date(T0.getTime() + min * MIN);
const settings = { targets: DEFAULT_SLA_TARGETS, compensationRules: DEFAULT_COMPENSATION_RULES, calendar: new WorkingCalendar(), thresholds: DEFAULT_SLA_THRESHOLDS };
const order = (o: Partial<SlaOrder> = {}): SlaOrder => ({
  id: '00000000-0000-4000-8000-000000000001', category: Category.BURST, status: S.NEW, createdAt: T0,
  dispatchedAt: null, acceptedAt: null, onSiteAt: null, resolvedAt: null, calledBackAt: null, pausedAt: null, reopenedAt: null, revisitResolvedAt: null, ...o,
});
const kinds = (p: ReturnType<typeof planSla>) => p.clocks.map((c) => c.kind).sort();

describe('planSla', () => {
  it('a new BURST: the accept deadline is shown as if dispatched at the report; the accept clock waits for the dispatch', () => {
    const p = planSla(order(), T0, NO_SLA_INPUTS(), settings);
    expect(p.patch).toEqual({
      dispatchDueAt: plus(5), acceptDueAt: plus(20), replyDueAt: null, onSiteDueAt: plus(40), resolveDueAt: plus(24 * 60), callbackDueAt: null, revisitDueAt: null, breached: false,
    });
    // accept runs from the dispatch fact, absent here; callback from the resolution.
    expect(kinds(p)).toEqual(['dispatch', 'onSite', 'resolve']);
    const d = p.clocks.find((c) => c.kind === 'dispatch')!;
    expect(d).toMatchObject({ startedAt: T0, dueAt: plus(5), warn1At: plus(2.5), warn2At: plus(4), level: 0, nextAt: plus(2.5), metAt: null });
  });

  it('after dispatch the accept clock starts from the dispatch and the dispatch clock is met', () => {
    const p = planSla(order({ status: S.DISPATCHED, dispatchedAt: plus(3) }), plus(3), NO_SLA_INPUTS(), settings);
    expect(p.patch.acceptDueAt).toEqual(plus(23));
    const accept = p.clocks.find((c) => c.kind === 'accept')!;
    expect(accept).toMatchObject({ startedAt: plus(3), dueAt: plus(23), nextAt: plus(13) });
    expect(p.clocks.find((c) => c.kind === 'dispatch')).toMatchObject({ metAt: plus(3), nextAt: null });
  });

  it('keeps a level the scheduler raised, lowers it when the deadline moved, and never raises it itself', () => {
    const late = planSla(order(), plus(10), { ...NO_SLA_INPUTS(), clockLevels: new Map([['dispatch', 3]]) }, settings);
    expect(late.clocks.find((c) => c.kind === 'dispatch')).toMatchObject({ level: 3, nextAt: null });
    expect(late.patch.breached).toBe(true);
    // Past the dispatch deadline but the scheduler has not looked yet: level 0, due for a look at warn 1.
    const unseen = planSla(order(), plus(10), NO_SLA_INPUTS(), settings);
    expect(unseen.clocks.find((c) => c.kind === 'dispatch')).toMatchObject({ level: 0, nextAt: plus(2.5) });
    expect(unseen.patch.breached).toBe(false);
  });

  it('a paused order: its clocks have no next look and the open pause moves the deadlines to now', () => {
    const paused = order({ status: S.WAITING_CUSTOMER, dispatchedAt: plus(1), acceptedAt: plus(2), onSiteAt: plus(20), pausedAt: plus(60) });
    const p = planSla(paused, plus(120), { ...NO_SLA_INPUTS(), pauses: [{ from: plus(60) }] }, settings);
    expect(p.patch.resolveDueAt).toEqual(plus(24 * 60 + 60));
    expect(p.clocks.every((c) => c.nextAt === null)).toBe(true);
  });

  it('resolution stops the earlier clocks; a reopening adds a revisit clock from the reopening', () => {
    const resolved = order({ status: S.RESOLVED, dispatchedAt: plus(1), resolvedAt: plus(30) });
    const p = planSla(resolved, plus(30), { ...NO_SLA_INPUTS(), clockLevels: new Map([['dispatch', 0]]) }, settings);
    expect(p.clocks.find((c) => c.kind === 'onSite')).toMatchObject({ metAt: plus(30), nextAt: null });
    expect(p.patch.callbackDueAt).toEqual(plus(30 + 3 * 24 * 60));
    const reopened = planSla({ ...resolved, status: S.REOPENED, calledBackAt: plus(100), reopenedAt: plus(100) }, plus(100), NO_SLA_INPUTS(), settings);
    expect(reopened.patch.revisitDueAt).toEqual(plus(100 + 24 * 60));
    expect(reopened.clocks.find((c) => c.kind === 'revisit')).toMatchObject({ startedAt: plus(100), dueAt: plus(100 + 24 * 60), metAt: null });
  });

  it('no clocks for an order that owes no service; compensation only while service is owed or at closing', () => {
    const merged = planSla(order({ status: S.MERGED }), T0, NO_SLA_INPUTS(), settings);
    expect(merged.clocks).toEqual([]);
    expect(merged.compensation).toBeNull();
    expect(keepsCompensation(S.CLOSED)).toBe(true);
    expect(keepsCompensation(S.LINKED_TO_OUTAGE)).toBe(false);
    expect(planSla(order({ status: S.CLOSED }), T0, NO_SLA_INPUTS(), settings).compensation).toEqual({ upserts: [], keep: [] });
  });

  it('compensation: a proposal is kept only for a breached clock; a late arrival settles it', () => {
    const open = order({ status: S.ACCEPTED, dispatchedAt: plus(1), acceptedAt: plus(2) });
    // 50 min: on site is late (40 min), but the scheduler has not marked the breach: nothing kept.
    expect(planSla(open, plus(50), NO_SLA_INPUTS(), settings).compensation).toEqual({ upserts: [], keep: [] });
    const marked = planSla(open, plus(50), { ...NO_SLA_INPUTS(), clockLevels: new Map([['onSite', 3]]) }, settings);
    expect(marked.compensation?.keep).toEqual(['LEAK_LATE_ON_SITE']);
    expect(marked.compensation?.upserts[0]).toMatchObject({ target: 'onSite', amountCny: 100, provisional: true });
    const arrived = planSla({ ...open, status: S.ON_SITE, onSiteAt: plus(55) }, plus(55), NO_SLA_INPUTS(), settings);
    expect(arrived.compensation?.upserts).toEqual([expect.objectContaining({ ruleId: 'LEAK_LATE_ON_SITE', amountCny: 100, provisional: false })]);
  });
});
