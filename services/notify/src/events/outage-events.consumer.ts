// outage.events (from the network service) → NoticePlanner, one event per transaction.
import type { Logger, MessageBus, ReceivedMessage } from '@mainline/common';
import { DomainError, type OutageEvent } from '../domain';
import type { NoticePlanner } from '../services/notice-planner.service';

const NOTIFY_GROUP_ID = 'mainline-notify';

/** Groups carry the topic prefix, so stacks sharing a broker (tests, staging) never share a group. */
export const notifyGroupId = (topicPrefix: string, suffix = '') => `${topicPrefix}${NOTIFY_GROUP_ID}${suffix}`;

/** Parses the contract of outage.events; `{ error }` for a message no retry can fix. */
export function parseOutageEvent(m: Pick<ReceivedMessage, 'value'>): OutageEvent | { error: string } {
  if (!m.value) return { error: 'empty message' };
  let e: Partial<OutageEvent>;
  try {
    e = JSON.parse(m.value.toString('utf8'));
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  if (!e || typeof e !== 'object' || typeof e.eventId !== 'string' || !e.eventId) return { error: 'eventId is missing' };
  if (typeof e.type !== 'string') return { error: 'type is missing' };
  if (!e.outage || typeof e.outage !== 'object' || typeof e.outage.id !== 'string') return { error: 'outage.id is missing' };
  return e as OutageEvent;
}

/** `concurrency`: partitions (so outages) planned at once; one outage's events stay in order (key = outage id). */
export async function subscribeOutageEvents(bus: MessageBus, topicPrefix: string, topic: string, planner: NoticePlanner, log: Logger, concurrency = 1): Promise<void> {
  await bus.subscribe(notifyGroupId(topicPrefix), [topic], async (m) => {
    const parsed = parseOutageEvent(m);
    if ('error' in parsed) {
      // A malformed event would block its partition forever if retried: log it and move on.
      log.error({ topic: m.topic, partition: m.partition, offset: m.offset, err: parsed.error }, 'outage event skipped: does not match the contract');
      return;
    }
    try {
      await planner.handle(parsed);
    } catch (e) {
      if (e instanceof DomainError) {
        log.error({ eventId: parsed.eventId, outageId: parsed.outage.id, err: e.message, details: e.details }, 'outage event skipped: invalid content');
        return;
      }
      throw e; // database or other transient trouble: the bus retries the message
    }
  }, { concurrency });
}
