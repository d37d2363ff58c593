import { planNotices, type PriorNotice } from './compose';
import { notifyConfig, type NotifyConfig } from './config';
import { DomainError } from '@mainline/common/domain';
import type { NoticeDraft } from './notice';
import { smsSegments } from './sms';
import { event } from '../../test/fixtures';
import type { OutageEvent } from '@mainline/common/domain';

/** The notices an event triggers when nothing was sent before. */
const composeNotices = (e: OutageEvent, c: NotifyConfig, now: Date): NoticeDraft[] => planNotices(e, c, now).drafts;

const cfg = notifyConfig({
  internalContacts: [{ id: 'prod', name: '生产调度部', phone: '0871-6100001' }, { id: 'duty', name: '值班领导', phone: '13900000001' }],
  utilities: { WATER: { authority: { contacts: [{ id: 'bureau', name: '市城市管理局供水处', phone: '0871-6200001' }] } } },
});
const NOW = new Date('2026-11-24T00:00:00Z'); // 3 days before the 08:00 start
const H = 3_600_000;

const summary = (ds: NoticeDraft[]) => ds.map((d) => `${d.kind} ${d.audience} ${d.channel} ${d.locale}${d.batch ? ` #${d.batch.index}/${d.batch.count}` : ''}${d.reminderHoursBefore ? ` -${d.reminderHoursBefore}h` : ''}`).sort();
const find = (ds: NoticeDraft[], kind: string, audience: string, channel: string, locale = 'zh-CN') => ds.filter((d) => d.kind === kind && d.audience === audience && d.channel === channel && d.locale === locale);
const sent = (ds: NoticeDraft[], state: (d: NoticeDraft) => PriorNotice['state']): PriorNotice[] =>
  ds.map((d) => ({ noticeKey: d.noticeKey, kind: d.kind, audience: d.audience, channel: d.channel, locale: d.locale, recipients: d.recipients, sendAt: d.sendAt, state: state(d) }));

describe('announcing a big planned outage', () => {
  const drafts = composeNotices(event('outage.announced'), cfg, NOW);

  it('reaches every audience docs/domain.md names, on the right channels', () => {
    const outage = summary(drafts.filter((d) => d.kind === 'OUTAGE'));
    expect(outage).toEqual([
      'OUTAGE IMPORTANT_USER PHONE_LIST zh-CN #0/1',
      'OUTAGE IMPORTANT_USER SMS zh-CN #0/1',
      'OUTAGE INTERNAL PHONE_LIST zh-CN #0/1',
      'OUTAGE PUBLIC NEWS_SITE en', 'OUTAGE PUBLIC NEWS_SITE zh-CN',
      'OUTAGE PUBLIC WEBSITE en', 'OUTAGE PUBLIC WEBSITE zh-CN',
      'OUTAGE PUBLIC WECHAT en', 'OUTAGE PUBLIC WECHAT zh-CN',
      'OUTAGE RESIDENT SMS zh-CN #0/3', 'OUTAGE RESIDENT SMS zh-CN #1/3', 'OUTAGE RESIDENT SMS zh-CN #2/3',
      'OUTAGE SITE_POSTER PRINT en', 'OUTAGE SITE_POSTER PRINT zh-CN',
    ]);
    expect(drafts.every((d) => d.kind !== 'OUTAGE' || d.sendAt === NOW.toISOString())).toBe(true);
    expect(drafts.some((d) => d.audience === 'REGULATOR')).toBe(false);
  });

  it('publishes the Chinese notice with area, local time, reason, hotline and main-road note', () => {
    const [wechat] = find(drafts, 'OUTAGE', 'PUBLIC', 'WECHAT');
    expect(wechat.title).toBe('停水通知');
    expect(wechat.text).toContain('停水区域：幸福路、和平街、建设路');
    expect(wechat.text).toContain('停水时间：2026年11月27日 08:00 至 14:00');
    expect(wechat.text).toContain('停水原因：DN300供水管道改造');
    expect(wechat.text).toContain('96116');
    expect(wechat.text).toContain('主干道');
    expect(wechat.area?.type).toBe('Feature');
    const [en] = find(drafts, 'OUTAGE', 'PUBLIC', 'WECHAT', 'en');
    expect(en.title).toBe('Water Outage Notice');
    expect(en.text).toContain('27 Nov 2026, 08:00 to 14:00');
  });

  it('batches resident SMS by smsBatchSize with every phone exactly once', () => {
    const batches = find(drafts, 'OUTAGE', 'RESIDENT', 'SMS');
    expect(batches.map((b) => b.recipients.length)).toEqual([1000, 1000, 500]);
    expect(new Set(batches.flatMap((b) => b.recipients.map((r) => r.phone))).size).toBe(2500);
    expect(find(drafts, 'OUTAGE', 'PUBLIC', 'WECHAT')[0].recipients).toEqual([]);
  });

  it('sends one-segment SMS that start with the signature and link the website notice', () => {
    const [website] = find(drafts, 'OUTAGE', 'PUBLIC', 'WEBSITE');
    for (const sms of drafts.filter((d) => d.channel === 'SMS')) {
      expect(sms.text.startsWith('【云城水务】')).toBe(true);
      expect(smsSegments(sms.text).segments).toBe(1);
      if (sms.kind === 'OUTAGE' || sms.kind === 'REMINDER') expect(sms.text).toContain(website.url);
    }
    expect(website.url).toMatch(/^ycsw\.cn\/n\/[0-9A-Za-z]{8}$/);
  });

  it('schedules 24 h and 2 h reminders before the start', () => {
    const reminders = drafts.filter((d) => d.kind === 'REMINDER');
    expect(new Set(reminders.map((r) => r.sendAt))).toEqual(new Set(['2026-11-26T00:00:00.000Z', '2026-11-26T22:00:00.000Z']));
    expect(summary(reminders.filter((r) => r.reminderHoursBefore === 2))).toEqual([
      'REMINDER IMPORTANT_USER SMS zh-CN #0/1 -2h', 'REMINDER PUBLIC WECHAT en -2h', 'REMINDER PUBLIC WECHAT zh-CN -2h',
      'REMINDER RESIDENT SMS zh-CN #0/3 -2h', 'REMINDER RESIDENT SMS zh-CN #1/3 -2h', 'REMINDER RESIDENT SMS zh-CN #2/3 -2h',
    ]);
    expect(find(drafts, 'REMINDER', 'PUBLIC', 'WECHAT').find((r) => r.reminderHoursBefore === 2)!.text).toContain('2小时后停止供水');
  });

  it('gives stable, unique keys; a changed phone changes only its own batch', () => {
    const again = composeNotices(event('outage.announced'), cfg, new Date(NOW.getTime() + 60_000));
    expect(again.map((d) => d.noticeKey)).toEqual(drafts.map((d) => d.noticeKey));
    expect(new Set(drafts.map((d) => d.noticeKey)).size).toBe(drafts.length);
    const phones = Array.from({ length: 2500 }, (_, i) => ({ id: `sp-${String(i).padStart(5, '0')}`, phone: i === 2400 ? '13700000000' : `139${String(i).padStart(8, '0')}` }));
    const changed = composeNotices(event('outage.announced', { servicePointPhones: phones }), cfg, NOW);
    const before = new Set(drafts.map((d) => d.noticeKey));
    const differing = changed.filter((d) => !before.has(d.noticeKey));
    expect(summary(differing)).toEqual(['OUTAGE RESIDENT SMS zh-CN #2/3', 'REMINDER RESIDENT SMS zh-CN #2/3 -24h', 'REMINDER RESIDENT SMS zh-CN #2/3 -2h']);
  });
});

describe('rules by outage kind and timing', () => {
  it('announces nothing for a big planned outage the bureau has not approved yet', () => {
    const plan = planNotices(event('outage.announced', { regulatorApproval: null }), cfg, NOW);
    expect(plan.drafts).toEqual([]);
    expect(plan.blocked?.code).toBe('REGULATOR_APPROVAL_REQUIRED');
  });

  it('a small emergency: everything at once, with posters and the news site (issue 11), no bureau, no reminders', () => {
    const ev = event('outage.started', { kind: 'EMERGENCY', population: 1200, requiresRegulatorApproval: false, regulatorApproval: null, onMainRoad: false, importantUsers: [], servicePointPhones: [], startsAt: NOW.toISOString(), endsAt: new Date(NOW.getTime() + 5 * H).toISOString() });
    const drafts = composeNotices(ev, cfg, NOW);
    expect(summary(drafts)).toEqual([
      'OUTAGE PUBLIC NEWS_SITE en', 'OUTAGE PUBLIC NEWS_SITE zh-CN',
      'OUTAGE PUBLIC WEBSITE en', 'OUTAGE PUBLIC WEBSITE zh-CN', 'OUTAGE PUBLIC WECHAT en', 'OUTAGE PUBLIC WECHAT zh-CN',
      'OUTAGE SITE_POSTER PRINT en', 'OUTAGE SITE_POSTER PRINT zh-CN',
    ]);
    expect(drafts.every((d) => d.sendAt === NOW.toISOString())).toBe(true);
  });

  it('a big emergency tells the bureau at once', () => {
    const ev = event('outage.started', { kind: 'EMERGENCY', population: 9000, regulatorApproval: null, startsAt: NOW.toISOString(), endsAt: new Date(NOW.getTime() + 5 * H).toISOString() });
    const [reg] = composeNotices(ev, cfg, NOW).filter((d) => d.audience === 'REGULATOR');
    expect(reg.channel).toBe('PHONE_LIST');
    expect(reg.sendAt).toBe(NOW.toISOString());
    expect(reg.recipients.map((r) => r.id)).toEqual(['bureau']);
    expect(reg.text).toContain('影响人口约9000人');
  });

  it('takes the 5,000-person rule from the event: the network decides it, notify does not recount', () => {
    const audiences = (over: Parameters<typeof event>[1]) =>
      [...new Set(composeNotices(event('outage.started', { kind: 'EMERGENCY', regulatorApproval: null, startsAt: NOW.toISOString(), endsAt: new Date(NOW.getTime() + 5 * H).toISOString(), ...over }), cfg, NOW).map((d) => d.audience))];
    // The network applied a higher threshold (or a different population basis): 9,000 people is not big there.
    expect(audiences({ population: 9000, threshold: 10000, requiresRegulatorApproval: false })).not.toContain('REGULATOR');
    // And a decision of "big" is honoured whatever the quoted population.
    expect(audiences({ population: 3000, threshold: 2000, requiresRegulatorApproval: true })).toContain('REGULATOR');
    const planned = (requiresRegulatorApproval: boolean) => planNotices(event('outage.announced', { population: 9000, requiresRegulatorApproval, regulatorApproval: null }), cfg, NOW);
    expect(planned(false).blocked).toBeNull();
    expect(planned(false).drafts.map((d) => d.channel)).not.toContain('NEWS_SITE');
    expect(planned(true).blocked?.code).toBe('REGULATOR_APPROVAL_REQUIRED');
  });

  it('refuses an event without the network\'s decision, naming the field', () => {
    const ev = event('outage.announced');
    delete (ev.outage as Partial<typeof ev.outage>).requiresRegulatorApproval;
    expect(() => planNotices(ev, cfg, NOW)).toThrow(/outage\.requiresRegulatorApproval/);
  });

  it('announced 10 h ahead: no 24 h reminder, the 2 h one stays, and the late announcement is flagged', () => {
    const late = new Date(new Date('2026-11-27T00:00:00Z').getTime() - 10 * H);
    const plan = planNotices(event('outage.announced'), cfg, late);
    expect([...new Set(plan.drafts.filter((d) => d.kind === 'REMINDER').map((d) => d.reminderHoursBefore))]).toEqual([2]);
    expect(plan.warnings.map((w) => w.code).sort()).toEqual(['LATE_IMPORTANT_USER_NOTICE', 'LATE_PUBLIC_NOTICE']);
    expect(find(plan.drafts, 'OUTAGE', 'IMPORTANT_USER', 'SMS')[0].sendAt).toBe(late.toISOString());
  });

  it('flags missing call lists instead of composing empty ones', () => {
    const plan = planNotices(event('outage.announced'), notifyConfig(), NOW);
    expect(plan.drafts.some((d) => d.audience === 'INTERNAL')).toBe(false);
    expect(plan.warnings.map((w) => w.code)).toContain('NO_INTERNAL_CONTACTS');
  });

  it('rejects an outage that ends before it starts, naming the field', () => {
    expect(() => composeNotices(event('outage.announced', { endsAt: '2026-11-26T00:00:00Z' }), cfg, NOW)).toThrow(DomainError);
    expect(() => composeNotices(event('outage.announced', { endsAt: '2026-11-26T00:00:00Z' }), cfg, NOW)).toThrow(/outage\.endsAt/);
  });
});

describe('follow-up events', () => {
  const announced = composeNotices(event('outage.announced'), cfg, NOW);
  // At NOW + 1 day the announcement is out and the reminders still wait.
  const history = sent(announced, (d) => (d.kind === 'OUTAGE' ? 'SENT' : 'PENDING'));
  const later = new Date(NOW.getTime() + 24 * H);
  const moved = { startsAt: '2026-11-28T00:00:00.000Z', endsAt: '2026-11-28T08:00:00.000Z', previousStartsAt: '2026-11-27T00:00:00.000Z', previousEndsAt: '2026-11-27T06:00:00.000Z' };

  it('a reschedule sends UPDATE to everyone told, recomputes reminders and cancels the old ones', () => {
    const plan = planNotices(event('outage.rescheduled', moved), cfg, later, history);
    const kinds = new Set(plan.drafts.map((d) => d.kind));
    expect(kinds).toEqual(new Set(['UPDATE', 'REMINDER']));
    expect(summary(plan.drafts.filter((d) => d.kind === 'UPDATE')).map((s) => s.replace('UPDATE', 'OUTAGE'))).toEqual(summary(announced.filter((d) => d.kind === 'OUTAGE')));
    const [upd] = find(plan.drafts, 'UPDATE', 'PUBLIC', 'WEBSITE');
    expect(upd.title).toBe('停水时间变更通知');
    expect(upd.text).toContain('原定于2026年11月27日 08:00 至 14:00');
    expect(upd.text).toContain('停水时间：2026年11月28日 08:00 至 16:00');
    const oldReminders = announced.filter((d) => d.kind === 'REMINDER').map((d) => d.noticeKey).sort();
    expect(plan.cancelKeys).toEqual(oldReminders);
    expect(new Set(plan.drafts.filter((d) => d.kind === 'REMINDER').map((d) => d.sendAt))).toEqual(new Set(['2026-11-27T00:00:00.000Z', '2026-11-27T22:00:00.000Z']));
    // The SMS now links the UPDATE notice on the website.
    expect(find(plan.drafts, 'REMINDER', 'RESIDENT', 'SMS')[0].text).toContain(upd.url);
  });

  it('without history a reschedule finds the old reminders from their deterministic keys', () => {
    const plan = planNotices(event('outage.rescheduled', moved), cfg, later);
    const stillPending = announced.filter((d) => d.kind === 'REMINDER' && new Date(d.sendAt) > later).map((d) => d.noticeKey).sort();
    expect(plan.cancelKeys).toEqual(stillPending);
    expect(plan.drafts.filter((d) => d.kind === 'UPDATE').length).toBe(announced.filter((d) => d.kind === 'OUTAGE').length);
  });

  it('restoration goes to everyone told except the posters, and cancels what was still pending', () => {
    const restoredAt = '2026-11-27T05:30:00.000Z';
    const plan = planNotices(event('outage.restored', {}, restoredAt), cfg, new Date(restoredAt), history);
    expect(plan.drafts.every((d) => d.kind === 'RESTORATION')).toBe(true);
    expect(plan.drafts.some((d) => d.channel === 'PRINT')).toBe(false);
    expect(find(plan.drafts, 'RESTORATION', 'RESIDENT', 'SMS').flatMap((d) => d.recipients)).toHaveLength(2500);
    expect(find(plan.drafts, 'RESTORATION', 'PUBLIC', 'WECHAT')[0].text).toContain('已于2026年11月27日 13:30恢复供水');
    expect(plan.cancelKeys).toEqual(history.filter((p) => p.state === 'PENDING').map((p) => p.noticeKey).sort());
  });

  it('cancellation goes only to those already told; pending notices are cancelled', () => {
    const onlyPublic = sent(announced, (d) => (d.audience === 'PUBLIC' && d.kind === 'OUTAGE' ? 'SENT' : 'PENDING'));
    const plan = planNotices(event('outage.cancelled'), cfg, later, onlyPublic);
    expect(summary(plan.drafts)).toEqual(summary(announced.filter((d) => d.audience === 'PUBLIC' && d.kind === 'OUTAGE')).map((s) => s.replace('OUTAGE', 'CANCELLATION')));
    expect(plan.cancelKeys).toHaveLength(onlyPublic.filter((p) => p.state === 'PENDING').length);
    expect(find(plan.drafts, 'CANCELLATION', 'PUBLIC', 'WEBSITE')[0].title).toBe('取消停水通知');
  });

  it('re-running an announcement with its history composes nothing new', () => {
    expect(planNotices(event('outage.announced'), cfg, later, history).drafts).toEqual([]);
  });

  it('approval and creation events publish nothing', () => {
    for (const t of ['outage.created', 'outage.submitted', 'outage.approved'] as const) expect(composeNotices(event(t), cfg, NOW)).toEqual([]);
  });
});

describe('heat and gas outages speak their kind', () => {
  const kinds = notifyConfig({
    internalContacts: [{ id: 'prod', name: '生产调度部', phone: '0871-6100001' }],
    utilities: {
      HEAT: { authority: { contacts: [{ id: 'heat-office', name: '市供热办', phone: '0871-6400001' }] } },
      GAS: {
        authority: { contacts: [{ id: 'gas-office', name: '市燃气办', phone: '0871-6500001' }] },
        publicLeadHours: 48, importantLeadHours: 48, utilityName: '云城燃气', smsSignature: '云城燃气', hotline: '96777',
      },
    },
  });
  // 10 December: in the default heating season (15 November – 19 March).
  const winter = { startsAt: '2026-12-10T00:00:00.000Z', endsAt: '2026-12-10T06:00:00.000Z' };
  const summer = { startsAt: '2026-07-10T00:00:00.000Z', endsAt: '2026-07-10T06:00:00.000Z' };
  const small = { population: 1200, requiresRegulatorApproval: false, regulatorApproval: null, servicePointPhones: [{ id: 'sp-1', phone: '13900000001' }] };
  const heat = (over: Parameters<typeof event>[1] = {}) => ({ utility: 'HEAT' as const, ...small, ...winter, ...over });
  const gas = (over: Parameters<typeof event>[1] = {}) => ({ utility: 'GAS' as const, ...small, ...winter, ...over });
  const at = new Date('2026-12-05T00:00:00Z');

  it('a heat outage says 停热 in titles, SMS and posters, and 恢复供热 when the heat is back', () => {
    const approval = { approvalNumber: '热审〔2026〕3号', approvedAt: '2026-12-01T00:00:00.000Z', documentUrl: 'https://example.cn/3.pdf' };
    const drafts = composeNotices(event('outage.announced', heat({ requiresRegulatorApproval: true, population: 8000, regulatorApproval: approval })), kinds, at);
    expect(find(drafts, 'OUTAGE', 'PUBLIC', 'WECHAT')[0].title).toBe('停热通知');
    expect(find(drafts, 'OUTAGE', 'SITE_POSTER', 'PRINT')[0].text).toContain('停热区域：幸福路、和平街、建设路');
    expect(find(drafts, 'OUTAGE', 'RESIDENT', 'SMS')[0].text).toMatch(/^【云城水务】停热通知：.*停热/);
    expect(find(drafts, 'REMINDER', 'PUBLIC', 'WECHAT')[0].text).toContain('后停止供热');
    for (const d of drafts) expect(d.title + d.text).not.toMatch(/停水|储水/);
    const restored = planNotices(event('outage.restored', heat(), '2026-12-10T05:00:00.000Z'), kinds, new Date('2026-12-10T05:00:00Z')).drafts;
    expect(find(restored, 'RESTORATION', 'PUBLIC', 'WECHAT')[0]).toMatchObject({ title: '恢复供热通知', text: expect.stringContaining('已于2026年12月10日 13:00恢复供热') });
  });

  it('a heat utility that prints 停暖 gets 停暖 and 恢复供暖', () => {
    const warm = notifyConfig({ heatStopWord: '停暖' });
    const drafts = composeNotices(event('outage.announced', heat()), warm, at);
    expect(find(drafts, 'OUTAGE', 'PUBLIC', 'WECHAT')[0].title).toBe('停暖通知');
    expect(find(drafts, 'OUTAGE', 'RESIDENT', 'SMS')[0].text).toContain('停暖');
    expect(drafts.map((d) => d.title + d.text).join('')).not.toContain('停热');
  });

  it('a gas outage says 停气; its restoration tells customers not to re-light but wait for staff household by household', () => {
    const drafts = composeNotices(event('outage.announced', gas()), kinds, at);
    expect(find(drafts, 'OUTAGE', 'PUBLIC', 'WECHAT')[0].title).toBe('停气通知');
    expect(find(drafts, 'OUTAGE', 'RESIDENT', 'SMS')[0].text).toMatch(/^【云城燃气】停气通知：.*停气/);
    const restored = planNotices(event('outage.restored', gas(), '2026-12-10T05:00:00.000Z'), kinds, new Date('2026-12-10T05:00:00Z')).drafts;
    const [wechat] = find(restored, 'RESTORATION', 'PUBLIC', 'WECHAT');
    expect(wechat.title).toBe('恢复供气通知');
    expect(wechat.text).toContain('请勿自行开阀点火');
    expect(wechat.text).toContain('工作人员将逐户上门检查并点火');
    expect(find(restored, 'RESTORATION', 'RESIDENT', 'SMS')[0].text).toContain('请勿自行点火，待工作人员上门检查');
    expect(find(restored, 'RESTORATION', 'IMPORTANT_USER', 'PHONE_LIST')[0].text).toContain('请勿自行点火');
  });

  it('a kind signs, links and names its hotline as configured, the others keep the shared ones', () => {
    const [g] = find(composeNotices(event('outage.announced', gas()), kinds, at), 'OUTAGE', 'PUBLIC', 'WECHAT');
    expect(g.text).toContain('云城燃气将暂停以下区域供气');
    expect(g.text).toContain('服务热线 96777');
    const [h] = find(composeNotices(event('outage.announced', heat()), kinds, at), 'OUTAGE', 'PUBLIC', 'WECHAT');
    expect(h.text).toContain('服务热线 96116');
  });

  it('heat lead time: a planned stop announced less than 24 h ahead is flagged; a burst or power loss goes out at once unflagged', () => {
    const late = new Date('2026-12-09T12:00:00Z'); // 12 h before the 08:00 start
    const planned = planNotices(event('outage.announced', heat()), kinds, late);
    expect(planned.warnings.map((w) => w.code).sort()).toEqual(['LATE_IMPORTANT_USER_NOTICE', 'LATE_PUBLIC_NOTICE']);
    expect(planned.warnings.find((w) => w.code === 'LATE_PUBLIC_NOTICE')!.message).toBe('计划停热应至少提前24小时公告 / planned heating outage announced less than 24 h before its start');
    expect(planned.drafts.filter((d) => d.kind === 'OUTAGE').every((d) => d.sendAt === late.toISOString())).toBe(true);
    const now = new Date(winter.startsAt);
    const burst = planNotices(event('outage.started', heat({ kind: 'EMERGENCY' })), kinds, now);
    expect(burst.warnings).toEqual([]);
    expect(burst.drafts.every((d) => d.kind === 'OUTAGE' && d.sendAt === now.toISOString())).toBe(true);
    expect(find(burst.drafts, 'OUTAGE', 'PUBLIC', 'WECHAT')[0].title).toBe('停热通知');
  });

  it('gas lead time is configurable: 36 h ahead is late for a utility that announces 48 h ahead, fine for the default 24 h', () => {
    const early = new Date('2026-12-08T12:00:00Z'); // 36 h before
    const w = planNotices(event('outage.announced', gas()), kinds, early).warnings;
    expect(w.find((x) => x.code === 'LATE_PUBLIC_NOTICE')!.message).toBe('计划停气应至少提前48小时公告 / planned gas outage announced less than 48 h before its start');
    expect(planNotices(event('outage.announced', gas()), notifyConfig(), early).warnings.map((x) => x.code)).not.toContain('LATE_PUBLIC_NOTICE');
  });

  it('the heating authority is told of a stop in the heating season, under its own name, and not of one out of season', () => {
    const inSeason = composeNotices(event('outage.announced', heat()), kinds, at);
    const [call] = find(inSeason, 'OUTAGE', 'REGULATOR', 'PHONE_LIST');
    expect(call.title).toBe('停热通知（向供热主管部门报告）');
    expect(call.recipients.map((r) => r.id)).toEqual(['heat-office']);
    expect(call.text).toContain('计划停热（编号TS-2026-0042）');
    expect(call.text).toContain('特此报备。');
    const emergency = composeNotices(event('outage.started', heat({ kind: 'EMERGENCY', startsAt: at.toISOString(), endsAt: new Date(at.getTime() + 5 * H).toISOString() })), kinds, at);
    expect(find(emergency, 'OUTAGE', 'REGULATOR', 'PHONE_LIST')[0].text).toContain('已组织处置，后续情况将及时报告。');
    const outOfSeason = composeNotices(event('outage.announced', heat(summer)), kinds, new Date('2026-07-05T00:00:00Z'));
    expect(outOfSeason.some((d) => d.audience === 'REGULATOR')).toBe(false);
  });

  it('the season the tickets service published decides: a stop on 5 November is in a season moved to 1 November', () => {
    const early = { startsAt: '2026-11-05T00:00:00.000Z', endsAt: '2026-11-05T06:00:00.000Z' };
    const moved = { ...kinds, heatingSeasons: [{ startsOn: '2026-11-01', endsOn: '2027-03-10' }] };
    expect(composeNotices(event('outage.announced', heat(early)), kinds, new Date('2026-11-01T00:00:00Z')).some((d) => d.audience === 'REGULATOR')).toBe(false);
    expect(composeNotices(event('outage.announced', heat(early)), moved, new Date('2026-11-01T00:00:00Z')).some((d) => d.audience === 'REGULATOR')).toBe(true);
  });

  it('the gas authority hears of a large gas outage; the water bureau is not called for it', () => {
    const drafts = composeNotices(event('outage.announced', gas({ population: 7000, requiresRegulatorApproval: true, regulatorApproval: { approvalNumber: '燃审〔2026〕7号', approvedAt: '2026-12-01T00:00:00Z', documentUrl: 'https://example.cn/7.pdf' } })), kinds, at);
    const [call] = find(drafts, 'OUTAGE', 'REGULATOR', 'PHONE_LIST');
    expect(call.title).toBe('停气通知（向燃气主管部门报告）');
    expect(call.recipients.map((r) => r.id)).toEqual(['gas-office']);
    expect(find(drafts, 'OUTAGE', 'REGULATOR', 'PHONE_LIST', 'en')).toEqual([]); // direct notices in the direct locale only
  });

  it('a big planned heat stop waiting for approval names the heating authority', () => {
    const plan = planNotices(event('outage.announced', heat({ population: 8000, requiresRegulatorApproval: true })), kinds, at);
    expect(plan.drafts).toEqual([]);
    expect(plan.blocked?.message).toContain('的计划停热须经供热主管部门批准后方可公告');
  });

  it('flags a kind whose authority has no contacts instead of calling nobody', () => {
    const plan = planNotices(event('outage.announced', heat()), notifyConfig(), at);
    expect(plan.drafts.some((d) => d.audience === 'REGULATOR')).toBe(false);
    expect(plan.warnings.find((w) => w.code === 'NO_REGULATOR_CONTACTS')!.message).toMatch(/^未配置供热主管部门联系人/);
  });
});

describe('the ≥ 5,000 phone list (issue 11)', () => {
  const quiet = { population: 1200, requiresRegulatorApproval: false, regulatorApproval: null, onMainRoad: false, importantUsers: [], servicePointPhones: [] };
  const emergency = (over: Parameters<typeof event>[1] = {}) =>
    event('outage.started', { ...quiet, kind: 'EMERGENCY', startsAt: NOW.toISOString(), endsAt: new Date(NOW.getTime() + 5 * H).toISOString(), ...over });
  const planned = (over: Parameters<typeof event>[1] = {}) => event('outage.announced', { ...quiet, ...over });
  const audiences = (e: OutageEvent, c: NotifyConfig = cfg) => [...new Set(planNotices(e, c, NOW).drafts.map((d) => `${d.audience}/${d.channel}`))].sort();

  it('about 5,000 or more (达到5000人以上) phones production and the duty leadership, planned and emergency alike', () => {
    for (const e of [planned({ population: 5000 }), emergency({ population: 5000 })]) {
      const [call] = planNotices(e, cfg, NOW).drafts.filter((d) => d.audience === 'INTERNAL');
      expect(call.channel).toBe('PHONE_LIST');
      expect(call.recipients.map((r) => r.id)).toEqual(['duty', 'prod']);
    }
    expect(audiences(planned({ population: 4999 }))).not.toContain('INTERNAL/PHONE_LIST');
    expect(audiences(planned({ population: 4750 }), notifyConfig({ ...cfg, largeOutageMargin: 0.05 }))).toContain('INTERNAL/PHONE_LIST');
  });

  it('an important large user affected phones production and the duty leadership, planned and emergency alike', () => {
    const hospital = [{ id: 'iu-1', name: '市第一人民医院', kind: 'HOSPITAL', phone: '0871-6000001' }];
    expect(audiences(planned({ importantUsers: hospital }))).toContain('INTERNAL/PHONE_LIST');
    expect(audiences(emergency({ importantUsers: hospital }))).toContain('INTERNAL/PHONE_LIST');
  });

  it('works on a main road phone production and the duty leadership, planned and emergency alike', () => {
    expect(audiences(planned({ onMainRoad: true }))).toContain('INTERNAL/PHONE_LIST');
    expect(audiences(emergency({ onMainRoad: true }))).toContain('INTERNAL/PHONE_LIST');
    expect(audiences(planned())).not.toContain('INTERNAL/PHONE_LIST');
  });

  it('the bureau hears of emergencies of that size, at once', () => {
    const [call] = planNotices(emergency({ population: 5000 }), cfg, NOW).drafts.filter((d) => d.audience === 'REGULATOR');
    expect(call).toMatchObject({ channel: 'PHONE_LIST', sendAt: NOW.toISOString(), title: '停水通知（向城市管理局报告）' });
    expect(audiences(emergency({ population: 4999 }))).not.toContain('REGULATOR/PHONE_LIST');
  });

  it('emergency outages also get site posters and the media notice', () => {
    expect(audiences(emergency())).toEqual(expect.arrayContaining(['SITE_POSTER/PRINT', 'PUBLIC/NEWS_SITE']));
    const [poster] = planNotices(emergency(), cfg, NOW).drafts.filter((d) => d.audience === 'SITE_POSTER' && d.locale === 'zh-CN');
    expect(poster.title).toBe('停水通知');
    expect(poster.sendAt).toBe(NOW.toISOString());
  });

  it('a treatment-plant or booster-station outage (source PLANT) goes to the bureau whatever its size', () => {
    const plant = { source: 'PLANT', population: 300 } as Parameters<typeof event>[1];
    expect(audiences(planned(plant))).toContain('REGULATOR/PHONE_LIST');
    expect(audiences(emergency(plant))).toContain('REGULATOR/PHONE_LIST');
    const [call] = planNotices(planned(plant), cfg, NOW).drafts.filter((d) => d.audience === 'REGULATOR');
    expect(call.text).toContain('影响人口约300人，特此报备。');
    expect(audiences(planned({ population: 300 }))).not.toContain('REGULATOR/PHONE_LIST');
  });

  it('a pressure reduction has its own notice wording (降压供水)', () => {
    const drafts = planNotices(planned({ pressureReduction: true, servicePointPhones: [{ id: 'sp', phone: '13900000009' }] }), cfg, NOW).drafts;
    const [wechat] = find(drafts, 'OUTAGE', 'PUBLIC', 'WECHAT');
    expect(wechat.title).toBe('降压供水通知');
    expect(wechat.text).toContain('降压供水区域：幸福路、和平街、建设路');
    expect(wechat.text).not.toContain('停水');
    expect(find(drafts, 'OUTAGE', 'RESIDENT', 'SMS')[0].text).toMatch(/^【云城水务】降压供水通知：/);
    expect(find(drafts, 'REMINDER', 'PUBLIC', 'WECHAT')[0].title).toBe('降压供水提醒');
    expect(find(drafts, 'OUTAGE', 'PUBLIC', 'WECHAT', 'en')[0].title).toBe('Reduced Water Pressure Notice');
  });

  it('a pressure reduction that was never announced is announced when it starts, once', () => {
    const start = event('outage.started', { ...quiet, pressureReduction: true, startsAt: NOW.toISOString(), endsAt: new Date(NOW.getTime() + 5 * H).toISOString() });
    const first = planNotices(start, cfg, NOW);
    expect(find(first.drafts, 'OUTAGE', 'PUBLIC', 'WECHAT')[0].title).toBe('降压供水通知');
    expect(planNotices(start, cfg, NOW, sent(first.drafts, () => 'SENT')).drafts).toEqual([]);
  });
});
