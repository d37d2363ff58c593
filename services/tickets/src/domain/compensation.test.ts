import { DEFAULT_COMPENSATION_RULES } from './defaults';
import { computeCompensation, findingCompensation, validateCompensationRule } from './compensation';
import { Category } from './enums';

const bj = (s: string) => new Date(`${s}+08:00`);
const now = bj('2025-06-20T00:00:00');
const rule = (id: string) => DEFAULT_COMPENSATION_RULES.find((r) => r.id === id)!;
/** The typed error `fn` throws: its code and the argument it names. */
function refused(fn: () => unknown): { code: string; argument: unknown } {
  try {
    fn();
  } catch (e) {
    const err = e as { code: string; details: Record<string, unknown> };
    return { code: err.code, argument: err.details?.argument };
  }
  throw new Error('expected a refusal');
}

describe('computeCompensation (deadline rules)', () => {
  it('a late arrival at a leak is a 100 CNY fine on the responsible unit, once — internal, not paid to the customer', () => {
    const r = computeCompensation(
      { orderId: 'WO-1', category: Category.LEAK, due: { onSite: bj('2025-06-13T10:40:00') }, done: { onSite: bj('2025-06-13T11:05:00') } },
      now,
    );
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ ruleId: 'LEAK_LATE_ON_SITE', amountCny: 100, units: 1, provisional: false, payee: 'INTERNAL' });
    expect(r[0].reason).toMatch(/25/);
  });

  it('nothing when on site exactly at the deadline', () => {
    expect(computeCompensation({ orderId: 'WO-1', category: Category.BURST, due: { onSite: bj('2025-06-13T10:40:00') }, done: { onSite: bj('2025-06-13T10:40:00') } }, now)).toEqual([]);
  });

  it('LATE_REPLY belongs to complete new-connection applications: a late billing or reconnection reply owes nothing', () => {
    const due = bj('2025-06-14T10:00:00');
    expect(computeCompensation({ orderId: 'WO-2', category: Category.BILLING, due: { resolve: due }, done: { resolve: bj('2025-06-16T11:00:00') } }, now)).toEqual([]);
    expect(computeCompensation({ orderId: 'WO-2', category: Category.RECONNECTION, due: { resolve: due }, done: {} }, now)).toEqual([]);
  });

  it('LATE_REPLY: 20 CNY per started day for a late answer to a new-connection application, provisional while unanswered', () => {
    const due = bj('2025-06-14T10:00:00');
    const done = computeCompensation({ orderId: 'WO-3', category: Category.NEW_CONNECTION, due: { answer: due }, done: { answer: bj('2025-06-16T11:00:00') } }, now);
    expect(done).toEqual([expect.objectContaining({ ruleId: 'LATE_REPLY', units: 3, amountCny: 60, provisional: false, payee: 'CUSTOMER' })]); // 2 d 1 h → 3 started days
    const open = computeCompensation({ orderId: 'WO-3', category: Category.NEW_CONNECTION, due: { answer: due }, done: {} }, bj('2025-06-15T09:00:00'));
    expect(open[0]).toMatchObject({ units: 1, amountCny: 20, provisional: true });
  });

  it('finding rules are never computed from deadlines; rules are data', () => {
    expect(computeCompensation({ orderId: 'WO-4', category: Category.BILLING, due: { resolve: bj('2025-06-14T10:00:00') }, done: {} }, now)).toEqual([]);
    const custom = [{ id: 'METER_READ', category: [Category.BILLING], trigger: 'deadline' as const, target: 'resolve', amountCny: 15, per: 'once' as const, basis: 'fixed' as const, payee: 'CUSTOMER' as const }];
    expect(computeCompensation({ orderId: 'WO-4', category: Category.BILLING, due: { resolve: bj('2025-06-14T10:00:00') }, done: {} }, now, custom)[0].amountCny).toBe(15);
  });
});

describe('findingCompensation (recorded findings)', () => {
  it('meter not read as required: 20 CNY once, whatever else is given', () => {
    expect(findingCompensation(rule('METER_NOT_READ'), Category.BILLING, {})).toMatchObject({ amountCny: 20, units: 1 });
    expect(findingCompensation(rule('METER_NOT_READ'), Category.BILLING, { days: 9, baseAmountCny: 500 })).toMatchObject({ amountCny: 20, units: 1 });
  });

  it('meter box not built on time: 1 % of its cost per day late', () => {
    expect(findingCompensation(rule('METER_BOX_LATE'), Category.NEW_CONNECTION, { baseAmountCny: 3250, days: 4 })).toMatchObject({ amountCny: 130, units: 4, rate: 0.01 });
    expect(refused(() => findingCompensation(rule('METER_BOX_LATE'), Category.NEW_CONNECTION, { days: 4 }))).toEqual({ code: 'INVALID_INPUT', argument: 'input.baseAmountCny' });
    expect(refused(() => findingCompensation(rule('METER_BOX_LATE'), Category.NEW_CONNECTION, { baseAmountCny: 3250, days: 0 }))).toEqual({ code: 'INVALID_INPUT', argument: 'input.days' });
  });

  it('overcharge: refunded 3 times by default, up to 5 times, never outside the rule’s range', () => {
    expect(findingCompensation(rule('OVERCHARGE_REFUND'), Category.BILLING, { baseAmountCny: 45.5 })).toMatchObject({ amountCny: 136.5, rate: 3 });
    expect(findingCompensation(rule('OVERCHARGE_REFUND'), Category.BILLING, { baseAmountCny: 45.5, multiple: 5 })).toMatchObject({ amountCny: 227.5, rate: 5 });
    for (const multiple of [2, 6]) {
      expect(refused(() => findingCompensation(rule('OVERCHARGE_REFUND'), Category.BILLING, { baseAmountCny: 45.5, multiple }))).toEqual({ code: 'INVALID_INPUT', argument: 'input.multiple' });
    }
    // The multiple is the utility's: a rule of 4–5 times refunds 4 times by default.
    expect(findingCompensation({ ...rule('OVERCHARGE_REFUND'), rate: 4 }, Category.BILLING, { baseAmountCny: 10 })).toMatchObject({ amountCny: 40 });
  });

  it('a finding of a rule for another category, or of a deadline rule, is refused naming ruleId', () => {
    expect(refused(() => findingCompensation(rule('OVERCHARGE_REFUND'), Category.LEAK, { baseAmountCny: 10 }))).toEqual({ code: 'INVALID_INPUT', argument: 'input.ruleId' });
    expect(refused(() => findingCompensation(rule('LEAK_LATE_ON_SITE'), Category.LEAK, {}))).toEqual({ code: 'INVALID_INPUT', argument: 'input.ruleId' });
  });
});

describe('validateCompensationRule', () => {
  it('accepts the defaults; a deadline rule needs a known deadline, a finding rule none', () => {
    for (const r of DEFAULT_COMPENSATION_RULES) expect(() => validateCompensationRule(r)).not.toThrow();
    expect(() => validateCompensationRule({ ...rule('LATE_REPLY'), target: 'lunch' })).toThrow(/unknown deadline/);
    expect(() => validateCompensationRule({ ...rule('METER_NOT_READ'), target: 'resolve' })).toThrow(/no target/);
    expect(() => validateCompensationRule({ ...rule('METER_BOX_LATE'), rate: 2 })).toThrow(/rate/);
    expect(() => validateCompensationRule({ ...rule('OVERCHARGE_REFUND'), rateMax: 2 })).toThrow(/rateMax/);
  });
});

describe('figures past what a record holds are the caller’s mistake', () => {
  it('amounts, rates and days are bounded (INVALID_INPUT naming the field)', () => {
    expect(() => validateCompensationRule({ ...rule('METER_NOT_READ'), amountCny: 1e308 })).toThrow(/amountCny/);
    expect(() => validateCompensationRule({ ...rule('METER_NOT_READ'), rate: -1 })).toThrow(/rate/);
    expect(() => validateCompensationRule({ ...rule('OVERCHARGE_REFUND'), rateMax: 2 ** 31 })).toThrow(/rateMax/);
    expect(refused(() => findingCompensation(rule('OVERCHARGE_REFUND'), Category.BILLING, { baseAmountCny: 1e308 }))).toEqual({ code: 'INVALID_INPUT', argument: 'input.baseAmountCny' });
    expect(refused(() => findingCompensation(rule('OVERCHARGE_REFUND'), Category.BILLING, { baseAmountCny: 4e8, multiple: 5 }))).toEqual({ code: 'INVALID_INPUT', argument: 'input.baseAmountCny' });
    expect(refused(() => findingCompensation(rule('METER_BOX_LATE'), Category.METER_BOX, { baseAmountCny: 100, days: 2 ** 31 }))).toEqual({ code: 'INVALID_INPUT', argument: 'input.days' });
  });
});
