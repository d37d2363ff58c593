import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * docs/domain.md "One desk, several utilities": every network belongs to one utility kind (networks stored
 * before kinds existed are water's). Service points carry what heat and gas service needs: the customer
 * type (gas inspections are scheduled by it), the vulnerable users registered for priority, and the date of
 * the last safety inspection.
 */
export class UtilityKindsServicePointAttributes1764000000600 implements MigrationInterface {
  name = 'UtilityKindsServicePointAttributes1764000000600';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE network ADD COLUMN utility text NOT NULL DEFAULT 'WATER' CHECK (utility IN ('WATER','HEAT','GAS'))`);
    await q.query(`ALTER TABLE service_point
      ADD COLUMN customer_type text NOT NULL DEFAULT 'RESIDENTIAL'
        CHECK (customer_type IN ('RESIDENTIAL','COMMERCIAL','INDUSTRIAL','PUBLIC_BUILDING','OTHER')),
      ADD COLUMN vulnerability text[] NOT NULL DEFAULT '{}'
        CHECK (vulnerability <@ ARRAY['ELDERLY','SICK','DISABLED']::text[]),
      ADD COLUMN last_inspected_on date`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_point DROP COLUMN last_inspected_on, DROP COLUMN vulnerability, DROP COLUMN customer_type`);
    await q.query(`ALTER TABLE network DROP COLUMN utility`);
  }
}
