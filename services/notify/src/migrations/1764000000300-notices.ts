import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notices1764000000300 implements MigrationInterface {
  name = 'Notices1764000000300';
  async up(q: QueryRunner): Promise<void> {
    // The last snapshot of each outage the network service announced (for GraphQL and the planner).
    await q.query(`CREATE TABLE outage_state (
      outage_id text PRIMARY KEY,
      snapshot jsonb NOT NULL,
      last_event_type text NOT NULL,
      last_event_id text NOT NULL,
      last_event_at timestamptz NOT NULL,
      blocked jsonb,
      warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
      updated_at timestamptz NOT NULL DEFAULT now())`);

    // One row per notice; id = the stable notice key = CloudEvents ce_id. The Kafka message is built once,
    // at composition, so a reminder released later (or a resend) is byte-identical.
    await q.query(`CREATE TABLE notice (
      id text PRIMARY KEY,
      outage_id text NOT NULL,
      event_id text NOT NULL,
      kind text NOT NULL, audience text NOT NULL, channel text NOT NULL, locale text NOT NULL,
      title text NOT NULL, text text NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING','QUEUED','PUBLISHED','PARTIALLY_DELIVERED','DELIVERED','FAILED','CANCELLED')),
      recipients jsonb NOT NULL DEFAULT '[]'::jsonb,
      recipient_count int NOT NULL DEFAULT 0,
      send_at timestamptz NOT NULL,
      reminder_hours_before double precision,
      url text NOT NULL,
      message_key text NOT NULL,
      message_headers jsonb NOT NULL,
      message_value text NOT NULL,
      queued_at timestamptz,
      published_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX notice_outage ON notice (outage_id, send_at, id)`);
    // The scheduler's two queues stay small: future notices, and notices waiting for the relay's confirmation.
    await q.query(`CREATE INDEX notice_due ON notice (send_at, id) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX notice_queued ON notice (id) WHERE status = 'QUEUED'`);
    // Lets the scheduler find the outbox row of a queued notice (its ce_id header) to confirm publication.
    await q.query(`CREATE INDEX outbox_ce_id ON outbox ((headers->>'ce_id'))`);

    await q.query(`CREATE TABLE notice_receipt (
      notice_id text NOT NULL REFERENCES notice(id),
      recipient text NOT NULL,
      status text NOT NULL CHECK (status IN ('DELIVERED','FAILED')),
      at timestamptz NOT NULL,
      error text,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (notice_id, recipient, at, status))`);

    // Failed direct notices to important users: the call center phones them.
    await q.query(`CREATE TABLE notice_alert (
      id bigserial PRIMARY KEY,
      code text NOT NULL,
      notice_id text NOT NULL REFERENCES notice(id),
      outage_id text NOT NULL,
      recipient_id text NOT NULL,
      recipient_name text,
      phone text NOT NULL,
      error text,
      at timestamptz NOT NULL,
      message text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      acknowledged_at timestamptz,
      acknowledged_by text,
      acknowledge_note text,
      UNIQUE (notice_id, phone))`);
    await q.query(`CREATE INDEX notice_alert_open ON notice_alert (created_at) WHERE acknowledged_at IS NULL`);

    // Supervisor-edited templates; the shipped defaults live in code (domain/templates.ts).
    await q.query(`CREATE TABLE notice_template (
      kind text NOT NULL, audience text NOT NULL, channel text NOT NULL, locale text NOT NULL,
      title text NOT NULL, body text NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, audience, channel, locale))`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notice_template');
    await q.query('DROP TABLE notice_alert');
    await q.query('DROP TABLE notice_receipt');
    await q.query('DROP INDEX outbox_ce_id');
    await q.query('DROP TABLE notice');
    await q.query('DROP TABLE outage_state');
  }
}
