import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ignition checks after a gas outage (issue 9, docs/domain.md "Gas utility"): one GAS_SERVICE order per
 * outage and service point, whatever the number of restored events or their re-deliveries — the primary key
 * decides (the row is claimed before its order is written, so the foreign key is checked at commit). The
 * outage's orders are listed through `workOrders(filter: { outageId })`, hence the index on the link.
 */
export class IgnitionCheck1764000000800 implements MigrationInterface {
  name = 'IgnitionCheck1764000000800';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ignition_check (
      outage_id text NOT NULL,
      service_point_id text NOT NULL,
      work_order_id uuid NOT NULL UNIQUE REFERENCES work_order(id) DEFERRABLE INITIALLY DEFERRED,
      PRIMARY KEY (outage_id, service_point_id))`);
    await q.query(`CREATE INDEX work_order_outage ON work_order (outage_id, created_at DESC, id DESC) WHERE outage_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS work_order_outage');
    await q.query('DROP TABLE IF EXISTS ignition_check');
  }
}
