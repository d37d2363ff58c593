// Default notice texts and a tiny `{{var}}` engine that supervisors' edited templates go through.
import { invalidInput } from '@mainline/common/domain';
import { AUDIENCE_CHANNELS, NOTICE_KIND_LABELS, type Audience, type Channel, type Locale, type NoticeKind } from './notice';

export interface NoticeTemplate {
  title: string;
  body: string;
}

/** The only names a template may use; compose.ts fills every one of them (empty string when not applicable). */
export const TEMPLATE_VARIABLES = [
  'utilityName', // 云城水务
  'outageNumber', // TS-2026-0042 (the outage id when it has no number)
  'outageKind', // 计划停水 / 紧急停水
  'areas', // 幸福路、和平街 (SMS: truncated to "幸福路等5处")
  'areaCount',
  'timeRange', // 2026年11月27日 08:00 至 14:00
  'shortTimeRange', // 11月27日08:00至14:00
  'startTime',
  'endTime',
  'previousTimeRange', // UPDATE: the times announced before
  'reason',
  'hotline',
  'noticeUrl',
  'approvalNumber', // the bureau's approval, "无" when none
  'population',
  'valveCount',
  'networkName',
  'leadTime', // REMINDER: 24小时
  'eventTime', // when it was restored / cancelled
  'issuedAt', // date line under the signature
  'mainRoadNote', // a sentence when the works are on a main road, else empty
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateVars = Record<TemplateVariable, string>;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

export type TemplateKey = `${NoticeKind}:${Audience}:${Channel}:${Locale}`;
export type TemplateOverrides = Partial<Record<TemplateKey, NoticeTemplate>>;

export function templateKey(kind: NoticeKind, audience: Audience, channel: Channel, locale: Locale): TemplateKey {
  return `${kind}:${audience}:${channel}:${locale}`;
}

// ---------------------------------------------------------------- engine

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

interface Placeholder { name: string; line: number; column: number }

function scan(text: string, field: string): Placeholder[] {
  const found: Placeholder[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(PLACEHOLDER)) {
      const name = m[1];
      const where = { field, line: i + 1, column: (m.index ?? 0) + 1 };
      if (!KNOWN.has(name)) {
        throw invalidInput(`unknown template variable "{{${name}}}" in ${field}, line ${where.line}, column ${where.column}; allowed: ${TEMPLATE_VARIABLES.join(', ')}`,
          { ...where, variable: name });
      }
      found.push({ name, line: where.line, column: where.column });
    }
    const rest = line.replace(PLACEHOLDER, '');
    const stray = rest.search(/\{\{|\}\}/);
    if (stray >= 0) {
      throw invalidInput(`unclosed "{{" or stray "}}" in ${field}, line ${i + 1}`, { field, line: i + 1 });
    }
  });
  return found;
}

/**
 * Fills `{{var}}` placeholders. Unknown names are INVALID_INPUT naming the variable; a line made only of
 * placeholders that render empty is dropped, so optional sentences leave no blank line.
 */
export function renderText(text: string, vars: Partial<TemplateVars>, field = 'body'): string {
  scan(text, field);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const rendered = line.replace(PLACEHOLDER, (_m, name: string) => {
      const v = vars[name as TemplateVariable];
      if (v === undefined) throw invalidInput(`template variable "{{${name}}}" in ${field} has no value`, { field, variable: name });
      return v;
    });
    const onlyPlaceholders = line.trim() !== '' && line.replace(PLACEHOLDER, '').trim() === '';
    if (onlyPlaceholders && rendered.trim() === '') continue;
    out.push(rendered);
  }
  return out.join('\n');
}

export function renderTemplate(tpl: NoticeTemplate, vars: Partial<TemplateVars>): { title: string; text: string } {
  return { title: renderText(tpl.title, vars, 'title'), text: renderText(tpl.body, vars, 'body') };
}

/**
 * Checks a template before a supervisor saves it; throws INVALID_INPUT naming what is wrong.
 * With a target it also checks the channel's rules (SMS must link the full notice, the carrier adds 【signature】).
 */
export function validateTemplate(
  tpl: NoticeTemplate,
  target?: { kind: NoticeKind; audience: Audience; channel: Channel; locale: Locale },
): { variables: TemplateVariable[] } {
  if (typeof tpl?.title !== 'string' || typeof tpl?.body !== 'string') {
    throw invalidInput('template needs a string title and body', { field: typeof tpl?.title !== 'string' ? 'title' : 'body' });
  }
  if (tpl.body.trim() === '') throw invalidInput('template body is empty', { field: 'body' });
  const used = new Set<TemplateVariable>();
  for (const p of scan(tpl.title, 'title')) used.add(p.name as TemplateVariable);
  for (const p of scan(tpl.body, 'body')) used.add(p.name as TemplateVariable);
  if (target) {
    if (!AUDIENCE_CHANNELS[target.audience].includes(target.channel)) {
      throw invalidInput(`audience ${target.audience} is not reached by channel ${target.channel}`, { field: 'channel' });
    }
    if (target.channel !== 'SMS' && tpl.title.trim() === '') throw invalidInput('template title is empty', { field: 'title' });
    if (target.channel === 'SMS') {
      if (!used.has('noticeUrl')) throw invalidInput('an SMS template must contain {{noticeUrl}}: the SMS is short and links the full notice', { field: 'body', variable: 'noticeUrl' });
      if (/[【】]/.test(tpl.body)) throw invalidInput('an SMS template must not contain 【】: the signature is added from configuration', { field: 'body' });
    }
  }
  return { variables: [...used] };
}

// ---------------------------------------------------------------- defaults

type Style = 'LONG' | 'SMS' | 'CALL';
const styleOf = (channel: Channel): Style => (channel === 'SMS' ? 'SMS' : channel === 'PHONE_LIST' ? 'CALL' : 'LONG');

const TITLES = NOTICE_KIND_LABELS;

const SIGN_ZH = '{{utilityName}}\n{{issuedAt}}';
const SIGN_EN = '{{utilityName}}\n{{issuedAt}}';

const LONG: Record<NoticeKind, Record<Locale, string>> = {
  OUTAGE: {
    'zh-CN': [
      '尊敬的用户：',
      '{{utilityName}}将暂停以下区域供水，具体安排如下：',
      '停水区域：{{areas}}',
      '停水时间：{{timeRange}}',
      '停水原因：{{reason}}',
      '{{mainRoadNote}}',
      '请受影响的用户提前做好储水准备；停水期间请关闭水龙头，以免恢复供水时跑水造成损失。',
      '如有疑问，请拨打服务热线 {{hotline}}。由此给您带来的不便，敬请谅解！',
      SIGN_ZH,
    ].join('\n'),
    en: [
      'Dear customers,',
      '{{utilityName}} will interrupt the water supply as follows:',
      'Area: {{areas}}',
      'Time: {{timeRange}}',
      'Reason: {{reason}}',
      '{{mainRoadNote}}',
      'Please store water in advance and keep taps closed during the outage to avoid flooding when the supply returns.',
      'For questions please call our service hotline {{hotline}}. We apologise for the inconvenience.',
      SIGN_EN,
    ].join('\n'),
  },
  REMINDER: {
    'zh-CN': [
      '尊敬的用户：',
      '以下区域将于{{leadTime}}后停止供水，请提前做好储水准备：',
      '停水区域：{{areas}}',
      '停水时间：{{timeRange}}',
      '停水原因：{{reason}}',
      '如有疑问，请拨打服务热线 {{hotline}}。由此给您带来的不便，敬请谅解！',
      SIGN_ZH,
    ].join('\n'),
    en: [
      'Dear customers,',
      'The water supply in the following area will stop in {{leadTime}}. Please store water now.',
      'Area: {{areas}}',
      'Time: {{timeRange}}',
      'Reason: {{reason}}',
      'For questions please call our service hotline {{hotline}}. We apologise for the inconvenience.',
      SIGN_EN,
    ].join('\n'),
  },
  UPDATE: {
    'zh-CN': [
      '尊敬的用户：',
      '原定于{{previousTimeRange}}的停水作业时间有变，调整后的安排如下：',
      '停水区域：{{areas}}',
      '停水时间：{{timeRange}}',
      '停水原因：{{reason}}',
      '请受影响的用户按调整后的时间做好储水准备。如有疑问，请拨打服务热线 {{hotline}}。由此给您带来的不便，敬请谅解！',
      SIGN_ZH,
    ].join('\n'),
    en: [
      'Dear customers,',
      'The water outage previously announced for {{previousTimeRange}} has been rescheduled:',
      'Area: {{areas}}',
      'New time: {{timeRange}}',
      'Reason: {{reason}}',
      'Please store water according to the new schedule. For questions please call our service hotline {{hotline}}. We apologise for the inconvenience.',
      SIGN_EN,
    ].join('\n'),
  },
  RESTORATION: {
    'zh-CN': [
      '尊敬的用户：',
      '{{areas}}的停水作业已完成，已于{{eventTime}}恢复供水。',
      '恢复供水初期水质可能短时浑浊，请放水片刻至水清后再使用。',
      '如仍未来水或水质异常，请拨打服务热线 {{hotline}}。感谢您的理解与支持！',
      SIGN_ZH,
    ].join('\n'),
    en: [
      'Dear customers,',
      'The works in {{areas}} are complete and the water supply was restored at {{eventTime}}.',
      'The water may be cloudy at first; please let the tap run until it is clear.',
      'If you still have no water or the water looks wrong, please call our service hotline {{hotline}}. Thank you for your patience.',
      SIGN_EN,
    ].join('\n'),
  },
  CANCELLATION: {
    'zh-CN': [
      '尊敬的用户：',
      '原定于{{timeRange}}在{{areas}}进行的停水作业已取消，届时将正常供水。',
      '如有疑问，请拨打服务热线 {{hotline}}。由此给您带来的不便，敬请谅解！',
      SIGN_ZH,
    ].join('\n'),
    en: [
      'Dear customers,',
      'The water outage planned for {{timeRange}} in {{areas}} has been cancelled; the supply will continue as normal.',
      'For questions please call our service hotline {{hotline}}. We apologise for any inconvenience.',
      SIGN_EN,
    ].join('\n'),
  },
};

// SMS bodies stay short: the carrier adds 【signature】 and the link carries the full notice.
const SMS: Record<NoticeKind, Record<Locale, string>> = {
  OUTAGE: {
    'zh-CN': '停水通知：{{shortTimeRange}}{{areas}}停水，请提前储水。详见{{noticeUrl}}',
    en: 'Water outage {{shortTimeRange}}: {{areas}}. Please store water. {{noticeUrl}}',
  },
  REMINDER: {
    'zh-CN': '停水提醒：{{areas}}将于{{shortTimeRange}}停水，请提前储水。详见{{noticeUrl}}',
    en: 'Reminder: water outage {{shortTimeRange}}: {{areas}}. {{noticeUrl}}',
  },
  UPDATE: {
    'zh-CN': '停水时间变更：{{areas}}停水改为{{shortTimeRange}}。详见{{noticeUrl}}',
    en: 'Outage rescheduled to {{shortTimeRange}}: {{areas}}. {{noticeUrl}}',
  },
  RESTORATION: {
    'zh-CN': '恢复供水：{{areas}}已恢复供水，如水浑浊请放水片刻。详见{{noticeUrl}}',
    en: 'Water restored: {{areas}}. Run the tap if cloudy. {{noticeUrl}}',
  },
  CANCELLATION: {
    'zh-CN': '取消停水：原定{{shortTimeRange}}{{areas}}停水已取消。详见{{noticeUrl}}',
    en: 'Outage cancelled ({{shortTimeRange}}): {{areas}}. {{noticeUrl}}',
  },
};

const CALL_CORE: Record<NoticeKind, Record<Locale, string>> = {
  OUTAGE: {
    'zh-CN': '{{outageKind}}（编号{{outageNumber}}）：因{{reason}}，{{areas}}将于{{timeRange}}停止供水。',
    en: '{{outageKind}} (no. {{outageNumber}}): because of {{reason}}, {{areas}} will have no water on {{timeRange}}.',
  },
  REMINDER: {
    'zh-CN': '提醒（编号{{outageNumber}}）：{{areas}}将于{{leadTime}}后停止供水，停水时间{{timeRange}}。',
    en: 'Reminder (no. {{outageNumber}}): {{areas}} will have no water in {{leadTime}}, {{timeRange}}.',
  },
  UPDATE: {
    'zh-CN': '变更（编号{{outageNumber}}）：{{areas}}停水时间由{{previousTimeRange}}调整为{{timeRange}}。',
    en: 'Change (no. {{outageNumber}}): the outage in {{areas}} moved from {{previousTimeRange}} to {{timeRange}}.',
  },
  RESTORATION: {
    'zh-CN': '恢复供水（编号{{outageNumber}}）：{{areas}}已于{{eventTime}}恢复供水。',
    en: 'Restored (no. {{outageNumber}}): water is back in {{areas}} since {{eventTime}}.',
  },
  CANCELLATION: {
    'zh-CN': '取消（编号{{outageNumber}}）：原定于{{timeRange}}在{{areas}}的停水已取消，届时正常供水。',
    en: 'Cancelled (no. {{outageNumber}}): the outage planned for {{timeRange}} in {{areas}} will not happen.',
  },
};

const CALL_FRAME: Partial<Record<Audience, Record<Locale, { title: string; before: string; after: string }>>> = {
  IMPORTANT_USER: {
    'zh-CN': { title: '（重要用户电话通知）', before: '您好，这里是{{utilityName}}服务热线。', after: '贵单位在影响范围内，请提前储水并做好应急安排。如有疑问请拨打 {{hotline}}。' },
    en: { title: ' (call to important user)', before: 'Hello, this is the {{utilityName}} service hotline.', after: 'Your site is affected; please store water and plan accordingly. Questions: {{hotline}}.' },
  },
  INTERNAL: {
    'zh-CN': { title: '（内部电话通报）', before: '内部通报：', after: '影响人口约{{population}}人，关闭阀门{{valveCount}}个，管网：{{networkName}}，审批文号：{{approvalNumber}}。' },
    en: { title: ' (internal call)', before: 'Internal: ', after: 'About {{population}} people affected, {{valveCount}} valves closed, network {{networkName}}, approval {{approvalNumber}}.' },
  },
  REGULATOR: {
    'zh-CN': { title: '（向城市管理局报告）', before: '{{utilityName}}报告：', after: '影响人口约{{population}}人，已组织处置，后续情况将及时报告。' },
    en: { title: ' (report to the city administration bureau)', before: '{{utilityName}} reports: ', after: 'About {{population}} people affected; crews are working and we will report further.' },
  },
};

/** The shipped template for a combination; INVALID_INPUT when the audience is not reached on that channel. */
export function defaultTemplate(kind: NoticeKind, audience: Audience, channel: Channel, locale: Locale): NoticeTemplate {
  if (!AUDIENCE_CHANNELS[audience].includes(channel)) {
    throw invalidInput(`audience ${audience} is not reached by channel ${channel}`, { audience, channel });
  }
  const title = TITLES[kind][locale];
  switch (styleOf(channel)) {
    case 'LONG':
      return { title, body: LONG[kind][locale] };
    case 'SMS': {
      // Important users are organisations that must act (store water), residents just need to know.
      const body = audience === 'IMPORTANT_USER' && locale === 'zh-CN' ? SMS[kind][locale].replace('请提前储水', '请贵单位提前储水') : SMS[kind][locale];
      return { title, body };
    }
    case 'CALL': {
      const frame = CALL_FRAME[audience]![locale];
      const after = kind === 'RESTORATION' || kind === 'CANCELLATION' ? (audience === 'IMPORTANT_USER' ? '' : frame.after) : frame.after;
      return { title: title + frame.title, body: [frame.before + CALL_CORE[kind][locale], after].filter(Boolean).join('\n') };
    }
  }
}

/** Every valid (kind, audience, channel, locale) with its shipped template. */
export const DEFAULT_TEMPLATES: Readonly<Record<string, NoticeTemplate>> = (() => {
  const all: Record<string, NoticeTemplate> = {};
  for (const kind of Object.keys(TITLES) as NoticeKind[]) {
    for (const audience of Object.keys(AUDIENCE_CHANNELS) as Audience[]) {
      for (const channel of AUDIENCE_CHANNELS[audience]) {
        for (const locale of ['zh-CN', 'en'] as Locale[]) all[templateKey(kind, audience, channel, locale)] = defaultTemplate(kind, audience, channel, locale);
      }
    }
  }
  return all;
})();

/** The supervisor's saved template when there is one, else the shipped default. */
export function resolveTemplate(overrides: TemplateOverrides, kind: NoticeKind, audience: Audience, channel: Channel, locale: Locale): NoticeTemplate {
  return overrides[templateKey(kind, audience, channel, locale)] ?? defaultTemplate(kind, audience, channel, locale);
}
