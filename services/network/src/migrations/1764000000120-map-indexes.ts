import { MigrationInterface, QueryRunner } from 'typeorm';

/** Map viewports ask for valves and service points inside a lon/lat box. */
export class MapIndexes1764000000120 implements MigrationInterface {
  name = 'MapIndexes1764000000120';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX valve_lonlat ON valve (network_id, lon, lat)`);
    await q.query(`CREATE INDEX service_point_lonlat ON service_point (network_id, lon, lat)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_point_lonlat`);
    await q.query(`DROP INDEX valve_lonlat`);
  }
}
