import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The notice row (migration 1764000000300); bulk writes go through NoticeRepository's SQL. */
@Entity('notice')
@Index(['outageId'])
export class NoticeEntity {
  /** The stable notice key: also the CloudEvents ce_id, the same when resent. */
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'outage_id' }) outageId!: string;
  @Column('text', { name: 'event_id' }) eventId!: string;
  @Column('text') kind!: string;
  @Column('text') audience!: string;
  @Column('text') channel!: string;
  @Column('text') locale!: string;
  @Column('text') title!: string;
  @Column('text') text!: string;
  /** PENDING → QUEUED → PUBLISHED → DELIVERED | PARTIALLY_DELIVERED | FAILED; or CANCELLED. */
  @Column('text') status!: string;
  @Column('jsonb', { default: [] }) recipients!: Array<{ id: string; name?: string; phone: string }>;
  @Column('int', { name: 'recipient_count' }) recipientCount!: number;
  @Column('timestamptz', { name: 'send_at' }) sendAt!: Date;
  @Column('double precision', { name: 'reminder_hours_before', nullable: true }) reminderHoursBefore!: number | null;
  @Column('text') url!: string;
  @Column('text', { name: 'message_key' }) messageKey!: string;
  @Column('jsonb', { name: 'message_headers' }) messageHeaders!: Record<string, string>;
  @Column('text', { name: 'message_value' }) messageValue!: string;
  @Column('timestamptz', { name: 'queued_at', nullable: true }) queuedAt!: Date | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
