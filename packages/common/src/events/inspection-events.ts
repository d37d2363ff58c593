// Gas safety inspections and hazard rectification notices (docs/domain.md "Gas utility"), published by the
// tickets service through its outbox on topic inspection.events, key = `<networkId>:<servicePointId>` so the
// events of one customer stay in order. No personal data: addresses and signatures stay in tickets.

export interface InspectionRecordedEvent {
  type: 'inspection.recorded';
  eventId: string;
  occurredAt: string;
  inspection: {
    id: string;
    networkId: string;
    servicePointId: string;
    /** PASS | HAZARD_FOUND | NO_ACCESS | REFUSED */
    outcome: string;
    inspectedAt: string;
    /** The hazard notice this inspection followed up, if any. */
    followUpOf: string | null;
  };
}

export interface HazardNoticeSummary {
  id: string;
  /** YH-<year>-<n> */
  number: string;
  networkId: string;
  servicePointId: string;
  inspectionId: string;
  /** Local date YYYY-MM-DD by which the customer rectifies the hazards. */
  rectifyBy: string;
}

export interface HazardIssuedEvent {
  type: 'hazard.issued';
  eventId: string;
  occurredAt: string;
  notice: HazardNoticeSummary & { hazards: Array<{ code: string | null; description: string }> };
}

export interface HazardClosedEvent {
  type: 'hazard.closed';
  eventId: string;
  occurredAt: string;
  notice: HazardNoticeSummary & { closedByInspectionId: string };
}

export type InspectionEvent = InspectionRecordedEvent | HazardIssuedEvent | HazardClosedEvent;

export function inspectionEventKey(networkId: string, servicePointId: string): string {
  return `${networkId}:${servicePointId}`;
}
