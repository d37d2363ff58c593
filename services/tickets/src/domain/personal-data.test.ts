import { Department, Role, WorkOrderStatus as S } from './enums';
import { maskPhone, mayReadPersonalData } from './personal-data';

const order = (status: S, department: Department = Department.NETWORK) => ({ status, department });
const actor = (roles: Role[], department?: Department) => ({ id: 'u', roles, ...(department ? { department } : {}) });

describe('mayReadPersonalData (need to know)', () => {
  it('the roles that contact callers read every order, open or closed', () => {
    for (const r of [Role.AGENT, Role.SUPERVISOR, Role.NOTICE_SYSTEM]) {
      expect(mayReadPersonalData(actor([r]), order(S.CLOSED))).toBe(true);
      expect(mayReadPersonalData(actor([r]), order(S.ACCEPTED, Department.QUALITY))).toBe(true);
    }
  });

  it('the owning department reads while the order is open', () => {
    for (const s of [S.NEW, S.DISPATCHED, S.ACCEPTED, S.ON_SITE, S.WAITING_CUSTOMER, S.RESOLVED, S.REOPENED]) {
      expect(mayReadPersonalData(actor([Role.DEPARTMENT], Department.NETWORK), order(s))).toBe(true);
    }
  });

  it('not after the order is closed, merged or cancelled', () => {
    for (const s of [S.CLOSED, S.MERGED, S.CANCELLED]) expect(mayReadPersonalData(actor([Role.DEPARTMENT], Department.NETWORK), order(s))).toBe(false);
  });

  it('not another department, nor a department user without a department, nor a role without contact', () => {
    expect(mayReadPersonalData(actor([Role.DEPARTMENT], Department.QUALITY), order(S.ACCEPTED))).toBe(false);
    expect(mayReadPersonalData(actor([Role.DEPARTMENT]), order(S.ACCEPTED))).toBe(false);
    expect(mayReadPersonalData(actor([]), order(S.ACCEPTED))).toBe(false);
  });
});

describe('maskPhone', () => {
  it('hides the middle of a phone: 138****0000; short numbers show only their last 4 digits', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
    expect(maskPhone('138 0013 8000')).toBe('138****8000');
    expect(maskPhone('+86 138-0013-8000')).toBe('861******8000');
    expect(maskPhone('02012345')).toBe('02**2345');
    expect(maskPhone('12345')).toBe('*2345');
    expect(maskPhone(null)).toBeNull();
  });
});
