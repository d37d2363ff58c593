import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { UtilityKind } from '@mainline/common/domain';
import type { Category, Channel, ComplaintConcern, ComplaintTarget, Department, LeakSite, LeakTier, ProcessingLevel, Severity, WorkOrderStatus } from '../domain';

/** One work order as stored (table `work_order`, created by migration 1764000000200); repositories map rows to it. */
@Entity('work_order')
export class WorkOrderEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { unique: true }) number!: string;
  @Column('text') channel!: Channel;
  @Column('text') category!: Category;
  @Column('text') status!: WorkOrderStatus;
  @Column('text') department!: Department;
  @Column('text', { default: 'NORMAL' }) priority!: ProcessingLevel;
  @Column('text') description!: string;
  @Column('text', { nullable: true }) address!: string | null;
  @Column('float8', { nullable: true }) lon!: number | null;
  @Column('float8', { nullable: true }) lat!: number | null;
  @Column('text', { name: 'reporter_name', nullable: true }) reporterName!: string | null;
  @Column('text', { name: 'reporter_phone', nullable: true }) reporterPhone!: string | null;
  @Column('text', { name: 'asset_type', nullable: true }) assetType!: string | null;
  @Column('text', { name: 'asset_network_id', nullable: true }) assetNetworkId!: string | null;
  @Column('text', { name: 'asset_id', nullable: true }) assetId!: string | null;
  @Column('text', { name: 'outage_id', nullable: true }) outageId!: string | null;
  @Column('uuid', { name: 'merged_into', nullable: true }) mergedInto!: string | null;
  @Column('text', { name: 'return_to', nullable: true }) returnTo!: WorkOrderStatus | null;
  @Column('text', { name: 'complaint_target', nullable: true }) complaintTarget!: ComplaintTarget | null;
  @Column('text', { name: 'complaint_subject_department', nullable: true }) complaintSubjectDepartment!: Department | null;
  @Column('text', { name: 'first_contact_owner' }) firstContactOwner!: string;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'dispatched_at', nullable: true }) dispatchedAt!: Date | null;
  @Column('timestamptz', { name: 'accepted_at', nullable: true }) acceptedAt!: Date | null;
  @Column('timestamptz', { name: 'on_site_at', nullable: true }) onSiteAt!: Date | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column('timestamptz', { name: 'called_back_at', nullable: true }) calledBackAt!: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('timestamptz', { name: 'paused_at', nullable: true }) pausedAt!: Date | null;
  @Column('timestamptz', { name: 'dispatch_due_at', nullable: true }) dispatchDueAt!: Date | null;
  @Column('timestamptz', { name: 'accept_due_at', nullable: true }) acceptDueAt!: Date | null;
  @Column('timestamptz', { name: 'on_site_due_at', nullable: true }) onSiteDueAt!: Date | null;
  @Column('timestamptz', { name: 'resolve_due_at', nullable: true }) resolveDueAt!: Date | null;
  @Column('timestamptz', { name: 'callback_due_at', nullable: true }) callbackDueAt!: Date | null;
  @Column('int', { name: 'extension_count', default: 0 }) extensionCount!: number;
  @Column('int', { name: 'return_count', default: 0 }) returnCount!: number;
  @Column('text', { name: 'callback_method', nullable: true }) callbackMethod!: 'SMS' | 'PHONE' | null;
  @Column('boolean', { name: 'callback_satisfied', nullable: true }) callbackSatisfied!: boolean | null;
  @Column('boolean', { default: false }) breached!: boolean;
  @Column('timestamptz', { name: 'reopened_at', nullable: true }) reopenedAt!: Date | null;
  @Column('int', { name: 'reopen_count', default: 0 }) reopenCount!: number;
  @Column('timestamptz', { name: 'revisit_due_at', nullable: true }) revisitDueAt!: Date | null;
  @Column('timestamptz', { name: 'revisit_resolved_at', nullable: true }) revisitResolvedAt!: Date | null;
  // Migration 1764000000600: the utility kind (old rows WATER), severity, the first-reply clock.
  @Column('text', { default: 'WATER' }) utility!: UtilityKind;
  @Column('text', { default: 'ORDINARY' }) severity!: Severity;
  @Column('timestamptz', { name: 'replied_at', nullable: true }) repliedAt!: Date | null;
  @Column('timestamptz', { name: 'reply_due_at', nullable: true }) replyDueAt!: Date | null;
  // Migration 720: what a complaint is about (routes it), the intake's risk flag, who set the processing level and why.
  @Column('text', { name: 'complaint_concern', nullable: true }) complaintConcern!: ComplaintConcern | null;
  @Column('boolean', { name: 'risk_of_injury_or_damage', default: false }) riskOfInjuryOrDamage!: boolean;
  @Column('text', { name: 'priority_reason', nullable: true }) priorityReason!: string | null;
  @Column('text', { name: 'priority_set_by', nullable: true }) prioritySetBy!: string | null;
  @Column('timestamptz', { name: 'priority_set_at', nullable: true }) prioritySetAt!: Date | null;
  // Migration 721: answered on the call; the leak's site, the repair tier chosen on site (who, when); the unit a leak under warranty went to.
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt!: Date | null;
  @Column('text', { name: 'leak_site', nullable: true }) leakSite!: LeakSite | null;
  @Column('text', { name: 'leak_tier', nullable: true }) leakTier!: LeakTier | null;
  @Column('text', { name: 'leak_tier_set_by', nullable: true }) leakTierSetBy!: string | null;
  @Column('timestamptz', { name: 'leak_tier_set_at', nullable: true }) leakTierSetAt!: Date | null;
  @Column('text', { name: 'warranty_unit', nullable: true }) warrantyUnit!: Department | null;
  // Stamped by the repository's UPDATE; no reader needs it, so it is not selected.
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()', select: false }) updatedAt?: Date;
}

/** Columns in the order above (but updatedAt), as `snake_case AS "camelCase"`, for raw SELECTs. */
export const WORK_ORDER_COLUMNS = [
  'id', 'number', 'channel', 'category', 'status', 'department', 'priority', 'description', 'address', 'lon', 'lat',
  ['reporter_name', 'reporterName'], ['reporter_phone', 'reporterPhone'], ['asset_type', 'assetType'], ['asset_network_id', 'assetNetworkId'],
  ['asset_id', 'assetId'], ['outage_id', 'outageId'], ['merged_into', 'mergedInto'], ['return_to', 'returnTo'],
  ['complaint_target', 'complaintTarget'], ['complaint_subject_department', 'complaintSubjectDepartment'],
  ['first_contact_owner', 'firstContactOwner'], ['created_by', 'createdBy'], ['created_at', 'createdAt'], ['dispatched_at', 'dispatchedAt'],
  ['accepted_at', 'acceptedAt'], ['on_site_at', 'onSiteAt'], ['resolved_at', 'resolvedAt'], ['called_back_at', 'calledBackAt'],
  ['closed_at', 'closedAt'], ['paused_at', 'pausedAt'], ['dispatch_due_at', 'dispatchDueAt'], ['accept_due_at', 'acceptDueAt'],
  ['on_site_due_at', 'onSiteDueAt'], ['resolve_due_at', 'resolveDueAt'], ['callback_due_at', 'callbackDueAt'],
  ['extension_count', 'extensionCount'], ['return_count', 'returnCount'], ['callback_method', 'callbackMethod'],
  ['callback_satisfied', 'callbackSatisfied'], 'breached', ['reopened_at', 'reopenedAt'], ['reopen_count', 'reopenCount'],
  ['revisit_due_at', 'revisitDueAt'], ['revisit_resolved_at', 'revisitResolvedAt'],
  'utility', 'severity', ['replied_at', 'repliedAt'], ['reply_due_at', 'replyDueAt'],
  ['complaint_concern', 'complaintConcern'], ['risk_of_injury_or_damage', 'riskOfInjuryOrDamage'], ['priority_reason', 'priorityReason'],
  ['priority_set_by', 'prioritySetBy'], ['priority_set_at', 'prioritySetAt'],
  ['answered_at', 'answeredAt'], ['leak_site', 'leakSite'], ['leak_tier', 'leakTier'], ['leak_tier_set_by', 'leakTierSetBy'],
  ['leak_tier_set_at', 'leakTierSetAt'], ['warranty_unit', 'warrantyUnit'],
]
  .map((c) => (Array.isArray(c) ? `w.${c[0]} AS "${c[1]}"` : `w.${c}`))
  .join(', ');
