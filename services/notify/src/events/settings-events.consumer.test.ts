import { parseSettingsEvent } from './settings-events.consumer';

describe('parseSettingsEvent', () => {
  const msg = (v: unknown) => ({ value: Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)) });
  it('reads a heating-season event, ignores other settings and names what is missing', () => {
    const e = { type: 'settings.heating-seasons', eventId: 'e1', occurredAt: '2026-10-01T00:00:00Z', seasons: [{ startsOn: '2026-11-15', endsOn: '2027-03-19' }] };
    expect(parseSettingsEvent(msg(e))).toEqual(e);
    expect(parseSettingsEvent(msg({ type: 'settings.calendar', eventId: 'e2' }))).toEqual({ ignored: 'settings.calendar' });
    expect(parseSettingsEvent(msg({ ...e, eventId: undefined }))).toEqual({ error: 'eventId is missing' });
    expect(parseSettingsEvent(msg({ ...e, seasons: undefined }))).toEqual({ error: 'seasons is missing' });
    expect(parseSettingsEvent(msg('{'))).toEqual({ error: expect.stringMatching(/^not JSON/) });
  });
});
