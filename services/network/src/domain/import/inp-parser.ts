import type { DemandEntry, LonLat, NetLink, NetNode, NetworkModel, NodeKind, Pattern } from '../model';
import { ImportError } from './errors';
import { looksLikeLonLat, makeLocalPlacer, makeProjector, Projector } from './reproject';

export interface InpParseOptions {
  /** CRS of the [COORDINATES]/[VERTICES] x/y, e.g. 'EPSG:4547'; reprojected to WGS84. */
  crs?: string;
  /** Without a CRS: where to place the model's plane. The plane's minimum x/y (bounding-box corner) lands here. */
  origin?: { lon: number; lat: number };
  /** File coordinate units per metre when placing at `origin` (default 1: coordinates are metres). */
  unitsPerMetre?: number;
}

/** m³/s per one unit of each EPANET flow unit; US units also switch lengths to ft and diameters to inches. */
const FLOW_UNITS: Record<string, { m3s: number; us: boolean }> = {
  CFS: { m3s: 0.028316846592, us: true },
  GPM: { m3s: 0.003785411784 / 60, us: true },
  MGD: { m3s: 3785.411784 / 86400, us: true },
  IMGD: { m3s: 4546.09 / 86400, us: true },
  AFD: { m3s: 1233.48183754752 / 86400, us: true },
  LPS: { m3s: 0.001, us: false },
  LPM: { m3s: 0.001 / 60, us: false },
  MLD: { m3s: 1000 / 86400, us: false },
  CMH: { m3s: 1 / 3600, us: false },
  CMD: { m3s: 1 / 86400, us: false },
  CMS: { m3s: 1, us: false },
};

const FT = 0.3048;
const INCH_MM = 25.4;
const LINK_STATUSES = new Set(['OPEN', 'CLOSED', 'CV', 'ACTIVE']);
/** EPANET 2.2's valve types (PCV is EPANET 2.3's positional control valve). */
const VALVE_TYPES = new Set(['PRV', 'PSV', 'PBV', 'FCV', 'TCV', 'GPV', 'PCV']);
/** The sections EPANET reads (2.2, plus 2.3's [LEAKAGE]); any other header is an error there and here. */
const KNOWN_SECTIONS = new Set([
  'TITLE', 'JUNCTIONS', 'RESERVOIRS', 'TANKS', 'PIPES', 'PUMPS', 'VALVES', 'CONTROLS', 'RULES', 'DEMANDS', 'SOURCES',
  'EMITTERS', 'PATTERNS', 'CURVES', 'QUALITY', 'STATUS', 'ROUGHNESS', 'ENERGY', 'REACTIONS', 'MIXING', 'REPORT', 'TIMES',
  'OPTIONS', 'COORDINATES', 'VERTICES', 'LABELS', 'BACKDROP', 'TAGS', 'LEAKAGE', 'END',
]);

interface Row {
  line: number;
  tokens: string[];
  /** The line without its comment, for [CONTROLS] kept verbatim. */
  text: string;
}

/** Splits a line on whitespace, keeping "quoted ids" whole. */
function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1] !== undefined ? m[1] : m[2]);
  return out;
}

function splitSections(text: string): Map<string, Row[]> {
  const sections = new Map<string, Row[]>();
  let current: Row[] | null = null;
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const semi = raw.indexOf(';');
    const body = (semi >= 0 ? raw.slice(0, semi) : raw).trim();
    if (!body) continue;
    const header = /^\[([^\]]+)\]/.exec(body);
    if (header) {
      const name = header[1].trim().toUpperCase();
      if (!KNOWN_SECTIONS.has(name)) {
        throw new ImportError(`未知的段 / unknown section [${header[1].trim()}] (EPANET sections: ${[...KNOWN_SECTIONS].map((k) => `[${k}]`).join(' ')})`, { section: name, line: i + 1 });
      }
      if (name === 'END') break; // EPANET stops reading at [END]
      current = sections.get(name) ?? [];
      sections.set(name, current);
      continue;
    }
    // Lines before the first section header are tolerated and ignored, as EPANET does.
    if (current) current.push({ line: i + 1, tokens: tokenize(body), text: body });
  }
  return sections;
}

/** EPANET time value: "h:mm[:ss]", or a number with an optional unit (SEC/MIN/HOURS/DAYS); a bare number is hours. */
function parseEpanetTime(value: string, unit: string | undefined, where: { section: string; line: number }): number {
  if (value.includes(':')) {
    const parts = value.split(':');
    if (parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) throw new ImportError(`malformed time "${value}"`, where);
    const [h, m = '0', s = '0'] = parts;
    return Math.round(Number(h) * 3600 + Number(m) * 60 + Number(s));
  }
  const n = Number(value);
  if (!Number.isFinite(n) || value === '') throw new ImportError(`malformed time "${value}"`, where);
  const u = (unit ?? 'HOURS').toUpperCase();
  if (u.startsWith('SEC')) return Math.round(n);
  if (u.startsWith('MIN')) return Math.round(n * 60);
  if (u.startsWith('HOU') || u === 'HR' || u === 'HRS' || u === 'H') return Math.round(n * 3600);
  if (u.startsWith('DAY')) return Math.round(n * 86400);
  if (u === 'AM' || u === 'PM') return Math.round(n * 3600);
  throw new ImportError(`unknown time unit "${unit}"`, where);
}

/**
 * Parses an EPANET .inp file into the plain network model: SI units (m³/s, m, mm), WGS84
 * coordinates, [STATUS]/[CONTROLS] kept as link attributes. Throws one ImportError naming the
 * section and line of the first problem; nothing is returned half-built.
 */
export function parseInp(text: string, opts: InpParseOptions = {}): NetworkModel {
  const sections = splitSections(text);
  const rows = (name: string): Row[] => sections.get(name) ?? [];

  const num = (tok: string | undefined, what: string, section: string, row: Row): number => {
    if (tok === undefined) throw new ImportError(`missing ${what}`, { section, line: row.line });
    const n = Number(tok);
    if (tok.trim() === '' || !Number.isFinite(n)) throw new ImportError(`malformed number "${tok}" for ${what}`, { section, line: row.line });
    return n;
  };
  const need = (row: Row, count: number, section: string, what: string, fields: string) => {
    if (row.tokens.length < count) {
      throw new ImportError(`${what} "${row.tokens[0]}" is missing required fields (expected: ${fields})`, { section, line: row.line });
    }
  };

  // [OPTIONS]: flow units, default pattern, demand multiplier.
  let flowUnits = 'GPM';
  let optionPattern: { id: string; line: number } | null = null;
  let demandMultiplier = 1;
  for (const row of rows('OPTIONS')) {
    const key = row.tokens[0].toUpperCase();
    if (key === 'UNITS') {
      const u = (row.tokens[1] ?? '').toUpperCase();
      if (!FLOW_UNITS[u]) {
        throw new ImportError(
          `不支持的流量单位 / unsupported flow units "${row.tokens[1] ?? ''}" (allowed: ${Object.keys(FLOW_UNITS).join(', ')})`,
          { section: 'OPTIONS', line: row.line },
        );
      }
      flowUnits = u;
    } else if (key === 'PATTERN') {
      if (row.tokens[1] === undefined) throw new ImportError('PATTERN needs a pattern id', { section: 'OPTIONS', line: row.line });
      optionPattern = { id: row.tokens[1], line: row.line };
    } else if (key === 'DEMAND' && (row.tokens[1] ?? '').toUpperCase() === 'MULTIPLIER') {
      demandMultiplier = num(row.tokens[2], 'DEMAND MULTIPLIER', 'OPTIONS', row);
    }
  }
  const { m3s: flowFactor, us } = FLOW_UNITS[flowUnits];
  const lenM = (v: number) => (us ? v * FT : v);
  const diaMm = (v: number) => (us ? v * INCH_MM : v);

  // [TIMES]: only the pattern step matters to the network model.
  let patternStepS = 3600;
  for (const row of rows('TIMES')) {
    const t = row.tokens.map((s) => s.toUpperCase());
    if (t[0] === 'PATTERN' && t[1] === 'TIMESTEP') {
      if (row.tokens[2] === undefined) throw new ImportError('PATTERN TIMESTEP needs a value', { section: 'TIMES', line: row.line });
      patternStepS = parseEpanetTime(row.tokens[2], row.tokens[3], { section: 'TIMES', line: row.line });
      if (patternStepS <= 0) throw new ImportError('PATTERN TIMESTEP must be positive', { section: 'TIMES', line: row.line });
    }
  }

  // [PATTERNS]: a pattern may continue over several lines with the same id.
  const patternMap = new Map<string, Pattern>();
  for (const row of rows('PATTERNS')) {
    const id = row.tokens[0];
    let p = patternMap.get(id);
    if (!p) patternMap.set(id, (p = { id, multipliers: [] }));
    for (let k = 1; k < row.tokens.length; k++) p.multipliers.push(num(row.tokens[k], `multiplier of pattern "${id}"`, 'PATTERNS', row));
  }
  const checkPattern = (id: string | undefined, section: string, row: Row, owner: string): string | null => {
    if (id === undefined) return null;
    if (!patternMap.has(id)) throw new ImportError(`${owner} refers to undefined pattern "${id}"`, { section, line: row.line });
    return id;
  };
  // EPANET writes "Pattern 1" by default even when no pattern "1" exists: a missing default means multiplier 1.
  const defaultPatternId = optionPattern ? (patternMap.has(optionPattern.id) ? optionPattern.id : null) : patternMap.has('1') ? '1' : null;

  // [CURVES]: only their ids matter here (pumps, GPVs and tank volume curves must name one that exists).
  const curveIds = new Set<string>();
  for (const row of rows('CURVES')) {
    need(row, 3, 'CURVES', 'curve point', 'ID X-Value Y-Value');
    num(row.tokens[1], `x of curve "${row.tokens[0]}"`, 'CURVES', row);
    num(row.tokens[2], `y of curve "${row.tokens[0]}"`, 'CURVES', row);
    curveIds.add(row.tokens[0]);
  }
  const checkCurve = (id: string | undefined, section: string, row: Row, owner: string): void => {
    if (id === undefined || !curveIds.has(id)) throw new ImportError(`${owner} refers to undefined curve "${id ?? ''}"`, { section, line: row.line });
  };
  const positive = (v: number, what: string, section: string, row: Row): number => {
    if (!(v > 0)) throw new ImportError(`${what} must be positive, got ${v}`, { section, line: row.line });
    return v;
  };

  // Nodes.
  const nodes: NetNode[] = [];
  const nodeById = new Map<string, NetNode>();
  const nodeLine = new Map<string, string>();
  const addNode = (node: NetNode, section: string, row: Row) => {
    const prev = nodeLine.get(node.id);
    if (prev) throw new ImportError(`duplicate node id "${node.id}" (already defined in ${prev})`, { section, line: row.line });
    nodeLine.set(node.id, `[${section}] line ${row.line}`);
    nodeById.set(node.id, node);
    nodes.push(node);
  };
  for (const row of rows('JUNCTIONS')) {
    need(row, 2, 'JUNCTIONS', 'junction', 'ID Elev [Demand] [Pattern]');
    const [id] = row.tokens;
    const elev = num(row.tokens[1], `elevation of junction "${id}"`, 'JUNCTIONS', row);
    const demands: DemandEntry[] = [];
    if (row.tokens.length > 2) {
      const base = num(row.tokens[2], `demand of junction "${id}"`, 'JUNCTIONS', row);
      demands.push({ baseM3s: base * flowFactor, patternId: checkPattern(row.tokens[3], 'JUNCTIONS', row, `junction "${id}"`) });
    }
    addNode({ id, kind: 'JUNCTION', coord: null, elevationM: lenM(elev), demands, area: null }, 'JUNCTIONS', row);
  }
  const addSource = (section: string, kind: NodeKind, fields: string) => {
    for (const row of rows(section)) {
      need(row, 2, section, kind.toLowerCase(), fields);
      const [id] = row.tokens;
      const elev = num(row.tokens[1], `${section === 'TANKS' ? 'elevation' : 'head'} of ${kind.toLowerCase()} "${id}"`, section, row);
      if (section === 'RESERVOIRS') checkPattern(row.tokens[2], section, row, `reservoir "${id}"`);
      if (section === 'TANKS') {
        need(row, 7, section, 'tank', fields);
        for (const [k, what] of [[2, 'initial level'], [3, 'minimum level'], [4, 'maximum level'], [6, 'minimum volume']] as const) {
          if (num(row.tokens[k], `${what} of tank "${id}"`, section, row) < 0) throw new ImportError(`${what} of tank "${id}" must not be negative`, { section, line: row.line });
        }
        if (row.tokens[7] !== undefined && row.tokens[7] !== '*') checkCurve(row.tokens[7], section, row, `tank "${id}"`);
        else positive(num(row.tokens[5], `diameter of tank "${id}"`, section, row), `diameter of tank "${id}"`, section, row);
      }
      addNode({ id, kind, coord: null, elevationM: lenM(elev), demands: [], area: null }, section, row);
    }
  };
  addSource('RESERVOIRS', 'RESERVOIR', 'ID Head [Pattern]');
  addSource('TANKS', 'TANK', 'ID Elevation InitLevel MinLevel MaxLevel Diameter MinVol [VolCurve]');

  // Links.
  const links: NetLink[] = [];
  const linkById = new Map<string, NetLink>();
  const linkLine = new Map<string, string>();
  const endNode = (id: string, linkId: string, kind: string, section: string, row: Row) => {
    if (!nodeById.has(id)) throw new ImportError(`${kind} "${linkId}" refers to unknown node "${id}"`, { section, line: row.line });
    return id;
  };
  const ends = (row: Row, kind: string, section: string): [string, string] => {
    const [id, n1, n2] = row.tokens;
    const from = endNode(n1, id, kind, section, row);
    const to = endNode(n2, id, kind, section, row);
    // EPANET error 222: a link must join two different nodes.
    if (from === to) throw new ImportError(`${kind} "${id}" starts and ends at the same node "${from}"`, { section, line: row.line });
    return [from, to];
  };
  const addLink = (link: NetLink, section: string, row: Row) => {
    const prev = linkLine.get(link.id);
    if (prev) throw new ImportError(`duplicate link id "${link.id}" (already defined in ${prev})`, { section, line: row.line });
    linkLine.set(link.id, `[${section}] line ${row.line}`);
    linkById.set(link.id, link);
    links.push(link);
  };
  for (const row of rows('PIPES')) {
    need(row, 6, 'PIPES', 'pipe', 'ID Node1 Node2 Length Diameter Roughness [MinorLoss] [Status]');
    const [id] = row.tokens;
    const [from, to] = ends(row, 'pipe', 'PIPES');
    // EPANET error 211: length, diameter and roughness must be positive.
    const length = positive(num(row.tokens[3], `length of pipe "${id}"`, 'PIPES', row), `length of pipe "${id}"`, 'PIPES', row);
    const diameter = positive(num(row.tokens[4], `diameter of pipe "${id}"`, 'PIPES', row), `diameter of pipe "${id}"`, 'PIPES', row);
    const roughness = positive(num(row.tokens[5], `roughness of pipe "${id}"`, 'PIPES', row), `roughness of pipe "${id}"`, 'PIPES', row);
    // Status is the 8th field, or the 7th when the minor loss is left out.
    let status: string | null = null;
    for (const k of [7, 6]) {
      const s = row.tokens[k]?.toUpperCase();
      if (s !== undefined && LINK_STATUSES.has(s)) { status = s; break; }
    }
    if (row.tokens[6] !== undefined && status === null) num(row.tokens[6], `minor loss of pipe "${id}"`, 'PIPES', row);
    addLink({ id, kind: 'PIPE', from, to, lengthM: lenM(length), diameterMm: diaMm(diameter), roughness, material: null, status, vertices: [], area: null }, 'PIPES', row);
  }
  for (const row of rows('PUMPS')) {
    need(row, 3, 'PUMPS', 'pump', 'ID Node1 Node2 Parameters');
    const [id] = row.tokens;
    const [from, to] = ends(row, 'pump', 'PUMPS');
    // Parameters are keyword/value pairs; EPANET (error 226) needs a head curve or a power rating.
    let driven = false;
    for (let k = 3; k < row.tokens.length; k += 2) {
      const key = row.tokens[k].toUpperCase();
      const value = row.tokens[k + 1];
      if (value === undefined) throw new ImportError(`pump "${id}": ${row.tokens[k]} needs a value`, { section: 'PUMPS', line: row.line });
      if (key === 'HEAD') { checkCurve(value, 'PUMPS', row, `pump "${id}"`); driven = true; }
      else if (key === 'POWER') { positive(num(value, `power of pump "${id}"`, 'PUMPS', row), `power of pump "${id}"`, 'PUMPS', row); driven = true; }
      else if (key === 'SPEED') { if (num(value, `speed of pump "${id}"`, 'PUMPS', row) < 0) throw new ImportError(`speed of pump "${id}" must not be negative`, { section: 'PUMPS', line: row.line }); }
      else if (key === 'PATTERN') checkPattern(value, 'PUMPS', row, `pump "${id}"`);
      else throw new ImportError(`pump "${id}": unknown parameter "${row.tokens[k]}" (HEAD, POWER, SPEED or PATTERN)`, { section: 'PUMPS', line: row.line });
    }
    if (!driven) throw new ImportError(`pump "${id}" has neither a head curve (HEAD) nor a power rating (POWER)`, { section: 'PUMPS', line: row.line });
    addLink({ id, kind: 'PUMP', from, to, material: null, status: null, vertices: [], area: null }, 'PUMPS', row);
  }
  for (const row of rows('VALVES')) {
    need(row, 6, 'VALVES', 'valve', 'ID Node1 Node2 Diameter Type Setting [MinorLoss]');
    const [id] = row.tokens;
    const [from, to] = ends(row, 'valve', 'VALVES');
    const diameter = positive(num(row.tokens[3], `diameter of valve "${id}"`, 'VALVES', row), `diameter of valve "${id}"`, 'VALVES', row);
    const type = row.tokens[4].toUpperCase();
    if (!VALVE_TYPES.has(type)) throw new ImportError(`valve "${id}" has unknown type "${row.tokens[4]}" (EPANET types: ${[...VALVE_TYPES].join(', ')})`, { section: 'VALVES', line: row.line });
    // A general-purpose valve's setting is the id of its head-loss curve; every other type's is a number.
    if (type === 'GPV') checkCurve(row.tokens[5], 'VALVES', row, `valve "${id}"`);
    else num(row.tokens[5], `setting of valve "${id}"`, 'VALVES', row);
    addLink({ id, kind: 'VALVE', from, to, diameterMm: diaMm(diameter), material: null, status: null, vertices: [], area: null }, 'VALVES', row);
  }

  // [DEMANDS] replaces the [JUNCTIONS] demand of every junction it names (EPANET semantics).
  const replaced = new Set<string>();
  for (const row of rows('DEMANDS')) {
    need(row, 2, 'DEMANDS', 'demand for junction', 'Junction Demand [Pattern] [;Category]');
    const [id] = row.tokens;
    const node = nodeById.get(id);
    if (!node) throw new ImportError(`demand refers to unknown node "${id}"`, { section: 'DEMANDS', line: row.line });
    if (node.kind !== 'JUNCTION') throw new ImportError(`demand given for ${node.kind.toLowerCase()} "${id}"; only junctions take demands`, { section: 'DEMANDS', line: row.line });
    const base = num(row.tokens[1], `demand of junction "${id}"`, 'DEMANDS', row);
    const patternId = checkPattern(row.tokens[2], 'DEMANDS', row, `demand of junction "${id}"`);
    if (!replaced.has(id)) { replaced.add(id); node.demands = []; }
    node.demands.push({ baseM3s: base * flowFactor, patternId });
  }

  // [STATUS]: initial status overrides; numeric settings (pump speed, valve setting) are not statuses.
  for (const row of rows('STATUS')) {
    need(row, 2, 'STATUS', 'status for link', 'ID Status/Setting');
    const link = linkById.get(row.tokens[0]);
    if (!link) throw new ImportError(`status refers to unknown link "${row.tokens[0]}"`, { section: 'STATUS', line: row.line });
    const s = row.tokens[1].toUpperCase();
    if (LINK_STATUSES.has(s)) link.status = s;
    else num(row.tokens[1], `setting of link "${link.id}"`, 'STATUS', row);
  }

  // [CONTROLS]: kept verbatim on the link they drive — operating rules, never isolation barriers.
  for (const row of rows('CONTROLS')) {
    const t = row.tokens.map((s) => s.toUpperCase());
    if (t[0] !== 'LINK' || row.tokens.length < 4) throw new ImportError(`malformed control "${row.text}" (expected LINK id status IF NODE id ABOVE|BELOW value, or LINK id status AT TIME|CLOCKTIME t)`, { section: 'CONTROLS', line: row.line });
    const link = linkById.get(row.tokens[1]);
    if (!link) throw new ImportError(`control refers to unknown link "${row.tokens[1]}"`, { section: 'CONTROLS', line: row.line });
    const nodeAt = t.indexOf('NODE');
    if (nodeAt >= 0 && !nodeById.has(row.tokens[nodeAt + 1])) {
      throw new ImportError(`control on link "${link.id}" refers to unknown node "${row.tokens[nodeAt + 1] ?? ''}"`, { section: 'CONTROLS', line: row.line });
    }
    (link.controls ??= []).push(row.text.replace(/\s+/g, ' '));
  }

  if (nodes.length === 0) throw new ImportError('空管网 / empty network: no junctions, reservoirs or tanks', { section: 'JUNCTIONS' });
  if (!nodes.some((n) => n.kind !== 'JUNCTION')) {
    throw new ImportError('管网没有水源 / the network has no source (no reservoir or tank)', { section: 'RESERVOIRS' });
  }

  placeCoordinates(rows('COORDINATES'), rows('VERTICES'), nodeById, linkById, opts);

  return {
    nodes,
    links,
    valves: [],
    servicePoints: [],
    populationAreas: [],
    patterns: [...patternMap.values()],
    options: { patternStepS, demandMultiplier, defaultPatternId, flowUnits },
  };
}

function placeCoordinates(
  coordRows: Row[],
  vertexRows: Row[],
  nodeById: Map<string, NetNode>,
  linkById: Map<string, NetLink>,
  opts: InpParseOptions,
): void {
  const xy = (row: Row, section: string): [number, number] => {
    if (row.tokens.length < 3) throw new ImportError(`"${row.tokens[0]}" is missing required fields (expected: ID X-Coord Y-Coord)`, { section, line: row.line });
    const x = Number(row.tokens[1]);
    const y = Number(row.tokens[2]);
    if (!Number.isFinite(x)) throw new ImportError(`malformed number "${row.tokens[1]}" for x of "${row.tokens[0]}"`, { section, line: row.line });
    if (!Number.isFinite(y)) throw new ImportError(`malformed number "${row.tokens[2]}" for y of "${row.tokens[0]}"`, { section, line: row.line });
    return [x, y];
  };
  const nodeXY: { node: NetNode; p: [number, number]; row: Row }[] = [];
  for (const row of coordRows) {
    const node = nodeById.get(row.tokens[0]);
    if (!node) throw new ImportError(`coordinates given for unknown node "${row.tokens[0]}"`, { section: 'COORDINATES', line: row.line });
    nodeXY.push({ node, p: xy(row, 'COORDINATES'), row });
  }
  const vertexXY: { link: NetLink; p: [number, number]; row: Row }[] = [];
  for (const row of vertexRows) {
    const link = linkById.get(row.tokens[0]);
    if (!link) throw new ImportError(`vertex given for unknown link "${row.tokens[0]}"`, { section: 'VERTICES', line: row.line });
    vertexXY.push({ link, p: xy(row, 'VERTICES'), row });
  }
  const all = [...nodeXY, ...vertexXY];
  if (all.length === 0) return;

  let project: Projector;
  if (opts.crs) {
    project = makeProjector(opts.crs, { section: 'COORDINATES' });
  } else if (opts.origin) {
    const { lon, lat } = opts.origin;
    if (!(Math.abs(lon) <= 180 && Math.abs(lat) < 90)) throw new ImportError(`origin (${lon}, ${lat}) is not a valid lon/lat`, { section: 'COORDINATES' });
    const upm = opts.unitsPerMetre ?? 1;
    if (!(upm > 0)) throw new ImportError(`unitsPerMetre must be positive, got ${upm}`, { section: 'COORDINATES' });
    let minX = Infinity, minY = Infinity;
    for (const { p } of all) { if (p[0] < minX) minX = p[0]; if (p[1] < minY) minY = p[1]; }
    project = makeLocalPlacer(opts.origin, minX, minY, upm);
  } else if (looksLikeLonLat(all.map((a) => a.p))) {
    project = (x, y) => [x, y];
  } else {
    const first = all[0];
    throw new ImportError(
      `坐标不是经纬度，请提供 crs 或 origin / coordinates (${first.p[0]}, ${first.p[1]}) are not lon/lat: give a crs (e.g. EPSG:4547) or an origin lon/lat`,
      { section: nodeXY.length ? 'COORDINATES' : 'VERTICES', line: first.row.line },
    );
  }
  const toLonLat = (p: [number, number], row: Row, section: string): LonLat => {
    const ll = project(p[0], p[1]);
    if (!Number.isFinite(ll[0]) || !Number.isFinite(ll[1]) || Math.abs(ll[1]) > 90) {
      throw new ImportError(`coordinates (${p[0]}, ${p[1]}) of "${row.tokens[0]}" cannot be reprojected${opts.crs ? ` from ${opts.crs}` : ''}`, { section, line: row.line });
    }
    return ll;
  };
  for (const { node, p, row } of nodeXY) node.coord = toLonLat(p, row, 'COORDINATES');
  for (const { link, p, row } of vertexXY) link.vertices.push(toLonLat(p, row, 'VERTICES'));
}
