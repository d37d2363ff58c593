import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The compiled in-memory model of a network version as one binary snapshot, in chunks (a bytea value
 * must stay well under 1 GB): a city-sized network then starts from one read instead of every row.
 */
export class NetworkSnapshot1764000000130 implements MigrationInterface {
  name = 'NetworkSnapshot1764000000130';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE network_snapshot (
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
        version int NOT NULL,
        format int NOT NULL,
        chunk int NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (network_id, version, chunk)
      )`);
    // Packed floats and ids do not compress: skip pglz and store out of line directly.
    await q.query(`ALTER TABLE network_snapshot ALTER COLUMN data SET STORAGE EXTERNAL`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE network_snapshot`);
  }
}
