import { MigrationInterface, QueryRunner } from 'typeorm';

/** outage_state was written on every planned event but never read: the planner works from the notice rows. */
export class DropOutageState1764000000310 implements MigrationInterface {
  name = 'DropOutageState1764000000310';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS outage_state`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outage_state (
      outage_id text PRIMARY KEY,
      snapshot jsonb NOT NULL,
      last_event_type text NOT NULL,
      last_event_id text NOT NULL,
      last_event_at timestamptz NOT NULL,
      blocked jsonb,
      warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
      updated_at timestamptz NOT NULL DEFAULT now())`);
  }
}
