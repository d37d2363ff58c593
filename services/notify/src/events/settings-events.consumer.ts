// settings.events (published by the tickets service, key = setting name) → SettingsService.
import type { Logger, MessageBus, ReceivedMessage } from '@mainline/common';
import { DomainError, type HeatingSeasonsSetEvent } from '../domain';
import type { SettingsService } from '../services/settings.service';
import { notifyGroupId } from './outage-events.consumer';

/** A settings event notify acts on, `{ ignored }` for a setting it does not read, `{ error }` for one no retry can fix. */
export function parseSettingsEvent(m: Pick<ReceivedMessage, 'value'>): HeatingSeasonsSetEvent | { ignored: string } | { error: string } {
  if (!m.value) return { error: 'empty message' };
  let e: Partial<HeatingSeasonsSetEvent> & { type?: unknown };
  try {
    e = JSON.parse(m.value.toString('utf8'));
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  if (!e || typeof e !== 'object') return { error: 'not an object' };
  if (typeof e.type !== 'string') return { error: 'type is missing' };
  if (e.type !== 'settings.heating-seasons') return { ignored: e.type };
  if (typeof e.eventId !== 'string' || !e.eventId) return { error: 'eventId is missing' };
  if (typeof e.occurredAt !== 'string') return { error: 'occurredAt is missing' };
  if (!Array.isArray(e.seasons)) return { error: 'seasons is missing' };
  return e as HeatingSeasonsSetEvent;
}

export async function subscribeSettingsEvents(bus: MessageBus, topicPrefix: string, topic: string, settings: SettingsService, log: Logger): Promise<void> {
  // From the beginning of the (compacted) topic: a new notify learns the seasons set before it ran.
  await bus.subscribe(notifyGroupId(topicPrefix, '-settings'), [topic], async (m) => {
    const parsed = parseSettingsEvent(m);
    if ('ignored' in parsed) return; // another setting on the shared topic
    if ('error' in parsed) {
      log.error({ topic: m.topic, partition: m.partition, offset: m.offset, err: parsed.error }, 'settings event skipped: does not match the contract');
      return;
    }
    try {
      await settings.applyHeatingSeasons(parsed);
    } catch (e) {
      if (e instanceof DomainError) {
        log.error({ eventId: parsed.eventId, err: e.message, details: e.details }, 'settings event skipped: invalid content');
        return;
      }
      throw e; // database trouble: the bus retries
    }
  }, { fromBeginning: true });
}
