import { MigrationInterface, QueryRunner } from 'typeorm';

export class NetworkModel1764000000100 implements MigrationInterface {
  name = 'NetworkModel1764000000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE network (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE,
      version int NOT NULL DEFAULT 1,
      format text NOT NULL,
      crs text,
      liters_per_person_per_day float8 NOT NULL,
      hydraulics jsonb NOT NULL DEFAULT '{}'::jsonb,
      pipe_count int NOT NULL DEFAULT 0,
      node_count int NOT NULL DEFAULT 0,
      valve_count int NOT NULL DEFAULT 0,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE network_node (
      network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
      id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('JUNCTION','RESERVOIR','TANK','PLANT')),
      lon float8, lat float8, elevation_m float8,
      demands jsonb NOT NULL DEFAULT '[]'::jsonb,
      area text,
      PRIMARY KEY (network_id, id))`);
    await q.query(`CREATE INDEX network_node_lonlat ON network_node (network_id, lon, lat)`);
    await q.query(`CREATE TABLE network_link (
      network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
      id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('PIPE','PUMP','VALVE')),
      from_node text NOT NULL, to_node text NOT NULL,
      length_m float8, diameter_mm float8, material text, roughness float8, status text,
      vertices jsonb NOT NULL DEFAULT '[]'::jsonb,
      area text,
      min_lon float8, min_lat float8, max_lon float8, max_lat float8,
      PRIMARY KEY (network_id, id))`);
    await q.query(`CREATE INDEX network_link_bbox ON network_link (network_id, min_lon, min_lat)`);
    await q.query(`CREATE TABLE valve (
      network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
      id text NOT NULL,
      link_id text NOT NULL, node_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('OPEN','CLOSED')),
      operable boolean NOT NULL DEFAULT true,
      diameter_mm float8, lon float8, lat float8,
      PRIMARY KEY (network_id, id))`);
    await q.query(`CREATE INDEX valve_link ON valve (network_id, link_id)`);
    await q.query(`CREATE TABLE service_point (
      network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
      id text NOT NULL,
      node_id text NOT NULL,
      lon float8, lat float8, address text, households int,
      persons int NOT NULL CHECK (persons >= 0),
      important text, name text, phone text, area text,
      PRIMARY KEY (network_id, id))`);
    await q.query(`CREATE INDEX service_point_node ON service_point (network_id, node_id)`);
    await q.query(`CREATE TABLE population_area (
      network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
      id text NOT NULL,
      name text,
      population int NOT NULL CHECK (population >= 0),
      geometry jsonb NOT NULL,
      PRIMARY KEY (network_id, id))`);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const t of ['population_area', 'service_point', 'valve', 'network_link', 'network_node', 'network']) await q.query(`DROP TABLE ${t}`);
  }
}
