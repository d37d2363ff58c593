import { announceBlockers, AnnounceFacts, leadTimeTooShort, outageRequiresRegulator } from './announce-rules';

const cfg = { announceLeadHours: 24 };
const now = new Date('2026-05-01T00:00:00Z');
const at = (h: number) => new Date(now.getTime() + h * 3_600_000);
const facts = (f: Partial<AnnounceFacts>): AnnounceFacts => ({
  kind: 'PLANNED', startsAt: at(48), population: 100, threshold: 5000, requiresRegulatorApproval: false,
  hasRegulatorApproval: false, hasLeadTimeOverride: false, ...f,
});

describe('announcement rules', () => {
  it('blocks a planned outage above the threshold until the regulator approval is recorded', () => {
    const b = announceBlockers(facts({ population: 33749, requiresRegulatorApproval: true }), now, cfg);
    expect(b.map((x) => x.rule)).toEqual(['REGULATOR_APPROVAL_MISSING']);
    expect(b[0].message).toMatch(/33749 persons .* above the threshold of 5000/);
    expect(announceBlockers(facts({ population: 33749, requiresRegulatorApproval: true, hasRegulatorApproval: true }), now, cfg)).toEqual([]);
  });

  it('needs the bureau for a treatment plant or booster station outage whatever its size', () => {
    expect(outageRequiresRegulator('PLANT', false)).toBe(true);
    expect(outageRequiresRegulator('NETWORK', false)).toBe(false);
    expect(outageRequiresRegulator(undefined, true)).toBe(true);
    const b = announceBlockers(facts({ source: 'PLANT', population: 120, requiresRegulatorApproval: outageRequiresRegulator('PLANT', false) }), now, cfg);
    expect(b.map((x) => x.rule)).toEqual(['REGULATOR_APPROVAL_MISSING']);
    expect(b[0].message).toMatch(/^需先取得城市管理局审批：水厂、加压站停水不论人数均须报批 .*whatever its size \(120 persons affected\)/);
    expect(announceBlockers(facts({ source: 'PLANT', requiresRegulatorApproval: true, hasRegulatorApproval: true }), now, cfg)).toEqual([]);
  });

  it('does not ask an emergency for regulator approval', () => {
    expect(announceBlockers(facts({ kind: 'EMERGENCY', population: 33749, requiresRegulatorApproval: true, startsAt: at(0) }), now, cfg)).toEqual([]);
  });

  it('needs 24 h of lead time for planned outages, or an override', () => {
    expect(leadTimeTooShort('PLANNED', at(24), now, cfg)).toBe(false);
    expect(leadTimeTooShort('PLANNED', at(23.9), now, cfg)).toBe(true);
    const b = announceBlockers(facts({ startsAt: at(2) }), now, cfg);
    expect(b.map((x) => x.rule)).toEqual(['LEAD_TIME_TOO_SHORT']);
    expect(b[0].message).toMatch(/only 2.0 h remain/);
    expect(announceBlockers(facts({ startsAt: at(2), hasLeadTimeOverride: true }), now, cfg)).toEqual([]);
  });

  it('reads the lead time from configuration', () => {
    expect(announceBlockers(facts({ startsAt: at(30) }), now, { announceLeadHours: 72 }).map((x) => x.rule)).toEqual(['LEAD_TIME_TOO_SHORT']);
  });

  it('reports both rules at once', () => {
    expect(announceBlockers(facts({ startsAt: at(1), requiresRegulatorApproval: true, population: 9000 }), now, cfg)).toHaveLength(2);
  });
});
