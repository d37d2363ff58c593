import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly callback sample of works orders (docs/domain.md: "10 % callback sample from last month's
 * completed jobs"): one run row per month, so a month is sampled once and a re-run returns it, and
 * the sampled orders with the callback task each one got.
 */
export class WorksCallbackSample1764000000400 implements MigrationInterface {
  name = 'WorksCallbackSample1764000000400';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE works_callback_run (
      month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      eligible int NOT NULL CHECK (eligible >= 0),
      sampled int NOT NULL CHECK (sampled >= 0 AND sampled <= eligible),
      share float8 NOT NULL CHECK (share >= 0 AND share <= 1),
      run_at timestamptz NOT NULL,
      run_by text NOT NULL)`);
    await q.query(`CREATE TABLE works_callback_sample (
      month text NOT NULL REFERENCES works_callback_run(month) ON DELETE CASCADE,
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      task_id uuid REFERENCES callback_task(id) ON DELETE SET NULL,
      sampled_at timestamptz NOT NULL,
      PRIMARY KEY (month, order_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS works_callback_sample');
    await q.query('DROP TABLE IF EXISTS works_callback_run');
  }
}
