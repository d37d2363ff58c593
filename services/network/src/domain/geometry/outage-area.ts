import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { LonLat } from '../model';
import { checkLonLat, GeometryError } from './geometry-error';
import { LocalPlane } from './local-plane';

export interface OutagePipe {
  id: string;
  /** Polyline including both end nodes (a single coordinate counts as a point). */
  coords: LonLat[];
}

export interface OutageAreaInput {
  pipes: OutagePipe[];
  /** Service points (customers) that lose water. */
  points?: LonLat[];
}

export interface OutageAreaOptions {
  /** Distance from a pipe or service point that counts as served by it, metres. */
  serviceRadiusM?: number;
  /** Douglas–Peucker tolerance for display, metres; the outline moves by at most this much. */
  simplifyToleranceM?: number;
  /** Raster cell of the distance field, metres (default serviceRadiusM / 4). */
  gridCellM?: number;
}

export const OUTAGE_AREA_DEFAULTS = {
  serviceRadiusM: 50,
  simplifyToleranceM: 5,
  /** Cell = radius / 4: the chord error of the traced outline stays near 1 m at 50 m. */
  gridCellPerRadius: 0.25,
} as const;

export interface OutageAreaProperties {
  /** Planar area in m² on the local equirectangular plane. */
  areaM2: number;
  /** Separate pieces of the outage area (polygons of the MultiPolygon). */
  clusters: number;
}

export type OutageAreaFeature = Feature<Polygon | MultiPolygon, OutageAreaProperties>;

/**
 * The area that loses water: every pipe and service point buffered by the service radius,
 * dissolved, simplified, as valid RFC 7946 GeoJSON (outer rings CCW, holes CW), or null when
 * there is nothing to draw.
 *
 * Method: a sparse raster of the exact distance to the nearest pipe segment (cell ≈ r/4),
 * traced at level r + tolerance/2 with marching squares (which yields non-crossing, closed,
 * oriented rings), then Douglas–Peucker per ring; a ring whose simplified form would cross
 * anything is kept unsimplified. Turf's buffer of thousands of lines is far too slow (50 s for
 * 2,000 pipes). Guarantee: any point closer than r − tolerance/2 − cell·√2 to a pipe is inside
 * (so every pipe vertex and segment is); in practice the outline lies within about
 * tolerance/2 + 1 m of the true r-buffer.
 */
export function outageArea(input: OutageAreaInput, o: OutageAreaOptions = {}): OutageAreaFeature | null {
  const r = o.serviceRadiusM ?? OUTAGE_AREA_DEFAULTS.serviceRadiusM;
  const tol = o.simplifyToleranceM ?? OUTAGE_AREA_DEFAULTS.simplifyToleranceM;
  const cell = o.gridCellM ?? r * OUTAGE_AREA_DEFAULTS.gridCellPerRadius;
  checkOptions(r, tol, cell);
  if (!input || !Array.isArray(input.pipes)) {
    throw new GeometryError('缺少管线列表', 'input.pipes must be an array', { list: 'input' });
  }

  const lonlat = collectSegments(input);
  const nSeg = lonlat.length / 4;
  if (nSeg === 0) return null;

  // Project to metres around the bbox centre.
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let k = 0; k < lonlat.length; k += 2) {
    const lo = lonlat[k], la = lonlat[k + 1];
    if (lo < minLon) minLon = lo;
    if (lo > maxLon) maxLon = lo;
    if (la < minLat) minLat = la;
    if (la > maxLat) maxLat = la;
  }
  if (maxLon - minLon > 180) {
    throw new GeometryError('范围跨越 180° 经线或超过半个地球，无法计算', 'the input spans more than 180° of longitude', { list: 'input' });
  }
  const plane = new LocalPlane((minLon + maxLon) / 2, (minLat + maxLat) / 2);
  const seg = new Float64Array(lonlat.length);
  for (let k = 0; k < lonlat.length; k += 2) {
    seg[k] = plane.x(lonlat[k]);
    seg[k + 1] = plane.y(lonlat[k + 1]);
  }

  // Douglas–Peucker cuts inward across convex buffer ends; tracing half a tolerance out keeps the
  // outline within ±tolerance/2 of the r-buffer, erring toward notifying a few more people.
  const level = r + tol / 2;
  // Every node within level + cell of a segment gets its distance, so both ends of any edge
  // the contour crosses hold real values (never the Infinity default).
  const reach = level + 1.5 * cell;
  const margin = reach + 2 * cell;
  const field = new DistanceField(
    cell,
    plane.x(minLon) - margin,
    plane.y(minLat) - margin,
    Math.ceil((plane.x(maxLon) - plane.x(minLon) + 2 * margin) / cell) + 1,
  );
  for (let s = 0; s < nSeg; s++) {
    field.addSegment(seg[4 * s], seg[4 * s + 1], seg[4 * s + 2], seg[4 * s + 3], reach);
  }

  const traced = field.contours(level);
  const rings = simplifyRingsKeepingValidity(traced, tol, cell);
  return assemble(rings, plane);
}

function checkOptions(r: number, tol: number, cell: number): void {
  const where = { list: 'options' };
  if (!(Number.isFinite(r) && r > 0)) {
    throw new GeometryError('服务半径必须为正数', `serviceRadiusM must be a positive number, got ${r}`, where);
  }
  if (!(Number.isFinite(tol) && tol >= 0)) {
    throw new GeometryError('简化容差必须 ≥ 0', `simplifyToleranceM must be ≥ 0, got ${tol}`, where);
  }
  if (!(Number.isFinite(cell) && cell > 0)) {
    throw new GeometryError('栅格尺寸必须为正数', `gridCellM must be a positive number, got ${cell}`, where);
  }
  // Keeps every pipe point strictly inside: raster error (cell·√2) plus simplification must stay below r.
  if (cell * Math.SQRT2 + tol >= r) {
    throw new GeometryError(
      '栅格尺寸 × √2 + 简化容差必须小于服务半径',
      `gridCellM·√2 + simplifyToleranceM (${(cell * Math.SQRT2 + tol).toFixed(2)}) must be below serviceRadiusM (${r})`,
      where,
    );
  }
}

/** Flat [lon1, lat1, lon2, lat2, ...] of every pipe segment; points become zero-length segments. */
function collectSegments(input: OutageAreaInput): number[] {
  const out: number[] = [];
  input.pipes.forEach((p, i) => {
    const coords = p?.coords;
    if (!Array.isArray(coords) || coords.length === 0) {
      throw new GeometryError('管线没有坐标', 'pipe has no coordinates', { list: 'pipes', index: i, id: p?.id });
    }
    coords.forEach((c, v) => checkLonLat(c, { list: 'pipes', index: i, id: p.id, vertex: v }));
    if (coords.length === 1) out.push(coords[0][0], coords[0][1], coords[0][0], coords[0][1]);
    for (let v = 1; v < coords.length; v++) {
      out.push(coords[v - 1][0], coords[v - 1][1], coords[v][0], coords[v][1]);
    }
  });
  if (input.points !== undefined && !Array.isArray(input.points)) {
    throw new GeometryError('服务点必须为数组', 'input.points must be an array', { list: 'input' });
  }
  (input.points ?? []).forEach((c, i) => {
    checkLonLat(c, { list: 'points', index: i });
    out.push(c[0], c[1], c[0], c[1]);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sparse distance raster

const TILE = 32; // cells per tile side; tiles store (TILE+1)² nodes so each tile is traced alone
const TN = TILE + 1;

/**
 * Squared distance to the nearest segment at grid nodes (ox + i·cell, oy + j·cell), stored in
 * tiles allocated only where a segment reaches, so memory follows the buffered area, not the bbox.
 */
class DistanceField {
  private readonly tiles = new Map<number, Float32Array>();

  constructor(
    private readonly cell: number,
    private readonly ox: number,
    private readonly oy: number,
    /** Nodes per row, for unique edge keys. */
    private readonly width: number,
  ) {}

  private tile(ti: number, tj: number): Float32Array {
    const key = tj * 1048576 + ti;
    let t = this.tiles.get(key);
    if (!t) {
      t = new Float32Array(TN * TN).fill(Infinity);
      this.tiles.set(key, t);
    }
    return t;
  }

  addSegment(ax: number, ay: number, bx: number, by: number, reach: number): void {
    const c = this.cell;
    const i0 = Math.ceil((Math.min(ax, bx) - reach - this.ox) / c);
    const i1 = Math.floor((Math.max(ax, bx) + reach - this.ox) / c);
    const j0 = Math.ceil((Math.min(ay, by) - reach - this.oy) / c);
    const j1 = Math.floor((Math.max(ay, by) + reach - this.oy) / c);
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const inv = len2 > 0 ? 1 / len2 : 0;
    const reach2 = reach * reach;
    // A node on a tile border lives in two (or four) tiles: write it in each.
    for (let tj = Math.max(0, Math.floor((j0 - 1) / TILE)); tj <= Math.floor(j1 / TILE); tj++) {
      const jl = Math.max(j0, tj * TILE), jh = Math.min(j1, tj * TILE + TILE);
      if (jl > jh) continue;
      for (let ti = Math.max(0, Math.floor((i0 - 1) / TILE)); ti <= Math.floor(i1 / TILE); ti++) {
        const il = Math.max(i0, ti * TILE), ih = Math.min(i1, ti * TILE + TILE);
        if (il > ih) continue;
        const t = this.tile(ti, tj);
        for (let j = jl; j <= jh; j++) {
          const py = this.oy + j * c - ay;
          const row = (j - tj * TILE) * TN - ti * TILE;
          for (let i = il; i <= ih; i++) {
            const px = this.ox + i * c - ax;
            let u = (px * dx + py * dy) * inv;
            u = u < 0 ? 0 : u > 1 ? 1 : u;
            const ex = px - u * dx, ey = py - u * dy;
            const d2 = ex * ex + ey * ey;
            if (d2 < reach2 && d2 < t[row + i]) t[row + i] = d2;
          }
        }
      }
    }
  }

  /**
   * Marching squares at `level`: closed rings (flat x,y arrays, not repeating the first point)
   * with the inside (distance < level) on the left, so outer rings come out CCW and holes CW.
   */
  contours(level: number): Float64Array[] {
    const L2 = level * level;
    const c = this.cell;
    const W = this.width;
    const next = new Map<number, number>(); // crossing edge where a piece starts → where it ends
    const px: number[] = [], py: number[] = [];
    const pointOf = new Map<number, number>(); // edge key → index into px/py

    // Crossing on the edge from node (i,j) along +x (h) or +y (v); t from the lower node.
    const crossing = (key: number, i: number, j: number, horizontal: boolean, dLow2: number, dHigh2: number): void => {
      if (pointOf.has(key)) return;
      const a = Math.sqrt(dLow2), b = Math.sqrt(dHigh2);
      let t = (level - a) / (b - a);
      // Never exactly on a node: two crossings on one node would make rings touch.
      t = t < 1e-6 ? 1e-6 : t > 1 - 1e-6 ? 1 - 1e-6 : t;
      pointOf.set(key, px.length);
      px.push(this.ox + (i + (horizontal ? t : 0)) * c);
      py.push(this.oy + (j + (horizontal ? 0 : t)) * c);
    };

    const keys = new Array<number>(4);
    const exits = new Array<boolean>(4);
    for (const [tkey, t] of this.tiles) {
      const ti = tkey % 1048576, tj = Math.floor(tkey / 1048576);
      let inside = 0;
      for (let k = 0; k < t.length; k++) if (t[k] < L2) inside++;
      if (inside === 0 || inside === t.length) continue; // no node on either side of the level
      for (let b = 0; b < TILE; b++) {
        for (let a = 0; a < TILE; a++) {
          const k00 = b * TN + a;
          const v00 = t[k00], v10 = t[k00 + 1], v11 = t[k00 + TN + 1], v01 = t[k00 + TN];
          const in00 = v00 < L2, in10 = v10 < L2, in11 = v11 < L2, in01 = v01 < L2;
          if (in00 === in10 && in10 === in11 && in11 === in01) continue;
          const i = ti * TILE + a, j = tj * TILE + b;
          const base = 2 * (j * W + i);
          // Walk the cell boundary CCW: bottom, right, top, left; note crossings in that order.
          let n = 0;
          if (in00 !== in10) {
            const key = base; // h(i,j)
            crossing(key, i, j, true, v00, v10);
            keys[n] = key; exits[n++] = in00;
          }
          if (in10 !== in11) {
            const key = 2 * (j * W + i + 1) + 1; // v(i+1,j)
            crossing(key, i + 1, j, false, v10, v11);
            keys[n] = key; exits[n++] = in10;
          }
          if (in11 !== in01) {
            const key = 2 * ((j + 1) * W + i); // h(i,j+1)
            crossing(key, i, j + 1, true, v01, v11);
            keys[n] = key; exits[n++] = in11;
          }
          if (in01 !== in00) {
            const key = base + 1; // v(i,j)
            crossing(key, i, j, false, v00, v01);
            keys[n] = key; exits[n++] = in01;
          }
          if (n === 2) {
            if (exits[0]) next.set(keys[0], keys[1]);
            else next.set(keys[1], keys[0]);
          } else {
            // Saddle: decide by the mean distance whether the two inside corners connect.
            const centre = (Math.sqrt(v00) + Math.sqrt(v10) + Math.sqrt(v11) + Math.sqrt(v01)) / 4;
            const step = centre < level ? 1 : 3; // next entry (connected) or previous entry
            for (let k = 0; k < 4; k++) if (exits[k]) next.set(keys[k], keys[(k + step) % 4]);
          }
        }
      }
    }

    const rings: Float64Array[] = [];
    const ring: number[] = [];
    for (const start of next.keys()) {
      if (!pointOf.has(start)) continue; // already used in a ring
      ring.length = 0;
      let k = start;
      do {
        const p = pointOf.get(k)!;
        pointOf.delete(k);
        ring.push(px[p], py[p]);
        k = next.get(k)!;
      } while (k !== start);
      if (ring.length >= 6) rings.push(Float64Array.from(ring));
    }
    return rings;
  }
}

// ---------------------------------------------------------------------------------------------
// Simplification that never breaks validity

function signedArea(r: Float64Array): number {
  let s = 0;
  const n = r.length;
  for (let k = 0; k < n; k += 2) {
    const k2 = (k + 2) % n;
    s += r[k] * r[k2 + 1] - r[k2] * r[k + 1];
  }
  return s / 2;
}

/** Douglas–Peucker of a closed ring (no repeated first point); returns the input when it degenerates. */
function simplifyRing(r: Float64Array, tol: number): Float64Array {
  const n = r.length / 2;
  if (tol <= 0 || n <= 4) return r;
  const tol2 = tol * tol;
  const keep = new Uint8Array(n + 1);
  // Anchor on vertex 0 and the vertex farthest from it, then simplify both halves.
  let far = 0, best = -1;
  for (let k = 1; k < n; k++) {
    const dx = r[2 * k] - r[0], dy = r[2 * k + 1] - r[1];
    const d = dx * dx + dy * dy;
    if (d > best) { best = d; far = k; }
  }
  keep[0] = keep[far] = keep[n] = 1;
  const stack = [0, far, far, n];
  while (stack.length) {
    const last = stack.pop()!, first = stack.pop()!;
    const ax = r[2 * (first % n)], ay = r[2 * (first % n) + 1];
    const bx = r[2 * (last % n)], by = r[2 * (last % n) + 1];
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let idx = -1, max = tol2;
    for (let k = first + 1; k < last; k++) {
      const qx = r[2 * k] - ax, qy = r[2 * k + 1] - ay;
      let u = len2 > 0 ? (qx * dx + qy * dy) / len2 : 0;
      u = u < 0 ? 0 : u > 1 ? 1 : u;
      const ex = qx - u * dx, ey = qy - u * dy;
      const d = ex * ex + ey * ey;
      if (d > max) { max = d; idx = k; }
    }
    if (idx > 0) {
      keep[idx] = 1;
      stack.push(first, idx, idx, last);
    }
  }
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (keep[k]) out.push(r[2 * k], r[2 * k + 1]);
  if (out.length < 8) return r; // fewer than 4 vertices: keep the traced ring
  const s = Float64Array.from(out);
  const a0 = signedArea(r), a1 = signedArea(s);
  if (Math.sign(a0) !== Math.sign(a1) || Math.abs(a1) < Math.abs(a0) * 0.25) return r;
  return s;
}

/**
 * Simplifies each ring, then reverts every ring that crosses or touches another (or itself)
 * to its traced form, until nothing crosses; traced rings never cross, so this ends.
 */
function simplifyRingsKeepingValidity(traced: Float64Array[], tol: number, cell: number): Float64Array[] {
  const rings = traced.map((r) => simplifyRing(r, tol));
  const simplified = rings.map((r, k) => r !== traced[k]);
  for (;;) {
    const bad = crossingRings(rings, cell * 8);
    let changed = false;
    for (const k of bad) {
      if (simplified[k]) {
        rings[k] = traced[k];
        simplified[k] = false;
        changed = true;
      }
    }
    if (!changed) return rings;
  }
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

/** Rings with an edge that meets a non-adjacent edge (or folds back on its neighbour). */
function crossingRings(rings: Float64Array[], bucket: number): Set<number> {
  const bad = new Set<number>();
  // Uniform-grid buckets of edges: ring index and edge index, packed.
  const buckets = new Map<number, number[]>();
  const inv = 1 / bucket;
  rings.forEach((r, ri) => {
    const n = r.length / 2;
    for (let e = 0; e < n; e++) {
      const e2 = (e + 1) % n;
      const ax = r[2 * e], ay = r[2 * e + 1], bx = r[2 * e2], by = r[2 * e2 + 1];
      const gx0 = Math.floor(Math.min(ax, bx) * inv), gx1 = Math.floor(Math.max(ax, bx) * inv);
      const gy0 = Math.floor(Math.min(ay, by) * inv), gy1 = Math.floor(Math.max(ay, by) * inv);
      for (let gy = gy0; gy <= gy1; gy++) {
        for (let gx = gx0; gx <= gx1; gx++) {
          const key = (gy + 1048576) * 2097152 + (gx + 1048576);
          let list = buckets.get(key);
          if (!list) buckets.set(key, (list = []));
          list.push(ri, e);
        }
      }
      // Adjacent edges may only share their vertex: a fold back (spike) is invalid.
      const e3 = (e2 + 1) % n;
      const cx = r[2 * e3], cy = r[2 * e3 + 1];
      if (orient(ax, ay, bx, by, cx, cy) === 0 && (bx - ax) * (cx - bx) + (by - ay) * (cy - by) < 0) bad.add(ri);
    }
  });
  for (const list of buckets.values()) {
    for (let p = 0; p < list.length; p += 2) {
      const ri = list[p], ei = list[p + 1];
      const r = rings[ri], n = r.length / 2, ei2 = (ei + 1) % n;
      const ax = r[2 * ei], ay = r[2 * ei + 1], bx = r[2 * ei2], by = r[2 * ei2 + 1];
      for (let q = p + 2; q < list.length; q += 2) {
        const rj = list[q], ej = list[q + 1];
        if (bad.has(ri) && bad.has(rj)) continue;
        const s = rings[rj], m = s.length / 2;
        if (ri === rj && (ej === ei2 || ei === (ej + 1) % m || ej === ei)) continue; // neighbours share a vertex
        const ej2 = (ej + 1) % m;
        const cx = s[2 * ej], cy = s[2 * ej + 1], dx = s[2 * ej2], dy = s[2 * ej2 + 1];
        const o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy);
        const o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by);
        const hit =
          (o1 * o2 < 0 && o3 * o4 < 0) ||
          (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) ||
          (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) ||
          (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) ||
          (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by));
        if (hit) {
          bad.add(ri);
          bad.add(rj);
        }
      }
    }
  }
  return bad;
}

// ---------------------------------------------------------------------------------------------
// Rings → GeoJSON

function ringBBox(r: Float64Array): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let k = 0; k < r.length; k += 2) {
    if (r[k] < x0) x0 = r[k];
    if (r[k] > x1) x1 = r[k];
    if (r[k + 1] < y0) y0 = r[k + 1];
    if (r[k + 1] > y1) y1 = r[k + 1];
  }
  return [x0, y0, x1, y1];
}

function insideRing(r: Float64Array, x: number, y: number): boolean {
  let inside = false;
  const n = r.length;
  for (let k = 0, l = n - 2; k < n; l = k, k += 2) {
    const yi = r[k + 1], yj = r[l + 1];
    if (yi > y !== yj > y && x < ((r[l] - r[k]) * (y - yi)) / (yj - yi) + r[k]) inside = !inside;
  }
  return inside;
}

function assemble(rings: Float64Array[], plane: LocalPlane): OutageAreaFeature | null {
  const outers: Array<{ ring: Float64Array; area: number; bbox: number[]; holes: Float64Array[] }> = [];
  const holes: Array<{ ring: Float64Array; area: number }> = [];
  for (const ring of rings) {
    const area = signedArea(ring);
    if (area > 0) outers.push({ ring, area, bbox: ringBBox(ring), holes: [] });
    else if (area < 0) holes.push({ ring, area });
  }
  if (outers.length === 0) return null;
  let areaM2 = 0;
  for (const o of outers) areaM2 += o.area;
  // A hole belongs to the smallest outer ring around it (islands inside holes have their own).
  for (const h of holes) {
    const x = h.ring[0], y = h.ring[1];
    let owner: (typeof outers)[number] | undefined;
    for (const o of outers) {
      if (x < o.bbox[0] || x > o.bbox[2] || y < o.bbox[1] || y > o.bbox[3]) continue;
      if ((!owner || o.area < owner.area) && insideRing(o.ring, x, y)) owner = o;
    }
    if (owner) {
      owner.holes.push(h.ring);
      areaM2 += h.area;
    }
  }
  const toLonLat = (r: Float64Array): Position[] => {
    const out: Position[] = [];
    for (let k = 0; k < r.length; k += 2) out.push([plane.lon(r[k]), plane.lat(r[k + 1])]);
    out.push([out[0][0], out[0][1]]);
    return out;
  };
  const polygons = outers.map((o) => [toLonLat(o.ring), ...o.holes.map(toLonLat)]);
  const geometry: Polygon | MultiPolygon =
    polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
  return { type: 'Feature', geometry, properties: { areaM2, clusters: polygons.length } };
}
