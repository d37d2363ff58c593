// Geometry benchmarks: one JSON line per case. Run from the project root:
//   node -r @swc-node/register services/network/bench/geometry.bench.ts
import type { LonLat, PopulationArea } from '../src/domain/model';
import { BBox, BBoxIndex } from '../src/domain/geometry/bbox-index';
import { outageArea } from '../src/domain/geometry/outage-area';
import { populationFromAreas } from '../src/domain/geometry/population-areas';
import { connectedOutage, GRID_ORIGIN, offset, randomSubset, seeded, streetGrid } from '../test/fixtures/street-grid';

function p50(run: () => unknown, times: number): { p50Ms: number; minMs: number } {
  run(); // warm-up
  const ms: number[] = [];
  for (let k = 0; k < times; k++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50Ms: round(ms[Math.floor(ms.length / 2)]), minMs: round(ms[0]) };
}
const round = (x: number): number => Math.round(x * 100) / 100;
const emit = (o: object): void => console.log(JSON.stringify(o));

// 160 × 160 street grid with 100 m blocks (~51,000 pipes, 16 km across).
const grid = streetGrid(160, 100, seeded(1));
for (const n of [200, 2000, 20000]) {
  for (const [shape, pipes] of [['connected', connectedOutage(grid, n)], ['scattered', randomSubset(grid, n, seeded(n))]] as const) {
    const f = outageArea({ pipes })!;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const vertices = polys.flat().reduce((s, r) => s + r.length, 0);
    emit({ case: 'outageArea', shape, pipes: n, ...p50(() => outageArea({ pipes }), n >= 20000 ? 9 : 21), clusters: f.properties.clusters, vertices, areaKm2: round(f.properties.areaM2 / 1e6) });
  }
}

// 10,000 census squares of 160 m over the grid; the outage is the connected 2,000-pipe area.
const areas: PopulationArea[] = [];
for (let j = 0; j < 100; j++) {
  for (let i = 0; i < 100; i++) {
    const sw = offset(GRID_ORIGIN, i * 160, j * 160);
    const ring: LonLat[] = [sw, offset(sw, 160, 0), offset(sw, 160, 160), offset(sw, 0, 160), sw];
    areas.push({ id: `A${i}_${j}`, name: `社区${i}-${j}`, population: 800, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
}
const outage = outageArea({ pipes: connectedOutage(grid, 2000) })!;
const pop = populationFromAreas(outage, areas);
emit({ case: 'populationFromAreas', areas: areas.length, overlapping: pop.parts.length, population: pop.population, ...p50(() => populationFromAreas(outage, areas), 9) });

// 1,000,000 feature boxes (pipes/valves/meters) over ~50 km; viewports of ~1,000 results.
const rand = seeded(99);
const items = Array.from({ length: 1_000_000 }, (_, k) => {
  const x = 120 + rand() * 0.5, y = 30 + rand() * 0.5;
  return { id: `f${k}`, bbox: [x, y, x + rand() * 0.001, y + rand() * 0.001] as BBox };
});
let index!: BBoxIndex;
const build = p50(() => (index = new BBoxIndex(items)), 5);
emit({ case: 'BBoxIndex.build', items: items.length, ...build });
const side = Math.sqrt(1000 / 1_000_000) * 0.5; // ~1,000 hits in a 0.5° square of 1M items
const queries: BBox[] = Array.from({ length: 200 }, () => {
  const x = 120 + rand() * (0.5 - side), y = 30 + rand() * (0.5 - side);
  return [x, y, x + side, y + side];
});
let hits = 0;
const q = p50(() => {
  hits = 0;
  for (const b of queries) hits += index.search(b).length;
}, 9);
emit({ case: 'BBoxIndex.search', items: items.length, meanHits: Math.round(hits / queries.length), p50MsPerQuery: round(q.p50Ms / queries.length) });
