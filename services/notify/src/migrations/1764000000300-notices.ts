import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notices1764000000300 implements MigrationInterface {
  name = 'Notices1764000000300';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notice (
      id text PRIMARY KEY,
      outage_id text NOT NULL,
      kind text NOT NULL, audience text NOT NULL, channel text NOT NULL, locale text NOT NULL,
      title text NOT NULL, text text NOT NULL, status text NOT NULL,
      recipients jsonb NOT NULL DEFAULT '[]'::jsonb,
      send_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX notice_outage ON notice (outage_id)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notice');
  }
}
