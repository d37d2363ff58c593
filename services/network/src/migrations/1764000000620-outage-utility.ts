import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every outage belongs to the utility kind of its network (docs/domain.md "One desk, several utilities"). */
export class OutageUtility1764000000620 implements MigrationInterface {
  name = 'OutageUtility1764000000620';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outage ADD COLUMN utility text NOT NULL DEFAULT 'WATER' CHECK (utility IN ('WATER','HEAT','GAS'))`);
    await q.query(`UPDATE outage o SET utility = n.utility FROM network n WHERE n.id = o.network_id AND o.utility <> n.utility`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outage DROP COLUMN utility`);
  }
}
