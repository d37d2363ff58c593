import { assertMayOperateValves, assertMayRestore, type OutageActor } from './access';

const who = (roles: string[], department: string | null = null): OutageActor => ({ roles, department });

describe('works-unit access', () => {
  it('lets the works unit of the outage, dispatchers and supervisors record valve operations', () => {
    expect(() => assertMayOperateValves(who(['department'], 'WORKS'), 'WORKS', 'TS-2026-000001')).not.toThrow();
    expect(() => assertMayOperateValves(who(['dispatcher'], 'NETWORK'), 'WORKS', 'TS-2026-000001')).not.toThrow();
    expect(() => assertMayOperateValves(who(['supervisor']), 'WORKS', 'TS-2026-000001')).not.toThrow();
  });

  it('refuses another department, naming the works unit', () => {
    expect(() => assertMayOperateValves(who(['department'], 'METER'), 'WORKS', 'TS-2026-000001')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/works unit WORKS \(your department is METER\)/) }),
    );
    expect(() => assertMayOperateValves(who(['agent'], 'WORKS'), 'WORKS', 'TS-2026-000001')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('lets only the works unit or a supervisor confirm restoration', () => {
    expect(() => assertMayRestore(who(['department'], 'WORKS'), 'WORKS', 'TS-2026-000001')).not.toThrow();
    expect(() => assertMayRestore(who(['supervisor']), 'WORKS', 'TS-2026-000001')).not.toThrow();
    expect(() => assertMayRestore(who(['dispatcher']), 'WORKS', 'TS-2026-000001')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});
