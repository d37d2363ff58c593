import { authorizeAction, Department, Role } from '../domain';
import { readsAllDepartments, roleRulesFor, toActor } from './actor';

const id = (roles: any[], department: any = null) => ({ sub: 'u1', name: 'u', roles, department });

describe('platform identity → domain actor', () => {
  it('maps roles; admin acts as supervisor; dispatcher has no work-order role', () => {
    expect(toActor(id(['agent'])).roles).toEqual([Role.AGENT]);
    expect(toActor(id(['admin'])).roles).toEqual([Role.SUPERVISOR]);
    expect(toActor(id(['dispatcher'])).roles).toEqual([]);
    expect(toActor(id(['department'], 'NETWORK')).department).toBe(Department.NETWORK);
    expect(readsAllDepartments(id(['department'], 'NETWORK'))).toBe(false);
    expect(readsAllDepartments(id(['agent']))).toBe(true);
  });

  it('extensions: supervisor and a listed head of the order’s department decide; agents and other departments do not', () => {
    const order = { department: Department.NETWORK };
    expect(() => authorizeAction(toActor(id(['agent'])), 'DECIDE_EXTENSION', order, roleRulesFor(false))).toThrow(/DECIDE_EXTENSION/);
    expect(() => authorizeAction(toActor(id(['supervisor'])), 'DECIDE_EXTENSION', order, roleRulesFor(false))).not.toThrow();
    expect(() => authorizeAction(toActor(id(['department'], 'NETWORK')), 'DECIDE_EXTENSION', order, roleRulesFor(false))).toThrow();
    expect(() => authorizeAction(toActor(id(['department'], 'NETWORK')), 'DECIDE_EXTENSION', order, roleRulesFor(true))).not.toThrow();
    expect(() => authorizeAction(toActor(id(['department'], 'QUALITY')), 'DECIDE_EXTENSION', order, roleRulesFor(true))).toThrow();
  });
});
