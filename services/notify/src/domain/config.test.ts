import { DEFAULT_NOTIFY_CONFIG, notifyConfig } from './config';

describe('notifyConfig', () => {
  it('defaults to the docs/domain.md figures', () => {
    const c = notifyConfig();
    expect([c.timeZone, c.utilities.WATER.importantLeadHours, c.reminderHours, c.smsBatchSize, c.locales]).toEqual(['Asia/Shanghai', 24, [24, 2], 1000, ['zh-CN', 'en']]);
    expect(c).toEqual(DEFAULT_NOTIFY_CONFIG);
  });
  it('rejects bad values naming the field', () => {
    expect(() => notifyConfig({ timeZone: 'Mars/Olympus' })).toThrow(/timeZone/);
    expect(() => notifyConfig({ smsBatchSize: 0 })).toThrow(/smsBatchSize/);
    expect(() => notifyConfig({ reminderHours: [24, -1] })).toThrow(/reminderHours\[1\]/);
    expect(() => notifyConfig({ smsSignature: '【云城水务】' })).toThrow(/smsSignature/);
    expect(() => notifyConfig({ utilities: { GAS: { publicLeadHours: -2 } } })).toThrow(/utilities\.GAS\.publicLeadHours/);
    expect(() => notifyConfig({ utilities: { HEAT: { authority: { large: 'SOMETIMES' as never } } } })).toThrow(/utilities\.HEAT\.authority\.large/);
    expect(() => notifyConfig({ largeOutageMargin: 1 })).toThrow(/largeOutageMargin/);
    expect(() => notifyConfig({ defaultHeatingSeason: { startsOn: '11-15', endsOn: '3/19' } })).toThrow(/defaultHeatingSeason\.endsOn/);
  });
  it('overrides one kind field by field, leaving the others and the defaults alone', () => {
    const c = notifyConfig({ utilities: { GAS: { publicLeadHours: 48, authority: { contacts: [{ id: 'g', phone: '1' }] } } } });
    expect(c.utilities.GAS).toMatchObject({ publicLeadHours: 48, importantLeadHours: 24, authority: { name: { 'zh-CN': '燃气主管部门' }, large: 'ALL', contacts: [{ id: 'g', phone: '1' }] } });
    expect(c.utilities.WATER).toEqual(notifyConfig().utilities.WATER);
    expect(notifyConfig().utilities.GAS.authority.contacts).toEqual([]);
  });
});
