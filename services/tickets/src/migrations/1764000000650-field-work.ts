import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Field work of heat and gas utilities (issue 9, docs/domain.md "Heating utility", "Gas utility"):
 *  - temperature-check visits (走访测温), from a HEAT_TEMPERATURE order or a round of the fixed measuring points;
 *  - gas safety inspections, planned in rounds from the service points' schedules, their results, and the
 *    hazard rectification notices (安全隐患整改通知单) that stay open until a later inspection passes.
 * A partial unique index keeps one planned visit per measuring point and one planned inspection per service
 * point, so two planners at once cannot double a round.
 */
export class FieldWork1764000000650 implements MigrationInterface {
  name = 'FieldWork1764000000650';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE measuring_point (
      id uuid PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      address text NOT NULL,
      department text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL)`);

    await q.query(`CREATE TABLE temperature_round (
      id uuid PRIMARY KEY,
      scheduled_on date NOT NULL,
      department text,
      planned_by text NOT NULL,
      planned_at timestamptz NOT NULL)`);

    await q.query(`CREATE TABLE temperature_visit (
      id uuid PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('PLANNED', 'RECORDED')),
      work_order_id uuid REFERENCES work_order(id) ON DELETE CASCADE,
      round_id uuid REFERENCES temperature_round(id),
      measuring_point_id uuid REFERENCES measuring_point(id),
      department text NOT NULL,
      address text,
      scheduled_on date,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      visited_at timestamptz,
      staff jsonb,
      rooms jsonb,
      threshold_celsius float8,
      passed boolean,
      rooms_judged int,
      rooms_passed int,
      customer_signature text,
      customer_refused boolean,
      neighbour jsonb,
      note text,
      recorded_by text,
      recorded_at timestamptz,
      CHECK (work_order_id IS NOT NULL OR measuring_point_id IS NOT NULL),
      CHECK (status = 'PLANNED' OR (visited_at IS NOT NULL AND passed IS NOT NULL AND staff IS NOT NULL AND rooms IS NOT NULL)))`);
    await q.query(`CREATE INDEX temperature_visit_order ON temperature_visit (work_order_id) WHERE work_order_id IS NOT NULL`);
    await q.query(`CREATE INDEX temperature_visit_round ON temperature_visit (round_id) WHERE round_id IS NOT NULL`);
    await q.query(`CREATE INDEX temperature_visit_visited ON temperature_visit (visited_at) WHERE status = 'RECORDED'`);
    await q.query(`CREATE INDEX temperature_visit_list ON temperature_visit (created_at DESC, id DESC)`);
    await q.query(`CREATE UNIQUE INDEX temperature_visit_one_planned ON temperature_visit (measuring_point_id) WHERE status = 'PLANNED'`);

    await q.query(`CREATE TABLE inspection_round (
      id uuid PRIMARY KEY,
      network_id uuid NOT NULL,
      due_by date,
      scheduled_on date,
      planned_by text NOT NULL,
      planned_at timestamptz NOT NULL)`);

    await q.query(`CREATE TABLE gas_inspection (
      id uuid PRIMARY KEY,
      network_id uuid NOT NULL,
      service_point_id text NOT NULL,
      address text,
      customer_type text NOT NULL,
      vulnerability text[] NOT NULL DEFAULT '{}',
      status text NOT NULL CHECK (status IN ('PLANNED', 'PASS', 'HAZARD_FOUND', 'NO_ACCESS', 'REFUSED')),
      due_by date,
      scheduled_on date,
      round_id uuid REFERENCES inspection_round(id),
      follow_up_of uuid,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      inspected_at timestamptz,
      inspected_on date,
      inspectors jsonb,
      customer_signature text,
      customer_refused boolean,
      note text,
      recorded_by text,
      recorded_at timestamptz,
      CHECK (status = 'PLANNED' OR (inspected_at IS NOT NULL AND inspected_on IS NOT NULL AND inspectors IS NOT NULL)))`);
    await q.query(`CREATE UNIQUE INDEX gas_inspection_one_planned ON gas_inspection (network_id, service_point_id) WHERE status = 'PLANNED'`);
    await q.query(`CREATE INDEX gas_inspection_done ON gas_inspection (network_id, service_point_id, inspected_on) WHERE status IN ('PASS', 'HAZARD_FOUND')`);
    await q.query(`CREATE INDEX gas_inspection_round ON gas_inspection (round_id) WHERE round_id IS NOT NULL`);
    await q.query(`CREATE INDEX gas_inspection_list ON gas_inspection (created_at DESC, id DESC)`);

    await q.query(`CREATE SEQUENCE hazard_notice_number_seq`);
    await q.query(`CREATE TABLE hazard_notice (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      inspection_id uuid NOT NULL REFERENCES gas_inspection(id),
      network_id uuid NOT NULL,
      service_point_id text NOT NULL,
      address text,
      hazards jsonb NOT NULL,
      issued_at timestamptz NOT NULL,
      issued_on date NOT NULL,
      rectify_by date NOT NULL,
      customer_signature text,
      customer_refused boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
      closed_at timestamptz,
      closed_by_inspection_id uuid REFERENCES gas_inspection(id),
      CHECK (customer_signature IS NOT NULL OR customer_refused),
      CHECK (status = 'OPEN' OR closed_at IS NOT NULL))`);
    await q.query(`ALTER TABLE gas_inspection ADD CONSTRAINT gas_inspection_follow_up_fk FOREIGN KEY (follow_up_of) REFERENCES hazard_notice(id)`);
    await q.query(`CREATE INDEX hazard_notice_open ON hazard_notice (network_id, service_point_id) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX hazard_notice_deadline ON hazard_notice (status, rectify_by)`);
    await q.query(`CREATE INDEX hazard_notice_list ON hazard_notice (issued_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE gas_inspection DROP CONSTRAINT IF EXISTS gas_inspection_follow_up_fk');
    await q.query('DROP TABLE IF EXISTS hazard_notice');
    await q.query('DROP SEQUENCE IF EXISTS hazard_notice_number_seq');
    await q.query('DROP TABLE IF EXISTS gas_inspection');
    await q.query('DROP TABLE IF EXISTS inspection_round');
    await q.query('DROP TABLE IF EXISTS temperature_visit');
    await q.query('DROP TABLE IF EXISTS temperature_round');
    await q.query('DROP TABLE IF EXISTS measuring_point');
  }
}
