// The heat and gas deadline tables of docs/domain.md, one test per row, through the same planning path the
// service uses (planSla with the working calendar and the heating season), from the default tables.
import { WorkingCalendar } from './calendar';
import { DEFAULT_COMPENSATION_RULES, DEFAULT_SLA_TARGETS, routeReport, selectTargets, SlaTargetTable } from './defaults';
import { Category as C, Severity, WorkOrderStatus as S } from './enums';
import { DEFAULT_HEATING_SEASON, seasonDay } from './heating-season';
import { DEFAULT_LIFECYCLE_CONFIG, transition } from './lifecycle';
import { callbackMethod, callbackPolicy, DEFAULT_CALLBACK_CONFIG } from './callback';
import { DEFAULT_SLA_THRESHOLDS } from './sla';
import { NO_SLA_INPUTS, planSla, SlaOrder } from './sla-plan';
import { Role } from './enums';

const MIN = 60_000;
const calendar = new WorkingCalendar();
const bj = (s: string) => new Date(`${s}+08:00`);
const after = (d: Date, min: number) => new Date(d.getTime() + min * MIN);
const seasonDayOf = (at: Date) => seasonDay(calendar.localDate(at), [], DEFAULT_HEATING_SEASON);
const settings = { targets: DEFAULT_SLA_TARGETS, compensationRules: DEFAULT_COMPENSATION_RULES, calendar, thresholds: DEFAULT_SLA_THRESHOLDS, seasonDayOf };

function plan(category: C, createdAt: Date, o: Partial<SlaOrder> = {}, s = settings) {
  const order: SlaOrder = {
    id: '00000000-0000-4000-8000-0000000000a1', category, status: S.NEW, createdAt,
    dispatchedAt: null, acceptedAt: null, onSiteAt: null, resolvedAt: null, calledBackAt: null, pausedAt: null, reopenedAt: null, revisitResolvedAt: null, ...o,
  };
  return planSla(order, createdAt, NO_SLA_INPUTS(), s).patch;
}

// The default season 2026/27 starts on 15 November 2026.
describe('heating utility deadlines (docs/domain.md "Heating utility")', () => {
  it('HEAT_LOSS: cause found and explained within 8 h', () => {
    const t = bj('2026-12-03T22:10:00');
    expect(plan(C.HEAT_LOSS, t)).toMatchObject({ resolveDueAt: after(t, 8 * 60), onSiteDueAt: null, dispatchDueAt: after(t, 5) });
  });

  it('HEAT_MAIN_ACCIDENT: on site within 30 min', () => {
    const t = bj('2026-12-05T03:00:00'); // a Saturday night: clock time, no calendar
    expect(plan(C.HEAT_MAIN_ACCIDENT, t).onSiteDueAt).toEqual(after(t, 30));
  });

  it('HEAT_LEAK: on site within 1 h', () => {
    const t = bj('2026-12-05T03:00:00');
    expect(plan(C.HEAT_LEAK, t).onSiteDueAt).toEqual(after(t, 60));
  });

  it('HEAT_TEMPERATURE: on site within 5 h in the first 10 days of the season (reported 3 days after its start)', () => {
    const t = bj('2026-11-18T19:00:00');
    expect(seasonDayOf(t)).toBe(3);
    expect(plan(C.HEAT_TEMPERATURE, t).onSiteDueAt).toEqual(after(t, 5 * 60));
  });

  it('HEAT_TEMPERATURE: within 2 h after the first 10 days (reported 20 days after the start)', () => {
    const t = bj('2026-12-05T19:00:00');
    expect(seasonDayOf(t)).toBe(20);
    expect(plan(C.HEAT_TEMPERATURE, t).onSiteDueAt).toEqual(after(t, 2 * 60));
  });

  it('HEAT_TEMPERATURE: the 10th day is still 5 h, the 11th is 2 h (local dates, not 24 h spans)', () => {
    const day10 = bj('2026-11-24T23:59:00'); // 15 Nov is day 1
    const day11 = bj('2026-11-25T00:01:00');
    expect(plan(C.HEAT_TEMPERATURE, day10).onSiteDueAt).toEqual(after(day10, 5 * 60));
    expect(plan(C.HEAT_TEMPERATURE, day11).onSiteDueAt).toEqual(after(day11, 2 * 60));
  });

  it('HEAT_TEMPERATURE: a season set by the city moves the 5 h window with it', () => {
    const moved = { ...settings, seasonDayOf: (at: Date) => seasonDay(calendar.localDate(at), [{ startsOn: '2026-11-25', endsOn: '2027-03-25' }]) };
    const t = bj('2026-11-27T10:00:00'); // 12th day of the default season, 3rd of the moved one
    expect(plan(C.HEAT_TEMPERATURE, t, {}, moved).onSiteDueAt).toEqual(after(t, 5 * 60));
    expect(plan(C.HEAT_TEMPERATURE, t).onSiteDueAt).toEqual(after(t, 2 * 60));
  });

  it('HEAT_TEMPERATURE outside the season is an inquiry (answered at once), unless the utility keeps it a temperature report', () => {
    expect(seasonDayOf(bj('2026-07-01T10:00:00'))).toBeNull();
    const routing = { ...Object.fromEntries(Object.values(C).map((c) => [c, 'HEAT_SERVICE'])), HEAT_TEMPERATURE: 'HEAT_SUBSTATION' } as never;
    expect(routeReport({ category: C.HEAT_TEMPERATURE, inSeason: false }, routing).category).toBe(C.HEAT_INQUIRY);
    expect(routeReport({ category: C.HEAT_TEMPERATURE, inSeason: true }, routing).category).toBe(C.HEAT_TEMPERATURE);
    expect(routeReport({ category: C.HEAT_TEMPERATURE, inSeason: false }, routing, undefined, {}).category).toBe(C.HEAT_TEMPERATURE);
    // Kept as a temperature report outside the season: the 2 h target (no season window holds).
    const t = bj('2026-07-01T10:00:00');
    expect(plan(C.HEAT_TEMPERATURE, t).onSiteDueAt).toEqual(after(t, 2 * 60));
  });

  it('HEAT_REPAIR: on site within 1 h', () => {
    const t = bj('2026-12-01T12:00:00');
    expect(plan(C.HEAT_REPAIR, t).onSiteDueAt).toEqual(after(t, 60));
  });

  it('HEAT_CUSTOMER_EQUIPMENT: free advice, a phone callback within 3 working days of completion', () => {
    // Resolved on the last working day before National Day 2026: 8, 9 and 10 October (a Saturday worked in lieu).
    const t = bj('2026-09-29T09:00:00');
    const p = plan(C.HEAT_CUSTOMER_EQUIPMENT, t, { status: S.RESOLVED, dispatchedAt: t, acceptedAt: t, resolvedAt: bj('2026-09-30T11:00:00') });
    expect(p.callbackDueAt).toEqual(bj('2026-10-10T17:30:00'));
    expect(p.onSiteDueAt).toBeNull();
    expect(p.resolveDueAt).toBeNull();
    expect(callbackMethod('00000000-0000-4000-8000-0000000000a1', C.HEAT_CUSTOMER_EQUIPMENT)).toBe('PHONE');
  });

  it('HEAT_COMPLAINT: replied to within 30 min (its own clock), answered within 5 days', () => {
    const t = bj('2026-12-04T16:00:00');
    const p = plan(C.HEAT_COMPLAINT, t);
    expect(p.replyDueAt).toEqual(after(t, 30));
    expect(p.resolveDueAt).toEqual(after(t, 5 * 24 * 60));
    // The reply meets its clock; the answer's clock keeps running.
    const replied = planSla({ ...baseOrder(C.HEAT_COMPLAINT, t), repliedAt: after(t, 20) }, after(t, 20), NO_SLA_INPUTS(), settings);
    expect(replied.clocks.find((c) => c.kind === 'reply')).toMatchObject({ metAt: after(t, 20), nextAt: null });
    expect(replied.clocks.find((c) => c.kind === 'resolve')).toMatchObject({ metAt: null });
  });

  it('HEAT_INQUIRY and HEAT_BILLING: answered at once when possible (no answer clock, no callback)', () => {
    for (const c of [C.HEAT_INQUIRY, C.HEAT_BILLING]) {
      const t = bj('2026-12-04T16:00:00');
      expect(plan(c, t)).toMatchObject({ resolveDueAt: null, onSiteDueAt: null, replyDueAt: null });
      expect(callbackPolicy(c, DEFAULT_CALLBACK_CONFIG)).toBe('NONE');
      const r = transition({ id: 'x', status: S.NEW, category: c }, { type: 'ANSWER_AT_ONCE', answer: '已答复' }, { id: 'a', roles: [Role.AGENT] }, t, DEFAULT_LIFECYCLE_CONFIG);
      expect(r.status).toBe(S.CLOSED); // closed as answered (docs/domain.md, Water rules: answered at once)
    }
  });
});

describe('gas utility deadlines (docs/domain.md "Gas utility")', () => {
  it('GAS_ALARM: on site within 30 min', () => {
    const t = bj('2026-10-02T02:00:00'); // a holiday night
    expect(plan(C.GAS_ALARM, t).onSiteDueAt).toEqual(after(t, 30));
  });

  it('GAS_NETWORK_FAULT: an ordinary fault cleared within 4 h, a major one within 24 h (severity picks the row)', () => {
    const t = bj('2026-12-01T10:00:00');
    expect(plan(C.GAS_NETWORK_FAULT, t).resolveDueAt).toEqual(after(t, 4 * 60));
    expect(plan(C.GAS_NETWORK_FAULT, t, { severity: Severity.ORDINARY }).resolveDueAt).toEqual(after(t, 4 * 60));
    expect(plan(C.GAS_NETWORK_FAULT, t, { severity: Severity.MAJOR }).resolveDueAt).toEqual(after(t, 24 * 60));
  });

  it('GAS_APPLIANCE: handled within 6 h, fixed within 24 h', () => {
    const t = bj('2026-12-01T10:00:00');
    expect(plan(C.GAS_APPLIANCE, t)).toMatchObject({ onSiteDueAt: after(t, 6 * 60), resolveDueAt: after(t, 24 * 60) });
  });

  it('GAS_INSTALL: 5 working days counted from the day after the request; requested on the last working day before National Day 2026', () => {
    // 30 Sep is the last working day; 1–7 Oct are holidays; then 8 (1), 9 (2), 10 (Saturday worked in lieu, 3), 12 (4), 13 (5).
    expect(calendar.isWorkingDay('2026-09-30')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    const t = bj('2026-09-30T16:00:00');
    expect(plan(C.GAS_INSTALL, t).resolveDueAt).toEqual(bj('2026-10-13T17:30:00'));
    // Early in the morning of that day the request day still does not count: the same due time.
    expect(plan(C.GAS_INSTALL, bj('2026-09-30T08:00:00')).resolveDueAt).toEqual(bj('2026-10-13T17:30:00'));
  });

  it('GAS_SERVICE: 3 working days counted from the day after the request (a Sunday worked in lieu counts)', () => {
    // Friday 18 Sep 2026; Sunday 20 Sep is a working day in lieu of National Day: 20 (1), 21 (2), 22 (3).
    expect(plan(C.GAS_SERVICE, bj('2026-09-18T16:00:00')).resolveDueAt).toEqual(bj('2026-09-22T17:30:00'));
  });

  it('GAS_INSPECTION: within 3 days of the request', () => {
    const t = bj('2026-12-01T10:00:00');
    expect(plan(C.GAS_INSPECTION, t).resolveDueAt).toEqual(after(t, 3 * 24 * 60));
  });

  it('GAS_COMPLAINT: answered within 48 h (the reply clock), a handling decision within 3 working days', () => {
    const t = bj('2026-09-29T10:00:00'); // Tuesday before National Day
    const p = plan(C.GAS_COMPLAINT, t);
    expect(p.replyDueAt).toEqual(after(t, 48 * 60));
    // 30 Sep (1), then 8 Oct (2), 9 Oct (3).
    expect(p.resolveDueAt).toEqual(bj('2026-10-09T17:30:00'));
    expect(callbackMethod('00000000-0000-4000-8000-0000000000a1', C.GAS_COMPLAINT)).toBe('PHONE');
  });

  it('GAS_INQUIRY and GAS_BILLING: counter work, answered at once', () => {
    for (const c of [C.GAS_INQUIRY, C.GAS_BILLING]) {
      expect(plan(c, bj('2026-12-01T10:00:00'))).toMatchObject({ resolveDueAt: null, replyDueAt: null });
      expect(DEFAULT_LIFECYCLE_CONFIG.answerAtOnceCategories).toContain(c);
    }
  });
});

describe('the engine reads conditions as data', () => {
  it('a severity or season row added to any category applies without code', () => {
    const table: SlaTargetTable = {
      ...DEFAULT_SLA_TARGETS,
      LEAK: [...DEFAULT_SLA_TARGETS.LEAK, { kind: 'onSite', minutes: 20, basis: 'clock', severity: Severity.MAJOR }],
    };
    const t = bj('2026-12-01T10:00:00');
    expect(plan(C.LEAK, t, { severity: Severity.MAJOR }, { ...settings, targets: table }).onSiteDueAt).toEqual(after(t, 20));
    expect(plan(C.LEAK, t, {}, { ...settings, targets: table }).onSiteDueAt).toEqual(after(t, 40));
  });

  it('the most specific row wins; a kind with only conditional rows and none holding has no deadline', () => {
    const rows = [
      { kind: 'onSite' as const, minutes: 120, basis: 'clock' as const },
      { kind: 'onSite' as const, minutes: 300, basis: 'clock' as const, seasonFirstDays: 10 },
      { kind: 'onSite' as const, minutes: 600, basis: 'clock' as const, seasonFirstDays: 3 },
      { kind: 'resolve' as const, minutes: 60, basis: 'clock' as const, severity: Severity.MAJOR },
    ];
    expect(selectTargets(rows, { seasonDay: 1 }).map((t) => t.minutes)).toEqual([600]);
    expect(selectTargets(rows, { seasonDay: 5 }).map((t) => t.minutes)).toEqual([300]);
    expect(selectTargets(rows, { seasonDay: null }).map((t) => t.minutes)).toEqual([120]);
    expect(selectTargets(rows, { seasonDay: null, severity: Severity.MAJOR }).map((t) => `${t.kind}:${t.minutes}`)).toEqual(['onSite:120', 'resolve:60']);
  });
});

function baseOrder(category: C, createdAt: Date): SlaOrder {
  return {
    id: '00000000-0000-4000-8000-0000000000a2', category, status: S.NEW, createdAt,
    dispatchedAt: null, acceptedAt: null, onSiteAt: null, resolvedAt: null, calledBackAt: null, pausedAt: null, reopenedAt: null, revisitResolvedAt: null,
  };
}
