import { WorkingCalendar } from './calendar';
import { DEFAULT_COMPENSATION_RULES } from './defaults';
import { Category } from './enums';
import { CONNECTION_STAGES } from './connection-stages';
import {
  callbackContact, checkStageCompletion, connectionSchedule, ConnectionFacts, DEFAULT_CONNECTION_RULES, largeDesign, planConnection,
} from './new-connection';
import { DEFAULT_SLA_THRESHOLDS } from './sla';

const cal = new WorkingCalendar();
const bj = (s: string) => new Date(`2026-${s}+08:00`);
const DAY = 86_400_000;
const app = (o: Partial<ConnectionFacts> = {}): ConnectionFacts => ({
  orderId: '00000000-0000-4000-8000-00000000000a', category: Category.NEW_CONNECTION, documentsCompleteAt: bj('03-02T10:00:00'),
  mainDiameterMm: null, tapMainDiameterMm: null, done: {}, ...o,
});
const stage = (f: ConnectionFacts, s: string, rules = DEFAULT_CONNECTION_RULES) => connectionSchedule(f, cal, rules).find((x) => x.stage === s)!;
function refused(fn: () => unknown): { code: string; argument?: unknown } {
  try {
    fn();
  } catch (e) {
    const err = e as { code: string; details: Record<string, unknown> };
    return { code: err.code, argument: err.details?.argument };
  }
  throw new Error('expected a refusal');
}

describe('new-connection stages, each with its own clock', () => {
  it('the answer is due the same working day (after hours: the next working day); some utilities allow 1 day', () => {
    expect(stage(app(), 'answer').dueAt).toEqual(bj('03-02T17:30:00')); // Monday
    expect(stage(app({ documentsCompleteAt: bj('03-02T19:00:00') }), 'answer').dueAt).toEqual(bj('03-03T17:30:00'));
    expect(stage(app({ documentsCompleteAt: bj('03-06T16:00:00') }), 'answer', { ...DEFAULT_CONNECTION_RULES, answerWorkingDays: 1 }).dueAt).toEqual(bj('03-09T17:30:00')); // Friday → Monday
    // Not complete yet: no clock.
    expect(stage(app({ documentsCompleteAt: null }), 'answer')).toMatchObject({ startedAt: null, dueAt: null });
  });

  it('site survey within 2 days of complete documents; design within 5 days of the survey', () => {
    expect(stage(app(), 'survey')).toMatchObject({ startedAt: bj('03-02T10:00:00'), dueAt: new Date(bj('03-02T10:00:00').getTime() + 2 * DAY) });
    const surveyed = app({ done: { answer: bj('03-02T11:00:00'), survey: bj('03-03T15:00:00') } });
    expect(stage(surveyed, 'design')).toMatchObject({ startedAt: bj('03-03T15:00:00'), dueAt: new Date(bj('03-03T15:00:00').getTime() + 5 * DAY) });
    expect(stage(app(), 'design').startedAt).toBeNull(); // waits for the survey
  });

  it('design +3 days for a main above DN200 or a tap on a main above DN500', () => {
    const done = { answer: bj('03-02T11:00:00'), survey: bj('03-03T15:00:00') };
    const design = (o: Partial<ConnectionFacts>) => stage(app({ done, ...o }), 'design').dueAt!.getTime() - bj('03-03T15:00:00').getTime();
    expect(design({ mainDiameterMm: 200 })).toBe(5 * DAY);
    expect(design({ mainDiameterMm: 250 })).toBe(8 * DAY);
    expect(design({ tapMainDiameterMm: 500 })).toBe(5 * DAY);
    expect(design({ tapMainDiameterMm: 600 })).toBe(8 * DAY);
    expect(largeDesign({ mainDiameterMm: 100, tapMainDiameterMm: 800 })).toBe(true);
  });

  it('the later stages run one after the other; deadlines only where the utility sets them', () => {
    const done = { answer: bj('03-02T11:00:00'), survey: bj('03-03T15:00:00'), design: bj('03-05T10:00:00'), fee: bj('03-06T10:00:00') };
    expect(stage(app({ done }), 'works')).toMatchObject({ startedAt: bj('03-06T10:00:00'), dueAt: null });
    expect(stage(app({ done }), 'works', { ...DEFAULT_CONNECTION_RULES, otherDays: { works: 30 } }).dueAt).toEqual(new Date(bj('03-06T10:00:00').getTime() + 30 * DAY));
    expect(stage(app({ done }), 'acceptance').startedAt).toBeNull();
    expect(connectionSchedule(app(), cal).map((s) => s.stage)).toEqual([...CONNECTION_STAGES]);
  });

  it('stages are recorded in order, after complete documents; acceptance needs flushing and a water-quality report', () => {
    expect(refused(() => checkStageCompletion(app({ documentsCompleteAt: null }), { stage: 'answer' })).code).toBe('CONFLICT');
    expect(refused(() => checkStageCompletion(app(), { stage: 'survey' })).code).toBe('CONFLICT');
    expect(() => checkStageCompletion(app(), { stage: 'answer' })).not.toThrow();
    expect(refused(() => checkStageCompletion(app({ done: { answer: bj('03-02T11:00:00') } }), { stage: 'answer' })).code).toBe('CONFLICT');
    const works = app({ done: Object.fromEntries(CONNECTION_STAGES.slice(0, 5).map((s) => [s, bj('03-06T10:00:00')])) });
    expect(refused(() => checkStageCompletion(works, { stage: 'acceptance', waterQualityReport: 'WQ-2026-031' }))).toEqual({ code: 'INVALID_INPUT', argument: 'flushed' });
    expect(refused(() => checkStageCompletion(works, { stage: 'acceptance', flushed: true }))).toEqual({ code: 'INVALID_INPUT', argument: 'waterQualityReport' });
    expect(() => checkStageCompletion(works, { stage: 'acceptance', flushed: true, waterQualityReport: 'WQ-2026-031' })).not.toThrow();
  });

  it('late answers accrue 20 CNY per started day (LATE_REPLY), provisional while unanswered once the clock has breached', () => {
    const s = { calendar: cal, thresholds: DEFAULT_SLA_THRESHOLDS, rules: DEFAULT_CONNECTION_RULES, compensationRules: DEFAULT_COMPENSATION_RULES };
    const open = planConnection(app(), bj('03-03T09:00:00'), new Map(), s);
    expect(open.clocks.map((c) => c.kind)).toEqual(['answer', 'survey']);
    expect(open.compensation.upserts).toEqual([]); // not yet breached by the scheduler
    const breached = planConnection(app(), bj('03-03T09:00:00'), new Map([['answer', 3]]), s);
    expect(breached.compensation.upserts).toEqual([expect.objectContaining({ ruleId: 'LATE_REPLY', target: 'answer', amountCny: 20, units: 1, provisional: true, payee: 'CUSTOMER' })]);
    // Answered 2 days and 1 hour late: 3 started days.
    const late = planConnection(app({ done: { answer: bj('03-04T18:30:00') } }), bj('03-05T09:00:00'), new Map([['answer', 3]]), s);
    expect(late.compensation.upserts).toEqual([expect.objectContaining({ ruleId: 'LATE_REPLY', amountCny: 60, units: 3, provisional: false })]);
    expect(late.clocks.find((c) => c.kind === 'answer')).toMatchObject({ metAt: bj('03-04T18:30:00'), nextAt: null, level: 3 });
    const onTime = planConnection(app({ done: { answer: bj('03-02T17:00:00') } }), bj('03-05T09:00:00'), new Map(), s);
    expect(onTime.compensation.upserts).toEqual([]);
  });

  it('a group job’s callback goes to its representative', () => {
    expect(callbackContact(true)).toBe('REPRESENTATIVE');
    expect(callbackContact(false)).toBe('REPORTER');
  });
});
