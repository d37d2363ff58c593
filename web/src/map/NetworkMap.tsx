import { useEffect, useRef } from 'react';
import maplibregl, { GeoJSONSource, LngLatBoundsLike, Map as MlMap, StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { gql } from '../api/client';
import { PipesInBox, ServicePointsInBox, ValvesInBox, ValvesInBoxResult } from '../api/generated';
import { config } from '../config';

export type ValveFeature = ValvesInBoxResult['valvesInBox'][number];
export interface Highlight {
  selectedPipeIds?: string[];
  affectedPipeIds?: string[];
  closeValveIds?: string[];
  skippedValveIds?: string[];
  criticalPipeIds?: string[];
  area?: unknown;
}
export interface NetworkMapProps {
  networkId: string;
  highlight?: Highlight;
  marker?: { lon: number; lat: number } | null;
  onPipeClick?: (id: string, add: boolean) => void;
  onValveClick?: (v: ValveFeature) => void;
  onPointClick?: (p: { lon: number; lat: number }) => void;
  /** Bounds to show first (an outage's area); else the network's own extent. */
  focus?: [number, number, number, number] | null;
}

/** Scalar fields each viewport query selects (the gateway charges page size x fields; keep in step with operations.graphql). */
const PIPE_FIELDS = 5, VALVE_FIELDS = 7, POINT_FIELDS = 5;
/** How often a box whose answer was cut off is split in four (4^2 = 16 requests at most per layer). */
const MAX_SPLITS = 2;
interface Box { minLon: number; minLat: number; maxLon: number; maxLat: number }

/**
 * One layer's features in a box, each request sized to the gateway's cost limit; a box whose answer
 * filled the page is split in four so a dense viewport is drawn whole instead of cut off at the limit.
 */
async function inBox<T extends { id: string }>(box: Box, fields: number, fetch: (b: Box, limit: number) => Promise<T[]>, depth = 0): Promise<{ items: T[]; truncated: boolean }> {
  const limit = Math.max(1, Math.floor((config.get().maxQueryCost - 1) / fields));
  const got = await fetch(box, limit);
  if (got.length < limit) return { items: got, truncated: false };
  if (depth >= MAX_SPLITS) return { items: got, truncated: true };
  const midLon = (box.minLon + box.maxLon) / 2, midLat = (box.minLat + box.maxLat) / 2;
  const quads: Box[] = [
    { minLon: box.minLon, minLat: box.minLat, maxLon: midLon, maxLat: midLat }, { minLon: midLon, minLat: box.minLat, maxLon: box.maxLon, maxLat: midLat },
    { minLon: box.minLon, minLat: midLat, maxLon: midLon, maxLat: box.maxLat }, { minLon: midLon, minLat: midLat, maxLon: box.maxLon, maxLat: box.maxLat },
  ];
  const parts = await Promise.all(quads.map((q) => inBox(q, fields, fetch, depth + 1)));
  // A pipe crossing a quarter line comes back from both quarters.
  const seen = new Map<string, T>();
  for (const p of parts) for (const x of p.items) seen.set(x.id, x);
  return { items: [...seen.values()], truncated: parts.some((p) => p.truncated) };
}
/** The supply line of a heat network drawn as two lines (the return line and every other pipe are blue). */
export const SUPPLY_COLOR = '#c2255c';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function baseStyle(): StyleSpecification {
  const tile = config.get().tileUrl;
  return {
    version: 8,
    sources: tile ? { bg: { type: 'raster', tiles: [tile], tileSize: 256 } } : {},
    layers: [{ id: 'paper', type: 'background', paint: { 'background-color': '#f3f1ec' } }, ...(tile ? [{ id: 'bg', type: 'raster' as const, source: 'bg' }] : [])],
  };
}

const inList = (ids: string[] | undefined) => ['in', ['get', 'id'], ['literal', ids ?? []]] as unknown as maplibregl.FilterSpecification;

/** Adds the network's sources and layers: pipes by diameter and state, valves by state and operability, customers. */
export function addNetworkLayers(map: MlMap): void {
  for (const id of ['pipes', 'valves', 'points', 'area']) map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'area-fill', type: 'fill', source: 'area', paint: { 'fill-color': '#d9480f', 'fill-opacity': 0.12 } });
  map.addLayer({ id: 'area-line', type: 'line', source: 'area', paint: { 'line-color': '#d9480f', 'line-width': 2, 'line-dasharray': [2, 1] } });
  map.addLayer({
    id: 'pipes', type: 'line', source: 'pipes',
    paint: {
      'line-color': ['case', ['==', ['get', 'status'], 'CLOSED'], '#9aa0a6', ['==', ['get', 'circuit'], 'SUPPLY'], SUPPLY_COLOR, '#1c6fb8'],
      'line-width': ['interpolate', ['linear'], ['coalesce', ['get', 'diameterMm'], 100], 50, 1, 150, 2, 300, 4, 600, 6],
    },
  });
  map.addLayer({ id: 'pipes-critical', type: 'line', source: 'pipes', filter: inList([]), paint: { 'line-color': '#f08c00', 'line-width': 8, 'line-opacity': 0.55 } });
  map.addLayer({ id: 'pipes-affected', type: 'line', source: 'pipes', filter: inList([]), paint: { 'line-color': '#e8590c', 'line-width': 5 } });
  map.addLayer({ id: 'pipes-selected', type: 'line', source: 'pipes', filter: inList([]), paint: { 'line-color': '#c92a2a', 'line-width': 8 } });
  map.addLayer({ id: 'pipes-hit', type: 'line', source: 'pipes', paint: { 'line-color': '#000', 'line-opacity': 0, 'line-width': 14 } });
  map.addLayer({
    id: 'points', type: 'circle', source: 'points',
    paint: {
      'circle-radius': ['case', ['has', 'important'], 7, 3],
      'circle-color': ['case', ['has', 'important'], '#862e9c', '#868e96'],
      'circle-stroke-color': '#fff', 'circle-stroke-width': ['case', ['has', 'important'], 2, 0],
    },
  });
  map.addLayer({
    id: 'valves', type: 'circle', source: 'valves',
    paint: {
      'circle-radius': 5,
      'circle-color': ['case', ['!', ['get', 'operable']], '#495057', ['==', ['get', 'state'], 'CLOSED'], '#000000', '#2b8a3e'],
      'circle-stroke-color': ['case', ['!', ['get', 'operable']], '#fa5252', '#ffffff'], 'circle-stroke-width': 2,
    },
  });
  map.addLayer({ id: 'valves-skipped', type: 'circle', source: 'valves', filter: inList([]), paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#495057', 'circle-stroke-width': 3 } });
  map.addLayer({ id: 'valves-close', type: 'circle', source: 'valves', filter: inList([]), paint: { 'circle-radius': 8, 'circle-color': '#e03131', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
}

function areaFeatures(area: unknown): GeoJSON.FeatureCollection {
  if (!area || typeof area !== 'object') return EMPTY;
  const a = area as { type?: string };
  if (a.type === 'FeatureCollection') return area as GeoJSON.FeatureCollection;
  if (a.type === 'Feature') return { type: 'FeatureCollection', features: [area as GeoJSON.Feature] };
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: area as GeoJSON.Geometry }] };
}

/** The network drawn from the viewport queries; nothing but the gateway's GraphQL API is read. */
export function NetworkMap(p: NetworkMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const props = useRef(p);
  props.current = p;
  const markerRef = useRef<maplibregl.Marker | null>(null);

  useEffect(() => {
    const container = el.current!;
    container.dataset.ready = '0';
    const map = new maplibregl.Map({ container, style: baseStyle(), center: [112.04, 22.93], zoom: 14, attributionControl: false, fadeDuration: 0 });
    mapRef.current = map;
    // The container's size follows the page's grid, not the window: MapLibre only tracks the window.
    const resized = new ResizeObserver(() => map.resize());
    resized.observe(container);
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    let seq = 0;
    const loadViewport = async () => {
      const b = map.getBounds();
      const box = { minLon: b.getWest(), minLat: b.getSouth(), maxLon: b.getEast(), maxLat: b.getNorth() };
      const n = props.current.networkId;
      const my = ++seq;
      container.dataset.ready = '0';
      try {
        const [pipes, valves, points] = await Promise.all([
          inBox(box, PIPE_FIELDS, (bx, limit) => gql(PipesInBox, { n, box: bx, limit }).then((r) => r.pipesInBox)),
          inBox(box, VALVE_FIELDS, (bx, limit) => gql(ValvesInBox, { n, box: bx, limit }).then((r) => r.valvesInBox)),
          inBox(box, POINT_FIELDS, (bx, limit) => gql(ServicePointsInBox, { n, box: bx, limit }).then((r) => r.servicePointsInBox)),
        ]);
        if (my !== seq || !mapRef.current) return;
        (map.getSource('pipes') as GeoJSONSource).setData({
          type: 'FeatureCollection',
          features: pipes.items.filter((x) => x.geometry).map((x) => ({ type: 'Feature', properties: { id: x.id, diameterMm: x.diameterMm, status: x.status, circuit: x.circuit ?? null }, geometry: x.geometry as GeoJSON.Geometry })),
        });
        (map.getSource('valves') as GeoJSONSource).setData({
          type: 'FeatureCollection',
          features: valves.items.filter((v) => v.lon != null).map((v) => ({ type: 'Feature', properties: { ...v }, geometry: { type: 'Point', coordinates: [v.lon!, v.lat!] } })),
        });
        (map.getSource('points') as GeoJSONSource).setData({
          type: 'FeatureCollection',
          features: points.items.filter((s) => s.lon != null).map((s) => ({ type: 'Feature', properties: { id: s.id, persons: s.persons, ...(s.important ? { important: s.important } : {}) }, geometry: { type: 'Point', coordinates: [s.lon!, s.lat!] } })),
        });
        container.dataset.pipes = String(pipes.items.length);
        container.dataset.valves = String(valves.items.length);
        container.dataset.truncated = pipes.truncated || valves.truncated || points.truncated ? '1' : '0';
        // "Drawn" for people and tests alike: the first idle after this viewport's data went into the sources.
        map.once('idle', () => { if (my === seq) container.dataset.ready = '1'; });
        map.triggerRepaint();
      } catch (e) {
        container.dataset.error = e instanceof Error ? e.message : String(e);
        // The connection banner says why; the next move tries again.
      }
    };
    map.on('load', async () => {
      addNetworkLayers(map);
      const f = props.current.focus;
      if (f) map.fitBounds([[f[0], f[1]], [f[2], f[3]]] as LngLatBoundsLike, { padding: 60, duration: 0, maxZoom: 17 });
      else {
        try {
          // The network's extent: a sample of its pipes from the whole world box.
          const all = await gql(PipesInBox, { n: props.current.networkId, box: { minLon: -180, minLat: -85, maxLon: 180, maxLat: 85 }, limit: 2000 });
          const xs: number[] = [], ys: number[] = [];
          for (const pipe of all.pipesInBox) for (const c of ((pipe.geometry as GeoJSON.LineString | null)?.coordinates ?? [])) { xs.push(c[0]); ys.push(c[1]); }
          if (xs.length) map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 60, duration: 0, maxZoom: 17 });
        } catch { /* banner */ }
      }
      map.on('moveend', loadViewport);
      applyHighlight(map, props.current.highlight);
      await loadViewport();
    });
    map.on('click', (e) => {
      const pad = 6;
      const box: [maplibregl.PointLike, maplibregl.PointLike] = [[e.point.x - pad, e.point.y - pad], [e.point.x + pad, e.point.y + pad]];
      const valve = map.queryRenderedFeatures(box, { layers: ['valves'] })[0];
      if (valve && props.current.onValveClick) return props.current.onValveClick(valve.properties as ValveFeature);
      const pipe = map.queryRenderedFeatures(box, { layers: ['pipes-hit'] })[0];
      if (pipe && props.current.onPipeClick) return props.current.onPipeClick(String(pipe.properties.id), e.originalEvent.shiftKey);
      props.current.onPointClick?.({ lon: e.lngLat.lng, lat: e.lngLat.lat });
    });
    for (const layer of ['pipes-hit', 'valves']) {
      map.on('mouseenter', layer, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', layer, () => { map.getCanvas().style.cursor = ''; });
    }
    return () => {
      resized.disconnect();
      mapRef.current = null;
      map.remove();
    };
  }, [p.networkId]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && map.getLayer('pipes')) applyHighlight(map, p.highlight);
  }, [p.highlight]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    markerRef.current?.remove();
    markerRef.current = p.marker ? new maplibregl.Marker({ color: '#c92a2a' }).setLngLat([p.marker.lon, p.marker.lat]).addTo(map) : null;
  }, [p.marker?.lon, p.marker?.lat]);

  return <div ref={el} className="map" data-testid="map" />;
}

function applyHighlight(map: MlMap, h: Highlight | undefined): void {
  map.setFilter('pipes-selected', inList(h?.selectedPipeIds));
  map.setFilter('pipes-affected', inList(h?.affectedPipeIds));
  map.setFilter('pipes-critical', inList(h?.criticalPipeIds));
  map.setFilter('valves-close', inList(h?.closeValveIds));
  map.setFilter('valves-skipped', inList(h?.skippedValveIds));
  (map.getSource('area') as GeoJSONSource).setData(areaFeatures(h?.area));
}
