import { engineFromModel } from '../../../test/support/engine-from-model';
import { decodeTile } from '../../../test/support/decode-tile';
import type { NetworkModel } from '../model';
import { DEFAULT_TILE_RULES, minDiameterAt, NetworkTileIndex, TILE_LAYERS } from './network-tiles';

/** The XYZ tile holding a lon/lat at zoom z. */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n) };
}

// A trunk main (400 mm) along a street, a 100 mm service pipe with a bend, and a 2 km pipe far across several z18 tiles.
const model: NetworkModel = {
  nodes: [
    { id: 'R', kind: 'RESERVOIR', coord: [116.3, 39.9], demands: [] },
    { id: 'A', kind: 'JUNCTION', coord: [116.302, 39.9], demands: [] },
    { id: 'B', kind: 'JUNCTION', coord: [116.303, 39.901], demands: [] },
    { id: 'C', kind: 'JUNCTION', coord: [116.326, 39.9], demands: [] },
  ],
  links: [
    { id: 'TRUNK', kind: 'PIPE', from: 'R', to: 'A', diameterMm: 400, material: 'DI', vertices: [] },
    { id: 'SVC', kind: 'PIPE', from: 'A', to: 'B', diameterMm: 100, vertices: [[116.303, 39.9]] },
    { id: 'LONG', kind: 'PIPE', from: 'A', to: 'C', diameterMm: 200, status: 'CLOSED', vertices: [] },
  ],
  valves: [
    { id: 'V1', linkId: 'SVC', nodeId: 'A', state: 'OPEN', operable: false, diameterMm: 100, coord: [116.3011, 39.9] },
    { id: 'V2', linkId: 'TRUNK', nodeId: 'R', state: 'CLOSED', operable: true, diameterMm: 400, coord: [116.3001, 39.9] },
  ],
  servicePoints: [
    { id: 'SP-H', nodeId: 'B', coord: [116.3031, 39.9011], persons: 120, important: 'HOSPITAL', name: '云城医院', phone: '13800000001' },
    { id: 'SP-1', nodeId: 'B', coord: [116.3029, 39.9009], persons: 3 },
  ],
  populationAreas: [],
  patterns: [],
  options: { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'LPS' },
};

describe('network vector tiles', () => {
  const index = new NetworkTileIndex(engineFromModel(model), DEFAULT_TILE_RULES);
  const read = (t: { z: number; x: number; y: number }) => decodeTile(index.tile(t).bytes, t.z, t.x, t.y);
  const ids = (layer: { features: Array<{ properties: Record<string, unknown> }> } | undefined) => (layer?.features ?? []).map((f) => f.properties.id).sort();

  it('the z18 tile of a pipe holds it with its id and attributes, where it lies on the map', () => {
    const t = tileAt(116.301, 39.9, 18);
    const layers = read(t);
    expect(layers[TILE_LAYERS.pipes].extent).toBe(4096);
    expect(layers[TILE_LAYERS.pipes].version).toBe(2);
    const trunk = layers[TILE_LAYERS.pipes].features.find((f) => f.properties.id === 'TRUNK')!;
    expect(trunk.properties).toEqual({ id: 'TRUNK', kind: 'PIPE', diameterMm: 400, material: 'DI' });
    expect(trunk.geometry.type).toBe('LineString');
    // Every vertex lies on the pipe's line (lat 39.9) within a tile unit (about 4 cm at z18).
    for (const [lon, lat] of trunk.geometry.coordinates as number[][]) {
      expect(Math.abs(lat - 39.9)).toBeLessThan(1e-6);
      expect(lon).toBeGreaterThanOrEqual(116.3 - 1e-6);
      expect(lon).toBeLessThanOrEqual(116.302 + 1e-6);
    }
  });

  it('a pipe longer than the tile is clipped to the tile and its buffer', () => {
    const t = tileAt(116.31, 39.9, 18);
    const long = read(t)[TILE_LAYERS.pipes].features.find((f) => f.properties.id === 'LONG')!;
    expect(long.properties.status).toBe('CLOSED');
    for (const part of long.parts) for (const p of part) {
      expect(p.x).toBeGreaterThanOrEqual(-DEFAULT_TILE_RULES.bufferUnits);
      expect(p.x).toBeLessThanOrEqual(4096 + DEFAULT_TILE_RULES.bufferUnits);
    }
  });

  it('keeps the bend of a service pipe at high zoom', () => {
    const t = tileAt(116.3025, 39.9005, 17);
    const svc = read(t)[TILE_LAYERS.pipes].features.find((f) => f.properties.id === 'SVC')!;
    expect(svc.geometry.coordinates).toHaveLength(3);
    expect(svc.geometry.coordinates[1][0]).toBeCloseTo(116.303, 5);
    expect(svc.geometry.coordinates[1][1]).toBeCloseTo(39.9, 5);
  });

  it('draws only trunk mains below z12 (the configured rule) and every pipe from z12', () => {
    expect(minDiameterAt(DEFAULT_TILE_RULES, 11)).toBe(300);
    expect(minDiameterAt(DEFAULT_TILE_RULES, 12)).toBe(0);
    expect(ids(read(tileAt(116.301, 39.9, 11))[TILE_LAYERS.pipes])).toEqual(['TRUNK']);
    expect(ids(read(tileAt(116.301, 39.9, 12))[TILE_LAYERS.pipes])).toEqual(['LONG', 'SVC', 'TRUNK']);
    const strict = new NetworkTileIndex(index.engine, { ...DEFAULT_TILE_RULES, pipeMinDiameter: [{ fromZoom: 0, minMm: 150 }, { fromZoom: 16, minMm: 0 }] });
    const t = tileAt(116.301, 39.9, 12);
    expect(ids(decodeTile(strict.tile(t).bytes, t.z, t.x, t.y)[TILE_LAYERS.pipes])).toEqual(['LONG', 'TRUNK']);
  });

  it('shows valves with normal state and operability from z15, not below', () => {
    const at15 = read(tileAt(116.3005, 39.9, 15))[TILE_LAYERS.valves];
    expect(at15.features.map((f) => f.properties).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual([
      { id: 'V1', state: 'OPEN', operable: false, diameterMm: 100, linkId: 'SVC' },
      { id: 'V2', state: 'CLOSED', operable: true, diameterMm: 400, linkId: 'TRUNK' },
    ]);
    const v2 = at15.features.find((f) => f.properties.id === 'V2')!;
    expect(v2.geometry.coordinates[0]).toBeCloseTo(116.3001, 4);
    expect(read(tileAt(116.3005, 39.9, 14))[TILE_LAYERS.valves]).toBeUndefined();
  });

  it('shows important users from z13 and every customer from z16, never a phone or name', () => {
    const at13 = read(tileAt(116.303, 39.901, 13))[TILE_LAYERS.servicePoints];
    expect(at13.features.map((f) => f.properties)).toEqual([{ persons: 120, important: 'HOSPITAL', id: 'SP-H' }]);
    const at16 = read(tileAt(116.303, 39.901, 16))[TILE_LAYERS.servicePoints];
    expect(at16.features.map((f) => f.properties.persons).sort((a, b) => Number(a) - Number(b))).toEqual([3, 120]);
    expect(read(tileAt(116.303, 39.901, 12))[TILE_LAYERS.servicePoints]).toBeUndefined();
  });

  it('an empty tile has no bytes', () => {
    const r = index.tile(tileAt(10, 50, 14));
    expect(r.bytes.length).toBe(0);
    expect(r.counts).toEqual({ pipes: 0, valves: 0, servicePoints: 0 });
    // At z0 a tile unit is ~10 km: every pipe of the town shrinks to a point and is left out.
    expect(index.tile({ z: 0, x: 0, y: 0 }).bytes.length).toBe(0);
  });
});
