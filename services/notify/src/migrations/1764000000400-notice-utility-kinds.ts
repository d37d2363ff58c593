import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices and templates belong to a utility kind (docs/domain.md "One desk, several utilities"). Rows written
 * before are water's; a template is also kept apart for a pressure reduction (降压), which has its own wording.
 */
export class NoticeUtilityKinds1764000000400 implements MigrationInterface {
  name = 'NoticeUtilityKinds1764000000400';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice ADD COLUMN utility text NOT NULL DEFAULT 'WATER' CHECK (utility IN ('WATER','HEAT','GAS'))`);
    await q.query(`ALTER TABLE notice_template
      ADD COLUMN utility text NOT NULL DEFAULT 'WATER' CHECK (utility IN ('WATER','HEAT','GAS')),
      ADD COLUMN pressure_reduction boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE notice_template DROP CONSTRAINT notice_template_pkey`);
    await q.query(`ALTER TABLE notice_template ADD CONSTRAINT notice_template_pkey PRIMARY KEY (utility, pressure_reduction, kind, audience, channel, locale)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notice_template WHERE utility <> 'WATER' OR pressure_reduction`);
    await q.query(`ALTER TABLE notice_template DROP CONSTRAINT notice_template_pkey`);
    await q.query(`ALTER TABLE notice_template ADD CONSTRAINT notice_template_pkey PRIMARY KEY (kind, audience, channel, locale)`);
    await q.query(`ALTER TABLE notice_template DROP COLUMN pressure_reduction, DROP COLUMN utility`);
    await q.query(`ALTER TABLE notice DROP COLUMN utility`);
  }
}
