import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outages, their audit trail, valve operations and which outages hold each valve closed. */
export class Outages1764000000110 implements MigrationInterface {
  name = 'Outages1764000000110';
  async up(q: QueryRunner): Promise<void> {
    // Per-year counter behind the public numbers (TS-2026-000042): gap-free inside a year, one row per year.
    await q.query(`CREATE TABLE outage_counter (
      year int PRIMARY KEY,
      last int NOT NULL CHECK (last >= 0))`);
    await q.query(`CREATE TABLE outage (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      network_id uuid NOT NULL REFERENCES network(id) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN ('PLANNED','EMERGENCY')),
      status text NOT NULL CHECK (status IN ('DRAFT','SUBMITTED','APPROVED','ANNOUNCED','IN_PROGRESS','RESTORED','CANCELLED')),
      reason text NOT NULL,
      pipe_ids text[] NOT NULL DEFAULT '{}',
      valve_ids text[] NOT NULL,
      valves_explicit boolean NOT NULL,
      inoperable_valve_ids text[] NOT NULL DEFAULT '{}',
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      on_main_road boolean NOT NULL DEFAULT false,
      works_unit text NOT NULL,
      work_order_ids text[] NOT NULL DEFAULT '{}',
      approved_impact jsonb,
      regulator_approval jsonb,
      lead_time_override jsonb,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      submitted_at timestamptz,
      approved_at timestamptz,
      announced_at timestamptz,
      started_at timestamptz,
      restored_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      CHECK (ends_at > starts_at))`);
    await q.query(`CREATE INDEX outage_list ON outage (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX outage_network_status ON outage (network_id, status)`);
    await q.query(`CREATE INDEX outage_status ON outage (status, created_at DESC, id DESC)`);
    await q.query(`CREATE TABLE outage_history (
      id bigserial PRIMARY KEY,
      outage_id uuid NOT NULL REFERENCES outage(id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      actor_name text,
      action text NOT NULL,
      from_status text,
      to_status text,
      note text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb)`);
    await q.query(`CREATE INDEX outage_history_outage ON outage_history (outage_id, id)`);
    // No foreign key to valve: a re-imported network must not silently drop the record of closed valves.
    await q.query(`CREATE TABLE valve_state (
      network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
      valve_id text NOT NULL,
      closed_by_outages uuid[] NOT NULL DEFAULT '{}',
      closed_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (network_id, valve_id))`);
    await q.query(`CREATE INDEX valve_state_closed ON valve_state USING gin (closed_by_outages)`);
    await q.query(`CREATE TABLE valve_operation (
      id bigserial PRIMARY KEY,
      outage_id uuid NOT NULL REFERENCES outage(id) ON DELETE CASCADE,
      network_id uuid NOT NULL,
      valve_id text NOT NULL,
      action text NOT NULL CHECK (action IN ('CLOSE','OPEN')),
      outcome text NOT NULL CHECK (outcome IN ('CLOSED','ALREADY_CLOSED','OPENED','REFUSED')),
      at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      recorded_by text NOT NULL,
      recorded_by_name text,
      department text,
      note text)`);
    await q.query(`CREATE INDEX valve_operation_outage ON valve_operation (outage_id, id)`);
    await q.query(`CREATE INDEX valve_operation_valve ON valve_operation (network_id, valve_id, id)`);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const t of ['valve_operation', 'valve_state', 'outage_history', 'outage', 'outage_counter']) await q.query(`DROP TABLE ${t}`);
  }
}
