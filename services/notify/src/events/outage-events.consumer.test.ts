import { parseOutageEvent } from './outage-events.consumer';

describe('parseOutageEvent', () => {
  it('names what is missing instead of blocking the partition', () => {
    expect(parseOutageEvent({ value: Buffer.from('{') })).toEqual({ error: expect.stringMatching(/^not JSON/) });
    expect(parseOutageEvent({ value: Buffer.from('{"type":"outage.announced","outage":{"id":"o1"}}') })).toEqual({ error: 'eventId is missing' });
    expect(parseOutageEvent({ value: Buffer.from('{"eventId":"e1","type":"outage.announced","outage":{"id":"o1"}}') })).toMatchObject({ eventId: 'e1' });
  });
});
