import { useEffect, useRef } from 'react';
import maplibregl, { GeoJSONSource, LngLatBoundsLike, Map as MlMap, RequestParameters, ResourceType, StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { gql } from '../api/client';
import { PipesInBox, ValvesInBoxResult } from '../api/generated';
import { session } from '../auth';
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

/** Where the gateway serves the network's vector tiles (GET /tiles/<networkId>/<z>/<x>/<y>.mvt, same origin). */
export const tilesUrl = (networkId: string) => `${window.location.origin}/tiles/${networkId}/{z}/{x}/{y}.mvt`;

/** The tile requests carry the signed-in user's token, as the API calls do (MapLibre fetches tiles itself). */
export function withToken(url: string, type?: ResourceType): RequestParameters | undefined {
  const token = session.get()?.token;
  if (type !== 'Tile' || !token || !url.startsWith(`${window.location.origin}/tiles/`)) return undefined;
  return { url, headers: { authorization: `Bearer ${token}` } };
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

/**
 * Adds the network's sources and layers: pipes by diameter and state, valves by state and operability, customers.
 * With `tiles` the network is one vector tile source (the gateway's /tiles, generalised at low zoom); without,
 * three GeoJSON sources the caller fills (the map bench).
 */
export function addNetworkLayers(map: MlMap, tiles?: { url: string; maxZoom: number }): void {
  if (tiles) map.addSource('network', { type: 'vector', tiles: [tiles.url], minzoom: 0, maxzoom: tiles.maxZoom });
  else for (const id of ['pipes', 'valves', 'points']) map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addSource('area', { type: 'geojson', data: EMPTY });
  const from = (geojson: string, layer: string) => (tiles ? { source: 'network', 'source-layer': layer } : { source: geojson });
  const pipes = from('pipes', 'pipes'), valves = from('valves', 'valves'), points = from('points', 'service_points');
  map.addLayer({ id: 'area-fill', type: 'fill', source: 'area', paint: { 'fill-color': '#d9480f', 'fill-opacity': 0.12 } });
  map.addLayer({ id: 'area-line', type: 'line', source: 'area', paint: { 'line-color': '#d9480f', 'line-width': 2, 'line-dasharray': [2, 1] } });
  map.addLayer({
    id: 'pipes', type: 'line', ...pipes,
    paint: {
      'line-color': ['case', ['==', ['get', 'status'], 'CLOSED'], '#9aa0a6', ['==', ['get', 'circuit'], 'SUPPLY'], SUPPLY_COLOR, '#1c6fb8'],
      'line-width': ['interpolate', ['linear'], ['coalesce', ['get', 'diameterMm'], 100], 50, 1, 150, 2, 300, 4, 600, 6],
    },
  });
  map.addLayer({ id: 'pipes-critical', type: 'line', ...pipes, filter: inList([]), paint: { 'line-color': '#f08c00', 'line-width': 8, 'line-opacity': 0.55 } });
  map.addLayer({ id: 'pipes-affected', type: 'line', ...pipes, filter: inList([]), paint: { 'line-color': '#e8590c', 'line-width': 5 } });
  map.addLayer({ id: 'pipes-selected', type: 'line', ...pipes, filter: inList([]), paint: { 'line-color': '#c92a2a', 'line-width': 8 } });
  map.addLayer({ id: 'pipes-hit', type: 'line', ...pipes, paint: { 'line-color': '#000', 'line-opacity': 0, 'line-width': 14 } });
  map.addLayer({
    id: 'points', type: 'circle', ...points,
    paint: {
      'circle-radius': ['case', ['has', 'important'], 7, 3],
      'circle-color': ['case', ['has', 'important'], '#862e9c', '#868e96'],
      'circle-stroke-color': '#fff', 'circle-stroke-width': ['case', ['has', 'important'], 2, 0],
    },
  });
  map.addLayer({
    id: 'valves', type: 'circle', ...valves,
    paint: {
      'circle-radius': 5,
      'circle-color': ['case', ['!', ['get', 'operable']], '#495057', ['==', ['get', 'state'], 'CLOSED'], '#000000', '#2b8a3e'],
      'circle-stroke-color': ['case', ['!', ['get', 'operable']], '#fa5252', '#ffffff'], 'circle-stroke-width': 2,
    },
  });
  map.addLayer({ id: 'valves-skipped', type: 'circle', ...valves, filter: inList([]), paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#495057', 'circle-stroke-width': 3 } });
  map.addLayer({ id: 'valves-close', type: 'circle', ...valves, filter: inList([]), paint: { 'circle-radius': 8, 'circle-color': '#e03131', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
}

function areaFeatures(area: unknown): GeoJSON.FeatureCollection {
  if (!area || typeof area !== 'object') return EMPTY;
  const a = area as { type?: string };
  if (a.type === 'FeatureCollection') return area as GeoJSON.FeatureCollection;
  if (a.type === 'Feature') return { type: 'FeatureCollection', features: [area as GeoJSON.Feature] };
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: area as GeoJSON.Geometry }] };
}

/** The network drawn from the gateway's vector tiles; nothing but the gateway (tiles and GraphQL) is read. */
export function NetworkMap(p: NetworkMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const props = useRef(p);
  props.current = p;
  const markerRef = useRef<maplibregl.Marker | null>(null);

  useEffect(() => {
    const container = el.current!;
    container.dataset.ready = '0';
    const map = new maplibregl.Map({
      container, style: baseStyle(), center: [112.04, 22.93], zoom: 14, attributionControl: false, fadeDuration: 0, transformRequest: withToken,
    });
    mapRef.current = map;
    // The container's size follows the page's grid, not the window: MapLibre only tracks the window.
    const resized = new ResizeObserver(() => map.resize());
    resized.observe(container);
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    let placed = false;
    // "Drawn" for people and tests alike: MapLibre idle (every tile in view loaded and painted) once the map is placed.
    map.on('idle', () => {
      if (!placed || !mapRef.current) return;
      const distinct = (layer: string) => new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => f.properties.id)).size;
      container.dataset.pipes = String(distinct('pipes'));
      container.dataset.valves = String(distinct('valves'));
      container.dataset.zoom = map.getZoom().toFixed(2);
      container.dataset.bounds = map.getBounds().toArray().flat().map((v) => v.toFixed(7)).join(',');
      container.dataset.ready = '1';
    });
    map.on('movestart', () => { container.dataset.ready = '0'; });
    map.on('error', (e) => { container.dataset.error = e.error?.message ?? 'map error'; });
    map.on('load', async () => {
      addNetworkLayers(map, { url: tilesUrl(props.current.networkId), maxZoom: config.get().networkTileMaxZoom });
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
      if (!mapRef.current) return;
      applyHighlight(map, props.current.highlight);
      placed = true;
      map.triggerRepaint();
    });
    map.on('click', (e) => {
      const pad = 6;
      const box: [maplibregl.PointLike, maplibregl.PointLike] = [[e.point.x - pad, e.point.y - pad], [e.point.x + pad, e.point.y + pad]];
      const valve = map.queryRenderedFeatures(box, { layers: ['valves'] })[0];
      if (valve && props.current.onValveClick) {
        const [lon, lat] = (valve.geometry as GeoJSON.Point).coordinates;
        return props.current.onValveClick({ ...(valve.properties as ValveFeature), lon, lat });
      }
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
