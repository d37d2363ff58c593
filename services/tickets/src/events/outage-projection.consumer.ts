import { Logger, markProcessed, MessageBus, OUTAGE_EVENT_TYPES, OutageEvent, ReceivedMessage, topicName, TOPICS } from '@mainline/common';
import type { DataSource } from 'typeorm';
import { areaBBox } from '../domain';
import type { OutageRepository } from '../repositories/outage.repository';

const OUTAGE_PROJECTION_CONSUMER = 'tickets.outage-projection';

/** Parses one outage.events message; null for a message that is not a known outage event (skipped, logged). */
export function parseOutageEvent(m: ReceivedMessage): OutageEvent | null {
  if (!m.value) return null;
  try {
    const ev = JSON.parse(m.value.toString('utf8')) as OutageEvent;
    if (!ev?.eventId || !OUTAGE_EVENT_TYPES.includes(ev.type) || !ev.outage?.id) return null;
    if (Number.isNaN(Date.parse(ev.outage.startsAt)) || Number.isNaN(Date.parse(ev.outage.endsAt))) return null;
    return ev;
  } catch {
    return null;
  }
}

/** Applies an outage event to the local projection, once per event id. */
async function applyOutageEvent(ds: DataSource, outages: OutageRepository, ev: OutageEvent): Promise<boolean> {
  return ds.transaction(async (tx) => {
    if (!(await markProcessed(tx, OUTAGE_PROJECTION_CONSUMER, ev.eventId))) return false;
    const o = ev.outage;
    await outages.upsert(tx, {
      id: o.id, number: o.number ?? null, kind: o.kind, status: o.status, lastEvent: ev.type, reason: o.reason ?? null,
      startsAt: new Date(o.startsAt), endsAt: new Date(o.endsAt), area: o.area, bbox: areaBBox(o.area),
      areaNames: o.areaNames ?? [], occurredAt: new Date(ev.occurredAt || Date.now()),
    });
    return true;
  });
}

export async function startOutageProjection(o: { ds: DataSource; bus: MessageBus; outages: OutageRepository; topicPrefix: string; log: Logger }): Promise<void> {
  const topic = topicName(o.topicPrefix, TOPICS.outageEvents);
  await o.bus.subscribe(`${o.topicPrefix}tickets-outage-projection`, [topic], async (m) => {
    const ev = parseOutageEvent(m);
    if (!ev) {
      o.log.warn({ topic, offset: m.offset, partition: m.partition }, 'skipped a message that is not an outage event');
      return;
    }
    await applyOutageEvent(o.ds, o.outages, ev);
  });
}
