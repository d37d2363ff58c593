import { computeCompensation } from './compensation';
import { Category } from './enums';

const bj = (s: string) => new Date(`${s}+08:00`);
const now = bj('2025-06-20T00:00:00');

describe('computeCompensation', () => {
  it('pays 100 CNY once for a leak crew that arrived late', () => {
    const r = computeCompensation(
      { orderId: 'WO-1', category: Category.LEAK, due: { onSite: bj('2025-06-13T10:40:00') }, done: { onSite: bj('2025-06-13T11:05:00') } },
      now,
    );
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ ruleId: 'LEAK_LATE_ON_SITE', amountCny: 100, units: 1, provisional: false });
    expect(r[0].reason).toMatch(/25/);
  });

  it('nothing when on site exactly at the deadline', () => {
    expect(computeCompensation({ orderId: 'WO-1', category: Category.BURST, due: { onSite: bj('2025-06-13T10:40:00') }, done: { onSite: bj('2025-06-13T10:40:00') } }, now)).toEqual([]);
  });

  it('pays 20 CNY per started day for a late billing reply, provisional while open', () => {
    const due = bj('2025-06-14T10:00:00');
    const done = computeCompensation({ orderId: 'WO-2', category: Category.BILLING, due: { resolve: due }, done: { resolve: bj('2025-06-16T11:00:00') } }, now);
    expect(done[0]).toMatchObject({ ruleId: 'LATE_REPLY', units: 3, amountCny: 60, provisional: false }); // 2 d 1 h → 3 started days
    const open = computeCompensation({ orderId: 'WO-2', category: Category.RECONNECTION, due: { resolve: due }, done: {} }, bj('2025-06-15T09:00:00'));
    expect(open[0]).toMatchObject({ units: 1, amountCny: 20, provisional: true });
  });

  it('rules are data: other categories and custom rules', () => {
    expect(computeCompensation({ orderId: 'WO-3', category: Category.THEFT, due: { resolve: bj('2025-06-14T10:00:00') }, done: {} }, now)).toEqual([]);
    const custom = [{ id: 'METER_READ', category: [Category.BILLING], target: 'resolve' as const, amountCny: 15, per: 'once' as const }];
    expect(computeCompensation({ orderId: 'WO-4', category: Category.BILLING, due: { resolve: bj('2025-06-14T10:00:00') }, done: {} }, now, custom)[0].amountCny).toBe(15);
  });
});
