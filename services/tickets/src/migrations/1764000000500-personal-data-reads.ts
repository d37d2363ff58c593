import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Need to know (issue 13): every read of a caller's phone is logged (who, when, which order), and the
 * caller's name a merge used to copy into history text is removed from the rows already written.
 */
export class PersonalDataReads1764000000500 implements MigrationInterface {
  name = 'PersonalDataReads1764000000500';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE personal_data_read (
      id bigserial PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES work_order(id) ON DELETE CASCADE,
      field text NOT NULL,
      reader_id text NOT NULL,
      reader_roles text[] NOT NULL,
      reader_department text,
      request_id text,
      at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX personal_data_read_at ON personal_data_read (at DESC, id DESC)`);
    await q.query(`CREATE INDEX personal_data_read_order ON personal_data_read (order_id, at DESC)`);
    await q.query(`CREATE INDEX personal_data_read_reader ON personal_data_read (reader_id, at DESC)`);
    await q.query(`UPDATE work_order_history SET detail = detail - 'reporterName' WHERE detail ? 'reporterName'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS personal_data_read');
  }
}
