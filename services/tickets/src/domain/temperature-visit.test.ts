import { assertVisitBeforeResolve, checkTemperatureVisit, DEFAULT_TEMPERATURE_VISIT_RULES, TemperatureVisitInput, temperatureCompliance } from './temperature-visit';

const now = new Date('2026-12-05T15:00:00+08:00');
const sheet = (o: Partial<TemperatureVisitInput> = {}): TemperatureVisitInput => ({
  visitedAt: new Date('2026-12-05T14:00:00+08:00'),
  staff: [{ id: 'H-01', name: '王师傅' }, { id: 'H-02', name: '李师傅' }],
  rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: 19.5 }, { name: '主卧', kind: 'BEDROOM', celsius: 18 }, { name: '厨房', kind: 'OTHER', celsius: 12 }],
  customerSignature: '赵女士',
  ...o,
});

function refusal(input: TemperatureVisitInput, rules = DEFAULT_TEMPERATURE_VISIT_RULES) {
  try {
    checkTemperatureVisit(input, now, rules);
  } catch (e) {
    return e as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('the sheet was accepted');
}

describe('temperature-check visit sheets (走访测温)', () => {
  it('judges living rooms and bedrooms against 18 °C; other rooms are recorded, not judged', () => {
    const v = checkTemperatureVisit(sheet(), now);
    expect(v.rooms.map((r) => r.passed)).toEqual([true, true, null]);
    expect(v).toMatchObject({ passed: true, roomsJudged: 2, roomsPassed: 2, thresholdCelsius: 18, customerRefused: false, neighbour: null });
  });

  it('one cold bedroom fails the visit', () => {
    const v = checkTemperatureVisit(sheet({ rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: 20 }, { name: '次卧', kind: 'BEDROOM', celsius: 16.4 }] }), now);
    expect(v).toMatchObject({ passed: false, roomsJudged: 2, roomsPassed: 1 });
  });

  it('the threshold is the utility’s setting', () => {
    const v = checkTemperatureVisit(sheet(), now, { ...DEFAULT_TEMPERATURE_VISIT_RULES, thresholdCelsius: 20 });
    expect(v).toMatchObject({ passed: false, roomsPassed: 0, thresholdCelsius: 20 });
  });

  it('a visit with one staff member is refused naming staff (the same person twice is one)', () => {
    expect(refusal(sheet({ staff: [{ id: 'H-01', name: '王师傅' }] }))).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'input.staff', min: 2, got: 1 } });
    expect(refusal(sheet({ staff: [{ id: 'H-01', name: '王师傅' }, { id: 'H-01', name: '王师傅' }] })).details.field).toBe('input.staff');
  });

  it('a temperature outside −30…60 °C is refused naming the room by its index', () => {
    const e = refusal(sheet({ rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: 20 }, { name: '主卧', kind: 'BEDROOM', celsius: 61 }] }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'input.rooms[1].celsius', index: 1, room: '主卧', min: -30, max: 60 } });
    expect(refusal(sheet({ rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: -30.5 }] })).details.field).toBe('input.rooms[0].celsius');
    expect(checkTemperatureVisit(sheet({ rooms: [{ name: '客厅', kind: 'LIVING_ROOM', celsius: -30 }] }), now).passed).toBe(false);
  });

  it('a sheet without a living room or bedroom measured is refused', () => {
    expect(refusal(sheet({ rooms: [{ name: '厨房', kind: 'OTHER', celsius: 15 }] })).details.field).toBe('input.rooms');
  });

  it('neither signed nor refused is refused; refused needs the neighbour’s signed measurement', () => {
    expect(refusal(sheet({ customerSignature: null })).details.field).toBe('input.customerSignature');
    expect(refusal(sheet({ customerSignature: null, customerRefused: true })).details.field).toBe('input.neighbour');
    expect(refusal(sheet({ customerSignature: null, customerRefused: true, neighbour: { address: '3-402', celsius: 19, signature: ' ' } })).details.field).toBe('input.neighbour.signature');
    expect(refusal(sheet({ customerSignature: null, customerRefused: true, neighbour: { address: '3-402', celsius: 99, signature: '邻居' } })).details.field).toBe('input.neighbour.celsius');
    expect(refusal(sheet({ customerRefused: true })).details.field).toBe('input.customerRefused');
    const v = checkTemperatureVisit(sheet({ customerSignature: null, customerRefused: true, neighbour: { address: '3单元402', room: '客厅', celsius: 17.2, signature: '钱先生' } }), now);
    expect(v.neighbour).toEqual({ address: '3单元402', room: '客厅', celsius: 17.2, signature: '钱先生', passed: false });
  });

  it('a visit in the future is refused', () => {
    expect(refusal(sheet({ visitedAt: new Date('2026-12-05T16:00:00+08:00') })).details.field).toBe('input.visitedAt');
  });
});

describe('a HEAT_TEMPERATURE order is resolved only after a visit', () => {
  const order = { id: 'o-1', number: 'WO-2026-000001', category: 'HEAT_TEMPERATURE', reopenedAt: null };

  it('no visit: SLA_RULE naming the missing visit', () => {
    expect(() => assertVisitBeforeResolve(order, [])).toThrow(expect.objectContaining({ code: 'SLA_RULE', details: expect.objectContaining({ missing: 'temperatureVisit', field: 'id' }) }));
    expect(() => assertVisitBeforeResolve(order, [new Date('2026-12-05T14:00:00Z')])).not.toThrow();
  });

  it('a reopened order needs a visit after the reopening', () => {
    const reopened = { ...order, reopenedAt: new Date('2026-12-06T09:00:00Z') };
    expect(() => assertVisitBeforeResolve(reopened, [new Date('2026-12-05T14:00:00Z')])).toThrow(expect.objectContaining({ code: 'SLA_RULE' }));
    expect(() => assertVisitBeforeResolve(reopened, [new Date('2026-12-06T10:00:00Z')])).not.toThrow();
  });

  it('other categories are not held by the rule', () => {
    expect(() => assertVisitBeforeResolve({ ...order, category: 'HEAT_LEAK' }, [])).not.toThrow();
  });
});

describe('room-temperature compliance (target ≥ 97 %)', () => {
  it('is the share of households whose judged rooms all passed, beside the target', () => {
    const visits = [
      ...Array.from({ length: 96 }, () => ({ passed: true, roomsJudged: 2, roomsPassed: 2 })),
      ...Array.from({ length: 4 }, () => ({ passed: false, roomsJudged: 2, roomsPassed: 1 })),
    ];
    expect(temperatureCompliance(visits, 0.97)).toEqual({ visits: 100, passedVisits: 96, rate: 0.96, target: 0.97, met: false, roomsJudged: 200, roomsPassed: 196, roomRate: 0.98 });
    expect(temperatureCompliance(visits.slice(1), 0.97).met).toBe(false);
    expect(temperatureCompliance(visits.slice(0, 97).concat(visits.slice(97, 98)), 0.97)).toMatchObject({ visits: 98, met: true });
    expect(temperatureCompliance([], 0.97)).toMatchObject({ visits: 0, rate: null, met: null });
  });
});
