import type { LonLat } from '../model';
import type { OutagePipe } from './outage-area';
import { mulberry32 } from '../random';

export const seeded = mulberry32;


export const GRID_ORIGIN: LonLat = [120.15, 30.25];
const M_PER_DEG_LAT = 111195;

/** Lon/lat of a point `east`, `north` metres from `origin` (equirectangular; fine at city scale). */
export function offset(origin: LonLat, east: number, north: number): LonLat {
  const kx = M_PER_DEG_LAT * Math.cos((origin[1] * Math.PI) / 180);
  return [origin[0] + east / kx, origin[1] + north / M_PER_DEG_LAT];
}

/**
 * Every pipe of an n×n street grid (block `blockM` metres), nodes jittered by up to 10 m and
 * every third pipe bent through a mid vertex, like digitised mains.
 */
export function streetGrid(n: number, blockM: number, rand: () => number): OutagePipe[] {
  const node = (i: number, j: number): LonLat => {
    const r = seeded(i * 100003 + j);
    return offset(GRID_ORIGIN, i * blockM + (r() - 0.5) * 20, j * blockM + (r() - 0.5) * 20);
  };
  const pipes: OutagePipe[] = [];
  const add = (a: LonLat, b: LonLat, id: string): void => {
    const coords: LonLat[] = [a];
    if (rand() < 1 / 3) {
      coords.push([(a[0] + b[0]) / 2 + (rand() - 0.5) * 6e-5, (a[1] + b[1]) / 2 + (rand() - 0.5) * 6e-5]);
    }
    coords.push(b);
    pipes.push({ id, coords });
  };
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (i + 1 < n) add(node(i, j), node(i + 1, j), `H${i}_${j}`);
      if (j + 1 < n) add(node(i, j), node(i, j + 1), `V${i}_${j}`);
    }
  }
  return pipes;
}

/** `count` pipes picked at random (seeded shuffle). */
export function randomSubset<T>(items: T[], count: number, rand: () => number): T[] {
  const a = items.slice();
  for (let k = a.length - 1; k > 0; k--) {
    const m = Math.floor(rand() * (k + 1));
    [a[k], a[m]] = [a[m], a[k]];
  }
  return a.slice(0, count);
}

/** A connected outage: `count` pipes reached breadth-first from the grid centre. */
export function connectedOutage(pipes: OutagePipe[], count: number): OutagePipe[] {
  const key = (c: LonLat): string => `${c[0]},${c[1]}`;
  const byNode = new Map<string, number[]>();
  pipes.forEach((p, k) => {
    for (const c of [p.coords[0], p.coords[p.coords.length - 1]]) {
      const list = byNode.get(key(c)) ?? [];
      list.push(k);
      byNode.set(key(c), list);
    }
  });
  const start = Math.floor(pipes.length / 2);
  const seen = new Set<number>([start]);
  const queue = [start];
  const out: OutagePipe[] = [];
  while (queue.length && out.length < count) {
    const p = pipes[queue.shift()!];
    out.push(p);
    for (const c of [p.coords[0], p.coords[p.coords.length - 1]]) {
      for (const q of byNode.get(key(c)) ?? []) {
        if (!seen.has(q)) {
          seen.add(q);
          queue.push(q);
        }
      }
    }
  }
  return out;
}
