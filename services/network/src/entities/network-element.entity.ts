import { Column, Entity, PrimaryColumn } from 'typeorm';

// Elements are keyed by (network, id from the file): ids stay those of the source data.

@Entity('network_node')
export class NodeEntity {
  @PrimaryColumn('uuid', { name: 'network_id' }) networkId!: string;
  @PrimaryColumn('text') id!: string;
  @Column('text') kind!: string;
  @Column('float8', { nullable: true }) lon!: number | null;
  @Column('float8', { nullable: true }) lat!: number | null;
  @Column('float8', { name: 'elevation_m', nullable: true }) elevationM!: number | null;
  @Column('jsonb', { default: [] }) demands!: Array<{ baseM3s: number; patternId: string | null }>;
  @Column('text', { nullable: true }) area!: string | null;
}

@Entity('network_link')
export class LinkEntity {
  @PrimaryColumn('uuid', { name: 'network_id' }) networkId!: string;
  @PrimaryColumn('text') id!: string;
  @Column('text') kind!: string;
  @Column('text', { name: 'from_node' }) fromNode!: string;
  @Column('text', { name: 'to_node' }) toNode!: string;
  @Column('float8', { name: 'length_m', nullable: true }) lengthM!: number | null;
  @Column('float8', { name: 'diameter_mm', nullable: true }) diameterMm!: number | null;
  @Column('text', { nullable: true }) material!: string | null;
  @Column('float8', { nullable: true }) roughness!: number | null;
  @Column('text', { nullable: true }) status!: string | null;
  /** Intermediate vertices only (lon/lat); the ends are the nodes' coordinates. */
  @Column('jsonb', { default: [] }) vertices!: Array<[number, number]>;
  @Column('text', { nullable: true }) area!: string | null;
  @Column('float8', { name: 'min_lon', nullable: true }) minLon!: number | null;
  @Column('float8', { name: 'min_lat', nullable: true }) minLat!: number | null;
  @Column('float8', { name: 'max_lon', nullable: true }) maxLon!: number | null;
  @Column('float8', { name: 'max_lat', nullable: true }) maxLat!: number | null;
  /** SUPPLY | RETURN on heat networks drawn as two lines. */
  @Column('text', { nullable: true }) circuit!: string | null;
  /** LOW | MEDIUM | SUB_HIGH | HIGH on gas pipes. */
  @Column('text', { name: 'pressure_level', nullable: true }) pressureLevel!: string | null;
}

@Entity('valve')
export class ValveEntity {
  @PrimaryColumn('uuid', { name: 'network_id' }) networkId!: string;
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'link_id' }) linkId!: string;
  @Column('text', { name: 'node_id' }) nodeId!: string;
  @Column('text') state!: 'OPEN' | 'CLOSED';
  @Column('boolean', { default: true }) operable!: boolean;
  @Column('float8', { name: 'diameter_mm', nullable: true }) diameterMm!: number | null;
  @Column('float8', { nullable: true }) lon!: number | null;
  @Column('float8', { nullable: true }) lat!: number | null;
}

@Entity('service_point')
export class ServicePointEntity {
  @PrimaryColumn('uuid', { name: 'network_id' }) networkId!: string;
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'node_id' }) nodeId!: string;
  /** Two-line heat networks: the customer's node on the return line. */
  @Column('text', { name: 'return_node_id', nullable: true }) returnNodeId!: string | null;
  @Column('float8', { nullable: true }) lon!: number | null;
  @Column('float8', { nullable: true }) lat!: number | null;
  @Column('text', { nullable: true }) address!: string | null;
  @Column('int', { nullable: true }) households!: number | null;
  @Column('int') persons!: number;
  @Column('text', { nullable: true }) important!: string | null;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text', { nullable: true }) area!: string | null;
  /** RESIDENTIAL | COMMERCIAL | INDUSTRIAL | PUBLIC_BUILDING | OTHER (model CUSTOMER_TYPES). */
  @Column('text', { name: 'customer_type', default: 'RESIDENTIAL' }) customerType!: string;
  /** ELDERLY | SICK | DISABLED: registered for priority service. */
  @Column('text', { array: true, default: () => "'{}'" }) vulnerability!: string[];
  /** TypeORM reads a `date` as the string YYYY-MM-DD (no time zone involved). */
  @Column('date', { name: 'last_inspected_on', nullable: true }) lastInspectedOn!: string | null;
}

@Entity('population_area')
export class PopulationAreaEntity {
  @PrimaryColumn('uuid', { name: 'network_id' }) networkId!: string;
  @PrimaryColumn('text') id!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('int') population!: number;
  @Column('jsonb') geometry!: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}
