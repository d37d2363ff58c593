import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { UtilityKind } from '@mainline/common/domain';

@Entity('network')
export class NetworkEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { unique: true }) name!: string;
  /** Bumped on every change of the network or a valve's normal state: caches key on it. */
  @Column('int', { default: 1 }) version!: number;
  @Column('text') format!: string;
  /** docs/domain.md "One desk, several utilities": a water, heat or gas network (rows before utility kinds: WATER). */
  @Column('text', { default: 'WATER' }) utility!: UtilityKind;
  @Column('text', { nullable: true }) crs!: string | null;
  @Column('float8', { name: 'liters_per_person_per_day' }) litersPerPersonPerDay!: number;
  /** Patterns and hydraulic options from the model (needed for demand-based population). */
  @Column('jsonb', { default: {} }) hydraulics!: Record<string, unknown>;
  @Column('int', { name: 'pipe_count', default: 0 }) pipeCount!: number;
  @Column('int', { name: 'node_count', default: 0 }) nodeCount!: number;
  @Column('int', { name: 'valve_count', default: 0 }) valveCount!: number;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
