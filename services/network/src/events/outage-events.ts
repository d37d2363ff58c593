// Builds the outage.events payloads (contract: packages/common/src/events/outage-events.ts).
import { randomUUID } from 'node:crypto';
import type { AffectedServicePoint, BusMessage, Feature, ImportantUser, OutageEvent, OutageEventType, OutageSnapshot, ServicePointPhone } from '@mainline/common';
import type { OutageEntity } from '../entities/outage.entity';
import type { SnapshotImpact } from '../domain/impact/impact';
import { outageRequiresRegulator } from '../domain/outage/announce-rules';

export interface SnapshotContext {
  impact: SnapshotImpact;
  networkName: string;
  servicePointPhones: ServicePointPhone[];
  /** Set for the events that carry every affected customer (a gas outage's restoration). */
  affectedServicePoints?: AffectedServicePoint[];
  previous?: { startsAt: Date; endsAt: Date } | null;
}

export function outageSnapshot(o: OutageEntity, c: SnapshotContext): OutageSnapshot {
  const ra = o.regulatorApproval;
  return {
    id: o.id,
    networkId: o.networkId,
    number: o.number,
    kind: o.kind,
    utility: o.utility,
    source: o.source,
    pressureReduction: o.pressureReduction,
    status: o.status,
    reason: o.reason,
    startsAt: o.startsAt.toISOString(),
    endsAt: o.endsAt.toISOString(),
    previousStartsAt: c.previous ? c.previous.startsAt.toISOString() : null,
    previousEndsAt: c.previous ? c.previous.endsAt.toISOString() : null,
    onMainRoad: o.onMainRoad,
    population: c.impact.population,
    requiresRegulatorApproval: outageRequiresRegulator(o.source, c.impact.requiresRegulatorApproval),
    threshold: c.impact.threshold,
    regulatorApproval: ra ? { approvalNumber: ra.approvalNumber, approvedAt: ra.approvedAt, documentUrl: ra.documentUrl } : null,
    area: (c.impact.area as Feature | null) ?? null,
    areaNames: c.impact.areaNames,
    importantUserAffected: c.impact.importantUsers.length > 0,
    importantUsers: c.impact.importantUsers.map(
      (u): ImportantUser => ({ id: u.id, name: u.name ?? '', kind: u.kind ?? 'OTHER', phone: u.phone ?? '' }),
    ),
    servicePointPhones: c.servicePointPhones,
    ...(c.affectedServicePoints ? { affectedServicePoints: c.affectedServicePoints } : {}),
    valveCount: o.valveIds.length,
    networkName: c.networkName,
    workOrderIds: o.workOrderIds,
  };
}

export function outageEvent(type: OutageEventType, outage: OutageSnapshot, occurredAt: Date): OutageEvent {
  return { type, eventId: randomUUID(), occurredAt: occurredAt.toISOString(), outage };
}

/** Key = outage id: one partition per outage keeps its events in order; the relay adds the CloudEvents headers. */
export function outageEventMessage(e: OutageEvent): BusMessage {
  return { key: e.outage.id, value: JSON.stringify(e) };
}
