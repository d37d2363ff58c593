import { loadConfig, serviceEnvShape } from '../config';
import { DEPARTMENTS, DEPARTMENT_UTILITY, departmentServes } from './departments';
import { assertUtilityRun } from './utility';

const base = { DATABASE_URL: 'postgres://x@localhost/y' };

describe('utility kinds a deployment runs', () => {
  it('runs all three kinds unless configured', () => {
    expect(loadConfig(serviceEnvShape, base).UTILITY_KINDS).toEqual(['WATER', 'HEAT', 'GAS']);
  });

  it('a heat-only company names HEAT only, and an unknown kind stops the boot naming the variable', () => {
    expect(loadConfig(serviceEnvShape, { ...base, UTILITY_KINDS: 'HEAT' }).UTILITY_KINDS).toEqual(['HEAT']);
    expect(() => loadConfig(serviceEnvShape, { ...base, UTILITY_KINDS: 'HEAT,STEAM' })).toThrow(/UTILITY_KINDS/);
  });

  it('refuses a kind that is not run, naming the argument, in Chinese first', () => {
    expect(() => assertUtilityRun(['HEAT'], 'GAS', 'input.utility')).toThrow(/^本系统未开通燃气业务.*input\.utility/);
    expect(() => assertUtilityRun(['HEAT', 'GAS'], 'GAS')).not.toThrow();
  });

  it('every department works for one kind or is shared by the desk', () => {
    for (const d of DEPARTMENTS) expect(d in DEPARTMENT_UTILITY).toBe(true);
    expect(departmentServes('GAS_SAFETY', 'WATER')).toBe(false);
    expect(departmentServes('CALL_CENTER', 'GAS')).toBe(true);
    expect(departmentServes('NETWORK', 'WATER')).toBe(true);
  });
});
