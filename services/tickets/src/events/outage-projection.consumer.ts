import { Logger, markProcessed, MessageBus, OUTAGE_EVENT_TYPES, OutageEvent, ReceivedMessage, topicName, TOPICS } from '@mainline/common';
import type { DataSource } from 'typeorm';
import { areaBBox } from '../domain';
import type { OutageRepository } from '../repositories/outage.repository';
import type { IgnitionCheckService } from '../services/ignition-check.service';

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

/**
 * Applies an outage event to the local projection, once per event id; a gas outage's restoration also opens
 * its ignition checks, in the same transaction (all or nothing, retried as one). Returns the orders opened.
 */
async function applyOutageEvent(ds: DataSource, outages: OutageRepository, ignition: IgnitionCheckService, ev: OutageEvent): Promise<number> {
  return ds.transaction(async (tx) => {
    if (!(await markProcessed(tx, OUTAGE_PROJECTION_CONSUMER, ev.eventId))) return 0;
    const o = ev.outage;
    await outages.upsert(tx, {
      id: o.id, number: o.number ?? null, kind: o.kind, status: o.status, lastEvent: ev.type, reason: o.reason ?? null,
      startsAt: new Date(o.startsAt), endsAt: new Date(o.endsAt), area: o.area, bbox: areaBBox(o.area),
      areaNames: o.areaNames ?? [], occurredAt: new Date(ev.occurredAt || Date.now()),
    });
    return ignition.openForEvent(tx, ev);
  });
}

export async function startOutageProjection(o: { ds: DataSource; bus: MessageBus; outages: OutageRepository; ignition: IgnitionCheckService; topicPrefix: string; log: Logger }): Promise<void> {
  const topic = topicName(o.topicPrefix, TOPICS.outageEvents);
  await o.bus.subscribe(`${o.topicPrefix}tickets-outage-projection`, [topic], async (m) => {
    const ev = parseOutageEvent(m);
    if (!ev) {
      o.log.warn({ topic, offset: m.offset, partition: m.partition }, 'skipped a message that is not an outage event');
      return;
    }
    if (await applyOutageEvent(o.ds, o.outages, o.ignition, ev)) o.ignition.committed();
  });
}
