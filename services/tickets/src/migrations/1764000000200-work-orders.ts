import { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkOrders1764000000200 implements MigrationInterface {
  name = 'WorkOrders1764000000200';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE work_order_number_seq`);
    await q.query(`CREATE TABLE work_order (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      channel text NOT NULL, category text NOT NULL, status text NOT NULL, department text NOT NULL,
      description text NOT NULL, address text, lon float8, lat float8,
      reporter_name text, reporter_phone text,
      asset_type text, asset_network_id text, asset_id text, outage_id text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX work_order_department_status ON work_order (department, status)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE work_order');
    await q.query('DROP SEQUENCE work_order_number_seq');
  }
}
