import { domainConfig, loadNotifyServiceConfig } from './config';

const base = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' };

describe('notify configuration', () => {
  it('defaults to docs/domain.md figures', () => {
    const c = domainConfig(loadNotifyServiceConfig(base));
    expect(c).toMatchObject({ timeZone: 'Asia/Shanghai', reminderHours: [24, 2], leadHours: 24, smsBatchSize: 1000, smsSignature: '云城水务', locales: ['zh-CN', 'en'] });
  });

  it('reads contacts as name=phone pairs', () => {
    const c = loadNotifyServiceConfig({ ...base, NOTIFY_INTERNAL_CONTACTS: '生产调度中心=0871-6100001, 值班领导=13900000001' });
    expect(c.NOTIFY_INTERNAL_CONTACTS).toEqual([
      { id: 'internal-1', name: '生产调度中心', phone: '0871-6100001' },
      { id: 'internal-2', name: '值班领导', phone: '13900000001' },
    ]);
  });

  it('fails at boot naming the bad variable', () => {
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_SMS_SIGNATURE: '【云城水务】' })).toThrow(/NOTIFY_SMS_SIGNATURE: must be the bare name/);
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_REMINDER_HOURS: '24,abc' })).toThrow(/NOTIFY_REMINDER_HOURS/);
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_INTERNAL_CONTACTS: '值班领导' })).toThrow(/NOTIFY_INTERNAL_CONTACTS: entry 1 \("值班领导"\) must be name=phone/);
    expect(() => loadNotifyServiceConfig({ ...base, TIME_ZONE: 'Mars/Base' })).toThrow(/TIME_ZONE/);
  });
});
