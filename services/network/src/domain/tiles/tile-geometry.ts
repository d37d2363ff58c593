// Web Mercator tile arithmetic (the XYZ scheme MapLibre asks for: x east, y south, z0 one tile) and the
// geometry steps a line goes through on its way into a tile: project, clip to the buffered tile, simplify,
// snap to integer tile units.
import type { BBox } from '../geometry/bbox-index';

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** Web Mercator's latitude limit: the world is a square there. */
const MAX_LAT = 85.0511287798066;

/** The lon/lat box of a tile grown by `buffer` tile units of `extent` on every side. */
export function tileBBox(t: TileAddress, extent: number, buffer: number): BBox {
  const n = 2 ** t.z;
  const grow = buffer / extent;
  const lonOf = (x: number) => (x / n) * 360 - 180;
  const latOf = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return [lonOf(t.x - grow), latOf(t.y + 1 + grow), lonOf(t.x + 1 + grow), latOf(t.y - grow)];
}

/** Projects lon/lat into a tile's units (floats; 0..extent inside the tile). */
export class TileProjection {
  private readonly n: number;
  constructor(private readonly t: TileAddress, readonly extent: number) {
    this.n = 2 ** t.z;
  }

  x(lon: number): number {
    return (((lon + 180) / 360) * this.n - this.t.x) * this.extent;
  }

  y(lat: number): number {
    const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
    const my = 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
    return (my * this.n - this.t.y) * this.extent;
  }
}

/**
 * Clips a polyline (tile units) to the square [lo, hi]², calling `part` with each piece inside it
 * (Liang–Barsky per segment; consecutive inside segments stay one piece). `out` is scratch space.
 */
export function clipLine(xy: Float64Array, n: number, lo: number, hi: number, out: Float64Array, part: (pts: Float64Array, n: number) => void): void {
  let m = 0;
  for (let i = 0; i + 1 < n; i++) {
    const x0 = xy[2 * i], y0 = xy[2 * i + 1];
    const dx = xy[2 * i + 2] - x0, dy = xy[2 * i + 3] - y0;
    let t0 = 0, t1 = 1, inside = true;
    // The four edges as (p, q) pairs: left, right, top, bottom.
    for (let e = 0; e < 4 && inside; e++) {
      const p = e === 0 ? -dx : e === 1 ? dx : e === 2 ? -dy : dy;
      const q = e === 0 ? x0 - lo : e === 1 ? hi - x0 : e === 2 ? y0 - lo : hi - y0;
      if (p === 0) {
        if (q < 0) inside = false;
        continue;
      }
      const r = q / p;
      if (p < 0) {
        if (r > t1) inside = false;
        else if (r > t0) t0 = r;
      } else if (r < t0) inside = false;
      else if (r < t1) t1 = r;
    }
    if (!inside || t0 > 0) {
      // Outside, or entering from outside: what came before is a piece of its own.
      if (m >= 2) part(out, m);
      m = 0;
      if (!inside) continue;
    }
    if (m === 0) {
      out[0] = x0 + t0 * dx;
      out[1] = y0 + t0 * dy;
      m = 1;
    }
    out[2 * m] = x0 + t1 * dx;
    out[2 * m + 1] = y0 + t1 * dy;
    m++;
    if (t1 < 1) {
      // Left the box.
      if (m >= 2) part(out, m);
      m = 0;
    }
  }
  if (m >= 2) part(out, m);
}

/**
 * Douglas–Peucker in place over n points with `tolerance` (tile units), then snapped to integers with
 * repeated points dropped; returns how many points are left (below 2: the line vanishes at this zoom).
 */
export function simplifyAndSnap(xy: Float64Array, n: number, tolerance: number, out: Int32Array): number {
  const keep = n > 2 && tolerance > 0 ? douglasPeucker(xy, n, tolerance * tolerance) : null;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (keep && !keep[i]) continue;
    const x = Math.round(xy[2 * i]), y = Math.round(xy[2 * i + 1]);
    if (m > 0 && out[2 * m - 2] === x && out[2 * m - 1] === y) continue;
    out[2 * m] = x;
    out[2 * m + 1] = y;
    m++;
  }
  return m;
}

function douglasPeucker(xy: Float64Array, n: number, tol2: number): Uint8Array {
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack = [0, n - 1];
  while (stack.length) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    let worst = -1, worstD = tol2;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(xy[2 * i], xy[2 * i + 1], xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1]);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push(a, worst, worst, b);
    }
  }
  return keep;
}

function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const x = ax + t * dx - px, y = ay + t * dy - py;
  return x * x + y * y;
}
