import { domainConfig, loadNotifyServiceConfig } from './config';

const base = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' };

describe('notify configuration', () => {
  it('defaults to docs/domain.md figures', () => {
    const c = domainConfig(loadNotifyServiceConfig(base));
    expect(c).toMatchObject({ timeZone: 'Asia/Shanghai', reminderHours: [24, 2], smsBatchSize: 1000, smsSignature: '云城水务', locales: ['zh-CN', 'en'] });
    expect(c).toMatchObject({ largeOutageMargin: 0, phoneListImportantKinds: '*', emergencyPublicity: 'ALL', heatStopWord: '停热', defaultHeatingSeason: { startsOn: '11-15', endsOn: '03-19' } });
    expect(c.utilities.WATER).toMatchObject({ publicLeadHours: 24, importantLeadHours: 24, authority: { name: { 'zh-CN': '城市管理局' }, large: 'EMERGENCY', plantSource: true, inHeatingSeason: false } });
    expect(c.utilities.HEAT).toMatchObject({ publicLeadHours: 24, importantLeadHours: 24, authority: { name: { 'zh-CN': '供热主管部门' }, large: 'EMERGENCY', inHeatingSeason: true }, utilityName: null });
    expect(c.utilities.GAS).toMatchObject({ publicLeadHours: 24, importantLeadHours: 24, authority: { name: { 'zh-CN': '燃气主管部门' }, large: 'ALL', inHeatingSeason: false } });
  });

  it('reads each kind\'s lead times, authority, contacts and signature; water keeps its first variable names', () => {
    const c = domainConfig(loadNotifyServiceConfig({
      ...base, NOTIFY_LEAD_HOURS: '36', NOTIFY_REGULATOR_CONTACTS: '城市管理局供水科=0871-6300001',
      NOTIFY_GAS_LEAD_HOURS: '48', NOTIFY_GAS_PUBLIC_LEAD_HOURS: '72', NOTIFY_GAS_AUTHORITY_LARGE: 'EMERGENCY', NOTIFY_GAS_AUTHORITY_NAME: '市燃气管理处',
      NOTIFY_GAS_SMS_SIGNATURE: '云城燃气', NOTIFY_GAS_HOTLINE: '96777', NOTIFY_GAS_AUTHORITY_CONTACTS: '燃气管理处=0871-6500001',
      NOTIFY_HEAT_AUTHORITY_IN_SEASON: 'false', NOTIFY_HEAT_INTERNAL_CONTACTS: '热力调度=0871-6700001', NOTIFY_HEAT_STOP_WORD: '停暖',
      NOTIFY_DEFAULT_HEATING_SEASON_START: '11-01', NOTIFY_LARGE_OUTAGE_MARGIN: '0.05', NOTIFY_PHONE_LIST_IMPORTANT_KINDS: 'HOSPITAL, FACTORY',
      NOTIFY_EMERGENCY_PUBLICITY: 'LARGE',
    }));
    expect(c.utilities.WATER).toMatchObject({ importantLeadHours: 36, publicLeadHours: 24, authority: { contacts: [{ id: 'regulator-1', name: '城市管理局供水科', phone: '0871-6300001' }] } });
    expect(c.utilities.GAS).toMatchObject({
      importantLeadHours: 48, publicLeadHours: 72, smsSignature: '云城燃气', hotline: '96777', utilityName: null,
      authority: { large: 'EMERGENCY', name: { 'zh-CN': '市燃气管理处', en: 'gas authority' }, contacts: [{ id: 'gas-authority-1', name: '燃气管理处', phone: '0871-6500001' }] },
    });
    expect(c.utilities.HEAT).toMatchObject({ authority: { inHeatingSeason: false }, internalContacts: [{ id: 'heat-internal-1', name: '热力调度', phone: '0871-6700001' }] });
    expect(c).toMatchObject({ heatStopWord: '停暖', defaultHeatingSeason: { startsOn: '11-01', endsOn: '03-19' }, largeOutageMargin: 0.05, phoneListImportantKinds: ['HOSPITAL', 'FACTORY'], emergencyPublicity: 'LARGE' });
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
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_HEAT_STOP_WORD: '断热' })).toThrow(/NOTIFY_HEAT_STOP_WORD/);
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_GAS_AUTHORITY_LARGE: 'SOMETIMES' })).toThrow(/NOTIFY_GAS_AUTHORITY_LARGE/);
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_HEAT_AUTHORITY_IN_SEASON: 'yes' })).toThrow(/NOTIFY_HEAT_AUTHORITY_IN_SEASON/);
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_DEFAULT_HEATING_SEASON_END: '3-19' })).toThrow(/NOTIFY_DEFAULT_HEATING_SEASON_END: must be MM-DD/);
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_GAS_LEAD_HOURS: '-1' })).toThrow(/NOTIFY_GAS_LEAD_HOURS/);
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_LARGE_OUTAGE_MARGIN: '1.5' })).toThrow(/NOTIFY_LARGE_OUTAGE_MARGIN/);
    expect(() => loadNotifyServiceConfig({ ...base, NOTIFY_GAS_SMS_SIGNATURE: '【云城燃气】' })).toThrow(/NOTIFY_GAS_SMS_SIGNATURE/);
  });
});
