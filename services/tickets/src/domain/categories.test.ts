import { DEPARTMENT_UTILITY, departmentServes, DomainError } from '@mainline/common/domain';
import { assertCategoryOfKind, CATEGORY_INFO, categoriesOf, categoryUtility } from './categories';
import { DEFAULT_ROUTING, DEFAULT_SLA_TARGETS, validateSlaTargets } from './defaults';
import { Category, CATEGORY_LABELS } from './enums';

describe('categories per utility kind (docs/domain.md "One desk, several utilities")', () => {
  it('every category has its kind, labels, a default owner of that kind and SLA targets', () => {
    for (const c of Object.values(Category)) {
      expect(CATEGORY_INFO[c]).toBeDefined();
      expect(CATEGORY_LABELS[c].zh).toBeTruthy();
      expect(CATEGORY_LABELS[c].en).toBeTruthy();
      expect(departmentServes(DEFAULT_ROUTING[c], categoryUtility(c))).toBe(true);
      expect(DEFAULT_SLA_TARGETS[c].length).toBeGreaterThan(0);
    }
    expect(() => validateSlaTargets(DEFAULT_SLA_TARGETS)).not.toThrow();
  });

  it('the codes of domain.md, water unchanged', () => {
    expect(categoriesOf('HEAT')).toEqual(['HEAT_LOSS', 'HEAT_MAIN_ACCIDENT', 'HEAT_LEAK', 'HEAT_TEMPERATURE', 'HEAT_REPAIR', 'HEAT_CUSTOMER_EQUIPMENT', 'HEAT_COMPLAINT', 'HEAT_INQUIRY', 'HEAT_BILLING']);
    expect(categoriesOf('GAS')).toEqual(['GAS_ALARM', 'GAS_NETWORK_FAULT', 'GAS_APPLIANCE', 'GAS_INSTALL', 'GAS_SERVICE', 'GAS_INSPECTION', 'GAS_COMPLAINT', 'GAS_INQUIRY', 'GAS_BILLING']);
    expect(categoriesOf('WATER')).toHaveLength(18); // domain.md's 17 and the new-connection application
    // The heat and gas defaults route to their own departments only.
    for (const c of [...categoriesOf('HEAT'), ...categoriesOf('GAS')]) expect(DEPARTMENT_UTILITY[DEFAULT_ROUTING[c]]).toBe(categoryUtility(c));
  });

  it('a category of another kind is refused naming input.category', () => {
    expect(() => assertCategoryOfKind(Category.GAS_ALARM, 'GAS')).not.toThrow();
    let err: unknown;
    try {
      assertCategoryOfKind(Category.BURST, 'GAS');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'input.category', category: 'BURST', utility: 'GAS' } });
    expect((err as Error).message).toContain('GAS_ALARM');
  });
});
