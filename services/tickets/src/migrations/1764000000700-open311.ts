import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open311 GeoReport v2 intake (issue 11, docs/domain.md "Open311"): the client applications that may post
 * requests (only a SHA-256 of each API key is kept; the key is shown once), and what a posted request
 * carries beyond the work order (address id, media URL, the submitter's e-mail, attribute answers).
 */
export class Open3111764000000700 implements MigrationInterface {
  name = 'Open3111764000000700';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE open311_client (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      key_prefix text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_by text)`);

    await q.query(`CREATE TABLE open311_request (
      order_id uuid PRIMARY KEY REFERENCES work_order(id) ON DELETE CASCADE,
      client_id uuid NOT NULL REFERENCES open311_client(id),
      jurisdiction_id text,
      address_id text, zipcode text, media_url text,
      email text, first_name text, last_name text, account_id text, device_id text,
      attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX open311_request_client ON open311_request (client_id, created_at DESC)`);
    // GET requests lists one channel's orders (OPEN311 by default) newest first inside a date window.
    await q.query(`CREATE INDEX work_order_channel_recent ON work_order (channel, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS work_order_channel_recent');
    await q.query('DROP TABLE IF EXISTS open311_request');
    await q.query('DROP TABLE IF EXISTS open311_client');
  }
}
