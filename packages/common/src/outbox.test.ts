import { cloudEventHeaders, type OutboxRow } from './outbox';

const at = new Date('2026-11-27T00:00:05.000Z');
const row = (over: Partial<OutboxRow>): OutboxRow => ({ id: '17', topic: 'outage.events', key: 'o-1', headers: {}, value: null, createdAt: at, ...over });

describe('cloudEventHeaders: the one Kafka header convention (CloudEvents 1.0, binary mode)', () => {
  it('takes id, type and time from the event envelope, the subject from the key, the source from the relay', () => {
    const value = JSON.stringify({ eventId: 'e-1', type: 'outage.announced', occurredAt: '2026-11-27T00:00:00.000Z', outage: { id: 'o-1' } });
    expect(cloudEventHeaders(row({ value }), '/mainline/network')).toEqual({
      ce_specversion: '1.0', ce_id: 'e-1', ce_type: 'mainline.outage.announced', ce_source: '/mainline/network',
      ce_time: '2026-11-27T00:00:00.000Z', ce_subject: 'o-1', 'content-type': 'application/json',
    });
  });

  it('keeps a whole CloudEvent a producer built (notify\'s notices) and adds only the content-type header', () => {
    const headers = { ce_specversion: '1.0', ce_id: 'n-1', ce_type: 'mainline.outage.notice.v1', ce_source: '/mainline/notify', ce_time: '2026-11-26T00:00:00.000Z', ce_datacontenttype: 'application/json' };
    expect(cloudEventHeaders(row({ headers, value: '{"eventId":"other","type":"x"}' }), '/mainline/network')).toEqual({ ...headers, 'content-type': 'application/json' });
  });

  it('still makes a valid CloudEvent of a value without the envelope: the stable row id, the topic, the commit time', () => {
    expect(cloudEventHeaders(row({ key: null, value: 'not json' }), '/mainline/tickets')).toEqual({
      ce_specversion: '1.0', ce_id: 'outbox-17', ce_type: 'mainline.outage.events', ce_source: '/mainline/tickets', ce_time: at.toISOString(),
      'content-type': 'application/json',
    });
  });

  it('lets other headers through and does not overwrite attributes the producer set', () => {
    const value = JSON.stringify({ eventId: 'e-2', type: 'workorder.created', occurredAt: '2026-11-27T00:00:00.000Z' });
    const h = cloudEventHeaders(row({ value, headers: { 'x-trace': 't', ce_subject: 'WO-1' } }), '/mainline/tickets');
    expect(h).toMatchObject({ 'x-trace': 't', ce_subject: 'WO-1', ce_id: 'e-2', ce_type: 'mainline.workorder.created' });
  });
});
