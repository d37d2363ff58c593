import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The heating seasons the tickets service owns and publishes on settings.events (the whole list each time):
 * notify keeps the last list to decide whether a heat stop falls in the season (docs/domain.md "Heating utility").
 */
export class HeatingSeasons1764000000410 implements MigrationInterface {
  name = 'HeatingSeasons1764000000410';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE heating_season (
      starts_on date PRIMARY KEY,
      ends_on date NOT NULL,
      CHECK (ends_on >= starts_on))`);
    // Which settings event the stored value came from: an older one arriving late must not replace it,
    // and no row at all means "never received" (the configured default season applies).
    await q.query(`CREATE TABLE setting_received (
      name text PRIMARY KEY,
      event_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now())`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE setting_received');
    await q.query('DROP TABLE heating_season');
  }
}
