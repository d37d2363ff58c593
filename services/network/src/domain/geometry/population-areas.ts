import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { PopulationArea } from '../model';
import { GeometryError } from './geometry-error';

export type AreaFeature = Feature<Polygon | MultiPolygon> | Polygon | MultiPolygon;

export interface PopulationPart {
  id: string;
  name: string | null;
  /** Share of the census area's surface inside the outage area, 0..1. */
  share: number;
  /** population × share, unrounded (only the total is rounded). */
  persons: number;
}

export interface PopulationFromAreas {
  /** Sum of the parts, rounded half to even once at the end. */
  population: number;
  /** Census areas that overlap the outage, largest share first. */
  parts: PopulationPart[];
}

export interface AffectedAreaOptions {
  /** Ignore areas with less than this share inside the outage (0..1). */
  minShare?: number;
}

export const AFFECTED_AREA_DEFAULTS = { minShare: 0 } as const;

type BBox = [number, number, number, number];

/**
 * Population inside an outage area from census areas, each weighted by the share of its surface
 * inside (docs/domain.md "Network facts"). A bbox prefilter skips areas that cannot overlap, and the
 * outage outline is clipped to each candidate's bbox first so each intersection stays small.
 */
export function populationFromAreas(area: AreaFeature, areas: PopulationArea[]): PopulationFromAreas {
  const parts = overlaps(area, areas);
  const total = parts.reduce((s, p) => s + p.persons, 0);
  return { population: roundHalfEven(total), parts };
}

/** Names of the streets / communities the outage touches, largest share first, each once. */
export function affectedAreaNames(area: AreaFeature, areas: PopulationArea[], o: AffectedAreaOptions = {}): string[] {
  const minShare = o.minShare ?? AFFECTED_AREA_DEFAULTS.minShare;
  if (!(Number.isFinite(minShare) && minShare >= 0 && minShare <= 1)) {
    throw new GeometryError('最小占比必须在 0 到 1 之间', `minShare must be within 0..1, got ${minShare}`, { list: 'options' });
  }
  const names: string[] = [];
  const seen = new Set<string>();
  for (const p of overlaps(area, areas)) {
    if (p.share < minShare || p.share === 0 || !p.name || seen.has(p.name)) continue;
    seen.add(p.name);
    names.push(p.name);
  }
  return names;
}

/** Rounds to the nearest integer, ties to the even one (banker's rounding), so sums do not drift up. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function overlaps(area: AreaFeature, areas: PopulationArea[]): PopulationPart[] {
  const outage = toFeature(area);
  if (!Array.isArray(areas)) throw new GeometryError('人口区域必须为数组', 'areas must be an array', { list: 'areas' });
  const ob = turf.bbox(outage) as BBox;
  const parts: PopulationPart[] = [];
  areas.forEach((a, i) => {
    const where = { list: 'areas', index: i, id: a?.id };
    const geometry = a?.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') || !Array.isArray(geometry.coordinates)) {
      throw new GeometryError('人口区域几何必须为 Polygon 或 MultiPolygon', 'geometry must be a GeoJSON Polygon or MultiPolygon', where);
    }
    if (!(Number.isFinite(a.population) && a.population >= 0)) {
      throw new GeometryError('人口必须为非负数', `population must be a number ≥ 0, got ${a.population}`, where);
    }
    const ab = turf.bbox(geometry) as BBox;
    if (!Number.isFinite(ab[0])) throw new GeometryError('人口区域没有坐标', 'geometry has no coordinates', where);
    if (ab[0] > ob[2] || ab[2] < ob[0] || ab[1] > ob[3] || ab[3] < ob[1]) return;
    const whole = turf.area(geometry);
    if (whole <= 0) return;
    const feature = turf.feature(geometry as Polygon | MultiPolygon);
    // Clip the outage to a slightly larger bbox: the clip edges then lie outside the census area.
    const pad = Math.max(ab[2] - ab[0], ab[3] - ab[1]) * 0.01 + 1e-9;
    const clipped = turf.bboxClip(outage, [ab[0] - pad, ab[1] - pad, ab[2] + pad, ab[3] + pad]) as Feature<Polygon | MultiPolygon>;
    if (!hasArea(clipped.geometry)) return;
    let inside: Feature<Polygon | MultiPolygon> | null;
    try {
      inside = turf.intersect(turf.featureCollection([clipped, feature]));
    } catch (e) {
      throw new GeometryError('无法与人口区域求交（几何无效？）', `cannot intersect with the outage area (invalid geometry?): ${(e as Error).message}`, where);
    }
    if (!inside) return;
    const share = Math.min(1, turf.area(inside) / whole);
    if (share <= 0) return;
    parts.push({ id: a.id, name: a.name ?? null, share, persons: a.population * share });
  });
  parts.sort((x, y) => y.share - x.share || y.persons - x.persons || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return parts;
}

function toFeature(area: AreaFeature): Feature<Polygon | MultiPolygon> {
  const geometry = area && (area.type === 'Feature' ? area.geometry : area);
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    throw new GeometryError('停水范围必须为 Polygon 或 MultiPolygon', 'the outage area must be a Polygon or MultiPolygon', { list: 'area' });
  }
  return turf.feature(geometry);
}

function hasArea(g: Polygon | MultiPolygon): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some((p) => p.length > 0 && p[0].length >= 4);
}
