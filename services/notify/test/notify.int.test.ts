// The notify service against the real PostgreSQL and Kafka: outage events in, CloudEvents out,
// reminders, receipts and alerts, templates, and what GraphQL shows to whom.
import { TOPICS, topicName, type OutageEvent } from '@mainline/common';
import { smsSegments } from '../src/domain';
import { event as fixtureEvent, outage } from './fixtures';
import { NoticePlanner, OUTAGE_EVENTS_CONSUMER } from '../src/services/notice-planner.service';
import { startHarness, type Harness } from './support/harness';
import { NoticeCollector, noticeSchemaValidator } from './support/notice-collector';

const HOUR = 3_600_000;
const validate = noticeSchemaValidator();

/** The day after tomorrow at 08:00 Asia/Shanghai (00:00 UTC), so reminders are still ahead. */
function plannedStart(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 0, 0, 0));
  return d;
}

function shanghaiDate(d: Date): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}年${p.month}月${p.day}日`;
}

describe('notify service (real PostgreSQL + Kafka)', () => {
  let h: Harness;
  let sink: NoticeCollector;
  let start: Date;
  let announced: OutageEvent;
  const outageId = 'out-int-1';

  beforeAll(async () => {
    h = await startHarness('flow');
    sink = await NoticeCollector.start(h.brokers, topicName(h.prefix, TOPICS.outageNotices));
    start = plannedStart(h.clock.now());
    const snapshot = outage({
      id: outageId,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 6 * HOUR).toISOString(),
      servicePointPhones: Array.from({ length: 30 }, (_, i) => ({ id: `sp-${i}`, phone: `1390000${String(i).padStart(4, '0')}` })),
    });
    announced = { ...fixtureEvent('outage.announced'), eventId: 'evt-int-announce', occurredAt: h.clock.now().toISOString(), outage: snapshot };
  }, 120_000);

  afterAll(async () => {
    await sink?.stop();
    await h?.stop();
  });

  it('publishes each audience’s notice for an announcement as a CloudEvent on outage.notices', async () => {
    await h.publish(announced);
    // Published now: public ×3 channels ×2 locales, posters ×2, internal call list, important users SMS + call list, residents SMS;
    // pending: per reminder (24 h, 2 h) WeChat ×2 locales, important users SMS, residents SMS.
    const expected = 3 * 2 + 2 + 1 + 2 + 1;
    await sink.waitFor(() => sink.forOutage(outageId).length >= expected, 30_000, `${expected} notices`);
    const msgs = sink.forOutage(outageId);
    expect(msgs).toHaveLength(expected);

    for (const m of msgs) {
      expect(m.key).toBe(outageId);
      expect(m.headers).toMatchObject({ ce_type: 'mainline.outage.notice.v1', ce_source: '/mainline/notify', ce_specversion: '1.0', ce_subject: outageId });
      expect(m.headers.ce_id).toBe(m.data.noticeId);
      expect(validate(m.data)).toEqual([]);
    }
    const find = (audience: string, channel: string, locale = 'zh-CN') => msgs.find((m) => m.data.audience === audience && m.data.channel === channel && m.data.locale === locale)!.data;
    expect(new Set(msgs.map((m) => `${m.data.audience}/${m.data.channel}`))).toEqual(new Set([
      'PUBLIC/WECHAT', 'PUBLIC/WEBSITE', 'PUBLIC/NEWS_SITE', 'SITE_POSTER/PRINT', 'INTERNAL/PHONE_LIST', 'IMPORTANT_USER/SMS', 'IMPORTANT_USER/PHONE_LIST', 'RESIDENT/SMS',
    ]));

    const wechat = find('PUBLIC', 'WECHAT');
    expect(wechat.title).toBe('停水通知');
    // Times in Asia/Shanghai: 00:00–06:00 UTC is 08:00–14:00 in Beijing.
    expect(wechat.text).toContain(`停水时间：${shanghaiDate(start)} 08:00 至 14:00`);
    expect(wechat.text).toContain('幸福路、和平街、建设路');
    expect(wechat.text).toContain('96116');
    expect(find('PUBLIC', 'WECHAT', 'en').title).toBe('Water Outage Notice');

    const sms = find('RESIDENT', 'SMS');
    expect(sms.text.startsWith('【云城水务】')).toBe(true);
    expect(smsSegments(sms.text).segments).toBeLessThanOrEqual(2);
    expect(sms.recipients).toHaveLength(30);
    expect(sms.text).toContain(sms.url);
    expect(find('IMPORTANT_USER', 'SMS').recipients.map((r: any) => r.name)).toEqual(['市第一人民医院', '幸福路小学']);
    expect(find('INTERNAL', 'PHONE_LIST').recipients).toHaveLength(2);

    // The relay's ack moves them to PUBLISHED; the reminders wait for their time.
    await waitUntil(async () => (await statuses(h, outageId)).PUBLISHED === expected, 15_000, 'PUBLISHED statuses');
    expect(await statuses(h, outageId)).toEqual({ PUBLISHED: expected, PENDING: 2 * (2 + 1 + 1) });
  });

  it('plans a redelivered event only once', async () => {
    // Replanning the same event composes nothing new either, so only the planner's own answer shows the dedupe.
    const handle = jest.spyOn(NoticePlanner.prototype, 'handle');
    try {
      const before = await h.app.ds.query('SELECT count(*)::int AS n FROM notice');
      await h.publish(announced);
      await waitUntil(async () => handle.mock.calls.length >= 1, 15_000, 'the redelivery handled');
      expect(new Set(handle.mock.calls.map(([e]) => e.eventId))).toEqual(new Set([announced.eventId]));
      for (const r of handle.mock.results) expect(await r.value).toMatchObject({ processed: false, composed: 0, queued: 0 });
      await new Promise((r) => setTimeout(r, 2000));
      expect(await h.app.ds.query(`SELECT count(*)::int AS n FROM processed_message WHERE consumer = $1 AND message_id = $2`, [OUTAGE_EVENTS_CONSUMER, announced.eventId]))
        .toEqual([{ n: 1 }]);
      expect(await h.app.ds.query('SELECT count(*)::int AS n FROM notice')).toEqual(before);
      expect(sink.forOutage(outageId)).toHaveLength(12);
    } finally {
      handle.mockRestore();
    }
  });

  it('sends the 24-hour reminder when its time comes, once, even with two schedulers', async () => {
    h.clock.set(new Date(start.getTime() - 24 * HOUR + 60_000));
    const [a, b] = await Promise.all([h.app.scheduler.tick(), h.app.scheduler.tick()]);
    expect(a.released + b.released).toBe(2 + 1 + 1);
    await sink.waitFor(() => sink.forOutage(outageId).filter((m) => m.data.kind === 'REMINDER').length >= 4, 15_000, '24-h reminders');
    const reminders = sink.forOutage(outageId).filter((m) => m.data.kind === 'REMINDER');
    expect(reminders).toHaveLength(4);
    const zh = reminders.find((m) => m.data.channel === 'WECHAT' && m.data.locale === 'zh-CN')!.data;
    expect(zh.title).toBe('停水提醒');
    expect(zh.text).toContain('24小时后停止供水');
    for (const m of reminders) expect(validate(m.data)).toEqual([]);
  });

  it('turns receipts into statuses and raises an alert when an important user was not reached', async () => {
    const [iuSms] = await h.app.ds.query(`SELECT id FROM notice WHERE outage_id = $1 AND kind = 'OUTAGE' AND audience = 'IMPORTANT_USER' AND channel = 'SMS'`, [outageId]);
    const [wechat] = await h.app.ds.query(`SELECT id FROM notice WHERE outage_id = $1 AND kind = 'OUTAGE' AND channel = 'WECHAT' AND locale = 'zh-CN'`, [outageId]);
    const at = new Date().toISOString();
    const receipts = [
      { noticeId: iuSms.id, recipient: '13800000002', status: 'DELIVERED', at },
      { noticeId: iuSms.id, recipient: '0871-6000001', status: 'FAILED', at, error: '空号 / number not in service' },
      { noticeId: wechat.id, recipient: 'wechat-article-1', status: 'DELIVERED', at },
    ];
    const topic = topicName(h.prefix, TOPICS.noticeReceipts);
    // Sent twice: the second copy must change nothing.
    await h.bus.send(topic, receipts.map((r) => ({ key: outageId, value: JSON.stringify(r) })));
    await h.bus.send(topic, receipts.map((r) => ({ key: outageId, value: JSON.stringify(r) })));
    await waitUntil(async () => (await h.app.ds.query('SELECT count(*)::int AS n FROM notice_receipt'))[0].n === 3, 15_000, 'receipts stored');
    await waitUntil(async () => (await h.app.ds.query(`SELECT status FROM notice WHERE id = $1`, [wechat.id]))[0].status === 'PUBLISHED', 5000, 'wechat status');
    expect((await h.app.ds.query(`SELECT status FROM notice WHERE id = $1`, [iuSms.id]))[0].status).toBe('PARTIALLY_DELIVERED');

    const q = `query($o: ID) { noticeAlerts(outageId: $o) { id code noticeId phone recipientName error message acknowledgedAt } }`;
    const res = await h.gql(q, { o: outageId }, ['agent']);
    expect(res.errors).toBeUndefined();
    expect(res.data.noticeAlerts).toHaveLength(1);
    expect(res.data.noticeAlerts[0]).toMatchObject({ code: 'IMPORTANT_USER_NOT_REACHED', noticeId: iuSms.id, phone: '08716000001', recipientName: '市第一人民医院', error: '空号 / number not in service' });
    expect(res.data.noticeAlerts[0].message).toMatch(/^重要用户“市第一人民医院”/);

    expect((await h.gql(q, { o: outageId }, ['dispatcher'])).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ack = await h.gql(`mutation($id: ID!) { acknowledgeNoticeAlert(id: $id, note: "已电话通知后勤科") { acknowledgedAt acknowledgedBy acknowledgeNote } }`, { id: res.data.noticeAlerts[0].id }, ['agent'], 'agent-7');
    expect(ack.data.acknowledgeNoticeAlert).toMatchObject({ acknowledgedBy: 'agent-7', acknowledgeNote: '已电话通知后勤科' });
    expect((await h.gql(q, { o: outageId }, ['agent'])).data.noticeAlerts).toHaveLength(0);
  });

  it('shows Outage.notices through federation, phones only to roles that need them', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Outage { notices { id audience channel locale title text status kind recipientCount recipients { phone } receipts { recipient status error } } } } }`;
    const r = [{ __typename: 'Outage', id: outageId }];
    const agent = await h.gql(q, { r }, ['agent']);
    expect(agent.errors).toBeUndefined();
    const notices = agent.data._entities[0].notices;
    expect(notices).toHaveLength(20);
    const iu = notices.find((n: any) => n.kind === 'OUTAGE' && n.audience === 'IMPORTANT_USER' && n.channel === 'SMS');
    expect(iu).toMatchObject({ status: 'PARTIALLY_DELIVERED', recipientCount: 2 });
    expect(iu.recipients.map((x: any) => x.phone).sort()).toEqual(['08716000001', '13800000002']);
    expect(iu.receipts).toEqual(expect.arrayContaining([{ recipient: '0871-6000001', status: 'FAILED', error: '空号 / number not in service' }]));

    const dispatcher = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Outage { notices { id title status recipientCount } } } }`, { r }, ['dispatcher']);
    expect(dispatcher.errors).toBeUndefined();
    expect(dispatcher.data._entities[0].notices).toHaveLength(20);
    const denied = await h.gql(q, { r }, ['dispatcher']);
    expect(denied.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });

  it('lets a supervisor edit a template, refusing unknown variables by name', async () => {
    const m = `mutation($b: String!) { updateNoticeTemplate(kind: RESTORATION, audience: PUBLIC, channel: WECHAT, locale: "zh-CN", title: "恢复供水通知", body: $b) { key customized body updatedBy } }`;
    const bad = await h.gql(m, { b: '{{areas}}已恢复供水，{{restoredAt}}' }, ['supervisor']);
    expect(bad.errors?.[0].extensions?.code).toBe('INVALID_INPUT');
    expect(bad.errors?.[0].message).toContain('{{restoredAt}}');
    expect((await h.gql(m, { b: '{{areas}}已恢复供水。' }, ['dispatcher'])).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const smsTooLong = await h.gql(`mutation($b: String!) { updateNoticeTemplate(kind: OUTAGE, audience: RESIDENT, channel: SMS, locale: "zh-CN", title: "停水通知", body: $b) { key } }`,
      { b: '停水通知'.repeat(40) + '{{noticeUrl}}' }, ['supervisor']);
    expect(smsTooLong.errors?.[0].extensions?.code).toBe('INVALID_INPUT');

    const ok = await h.gql(m, { b: '{{areas}}已于{{eventTime}}恢复供水，热线{{hotline}}。\n{{utilityName}}' }, ['supervisor'], 'sup-1');
    expect(ok.errors).toBeUndefined();
    expect(ok.data.updateNoticeTemplate).toMatchObject({ key: 'RESTORATION:PUBLIC:WECHAT:zh-CN', customized: true, updatedBy: 'sup-1' });
    const list = await h.gql(`{ noticeTemplates { key customized body } }`, {}, ['agent']);
    const templates = list.data.noticeTemplates;
    expect(templates.length).toBeGreaterThan(50);
    expect(templates.find((t: any) => t.key === 'RESTORATION:PUBLIC:WECHAT:zh-CN')).toMatchObject({ customized: true });
    expect(templates.find((t: any) => t.key === 'OUTAGE:PUBLIC:WECHAT:zh-CN')).toMatchObject({ customized: false });
  });

  it('on restoration tells everyone told before (with the edited template) and cancels the pending reminder', async () => {
    // Jumping the clock past the 2-h reminders must not let the background scheduler release them
    // before the restoration event is handled: from here on this test ticks the scheduler itself.
    await h.app.scheduler.stop();
    h.clock.set(new Date(start.getTime() + 5 * HOUR));
    await h.publish({ ...announced, type: 'outage.restored', eventId: 'evt-int-restored', occurredAt: h.clock.now().toISOString(), outage: { ...announced.outage, status: 'RESTORED' } });
    await sink.waitFor(() => sink.forOutage(outageId).filter((m) => m.data.kind === 'RESTORATION').length >= 1, 20_000, 'restoration notices');
    await new Promise((r) => setTimeout(r, 1000));
    const restoration = sink.forOutage(outageId).filter((m) => m.data.kind === 'RESTORATION');
    const wechat = restoration.find((m) => m.data.channel === 'WECHAT' && m.data.locale === 'zh-CN')!.data;
    expect(wechat.title).toBe('恢复供水通知');
    expect(wechat.text).toMatch(/^幸福路、和平街、建设路已于.*13:00恢复供水，热线96116。\n云城水务$/);
    // Posters come down with the water back; every other group told hears of it.
    expect(restoration.some((m) => m.data.channel === 'PRINT')).toBe(false);
    expect(restoration.some((m) => m.data.audience === 'RESIDENT')).toBe(true);
    // The 2-h reminders never go out.
    await h.app.scheduler.tick();
    expect((await statuses(h, outageId)).CANCELLED).toBe(4);
    expect(sink.forOutage(outageId).filter((m) => m.data.kind === 'REMINDER')).toHaveLength(4);
    // Exactly once per ce_id over the whole story.
    expect(sink.uniqueIds(outageId).size).toBe(sink.forOutage(outageId).length);
  });
});

async function statuses(h: Harness, outageId: string): Promise<Record<string, number>> {
  const rows: Array<{ status: string; n: number }> = await h.app.ds.query(`SELECT status, count(*)::int AS n FROM notice WHERE outage_id = $1 GROUP BY status`, [outageId]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
