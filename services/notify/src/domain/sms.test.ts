import { areaList, composeSms, smsSegments } from './sms';
import { DomainError } from '@mainline/common/domain';
import { defaultTemplate, type TemplateVars } from './templates';

describe('smsSegments', () => {
  it('counts Chinese text as UCS-2: 70 in one segment, 67 per part when concatenated', () => {
    expect(smsSegments('停'.repeat(70))).toEqual({ encoding: 'UCS_2', segments: 1, chars: 70 });
    expect(smsSegments('停'.repeat(71))).toEqual({ encoding: 'UCS_2', segments: 2, chars: 71 });
    expect(smsSegments('停'.repeat(134)).segments).toBe(2);
    expect(smsSegments('停'.repeat(135)).segments).toBe(3);
  });

  it('counts plain ASCII as GSM-7: 160 / 153', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM_7', segments: 1, chars: 160 });
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts GSM extension characters as two septets and a single Chinese char switches the whole text to UCS-2', () => {
    expect(smsSegments('{a}').chars).toBe(5);
    expect(smsSegments('a'.repeat(100) + '停').encoding).toBe('UCS_2');
    // backtick is ASCII but not in the GSM basic set
    expect(smsSegments('`').encoding).toBe('UCS_2');
  });
});

describe('areaList', () => {
  it('shortens to 等N处 in Chinese and "and N more" in English', () => {
    expect(areaList(['幸福路', '和平街', '建设路'], 3, 'zh-CN')).toBe('幸福路、和平街、建设路');
    expect(areaList(['幸福路', '和平街', '建设路'], 1, 'zh-CN')).toBe('幸福路等3处');
    expect(areaList(['A St', 'B Rd', 'C Ave'], 2, 'en')).toBe('A St, B Rd and 1 more');
  });
});

const vars = (over: Partial<TemplateVars> = {}): Omit<TemplateVars, 'areas'> => ({
  utilityName: '云城水务', outageNumber: 'TS-1', outageKind: '计划停水', areaCount: '0', timeRange: '', shortTimeRange: '11月27日08:00至14:00',
  startTime: '', endTime: '', previousTimeRange: '', reason: '管道维修', hotline: '96116', noticeUrl: 'ycsw.cn/n/Ab3dE5fG', approvalNumber: '无',
  population: '0', valveCount: '0', networkName: '', leadTime: '', eventTime: '', issuedAt: '', mainRoadNote: '', ...over,
});

describe('composeSms', () => {
  const template = defaultTemplate('OUTAGE', 'RESIDENT', 'SMS', 'zh-CN').body;

  it('starts with the signature, keeps all areas and one segment when they fit', () => {
    const c = composeSms({ template, vars: vars(), areaNames: ['幸福路', '和平街'], locale: 'zh-CN', signature: '云城水务' });
    expect(c.text).toBe('【云城水务】停水通知：11月27日08:00至14:00幸福路、和平街停水，请提前储水。详见ycsw.cn/n/Ab3dE5fG');
    expect(c.segments).toBe(1);
    expect(c.areasShown).toBe(2);
  });

  it('truncates the area list to 等N处 to stay in one segment, never the link or signature', () => {
    const names = ['幸福路', '和平街', '建设路', '人民路', '解放路', '中山路', '新华街', '文化路'];
    const c = composeSms({ template, vars: vars(), areaNames: names, locale: 'zh-CN', signature: '云城水务' });
    expect(c.segments).toBe(1);
    expect(c.chars).toBeLessThanOrEqual(70);
    expect(c.text.startsWith('【云城水务】')).toBe(true);
    expect(c.text.endsWith('ycsw.cn/n/Ab3dE5fG')).toBe(true);
    expect(c.text).toContain(`等${names.length}处`);
    expect(c.areasShown).toBeGreaterThanOrEqual(1);
    expect(c.areasShown).toBeLessThan(names.length);
  });

  it('goes to two segments only when one area cannot fit in one', () => {
    const longUrl = 'https://notices.example-water-utility.cn/n/Ab3dE5fG';
    const c = composeSms({ template, vars: vars({ noticeUrl: longUrl }), areaNames: ['幸福路', '和平街', '建设路'], locale: 'zh-CN', signature: '云城水务' });
    expect(c.segments).toBe(2);
    expect(c.areasShown).toBe(3);
    expect(c.text).toContain(longUrl);
    expect(c.fits).toBe(true);
  });

  it('reports a template that cannot fit at all instead of cutting the link', () => {
    const c = composeSms({ template: '停'.repeat(200) + '{{areas}}{{noticeUrl}}', vars: vars(), areaNames: ['幸福路'], locale: 'zh-CN', signature: '云城水务' });
    expect(c.fits).toBe(false);
    expect(c.text).toContain('ycsw.cn/n/Ab3dE5fG');
  });

  it('refuses an SMS without a link', () => {
    expect(() => composeSms({ template: '停水{{areas}}', vars: vars(), areaNames: ['a'], locale: 'zh-CN', signature: '云城水务' })).toThrow(DomainError);
  });
});
