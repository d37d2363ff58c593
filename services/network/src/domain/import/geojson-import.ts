import { kinks, length as turfLength, lineString } from '@turf/turf';
import {
  CIRCUITS,
  CUSTOMER_TYPES,
  DEFAULT_CUSTOMER_TYPE,
  PRESSURE_LEVELS,
  SOURCE_KINDS_BY_UTILITY,
  VULNERABILITIES,
  type Circuit,
  type CustomerType,
  type ImportantKind,
  type IsolationValve,
  type LonLat,
  type NetLink,
  type NetNode,
  type NetworkModel,
  type NodeKind,
  type PopulationArea,
  type PressureLevel,
  type ServicePoint,
  type Vulnerability,
} from '../model';
import { ImportError, ImportLocation } from './errors';
import { DEFAULT_UTILITY, haversineM as greatCircleM, METRES_PER_DEGREE, UTILITY_LABELS, type UtilityKind } from '@mainline/common/domain';
import { makeProjector } from './reproject';

export interface GeoJsonImportOptions {
  /** Pipe ends within this many metres of a node (or of each other) join it. Default 1. */
  snapToleranceM?: number;
  /** A valve point joins the nearest pipe within this many metres. Default 5. */
  valveSnapToleranceM?: number;
  /** CRS of the coordinates when they are not WGS84 lon/lat, e.g. 'EPSG:4547'. */
  crs?: string;
  /** The kind of network (default WATER): which source kinds and pipe attributes are valid. */
  utility?: UtilityKind;
}

export const GEOJSON_DEFAULTS = { snapToleranceM: 1, valveSnapToleranceM: 5 } as const;

type Layer = 'pipe' | 'junction' | 'source' | 'valve' | 'service_point' | 'population_area';
const LAYERS: ReadonlySet<string> = new Set(['pipe', 'junction', 'source', 'valve', 'service_point', 'population_area']);
const PRESSURE_LEVEL_SET: ReadonlySet<string> = new Set(PRESSURE_LEVELS);
const CIRCUIT_SET: ReadonlySet<string> = new Set(CIRCUITS);
const CIRCUIT_ZH: Record<Circuit, string> = { SUPPLY: '供水管', RETURN: '回水管' };
const SOURCE_ZH: Record<UtilityKind, string> = { WATER: '水源', GAS: '气源', HEAT: '热源' };
/** Bits per node of a two-line heat network: on the supply line, on the return line (sources: both). */
const ON_SUPPLY = 1;
const ON_RETURN = 2;
/** "A", "A or B", "A, B or C". */
const orList = (xs: readonly string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}` : xs.join(''));
const IMPORTANT_KINDS: ReadonlySet<string> = new Set(['HOSPITAL', 'SCHOOL', 'FACTORY', 'LARGE_CONSUMER', 'OTHER']);
const CUSTOMER_TYPE_SET: ReadonlySet<string> = new Set(CUSTOMER_TYPES);
const VULNERABILITY_SET: ReadonlySet<string> = new Set(VULNERABILITIES);

interface Feat {
  index: number;
  collection?: number;
  layer: Layer;
  id: string | undefined;
  props: Record<string, any>;
  geometry: { type: string; coordinates: any };
}

const DEG = Math.PI / 180;

/** Great-circle distance in metres between two [lon, lat] points (common's one haversine). */
export function haversineM(a: LonLat, b: LonLat): number {
  return greatCircleM(a[0], a[1], b[0], b[1]);
}

/**
 * Uniform hash grid over a plane where x = lon·R·cos(φmax), y = lat·R. Using the largest |lat| of
 * the data makes grid offsets never exceed true distances, so a tolerance-sized neighbourhood is
 * enough to find every point within the tolerance. Cells are counted from the data's south-west
 * corner so a cell key fits one number.
 */
class Grid {
  private cells = new Map<number, number[]>();
  private readonly x0: number;
  private readonly y0: number;
  constructor(readonly cellM: number, private readonly kx: number, private readonly ky: number, sw: LonLat) {
    this.x0 = Math.floor((sw[0] * kx) / cellM) - 2;
    this.y0 = Math.floor((sw[1] * ky) / cellM) - 2;
  }
  cx(lon: number) { return Math.floor((lon * this.kx) / this.cellM) - this.x0; }
  cy(lat: number) { return Math.floor((lat * this.ky) / this.cellM) - this.y0; }
  private key(ix: number, iy: number) { return ix * CELL_ROW + iy; }
  add(p: LonLat, value: number) { this.addCell(this.cx(p[0]), this.cy(p[1]), value); }
  addCell(ix: number, iy: number, value: number) {
    const k = this.key(ix, iy);
    const c = this.cells.get(k);
    if (c) c.push(value); else this.cells.set(k, [value]);
  }
  /** Calls fn for values in cells that may hold something within `radiusM` of p. */
  near(p: LonLat, radiusM: number, fn: (value: number) => void) {
    const r = Math.ceil(radiusM / this.cellM);
    const ix = this.cx(p[0]), iy = this.cy(p[1]);
    for (let x = ix - r; x <= ix + r; x++) for (let y = iy - r; y <= iy + r; y++) {
      const c = this.cells.get(this.key(x, y));
      if (c) for (let i = 0; i < c.length; i++) fn(c[i]);
    }
  }
  /** Calls fn for values in the ring of cells at Chebyshev distance exactly r from p's cell. */
  ring(p: LonLat, r: number, fn: (value: number) => void) {
    const ix = this.cx(p[0]), iy = this.cy(p[1]);
    for (let x = ix - r; x <= ix + r; x++) for (let y = iy - r; y <= iy + r; y++) {
      if (Math.max(Math.abs(x - ix), Math.abs(y - iy)) !== r) continue;
      const c = this.cells.get(this.key(x, y));
      if (c) for (let i = 0; i < c.length; i++) fn(c[i]);
    }
  }
}
/** Cells per grid column: y indexes stay below this (checked against the data's extent). */
const CELL_ROW = 2 ** 26;

function isPosition(p: unknown): p is number[] {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

/**
 * Reads a GIS network from one GeoJSON FeatureCollection or an array of them (layers: pipe,
 * junction, source, valve, service_point, population_area — see GEOJSON.md). Pipe ends join
 * nodes by explicit ids or by snapping, valves snap onto the nearest pipe. Throws one
 * ImportError naming the feature index and id; nothing is returned half-built.
 */
export function parseGeoJsonNetwork(input: string | object, opts: GeoJsonImportOptions = {}): NetworkModel {
  const utility = opts.utility ?? DEFAULT_UTILITY;
  const sourceKinds: readonly string[] = SOURCE_KINDS_BY_UTILITY[utility];
  const snapTol = opts.snapToleranceM ?? GEOJSON_DEFAULTS.snapToleranceM;
  const valveTol = opts.valveSnapToleranceM ?? GEOJSON_DEFAULTS.valveSnapToleranceM;
  if (!(snapTol > 0)) throw new ImportError(`snapToleranceM must be positive, got ${snapTol}`);
  if (!(valveTol > 0)) throw new ImportError(`valveSnapToleranceM must be positive, got ${valveTol}`);

  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      throw new ImportError(`GeoJSON 解析失败 / invalid JSON: ${(e as Error).message}`);
    }
  }
  const collections = Array.isArray(data) ? data : [data];
  const many = Array.isArray(data);
  const feats: Feat[] = [];
  const where = (f: { index: number; collection?: number; layer?: string; id?: string }): ImportLocation => ({
    featureIndex: f.index,
    collectionIndex: f.collection,
    featureKind: f.layer,
    featureId: f.id,
  });

  collections.forEach((fc: any, ci) => {
    const collection = many ? ci : undefined;
    if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
      throw new ImportError(`${many ? `collection #${ci}` : 'input'} is not a GeoJSON FeatureCollection`);
    }
    fc.features.forEach((f: any, index: number) => {
      if (!f || f.type !== 'Feature') throw new ImportError('not a GeoJSON Feature', where({ index, collection }));
      const props = (f.properties ?? {}) as Record<string, any>;
      const rawId = props.id ?? f.id;
      const id = rawId === undefined || rawId === null || rawId === '' ? undefined : String(rawId);
      const layerRaw = props.layer ?? props.kind;
      const layer = typeof layerRaw === 'string' ? layerRaw.trim().toLowerCase() : '';
      if (!LAYERS.has(layer)) {
        throw new ImportError(
          `unknown or missing "layer" ${JSON.stringify(layerRaw ?? null)} (one of: ${[...LAYERS].join(', ')})`,
          where({ index, collection, id }),
        );
      }
      if (!f.geometry || typeof f.geometry.type !== 'string') throw new ImportError('feature has no geometry', where({ index, collection, layer, id }));
      feats.push({ index, collection, layer: layer as Layer, id, props, geometry: f.geometry });
    });
  });

  // Coordinates: reproject from `crs`, or require lon/lat.
  const project = opts.crs ? makeProjector(opts.crs) : null;
  const fixPositions = (coords: any, f: Feat, depth: number): any => {
    if (depth === 0) {
      // Not JSON.stringify: a hostile 10,000-deep array would overflow the stack while building the message.
      if (!isPosition(coords)) throw new ImportError(`malformed coordinate ${Array.isArray(coords) ? `(an array of ${coords.length}, nested too deep for ${f.geometry.type})` : String(coords).slice(0, 80)}`, where(f));
      let ll: LonLat = project ? project(coords[0], coords[1]) : [coords[0], coords[1]];
      if (!(Math.abs(ll[0]) <= 180 && Math.abs(ll[1]) <= 90) || !Number.isFinite(ll[0]) || !Number.isFinite(ll[1])) {
        throw new ImportError(
          project
            ? `coordinate (${coords[0]}, ${coords[1]}) cannot be reprojected from ${opts.crs}`
            : `coordinate (${coords[0]}, ${coords[1]}) is not lon/lat (WGS84): give the crs option (e.g. EPSG:4547)`,
          where(f),
        );
      }
      ll = [ll[0], ll[1]];
      return ll;
    }
    if (!Array.isArray(coords)) throw new ImportError(`malformed ${f.geometry.type} coordinates`, where(f));
    return coords.map((c: any) => fixPositions(c, f, depth - 1));
  };
  const DEPTH: Record<string, number> = { Point: 0, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
  const ALLOWED: Record<Layer, string[]> = {
    pipe: ['LineString', 'MultiLineString'],
    junction: ['Point'],
    source: ['Point'],
    valve: ['Point'],
    service_point: ['Point'],
    population_area: ['Polygon', 'MultiPolygon'],
  };
  let maxAbsLat = 0;
  const sw: LonLat = [Infinity, Infinity], ne: LonLat = [-Infinity, -Infinity];
  for (const f of feats) {
    if (!ALLOWED[f.layer].includes(f.geometry.type)) {
      throw new ImportError(`geometry must be ${ALLOWED[f.layer].join(' or ')}, got ${f.geometry.type}`, where(f));
    }
    f.geometry = { type: f.geometry.type, coordinates: fixPositions(f.geometry.coordinates, f, DEPTH[f.geometry.type]) };
    if (f.layer !== 'population_area') {
      const scan = (c: any): void => {
        if (typeof c[0] !== 'number') { c.forEach(scan); return; }
        const a = Math.abs(c[1]);
        if (a > maxAbsLat) maxAbsLat = a;
        if (c[0] < sw[0]) sw[0] = c[0]; if (c[1] < sw[1]) sw[1] = c[1];
        if (c[0] > ne[0]) ne[0] = c[0]; if (c[1] > ne[1]) ne[1] = c[1];
      };
      scan(f.geometry.coordinates);
    }
  }
  const ky = METRES_PER_DEGREE;
  const kx = ky * Math.max(Math.cos(Math.min(maxAbsLat, 89) * DEG), 1e-6);
  if (!Number.isFinite(sw[0])) { sw[0] = 0; sw[1] = 0; ne[0] = 0; ne[1] = 0; }
  const extentM = Math.max((ne[0] - sw[0]) * kx, (ne[1] - sw[1]) * ky);
  if (extentM / Math.min(snapTol, valveTol) > CELL_ROW / 4) {
    throw new ImportError(`snap tolerance too small for a network ${Math.round(extentM / 1000)} km across`);
  }
  const newGrid = (cellM: number) => new Grid(cellM, kx, ky, sw);
  const byLayer = (l: Layer) => feats.filter((f) => f.layer === l);

  const str = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
  const optNum = (f: Feat, key: string, opt: { min?: number; positive?: boolean } = {}): number | undefined => {
    const v = f.props[key];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) throw new ImportError(`"${key}" is not a number: ${JSON.stringify(v)}`, where(f));
    if (opt.positive && !(n > 0)) throw new ImportError(`"${key}" must be positive, got ${n}`, where(f));
    if (opt.min !== undefined && n < opt.min) throw new ImportError(`"${key}" must be ≥ ${opt.min}, got ${n}`, where(f));
    return n;
  };
  const requireId = (f: Feat) => {
    if (f.id === undefined) throw new ImportError('missing "id"', where(f));
    return f.id;
  };

  // Point nodes: junctions and sources share one id space.
  const nodes: NetNode[] = [];
  const nodeIndex = new Map<string, number>();
  const nodeGrid = newGrid(snapTol);
  const addNode = (node: NetNode, f: Feat | null) => {
    if (nodeIndex.has(node.id)) throw new ImportError(`duplicate node id "${node.id}"`, f ? where(f) : {});
    nodeIndex.set(node.id, nodes.length);
    if (node.coord) nodeGrid.add(node.coord, nodes.length);
    nodes.push(node);
  };
  for (const f of feats) {
    if (f.layer === 'junction') {
      const id = requireId(f);
      const demand = optNum(f, 'demandM3s');
      addNode({
        id, kind: 'JUNCTION', coord: f.geometry.coordinates, elevationM: optNum(f, 'elevationM'),
        demands: demand !== undefined ? [{ baseM3s: demand, patternId: null }] : [], area: str(f.props.area),
      }, f);
    } else if (f.layer === 'source') {
      const id = requireId(f);
      const sk = String(f.props.sourceKind ?? '').trim().toUpperCase();
      if (!sourceKinds.includes(sk)) {
        throw new ImportError(
          `${UTILITY_LABELS[utility].zh}管网的${SOURCE_ZH[utility]}类型无效 / "sourceKind" of a ${utility} network must be ${orList(sourceKinds)}, got ${JSON.stringify(f.props.sourceKind ?? null)}`,
          where(f),
        );
      }
      addNode({ id, kind: sk as NodeKind, coord: f.geometry.coordinates, elevationM: optNum(f, 'elevationM'), demands: [], area: str(f.props.area) }, f);
    }
  }

  // Pipes: explicit end ids, else snap to the nearest node within tolerance, else a new junction.
  let autoSeq = 0;
  const newJunctionId = () => {
    let id: string;
    do id = `J-auto-${++autoSeq}`; while (nodeIndex.has(id));
    return id;
  };
  const snapNode = (p: LonLat): number | null => {
    let best = -1, bestD = Infinity;
    nodeGrid.near(p, snapTol, (i) => {
      const d = haversineM(p, nodes[i].coord!);
      if (d <= snapTol && (d < bestD || (d === bestD && i < best))) { best = i; bestD = d; }
    });
    return best >= 0 ? best : null;
  };
  const links: NetLink[] = [];
  const linkIndex = new Map<string, number>();
  const pipeCoords: LonLat[][] = [];
  const pipeFeats: Feat[] = [];
  /** An optional word attribute that only one kind of network carries. */
  const kindWord = <T extends string>(f: Feat, key: string, allowed: ReadonlySet<string>, kind: UtilityKind, what: string): T | null => {
    const v = f.props[key];
    if (v === undefined || v === null || v === '') return null;
    if (utility !== kind) throw new ImportError(`"${key}" is an attribute of ${what}, not of a ${utility} network`, where(f));
    const k = typeof v === 'string' ? v.trim().toUpperCase() : '';
    if (!allowed.has(k)) throw new ImportError(`"${key}" must be ${orList([...allowed])}, got ${JSON.stringify(v)}`, where(f));
    return k as T;
  };
  for (const f of byLayer('pipe')) {
    const id = requireId(f);
    if (linkIndex.has(id)) throw new ImportError(`duplicate pipe id "${id}"`, where(f));
    const line: LonLat[] = f.geometry.type === 'LineString' ? f.geometry.coordinates : (f.geometry.coordinates as LonLat[][]).flat();
    if (line.length < 2) throw new ImportError('a pipe needs at least two coordinates', where(f));
    const end = (key: 'from' | 'to', p: LonLat): string => {
      const explicit = str(f.props[key]);
      if (explicit !== null) {
        if (!nodeIndex.has(explicit)) throw new ImportError(`pipe "${id}" refers to unknown node "${explicit}" in "${key}"`, where(f));
        return explicit;
      }
      const hit = snapNode(p);
      if (hit !== null) return nodes[hit].id;
      const jid = newJunctionId();
      addNode({ id: jid, kind: 'JUNCTION', coord: p, demands: [], area: str(f.props.area) }, f);
      return jid;
    };
    const from = end('from', line[0]);
    const to = end('to', line[line.length - 1]);
    if (from === to) {
      throw new ImportError(`both ends of pipe "${id}" join node "${from}" (pipe shorter than snapToleranceM ${snapTol} m?); give "from"/"to" or a smaller tolerance`, where(f));
    }
    const lengthGiven = optNum(f, 'lengthM', { positive: true });
    linkIndex.set(id, links.length);
    pipeCoords.push(line);
    pipeFeats.push(f);
    links.push({
      id, kind: 'PIPE', from, to,
      lengthM: lengthGiven ?? turfLength(lineString(line), { units: 'kilometers' }) * 1000,
      diameterMm: optNum(f, 'diameterMm', { positive: true }),
      material: str(f.props.material),
      roughness: optNum(f, 'roughness'),
      status: str(f.props.status)?.toUpperCase() ?? null,
      vertices: line.slice(1, -1),
      area: str(f.props.area),
      circuit: kindWord<Circuit>(f, 'circuit', CIRCUIT_SET, 'HEAT', 'heat networks drawn as two lines'),
      pressureLevel: kindWord<PressureLevel>(f, 'pressureLevel', PRESSURE_LEVEL_SET, 'GAS', 'gas pipes'),
    });
  }
  const circuits = twoLineCircuits(nodes, nodeIndex, links, pipeFeats, where);

  const valves = importValves(byLayer('valve'), { links, linkIndex, pipeCoords, valveTol, newGrid, where, requireId, optNum, str });
  const servicePoints = importServicePoints(byLayer('service_point'), { nodes, nodeIndex, circuits, newGrid, where, requireId, optNum, str });
  const populationAreas = importAreas(byLayer('population_area'), { where, requireId, optNum, str });

  if (nodes.length === 0 && links.length === 0) throw new ImportError('空管网 / empty network: no pipes, junctions or sources');
  if (!nodes.some((n) => n.kind !== 'JUNCTION')) {
    throw new ImportError(`管网没有${SOURCE_ZH[utility]} / the network has no source: add a feature with layer "source" and sourceKind ${orList(sourceKinds)}`);
  }

  return {
    nodes, links, valves, servicePoints, populationAreas, patterns: [],
    options: { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'CMS' },
  };
}

/**
 * A heat network drawn as two lines (some pipe has a `circuit`): every pipe is on one line, and the lines meet
 * only at sources. That is what makes the engine's answer the two-line rule: a junction's path to a source
 * then stays on its own line, so "has a path to a source" is "has one on its line". Null for one-line networks.
 */
function twoLineCircuits(nodes: NetNode[], nodeIndex: Map<string, number>, links: NetLink[], pipeFeats: Feat[], where: (f: Feat) => ImportLocation): Uint8Array | null {
  if (!links.some((l) => l.circuit)) return null;
  const bits = new Uint8Array(nodes.length);
  nodes.forEach((n, i) => {
    if (n.kind !== 'JUNCTION') bits[i] = ON_SUPPLY | ON_RETURN;
  });
  links.forEach((l, i) => {
    const f = pipeFeats[i];
    if (!l.circuit) {
      throw new ImportError(`管道未标明供水管或回水管 / pipe "${l.id}" has no "circuit": in a heat network drawn as two lines every pipe is on the SUPPLY or the RETURN line`, where(f));
    }
    const bit = l.circuit === 'SUPPLY' ? ON_SUPPLY : ON_RETURN;
    for (const end of [l.from, l.to]) {
      const n = nodeIndex.get(end)!;
      if (nodes[n].kind !== 'JUNCTION') continue;
      if (bits[n] & ~bit) {
        const other: Circuit = l.circuit === 'SUPPLY' ? 'RETURN' : 'SUPPLY';
        throw new ImportError(
          `${CIRCUIT_ZH[l.circuit]}与${CIRCUIT_ZH[other]}只能在热源或换热站相接 / pipe "${l.id}" on the ${l.circuit} line ends at junction "${end}" of the ${other} line: ` +
            'the two lines meet only at a heat source or substation',
          where(f),
        );
      }
      bits[n] |= bit;
    }
  });
  return bits;
}

interface Helpers {
  where: (f: Feat) => ImportLocation;
  requireId: (f: Feat) => string;
  optNum: (f: Feat, key: string, opt?: { min?: number; positive?: boolean }) => number | undefined;
  str: (v: unknown) => string | null;
}

/** Local east/north metres of q relative to p (equirectangular at p's latitude; fine at valve scale). */
function localXY(p: LonLat, q: LonLat): [number, number] {
  const ky = METRES_PER_DEGREE;
  return [(q[0] - p[0]) * ky * Math.cos(p[1] * DEG), (q[1] - p[1]) * ky];
}

function importValves(
  feats: Feat[],
  ctx: Helpers & { links: NetLink[]; linkIndex: Map<string, number>; pipeCoords: LonLat[][]; valveTol: number; newGrid: (cellM: number) => Grid },
): IsolationValve[] {
  const { links, linkIndex, pipeCoords, valveTol, where, requireId, optNum, str } = ctx;
  let segGrid: Grid | null = null;
  // Segment index built on first use: each segment is cut into pieces no longer than a cell.
  const buildSegGrid = () => {
    const g = ctx.newGrid(Math.max(2 * valveTol, 25));
    for (let pi = 0; pi < pipeCoords.length; pi++) {
      const line = pipeCoords[pi];
      for (let s = 0; s + 1 < line.length; s++) {
        const a = line[s], b = line[s + 1];
        const value = pi * 2 ** 20 + s;
        const ax = g.cx(a[0]), ay = g.cy(a[1]), bx = g.cx(b[0]), by = g.cy(b[1]);
        const steps = Math.max(Math.abs(bx - ax), Math.abs(by - ay)) * 2 + 1;
        let lx = NaN, ly = NaN;
        for (let k = 0; k <= steps; k++) {
          const t = k / steps;
          const ix = g.cx(a[0] + (b[0] - a[0]) * t), iy = g.cy(a[1] + (b[1] - a[1]) * t);
          if (ix === lx && iy === ly) continue;
          lx = ix; ly = iy;
          g.addCell(ix, iy, value);
        }
      }
    }
    return g;
  };
  /** Distance from p to the polyline's segment s, and the along-line metres of the closest point. */
  const segmentHit = (p: LonLat, line: LonLat[], s: number) => {
    const [ax, ay] = localXY(p, line[s]);
    const [bx, by] = localXY(p, line[s + 1]);
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
    const cx = ax + t * dx, cy = ay + t * dy;
    return { d: Math.hypot(cx, cy), t, segLen: Math.sqrt(len2) };
  };
  const nearerEnd = (p: LonLat, li: number): string => {
    const line = pipeCoords[li];
    let best = { d: Infinity, s: 0, t: 0 };
    for (let s = 0; s + 1 < line.length; s++) {
      const h = segmentHit(p, line, s);
      if (h.d < best.d) best = { d: h.d, s, t: h.t };
    }
    let before = 0, total = 0;
    for (let s = 0; s + 1 < line.length; s++) {
      const len = haversineM(line[s], line[s + 1]);
      if (s < best.s) before += len;
      if (s === best.s) before += best.t * len;
      total += len;
    }
    return before <= total / 2 ? links[li].from : links[li].to;
  };

  const out: IsolationValve[] = [];
  const seen = new Set<string>();
  for (const f of feats) {
    const id = requireId(f);
    if (seen.has(id)) throw new ImportError(`duplicate valve id "${id}"`, where(f));
    seen.add(id);
    const p = f.geometry.coordinates as LonLat;
    let li: number;
    const explicitLink = str(f.props.linkId);
    if (explicitLink !== null) {
      const found = linkIndex.get(explicitLink);
      if (found === undefined) throw new ImportError(`valve "${id}" refers to unknown pipe "${explicitLink}"`, where(f));
      li = found;
    } else {
      segGrid ??= buildSegGrid();
      let best = -1, bestD = Infinity;
      const tried = new Set<number>();
      // Sampling may skip a cell the segment only clips at a corner, so look one cell further.
      segGrid.near(p, valveTol + segGrid.cellM, (v) => {
        if (tried.has(v)) return;
        tried.add(v);
        const pi = Math.floor(v / 2 ** 20), s = v % 2 ** 20;
        const { d } = segmentHit(p, pipeCoords[pi], s);
        // Ties (a valve right on a junction) go to the pipe listed first, for a stable result.
        if (d <= valveTol && (d < bestD - 1e-9 || (Math.abs(d - bestD) <= 1e-9 && pi < best))) { best = pi; bestD = d; }
      });
      if (best < 0) throw new ImportError(`阀门不在任何管道附近 / valve "${id}" is not within ${valveTol} m of any pipe (give "linkId" or a larger valveSnapToleranceM)`, where(f));
      li = best;
    }
    const link = links[li];
    let nodeId = str(f.props.nodeId);
    if (nodeId !== null) {
      if (nodeId !== link.from && nodeId !== link.to) throw new ImportError(`valve "${id}" names node "${nodeId}", which is not an end of pipe "${link.id}" (${link.from}, ${link.to})`, where(f));
    } else {
      nodeId = nearerEnd(p, li);
    }
    const state = String(f.props.state ?? 'OPEN').toUpperCase();
    if (state !== 'OPEN' && state !== 'CLOSED') throw new ImportError(`"state" must be OPEN or CLOSED, got ${JSON.stringify(f.props.state)}`, where(f));
    const operable = f.props.operable;
    if (operable !== undefined && operable !== null && typeof operable !== 'boolean') throw new ImportError(`"operable" must be true or false, got ${JSON.stringify(operable)}`, where(f));
    out.push({
      id, linkId: link.id, nodeId, state, operable: operable ?? true,
      diameterMm: optNum(f, 'diameterMm', { positive: true }) ?? link.diameterMm ?? null,
      coord: p,
    });
  }
  return out;
}

function importServicePoints(
  feats: Feat[],
  ctx: Helpers & { nodes: NetNode[]; nodeIndex: Map<string, number>; circuits: Uint8Array | null; newGrid: (cellM: number) => Grid },
): ServicePoint[] {
  const { nodes, nodeIndex, circuits, where, requireId, optNum, str } = ctx;
  /** The nearest node among those `accept` lets through. */
  const nearestFinder = (accept: (i: number) => boolean) => {
    let grid: Grid | null = null;
    let candidates: number[] = [];
    let maxRing = 0;
    const build = () => {
      // Supplied by the nearest junction; by the nearest node when the network has no junction.
      candidates = nodes.map((_, i) => i).filter((i) => nodes[i].coord && nodes[i].kind === 'JUNCTION' && accept(i));
      if (candidates.length === 0) candidates = nodes.map((_, i) => i).filter((i) => nodes[i].coord && accept(i));
      const g = ctx.newGrid(100);
      for (const i of candidates) g.add(nodes[i].coord!, i);
      return g;
    };
    return (p: LonLat): number | null => {
      grid ??= build();
      if (candidates.length === 0) return null;
      if (!maxRing) {
        let m = 0;
        for (const i of candidates) {
          const c = nodes[i].coord!;
          m = Math.max(m, Math.abs(grid.cx(c[0]) - grid.cx(p[0])), Math.abs(grid.cy(c[1]) - grid.cy(p[1])));
        }
        maxRing = m;
      }
      let best = -1, bestD = Infinity;
      // Ring r holds only points at least (r − 1) cells away; stop once that exceeds the best found.
      for (let r = 0; ; r++) {
        if (best >= 0 && (r - 1) * grid.cellM > bestD) break;
        if (r > maxRing + 1) {
          // Far outside the indexed area: fall back to a scan.
          for (const i of candidates) { const d = haversineM(p, nodes[i].coord!); if (d < bestD) { best = i; bestD = d; } }
          break;
        }
        grid.ring(p, r, (i) => {
          const d = haversineM(p, nodes[i].coord!);
          if (d < bestD || (d === bestD && i < best)) { best = i; bestD = d; }
        });
      }
      return best;
    };
  };
  // A two-line heat customer is supplied from the supply line and returns to the return line.
  const onLine = (bit: number) => (i: number) => circuits === null || (circuits[i] & bit) !== 0;
  const nearest = nearestFinder(onLine(ON_SUPPLY));
  const nearestReturn = nearestFinder(onLine(ON_RETURN));

  const out: ServicePoint[] = [];
  const seen = new Set<string>();
  for (const f of feats) {
    const id = requireId(f);
    if (seen.has(id)) throw new ImportError(`duplicate service point id "${id}"`, where(f));
    seen.add(id);
    const p = f.geometry.coordinates as LonLat;
    let nodeId = str(f.props.nodeId);
    if (nodeId !== null) {
      const i = nodeIndex.get(nodeId);
      if (i === undefined) throw new ImportError(`service point "${id}" refers to unknown node "${nodeId}"`, where(f));
      if (!onLine(ON_SUPPLY)(i)) throw new ImportError(`用户须接在供水管上 / service point "${id}" names node "${nodeId}" in "nodeId", which is not on the supply line`, where(f));
    } else {
      const i = nearest(p);
      if (i === null) throw new ImportError(`service point "${id}" has no "nodeId" and the network has no located node${circuits ? ' on the supply line' : ''} to attach it to`, where(f));
      nodeId = nodes[i].id;
    }
    let returnNodeId = str(f.props.returnNodeId);
    if (circuits === null) {
      if (returnNodeId !== null) throw new ImportError('"returnNodeId" belongs to heat networks drawn as two lines (pipes with "circuit")', where(f));
    } else if (returnNodeId !== null) {
      const i = nodeIndex.get(returnNodeId);
      if (i === undefined) throw new ImportError(`service point "${id}" refers to unknown node "${returnNodeId}" in "returnNodeId"`, where(f));
      if (!onLine(ON_RETURN)(i)) throw new ImportError(`用户回水须接在回水管上 / service point "${id}" names node "${returnNodeId}" in "returnNodeId", which is not on the return line`, where(f));
    } else {
      const i = nearestReturn(p);
      if (i === null) throw new ImportError(`service point "${id}" has no "returnNodeId" and the network has no located node on the return line to attach it to`, where(f));
      returnNodeId = nodes[i].id;
    }
    const households = optNum(f, 'households', { min: 0 });
    const pph = optNum(f, 'personsPerHousehold', { min: 0 });
    let persons = optNum(f, 'persons', { min: 0 });
    if (persons === undefined) {
      if (households === undefined || pph === undefined) {
        throw new ImportError(`service point "${id}" needs "persons", or "households" with "personsPerHousehold"`, where(f));
      }
      persons = households * pph;
    }
    let important: ImportantKind | null = null;
    const imp = f.props.important;
    if (imp === true) important = 'OTHER';
    else if (typeof imp === 'string' && imp !== '') {
      const k = imp.toUpperCase();
      if (!IMPORTANT_KINDS.has(k)) throw new ImportError(`"important" must be one of ${[...IMPORTANT_KINDS].join(', ')}, got ${JSON.stringify(imp)}`, where(f));
      important = k as ImportantKind;
    } else if (imp !== undefined && imp !== null && imp !== false) {
      throw new ImportError(`"important" must be a kind name, got ${JSON.stringify(imp)}`, where(f));
    }
    out.push({
      id, nodeId, returnNodeId, coord: p, address: str(f.props.address), households: households ?? null, persons, important,
      name: str(f.props.name), phone: str(f.props.phone), area: str(f.props.area),
      customerType: customerTypeOf(f, where), vulnerability: vulnerabilityOf(f, where), lastInspectedOn: calendarDateOf(f, 'lastInspectedOn', where),
    });
  }
  return out;
}

/** `customerType`: one of CUSTOMER_TYPES (any letter case), RESIDENTIAL when absent. */
function customerTypeOf(f: Feat, where: (f: Feat) => ImportLocation): CustomerType {
  const v = f.props.customerType;
  if (v === undefined || v === null || v === '') return DEFAULT_CUSTOMER_TYPE;
  const k = typeof v === 'string' ? v.trim().toUpperCase() : '';
  if (!CUSTOMER_TYPE_SET.has(k)) {
    throw new ImportError(`用户类型无效 / "customerType" must be one of ${CUSTOMER_TYPES.join(', ')}, got ${JSON.stringify(v)}`, where(f));
  }
  return k as CustomerType;
}

/** `vulnerability`: an array or a comma-separated string of VULNERABILITIES; each listed once, in the given order. */
function vulnerabilityOf(f: Feat, where: (f: Feat) => ImportLocation): Vulnerability[] {
  const v = f.props.vulnerability;
  if (v === undefined || v === null || v === '') return [];
  const items: unknown[] = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,，]/) : [v];
  const out: Vulnerability[] = [];
  for (const item of items) {
    const k = typeof item === 'string' ? item.trim().toUpperCase() : '';
    if (k === '' && typeof item === 'string' && !Array.isArray(v)) continue; // "ELDERLY," — a trailing comma
    if (!VULNERABILITY_SET.has(k)) {
      throw new ImportError(`特殊用户类别无效 / "vulnerability" lists ${JSON.stringify(item)}: each must be one of ${VULNERABILITIES.join(', ')}`, where(f));
    }
    if (!out.includes(k as Vulnerability)) out.push(k as Vulnerability);
  }
  return out;
}

/** An optional calendar date property `YYYY-MM-DD` that exists in the calendar (no 2026-02-30). */
function calendarDateOf(f: Feat, key: string, where: (f: Feat) => ImportLocation): string | null {
  const v = f.props[key];
  if (v === undefined || v === null || v === '') return null;
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.trim()) : null;
  const ok = m !== null && (() => {
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  })();
  if (!ok) throw new ImportError(`日期无效 / "${key}" must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`, where(f));
  return v.trim();
}

function importAreas(feats: Feat[], ctx: Helpers): PopulationArea[] {
  const { where, requireId, optNum, str } = ctx;
  const out: PopulationArea[] = [];
  const seen = new Set<string>();
  for (const f of feats) {
    const id = requireId(f);
    if (seen.has(id)) throw new ImportError(`duplicate population area id "${id}"`, where(f));
    seen.add(id);
    const population = optNum(f, 'population', { min: 0 });
    if (population === undefined) throw new ImportError('missing "population"', where(f));
    const polys: LonLat[][][] = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const rings of polys) {
      if (rings.length === 0) throw new ImportError('polygon has no rings', where(f));
      for (const ring of rings) {
        const a = ring[0], b = ring[ring.length - 1];
        if (ring.length < 4 || a[0] !== b[0] || a[1] !== b[1]) throw new ImportError('polygon ring must be closed and have at least 4 positions', where(f));
      }
    }
    const k = kinks({ type: 'Feature', properties: {}, geometry: f.geometry } as any);
    if (k.features.length > 0) {
      const [x, y] = k.features[0].geometry.coordinates;
      throw new ImportError(`面自相交 / self-intersecting polygon near (${x.toFixed(6)}, ${y.toFixed(6)})`, where(f));
    }
    out.push({ id, name: str(f.props.name), population, geometry: { type: f.geometry.type as 'Polygon' | 'MultiPolygon', coordinates: f.geometry.coordinates } });
  }
  return out;
}
