// The outage events the network service publishes (outbox → topic outage.events, key = outage id)
// and the notify and tickets services consume: one contract, defined once.
import type { Feature } from './geojson';
import type { UtilityKind } from '../domain/utility';

export type OutageEventType =
  | 'outage.created'
  | 'outage.submitted'
  | 'outage.approved'
  | 'outage.announced'
  | 'outage.rescheduled'
  | 'outage.started'
  | 'outage.restored'
  | 'outage.cancelled';

export const OUTAGE_EVENT_TYPES: readonly OutageEventType[] = [
  'outage.created', 'outage.submitted', 'outage.approved', 'outage.announced',
  'outage.rescheduled', 'outage.started', 'outage.restored', 'outage.cancelled',
];

export type OutageKind = 'PLANNED' | 'EMERGENCY';

/** On the network, or at a treatment plant / booster station (the bureau's approval whatever the size). */
export type OutageSource = 'NETWORK' | 'PLANT';

export interface RegulatorApproval {
  approvalNumber: string;
  approvedAt: string;
  documentUrl: string;
}

export interface ImportantUser {
  id: string;
  name: string;
  /** HOSPITAL | SCHOOL | FACTORY | LARGE_CONSUMER | OTHER (network model's ImportantKind). */
  kind: string;
  phone: string;
}

export interface ServicePointPhone {
  id: string;
  phone: string;
}

/** A customer the outage cut off, as the ignition check after a gas outage needs it. */
export interface AffectedServicePoint {
  /** Service point id (the network's `ServicePoint` key is networkId + id). */
  id: string;
  address: string | null;
  /** ELDERLY | SICK | DISABLED (registered for priority service); absent when none. */
  vulnerability?: string[];
}

export interface OutageSnapshot {
  id: string;
  /** The network the outage is planned on. */
  networkId?: string;
  /** Human number shown to the public, e.g. "TS-2026-0042". */
  number?: string | null;
  kind: OutageKind;
  /** The utility kind of the network (docs/domain.md "One desk, several utilities"); absent on old events = WATER. */
  utility?: UtilityKind;
  /** Absent on old events = NETWORK. */
  source?: OutageSource;
  /** A pressure reduction (降压) rather than a stop of supply, worded as one; absent on old events = false. */
  pressureReduction?: boolean;
  status: string;
  reason: string;
  /** ISO 8601 instants. */
  startsAt: string;
  endsAt: string;
  /** Set on `outage.rescheduled`: the times that were announced before. */
  previousStartsAt?: string | null;
  previousEndsAt?: string | null;
  onMainRoad: boolean;
  population: number;
  /**
   * The bureau's rule as the network service decided it, the only place it is decided: population above
   * `threshold` (the utility kind's own), or a PLANT outage whatever its size. A planned outage then needs the
   * bureau's approval first, an emergency is reported to the bureau.
   */
  requiresRegulatorApproval: boolean;
  /** Population threshold the network service applied (docs/domain.md: 5,000), quoted in messages. */
  threshold: number;
  regulatorApproval?: RegulatorApproval | null;
  area: Feature | null;
  /** Streets / communities, in the order the public should read them. */
  areaNames: string[];
  importantUsers: ImportantUser[];
  /** An important or large user (hospital, school, factory, big consumer) is affected: one of the phone-list facts, with onMainRoad. */
  importantUserAffected?: boolean;
  servicePointPhones?: ServicePointPhone[];
  /**
   * Gas outages, on `outage.restored` only: every affected service point, each once. Restoring gas is not
   * opening valves: staff check ignition household by household (docs/domain.md "Gas utility"), so tickets
   * opens one ignition-check order per service point from this list.
   */
  affectedServicePoints?: AffectedServicePoint[];
  valveCount: number;
  networkName: string;
  /** Work orders linked to the outage (tickets service ids). */
  workOrderIds?: string[];
}

export interface OutageEvent {
  type: OutageEventType;
  eventId: string;
  occurredAt: string;
  outage: OutageSnapshot;
}
