// Who is told what, when, on which channel, for each outage event (docs/domain.md "Outages").
import type { NotifyConfig } from './config';
import { invalidInput } from '@mainline/common/domain';
import type { OutageEvent, OutageSnapshot } from '@mainline/common/domain';
import { formatDate, formatLead, formatTime, formatTimeRange, parseInstant } from './format';
import { noticeKey, scheduleVersion, shortCode } from './keys';
import { DIRECT_CHANNELS, type Audience, type Channel, type Locale, type NoticeDraft, type NoticeKind, type Recipient } from './notice';
import { areaList, composeSms } from './sms';
import { renderTemplate, resolveTemplate, type TemplateVars } from './templates';
import { authorityReasons, getsPostersAndMedia, leadTimeRule, outageFacts, phoneListReasons, type OutageFacts } from './outage-rules';
import { phrasesFor } from './wording';

/** A notice composed earlier for the same outage, as the service stored it. */
export interface PriorNotice {
  noticeKey: string;
  kind: NoticeKind;
  audience: Audience;
  channel: Channel;
  locale: Locale;
  recipients: Recipient[];
  sendAt: string;
  /** PENDING: waiting in the outbox for sendAt; SENT: published / handed to the gateway. */
  state: 'PENDING' | 'SENT' | 'CANCELLED';
}

export type PlanWarningCode =
  | 'LATE_PUBLIC_NOTICE'
  | 'LATE_IMPORTANT_USER_NOTICE'
  | 'NO_INTERNAL_CONTACTS'
  | 'NO_REGULATOR_CONTACTS'
  | 'RECIPIENTS_WITHOUT_PHONE'
  | 'SMS_TOO_LONG';

export interface PlanWarning {
  code: PlanWarningCode;
  message: string;
}

export interface NoticePlan {
  /** New notices to store (none whose key the history already holds). */
  drafts: NoticeDraft[];
  /** Keys of pending notices that must not go out any more (old reminders, a cancelled outage's schedule). */
  cancelKeys: string[];
  /** Rule breaches worth showing the dispatcher; the notices are still composed. */
  warnings: PlanWarning[];
  /** Set when nothing may be announced yet: an expected outcome, not an error. */
  blocked: { code: 'REGULATOR_APPROVAL_REQUIRED'; message: string } | null;
}

interface Group {
  kind: NoticeKind;
  audience: Audience;
  channel: Channel;
  locale: Locale;
  recipients: Recipient[];
  sendAt: Date;
  reminderHoursBefore: number | null;
}

const HOUR_MS = 3_600_000;
const groupId = (g: Pick<Group, 'audience' | 'channel' | 'locale'>) => `${g.audience}/${g.channel}/${g.locale}`;

/** A planned big outage may not be announced before the bureau approves it; "big" is the network's decision (docs/domain.md). */
function needsApprovalFirst(o: OutageSnapshot): boolean {
  return outageFacts(o).timing === 'PLANNED' && o.requiresRegulatorApproval && !o.regulatorApproval;
}

/** What the kind's authority hears in the handling line of its call ({{handlingNote}}). */
const HANDLING_NOTES: Readonly<Record<OutageFacts['timing'], Record<Locale, string>>> = {
  EMERGENCY: { 'zh-CN': '已组织处置，后续情况将及时报告。', en: 'crews are working and we will report further.' },
  PLANNED: { 'zh-CN': '特此报备。', en: 'reported for the record.' },
};

function checkEvent(e: OutageEvent): void {
  const o = e?.outage;
  if (!o || typeof o !== 'object') throw invalidInput('event.outage is missing', { field: 'outage' });
  if (!o.id) throw invalidInput('event.outage.id is missing', { field: 'outage.id' });
  outageFacts(o); // utility kind, outage kind and source
  const start = parseInstant(o.startsAt, 'outage.startsAt');
  const end = parseInstant(o.endsAt, 'outage.endsAt');
  if (end <= start) throw invalidInput(`outage.endsAt (${o.endsAt}) must be after outage.startsAt (${o.startsAt})`, { field: 'outage.endsAt' });
  if (!Number.isFinite(o.population) || o.population < 0) throw invalidInput('outage.population must be a number >= 0', { field: 'outage.population' });
  if (typeof o.requiresRegulatorApproval !== 'boolean') throw invalidInput('outage.requiresRegulatorApproval must be true or false', { field: 'outage.requiresRegulatorApproval' });
  if (!Array.isArray(o.areaNames)) throw invalidInput('outage.areaNames must be an array', { field: 'outage.areaNames' });
  if (!Array.isArray(o.importantUsers)) throw invalidInput('outage.importantUsers must be an array', { field: 'outage.importantUsers' });
  parseInstant(e.occurredAt, 'occurredAt');
}

/** Drops entries without a phone, one notice per phone, stable order so batches (and keys) are reproducible. */
function cleanRecipients(list: Recipient[], what: string, warnings: PlanWarning[]): Recipient[] {
  const seen = new Set<string>();
  const out: Recipient[] = [];
  let missing = 0;
  for (const r of [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const phone = (r.phone ?? '').replace(/[\s-]/g, '');
    if (!phone) { missing++; continue; }
    if (seen.has(phone)) continue;
    seen.add(phone);
    out.push(r.name !== undefined ? { id: r.id, name: r.name, phone } : { id: r.id, phone });
  }
  if (missing > 0) warnings.push({ code: 'RECIPIENTS_WITHOUT_PHONE', message: `${missing} ${what} have no phone number and cannot be told directly / ${missing}个${what}无电话号码` });
  return out;
}

function mergeRecipients(a: Recipient[], b: Recipient[]): Recipient[] {
  const byPhone = new Map<string, Recipient>();
  for (const r of [...a, ...b]) if (!byPhone.has(r.phone)) byPhone.set(r.phone, r);
  return [...byPhone.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : x.phone < y.phone ? -1 : 1));
}

/** The OUTAGE notices and reminders an announcement triggers. */
function announcementGroups(o: OutageSnapshot, cfg: NotifyConfig, now: Date, warnings: PlanWarning[]): Group[] {
  const start = new Date(o.startsAt);
  const facts = outageFacts(o);
  const rules = cfg.utilities[facts.utility];
  const phrases = phrasesFor(facts.wording, cfg.heatStopWord);
  const groups: Group[] = [];
  const at = (kind: NoticeKind, audience: Audience, channel: Channel, locales: Locale[], recipients: Recipient[] = [], sendAt = now, h: number | null = null) => {
    for (const locale of locales) groups.push({ kind, audience, channel, locale, recipients, sendAt, reminderHoursBefore: h });
  };
  const published = cfg.locales;
  const direct = [cfg.directLocale];

  // Every outage: WeChat official account and website.
  at('OUTAGE', 'PUBLIC', 'WECHAT', published);
  at('OUTAGE', 'PUBLIC', 'WEBSITE', published);
  if (getsPostersAndMedia(o, facts, cfg)) {
    // Local news site, posters on site and on major roads.
    at('OUTAGE', 'PUBLIC', 'NEWS_SITE', published);
    at('OUTAGE', 'SITE_POSTER', 'PRINT', published);
  }
  if (phoneListReasons(o, cfg).length) {
    // The production department and the duty leadership are phoned (large, important user, main road).
    const internal = cleanRecipients(rules.internalContacts.length ? rules.internalContacts : cfg.internalContacts, 'internal contacts', warnings);
    if (internal.length) at('OUTAGE', 'INTERNAL', 'PHONE_LIST', direct, internal);
    else warnings.push({ code: 'NO_INTERNAL_CONTACTS', message: '未配置生产部门及值班领导电话 / config.internalContacts is empty: production and duty leadership cannot be phoned' });
  }
  if (authorityReasons(o, facts, cfg).length) {
    const name = rules.authority.name;
    const regulator = cleanRecipients(rules.authority.contacts, 'regulator contacts', warnings);
    if (regulator.length) at('OUTAGE', 'REGULATOR', 'PHONE_LIST', direct, regulator);
    else warnings.push({ code: 'NO_REGULATOR_CONTACTS', message: `未配置${name['zh-CN']}联系人 / config.utilities.${facts.utility}.authority.contacts is empty: the ${name.en} cannot be told` });
  }
  const important = cleanRecipients(o.importantUsers.map((u) => ({ id: u.id, name: u.name, phone: u.phone })), 'important users', warnings);
  if (important.length) {
    at('OUTAGE', 'IMPORTANT_USER', 'SMS', direct, important);
    at('OUTAGE', 'IMPORTANT_USER', 'PHONE_LIST', direct, important);
  }
  const residents = cleanRecipients((o.servicePointPhones ?? []).map((p) => ({ id: p.id, phone: p.phone })), 'service points', warnings);
  if (residents.length) at('OUTAGE', 'RESIDENT', 'SMS', direct, residents);

  const leadMs = start.getTime() - now.getTime();
  const lead = leadTimeRule(facts, cfg);
  if (lead.publicHours !== null && leadMs < lead.publicHours * HOUR_MS) {
    warnings.push({ code: 'LATE_PUBLIC_NOTICE', message: `${phrases['zh-CN'].plannedKind}应至少提前${lead.publicHours}小时公告 / planned ${phrases.en.warnNoun} announced less than ${lead.publicHours} h before its start` });
  }
  if (lead.importantHours !== null && important.length && leadMs < lead.importantHours * HOUR_MS) {
    warnings.push({ code: 'LATE_IMPORTANT_USER_NOTICE', message: `重要用户应至少提前${lead.importantHours}小时通知，已立即通知 / important users told at once, less than ${lead.importantHours} h before the start` });
  }

  // Reminders only while still ahead: a 24-h reminder is skipped when the announcement itself is later than that.
  for (const h of [...new Set(cfg.reminderHours)].sort((a, b) => b - a)) {
    const sendAt = new Date(start.getTime() - h * HOUR_MS);
    if (sendAt <= now) continue;
    at('REMINDER', 'PUBLIC', 'WECHAT', published, [], sendAt, h);
    if (important.length) at('REMINDER', 'IMPORTANT_USER', 'SMS', direct, important, sendAt, h);
    if (residents.length) at('REMINDER', 'RESIDENT', 'SMS', direct, residents, sendAt, h);
  }
  return groups;
}

/** Who has been told, per (audience, channel, locale), from the history or, without one, assumed from the announcement. */
function toldGroups(cfg: NotifyConfig, now: Date, history: PriorNotice[] | undefined, assumedFrom: OutageSnapshot): Map<string, Group> {
  const told = new Map<string, Group>();
  if (history) {
    for (const p of history) {
      if (p.state !== 'SENT') continue;
      const id = groupId(p);
      const g = told.get(id);
      if (g) g.recipients = mergeRecipients(g.recipients, p.recipients);
      else told.set(id, { kind: p.kind, audience: p.audience, channel: p.channel, locale: p.locale, recipients: mergeRecipients([], p.recipients), sendAt: now, reminderHoursBefore: null });
    }
  } else {
    // The announcement went out at once, so without history everyone it reached counts as told.
    for (const g of announcementGroups(assumedFrom, cfg, new Date(assumedFrom.startsAt), [])) {
      if (g.kind === 'OUTAGE') told.set(groupId(g), { ...g });
    }
  }
  return told;
}

interface RenderContext {
  event: OutageEvent;
  outage: OutageSnapshot;
  facts: OutageFacts;
  cfg: NotifyConfig;
  now: Date;
  warnings: PlanWarning[];
  version: string;
  /** Which WEBSITE notice a notice of this kind links to. */
  linkKind: (kind: NoticeKind) => NoticeKind;
}

function versionFor(kind: NoticeKind, ctx: RenderContext): string {
  return kind === 'RESTORATION' || kind === 'CANCELLATION' ? 'final' : ctx.version;
}

function noticeUrl(kind: NoticeKind, locale: Locale, ctx: RenderContext): string {
  const linkKind = ctx.linkKind(kind);
  const linkLocale = ctx.cfg.locales.includes(locale) ? locale : ctx.cfg.locales[0];
  const key = noticeKey({ outageId: ctx.outage.id, kind: linkKind, audience: 'PUBLIC', channel: 'WEBSITE', locale: linkLocale, version: versionFor(linkKind, ctx) });
  return ctx.cfg.noticeBaseUrl + shortCode(key);
}

function templateVars(g: Group, ctx: RenderContext, url: string): TemplateVars {
  const { outage: o, cfg, locale, facts } = { ...ctx, locale: g.locale };
  const rules = cfg.utilities[facts.utility];
  const phrases = phrasesFor(facts.wording, cfg.heatStopWord)[locale];
  const tz = cfg.timeZone;
  const start = new Date(o.startsAt);
  const end = new Date(o.endsAt);
  const zh = locale === 'zh-CN';
  const prev = o.previousStartsAt && o.previousEndsAt ? formatTimeRange(new Date(o.previousStartsAt), new Date(o.previousEndsAt), tz, locale) : '';
  return {
    utilityName: rules.utilityName ?? cfg.utilityName,
    outageNumber: o.number || o.id,
    outageKind: facts.timing === 'PLANNED' ? phrases.plannedKind : phrases.emergencyKind,
    areas: o.areaNames.length ? areaList(o.areaNames, o.areaNames.length, locale) : zh ? '相关区域' : 'the affected area',
    areaCount: String(o.areaNames.length),
    timeRange: formatTimeRange(start, end, tz, locale),
    shortTimeRange: formatTimeRange(start, end, tz, locale, 'short'),
    startTime: formatTime(start, tz, locale),
    endTime: formatTime(end, tz, locale),
    previousTimeRange: prev,
    reason: o.reason,
    hotline: rules.hotline ?? cfg.hotline,
    noticeUrl: url,
    approvalNumber: o.regulatorApproval?.approvalNumber ?? (zh ? '无' : 'none'),
    population: String(o.population),
    valveCount: String(o.valveCount),
    networkName: o.networkName,
    leadTime: g.reminderHoursBefore != null ? formatLead(g.reminderHoursBefore, locale) : '',
    eventTime: formatTime(new Date(ctx.event.occurredAt), tz, locale),
    issuedAt: formatDate(g.sendAt, tz, locale), // a reminder is dated the day it goes out
    mainRoadNote: o.onMainRoad ? (zh ? '本次施工涉及主干道，请过往车辆和行人注意绕行。' : 'The works are on a main road; please follow the diversion signs.') : '',
    authorityName: rules.authority.name[locale],
    handlingNote: HANDLING_NOTES[facts.timing][locale],
  };
}

function render(groups: Group[], ctx: RenderContext): NoticeDraft[] {
  const drafts: NoticeDraft[] = [];
  const { outage: o, cfg, facts } = ctx;
  const signature = cfg.utilities[facts.utility].smsSignature ?? cfg.smsSignature;
  for (const g of groups) {
    const version = versionFor(g.kind, ctx);
    const tpl = resolveTemplate(cfg.templates, g.kind, g.audience, g.channel, g.locale, facts.wording, { heatStopWord: cfg.heatStopWord });
    const ownKey = (phones: string[] | null) => noticeKey({ outageId: o.id, kind: g.kind, audience: g.audience, channel: g.channel, locale: g.locale, recipientPhones: phones, version, reminderHoursBefore: g.reminderHoursBefore });
    const url = g.channel === 'WEBSITE' && g.audience === 'PUBLIC' ? cfg.noticeBaseUrl + shortCode(ownKey(null)) : noticeUrl(g.kind, g.locale, ctx);
    const vars = templateVars(g, ctx, url);
    let title: string;
    let text: string;
    if (g.channel === 'SMS') {
      const { areas: _all, ...rest } = vars;
      const sms = composeSms({
        template: tpl.body, vars: rest, areaNames: o.areaNames, emptyAreas: vars.areas, locale: g.locale,
        signature, preferredSegments: cfg.smsPreferredSegments, maxSegments: cfg.smsMaxSegments,
      });
      if (!sms.fits) ctx.warnings.push({ code: 'SMS_TOO_LONG', message: `${g.kind}/${g.audience} 短信超过${cfg.smsMaxSegments}条 / SMS template needs ${sms.segments} segments, more than ${cfg.smsMaxSegments}` });
      title = renderTemplate({ title: tpl.title, body: ' ' }, vars).title;
      text = sms.text;
    } else {
      ({ title, text } = renderTemplate(tpl, vars));
    }
    const base = {
      outageId: o.id, utility: facts.utility, kind: g.kind, audience: g.audience, channel: g.channel, locale: g.locale, title, text,
      area: o.area ?? null, startsAt: new Date(o.startsAt).toISOString(), endsAt: new Date(o.endsAt).toISOString(),
      sendAt: g.sendAt.toISOString(), reminderHoursBefore: g.reminderHoursBefore, url,
    };
    if (!DIRECT_CHANNELS.has(g.channel)) {
      drafts.push({ noticeKey: ownKey(null), ...base, recipients: [], batch: null });
      continue;
    }
    const size = cfg.smsBatchSize;
    const count = Math.ceil(g.recipients.length / size);
    for (let i = 0; i < count; i++) {
      const recipients = g.recipients.slice(i * size, (i + 1) * size);
      drafts.push({ noticeKey: ownKey(recipients.map((r) => r.phone)), ...base, recipients, batch: { index: i, count } });
    }
  }
  return drafts;
}

const emptyPlan = (): NoticePlan => ({ drafts: [], cancelKeys: [], warnings: [], blocked: null });

/**
 * Plans the notices for one outage event. `history` is what was composed before for this outage;
 * without it, everyone the announcement reaches is assumed told (fine for a first announcement and for tests).
 */
export function planNotices(event: OutageEvent, cfg: NotifyConfig, now: Date, history?: PriorNotice[]): NoticePlan {
  checkEvent(event);
  const o = event.outage;
  const plan = emptyPlan();
  const facts = outageFacts(o);
  const ctx: RenderContext = {
    event, outage: o, facts, cfg, now, warnings: plan.warnings,
    version: scheduleVersion(o.startsAt, o.endsAt, o.areaNames),
    linkKind: (k) => (k === 'REMINDER' ? 'OUTAGE' : k),
  };
  const known = new Set((history ?? []).filter((p) => p.state !== 'CANCELLED').map((p) => p.noticeKey));
  const pending = (history ?? []).filter((p) => p.state === 'PENDING');
  const finish = (drafts: NoticeDraft[], cancel: string[]): NoticePlan => {
    const keep = new Set(drafts.map((d) => d.noticeKey));
    plan.drafts = drafts.filter((d) => !known.has(d.noticeKey));
    plan.cancelKeys = [...new Set(cancel)].filter((k) => !keep.has(k)).sort();
    return plan;
  };
  // Without history the still-pending notices are recomputed: the deterministic keys of the schedule's future sends.
  const pendingKeysOf = (snapshot: OutageSnapshot, linkKind: RenderContext['linkKind']): string[] => {
    if (history) return pending.map((p) => p.noticeKey);
    const sub: RenderContext = { ...ctx, outage: snapshot, warnings: [], version: scheduleVersion(snapshot.startsAt, snapshot.endsAt, snapshot.areaNames), linkKind };
    return render(announcementGroups(snapshot, cfg, now, []), sub).filter((d) => new Date(d.sendAt) > now).map((d) => d.noticeKey);
  };
  const gate = (): boolean => {
    if (!needsApprovalFirst(o)) return false;
    const p = phrasesFor(facts.wording, cfg.heatStopWord);
    const authority = cfg.utilities[facts.utility].authority.name;
    plan.blocked = {
      code: 'REGULATOR_APPROVAL_REQUIRED',
      message: `影响人口${o.population}人，超过${o.threshold}人的${p['zh-CN'].plannedKind}须经${authority['zh-CN']}批准后方可公告 / a ${p.en.plannedKind.toLowerCase()} affecting more than ${o.threshold} people may be announced only after the ${authority.en} approves it`,
    };
    return true;
  };

  switch (event.type) {
    case 'outage.created':
    case 'outage.submitted':
    case 'outage.approved':
      return plan;
    case 'outage.started': {
      // Emergencies are announced as the supply stops; a planned start needs no new notice. A pressure reduction
      // is announced ahead like planned works, or as it starts when it was never announced.
      if (facts.timing !== 'EMERGENCY' && !facts.pressureReduction) return plan;
      if (history?.some((p) => p.state === 'SENT' && p.kind === 'OUTAGE')) return plan;
      if (facts.timing === 'PLANNED' && gate()) return plan;
      return finish(render(announcementGroups(o, cfg, now, plan.warnings), ctx), []);
    }
    case 'outage.announced': {
      if (gate()) return plan;
      return finish(render(announcementGroups(o, cfg, now, plan.warnings), ctx), []);
    }
    case 'outage.rescheduled': {
      if (gate()) return plan;
      const previous: OutageSnapshot = {
        ...o,
        startsAt: o.previousStartsAt ?? o.startsAt,
        endsAt: o.previousEndsAt ?? o.endsAt,
      };
      const told = toldGroups(cfg, now, history, previous);
      const fresh = announcementGroups(o, cfg, now, plan.warnings);
      const groups: Group[] = [];
      const covered = new Set<string>();
      for (const g of fresh) {
        if (g.kind !== 'OUTAGE') { groups.push(g); continue; }
        const t = told.get(groupId(g));
        if (t) {
          groups.push({ ...g, kind: 'UPDATE', recipients: mergeRecipients(g.recipients, t.recipients) });
          covered.add(groupId(g));
        } else groups.push(g);
      }
      // Audiences told before but no longer in the plan (e.g. the area shrank) still hear of the change.
      for (const [id, t] of told) if (!covered.has(id)) groups.push({ ...t, kind: 'UPDATE', sendAt: now, reminderHoursBefore: null });
      ctx.linkKind = (k) => (k === 'REMINDER' || k === 'OUTAGE' ? 'UPDATE' : k);
      const drafts = render(groups, ctx);
      const oldPending = pendingKeysOf(previous, (k) => (k === 'REMINDER' ? 'OUTAGE' : k));
      return finish(drafts, oldPending);
    }
    case 'outage.restored':
    case 'outage.cancelled': {
      const kind: NoticeKind = event.type === 'outage.restored' ? 'RESTORATION' : 'CANCELLATION';
      const told = toldGroups(cfg, now, history, o);
      // Posters come down when the water is back; a cancellation poster tells passers-by the works are off.
      const groups = [...told.values()]
        .filter((t) => !(kind === 'RESTORATION' && t.channel === 'PRINT'))
        .map((t): Group => ({ ...t, kind, sendAt: now, reminderHoursBefore: null }));
      const drafts = render(groups, ctx);
      return finish(drafts, pendingKeysOf(o, ctx.linkKind));
    }
    default:
      throw invalidInput(`unknown outage event type ${JSON.stringify((event as OutageEvent).type)}`, { field: 'type' });
  }
}
