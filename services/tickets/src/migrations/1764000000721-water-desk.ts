import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the water desk did not do (issue 11, docs/domain.md "Water rules"):
 *  - an inquiry answered on the call (answered_at, closed with no dispatch clock);
 *  - leaks: where the leak is (on-site time), the repair tier chosen on site (resolve deadline), the
 *    unit a leak under warranty went to;
 *  - the praise, criticism and media exposure register;
 *  - each department's liaison per shift, and the liaison SMS each dispatch sent;
 *  - the monthly report as produced for supervisors once its period ended;
 *  - search by phone: an index on the phone's digits.
 */
export class WaterDesk1764000000721 implements MigrationInterface {
  name = 'WaterDesk1764000000721';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_order
      ADD COLUMN answered_at timestamptz,
      ADD COLUMN leak_site text CHECK (leak_site IN ('PUBLIC_MAIN','HYDRANT','VALVE','OTHER')),
      ADD COLUMN leak_tier text CHECK (leak_tier IN ('SMALL','MEDIUM','LARGE','OTHER_UNIT_SHUTOFF')),
      ADD COLUMN leak_tier_set_by text,
      ADD COLUMN leak_tier_set_at timestamptz,
      ADD COLUMN warranty_unit text`);
    // Search by phone compares digits only (callers give numbers with spaces or dashes).
    await q.query(`CREATE INDEX work_order_phone_digits ON work_order (regexp_replace(reporter_phone, '[^0-9+]', '', 'g')) WHERE reporter_phone IS NOT NULL`);
    await q.query(`CREATE INDEX work_order_answered ON work_order (created_at) WHERE answered_at IS NOT NULL`);

    await q.query(`CREATE TABLE feedback_entry (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('PRAISE','CRITICISM','MEDIA_EXPOSURE')),
      source text NOT NULL CHECK (source IN ('CUSTOMER','MAYOR_HOTLINE','REGULATOR','MEDIA')),
      received_at timestamptz NOT NULL,
      subject_department text,
      subject_staff text,
      work_order_id uuid REFERENCES work_order(id) ON DELETE SET NULL,
      summary text NOT NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX feedback_entry_received ON feedback_entry (received_at DESC, id DESC)`);

    await q.query(`CREATE TABLE department_liaison (
      department text NOT NULL,
      shift_start text NOT NULL CHECK (shift_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      shift_end text NOT NULL CHECK (shift_end ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
      name text NOT NULL,
      phone text NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (department, shift_start))`);
    await q.query(`CREATE TABLE liaison_notice (
      id bigserial PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      department text NOT NULL,
      liaison_name text NOT NULL,
      liaison_phone text NOT NULL,
      shift_start text NOT NULL,
      shift_end text NOT NULL,
      event_id text NOT NULL,
      notified_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX liaison_notice_order ON liaison_notice (order_id, id)`);

    await q.query(`CREATE TABLE monthly_report_run (
      month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      period_start timestamptz NOT NULL,
      period_end timestamptz NOT NULL,
      produced_at timestamptz NOT NULL,
      produced_by text NOT NULL,
      report jsonb NOT NULL,
      csv text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['monthly_report_run', 'liaison_notice', 'department_liaison', 'feedback_entry']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query('DROP INDEX IF EXISTS work_order_phone_digits');
    await q.query('DROP INDEX IF EXISTS work_order_answered');
    await q.query(`ALTER TABLE work_order DROP COLUMN answered_at, DROP COLUMN leak_site, DROP COLUMN leak_tier, DROP COLUMN leak_tier_set_by,
      DROP COLUMN leak_tier_set_at, DROP COLUMN warranty_unit`);
  }
}
