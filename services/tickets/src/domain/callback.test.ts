import { createHash } from 'node:crypto';
import { callbackMethod, callbackPolicy, DEFAULT_CALLBACK_CONFIG, hashBucket, monthRange, sampleWorksCallbacks, surveyReplyOutcome } from './callback';
import { Category } from './enums';

describe('callback sampling', () => {
  it('phones 5 % ± 0.3 % of 100k after-service orders, the rest get SMS', () => {
    let phone = 0;
    for (let i = 0; i < 100_000; i++) if (callbackMethod(`WO-2025-${i}`, Category.LEAK) === 'PHONE') phone++;
    expect(Math.abs(phone / 100_000 - 0.05)).toBeLessThanOrEqual(0.003);
  });

  it('is reproducible from the order id alone (sha256, first 4 bytes)', () => {
    const id = 'WO-20250613-0001';
    const expected = createHash('sha256').update(id).digest().readUInt32BE(0) % 10000;
    expect(hashBucket(id)).toBe(expected);
    expect(callbackMethod(id, Category.BILLING)).toBe(expected < 500 ? 'PHONE' : 'SMS');
    expect(callbackMethod(id, Category.BILLING)).toBe(callbackMethod(id, Category.BILLING));
  });

  it('always phones complaints; share is configurable', () => {
    for (let i = 0; i < 200; i++) expect(callbackMethod(`C-${i}`, Category.COMPLAINT)).toBe('PHONE');
    const all = { phoneShare: 1, alwaysPhoneCategories: [], worksCategories: [], worksSampleShare: 0.1, noCallbackCategories: [] };
    expect(callbackMethod('x', Category.LEAK, all)).toBe('PHONE');
    expect(callbackMethod('x', Category.LEAK, { ...all, phoneShare: 0 })).toBe('SMS');
  });

  it('classifies categories by callback policy', () => {
    expect(callbackPolicy(Category.LEAK)).toBe('ALWAYS');
    expect(callbackPolicy(Category.NEW_CONNECTION)).toBe('MONTHLY_SAMPLE');
    expect(callbackPolicy(Category.INQUIRY)).toBe('NONE');
  });

  it('WORKS_QUALITY and other after-service orders are all called back at completion; the monthly sample is for new-connection jobs only', () => {
    expect(callbackPolicy(Category.WORKS_QUALITY)).toBe('ALWAYS');
    const none = DEFAULT_CALLBACK_CONFIG.noCallbackCategories;
    expect(none).toContain(Category.INQUIRY);
    for (const c of Object.values(Category).filter((x) => !none.includes(x) && x !== Category.NEW_CONNECTION)) expect(callbackPolicy(c)).toBe('ALWAYS');
    const works = [{ id: 'WQ-1', category: Category.WORKS_QUALITY, resolvedAt: new Date('2025-05-10T12:00:00+08:00') }];
    expect(sampleWorksCallbacks(works, '2025-05', 'Asia/Shanghai')).toEqual([]);
  });

  it('samples 10 % (rounded up) of last month’s settled new-connection jobs, Beijing month boundaries', () => {
    const inMonth = Array.from({ length: 25 }, (_, i) => ({ id: `W-${i}`, category: Category.NEW_CONNECTION, resolvedAt: new Date(`2025-05-${String(i + 1).padStart(2, '0')}T12:00:00+08:00`) }));
    const others = [
      { id: 'L-1', category: Category.LEAK, resolvedAt: new Date('2025-05-10T12:00:00+08:00') },
      { id: 'WQ-1', category: Category.WORKS_QUALITY, resolvedAt: new Date('2025-05-10T12:00:00+08:00') },
      // 31 May 23:30Z is already June in Beijing
      { id: 'W-late', category: Category.NEW_CONNECTION, resolvedAt: new Date('2025-05-31T23:30:00Z') },
      // 30 Apr 16:30Z is 1 May 00:30 in Beijing
      { id: 'W-early', category: Category.NEW_CONNECTION, resolvedAt: new Date('2025-04-30T16:30:00Z') },
    ];
    const picked = sampleWorksCallbacks([...inMonth, ...others], '2025-05', 'Asia/Shanghai');
    expect(picked).toHaveLength(3); // ceil(26 × 0.1)
    expect(picked).not.toContain('L-1');
    expect(picked).not.toContain('WQ-1');
    expect(picked).not.toContain('W-late');
    expect(sampleWorksCallbacks([...others, ...inMonth].reverse(), '2025-05', 'Asia/Shanghai')).toEqual(picked);
  });

  it('an unsatisfied reply means a phone follow-up and a reopen', () => {
    expect(surveyReplyOutcome(false)).toEqual({ reopen: true, followUp: 'PHONE' });
    expect(surveyReplyOutcome(true)).toEqual({ reopen: false, followUp: null });
  });

  it('monthRange uses the zone and rejects bad months', () => {
    expect(monthRange('2025-12', 'Asia/Shanghai')).toEqual({ start: new Date('2025-11-30T16:00:00Z'), end: new Date('2025-12-31T16:00:00Z') });
    expect(() => monthRange('2025-13', 'Asia/Shanghai')).toThrow(/YYYY-MM/);
  });
});
