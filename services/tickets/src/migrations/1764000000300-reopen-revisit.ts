import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reopened order (unsatisfied customer) gets a revisit deadline of its own: the latest reopening,
 * how many times it was reopened, the revisit's due time and when the revisit was resolved. The first
 * resolution keeps its columns, so the monthly on-time figures do not move when a customer is unhappy.
 */
export class ReopenRevisit1764000000300 implements MigrationInterface {
  name = 'ReopenRevisit1764000000300';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_order
      ADD COLUMN reopened_at timestamptz,
      ADD COLUMN reopen_count int NOT NULL DEFAULT 0,
      ADD COLUMN revisit_due_at timestamptz,
      ADD COLUMN revisit_resolved_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_order DROP COLUMN reopened_at, DROP COLUMN reopen_count, DROP COLUMN revisit_due_at, DROP COLUMN revisit_resolved_at`);
  }
}
