import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { LonLat } from '../model';
import { GeometryError } from './geometry-error';
import { outageArea, OutagePipe } from './outage-area';
import { GRID_ORIGIN, offset, randomSubset, seeded, streetGrid } from '../../../test/fixtures/street-grid';

const R = 50;
const TOL = 5;
const CELL = R / 4;

function polygonsOf(f: Feature<Polygon | MultiPolygon>): Position[][][] {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

/** Valid RFC 7946 output: closed rings, outer CCW / holes CW, no crossings anywhere. */
function expectValid(f: Feature<Polygon | MultiPolygon>): void {
  for (const poly of polygonsOf(f)) {
    poly.forEach((ring, k) => {
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(turf.booleanClockwise(ring)).toBe(k > 0);
    });
  }
  expect(turf.kinks(f).features).toHaveLength(0);
}

/** Every vertex and every segment midpoint of every pipe lies inside. */
function expectCovers(f: Feature<Polygon | MultiPolygon>, pipes: OutagePipe[], points: LonLat[] = []): void {
  const missed: string[] = [];
  for (const p of pipes) {
    p.coords.forEach((c, v) => {
      if (!turf.booleanPointInPolygon(c, f)) missed.push(`${p.id} vertex ${v}`);
      if (v > 0) {
        const m: LonLat = [(c[0] + p.coords[v - 1][0]) / 2, (c[1] + p.coords[v - 1][1]) / 2];
        if (!turf.booleanPointInPolygon(m, f)) missed.push(`${p.id} midpoint ${v}`);
      }
    });
  }
  points.forEach((c, k) => {
    if (!turf.booleanPointInPolygon(c, f)) missed.push(`point ${k}`);
  });
  expect(missed).toEqual([]);
}

/** Planar distance in metres from a point to the nearest pipe segment (independent of the code under test). */
function distanceToPipes(q: LonLat, pipes: OutagePipe[]): number {
  const kx = 111195 * Math.cos((q[1] * Math.PI) / 180), ky = 111195;
  let best = Infinity;
  for (const p of pipes) {
    for (let v = 0; v < p.coords.length; v++) {
      const a = p.coords[Math.max(0, v - 1)], b = p.coords[v];
      const ax = (a[0] - q[0]) * kx, ay = (a[1] - q[1]) * ky, bx = (b[0] - q[0]) * kx, by = (b[1] - q[1]) * ky;
      const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
      const u = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0;
      best = Math.min(best, Math.hypot(ax + u * dx, ay + u * dy));
    }
  }
  return best;
}

/** Inside where the r-buffer surely is, outside where it surely is not. */
function expectFollowsBuffer(f: Feature<Polygon | MultiPolygon>, pipes: OutagePipe[], samples: LonLat[]): void {
  const wrong: string[] = [];
  for (const q of samples) {
    const d = distanceToPipes(q, pipes);
    const inside = turf.booleanPointInPolygon(q, f);
    if (d < R - TOL / 2 - CELL * Math.SQRT2 && !inside) wrong.push(`${d.toFixed(1)} m away but outside`);
    if (d > R + TOL / 2 + CELL && inside) wrong.push(`${d.toFixed(1)} m away but inside`);
  }
  expect(wrong).toEqual([]);
}

function samplesAround(pipes: OutagePipe[], n: number, rand: () => number): LonLat[] {
  const [x0, y0, x1, y1] = turf.bbox(turf.multiLineString(pipes.map((p) => p.coords)));
  const pad = 0.0015;
  return Array.from({ length: n }, () => [x0 - pad + rand() * (x1 - x0 + 2 * pad), y0 - pad + rand() * (y1 - y0 + 2 * pad)] as LonLat);
}

describe('outageArea', () => {
  it('buffers a single straight pipe into one polygon of about the right size', () => {
    const pipes: OutagePipe[] = [{ id: 'P1', coords: [GRID_ORIGIN, offset(GRID_ORIGIN, 200, 0)] }];
    const f = outageArea({ pipes })!;
    expect(f.geometry.type).toBe('Polygon');
    expect(f.properties.clusters).toBe(1);
    expectValid(f);
    expectCovers(f, pipes);
    // 200 m × 100 m band plus two half discs of 50 m; the outline may sit up to TOL/2 outward.
    const exact = 200 * 2 * R + Math.PI * R * R;
    expect(f.properties.areaM2).toBeGreaterThan(exact * 0.98);
    expect(f.properties.areaM2).toBeLessThan(exact * 1.06);
    expect(Math.abs(turf.area(f) - f.properties.areaM2) / f.properties.areaM2).toBeLessThan(0.005);
    expect(turf.booleanPointInPolygon(offset(GRID_ORIGIN, 100, 44), f)).toBe(true);
    expect(turf.booleanPointInPolygon(offset(GRID_ORIGIN, 100, 60), f)).toBe(false);
    expect(turf.booleanPointInPolygon(offset(GRID_ORIGIN, 255, 0), f)).toBe(false);
  });

  it('covers an L-shaped set of pipes, including the inside corner', () => {
    const a = GRID_ORIGIN, b = offset(a, 300, 0), c = offset(a, 300, 250);
    const pipes: OutagePipe[] = [
      { id: 'P1', coords: [a, offset(a, 150, 3), b] },
      { id: 'P2', coords: [b, c] },
    ];
    const f = outageArea({ pipes })!;
    expect(f.geometry.type).toBe('Polygon');
    expectValid(f);
    expectCovers(f, pipes);
    expectFollowsBuffer(f, pipes, samplesAround(pipes, 400, seeded(7)));
    expect(turf.booleanPointInPolygon(offset(a, 260, 40), f)).toBe(true); // inside corner
    expect(turf.booleanPointInPolygon(offset(a, 150, 150), f)).toBe(false); // middle of the L
  });

  it('returns a MultiPolygon with two polygons for two far-apart clusters', () => {
    const far = offset(GRID_ORIGIN, 5000, 3000);
    const pipes: OutagePipe[] = [
      { id: 'A1', coords: [GRID_ORIGIN, offset(GRID_ORIGIN, 120, 0)] },
      { id: 'A2', coords: [offset(GRID_ORIGIN, 120, 0), offset(GRID_ORIGIN, 120, 90)] },
      { id: 'B1', coords: [far, offset(far, 0, 180)] },
    ];
    const f = outageArea({ pipes })!;
    expect(f.geometry.type).toBe('MultiPolygon');
    expect((f.geometry as MultiPolygon).coordinates).toHaveLength(2);
    expect(f.properties.clusters).toBe(2);
    expectValid(f);
    expectCovers(f, pipes);
  });

  it('merges pipes closer than two radii and keeps a service point far from pipes as its own piece', () => {
    const pipes: OutagePipe[] = [
      { id: 'A', coords: [GRID_ORIGIN, offset(GRID_ORIGIN, 100, 0)] },
      { id: 'B', coords: [offset(GRID_ORIGIN, 0, 80), offset(GRID_ORIGIN, 100, 80)] }, // 80 m < 2r apart
    ];
    const lonely = offset(GRID_ORIGIN, 600, 0);
    const f = outageArea({ pipes, points: [lonely] })!;
    expect(f.properties.clusters).toBe(2);
    expectValid(f);
    expectCovers(f, pipes, [lonely]);
    expect(turf.booleanPointInPolygon(offset(lonely, 0, 40), f)).toBe(true);
  });

  it('covers a random 2,000-pipe subset of a street grid with a valid, buffer-shaped outline', () => {
    const rand = seeded(42);
    const pipes = randomSubset(streetGrid(40, 120, rand), 2000, rand);
    const f = outageArea({ pipes })!;
    expectValid(f);
    expectCovers(f, pipes);
    expectFollowsBuffer(f, pipes, samplesAround(pipes, 1500, seeded(9)));
    // 120 m blocks with 2 × 50 m of buffer leave holes where all four sides are affected.
    const holes = polygonsOf(f).reduce((s, p) => s + p.length - 1, 0);
    expect(holes).toBeGreaterThan(0);
    expect(f.properties.clusters).toBe(polygonsOf(f).length);
  });

  it('returns null when nothing is affected', () => {
    expect(outageArea({ pipes: [], points: [] })).toBeNull();
  });

  it('names the pipe and vertex of a bad coordinate', () => {
    const bad = () => outageArea({ pipes: [{ id: 'ok', coords: [GRID_ORIGIN, offset(GRID_ORIGIN, 10, 0)] }, { id: 'P7', coords: [GRID_ORIGIN, [NaN, 30]] }] });
    expect(bad).toThrow(GeometryError);
    expect(bad).toThrow(/pipes #1 \("P7"\) vertex 1/);
    try {
      bad();
    } catch (e) {
      expect((e as GeometryError).code).toBe('INVALID_INPUT');
    }
  });

  it('rejects options that could leave a pipe outside the area', () => {
    const pipes: OutagePipe[] = [{ id: 'P1', coords: [GRID_ORIGIN, offset(GRID_ORIGIN, 10, 0)] }];
    expect(() => outageArea({ pipes }, { serviceRadiusM: 10, simplifyToleranceM: 8 })).toThrow(/simplifyToleranceM/);
    expect(() => outageArea({ pipes }, { serviceRadiusM: -1 })).toThrow(/serviceRadiusM/);
  });
});
