// Default notice texts and a tiny `{{var}}` engine that supervisors' edited templates go through.
import { invalidInput } from '@mainline/common/domain';
import { AUDIENCE_CHANNELS, LOCALES, NOTICE_KINDS, type Audience, type Channel, type Locale, type NoticeKind } from './notice';
import { phrasesFor, WATER_WORDING, wordingCode, WORDINGS, type HeatStopWord, type NoticeWording, type Phrases } from './wording';

export interface NoticeTemplate {
  title: string;
  body: string;
}

/** The only names a template may use; compose.ts fills every one of them (empty string when not applicable). */
export const TEMPLATE_VARIABLES = [
  'utilityName', // 云城水务
  'outageNumber', // TS-2026-0042 (the outage id when it has no number)
  'outageKind', // 计划停水 / 紧急停水 / 计划停热 / 计划降压供水 …
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
  'authorityName', // 城市管理局 / 供热主管部门 / 燃气主管部门 (configuration, per utility kind)
  'handlingNote', // to the authority: 已组织处置，后续情况将及时报告。 (emergency) / 特此报备。 (planned)
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateVars = Record<TemplateVariable, string>;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

/**
 * `OUTAGE:PUBLIC:WECHAT:zh-CN` for water's own wording (the key it always had), `HEAT:OUTAGE:…`,
 * `WATER_PRESSURE_REDUCTION:OUTAGE:…` for the others.
 */
export type TemplateKey = string;
export type TemplateOverrides = Partial<Record<TemplateKey, NoticeTemplate>>;

export function templateKey(kind: NoticeKind, audience: Audience, channel: Channel, locale: Locale, wording: NoticeWording = WATER_WORDING): TemplateKey {
  const base = `${kind}:${audience}:${channel}:${locale}`;
  const code = wordingCode(wording);
  return code === wordingCode(WATER_WORDING) ? base : `${code}:${base}`;
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

const SIGN_ZH = '{{utilityName}}\n{{issuedAt}}';
const SIGN_EN = '{{utilityName}}\n{{issuedAt}}';
const HOTLINE_ZH = '如有疑问，请拨打服务热线 {{hotline}}。由此给您带来的不便，敬请谅解！';
const HOTLINE_EN = 'For questions please call our service hotline {{hotline}}. We apologise for the inconvenience.';

type PerLocale = Record<Locale, string>;
type PerKind = Record<NoticeKind, PerLocale>;

function titles(p: Phrases): PerKind {
  const z = p['zh-CN'];
  const e = p.en;
  return {
    OUTAGE: { 'zh-CN': `${z.noun}通知`, en: `${e.title} Notice` },
    REMINDER: { 'zh-CN': `${z.noun}提醒`, en: `${e.title} Reminder` },
    UPDATE: { 'zh-CN': `${z.noun}时间变更通知`, en: `${e.title} Schedule Change` },
    RESTORATION: { 'zh-CN': `${z.restored}通知`, en: e.restoredTitle },
    CANCELLATION: { 'zh-CN': `取消${z.noun}通知`, en: `${e.title} Cancelled` },
  };
}

/** Published notices (WeChat, website, news site, posters). */
function long(p: Phrases): PerKind {
  const z = p['zh-CN'];
  const e = p.en;
  const lines = (...l: string[]) => l.join('\n');
  return {
    OUTAGE: {
      'zh-CN': lines('尊敬的用户：', `{{utilityName}}将${z.suspendArea}，具体安排如下：`, `${z.noun}区域：{{areas}}`, `${z.noun}时间：{{timeRange}}`, `${z.noun}原因：{{reason}}`,
        '{{mainRoadNote}}', z.outageAdvice, HOTLINE_ZH, SIGN_ZH),
      en: lines('Dear customers,', `{{utilityName}} will ${e.suspend} as follows:`, 'Area: {{areas}}', 'Time: {{timeRange}}', 'Reason: {{reason}}',
        '{{mainRoadNote}}', e.outageAdvice, HOTLINE_EN, SIGN_EN),
    },
    REMINDER: {
      'zh-CN': lines('尊敬的用户：', `以下区域将于{{leadTime}}后${z.stopVerb}，${z.prepare}：`, `${z.noun}区域：{{areas}}`, `${z.noun}时间：{{timeRange}}`, `${z.noun}原因：{{reason}}`,
        HOTLINE_ZH, SIGN_ZH),
      en: lines('Dear customers,', e.remindLine, 'Area: {{areas}}', 'Time: {{timeRange}}', 'Reason: {{reason}}', HOTLINE_EN, SIGN_EN),
    },
    UPDATE: {
      'zh-CN': lines('尊敬的用户：', `原定于{{previousTimeRange}}的${z.noun}作业时间有变，调整后的安排如下：`, `${z.noun}区域：{{areas}}`, `${z.noun}时间：{{timeRange}}`, `${z.noun}原因：{{reason}}`,
        z.updatePrepare + HOTLINE_ZH, SIGN_ZH),
      en: lines('Dear customers,', `The ${e.outageNoun} previously announced for {{previousTimeRange}} has been rescheduled:`, 'Area: {{areas}}', 'New time: {{timeRange}}', 'Reason: {{reason}}',
        `${e.updatePrepare} ${HOTLINE_EN}`, SIGN_EN),
    },
    RESTORATION: {
      'zh-CN': lines('尊敬的用户：', `{{areas}}的${z.noun}作业已完成，已于{{eventTime}}${z.restored}。`, z.restoredAdvice, z.restoredHelp, SIGN_ZH),
      en: lines('Dear customers,', `The works in {{areas}} are complete and the ${e.supplyNoun} was restored at {{eventTime}}.`, e.restoredAdvice, e.restoredHelp, SIGN_EN),
    },
    CANCELLATION: {
      'zh-CN': lines('尊敬的用户：', `原定于{{timeRange}}在{{areas}}进行的${z.noun}作业已取消，届时将正常${z.supply}。`, HOTLINE_ZH, SIGN_ZH),
      en: lines('Dear customers,', `The ${e.outageNoun} planned for {{timeRange}} in {{areas}} has been cancelled; the supply will continue as normal.`,
        'For questions please call our service hotline {{hotline}}. We apologise for any inconvenience.', SIGN_EN),
    },
  };
}

// SMS bodies stay short: the carrier adds 【signature】 and the link carries the full notice.
function sms(p: Phrases, org: boolean): PerKind {
  const z = p['zh-CN'];
  const e = p.en;
  // Important users are organisations that must act (store water), residents just need to know.
  const prepare = org ? z.smsPrepareOrg : z.smsPrepare;
  return {
    OUTAGE: {
      'zh-CN': `${z.noun}通知：{{shortTimeRange}}{{areas}}${z.smsVerb}，${prepare}。详见{{noticeUrl}}`,
      en: `${e.smsOutage} {{shortTimeRange}}: {{areas}}. ${e.smsPrepare} {{noticeUrl}}`,
    },
    REMINDER: {
      'zh-CN': `${z.noun}提醒：{{areas}}将于{{shortTimeRange}}${z.smsVerb}，${prepare}。详见{{noticeUrl}}`,
      en: `Reminder: ${e.outageNoun} {{shortTimeRange}}: {{areas}}. {{noticeUrl}}`,
    },
    UPDATE: {
      'zh-CN': `${z.noun}时间变更：{{areas}}${z.smsVerb}改为{{shortTimeRange}}。详见{{noticeUrl}}`,
      en: `${e.smsRescheduled} to {{shortTimeRange}}: {{areas}}. {{noticeUrl}}`,
    },
    RESTORATION: {
      'zh-CN': `${z.restored}：{{areas}}已${z.restored}，${z.smsRestoredAdvice}。详见{{noticeUrl}}`,
      en: `${e.smsRestored}: {{areas}}. ${e.smsRestoredAdvice} {{noticeUrl}}`,
    },
    CANCELLATION: {
      'zh-CN': `取消${z.noun}：原定{{shortTimeRange}}{{areas}}${z.smsVerb}已取消。详见{{noticeUrl}}`,
      en: `${e.smsCancelled} ({{shortTimeRange}}): {{areas}}. {{noticeUrl}}`,
    },
  };
}

/** The line the call center reads out (call lists), framed per audience below. */
function callCore(p: Phrases): PerKind {
  const z = p['zh-CN'];
  const e = p.en;
  return {
    OUTAGE: {
      'zh-CN': `{{outageKind}}（编号{{outageNumber}}）：因{{reason}}，{{areas}}将于{{timeRange}}${z.stopVerb}。`,
      en: `{{outageKind}} (no. {{outageNumber}}): because of {{reason}}, {{areas}} will have ${e.noSupply} on {{timeRange}}.`,
    },
    REMINDER: {
      'zh-CN': `提醒（编号{{outageNumber}}）：{{areas}}将于{{leadTime}}后${z.stopVerb}，${z.noun}时间{{timeRange}}。`,
      en: `Reminder (no. {{outageNumber}}): {{areas}} will have ${e.noSupply} in {{leadTime}}, {{timeRange}}.`,
    },
    UPDATE: {
      'zh-CN': `变更（编号{{outageNumber}}）：{{areas}}${z.noun}时间由{{previousTimeRange}}调整为{{timeRange}}。`,
      en: 'Change (no. {{outageNumber}}): the outage in {{areas}} moved from {{previousTimeRange}} to {{timeRange}}.',
    },
    RESTORATION: {
      'zh-CN': `${z.restored}（编号{{outageNumber}}）：{{areas}}已于{{eventTime}}${z.restored}。${z.callRestoredNote}`,
      en: `Restored (no. {{outageNumber}}): ${e.back} in {{areas}} since {{eventTime}}.${e.callRestoredNote}`,
    },
    CANCELLATION: {
      'zh-CN': `取消（编号{{outageNumber}}）：原定于{{timeRange}}在{{areas}}的${z.noun}已取消，届时正常${z.supply}。`,
      en: 'Cancelled (no. {{outageNumber}}): the outage planned for {{timeRange}} in {{areas}} will not happen.',
    },
  };
}

type Frame = { title: string; before: string; after: string };

function callFrame(p: Phrases, audience: Audience, locale: Locale): Frame {
  const z = p['zh-CN'];
  const e = p.en;
  const frames: Partial<Record<Audience, Record<Locale, Frame>>> = {
    IMPORTANT_USER: {
      'zh-CN': { title: '（重要用户电话通知）', before: '您好，这里是{{utilityName}}服务热线。', after: `贵单位在影响范围内，请${z.callPrepare}并做好应急安排。如有疑问请拨打 {{hotline}}。` },
      en: { title: ' (call to important user)', before: 'Hello, this is the {{utilityName}} service hotline.', after: `Your site is affected; please ${e.callPrepare} and plan accordingly. Questions: {{hotline}}.` },
    },
    INTERNAL: {
      'zh-CN': { title: '（内部电话通报）', before: '内部通报：', after: '影响人口约{{population}}人，关闭阀门{{valveCount}}个，管网：{{networkName}}，审批文号：{{approvalNumber}}。' },
      en: { title: ' (internal call)', before: 'Internal: ', after: 'About {{population}} people affected, {{valveCount}} valves closed, network {{networkName}}, approval {{approvalNumber}}.' },
    },
    REGULATOR: {
      'zh-CN': { title: '（向{{authorityName}}报告）', before: '{{utilityName}}报告：', after: '影响人口约{{population}}人，{{handlingNote}}' },
      en: { title: ' (report to the {{authorityName}})', before: '{{utilityName}} reports: ', after: 'About {{population}} people affected; {{handlingNote}}' },
    },
  };
  return frames[audience]![locale];
}

/** Everything the default texts depend on besides the wording. */
export interface TemplateDefaultsOptions {
  heatStopWord?: HeatStopWord;
}

/** The shipped template for a combination; INVALID_INPUT when the audience is not reached on that channel. */
export function defaultTemplate(
  kind: NoticeKind, audience: Audience, channel: Channel, locale: Locale, wording: NoticeWording = WATER_WORDING, o: TemplateDefaultsOptions = {},
): NoticeTemplate {
  if (!AUDIENCE_CHANNELS[audience].includes(channel)) {
    throw invalidInput(`audience ${audience} is not reached by channel ${channel}`, { audience, channel });
  }
  const p = phrasesFor(wording, o.heatStopWord);
  const title = titles(p)[kind][locale];
  switch (styleOf(channel)) {
    case 'LONG':
      return { title, body: long(p)[kind][locale] };
    case 'SMS':
      return { title, body: sms(p, audience === 'IMPORTANT_USER' && locale === 'zh-CN')[kind][locale] };
    case 'CALL': {
      const frame = callFrame(p, audience, locale);
      const after = kind === 'RESTORATION' || kind === 'CANCELLATION' ? (audience === 'IMPORTANT_USER' ? '' : frame.after) : frame.after;
      return { title: title + frame.title, body: [frame.before + callCore(p)[kind][locale], after].filter(Boolean).join('\n') };
    }
  }
}

/** Every valid (wording, kind, audience, channel, locale) with its shipped template, keyed by templateKey. */
export function defaultTemplates(wordings: readonly NoticeWording[] = WORDINGS, o: TemplateDefaultsOptions = {}): Record<TemplateKey, NoticeTemplate> {
  const all: Record<string, NoticeTemplate> = {};
  for (const wording of wordings) {
    for (const kind of NOTICE_KINDS) {
      for (const audience of Object.keys(AUDIENCE_CHANNELS) as Audience[]) {
        for (const channel of AUDIENCE_CHANNELS[audience]) {
          for (const locale of LOCALES) all[templateKey(kind, audience, channel, locale, wording)] = defaultTemplate(kind, audience, channel, locale, wording, o);
        }
      }
    }
  }
  return all;
}

/** Water's own templates, as they always were (the keys without a wording prefix). */
export const DEFAULT_TEMPLATES: Readonly<Record<string, NoticeTemplate>> = defaultTemplates([WATER_WORDING]);

/** The supervisor's saved template when there is one, else the shipped default. */
export function resolveTemplate(
  overrides: TemplateOverrides, kind: NoticeKind, audience: Audience, channel: Channel, locale: Locale, wording: NoticeWording = WATER_WORDING, o: TemplateDefaultsOptions = {},
): NoticeTemplate {
  return overrides[templateKey(kind, audience, channel, locale, wording)] ?? defaultTemplate(kind, audience, channel, locale, wording, o);
}
