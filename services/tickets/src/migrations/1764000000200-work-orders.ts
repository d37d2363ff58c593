import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work orders, their history and clocks, and the tables supervisors edit (routing, SLA targets,
 * compensation rules, department heads), seeded with the defaults of docs/domain.md as they were when
 * this migration was written: literal values, so a later change of `domain/defaults.ts` never changes
 * what this migration does (a new default ships as a new migration).
 */
export class WorkOrders1764000000200 implements MigrationInterface {
  name = 'WorkOrders1764000000200';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE work_order_number_seq`);

    await q.query(`CREATE TABLE routing_rule (
      category text PRIMARY KEY,
      department text NOT NULL,
      status_sms boolean NOT NULL DEFAULT true,
      updated_by text,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`INSERT INTO routing_rule (category, department) VALUES
      ('BURST', 'NETWORK'),
      ('LEAK', 'NETWORK'),
      ('NO_WATER', 'NETWORK'),
      ('MAINS_PRESSURE', 'PRODUCTION'),
      ('CUSTOMER_PRESSURE', 'NETWORK'),
      ('WATER_QUALITY', 'QUALITY'),
      ('METER_FAULT', 'METER'),
      ('METER_BOX', 'METER'),
      ('BILLING', 'BUSINESS'),
      ('RECONNECTION', 'BUSINESS'),
      ('THEFT', 'INSPECTION'),
      ('COVER', 'NETWORK'),
      ('SUPPLY_DIFFICULTY', 'NETWORK'),
      ('WORKS_QUALITY', 'WORKS'),
      ('COMPLAINT', 'DISCIPLINE'),
      ('INQUIRY', 'CALL_CENTER'),
      ('URGENT', 'DUTY')`);

    await q.query(`CREATE TABLE sla_target (
      category text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('dispatch','accept','onSite','resolve','callback')),
      minutes integer CHECK (minutes >= 0),
      working_days integer CHECK (working_days >= 0),
      basis text NOT NULL CHECK (basis IN ('clock','working')),
      from_event text NOT NULL DEFAULT 'report' CHECK (from_event IN ('report','dispatch','resolve')),
      updated_by text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (category, kind),
      CHECK ((minutes IS NULL) <> (working_days IS NULL)))`);
    await q.query(`INSERT INTO sla_target (category, kind, minutes, working_days, basis, from_event) VALUES
      ('BURST', 'dispatch', 5, NULL, 'clock', 'report'),
      ('BURST', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('BURST', 'onSite', 40, NULL, 'clock', 'report'),
      ('BURST', 'resolve', 1440, NULL, 'clock', 'report'),
      ('BURST', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('LEAK', 'dispatch', 5, NULL, 'clock', 'report'),
      ('LEAK', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('LEAK', 'onSite', 40, NULL, 'clock', 'report'),
      ('LEAK', 'resolve', 1440, NULL, 'clock', 'report'),
      ('LEAK', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('NO_WATER', 'dispatch', 5, NULL, 'clock', 'report'),
      ('NO_WATER', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('NO_WATER', 'onSite', 40, NULL, 'clock', 'report'),
      ('NO_WATER', 'resolve', 1440, NULL, 'clock', 'report'),
      ('NO_WATER', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('MAINS_PRESSURE', 'dispatch', 5, NULL, 'clock', 'report'),
      ('MAINS_PRESSURE', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('MAINS_PRESSURE', 'resolve', 240, NULL, 'clock', 'report'),
      ('MAINS_PRESSURE', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('CUSTOMER_PRESSURE', 'dispatch', 5, NULL, 'clock', 'report'),
      ('CUSTOMER_PRESSURE', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('CUSTOMER_PRESSURE', 'resolve', 4320, NULL, 'clock', 'report'),
      ('CUSTOMER_PRESSURE', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('WATER_QUALITY', 'dispatch', 5, NULL, 'clock', 'report'),
      ('WATER_QUALITY', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('WATER_QUALITY', 'onSite', 120, NULL, 'clock', 'report'),
      ('WATER_QUALITY', 'resolve', 1440, NULL, 'clock', 'report'),
      ('WATER_QUALITY', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('METER_FAULT', 'dispatch', 5, NULL, 'clock', 'report'),
      ('METER_FAULT', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('METER_FAULT', 'onSite', 720, NULL, 'clock', 'report'),
      ('METER_FAULT', 'resolve', 2160, NULL, 'clock', 'report'),
      ('METER_FAULT', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('METER_BOX', 'dispatch', 5, NULL, 'clock', 'report'),
      ('METER_BOX', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('METER_BOX', 'onSite', 40, NULL, 'clock', 'report'),
      ('METER_BOX', 'resolve', 1440, NULL, 'clock', 'report'),
      ('METER_BOX', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('BILLING', 'dispatch', 5, NULL, 'clock', 'report'),
      ('BILLING', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('BILLING', 'resolve', 1440, NULL, 'clock', 'report'),
      ('BILLING', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('RECONNECTION', 'dispatch', 5, NULL, 'clock', 'report'),
      ('RECONNECTION', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('RECONNECTION', 'resolve', 1440, NULL, 'clock', 'report'),
      ('RECONNECTION', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('THEFT', 'dispatch', 5, NULL, 'clock', 'report'),
      ('THEFT', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('THEFT', 'resolve', 2880, NULL, 'clock', 'report'),
      ('THEFT', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('COVER', 'dispatch', 5, NULL, 'clock', 'report'),
      ('COVER', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('COVER', 'resolve', 2880, NULL, 'clock', 'report'),
      ('COVER', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('SUPPLY_DIFFICULTY', 'dispatch', 5, NULL, 'clock', 'report'),
      ('SUPPLY_DIFFICULTY', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('SUPPLY_DIFFICULTY', 'resolve', 4320, NULL, 'clock', 'report'),
      ('SUPPLY_DIFFICULTY', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('WORKS_QUALITY', 'dispatch', 5, NULL, 'clock', 'report'),
      ('WORKS_QUALITY', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('WORKS_QUALITY', 'resolve', 7200, NULL, 'clock', 'report'),
      ('WORKS_QUALITY', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('COMPLAINT', 'dispatch', 5, NULL, 'clock', 'report'),
      ('COMPLAINT', 'accept', 60, NULL, 'clock', 'dispatch'),
      ('COMPLAINT', 'resolve', NULL, 3, 'working', 'report'),
      ('COMPLAINT', 'callback', 4320, NULL, 'clock', 'resolve'),
      ('INQUIRY', 'dispatch', 5, NULL, 'clock', 'report'),
      ('INQUIRY', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('URGENT', 'dispatch', 5, NULL, 'clock', 'report'),
      ('URGENT', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('URGENT', 'resolve', 720, NULL, 'clock', 'report'),
      ('URGENT', 'callback', 4320, NULL, 'clock', 'resolve')`);

    await q.query(`CREATE TABLE compensation_rule (
      id text PRIMARY KEY,
      categories text[] NOT NULL,
      target text NOT NULL,
      amount_cny numeric(12,2) NOT NULL CHECK (amount_cny >= 0),
      per text NOT NULL CHECK (per IN ('once','day')),
      label_zh text, label_en text,
      active boolean NOT NULL DEFAULT true)`);
    await q.query(`INSERT INTO compensation_rule (id, categories, target, amount_cny, per, label_zh, label_en) VALUES
      ('LEAK_LATE_ON_SITE', ARRAY['LEAK', 'BURST'], 'onSite', 100, 'once', '漏水报修未按时到场', 'Not on site in time after a leak report'),
      ('LATE_REPLY', ARRAY['BILLING', 'RECONNECTION'], 'resolve', 20, 'day', '答复超时（按日）', 'Late reply to a complete application (per day)')`);

    await q.query(`CREATE TABLE department_head (
      department text NOT NULL, user_id text NOT NULL, PRIMARY KEY (department, user_id))`);

    await q.query(`CREATE TABLE work_order (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      channel text NOT NULL, category text NOT NULL, status text NOT NULL, department text NOT NULL,
      priority text NOT NULL DEFAULT 'NORMAL',
      description text NOT NULL, address text, lon float8, lat float8,
      reporter_name text, reporter_phone text,
      asset_type text, asset_network_id text, asset_id text,
      outage_id text, merged_into uuid REFERENCES work_order(id),
      return_to text,
      complaint_target text, complaint_subject_department text,
      first_contact_owner text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      dispatched_at timestamptz, accepted_at timestamptz, on_site_at timestamptz, resolved_at timestamptz,
      called_back_at timestamptz, closed_at timestamptz, paused_at timestamptz,
      dispatch_due_at timestamptz, accept_due_at timestamptz, on_site_due_at timestamptz,
      resolve_due_at timestamptz, callback_due_at timestamptz,
      extension_count integer NOT NULL DEFAULT 0,
      return_count integer NOT NULL DEFAULT 0,
      callback_method text, callback_satisfied boolean,
      breached boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    // Queues: a department's orders by status, newest first (keyset pagination on created_at, id).
    await q.query(`CREATE INDEX work_order_queue ON work_order (department, status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX work_order_recent ON work_order (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX work_order_breached ON work_order (created_at DESC, id DESC) WHERE breached`);
    // Duplicate search: open orders of a category near in time.
    await q.query(`CREATE INDEX work_order_open_category ON work_order (category, created_at) WHERE status NOT IN ('CLOSED','MERGED','CANCELLED')`);

    await q.query(`CREATE TABLE work_order_history (
      id bigserial PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      action text NOT NULL, from_status text, to_status text NOT NULL,
      actor_id text NOT NULL, at timestamptz NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'::jsonb)`);
    await q.query(`CREATE INDEX work_order_history_order ON work_order_history (order_id, id)`);

    await q.query(`CREATE TABLE work_order_pause (
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      from_at timestamptz NOT NULL, to_at timestamptz, reason text,
      PRIMARY KEY (order_id, from_at))`);

    await q.query(`CREATE TABLE work_order_extension (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      requested_by text NOT NULL, requested_at timestamptz NOT NULL,
      previous_due_at timestamptz, new_due_at timestamptz NOT NULL, reason text NOT NULL,
      approved boolean, decided_by text, decided_at timestamptz, comment text)`);
    await q.query(`CREATE INDEX work_order_extension_order ON work_order_extension (order_id)`);

    await q.query(`CREATE TABLE work_order_attachment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      url text NOT NULL, name text, content_type text,
      added_by text NOT NULL, added_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX work_order_attachment_order ON work_order_attachment (order_id)`);

    await q.query(`CREATE TABLE return_permission (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      granted_by text NOT NULL, granted_at timestamptz NOT NULL, used_at timestamptz)`);
    await q.query(`CREATE INDEX return_permission_open ON return_permission (order_id) WHERE used_at IS NULL`);

    // One row per running deadline; the scheduler finds due rows through next_at alone.
    await q.query(`CREATE TABLE sla_clock (
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      kind text NOT NULL,
      basis text NOT NULL,
      started_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      warn1_at timestamptz NOT NULL,
      warn2_at timestamptz NOT NULL,
      level smallint NOT NULL DEFAULT 0,
      next_at timestamptz,
      met_at timestamptz,
      PRIMARY KEY (order_id, kind))`);
    await q.query(`CREATE INDEX sla_clock_next ON sla_clock (next_at) WHERE next_at IS NOT NULL`);

    await q.query(`CREATE TABLE escalation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      kind text NOT NULL,
      department text NOT NULL,
      heads text[] NOT NULL DEFAULT '{}',
      to_supervision boolean NOT NULL DEFAULT true,
      due_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (order_id, kind))`);
    await q.query(`CREATE INDEX escalation_recent ON escalation (created_at DESC)`);

    await q.query(`CREATE TABLE compensation_record (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      rule_id text NOT NULL,
      target text NOT NULL,
      amount_cny numeric(12,2) NOT NULL,
      units integer NOT NULL,
      provisional boolean NOT NULL,
      status text NOT NULL DEFAULT 'PROPOSED' CHECK (status IN ('PROPOSED','CONFIRMED','REJECTED')),
      reason text NOT NULL,
      created_at timestamptz NOT NULL,
      decided_by text, decided_at timestamptz,
      UNIQUE (order_id, rule_id))`);
    await q.query(`CREATE INDEX compensation_record_status ON compensation_record (status, created_at DESC)`);

    await q.query(`CREATE TABLE callback_task (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      method text NOT NULL CHECK (method IN ('SMS','PHONE')),
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','DONE')),
      created_at timestamptz NOT NULL, due_at timestamptz, done_at timestamptz)`);
    await q.query(`CREATE INDEX callback_task_open ON callback_task (created_at) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX callback_task_order ON callback_task (order_id)`);

    await q.query(`CREATE TABLE callback_record (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      method text NOT NULL, satisfied boolean NOT NULL,
      quality text, attitude text, works_quality text, timeliness text, comment text,
      recorded_by text NOT NULL, at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX callback_record_order ON callback_record (order_id)`);

    // Local projection of outage.events (network owns outages; tickets never calls it per request).
    await q.query(`CREATE TABLE outage_projection (
      id text PRIMARY KEY,
      number text, kind text NOT NULL, status text NOT NULL, last_event text NOT NULL,
      reason text, starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL,
      area jsonb, min_lon float8, min_lat float8, max_lon float8, max_lat float8,
      area_names text[] NOT NULL DEFAULT '{}',
      occurred_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX outage_projection_live ON outage_projection (ends_at) WHERE last_event NOT IN ('outage.restored','outage.cancelled')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'outage_projection', 'callback_record', 'callback_task', 'compensation_record', 'escalation', 'sla_clock', 'return_permission',
      'work_order_attachment', 'work_order_extension', 'work_order_pause', 'work_order_history', 'work_order', 'department_head',
      'compensation_rule', 'sla_target', 'routing_rule',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query('DROP SEQUENCE IF EXISTS work_order_number_seq');
  }
}
