import { METRES_PER_DEGREE } from '@mainline/common/domain';

/**
 * Equirectangular projection around a centre: metres east/north of it. Affine in lon/lat, so
 * point-in-polygon, intersections and ring orientation are the same in both planes; the scale
 * error is below 0.2 % across a city (cos(lat) varies little over ~10 km).
 */
export class LocalPlane {
  readonly kx: number;
  readonly ky: number;

  constructor(readonly lon0: number, readonly lat0: number) {
    this.ky = METRES_PER_DEGREE;
    this.kx = this.ky * Math.cos((lat0 * Math.PI) / 180);
  }

  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }
  lon(x: number): number {
    return this.lon0 + x / this.kx;
  }
  lat(y: number): number {
    return this.lat0 + y / this.ky;
  }
}
