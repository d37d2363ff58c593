import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('notice')
@Index(['outageId'])
export class NoticeEntity {
  /** The stable notice key: also the CloudEvents ce_id, the same when resent. */
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'outage_id' }) outageId!: string;
  @Column('text') kind!: string;
  @Column('text') audience!: string;
  @Column('text') channel!: string;
  @Column('text') locale!: string;
  @Column('text') title!: string;
  @Column('text') text!: string;
  @Column('text') status!: string;
  @Column('jsonb', { default: [] }) recipients!: Array<{ id: string; name?: string; phone: string }>;
  @Column('timestamptz', { name: 'send_at' }) sendAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
