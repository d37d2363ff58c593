import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('work_order')
@Index(['department', 'status'])
export class WorkOrderEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { unique: true }) number!: string;
  @Column('text') channel!: string;
  @Column('text') category!: string;
  @Column('text') status!: string;
  @Column('text') department!: string;
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
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
