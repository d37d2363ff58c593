import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay now marks notices PUBLISHED in its own transaction; only the scheduler's one catch-up pass at start
 * still matches outbox rows by ce_id. Keeping the index cost every outbox insert and every publish update.
 */
export class DropOutboxCeId1764000000420 implements MigrationInterface {
  name = 'DropOutboxCeId1764000000420';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS outbox_ce_id`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS outbox_ce_id ON outbox ((headers->>'ce_id'))`);
  }
}
