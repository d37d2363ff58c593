// Unit tests of the pure ignition-check plan after a gas outage (docs/domain.md "Gas utility": supply is
// restored and ignition checked household by household; vulnerable users get priority).
import { Category, ignitionCheckDescription, planIgnitionChecks, VULNERABLE_PRIORITY, DEFAULT_PRIORITY } from '../src/domain';

const OUTAGE = { id: 'o-1', number: 'TS-2026-0042', networkId: '0b5c3c4e-5f7a-4c1e-9a51-1f6f9b7f2a10' };

describe('planIgnitionChecks', () => {
  it('opens one GAS_SERVICE check per household, vulnerable households first, the others in the event’s order', () => {
    const plan = planIgnitionChecks(OUTAGE, [
      { id: 'HH-1', address: '燃气新村 1 号' },
      { id: 'HH-2', address: '燃气新村 2 号', vulnerability: ['DISABLED'] },
      { id: 'HH-3', address: null },
      { id: 'HH-4', address: '燃气新村 4 号', vulnerability: ['ELDERLY', 'SICK'] },
    ]);
    expect(plan.map((p) => p.servicePointId)).toEqual(['HH-2', 'HH-4', 'HH-1', 'HH-3']);
    expect(plan.map((p) => p.priority)).toEqual([VULNERABLE_PRIORITY, VULNERABLE_PRIORITY, DEFAULT_PRIORITY, DEFAULT_PRIORITY]);
    expect(VULNERABLE_PRIORITY).not.toBe(DEFAULT_PRIORITY);
    expect(plan.every((p) => p.category === Category.GAS_SERVICE)).toBe(true);
    expect(plan[0]).toMatchObject({ address: '燃气新村 2 号', vulnerable: true, asset: { type: 'ServicePoint', networkId: OUTAGE.networkId, id: 'HH-2' } });
    expect(plan[3]).toMatchObject({ address: null, vulnerable: false, asset: { type: 'ServicePoint', networkId: OUTAGE.networkId, id: 'HH-3' } });
  });

  it('lists a household twice only once, keeping every vulnerability it was listed with; skips entries without an id', () => {
    const plan = planIgnitionChecks(OUTAGE, [
      { id: 'HH-1', address: '一号' },
      { id: ' ', address: '无编号' },
      { id: 'HH-1', address: '一号', vulnerability: ['ELDERLY'] },
    ]);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ servicePointId: 'HH-1', vulnerable: true, priority: VULNERABLE_PRIORITY });
    expect(plan[0].description).toContain('老人');
  });

  it('names no asset when the event names no network, and nothing for no households', () => {
    expect(planIgnitionChecks({ id: 'o-2', number: 'TS-2', networkId: null }, [{ id: 'A' }])[0].asset).toBeNull();
    expect(planIgnitionChecks(OUTAGE, [])).toEqual([]);
  });
});

describe('ignitionCheckDescription', () => {
  it('says Chinese first, then English, with the outage number (its id when it has none)', () => {
    expect(ignitionCheckDescription(OUTAGE)).toBe('点火检查：停气 TS-2026-0042 恢复供气后逐户点火 / ignition check after gas outage TS-2026-0042');
    expect(ignitionCheckDescription({ id: 'o-9', number: null })).toBe('点火检查：停气 o-9 恢复供气后逐户点火 / ignition check after gas outage o-9');
  });

  it('names a vulnerable household’s needs in both languages', () => {
    const d = ignitionCheckDescription(OUTAGE, ['ELDERLY', 'DISABLED']);
    const [zh, en] = d.split(' / ');
    expect(zh).toContain('特殊用户：老人、残疾人');
    expect(en).toContain('vulnerable user: elderly, disabled');
  });
});
