import { areaList, composeSms, smsSegments } from './sms';
import { DomainError } from '@mainline/common/domain';
import { defaultTemplate, type TemplateVars } from './templates';
import { LOCALES, NOTICE_KINDS } from './notice';
import { WORDINGS, wordingCode } from './wording';

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
  population: '0', valveCount: '0', networkName: '', leadTime: '', eventTime: '', issuedAt: '', mainRoadNote: '', authorityName: '城市管理局', handlingNote: '', ...over,
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

describe('SMS of every utility kind fit the same limits as water\'s', () => {
  // What compose.ts fills in, per locale (direct notices go out in NOTIFY_DIRECT_LOCALE, zh-CN by default).
  const realistic = {
    'zh-CN': vars({
      outageKind: '计划停热', timeRange: '2026年11月27日 08:00 至 14:00', shortTimeRange: '11月27日08:00至14:00',
      previousTimeRange: '2026年11月26日 08:00 至 14:00', leadTime: '24小时', eventTime: '2026年11月27日 14:00', issuedAt: '2026年11月26日',
      population: '8000', valveCount: '4', areaCount: '3',
    }),
    en: vars({
      outageKind: 'Planned heating outage', timeRange: '27 Nov 2026, 08:00 to 14:00', shortTimeRange: '27 Nov 08:00-14:00',
      previousTimeRange: '26 Nov 2026, 08:00 to 14:00', leadTime: '24 hours', eventTime: '27 Nov 2026, 14:00', issuedAt: '26 Nov 2026',
      population: '8000', valveCount: '4', areaCount: '3',
    }),
  };
  const names = {
    'zh-CN': ['幸福路', '和平街', '建设路', '人民路', '解放路', '中山路', '新华街', '文化路'],
    en: ['Xingfu Rd', 'Heping St', 'Jianshe Rd', 'Renmin Rd', 'Jiefang Rd', 'Zhongshan Rd', 'Xinhua St', 'Wenhua Rd'],
  };

  for (const wording of WORDINGS) {
    describe(wordingCode(wording), () => {
      for (const kind of NOTICE_KINDS) for (const audience of ['RESIDENT', 'IMPORTANT_USER'] as const) for (const locale of LOCALES) {
        // 【】 are not GSM-7, so every SMS is UCS-2 (70 / 67): Chinese ones fit one segment, English ones the two allowed.
        const segments = locale === 'zh-CN' ? 1 : 2;
        it(`${kind} to ${audience} (${locale}): ${segments} segment(s), signature first, link last, areas shortened rather than cut`, () => {
          const template = defaultTemplate(kind, audience, 'SMS', locale, wording).body;
          for (const areaNames of [names[locale].slice(0, 3), names[locale]]) {
            const c = composeSms({ template, vars: realistic[locale], areaNames, locale, signature: '云城水务' });
            expect(c.segments).toBeLessThanOrEqual(segments);
            expect(c.fits).toBe(true);
            expect(c.text.startsWith('【云城水务】')).toBe(true);
            expect(c.text.endsWith('ycsw.cn/n/Ab3dE5fG')).toBe(true);
            expect(c.areasShown).toBeGreaterThanOrEqual(1);
            expect(c.text).toContain(areaNames[0]);
            if (c.areasShown < areaNames.length) expect(c.text).toContain(locale === 'zh-CN' ? `等${areaNames.length}处` : `and ${areaNames.length - c.areasShown} more`);
          }
        });
      }
    });
  }
});
