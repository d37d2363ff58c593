import { restorationNeedsCustomerChecks } from './restoration';

describe('restoration', () => {
  it('checks ignition customer by customer after a gas outage only', () => {
    expect(restorationNeedsCustomerChecks('GAS')).toBe(true);
    expect(restorationNeedsCustomerChecks('WATER')).toBe(false);
    expect(restorationNeedsCustomerChecks('HEAT')).toBe(false);
  });
});
