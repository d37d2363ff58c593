import { closeValve, HolderRef, isStarted, openValve, restorePlan } from './valve-holding';

const holders = new Map<string, HolderRef>([
  ['o1', { id: 'o1', number: 'TS-2026-000001', status: 'IN_PROGRESS' }],
  ['o2', { id: 'o2', number: 'TS-2026-000002', status: 'IN_PROGRESS' }],
]);

describe('valve holding across outages', () => {
  it('records the closing once: the first outage closes, the second joins the hold', () => {
    const a = closeValve({ valveId: 'V3', closedBy: [] }, 'o1', 'TS-2026-000001');
    expect(a).toEqual({ closedBy: ['o1'], outcome: 'CLOSED' });
    const b = closeValve({ valveId: 'V3', closedBy: a.closedBy }, 'o2', 'TS-2026-000002');
    expect(b).toEqual({ closedBy: ['o1', 'o2'], outcome: 'ALREADY_CLOSED' });
    expect(() => closeValve({ valveId: 'V3', closedBy: b.closedBy }, 'o2', 'TS-2026-000002')).toThrow(/already recorded closed/);
  });

  it('refuses to reopen a valve another outage still holds, naming that outage', () => {
    expect(() => openValve({ valveId: 'V3', closedBy: ['o1', 'o2'] }, 'o1', 'TS-2026-000001', holders)).toThrow(/TS-2026-000002 \(IN_PROGRESS\) still needs it closed/);
    expect(openValve({ valveId: 'V3', closedBy: ['o2'] }, 'o2', 'TS-2026-000002', holders)).toEqual({ closedBy: [], outcome: 'OPENED' });
    expect(() => openValve({ valveId: 'V3', closedBy: ['o2'] }, 'o1', 'TS-2026-000001', holders)).toThrow(/not recorded closed for outage TS-2026-000001/);
  });

  it('on restoration lists valves still held by others and the ones to reopen first', () => {
    const p = restorePlan('o1', [
      { valveId: 'V3', closedBy: ['o1', 'o2'] },
      { valveId: 'V8', closedBy: ['o1'] },
      { valveId: 'V53', closedBy: [] },
    ]);
    expect(p).toEqual({ mustReopen: ['V8'], stillHeld: [{ valveId: 'V3', heldBy: ['o2'] }] });
  });

  it('starts a planned outage when all its valves are closed, an emergency at the first', () => {
    expect(isStarted('PLANNED', ['V1', 'V2'], new Set(['V1']))).toBe(false);
    expect(isStarted('PLANNED', ['V1', 'V2'], new Set(['V1', 'V2']))).toBe(true);
    expect(isStarted('EMERGENCY', ['V1', 'V2'], new Set(['V2']))).toBe(true);
    expect(isStarted('EMERGENCY', [], new Set())).toBe(false);
  });
});
