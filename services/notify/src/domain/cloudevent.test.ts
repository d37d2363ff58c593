import { planNotices } from './compose';
import { notifyConfig } from './config';
import { DomainError } from '@mainline/common/domain';
import { CloudEvent, Kafka } from 'cloudevents';
import { NOTICE_EVENT_TYPE, assertNoticeData, fromKafkaMessage, noticeData, toKafkaMessage, toKafkaMessages } from './cloudevent';
import { event } from '../../test/fixtures';
import type { OutageSnapshot } from '@mainline/common/domain';

const cfg = notifyConfig({ internalContacts: [{ id: 'prod', name: '生产调度部', phone: '0871-6100001' }] });
const { drafts } = planNotices(event('outage.announced'), cfg, new Date('2026-11-24T00:00:00Z'));
const wechat = drafts.find((d) => d.channel === 'WECHAT' && d.kind === 'OUTAGE' && d.locale === 'zh-CN')!;
const sms = drafts.find((d) => d.channel === 'SMS' && d.audience === 'RESIDENT' && d.kind === 'OUTAGE')!;

describe('toKafkaMessage', () => {
  it('puts the CloudEvent attributes in ce_* headers (binary mode) and keys by outage', () => {
    const m = toKafkaMessage(wechat, cfg);
    expect(m.key).toBe('out-42');
    expect(m.headers).toEqual({
      'content-type': 'application/json',
      ce_id: wechat.noticeKey,
      ce_type: 'mainline.outage.notice.v1',
      ce_source: '/mainline/notify',
      ce_specversion: '1.0',
      ce_time: wechat.sendAt,
      ce_subject: 'out-42',
      ce_datacontenttype: 'application/json',
    });
    const data = JSON.parse(m.value);
    expect(data).toMatchObject({ noticeId: wechat.noticeKey, kind: 'OUTAGE', channel: 'WECHAT', title: '停水通知' });
    expect(data.recipients).toBeUndefined();
    expect(data.area.geometry.type).toBe('Polygon');
  });

  it('is byte-identical when the same notice is resent', () => {
    expect(toKafkaMessage(sms, cfg)).toEqual(toKafkaMessage(sms, cfg));
  });

  it('writes what the CloudEvents SDK writes in binary mode, for every notice of a plan', () => {
    for (const d of drafts) {
      const sdk = Kafka.binary(new CloudEvent({
        id: d.noticeKey, type: NOTICE_EVENT_TYPE, source: cfg.eventSource, subject: d.outageId, time: d.sendAt, datacontenttype: 'application/json', data: noticeData(d),
      }));
      const headers = Object.fromEntries(Object.entries(sdk.headers).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
      expect(toKafkaMessage(d, cfg)).toEqual({ key: d.outageId, value: JSON.stringify(sdk.value), headers });
    }
  });
});

describe('toKafkaMessages', () => {
  const one = notifyConfig({ ...cfg, smsBatchSize: 1 });
  const perRecipient = planNotices(event('outage.announced'), one, new Date('2026-11-24T00:00:00Z')).drafts;

  it('gives the same messages as toKafkaMessage one by one', () => {
    expect(perRecipient.length).toBeGreaterThan(2500);
    expect(toKafkaMessages(perRecipient, one)).toEqual(perRecipient.map((d) => toKafkaMessage(d, one)));
  });

  it('still refuses a bad recipient or id in a later batch of a group whose first batch passed', () => {
    const residents = perRecipient.filter((d) => d.audience === 'RESIDENT' && d.kind === 'OUTAGE');
    const badPhone = residents.map((d, i) => (i === residents.length - 1 ? { ...d, recipients: [{ id: 'sp-x', phone: 'call me' }] } : d));
    expect(() => toKafkaMessages(badPhone, one)).toThrow(/recipients/);
    const badId = residents.map((d, i) => (i === 7 ? { ...d, noticeKey: 'not-a-key' } : d));
    expect(() => toKafkaMessages(badId, one)).toThrow(/noticeId/);
  });
});

describe('fromKafkaMessage', () => {
  it('reads back what toKafkaMessage wrote, with Buffer headers and value as kafkajs delivers them', () => {
    const m = toKafkaMessage(sms, cfg);
    const incoming = { key: Buffer.from(m.key), value: Buffer.from(m.value), headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)])) };
    const parsed = fromKafkaMessage(incoming);
    expect(parsed.id).toBe(sms.noticeKey);
    expect(parsed.type).toBe(NOTICE_EVENT_TYPE);
    expect(parsed.subject).toBe('out-42');
    expect(parsed.data).toEqual(noticeData(sms));
    expect(parsed.data.recipients).toHaveLength(1000);
  });

  it('rejects another event type and data that breaks the schema', () => {
    const m = toKafkaMessage(wechat, cfg);
    expect(() => fromKafkaMessage({ ...m, headers: { ...m.headers, ce_type: 'mainline.ticket.created.v1' } })).toThrow(/ce_type/);
    const broken = JSON.stringify({ ...JSON.parse(m.value), kind: 'PARTY' });
    expect(() => fromKafkaMessage({ ...m, value: broken })).toThrow(DomainError);
  });
});

describe('outage-notice.v1.schema.json', () => {
  it('accepts every notice composed for a big outage', () => {
    for (const d of drafts) expect(() => assertNoticeData(noticeData(d))).not.toThrow();
  });

  // Every story of every kind: announcement (planned and emergency), reschedule, restoration, cancellation.
  const kinds: Array<[string, string, boolean?]> = [['WATER', 'PLANNED'], ['HEAT', 'PLANNED'], ['HEAT', 'EMERGENCY'], ['GAS', 'PLANNED'], ['GAS', 'EMERGENCY'], ['WATER', 'PLANNED', true], ['GAS', 'EMERGENCY', true]];
  const every = notifyConfig({
    internalContacts: [{ id: 'prod', name: '生产调度部', phone: '0871-6100001' }],
    utilities: Object.fromEntries((['WATER', 'HEAT', 'GAS'] as const).map((u) => [u, { authority: { contacts: [{ id: `${u}-authority`, phone: '0871-6200001' }] } }])),
  });
  for (const [utility, kind, pressureReduction] of kinds) {
    it(`accepts every notice of a ${utility} ${kind}${pressureReduction ? ' pressure-reduction' : ''} outage, from announcement to restoration, and says its kind`, () => {
      // At a plant (the authority of every kind hears of it), big, in the heating season, with important users and residents.
      const over = { utility, kind: kind as 'PLANNED', pressureReduction: !!pressureReduction, source: 'PLANT', startsAt: '2026-12-10T00:00:00.000Z', endsAt: '2026-12-10T06:00:00.000Z' } as Partial<OutageSnapshot>;
      const moved = { ...over, startsAt: '2026-12-11T00:00:00.000Z', endsAt: '2026-12-11T06:00:00.000Z', previousStartsAt: over.startsAt, previousEndsAt: over.endsAt };
      const now = new Date('2026-12-01T00:00:00Z');
      const all = [
        ...planNotices(event(kind === 'EMERGENCY' ? 'outage.started' : 'outage.announced', over), every, now).drafts,
        ...planNotices(event('outage.rescheduled', moved), every, now).drafts,
        ...planNotices(event('outage.restored', over, '2026-12-10T05:00:00.000Z'), every, new Date('2026-12-10T05:00:00.000Z')).drafts,
        ...planNotices(event('outage.cancelled', over), every, now).drafts,
      ];
      expect(new Set(all.map((d) => d.kind))).toEqual(new Set(['OUTAGE', 'REMINDER', 'UPDATE', 'RESTORATION', 'CANCELLATION']));
      expect(new Set(all.map((d) => d.audience))).toEqual(new Set(['PUBLIC', 'SITE_POSTER', 'INTERNAL', 'REGULATOR', 'IMPORTANT_USER', 'RESIDENT']));
      for (const d of all) {
        const data = JSON.parse(toKafkaMessage(d, every).value);
        expect(() => assertNoticeData(data)).not.toThrow();
        if (utility === 'WATER') expect(data).not.toHaveProperty('utility');
        else expect(data.utility).toBe(utility);
      }
    });
  }

  it('rejects an SMS without recipients or signature, a published notice with recipients, and a bad time', () => {
    const smsData = noticeData(sms);
    const { recipients: _r, ...noRecipients } = smsData;
    expect(() => assertNoticeData(noRecipients)).toThrow(/recipients/);
    expect(() => assertNoticeData({ ...smsData, text: '停水通知：幸福路停水' })).toThrow(/\/text/);
    expect(() => assertNoticeData({ ...noticeData(wechat), recipients: [{ id: 'x', phone: '13900000000' }] })).toThrow(DomainError);
    expect(() => assertNoticeData({ ...noticeData(wechat), startsAt: '27/11/2026 08:00' })).toThrow(/\/startsAt/);
    // Water is the absence of the field, never a value of it.
    expect(() => assertNoticeData({ ...noticeData(wechat), utility: 'WATER' })).toThrow(/\/utility/);
  });
});
