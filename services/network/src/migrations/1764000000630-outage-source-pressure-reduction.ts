import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 ("The ≥ 5,000 phone list"): an outage is on the network or at a treatment plant / booster station
 * (the bureau's approval whatever the size), and a pressure reduction (降压) is an outage of its own kind,
 * with its own notice wording.
 */
export class OutageSourcePressureReduction1764000000630 implements MigrationInterface {
  name = 'OutageSourcePressureReduction1764000000630';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outage
      ADD COLUMN source text NOT NULL DEFAULT 'NETWORK' CHECK (source IN ('NETWORK','PLANT')),
      ADD COLUMN pressure_reduction boolean NOT NULL DEFAULT false`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outage DROP COLUMN pressure_reduction, DROP COLUMN source`);
  }
}
