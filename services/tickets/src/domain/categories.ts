// Which utility kind each category belongs to, and what kind of work it is for the monthly report
// (docs/domain.md "One desk, several utilities": categories are per utility kind). Data, read by the rules.
import { DEFAULT_UTILITY, InvalidInputError, UTILITY_LABELS, UtilityKind } from '@mainline/common/domain';
import { Category } from './enums';

/** What a category is for the report's per-kind goals: complaints (closure), repairs (timeliness), the rest. */
export type CategoryClass = 'complaint' | 'repair' | 'inquiry' | 'service';

export interface CategoryInfo {
  utility: UtilityKind;
  class: CategoryClass;
}

const water = (c: CategoryClass): CategoryInfo => ({ utility: 'WATER', class: c });
const heat = (c: CategoryClass): CategoryInfo => ({ utility: 'HEAT', class: c });
const gas = (c: CategoryClass): CategoryInfo => ({ utility: 'GAS', class: c });

export const CATEGORY_INFO: Record<Category, CategoryInfo> = {
  BURST: water('repair'), LEAK: water('repair'), NO_WATER: water('repair'), MAINS_PRESSURE: water('service'),
  CUSTOMER_PRESSURE: water('service'), WATER_QUALITY: water('service'), METER_FAULT: water('repair'), METER_BOX: water('repair'),
  BILLING: water('service'), RECONNECTION: water('service'), THEFT: water('service'), COVER: water('repair'),
  SUPPLY_DIFFICULTY: water('service'), WORKS_QUALITY: water('service'), COMPLAINT: water('complaint'), INQUIRY: water('inquiry'),
  URGENT: water('service'), NEW_CONNECTION: water('service'),
  HEAT_LOSS: heat('repair'), HEAT_MAIN_ACCIDENT: heat('repair'), HEAT_LEAK: heat('repair'), HEAT_TEMPERATURE: heat('service'),
  HEAT_REPAIR: heat('repair'), HEAT_CUSTOMER_EQUIPMENT: heat('service'), HEAT_COMPLAINT: heat('complaint'),
  HEAT_INQUIRY: heat('inquiry'), HEAT_BILLING: heat('inquiry'),
  GAS_ALARM: gas('repair'), GAS_NETWORK_FAULT: gas('repair'), GAS_APPLIANCE: gas('repair'), GAS_INSTALL: gas('service'),
  GAS_SERVICE: gas('service'), GAS_INSPECTION: gas('service'), GAS_COMPLAINT: gas('complaint'), GAS_INQUIRY: gas('inquiry'),
  GAS_BILLING: gas('inquiry'),
};

export function categoryUtility(category: Category): UtilityKind {
  return CATEGORY_INFO[category]?.utility ?? DEFAULT_UTILITY;
}

export function categoriesOf(kind: UtilityKind): Category[] {
  return (Object.keys(CATEGORY_INFO) as Category[]).filter((c) => CATEGORY_INFO[c].utility === kind);
}

export function categoriesOfClass(cls: CategoryClass, kind?: UtilityKind): Category[] {
  return (Object.keys(CATEGORY_INFO) as Category[]).filter((c) => CATEGORY_INFO[c].class === cls && (!kind || CATEGORY_INFO[c].utility === kind));
}

/** A report's category must be one of its utility kind's (INVALID_INPUT naming `argument`). */
export function assertCategoryOfKind(category: Category, kind: UtilityKind, argument = 'input.category'): void {
  const own = categoryUtility(category);
  if (own !== kind) {
    throw new InvalidInputError(
      `类别 ${category} 属于${UTILITY_LABELS[own].zh}，不属于${UTILITY_LABELS[kind].zh} / ${argument}: category ${category} belongs to ${own}, not to ${kind}` +
        ` (${kind}: ${categoriesOf(kind).join(', ')})`,
      { argument, category, utility: kind },
    );
  }
}
