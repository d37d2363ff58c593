// Heat and gas outages through the real notify service, PostgreSQL and Kafka: the notices on outage.notices speak
// their kind (停热 / 停气), each kind's lead-time rule is applied, and the heating authority hears of a stop in the
// heating season the tickets service published on settings.events, and not of one outside it.
import { ManualClock, TOPICS, topicName, type OutageEvent, type OutageSnapshot } from '@mainline/common';
import { HEATING_SEASONS_KEY, type HeatingSeasonsSetEvent } from '@mainline/common/domain';
import { smsSegments } from '../src/domain';
import { NoticePlanner, type PlanOutcome } from '../src/services/notice-planner.service';
import { outage } from './fixtures';
import { startHarness, type Harness } from './support/harness';
import { NoticeCollector, noticeSchemaValidator, type RawNotice } from './support/notice-collector';

const HOUR = 3_600_000;
const validate = noticeSchemaValidator();
// 3 November 2026, 08:00 in Beijing. The default heating season starts on 15 November; the city moved this one
// to 1 November (the settings event below), so only the received season puts these days in the season.
const NOW = new Date('2026-11-03T00:00:00.000Z');
const MOVED: HeatingSeasonsSetEvent = {
  type: 'settings.heating-seasons', eventId: 'evt-seasons-2', occurredAt: '2026-10-28T02:00:00.000Z',
  seasons: [{ startsOn: '2025-11-15', endsOn: '2026-03-19' }, { startsOn: '2026-11-01', endsOn: '2027-03-10' }],
};

describe('heat and gas notices (real PostgreSQL + Kafka)', () => {
  let h: Harness;
  let sink: NoticeCollector;
  let handle: jest.SpyInstance<Promise<PlanOutcome>, Parameters<NoticePlanner['handle']>>;

  beforeAll(async () => {
    h = await startHarness('kinds', {
      clock: new ManualClock(NOW),
      env: {
        NOTIFY_HEAT_AUTHORITY_CONTACTS: '市供热管理办公室=0871-6400001',
        NOTIFY_GAS_AUTHORITY_CONTACTS: '市燃气管理处=0871-6500001',
        // This gas company announces planned stops 48 h ahead (its contracts say so); heat keeps the 24 h default.
        NOTIFY_GAS_LEAD_HOURS: '48', NOTIFY_GAS_PUBLIC_LEAD_HOURS: '48',
        NOTIFY_GAS_SMS_SIGNATURE: '云城燃气', NOTIFY_GAS_UTILITY_NAME: '云城燃气', NOTIFY_GAS_HOTLINE: '96777',
      },
    });
    sink = await NoticeCollector.start(h.brokers, topicName(h.prefix, TOPICS.outageNotices));
    handle = jest.spyOn(NoticePlanner.prototype, 'handle');
  }, 120_000);

  afterAll(async () => {
    handle?.mockRestore();
    await sink?.stop();
    await h?.stop();
  });

  const publishSeasons = (e: HeatingSeasonsSetEvent) =>
    h.bus.send(topicName(h.prefix, TOPICS.settingsEvents), [{ key: HEATING_SEASONS_KEY, value: JSON.stringify(e) }]);

  /** Publishes an outage event and waits until every notice due now is on the topic. */
  async function publishAndCollect(e: OutageEvent): Promise<{ msgs: RawNotice[]; outcome: PlanOutcome }> {
    const before = sink.forOutage(e.outage.id).length;
    await h.publish(e);
    const outcome = await waitFor(async () => {
      const call = handle.mock.calls.findIndex(([x]) => x.eventId === e.eventId);
      return call >= 0 ? handle.mock.results[call].value : undefined;
    }, `the planner's answer to ${e.eventId}`);
    const o: PlanOutcome = await outcome;
    await sink.waitFor(() => sink.forOutage(e.outage.id).length >= before + o.queued, 30_000, `${o.queued} notices of ${e.outage.id}`);
    const msgs = sink.forOutage(e.outage.id).slice(before);
    expect(msgs).toHaveLength(o.queued);
    for (const m of msgs) expect(validate(m.data)).toEqual([]);
    return { msgs, outcome: o };
  }

  const find = (msgs: RawNotice[], audience: string, channel: string, locale = 'zh-CN') =>
    msgs.find((m) => m.data.audience === audience && m.data.channel === channel && m.data.locale === locale)?.data;

  function announced(id: string, over: Partial<OutageSnapshot>, type: OutageEvent['type'] = 'outage.announced'): OutageEvent {
    const snapshot = outage({
      id, number: `TS-2026-${id}`, population: 1800, requiresRegulatorApproval: false, regulatorApproval: null, onMainRoad: false,
      servicePointPhones: Array.from({ length: 5 }, (_, i) => ({ id: `${id}-sp-${i}`, phone: `1370000${String(i).padStart(4, '0')}` })),
      ...over,
    });
    return { type, eventId: `evt-${id}-${type}`, occurredAt: h.clock.now().toISOString(), outage: snapshot };
  }

  it('keeps the heating seasons the tickets service publishes, and ignores an older list arriving late', async () => {
    await publishSeasons(MOVED);
    await waitFor(async () => (await h.app.ds.query(`SELECT event_id FROM setting_received WHERE name = $1`, [HEATING_SEASONS_KEY]))[0]?.event_id === MOVED.eventId, 'the seasons stored');
    const older: HeatingSeasonsSetEvent = { ...MOVED, eventId: 'evt-seasons-1', occurredAt: '2026-09-01T00:00:00.000Z', seasons: [{ startsOn: '2026-11-15', endsOn: '2027-03-19' }] };
    await publishSeasons(older);
    await waitFor(async () => (await h.app.ds.query(`SELECT 1 FROM processed_message WHERE consumer = 'notify.settings-events' AND message_id = $1`, [older.eventId])).length === 1, 'the older list handled');
    expect(await h.app.ds.query(`SELECT starts_on::text AS "startsOn", ends_on::text AS "endsOn" FROM heating_season ORDER BY starts_on`)).toEqual(MOVED.seasons);
  });

  it('a planned heat stop in the season: 停热 in titles, SMS and posters, the heating authority told, reminders 24 h and 2 h ahead', async () => {
    // 5 November 08:00–14:00: inside the season moved to 1 November, outside the default one.
    const start = new Date('2026-11-05T00:00:00.000Z');
    const e = announced('heat-1', {
      utility: 'HEAT', reason: '换热站设备检修', requiresRegulatorApproval: true, population: 6200, onMainRoad: true,
      regulatorApproval: { approvalNumber: '热审〔2026〕12号', approvedAt: '2026-11-02T00:00:00.000Z', documentUrl: 'https://example.cn/12.pdf' },
      startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 6 * HOUR).toISOString(),
    });
    const { msgs, outcome } = await publishAndCollect(e);
    expect(outcome.warnings).toEqual([]); // 48 h ahead: the heat rule (24 h) is met
    expect(find(msgs, 'PUBLIC', 'WECHAT')).toMatchObject({ utility: 'HEAT', title: '停热通知', text: expect.stringContaining('停热时间：2026年11月5日 08:00 至 14:00') });
    expect(find(msgs, 'PUBLIC', 'WECHAT', 'en').title).toBe('Heating Outage Notice');
    expect(find(msgs, 'SITE_POSTER', 'PRINT').text).toContain('停热区域：幸福路、和平街、建设路');
    const sms = find(msgs, 'RESIDENT', 'SMS');
    expect(sms.text).toMatch(/^【云城水务】停热通知：11月5日08:00至14:00.*停热/);
    expect(smsSegments(sms.text).segments).toBe(1);
    const authority = find(msgs, 'REGULATOR', 'PHONE_LIST');
    expect(authority).toMatchObject({ title: '停热通知（向供热主管部门报告）', recipients: [{ name: '市供热管理办公室', phone: '08716400001' }] });
    expect(authority.text).toContain('计划停热（编号TS-2026-heat-1）');
    for (const m of msgs) expect(m.data.title + m.data.text).not.toMatch(/停水|储水/);
    // The planned-stop lead time: reminders wait for 24 h and 2 h before the start.
    const pending: Array<{ send_at: Date }> = await h.app.ds.query(`SELECT DISTINCT send_at FROM notice WHERE outage_id = $1 AND status = 'PENDING' ORDER BY send_at`, [e.outage.id]);
    expect(pending.map((r) => new Date(r.send_at).toISOString())).toEqual([new Date(start.getTime() - 24 * HOUR).toISOString(), new Date(start.getTime() - 2 * HOUR).toISOString()]);
  });

  it('a sudden heat loss (burst, power loss) goes out at once with no lead time, and the heating authority is told in the season', async () => {
    const e = announced('heat-2', {
      utility: 'HEAT', kind: 'EMERGENCY', reason: '供热主管道爆管', startsAt: NOW.toISOString(), endsAt: new Date(NOW.getTime() + 8 * HOUR).toISOString(),
    }, 'outage.started');
    const { msgs, outcome } = await publishAndCollect(e);
    expect(outcome.warnings.map((w) => w.code)).not.toContain('LATE_PUBLIC_NOTICE');
    expect(outcome.pending).toBe(0);
    expect(msgs.every((m) => m.headers.ce_time === NOW.toISOString())).toBe(true);
    expect(find(msgs, 'PUBLIC', 'WECHAT').title).toBe('停热通知');
    expect(find(msgs, 'SITE_POSTER', 'PRINT').title).toBe('停热通知'); // emergencies get posters on site
    expect(find(msgs, 'REGULATOR', 'PHONE_LIST').text).toContain('紧急停热（编号TS-2026-heat-2）');
    expect(find(msgs, 'REGULATOR', 'PHONE_LIST').text).toContain('已组织处置，后续情况将及时报告。');
  });

  it('a heat stop outside the season does not go to the heating authority', async () => {
    // 15 March 2027: after the received season's end (10 March), though inside the default (19 March).
    const e = announced('heat-3', { utility: 'HEAT', startsAt: '2027-03-15T00:00:00.000Z', endsAt: '2027-03-15T06:00:00.000Z' });
    const { msgs } = await publishAndCollect(e);
    expect(find(msgs, 'PUBLIC', 'WECHAT').title).toBe('停热通知');
    expect(msgs.some((m) => m.data.audience === 'REGULATOR')).toBe(false);
  });

  it('a planned gas stop says 停气 under the gas company\'s name, and is flagged when announced inside its 48 h', async () => {
    const start = new Date(NOW.getTime() + 36 * HOUR);
    const e = announced('gas-1', { utility: 'GAS', reason: '燃气管道碰口施工', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 4 * HOUR).toISOString() });
    const { msgs, outcome } = await publishAndCollect(e);
    expect(outcome.warnings.find((w) => w.code === 'LATE_PUBLIC_NOTICE')?.message).toBe('计划停气应至少提前48小时公告 / planned gas outage announced less than 48 h before its start');
    expect(outcome.warnings.map((w) => w.code)).toContain('LATE_IMPORTANT_USER_NOTICE');
    const wechat = find(msgs, 'PUBLIC', 'WECHAT');
    expect(wechat).toMatchObject({ utility: 'GAS', title: '停气通知' });
    expect(wechat.text).toContain('云城燃气将暂停以下区域供气');
    expect(wechat.text).toContain('服务热线 96777');
    expect(find(msgs, 'RESIDENT', 'SMS').text).toMatch(/^【云城燃气】停气通知：.*停气/);
    expect(find(msgs, 'IMPORTANT_USER', 'SMS').text).toContain('请贵单位关闭燃气阀门');
    // Small: the gas authority is not called.
    expect(msgs.some((m) => m.data.audience === 'REGULATOR')).toBe(false);
  });

  it('a gas restoration tells every customer not to re-light appliances but to wait for staff', async () => {
    const first = sink.forOutage('gas-1')[0].data;
    const e = { ...announced('gas-1', { utility: 'GAS', startsAt: first.startsAt, endsAt: first.endsAt }, 'outage.restored'), occurredAt: new Date(new Date(first.endsAt).getTime() - HOUR).toISOString() };
    const { msgs } = await publishAndCollect(e);
    expect(find(msgs, 'PUBLIC', 'WECHAT')).toMatchObject({ title: '恢复供气通知', text: expect.stringContaining('请勿自行开阀点火！工作人员将逐户上门检查并点火') });
    expect(find(msgs, 'RESIDENT', 'SMS').text).toContain('请勿自行点火，待工作人员上门检查');
    expect(find(msgs, 'IMPORTANT_USER', 'PHONE_LIST').text).toContain('请勿自行点火');
    expect(sink.uniqueIds('gas-1').size).toBe(sink.forOutage('gas-1').length);
  });

  it('lists and edits heat templates apart from water\'s', async () => {
    const list = await h.gql(`query { noticeTemplates(utility: HEAT) { key utility pressureReduction title } }`, {}, ['agent']);
    expect(list.errors).toBeUndefined();
    expect(list.data.noticeTemplates.every((t: any) => t.utility === 'HEAT')).toBe(true);
    expect(list.data.noticeTemplates.find((t: any) => t.key === 'HEAT:OUTAGE:PUBLIC:WECHAT:zh-CN').title).toBe('停热通知');
    expect(list.data.noticeTemplates.find((t: any) => t.key === 'HEAT_PRESSURE_REDUCTION:OUTAGE:PUBLIC:WECHAT:zh-CN').title).toBe('降压供热通知');
    const m = `mutation($b: String!) { updateNoticeTemplate(utility: HEAT, kind: OUTAGE, audience: PUBLIC, channel: WECHAT, locale: "zh-CN", title: "停暖通知", body: $b) { key utility customized } }`;
    const ok = await h.gql(m, { b: '{{areas}}于{{timeRange}}停暖。' }, ['supervisor']);
    expect(ok.data.updateNoticeTemplate).toEqual({ key: 'HEAT:OUTAGE:PUBLIC:WECHAT:zh-CN', utility: 'HEAT', customized: true });
    const water = await h.gql(`query { noticeTemplates(utility: WATER) { key customized title } }`, {}, ['agent']);
    expect(water.data.noticeTemplates.find((t: any) => t.key === 'OUTAGE:PUBLIC:WECHAT:zh-CN')).toEqual({ key: 'OUTAGE:PUBLIC:WECHAT:zh-CN', customized: false, title: '停水通知' });
    // The next heat outage uses the edit; its SMS keeps the default.
    const e = announced('heat-4', { utility: 'HEAT', startsAt: '2026-11-20T00:00:00.000Z', endsAt: '2026-11-20T06:00:00.000Z' });
    const { msgs } = await publishAndCollect(e);
    expect(find(msgs, 'PUBLIC', 'WECHAT')).toMatchObject({ title: '停暖通知', text: '幸福路、和平街、建设路于2026年11月20日 08:00 至 14:00停暖。' });
    expect(find(msgs, 'RESIDENT', 'SMS').title).toBe('停热通知');
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
