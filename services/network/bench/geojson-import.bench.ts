// Times parseGeoJsonNetwork on a synthetic lattice: `node -r @swc-node/register geojson-import.bench.ts [pipes]`.
import { parseGeoJsonNetwork } from '../src/domain/import/geojson-import';

/** A square lattice of ~`pipes` pipes, 100 m apart near (114E, 30N); pipe ends jittered by up to 0.3 m. */
export function latticeNetwork(pipes: number, opts: { valvesEvery?: number } = {}) {
  const side = Math.ceil(Math.sqrt(pipes / 2)) + 1;
  const dLat = 100 / 111195;
  const dLon = dLat / Math.cos((30 * Math.PI) / 180);
  const jitter = (i: number) => (((i * 7919) % 13) / 13 - 0.5) * 0.6 / 111195;
  const at = (i: number, j: number, k: number): [number, number] => [114 + i * dLon + jitter(k), 30 + j * dLat + jitter(k + 5)];
  const features: any[] = [{ type: 'Feature', properties: { layer: 'source', id: 'R1', sourceKind: 'RESERVOIR' }, geometry: { type: 'Point', coordinates: [114, 30] } }];
  let n = 0;
  for (let i = 0; i < side && n < pipes; i++) {
    for (let j = 0; j < side && n < pipes; j++) {
      for (const [di, dj] of [[1, 0], [0, 1]]) {
        if (n >= pipes || i + di >= side || j + dj >= side) continue;
        const id = `P${++n}`;
        features.push({ type: 'Feature', properties: { layer: 'pipe', id, diameterMm: 150 }, geometry: { type: 'LineString', coordinates: [at(i, j, n), at(i + di, j + dj, n + 1)] } });
        if (opts.valvesEvery && n % opts.valvesEvery === 0) {
          const a = at(i, j, 0), b = at(i + di, j + dj, 0);
          features.push({ type: 'Feature', properties: { layer: 'valve', id: `V${n}` }, geometry: { type: 'Point', coordinates: [a[0] + (b[0] - a[0]) * 0.1, a[1] + (b[1] - a[1]) * 0.1 + 1 / 111195] } });
        }
      }
    }
  }
  return { type: 'FeatureCollection', features };
}

if (require.main === module) {
  const pipes = Number(process.argv[2] ?? 100000);
  const fc = latticeNetwork(pipes, { valvesEvery: 10 });
  const text = JSON.stringify(fc);
  const t0 = process.hrtime.bigint();
  const model = parseGeoJsonNetwork(text);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${model.links.length} pipes, ${model.nodes.length} nodes, ${model.valves.length} valves, ${(text.length / 1e6).toFixed(1)} MB: ${ms.toFixed(0)} ms`);
}
