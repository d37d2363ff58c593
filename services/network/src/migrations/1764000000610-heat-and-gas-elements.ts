import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Heat and gas networks (docs/domain.md "Heating utility", "Gas utility"): their sources (gate and regulator
 * stations, heat sources and substations), the pressure class of gas pipes, and heat networks drawn as two
 * lines (a pipe's circuit, a customer's node on the return line).
 */
export class HeatAndGasElements1764000000610 implements MigrationInterface {
  name = 'HeatAndGasElements1764000000610';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE network_node DROP CONSTRAINT network_node_kind_check`);
    await q.query(`ALTER TABLE network_node ADD CONSTRAINT network_node_kind_check
      CHECK (kind IN ('JUNCTION','RESERVOIR','TANK','PLANT','GATE_STATION','REGULATOR','HEAT_SOURCE','SUBSTATION'))`);
    await q.query(`ALTER TABLE network_link
      ADD COLUMN circuit text CHECK (circuit IN ('SUPPLY','RETURN')),
      ADD COLUMN pressure_level text CHECK (pressure_level IN ('LOW','MEDIUM','SUB_HIGH','HIGH'))`);
    await q.query(`ALTER TABLE service_point ADD COLUMN return_node_id text`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_point DROP COLUMN return_node_id`);
    await q.query(`ALTER TABLE network_link DROP COLUMN pressure_level, DROP COLUMN circuit`);
    await q.query(`ALTER TABLE network_node DROP CONSTRAINT network_node_kind_check`);
    await q.query(`ALTER TABLE network_node ADD CONSTRAINT network_node_kind_check CHECK (kind IN ('JUNCTION','RESERVOIR','TANK','PLANT'))`);
  }
}
