import { WorkingCalendar } from './calendar';
import { slaState } from './sla';
import { levelAt, nextCheckAt, thresholdInstants } from './sla-clock';

const at = (s: string) => new Date(s);

describe('thresholdInstants', () => {
  it('clock target: 50 % and 80 % of the budget, breach strictly after the deadline', () => {
    const start = at('2026-03-02T09:00:00+08:00');
    const due = at('2026-03-02T09:40:00+08:00');
    const i = thresholdInstants(start, due, 'clock');
    expect(i.warnFirstAt).toEqual(at('2026-03-02T09:20:00+08:00'));
    expect(i.warnSecondAt).toEqual(at('2026-03-02T09:32:00+08:00'));
    expect(levelAt(at('2026-03-02T09:19:59+08:00'), i)).toBe('OK');
    expect(levelAt(at('2026-03-02T09:20:00+08:00'), i)).toBe('WARN_50');
    expect(levelAt(at('2026-03-02T09:40:00+08:00'), i)).toBe('WARN_80');
    expect(levelAt(at('2026-03-02T09:40:00.001+08:00'), i)).toBe('BREACHED');
    expect(nextCheckAt('WARN_80', i)).toEqual(at('2026-03-02T09:40:00.001+08:00'));
    expect(nextCheckAt('BREACHED', i)).toBeNull();
  });

  it('skips a closed pause: the warning comes later by the paused time, as slaState sees it', () => {
    const start = at('2026-03-02T09:00:00+08:00');
    const pause = { from: at('2026-03-02T09:10:00+08:00'), to: at('2026-03-02T09:40:00+08:00') };
    const due = at('2026-03-02T10:10:00+08:00'); // 40 min budget + 30 min paused
    const i = thresholdInstants(start, due, 'clock', { pauses: [pause] });
    expect(i.warnFirstAt).toEqual(at('2026-03-02T09:50:00+08:00')); // 10 min before + 10 min after the pause
    expect(slaState(i.warnFirstAt, start, due, [pause]).fraction).toBeCloseTo(0.5, 6);
    expect(slaState(i.warnSecondAt, start, due, [pause]).fraction).toBeCloseTo(0.8, 6);
  });

  it('working target: thresholds in working time, across a weekend', () => {
    const cal = new WorkingCalendar();
    const start = at('2026-03-06T16:30:00+08:00'); // Friday
    const due = cal.addWorkingMinutes(start, 120); // 1 h Friday + 1 h Monday → Mon 09:30
    expect(due).toEqual(at('2026-03-09T09:30:00+08:00'));
    const i = thresholdInstants(start, due, 'working', { calendar: cal });
    expect(i.warnFirstAt).toEqual(at('2026-03-06T17:30:00+08:00'));
    expect(i.warnSecondAt).toEqual(at('2026-03-09T09:06:00+08:00'));
    expect(slaState(i.warnSecondAt, start, due, [], { basis: 'working', calendar: cal }).level).toBe('WARN_80');
  });
});
