import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Heat and gas on the same desk (issue 9, docs/domain.md "Heating utility", "Gas utility", "One desk,
 * several utilities"): every order belongs to a utility kind (existing rows are water's) and has a
 * severity; a first-reply clock (`reply`) beside the others; SLA targets may hold a row per severity and
 * per heating-season window; the heat and gas categories' routing and targets, seeded as literal values
 * (a changed default ships as a new migration); heating seasons; booked home visits.
 */
export class UtilityKinds1764000000600 implements MigrationInterface {
  name = 'UtilityKinds1764000000600';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_order
      ADD COLUMN utility text NOT NULL DEFAULT 'WATER',
      ADD COLUMN severity text NOT NULL DEFAULT 'ORDINARY',
      ADD COLUMN replied_at timestamptz,
      ADD COLUMN reply_due_at timestamptz`);
    // An agent's list of one kind, newest first.
    await q.query(`CREATE INDEX work_order_utility_recent ON work_order (utility, created_at DESC, id DESC)`);

    // Targets per severity and per heating-season window: 'ANY' / 0 = no condition.
    await q.query(`ALTER TABLE sla_target DROP CONSTRAINT sla_target_kind_check`);
    await q.query(`ALTER TABLE sla_target ADD CONSTRAINT sla_target_kind_check CHECK (kind IN ('dispatch','accept','reply','onSite','resolve','callback'))`);
    await q.query(`ALTER TABLE sla_target
      ADD COLUMN severity text NOT NULL DEFAULT 'ANY' CHECK (severity IN ('ANY','ORDINARY','MAJOR')),
      ADD COLUMN season_first_days integer NOT NULL DEFAULT 0 CHECK (season_first_days >= 0)`);
    await q.query(`ALTER TABLE sla_target DROP CONSTRAINT sla_target_pkey`);
    await q.query(`ALTER TABLE sla_target ADD PRIMARY KEY (category, kind, severity, season_first_days)`);

    await q.query(`INSERT INTO routing_rule (category, department) VALUES
      ('HEAT_LOSS', 'HEAT_DISPATCH'),
      ('HEAT_MAIN_ACCIDENT', 'HEAT_REPAIR_CREW'),
      ('HEAT_LEAK', 'HEAT_REPAIR_CREW'),
      ('HEAT_TEMPERATURE', 'HEAT_SUBSTATION'),
      ('HEAT_REPAIR', 'HEAT_REPAIR_CREW'),
      ('HEAT_CUSTOMER_EQUIPMENT', 'HEAT_SERVICE'),
      ('HEAT_COMPLAINT', 'HEAT_SERVICE'),
      ('HEAT_INQUIRY', 'HEAT_SERVICE'),
      ('HEAT_BILLING', 'HEAT_SERVICE'),
      ('GAS_ALARM', 'GAS_EMERGENCY'),
      ('GAS_NETWORK_FAULT', 'GAS_EMERGENCY'),
      ('GAS_APPLIANCE', 'GAS_INSTALLATION'),
      ('GAS_INSTALL', 'GAS_INSTALLATION'),
      ('GAS_SERVICE', 'GAS_INSTALLATION'),
      ('GAS_INSPECTION', 'GAS_SAFETY'),
      ('GAS_COMPLAINT', 'GAS_BUSINESS_HALL'),
      ('GAS_INQUIRY', 'GAS_BUSINESS_HALL'),
      ('GAS_BILLING', 'GAS_BUSINESS_HALL')`);

    await q.query(`INSERT INTO sla_target (category, kind, minutes, working_days, basis, from_event, severity, season_first_days) VALUES
      ('HEAT_LOSS', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_LOSS', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('HEAT_LOSS', 'resolve', 480, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_LOSS', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('HEAT_MAIN_ACCIDENT', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_MAIN_ACCIDENT', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('HEAT_MAIN_ACCIDENT', 'onSite', 30, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_MAIN_ACCIDENT', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('HEAT_LEAK', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_LEAK', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('HEAT_LEAK', 'onSite', 60, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_LEAK', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('HEAT_TEMPERATURE', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_TEMPERATURE', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('HEAT_TEMPERATURE', 'onSite', 120, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_TEMPERATURE', 'onSite', 300, NULL, 'clock', 'report', 'ANY', 10),
      ('HEAT_TEMPERATURE', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('HEAT_REPAIR', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_REPAIR', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('HEAT_REPAIR', 'onSite', 60, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_REPAIR', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('HEAT_CUSTOMER_EQUIPMENT', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_CUSTOMER_EQUIPMENT', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('HEAT_CUSTOMER_EQUIPMENT', 'callback', NULL, 3, 'working', 'resolve', 'ANY', 0),
      ('HEAT_COMPLAINT', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_COMPLAINT', 'accept', 60, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('HEAT_COMPLAINT', 'reply', 30, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_COMPLAINT', 'resolve', 7200, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_COMPLAINT', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('HEAT_INQUIRY', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_INQUIRY', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('HEAT_BILLING', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('HEAT_BILLING', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('GAS_ALARM', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_ALARM', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('GAS_ALARM', 'onSite', 30, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_ALARM', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('GAS_NETWORK_FAULT', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_NETWORK_FAULT', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('GAS_NETWORK_FAULT', 'resolve', 240, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_NETWORK_FAULT', 'resolve', 1440, NULL, 'clock', 'report', 'MAJOR', 0),
      ('GAS_NETWORK_FAULT', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('GAS_APPLIANCE', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_APPLIANCE', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('GAS_APPLIANCE', 'onSite', 360, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_APPLIANCE', 'resolve', 1440, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_APPLIANCE', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('GAS_INSTALL', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_INSTALL', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('GAS_INSTALL', 'resolve', NULL, 5, 'working', 'report', 'ANY', 0),
      ('GAS_INSTALL', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('GAS_SERVICE', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_SERVICE', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('GAS_SERVICE', 'resolve', NULL, 3, 'working', 'report', 'ANY', 0),
      ('GAS_SERVICE', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('GAS_INSPECTION', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_INSPECTION', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('GAS_INSPECTION', 'resolve', 4320, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_INSPECTION', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('GAS_COMPLAINT', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_COMPLAINT', 'accept', 60, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('GAS_COMPLAINT', 'reply', 2880, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_COMPLAINT', 'resolve', NULL, 3, 'working', 'report', 'ANY', 0),
      ('GAS_COMPLAINT', 'callback', 4320, NULL, 'clock', 'resolve', 'ANY', 0),
      ('GAS_INQUIRY', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_INQUIRY', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0),
      ('GAS_BILLING', 'dispatch', 5, NULL, 'clock', 'report', 'ANY', 0),
      ('GAS_BILLING', 'accept', 20, NULL, 'clock', 'dispatch', 'ANY', 0)`);

    // Heating seasons a supervisor set (local dates, both inclusive); a year without one has the configured default.
    await q.query(`CREATE TABLE heating_season (
      starts_on date PRIMARY KEY,
      ends_on date NOT NULL,
      set_by text NOT NULL,
      set_at timestamptz NOT NULL,
      CHECK (ends_on >= starts_on))`);
    // The season list last published on settings.events (one row): a replica publishes again only when it changed.
    await q.query(`CREATE TABLE heating_season_published (
      id smallint PRIMARY KEY CHECK (id = 1),
      seasons jsonb NOT NULL,
      published_at timestamptz NOT NULL)`);

    // Booked home visits: the window the customer was given. status: BOOKED (in force) or REPLACED (rebooked).
    await q.query(`CREATE TABLE work_order_appointment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'BOOKED',
      booked_by text NOT NULL,
      booked_at timestamptz NOT NULL,
      CHECK (ends_at > starts_at))`);
    await q.query(`CREATE UNIQUE INDEX work_order_appointment_booked ON work_order_appointment (order_id) WHERE status = 'BOOKED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS work_order_appointment`);
    await q.query(`DROP TABLE IF EXISTS heating_season_published`);
    await q.query(`DROP TABLE IF EXISTS heating_season`);
    await q.query(`DELETE FROM sla_target WHERE category LIKE 'HEAT\\_%' OR category LIKE 'GAS\\_%'`);
    await q.query(`DELETE FROM routing_rule WHERE category LIKE 'HEAT\\_%' OR category LIKE 'GAS\\_%'`);
    await q.query(`ALTER TABLE sla_target DROP CONSTRAINT sla_target_pkey`);
    await q.query(`DELETE FROM sla_target WHERE severity <> 'ANY' OR season_first_days <> 0 OR kind = 'reply'`);
    await q.query(`ALTER TABLE sla_target DROP COLUMN severity, DROP COLUMN season_first_days`);
    await q.query(`ALTER TABLE sla_target ADD PRIMARY KEY (category, kind)`);
    await q.query(`ALTER TABLE sla_target DROP CONSTRAINT sla_target_kind_check`);
    await q.query(`ALTER TABLE sla_target ADD CONSTRAINT sla_target_kind_check CHECK (kind IN ('dispatch','accept','onSite','resolve','callback'))`);
    await q.query(`DROP INDEX IF EXISTS work_order_utility_recent`);
    await q.query(`ALTER TABLE work_order DROP COLUMN utility, DROP COLUMN severity, DROP COLUMN replied_at, DROP COLUMN reply_due_at`);
  }
}
