import { DomainError } from '@mainline/common/domain';
import { AUDIENCE_CHANNELS, NOTICE_KINDS, type Audience } from './notice';
import { DEFAULT_TEMPLATES, TEMPLATE_VARIABLES, defaultTemplate, defaultTemplates, renderTemplate, renderText, resolveTemplate, templateKey, validateTemplate, type TemplateVars } from './templates';
import { WORDINGS, wordingCode, type NoticeWording } from './wording';

const allVars = Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, `<${v}>`])) as TemplateVars;

describe('renderTemplate', () => {
  it('fills placeholders, tolerating spaces inside the braces', () => {
    expect(renderText('停水区域：{{ areas }}，热线{{hotline}}', { areas: '幸福路', hotline: '96116' })).toBe('停水区域：幸福路，热线96116');
  });

  it('rejects an unknown variable with INVALID_INPUT naming it and where it is', () => {
    let err: unknown;
    try { renderTemplate({ title: '停水通知', body: '第一行\n停水区域：{{area}}' }, allVars); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('INVALID_INPUT');
    expect((err as DomainError).message).toContain('{{area}}');
    expect((err as DomainError).details).toMatchObject({ variable: 'area', line: 2, field: 'body' });
  });

  it('rejects an unclosed placeholder', () => {
    expect(() => renderText('停水区域：{{areas', allVars)).toThrow(/unclosed/);
  });

  it('drops a line that is only an optional variable rendering empty', () => {
    expect(renderText('a\n{{mainRoadNote}}\nb', { mainRoadNote: '' })).toBe('a\nb');
    expect(renderText('a\n{{mainRoadNote}}\nb', { mainRoadNote: '请绕行。' })).toBe('a\n请绕行。\nb');
  });
});

describe('default templates', () => {
  it('exist and validate for every kind × audience × reachable channel × locale', () => {
    let count = 0;
    for (const kind of NOTICE_KINDS) for (const audience of Object.keys(AUDIENCE_CHANNELS) as Audience[]) {
      for (const channel of AUDIENCE_CHANNELS[audience]) for (const locale of ['zh-CN', 'en'] as const) {
        const tpl = DEFAULT_TEMPLATES[templateKey(kind, audience, channel, locale)];
        expect(() => validateTemplate(tpl, { kind, audience, channel, locale })).not.toThrow();
        count++;
      }
    }
    expect(Object.keys(DEFAULT_TEMPLATES)).toHaveLength(count);
  });

  it('publishes the Chinese outage notice with the headings a utility uses', () => {
    const { title, text } = renderTemplate(defaultTemplate('OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN'), { ...allVars, areas: '幸福路、和平街', timeRange: '2026年11月27日 08:00 至 14:00', reason: '管道维修', hotline: '96116', mainRoadNote: '' });
    expect(title).toBe('停水通知');
    expect(text).toContain('停水区域：幸福路、和平街');
    expect(text).toContain('停水时间：2026年11月27日 08:00 至 14:00');
    expect(text).toContain('停水原因：管道维修');
    expect(text).toContain('服务热线 96116');
    expect(text).toContain('敬请谅解');
  });

  it('has titles per kind in both languages', () => {
    expect(defaultTemplate('UPDATE', 'PUBLIC', 'WEBSITE', 'zh-CN').title).toBe('停水时间变更通知');
    expect(defaultTemplate('RESTORATION', 'SITE_POSTER', 'PRINT', 'zh-CN').title).toBe('恢复供水通知');
    expect(defaultTemplate('CANCELLATION', 'PUBLIC', 'WEBSITE', 'en').title).toBe('Water Outage Cancelled');
  });

  it('exist and validate for every utility kind and pressure reduction too', () => {
    const all = defaultTemplates();
    expect(Object.keys(all)).toHaveLength(WORDINGS.length * Object.keys(DEFAULT_TEMPLATES).length);
    for (const wording of WORDINGS) for (const kind of NOTICE_KINDS) for (const audience of Object.keys(AUDIENCE_CHANNELS) as Audience[]) {
      for (const channel of AUDIENCE_CHANNELS[audience]) for (const locale of ['zh-CN', 'en'] as const) {
        const tpl = all[templateKey(kind, audience, channel, locale, wording)];
        expect(() => validateTemplate(tpl, { kind, audience, channel, locale })).not.toThrow();
      }
    }
  });

  it('keep water\'s keys and prefix the others with their wording', () => {
    expect(templateKey('OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN')).toBe('OUTAGE:PUBLIC:WECHAT:zh-CN');
    expect(templateKey('OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN', { utility: 'HEAT', pressureReduction: false })).toBe('HEAT:OUTAGE:PUBLIC:WECHAT:zh-CN');
    expect(templateKey('OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN', { utility: 'WATER', pressureReduction: true })).toBe('WATER_PRESSURE_REDUCTION:OUTAGE:PUBLIC:WECHAT:zh-CN');
    expect(new Set(WORDINGS.map(wordingCode)).size).toBe(WORDINGS.length);
  });

  const HEAT: NoticeWording = { utility: 'HEAT', pressureReduction: false };
  const GAS: NoticeWording = { utility: 'GAS', pressureReduction: false };
  const WATER_REDUCED: NoticeWording = { utility: 'WATER', pressureReduction: true };

  it('say 停热 for heat in titles, SMS and posters, and 恢复供热 when it is back', () => {
    expect(defaultTemplate('OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN', HEAT).title).toBe('停热通知');
    expect(defaultTemplate('OUTAGE', 'SITE_POSTER', 'PRINT', 'zh-CN', HEAT).body).toContain('停热区域：{{areas}}');
    expect(defaultTemplate('OUTAGE', 'RESIDENT', 'SMS', 'zh-CN', HEAT).body).toMatch(/^停热通知：.*停热/);
    expect(defaultTemplate('RESTORATION', 'PUBLIC', 'WEBSITE', 'zh-CN', HEAT).title).toBe('恢复供热通知');
    expect(defaultTemplate('OUTAGE', 'PUBLIC', 'WECHAT', 'en', HEAT).title).toBe('Heating Outage Notice');
    for (const t of Object.values(defaultTemplates([HEAT]))) expect(t.title + t.body).not.toMatch(/停水|供水|储水/);
  });

  it('say 停暖 / 恢复供暖 when the utility prints that word', () => {
    expect(defaultTemplate('OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN', HEAT, { heatStopWord: '停暖' }).title).toBe('停暖通知');
    expect(defaultTemplate('RESTORATION', 'RESIDENT', 'SMS', 'zh-CN', HEAT, { heatStopWord: '停暖' }).body).toMatch(/^恢复供暖：/);
    for (const t of Object.values(defaultTemplates([HEAT], { heatStopWord: '停暖' }))) expect(t.title + t.body).not.toMatch(/停热|恢复供热/);
  });

  it('say 停气 for gas, and the restoration tells customers not to re-light appliances but wait for staff', () => {
    expect(defaultTemplate('OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN', GAS).title).toBe('停气通知');
    expect(defaultTemplate('OUTAGE', 'RESIDENT', 'SMS', 'zh-CN', GAS).body).toMatch(/^停气通知：.*停气/);
    for (const channel of ['WECHAT', 'WEBSITE', 'NEWS_SITE'] as const) {
      const r = defaultTemplate('RESTORATION', 'PUBLIC', channel, 'zh-CN', GAS).body;
      expect(r).toContain('请勿自行开阀点火');
      expect(r).toContain('逐户上门检查');
    }
    expect(defaultTemplate('RESTORATION', 'RESIDENT', 'SMS', 'zh-CN', GAS).body).toContain('请勿自行点火');
    expect(defaultTemplate('RESTORATION', 'IMPORTANT_USER', 'PHONE_LIST', 'zh-CN', GAS).body).toContain('请勿自行点火');
    expect(defaultTemplate('RESTORATION', 'PUBLIC', 'WECHAT', 'en', GAS).body).toContain('re-light');
    for (const t of Object.values(defaultTemplates([GAS]))) expect(t.title + t.body).not.toMatch(/停水|供水|储水/);
  });

  it('a pressure reduction has its own wording (降压供水)', () => {
    expect(defaultTemplate('OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN', WATER_REDUCED).title).toBe('降压供水通知');
    expect(defaultTemplate('OUTAGE', 'RESIDENT', 'SMS', 'zh-CN', WATER_REDUCED).body).toMatch(/^降压供水通知：/);
    expect(defaultTemplate('RESTORATION', 'PUBLIC', 'WECHAT', 'zh-CN', WATER_REDUCED).title).toBe('恢复正常供水通知');
    for (const t of Object.values(defaultTemplates([WATER_REDUCED]))) expect(t.title + t.body).not.toMatch(/停水/);
  });

  it('name the authority from configuration in the report title', () => {
    expect(defaultTemplate('OUTAGE', 'REGULATOR', 'PHONE_LIST', 'zh-CN', HEAT).title).toBe('停热通知（向{{authorityName}}报告）');
  });

  it('refuses a channel the audience is not reached by', () => {
    expect(() => defaultTemplate('OUTAGE', 'RESIDENT', 'WECHAT', 'zh-CN')).toThrow(DomainError);
  });

  it('prefers a supervisor override', () => {
    const overrides = { [templateKey('OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN')]: { title: '紧急通知', body: '{{areas}}' } };
    expect(resolveTemplate(overrides, 'OUTAGE', 'PUBLIC', 'WECHAT', 'zh-CN').title).toBe('紧急通知');
    expect(resolveTemplate(overrides, 'OUTAGE', 'PUBLIC', 'WEBSITE', 'zh-CN').title).toBe('停水通知');
  });
});

describe('validateTemplate', () => {
  it('lists the variables a template uses', () => {
    expect(validateTemplate({ title: '{{outageKind}}', body: '{{areas}} {{areas}} {{hotline}}' }).variables.sort()).toEqual(['areas', 'hotline', 'outageKind']);
  });
  it('requires an SMS template to link the full notice and leave the signature to config', () => {
    const target = { kind: 'OUTAGE', audience: 'RESIDENT', channel: 'SMS', locale: 'zh-CN' } as const;
    expect(() => validateTemplate({ title: '', body: '{{areas}}停水' }, target)).toThrow(/noticeUrl/);
    expect(() => validateTemplate({ title: '', body: '【云城水务】{{areas}}停水{{noticeUrl}}' }, target)).toThrow(/【】/);
    expect(() => validateTemplate({ title: '', body: '{{areas}}停水{{noticeUrl}}' }, target)).not.toThrow();
  });
  it('rejects an empty body or title of a published notice', () => {
    expect(() => validateTemplate({ title: '停水通知', body: '  ' })).toThrow(/body/);
    expect(() => validateTemplate({ title: ' ', body: '{{areas}}' }, { kind: 'OUTAGE', audience: 'PUBLIC', channel: 'WEBSITE', locale: 'zh-CN' })).toThrow(/title/);
  });
});
