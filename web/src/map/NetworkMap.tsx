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

/** How many features one viewport query asks for (the API's own default cap). */
const VIEWPORT_LIMIT = 5000;
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
      'line-color': ['case', ['==', ['get', 'status'], 'CLOSED'], '#9aa0a6', '#1c6fb8'],
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
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    let seq = 0;
    const loadViewport = async () => {
      const b = map.getBounds();
      const box = { minLon: b.getWest(), minLat: b.getSouth(), maxLon: b.getEast(), maxLat: b.getNorth() };
      const n = props.current.networkId;
      const my = ++seq;
      try {
        const [pipes, valves, points] = await Promise.all([
          gql(PipesInBox, { n, box, limit: VIEWPORT_LIMIT }),
          gql(ValvesInBox, { n, box, limit: VIEWPORT_LIMIT }),
          gql(ServicePointsInBox, { n, box, limit: VIEWPORT_LIMIT }),
        ]);
        if (my !== seq || !mapRef.current) return;
        (map.getSource('pipes') as GeoJSONSource).setData({
          type: 'FeatureCollection',
          features: pipes.pipesInBox.filter((x) => x.geometry).map((x) => ({ type: 'Feature', properties: { id: x.id, diameterMm: x.diameterMm, status: x.status }, geometry: x.geometry as GeoJSON.Geometry })),
        });
        (map.getSource('valves') as GeoJSONSource).setData({
          type: 'FeatureCollection',
          features: valves.valvesInBox.filter((v) => v.lon != null).map((v) => ({ type: 'Feature', properties: { ...v }, geometry: { type: 'Point', coordinates: [v.lon!, v.lat!] } })),
        });
        (map.getSource('points') as GeoJSONSource).setData({
          type: 'FeatureCollection',
          features: points.servicePointsInBox.filter((s) => s.lon != null).map((s) => ({ type: 'Feature', properties: { id: s.id, persons: s.persons, ...(s.important ? { important: s.important } : {}) }, geometry: { type: 'Point', coordinates: [s.lon!, s.lat!] } })),
        });
        container.dataset.pipes = String(pipes.pipesInBox.length);
        container.dataset.valves = String(valves.valvesInBox.length);
        map.once('idle', () => { if (my === seq) container.dataset.ready = '1'; });
        map.triggerRepaint();
      } catch {
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
          if (xs.length) map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 40, duration: 0, maxZoom: 17 });
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
