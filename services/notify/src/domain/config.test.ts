import { DEFAULT_NOTIFY_CONFIG, notifyConfig } from './config';

describe('notifyConfig', () => {
  it('defaults to the docs/domain.md figures', () => {
    const c = notifyConfig();
    expect([c.timeZone, c.leadHours, c.reminderHours, c.smsBatchSize, c.locales]).toEqual(['Asia/Shanghai', 24, [24, 2], 1000, ['zh-CN', 'en']]);
    expect(c).toEqual(DEFAULT_NOTIFY_CONFIG);
  });
  it('rejects bad values naming the field', () => {
    expect(() => notifyConfig({ timeZone: 'Mars/Olympus' })).toThrow(/timeZone/);
    expect(() => notifyConfig({ smsBatchSize: 0 })).toThrow(/smsBatchSize/);
    expect(() => notifyConfig({ reminderHours: [24, -1] })).toThrow(/reminderHours\[1\]/);
    expect(() => notifyConfig({ smsSignature: '【云城水务】' })).toThrow(/smsSignature/);
  });
});
