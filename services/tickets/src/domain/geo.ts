import type { Feature, Geometry } from '@mainline/common';
import { LatLon } from './duplicates';

// Outage areas arrive as GeoJSON (RFC 7946, WGS84 lon/lat) on outage.events; tickets only asks "is this caller inside?".

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

type Ring = number[][];

function polygonsOf(g: Geometry | null | undefined): Ring[][] {
  if (!g) return [];
  switch (g.type) {
    case 'Polygon':
      return [g.coordinates as Ring[]];
    case 'MultiPolygon':
      return g.coordinates as Ring[][];
    case 'GeometryCollection':
      return (g.geometries ?? []).flatMap(polygonsOf);
    default:
      return [];
  }
}

function geometryOf(area: Feature | Geometry | null | undefined): Geometry | null {
  if (!area) return null;
  return (area as Feature).type === 'Feature' ? (area as Feature).geometry : (area as Geometry);
}

/** Even-odd ray casting; a point exactly on an edge may fall either way (callers are metres from any edge). */
function inRing(p: LatLon, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside an outer ring and outside its holes, for any polygon of the area. */
export function pointInArea(p: LatLon, area: Feature | Geometry | null | undefined): boolean {
  return polygonsOf(geometryOf(area)).some((rings) => rings.length > 0 && inRing(p, rings[0]) && !rings.slice(1).some((h) => inRing(p, h)));
}

/** Bounding box of the polygons of an area; null when it has none. */
export function areaBBox(area: Feature | Geometry | null | undefined): BBox | null {
  let b: BBox | null = null;
  for (const rings of polygonsOf(geometryOf(area))) {
    for (const [lon, lat] of rings[0] ?? []) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      if (!b) b = { minLon: lon, minLat: lat, maxLon: lon, maxLat: lat };
      else {
        b.minLon = Math.min(b.minLon, lon);
        b.minLat = Math.min(b.minLat, lat);
        b.maxLon = Math.max(b.maxLon, lon);
        b.maxLat = Math.max(b.maxLat, lat);
      }
    }
  }
  return b;
}
