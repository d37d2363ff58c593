import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes no query reads any more (pipes in a viewport come from the in-memory R-tree, valves and
 * customers by box use their lon/lat indexes, elements by id the primary keys): each one only cost
 * time on every stored element.
 */
export class DropUnreadElementIndexes1764000000150 implements MigrationInterface {
  name = 'DropUnreadElementIndexes1764000000150';
  async up(q: QueryRunner): Promise<void> {
    for (const i of ['network_node_lonlat', 'network_link_bbox', 'valve_link', 'service_point_node']) await q.query(`DROP INDEX ${i}`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX network_node_lonlat ON network_node (network_id, lon, lat)`);
    await q.query(`CREATE INDEX network_link_bbox ON network_link (network_id, min_lon, min_lat)`);
    await q.query(`CREATE INDEX valve_link ON valve (network_id, link_id)`);
    await q.query(`CREATE INDEX service_point_node ON service_point (network_id, node_id)`);
  }
}
