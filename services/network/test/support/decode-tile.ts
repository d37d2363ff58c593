// Reads a tile back with Mapbox's own decoder (@mapbox/vector-tile 1.x, the CommonJS line; 2.x is ESM-only),
// as GeoJSON in lon/lat: what a map client would draw.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { VectorTile } = require('@mapbox/vector-tile') as { VectorTile: new (pbf: unknown) => DecodedTile };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Pbf = require('pbf') as new (buf: Uint8Array) => unknown;

interface DecodedFeature {
  id: number;
  type: number;
  extent: number;
  properties: Record<string, string | number | boolean>;
  loadGeometry(): Array<Array<{ x: number; y: number }>>;
  toGeoJSON(x: number, y: number, z: number): { geometry: { type: string; coordinates: any } ; properties: Record<string, unknown> };
}
interface DecodedLayer {
  name: string;
  extent: number;
  version: number;
  length: number;
  feature(i: number): DecodedFeature;
}
interface DecodedTile {
  layers: Record<string, DecodedLayer>;
}

export interface TileFeature {
  id: number;
  type: number;
  properties: Record<string, string | number | boolean>;
  /** Parts in tile units. */
  parts: Array<Array<{ x: number; y: number }>>;
  geometry: { type: string; coordinates: any };
}

/** Every layer's features, decoded. */
export function decodeTile(bytes: Uint8Array, z: number, x: number, y: number): Record<string, { extent: number; version: number; features: TileFeature[] }> {
  const tile = new VectorTile(new Pbf(bytes));
  const out: Record<string, { extent: number; version: number; features: TileFeature[] }> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: TileFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({ id: f.id, type: f.type, properties: f.properties, parts: f.loadGeometry(), geometry: f.toGeoJSON(x, y, z).geometry });
    }
    out[name] = { extent: layer.extent, version: layer.version, features };
  }
  return out;
}
