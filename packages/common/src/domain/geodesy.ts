// One Earth for every service: distances, local planes and metres per degree all use Turf's mean radius,
// so lengths and areas agree with @turf/turf wherever both are used.

/** Mean Earth radius in metres (`@turf/helpers` earthRadius). */
export const EARTH_RADIUS_M = 6371008.8;

const RAD = Math.PI / 180;

/** Metres per degree of latitude (and of longitude at the equator) on that sphere. */
export const METRES_PER_DEGREE = EARTH_RADIUS_M * RAD;

/** Great-circle distance in metres between two WGS84 points (haversine, as turf.distance). */
export function haversineM(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const dLat = (bLat - aLat) * RAD;
  const dLon = (bLon - aLon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * RAD) * Math.cos(bLat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
