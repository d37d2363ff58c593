import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * New-connection applications (issue 11, docs/domain.md "Processes beyond repairs (water)"): the
 * application behind a NEW_CONNECTION order (when its documents were complete, the mains' diameters that
 * lengthen the design, a group job and its representative) and each stage's completion; callback tasks
 * say whom to call (a group job's representative).
 */
export class NewConnections1764000000722 implements MigrationInterface {
  name = 'NewConnections1764000000722';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE connection_application (
      order_id uuid PRIMARY KEY REFERENCES work_order(id) ON DELETE CASCADE,
      documents_complete_at timestamptz,
      main_dn integer CHECK (main_dn > 0),
      tap_main_dn integer CHECK (tap_main_dn > 0),
      group_job boolean NOT NULL DEFAULT false,
      representative_name text,
      representative_phone text,
      CHECK (NOT group_job OR (representative_name IS NOT NULL AND representative_phone IS NOT NULL)))`);
    await q.query(`CREATE TABLE connection_stage (
      order_id uuid NOT NULL REFERENCES connection_application(order_id) ON DELETE CASCADE,
      stage text NOT NULL CHECK (stage IN ('answer','survey','design','fee','works','acceptance','meterTest','contract','waterOn')),
      done_at timestamptz NOT NULL,
      done_by text NOT NULL,
      note text,
      water_quality_report text,
      PRIMARY KEY (order_id, stage))`);
    await q.query(`ALTER TABLE callback_task ADD COLUMN contact text NOT NULL DEFAULT 'REPORTER' CHECK (contact IN ('REPORTER','REPRESENTATIVE'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE callback_task DROP COLUMN contact`);
    await q.query('DROP TABLE IF EXISTS connection_stage');
    await q.query('DROP TABLE IF EXISTS connection_application');
  }
}
