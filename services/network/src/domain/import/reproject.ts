import { METRES_PER_DEGREE } from '@mainline/common/domain';
import proj4 from 'proj4';
import type { LonLat } from '../model';
import { ImportError, ImportLocation } from './errors';

/** CGCS2000 (EPSG:4490) uses an ellipsoid with GRS80's a and rf = 298.257222101. */
const CGCS2000 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/**
 * proj4 definition for the EPSG codes we know: WGS84, Web Mercator, UTM, and China's CGCS2000
 * with its Gauss–Krüger zones (6° and 3°, with or without the zone number in the false easting).
 */
function epsgDefinition(code: number): string | null {
  if (code === 4326) return '+proj=longlat +datum=WGS84 +no_defs';
  if (code === 3857 || code === 900913) {
    return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs';
  }
  if (code >= 32601 && code <= 32660) return `+proj=utm +zone=${code - 32600} +datum=WGS84 +units=m +no_defs`;
  if (code >= 32701 && code <= 32760) return `+proj=utm +zone=${code - 32700} +south +datum=WGS84 +units=m +no_defs`;
  if (code === 4490) return `+proj=longlat ${CGCS2000}`;
  const gk = (lon0: number, x0: number) => `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 ${CGCS2000}`;
  // 4491–4501: 6° zones 13–23 (CM = 6·zone − 3), false easting carries the zone number.
  if (code >= 4491 && code <= 4501) { const z = code - 4491 + 13; return gk(6 * z - 3, z * 1e6 + 500000); }
  // 4502–4512: the same 6° zones named by central meridian 75°E..135°E, no zone prefix.
  if (code >= 4502 && code <= 4512) return gk(75 + 6 * (code - 4502), 500000);
  // 4513–4533: 3° zones 25–45 (CM = 3·zone), zone number in the false easting.
  if (code >= 4513 && code <= 4533) { const z = code - 4513 + 25; return gk(3 * z, z * 1e6 + 500000); }
  // 4534–4554: 3° zones named by central meridian 75°E..135°E, no zone prefix.
  if (code >= 4534 && code <= 4554) return gk(75 + 3 * (code - 4534), 500000);
  return null;
}

/** Accepts "EPSG:4547", "epsg:4547", "4547", "urn:ogc:def:crs:EPSG::4547" or a "+proj=..." string. */
function resolveCrs(crs: string, where: ImportLocation = {}): string {
  const s = crs.trim();
  if (s.startsWith('+proj=')) return s;
  const m = /^(?:urn:ogc:def:crs:)?(?:epsg:{1,2})?(\d+)$/i.exec(s);
  const def = m ? epsgDefinition(Number(m[1])) : null;
  if (!def) {
    throw new ImportError(
      `不支持的坐标系 "${crs}" / unsupported CRS "${crs}" (known: EPSG:4326, 3857, 4490, 4491–4554 CGCS2000 Gauss–Krüger, 32601–32660, 32701–32760 UTM)`,
      where,
    );
  }
  return def;
}

export type Projector = (x: number, y: number) => LonLat;

/** A function from the CRS's x/y (easting, northing) to WGS84 lon/lat. */
export function makeProjector(crs: string, where: ImportLocation = {}): Projector {
  const def = resolveCrs(crs, where);
  let conv: proj4.Converter;
  try {
    conv = proj4(def, 'EPSG:4326');
  } catch (e) {
    throw new ImportError(`cannot use CRS "${crs}": ${(e as Error).message}`, where);
  }
  return (x, y) => {
    const [lon, lat] = conv.forward([x, y]);
    return [lon, lat];
  };
}


/**
 * Places a local plane at `origin`: plane point (x0, y0) lands on origin, and offsets in metres
 * go east/north by an equirectangular approximation, good to well under 1 m over a city.
 */
export function makeLocalPlacer(origin: { lon: number; lat: number }, x0: number, y0: number, unitsPerMetre = 1): Projector {
  const lat0 = (origin.lat * Math.PI) / 180;
  const degPerMN = 1 / METRES_PER_DEGREE;
  const degPerME = degPerMN / Math.cos(lat0);
  return (x, y) => [origin.lon + ((x - x0) / unitsPerMetre) * degPerME, origin.lat + ((y - y0) / unitsPerMetre) * degPerMN];
}

/** Whether every point could be lon/lat and the extent is city-sized (a few degrees at most). */
export function looksLikeLonLat(points: Iterable<[number, number]>, maxSpanDeg = 5): boolean {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, n = 0;
  for (const [x, y] of points) {
    if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) return false;
    if (x < minX) minX = x; if (x > maxX) maxX = x;
    if (y < minY) minY = y; if (y > maxY) maxY = y;
    n++;
  }
  return n === 0 || (maxX - minX <= maxSpanDeg && maxY - minY <= maxSpanDeg);
}
