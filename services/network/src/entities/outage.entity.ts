import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { RegulatorApproval } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import type { OutageKind, OutageSource, OutageStatus } from '../domain/outage/lifecycle';
import type { FrozenImpact } from '../domain/impact/impact';

export interface LeadTimeOverride {
  by: string;
  byName: string;
  reason: string;
  at: string;
}

@Entity('outage')
export class OutageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { unique: true }) number!: string;
  @Column('uuid', { name: 'network_id' }) networkId!: string;
  /** The network's utility kind, fixed at creation (a network keeps its kind). */
  @Column('text', { default: 'WATER' }) utility!: UtilityKind;
  @Column('text') kind!: OutageKind;
  /** NETWORK, or PLANT: a treatment plant or booster station (the bureau's approval whatever the size). */
  @Column('text', { default: 'NETWORK' }) source!: OutageSource;
  /** A pressure reduction (降压) rather than a stop of supply: its own notice wording. */
  @Column('boolean', { name: 'pressure_reduction', default: false }) pressureReduction!: boolean;
  @Column('text') status!: OutageStatus;
  @Column('text') reason!: string;
  @Column('text', { name: 'pipe_ids', array: true, default: () => "'{}'" }) pipeIds!: string[];
  @Column('text', { name: 'valve_ids', array: true }) valveIds!: string[];
  /** true when the dispatcher gave the valves; false when they come from the pipes' isolation plan. */
  @Column('boolean', { name: 'valves_explicit' }) valvesExplicit!: boolean;
  @Column('text', { name: 'inoperable_valve_ids', array: true, default: () => "'{}'" }) inoperableValveIds!: string[];
  @Column('timestamptz', { name: 'starts_at' }) startsAt!: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt!: Date;
  @Column('boolean', { name: 'on_main_road', default: false }) onMainRoad!: boolean;
  @Column('text', { name: 'works_unit' }) worksUnit!: string;
  @Column('text', { name: 'work_order_ids', array: true, default: () => "'{}'" }) workOrderIds!: string[];
  @Column('jsonb', { name: 'approved_impact', nullable: true }) approvedImpact!: FrozenImpact | null;
  @Column('jsonb', { name: 'regulator_approval', nullable: true }) regulatorApproval!: (RegulatorApproval & { recordedBy: string; recordedAt: string }) | null;
  @Column('jsonb', { name: 'lead_time_override', nullable: true }) leadTimeOverride!: LeadTimeOverride | null;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt!: Date | null;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt!: Date | null;
  @Column('timestamptz', { name: 'announced_at', nullable: true }) announcedAt!: Date | null;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'restored_at', nullable: true }) restoredAt!: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason!: string | null;
}

/** Audit trail: every lifecycle operation, who and when. */
@Entity('outage_history')
export class OutageHistoryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'outage_id' }) outageId!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') actor!: string;
  @Column('text', { name: 'actor_name', nullable: true }) actorName!: string | null;
  @Column('text') action!: string;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus!: string | null;
  @Column('text', { name: 'to_status', nullable: true }) toStatus!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('jsonb', { default: {} }) details!: Record<string, unknown>;
}

export type ValveAction = 'CLOSE' | 'OPEN';
export type ValveOperationOutcome = 'CLOSED' | 'ALREADY_CLOSED' | 'OPENED' | 'REFUSED';

/** A crew's valve operation (or a refused attempt), audited. */
@Entity('valve_operation')
export class ValveOperationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'outage_id' }) outageId!: string;
  @Column('uuid', { name: 'network_id' }) networkId!: string;
  @Column('text', { name: 'valve_id' }) valveId!: string;
  @Column('text') action!: ValveAction;
  @Column('text') outcome!: ValveOperationOutcome;
  /** When the crew turned the valve (emergencies record afterwards). */
  @Column('timestamptz') at!: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('text', { name: 'recorded_by' }) recordedBy!: string;
  @Column('text', { name: 'recorded_by_name', nullable: true }) recordedByName!: string | null;
  @Column('text', { nullable: true }) department!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
}

/** Which outages hold a valve closed; a valve with none is open as far as outages go. */
@Entity('valve_state')
export class ValveStateEntity {
  @PrimaryColumn('uuid', { name: 'network_id' }) networkId!: string;
  @PrimaryColumn('text', { name: 'valve_id' }) valveId!: string;
  @Column('uuid', { name: 'closed_by_outages', array: true, default: () => "'{}'" }) closedByOutages!: string[];
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
