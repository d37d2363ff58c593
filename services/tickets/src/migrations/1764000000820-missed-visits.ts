import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Missed home visits (issue 11, docs/domain.md "Home-visit appointments"): the re-appointment notice (再约通知单)
 * left with the customer, and a pause that ends by itself at the new visit (`resume_at`, found by the SLA sweep).
 * An appointment the customer missed keeps its row with status MISSED.
 */
export class MissedVisits1764000000820 implements MigrationInterface {
  name = 'MissedVisits1764000000820';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_order_pause ADD COLUMN resume_at timestamptz`);
    await q.query(`CREATE INDEX work_order_pause_resume ON work_order_pause (resume_at) WHERE to_at IS NULL AND resume_at IS NOT NULL`);
    await q.query(`CREATE TABLE work_order_reappointment_notice (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      missed_appointment_id uuid NOT NULL REFERENCES work_order_appointment(id) ON DELETE CASCADE,
      appointment_id uuid NOT NULL REFERENCES work_order_appointment(id) ON DELETE CASCADE,
      number text NOT NULL,
      note text,
      left_by text NOT NULL,
      left_at timestamptz NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      CHECK (ends_at > starts_at))`);
    await q.query(`CREATE INDEX work_order_reappointment_notice_order ON work_order_reappointment_notice (order_id, left_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS work_order_reappointment_notice`);
    await q.query(`DROP INDEX IF EXISTS work_order_pause_resume`);
    await q.query(`ALTER TABLE work_order_pause DROP COLUMN IF EXISTS resume_at`);
  }
}
