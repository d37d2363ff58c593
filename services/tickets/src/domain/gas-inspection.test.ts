import {
  byInspectionPriority, checkInspectionResult, DEFAULT_INSPECTION_SCHEDULE, festivalAfter, hazardDaysOverdue, hazardEffects, InspectionScheduleConfig,
  inspectionCoverage, inspectionDue, lastInspectionAsOf, PrioritizedDue,
} from './gas-inspection';

const cfg = DEFAULT_INSPECTION_SCHEDULE;
const residential = (last: string | null) => ({ customerType: 'RESIDENTIAL' as const, lastInspectedOn: last });
const publicBuilding = (last: string | null) => ({ customerType: 'PUBLIC_BUILDING' as const, lastInspectedOn: last });

describe('interval schedules (residential yearly, configurable to 2 years; non-residential yearly)', () => {
  it('a household inspected on 2025-06-10 is due by 2026-06-10, listed 30 days ahead, late after', () => {
    expect(inspectionDue(residential('2025-06-10'), '2026-05-10', cfg)).toMatchObject({ status: 'NOT_DUE', dueBy: '2026-06-10', dueFrom: '2026-05-11' });
    expect(inspectionDue(residential('2025-06-10'), '2026-05-11', cfg)).toMatchObject({ status: 'DUE', daysOverdue: 0 });
    expect(inspectionDue(residential('2025-06-10'), '2026-06-10', cfg)).toMatchObject({ status: 'DUE', daysOverdue: 0 });
    expect(inspectionDue(residential('2025-06-10'), '2026-07-01', cfg)).toMatchObject({ status: 'OVERDUE', dueBy: '2026-06-10', daysOverdue: 21 });
  });

  it('every 2 years when the utility spreads residential inspections to the regulation floor', () => {
    const two: InspectionScheduleConfig = { ...cfg, rules: { ...cfg.rules, RESIDENTIAL: { every: 'MONTHS', months: 24 } } };
    expect(inspectionDue(residential('2025-06-10'), '2026-07-01', two)).toMatchObject({ status: 'NOT_DUE', dueBy: '2027-06-10' });
    // commercial stays yearly whatever the residential interval
    expect(inspectionDue({ customerType: 'COMMERCIAL', lastInspectedOn: '2025-06-10' }, '2026-07-01', two)).toMatchObject({ status: 'OVERDUE', daysOverdue: 21 });
  });

  it('a month end rolls to the shorter month’s last day; a never-inspected point is due at once', () => {
    expect(inspectionDue({ customerType: 'INDUSTRIAL', lastInspectedOn: '2023-02-28' }, '2024-01-01', { ...cfg, rules: { ...cfg.rules, INDUSTRIAL: { every: 'MONTHS', months: 12 } } }).dueBy).toBe('2024-02-28');
    expect(inspectionDue({ customerType: 'OTHER', lastInspectedOn: '2024-02-29' }, '2025-01-01', cfg).dueBy).toBe('2025-02-28');
    expect(inspectionDue(residential(null), '2026-03-04', cfg)).toEqual({ status: 'DUE', dueFrom: '2026-03-04', dueBy: '2026-03-04', daysOverdue: 0, festival: null, neverInspected: true });
  });
});

describe('public buildings: once before each Spring Festival, Labour Day and National Day', () => {
  it('the next festival follows the moving Spring Festival (2026-02-17, 2027-02-06, 2028-01-26)', () => {
    expect(festivalAfter('2026-01-10', cfg)).toMatchObject({ festival: 'SPRING_FESTIVAL', on: '2026-02-17' });
    expect(festivalAfter('2026-02-17', cfg)).toMatchObject({ festival: 'LABOUR_DAY', on: '2026-05-01' });
    expect(festivalAfter('2026-05-01', cfg)).toMatchObject({ festival: 'NATIONAL_DAY', on: '2026-10-01' });
    expect(festivalAfter('2026-10-01', cfg)).toMatchObject({ festival: 'SPRING_FESTIVAL', year: 2027, on: '2027-02-06' });
    expect(festivalAfter('2027-12-31', cfg)).toMatchObject({ festival: 'SPRING_FESTIVAL', on: '2028-01-26' });
  });

  it('inspected after Labour Day: nothing due until National Day has passed', () => {
    expect(inspectionDue(publicBuilding('2026-06-15'), '2026-09-20', cfg)).toMatchObject({ status: 'NOT_DUE', dueFrom: '2026-10-01', dueBy: '2027-02-05', festival: 'SPRING_FESTIVAL' });
  });

  it('inspected before the Spring Festival but not since: due by the eve of Labour Day', () => {
    expect(inspectionDue(publicBuilding('2026-02-01'), '2026-04-20', cfg)).toEqual({
      status: 'DUE', dueFrom: '2026-02-17', dueBy: '2026-04-30', daysOverdue: 0, festival: 'LABOUR_DAY', neverInspected: false,
    });
  });

  it('a window missed is late from its festival’s eve on', () => {
    // Last seen before National Day 2025; the Spring Festival 2026 window passed without an inspection.
    expect(inspectionDue(publicBuilding('2025-09-01'), '2026-03-01', cfg)).toMatchObject({ status: 'OVERDUE', dueBy: '2026-02-16', daysOverdue: 13, festival: 'SPRING_FESTIVAL' });
  });

  it('an inspection on the festival day itself counts for the next window', () => {
    expect(inspectionDue(publicBuilding('2026-05-01'), '2026-06-01', cfg).status).toBe('NOT_DUE');
    expect(inspectionDue(publicBuilding('2026-04-30'), '2026-06-01', cfg)).toMatchObject({ status: 'DUE', dueBy: '2026-09-30' });
  });

  it('a year whose Spring Festival is not configured is refused naming the argument and the setting', () => {
    expect(() => inspectionDue(residential('2028-03-01'), '2028-11-01', cfg, 'asOf')).not.toThrow(); // households do not need it
    expect(inspectionDue(publicBuilding('2028-06-01'), '2028-09-01', cfg)).toMatchObject({ status: 'NOT_DUE', dueFrom: '2028-10-01', dueBy: null });
    expect(() => inspectionDue(publicBuilding('2028-03-01'), '2028-11-01', cfg, 'asOf')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', details: expect.objectContaining({ field: 'asOf', setting: 'SPRING_FESTIVAL_DATES', year: 2029 }) }),
    );
    const more: InspectionScheduleConfig = { ...cfg, springFestival: { ...cfg.springFestival, 2029: '2029-02-13' } };
    expect(inspectionDue(publicBuilding('2028-06-01'), '2028-11-01', more)).toMatchObject({ status: 'DUE', dueBy: '2029-02-12' });
    expect(inspectionDue(publicBuilding('2028-03-01'), '2028-11-01', more)).toMatchObject({ status: 'OVERDUE', dueBy: '2028-09-30', daysOverdue: 32 });
  });
});

describe('priority and the last known inspection', () => {
  it('vulnerable users first, then the latest, never-inspected, the earliest due', () => {
    const d = (id: string, o: Partial<PrioritizedDue>): PrioritizedDue => ({ servicePointId: id, vulnerable: false, status: 'DUE', daysOverdue: 0, dueBy: '2026-06-01', neverInspected: false, ...o });
    const list = [
      d('a', { status: 'OVERDUE', daysOverdue: 40 }),
      d('b', { vulnerable: true, dueBy: '2026-06-20' }),
      d('c', { neverInspected: true, dueBy: '2026-05-01' }),
      d('d', { status: 'OVERDUE', daysOverdue: 90 }),
      d('e', { dueBy: '2026-05-20' }),
      d('f', { vulnerable: true, status: 'OVERDUE', daysOverdue: 1 }),
    ];
    expect([...list].sort(byInspectionPriority).map((x) => x.servicePointId)).toEqual(['f', 'b', 'd', 'a', 'c', 'e']);
  });

  it('the latest inspection known at the date counts, later ones do not', () => {
    expect(lastInspectionAsOf(['2025-03-01', null, '2026-01-05', '2026-09-01'], '2026-06-01')).toBe('2026-01-05');
    expect(lastInspectionAsOf([null, undefined], '2026-06-01')).toBeNull();
  });
});

describe('inspection results and hazard notices', () => {
  const now = new Date('2026-06-01T10:00:00+08:00');
  const base = { inspectedAt: new Date('2026-06-01T09:00:00+08:00'), inspectors: [{ id: 'S-1', name: '安检员甲' }] };

  it('a hazard found lists the hazards, is signed, and gets the default deadline', () => {
    const r = checkInspectionResult({ ...base, outcome: 'HAZARD_FOUND', hazards: [{ code: 'HOSE_AGED', description: '胶管老化 aged hose' }], customerSignature: '张三' }, '2026-06-01', now);
    expect(r.rectifyBy).toBe('2026-06-08');
    expect(r.hazards).toEqual([{ code: 'HOSE_AGED', description: '胶管老化 aged hose' }]);
  });

  it('refuses what a sheet cannot say, naming the field', () => {
    const refuse = (input: object) => {
      try {
        checkInspectionResult({ ...base, outcome: 'PASS', ...input } as any, '2026-06-01', now);
      } catch (e) {
        return (e as { code: string; details: { field: string } });
      }
      throw new Error('accepted');
    };
    expect(refuse({ outcome: 'HAZARD_FOUND', hazards: [], customerSignature: 'x' })).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'result.hazards' } });
    expect(refuse({ outcome: 'HAZARD_FOUND', hazards: [{ description: '漏气' }] }).details.field).toBe('result.customerSignature');
    expect(refuse({ hazards: [{ description: '漏气' }] }).details.field).toBe('result.hazards');
    expect(refuse({ inspectors: [] }).details.field).toBe('result.inspectors');
    expect(refuse({ inspectedAt: new Date('2026-06-02T00:00:00+08:00') }).details.field).toBe('result.inspectedAt');
    expect(refuse({ outcome: 'HAZARD_FOUND', hazards: [{ description: '漏气' }], customerSignature: 'x', rectifyBy: '2026-05-30' }).details.field).toBe('result.rectifyBy');
    expect(refuse({ outcome: 'FINE' }).details.field).toBe('result.outcome');
  });

  it('a pass closes the point’s open notices; a hazard on a follow-up keeps its notice open; no access changes nothing', () => {
    expect(hazardEffects('PASS', 'n-1')).toEqual({ closeOpen: true, issue: false });
    expect(hazardEffects('HAZARD_FOUND', 'n-1')).toEqual({ closeOpen: false, issue: false });
    expect(hazardEffects('HAZARD_FOUND', null)).toEqual({ closeOpen: false, issue: true });
    expect(hazardEffects('NO_ACCESS', null)).toEqual({ closeOpen: false, issue: false });
  });

  it('an open notice past its deadline is overdue by whole days; a closed one never', () => {
    expect(hazardDaysOverdue({ status: 'OPEN', rectifyBy: '2026-06-08' }, '2026-06-08')).toBe(0);
    expect(hazardDaysOverdue({ status: 'OPEN', rectifyBy: '2026-06-08' }, '2026-06-11')).toBe(3);
    expect(hazardDaysOverdue({ status: 'CLOSED', rectifyBy: '2026-06-08' }, '2026-06-11')).toBe(0);
  });
});

describe('inspection coverage of a period', () => {
  it('inspected / due by the period’s end; early inspections are not due, late ones carry over', () => {
    const june = { from: '2026-06-01', to: '2026-07-01' };
    const c = inspectionCoverage([
      { customerType: 'RESIDENTIAL', lastBefore: '2025-06-10', inspectedInPeriod: true }, // due 06-10, done
      { customerType: 'RESIDENTIAL', lastBefore: '2025-06-20', inspectedInPeriod: false }, // due 06-20, missed
      { customerType: 'RESIDENTIAL', lastBefore: '2025-03-01', inspectedInPeriod: false }, // late since March, still missed
      { customerType: 'RESIDENTIAL', lastBefore: '2025-07-20', inspectedInPeriod: true }, // due in July: early, not counted
      { customerType: 'PUBLIC_BUILDING', lastBefore: '2026-03-01', inspectedInPeriod: false }, // due by 09-30: not yet
    ], june, cfg, 1);
    expect(c).toEqual({ due: 3, inspectedOfDue: 1, rate: 1 / 3, target: 1, met: false });
    expect(inspectionCoverage([], june, cfg, 1)).toMatchObject({ due: 0, rate: null, met: null });
  });
});
