// New-connection applications (接水/报装), docs/domain.md "Processes beyond repairs (water)": a job of
// stages, each with its own clock: answer (the same working day, some utilities 1 day), site survey
// within 2 days of complete documents, design within 5 days (+3 for mains above DN200 or a tap on a main
// above DN500), then fee, works, acceptance (flushing and a water-quality report), meter test, supply
// contract and water on. Stage names are also the clock kinds and compensation targets (LATE_REPLY is
// the answer's). Pure, over plain data, with `now` passed in.
import { WorkingCalendar } from './calendar';
import { computeCompensation } from './compensation';
import { CompensationRule } from './defaults';
import { Category } from './enums';
import { DomainError, invalidInput } from './errors';
import { LEVEL_BY_CODE, LEVEL_CODES, levelAt, nextCheckAt, thresholdInstants } from './sla-clock';
import type { PlannedClock, PlannedCompensation, SlaPlan } from './sla-plan';
import { SlaThresholds } from './sla';

import { CONNECTION_STAGES, ConnectionStage, isConnectionStage } from './connection-stages';

/** The categories that are new-connection jobs (their stages replace the resolve target). */
export const CONNECTION_CATEGORIES: readonly Category[] = [Category.NEW_CONNECTION];

const DAY = 24 * 60;

export interface ConnectionRules {
  /** The answer: by the end of this many working days after the documents are complete (0: the same working day). */
  answerWorkingDays: number;
  /** Site survey: days (clock) after the documents are complete. */
  surveyDays: number;
  /** Design: days after the survey, plus `designExtraDays` for a main above `largeMainDn` or a tap on a main above `largeTapMainDn`. */
  designDays: number;
  designExtraDays: number;
  largeMainDn: number;
  largeTapMainDn: number;
  /** Deadlines (days after the stage before) for the later stages; no published figure, so none by default. */
  otherDays: Partial<Record<ConnectionStage, number>>;
}

export const DEFAULT_CONNECTION_RULES: ConnectionRules = {
  answerWorkingDays: 0,
  surveyDays: 2,
  designDays: 5,
  designExtraDays: 3,
  largeMainDn: 200,
  largeTapMainDn: 500,
  otherDays: {},
};

/** What an application's clocks are computed from. */
export interface ConnectionFacts {
  orderId: string;
  category: Category;
  /** When the application's documents were complete (null while they are not): the answer and the survey run from it. */
  documentsCompleteAt: Date | null;
  /** Diameter (DN, mm) of the main to be laid, and of the main to be tapped. */
  mainDiameterMm: number | null;
  tapMainDiameterMm: number | null;
  /** When each stage was done. */
  done: Partial<Record<ConnectionStage, Date>>;
}

export interface StageSchedule {
  stage: ConnectionStage;
  /** When the stage's clock started (null: not yet — the stage before is not done, or the documents are not complete). */
  startedAt: Date | null;
  /** Its deadline (null: no deadline for this stage). */
  dueAt: Date | null;
  doneAt: Date | null;
  basis: 'clock' | 'working';
}

/** Whether the design needs the extra days: a main above DN200 or a tap on a main above DN500 (defaults). */
export function largeDesign(f: Pick<ConnectionFacts, 'mainDiameterMm' | 'tapMainDiameterMm'>, r: ConnectionRules = DEFAULT_CONNECTION_RULES): boolean {
  return (f.mainDiameterMm ?? 0) > r.largeMainDn || (f.tapMainDiameterMm ?? 0) > r.largeTapMainDn;
}

/** Each stage's start, deadline and completion. */
export function connectionSchedule(f: ConnectionFacts, calendar: WorkingCalendar, r: ConnectionRules = DEFAULT_CONNECTION_RULES): StageSchedule[] {
  const addDays = (from: Date, days: number) => new Date(from.getTime() + days * DAY * 60_000);
  return CONNECTION_STAGES.map((stage, i) => {
    const prev = i === 0 ? null : CONNECTION_STAGES[i - 1];
    // The answer and the survey run from complete documents; every later stage from the one before it.
    const startedAt = stage === 'answer' || stage === 'survey' ? f.documentsCompleteAt : (prev && f.done[prev]) ?? null;
    let dueAt: Date | null = null;
    let basis: StageSchedule['basis'] = 'clock';
    if (startedAt) {
      if (stage === 'answer') {
        dueAt = calendar.addWorkingDays(startedAt, r.answerWorkingDays);
        basis = 'working';
      } else if (stage === 'survey') dueAt = addDays(startedAt, r.surveyDays);
      else if (stage === 'design') dueAt = addDays(startedAt, r.designDays + (largeDesign(f, r) ? r.designExtraDays : 0));
      else if (r.otherDays[stage] !== undefined) dueAt = addDays(startedAt, r.otherDays[stage] as number);
    }
    return { stage, startedAt, dueAt, doneAt: f.done[stage] ?? null, basis };
  });
}

/** What a stage's completion needs: acceptance needs flushing and a water-quality report. */
export interface StageCompletion {
  stage: ConnectionStage;
  note?: string | null;
  flushed?: boolean | null;
  waterQualityReport?: string | null;
}

/**
 * Checks that `c.stage` may be recorded now: the documents are complete, every stage before it is done,
 * it is not done yet, and acceptance carries flushing and a water-quality report. CONFLICT for the
 * order of things, INVALID_INPUT naming the missing field.
 */
export function checkStageCompletion(f: ConnectionFacts, c: StageCompletion): void {
  if (!isConnectionStage(c.stage)) throw invalidInput(`未知报装环节 / unknown stage ${String(c.stage)}`, { argument: 'stage' });
  if (!f.documentsCompleteAt) {
    throw new DomainError('CONFLICT', '申请资料尚未齐全 / the application’s documents are not complete yet (recordConnectionDocuments)', { orderId: f.orderId, stage: c.stage });
  }
  if (f.done[c.stage]) throw new DomainError('CONFLICT', `环节 ${c.stage} 已完成 / stage ${c.stage} is done already`, { orderId: f.orderId, stage: c.stage });
  const i = CONNECTION_STAGES.indexOf(c.stage);
  const missing = CONNECTION_STAGES.slice(0, i).filter((s) => !f.done[s]);
  if (missing.length) {
    throw new DomainError('CONFLICT', `须先完成 ${missing.join(', ')} / ${missing.join(', ')} must be done first`, { orderId: f.orderId, stage: c.stage, missing });
  }
  if (c.stage === 'acceptance') {
    if (c.flushed !== true) throw invalidInput('验收须完成管道冲洗 / acceptance needs the pipes flushed (flushed: true)', { argument: 'flushed' });
    if (!c.waterQualityReport?.trim()) throw invalidInput('验收须附水质检测报告 / acceptance needs the water-quality report', { argument: 'waterQualityReport' });
  }
}

/** The clocks of an application's stages (those with a start and a deadline) and the compensation its deadline rules owe. */
export function planConnection(
  f: ConnectionFacts,
  now: Date,
  clockLevels: Map<string, number>,
  s: { calendar: WorkingCalendar; thresholds: SlaThresholds; rules: ConnectionRules; compensationRules: CompensationRule[] },
): { clocks: PlannedClock[]; compensation: { upserts: PlannedCompensation[]; keep: string[] } } {
  const schedule = connectionSchedule(f, s.calendar, s.rules);
  const clocks: PlannedClock[] = [];
  for (const st of schedule) {
    if (!st.startedAt || !st.dueAt) continue;
    const thr = thresholdInstants(st.startedAt, st.dueAt, st.basis, { calendar: s.calendar, thresholds: s.thresholds });
    const old = clockLevels.get(st.stage);
    const level = Math.min(old ?? 0, LEVEL_CODES[levelAt(now, thr)]);
    const met = st.doneAt;
    clocks.push({
      orderId: f.orderId, kind: st.stage, basis: st.basis, startedAt: st.startedAt, dueAt: st.dueAt, warn1At: thr.warnFirstAt, warn2At: thr.warnSecondAt,
      level: met ? old ?? 0 : level, nextAt: met ? null : nextCheckAt(LEVEL_BY_CODE[level], thr), metAt: met,
    });
  }
  const due: Record<string, Date> = {};
  const done: Record<string, Date> = {};
  for (const st of schedule) {
    if (st.dueAt) due[st.stage] = st.dueAt;
    if (st.doneAt) done[st.stage] = st.doneAt;
  }
  const breached = new Set(clocks.filter((c) => c.level === 3).map((c) => c.kind));
  const out = { upserts: [] as PlannedCompensation[], keep: [] as string[] };
  for (const rec of computeCompensation({ orderId: f.orderId, category: f.category, due, done }, now, s.compensationRules)) {
    const rule = s.compensationRules.find((x) => x.id === rec.ruleId);
    if (!rule?.target || !isConnectionStage(rule.target)) continue; // the SLA kinds' rules are planSla's
    // While the stage is open, the sweep's proposal is kept once its clock has breached (as for SLA targets).
    if (rec.provisional && !breached.has(rule.target)) continue;
    out.keep.push(rec.ruleId);
    out.upserts.push({ ruleId: rec.ruleId, target: rule.target, amountCny: rec.amountCny, units: rec.units, provisional: rec.provisional, payee: rec.payee, reason: rec.reason });
  }
  return { clocks, compensation: out };
}

/** An order's plan with its application's stages added: their clocks, the breached flag over all of them, and their compensation. */
export function withConnection(plan: SlaPlan, c: ReturnType<typeof planConnection>): SlaPlan {
  const clocks = [...plan.clocks, ...c.clocks];
  return {
    patch: { ...plan.patch, breached: clocks.some((k) => k.level === 3 && k.metAt === null) },
    clocks,
    compensation: plan.compensation
      ? { upserts: [...plan.compensation.upserts, ...c.compensation.upserts], keep: [...plan.compensation.keep, ...c.compensation.keep] }
      : null,
  };
}

/** docs/domain.md: a group job's callback goes to its representative. */
export function callbackContact(groupJob: boolean): 'REPORTER' | 'REPRESENTATIVE' {
  return groupJob ? 'REPRESENTATIVE' : 'REPORTER';
}
