// The console's own pipe/valve layers (addNetworkLayers) fed N synthetic pipes at once; the time from
// setData to MapLibre's 'idle' (tiles built and drawn) is the figure, then the same for a pan.
import maplibregl, { GeoJSONSource } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { addNetworkLayers } from '../src/map/NetworkMap';

const N = Number(new URLSearchParams(location.search).get('n') ?? 100000);
// A street grid: sqrt(N/2) east-west and north-south streets cut into blocks, diameters varied.
function pipes(n: number): GeoJSON.FeatureCollection {
  const side = Math.ceil(Math.sqrt(n / 2));
  const step = 0.08 / side;
  const features: GeoJSON.Feature[] = [];
  for (let i = 0; features.length < n; i++) {
    const r = Math.floor(i / side) % (side + 1), c = i % side, horizontal = Math.floor(i / (side * (side + 1))) === 0;
    const a: [number, number] = horizontal ? [112 + c * step, 22.9 + r * step] : [112 + r * step, 22.9 + c * step];
    const b: [number, number] = horizontal ? [a[0] + step, a[1]] : [a[0], a[1] + step];
    features.push({ type: 'Feature', properties: { id: `P${i}`, diameterMm: [100, 150, 300, 600][i % 4], status: i % 97 === 0 ? 'CLOSED' : null }, geometry: { type: 'LineString', coordinates: [a, b] } });
  }
  return { type: 'FeatureCollection', features };
}

const idle = (map: maplibregl.Map) => new Promise<void>((res) => map.once('idle', () => res()));
const map = new maplibregl.Map({
  container: 'map', style: { version: 8, sources: {}, layers: [{ id: 'paper', type: 'background', paint: { 'background-color': '#f3f1ec' } }] },
  bounds: [[112, 22.9], [112.08, 22.98]], attributionControl: false, fadeDuration: 0,
});
map.on('load', async () => {
  addNetworkLayers(map);
  const data = pipes(N);
  await idle(map);
  const t0 = performance.now();
  (map.getSource('pipes') as GeoJSONSource).setData(data);
  await idle(map);
  const drawMs = performance.now() - t0;
  const t1 = performance.now();
  map.panBy([300, 200], { duration: 0 });
  await idle(map);
  const panMs = performance.now() - t1;
  const rendered = map.queryRenderedFeatures({ layers: ['pipes'] }).length;
  (window as unknown as { benchResult: unknown }).benchResult = { pipes: N, drawMs: Math.round(drawMs), panMs: Math.round(panMs), rendered, renderer: rendererName() };
});
function rendererName(): string {
  const gl = map.getCanvas().getContext('webgl2') ?? map.getCanvas().getContext('webgl');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  return gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'unknown';
}
