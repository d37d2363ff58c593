import { haversineM } from '@mainline/common/domain';
import { WorkOrderStatus as S } from './enums';
import { actionFacts, ActionFacts, boxAround, checkReport } from './intake';

const T = new Date('2026-03-02T01:00:00Z');
const LATER = new Date('2026-03-02T02:00:00Z');
const fieldOf = (f: () => unknown) => {
  try {
    f();
  } catch (e: any) {
    return { code: e.code, field: e.details?.field };
  }
  return null;
};

describe('checkReport', () => {
  it('accepts a complete report and trims the phone', () => {
    expect(checkReport({ description: '漏水', location: { lon: 116.4, lat: 39.9 }, reporter: { phone: ' 138 0000 0000 ' }, asset: { type: 'Pipe' } })).toEqual({ phone: '138 0000 0000' });
    expect(checkReport({ description: 'x', reporter: { phone: '  ' } })).toEqual({ phone: null });
  });
  it('names the field that is wrong', () => {
    expect(fieldOf(() => checkReport({ description: '  ' }))).toEqual({ code: 'INVALID_INPUT', field: 'description' });
    expect(fieldOf(() => checkReport({ description: 'x', location: { lon: 200, lat: 0 } }))).toEqual({ code: 'INVALID_INPUT', field: 'location' });
    expect(fieldOf(() => checkReport({ description: 'x', location: { lon: NaN, lat: 0 } }))).toEqual({ code: 'INVALID_INPUT', field: 'location' });
    expect(fieldOf(() => checkReport({ description: 'x', reporter: { phone: 'call me' } }))).toEqual({ code: 'INVALID_INPUT', field: 'reporter.phone' });
    expect(fieldOf(() => checkReport({ description: 'x', asset: { type: 'Hydrant' } }))).toEqual({ code: 'INVALID_INPUT', field: 'asset.type' });
  });
});

describe('boxAround', () => {
  it('holds every point within the radius (north and east edges at 60°N)', () => {
    const p = { lon: 10, lat: 60 };
    const b = boxAround(p, 500);
    expect(haversineM(p.lon, p.lat, p.lon, b.maxLat)).toBeGreaterThanOrEqual(499.999);
    expect(haversineM(p.lon, p.lat, b.maxLon, p.lat)).toBeGreaterThanOrEqual(499.999);
    expect(b.minLat).toBeLessThan(p.lat);
    expect(b.minLon).toBeLessThan(p.lon);
  });
});

describe('actionFacts', () => {
  const wo: ActionFacts = {
    dispatchedAt: null, acceptedAt: null, onSiteAt: null, resolvedAt: null, revisitResolvedAt: null, reopenedAt: null, reopenCount: 0, returnCount: 0,
    extensionCount: 0, pausedAt: null, closedAt: null, calledBackAt: null, answeredAt: null, callbackSatisfied: null, callbackMethod: null, mergedInto: null, outageId: null,
    status: S.NEW,
  };
  it('first-time facts keep their first time', () => {
    expect(actionFacts(wo, { type: 'DISPATCH', department: 'NETWORK' }, S.DISPATCHED, T)).toEqual({ dispatchedAt: T });
    expect(actionFacts({ ...wo, dispatchedAt: T }, { type: 'DISPATCH', department: 'NETWORK' }, S.DISPATCHED, LATER)).toEqual({ dispatchedAt: T });
  });
  it('a resolution after a reopening is the revisit’s; the first stays', () => {
    expect(actionFacts({ ...wo, resolvedAt: T, reopenedAt: T }, { type: 'RESOLVE', result: 'ok' }, S.RESOLVED, LATER)).toEqual({ revisitResolvedAt: LATER });
    expect(actionFacts(wo, { type: 'RESOLVE', result: 'ok' }, S.RESOLVED, T)).toEqual({ resolvedAt: T });
  });
  it('an unsatisfied answer opens a new revisit; a survey answer is by SMS', () => {
    const f = actionFacts({ ...wo, status: S.RESOLVED, reopenCount: 1, revisitResolvedAt: T }, { type: 'SURVEY_REPLY', satisfied: false }, S.REOPENED, LATER);
    expect(f).toEqual({ calledBackAt: LATER, callbackSatisfied: false, callbackMethod: 'SMS', reopenedAt: LATER, reopenCount: 2, revisitResolvedAt: null });
  });
  it('counters, pause and links', () => {
    expect(actionFacts({ ...wo, returnCount: 1 }, { type: 'RETURN', reason: 'r' }, S.RETURNED, T)).toEqual({ returnCount: 2 });
    expect(actionFacts(wo, { type: 'WAIT_CUSTOMER', reason: 'r' }, S.WAITING_CUSTOMER, T)).toEqual({ pausedAt: T });
    expect(actionFacts({ ...wo, pausedAt: T }, { type: 'RESUME' }, S.ACCEPTED, LATER)).toEqual({ pausedAt: null });
    expect(actionFacts(wo, { type: 'MERGE', intoOrderId: 'x' }, S.MERGED, T)).toEqual({ mergedInto: 'x' });
    expect(actionFacts(wo, { type: 'CANCEL', reason: 'r' }, S.CANCELLED, T)).toEqual({ closedAt: T });
  });
});
