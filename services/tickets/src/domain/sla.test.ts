import { WorkingCalendar } from './calendar';
import { DEFAULT_SLA_TARGETS, validateSlaTargets, slaTargetRows } from './defaults';
import { Category, WorkOrderStatus } from './enums';
import { DomainError } from './errors';
import { applyApprovedExtension, computeDeadlines, pausesFromHistory, slaState, validateExtensionRequest } from './sla';

const cal = new WorkingCalendar();
const bj = (s: string) => new Date(`${s}+08:00`);
const NOW = bj('2025-06-20T00:00:00');

describe('default SLA targets', () => {
  it('are well-formed and cover every category', () => {
    expect(() => validateSlaTargets(DEFAULT_SLA_TARGETS)).not.toThrow();
    const rows = slaTargetRows();
    expect(rows.find((r) => r.category === Category.COMPLAINT && r.kind === 'resolve')).toMatchObject({ workingDays: 3, basis: 'working' });
    expect(rows.filter((r) => r.category === Category.INQUIRY).map((r) => r.kind)).toEqual(['dispatch', 'accept']);
  });
  it('rejects a target with both minutes and workingDays, naming it', () => {
    const bad = { ...DEFAULT_SLA_TARGETS, LEAK: [{ kind: 'resolve' as const, minutes: 5, workingDays: 1, basis: 'working' as const }] };
    expect(() => validateSlaTargets(bad)).toThrow(/LEAK\[0\]/);
  });
});

describe('computeDeadlines', () => {
  it('burst: dispatch 5 min, on site 40 min, repair 24 h from the report; accept 20 min from dispatch', () => {
    const d = computeDeadlines({ category: Category.BURST, createdAt: bj('2025-06-13T10:00:00') }, DEFAULT_SLA_TARGETS, cal, NOW);
    expect(d.dispatchDueAt).toEqual(bj('2025-06-13T10:05:00'));
    expect(d.onSiteDueAt).toEqual(bj('2025-06-13T10:40:00'));
    expect(d.resolveDueAt).toEqual(bj('2025-06-14T10:00:00'));
    expect(d.acceptDueAt).toBeUndefined();
    expect(d.callbackDueAt).toBeUndefined();
    const d2 = computeDeadlines(
      { category: Category.BURST, createdAt: bj('2025-06-13T10:00:00'), dispatchedAt: bj('2025-06-13T10:03:00'), resolvedAt: bj('2025-06-13T18:00:00') },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(d2.acceptDueAt).toEqual(bj('2025-06-13T10:23:00'));
    expect(d2.callbackDueAt).toEqual(bj('2025-06-16T18:00:00'));
  });

  it('a reopened order owes a revisit: the resolve target again from the reopening; the first resolve deadline stays', () => {
    const leak = { category: Category.LEAK, createdAt: bj('2025-06-13T10:00:00'), dispatchedAt: bj('2025-06-13T10:02:00'), resolvedAt: bj('2025-06-13T16:00:00') };
    expect(computeDeadlines(leak, DEFAULT_SLA_TARGETS, cal, NOW).revisitDueAt).toBeUndefined();
    const reopened = { ...leak, calledBackAt: bj('2025-06-14T09:00:00'), reopenedAt: bj('2025-06-14T09:00:00') };
    const d = computeDeadlines(reopened, DEFAULT_SLA_TARGETS, cal, NOW);
    expect(d.resolveDueAt).toEqual(bj('2025-06-14T10:00:00')); // first resolution judged against the first deadline
    expect(d.revisitDueAt).toEqual(bj('2025-06-15T09:00:00')); // LEAK: 24 h, from the reopening
    // A customer pause during the revisit moves only the revisit; one before the reopening moves nothing.
    const paused = computeDeadlines(
      { ...reopened, pauses: [{ from: bj('2025-06-13T11:00:00'), to: bj('2025-06-13T11:30:00') }, { from: bj('2025-06-14T12:00:00'), to: bj('2025-06-14T14:00:00') }] },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(paused.revisitDueAt).toEqual(bj('2025-06-15T11:00:00'));
    expect(paused.resolveDueAt).toEqual(bj('2025-06-14T10:30:00'));
    // An approved extension asked during the revisit replaces the revisit deadline, not the first one.
    const extended = computeDeadlines(
      { ...reopened, extensions: [{ requestedAt: bj('2025-06-14T20:00:00'), newDueAt: bj('2025-06-16T12:00:00'), approved: true }] },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(extended.revisitDueAt).toEqual(bj('2025-06-16T12:00:00'));
    expect(extended.resolveDueAt).toEqual(bj('2025-06-14T10:00:00'));
    // Complaints: working days from the reopening (Friday 16:00 → end of the 3rd working day, Wednesday).
    const complaint = computeDeadlines(
      { category: Category.COMPLAINT, createdAt: bj('2025-06-09T10:00:00'), dispatchedAt: bj('2025-06-09T10:01:00'), resolvedAt: bj('2025-06-10T10:00:00'), reopenedAt: bj('2025-06-13T16:00:00') },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(complaint.revisitDueAt).toEqual(bj('2025-06-18T17:30:00'));
  });

  it('complaint acceptance is 1 h from the report, not from the dispatch; decision by the end of the 3rd working day', () => {
    const d = computeDeadlines(
      { category: Category.COMPLAINT, createdAt: bj('2025-06-13T10:00:00'), dispatchedAt: bj('2025-06-13T10:04:00') },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(d.acceptDueAt).toEqual(bj('2025-06-13T11:00:00'));
    expect(d.resolveDueAt).toEqual(bj('2025-06-18T17:30:00'));
    expect(d.onSiteDueAt).toBeUndefined();
  });

  it('a customer pause moves the deadlines still running, by the paused clock time', () => {
    const d = computeDeadlines(
      {
        category: Category.LEAK,
        createdAt: bj('2025-06-13T10:00:00'),
        pauses: [{ from: bj('2025-06-13T10:20:00'), to: bj('2025-06-13T10:50:00') }],
      },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(d.dispatchDueAt).toEqual(bj('2025-06-13T10:05:00')); // pause began after it: unchanged
    expect(d.onSiteDueAt).toEqual(bj('2025-06-13T11:10:00'));
    expect(d.resolveDueAt).toEqual(bj('2025-06-14T10:30:00'));
  });

  it('a pause after the target was met, or after its deadline, moves nothing', () => {
    const d = computeDeadlines(
      {
        category: Category.LEAK,
        createdAt: bj('2025-06-13T10:00:00'),
        onSiteAt: bj('2025-06-13T10:30:00'),
        pauses: [{ from: bj('2025-06-13T11:00:00'), to: bj('2025-06-13T12:00:00') }],
      },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(d.onSiteDueAt).toEqual(bj('2025-06-13T10:40:00'));
    expect(d.resolveDueAt).toEqual(bj('2025-06-14T11:00:00'));
    const late = computeDeadlines(
      { category: Category.LEAK, createdAt: bj('2025-06-13T10:00:00'), pauses: [{ from: bj('2025-06-13T11:00:00'), to: bj('2025-06-13T12:00:00') }] },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(late.onSiteDueAt).toEqual(bj('2025-06-13T10:40:00'));
  });

  it('working-day targets shift by paused working time only', () => {
    // Mon 16:30 → Tue 09:30 = 60 + 60 working minutes; Wed 17:30 + 120 → Thu 10:30
    const d = computeDeadlines(
      {
        category: Category.COMPLAINT,
        createdAt: bj('2025-06-13T10:00:00'),
        pauses: [{ from: bj('2025-06-16T16:30:00'), to: bj('2025-06-17T09:30:00') }],
      },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(d.resolveDueAt).toEqual(bj('2025-06-19T10:30:00'));
  });

  it('an open pause counts up to now', () => {
    const d = computeDeadlines(
      { category: Category.MAINS_PRESSURE, createdAt: bj('2025-06-13T10:00:00'), pauses: [{ from: bj('2025-06-13T11:00:00') }] },
      DEFAULT_SLA_TARGETS, cal, bj('2025-06-13T12:15:00'),
    );
    expect(d.resolveDueAt).toEqual(bj('2025-06-13T15:15:00'));
  });

  it('an approved extension replaces the resolve deadline; a late request is an SLA_RULE error', () => {
    const base = { category: Category.BILLING, createdAt: bj('2025-06-13T10:00:00') };
    const ok = computeDeadlines(
      { ...base, extensions: [{ requestedAt: bj('2025-06-14T09:00:00'), newDueAt: bj('2025-06-16T10:00:00'), approved: true }] },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(ok.resolveDueAt).toEqual(bj('2025-06-16T10:00:00'));
    const rejected = computeDeadlines(
      { ...base, extensions: [{ requestedAt: bj('2025-06-14T09:00:00'), newDueAt: bj('2025-06-16T10:00:00'), approved: false }] },
      DEFAULT_SLA_TARGETS, cal, NOW,
    );
    expect(rejected.resolveDueAt).toEqual(bj('2025-06-14T10:00:00'));
    expect(() =>
      computeDeadlines(
        { ...base, extensions: [{ requestedAt: bj('2025-06-14T10:00:00'), newDueAt: bj('2025-06-16T10:00:00'), approved: true }] },
        DEFAULT_SLA_TARGETS, cal, NOW,
      ),
    ).toThrow(expect.objectContaining({ code: 'SLA_RULE' }));
  });

  it('validateExtensionRequest / applyApprovedExtension', () => {
    const due = bj('2025-06-14T10:00:00');
    const req = { requestedAt: bj('2025-06-14T09:59:00'), newDueAt: bj('2025-06-15T10:00:00'), reason: '需其他单位停水 / another unit must shut water' };
    expect(applyApprovedExtension({ resolveDueAt: due }, req).resolveDueAt).toEqual(req.newDueAt);
    expect(() => validateExtensionRequest(due, { ...req, requestedAt: due })).toThrow(expect.objectContaining({ code: 'SLA_RULE' }));
    expect(() => validateExtensionRequest(due, { ...req, reason: ' ' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => validateExtensionRequest(due, { ...req, newDueAt: due })).toThrow(DomainError);
  });
});

describe('pausesFromHistory', () => {
  it('pairs WAITING_CUSTOMER spans, leaving the last one open', () => {
    const p = pausesFromHistory([
      { status: WorkOrderStatus.ACCEPTED, at: bj('2025-06-13T10:10:00') },
      { status: WorkOrderStatus.WAITING_CUSTOMER, at: bj('2025-06-13T10:20:00') },
      { status: WorkOrderStatus.ACCEPTED, at: bj('2025-06-13T10:50:00') },
      { status: WorkOrderStatus.WAITING_CUSTOMER, at: bj('2025-06-13T11:00:00') },
    ]);
    expect(p).toEqual([{ from: bj('2025-06-13T10:20:00'), to: bj('2025-06-13T10:50:00') }, { from: bj('2025-06-13T11:00:00') }]);
  });
});

describe('slaState', () => {
  const start = bj('2025-06-13T10:00:00');
  const due = bj('2025-06-13T10:40:00');
  it('raises warnings at 50 % and 80 % and breaches only after the deadline', () => {
    expect(slaState(bj('2025-06-13T10:19:00'), start, due).level).toBe('OK');
    expect(slaState(bj('2025-06-13T10:20:00'), start, due)).toMatchObject({ level: 'WARN_50', fraction: 0.5, remainingMinutes: 20 });
    expect(slaState(bj('2025-06-13T10:32:00'), start, due).level).toBe('WARN_80');
    expect(slaState(due, start, due).level).toBe('WARN_80');
    expect(slaState(bj('2025-06-13T10:41:00'), start, due)).toMatchObject({ level: 'BREACHED', remainingMinutes: -1 });
  });
  it('excludes paused time and honours custom thresholds', () => {
    const pauses = [{ from: bj('2025-06-13T10:10:00'), to: bj('2025-06-13T10:30:00') }];
    const s = slaState(bj('2025-06-13T10:35:00'), start, bj('2025-06-13T11:00:00'), pauses);
    expect(s.fraction).toBeCloseTo(15 / 40);
    expect(s.level).toBe('OK');
    expect(slaState(bj('2025-06-13T10:35:00'), start, bj('2025-06-13T11:00:00'), pauses, { thresholds: { warnFirst: 0.3, warnSecond: 0.9 } }).level).toBe('WARN_50');
  });
  it('measures working-basis budgets in working time', () => {
    // Fri 17:00 start, due Mon 10:00 = 30 + 90 = 120 working minutes; at Mon 09:00 60 used
    const s = slaState(bj('2025-06-16T09:00:00'), bj('2025-06-13T17:00:00'), bj('2025-06-16T10:00:00'), [], { basis: 'working', calendar: cal });
    expect(s.fraction).toBeCloseTo(0.5);
    expect(s.remainingMinutes).toBe(60);
  });
});
