// The demo's heat and gas networks for `npm start` (issue 9, "Demo and documentation"), beside the water
// district of demo-city.ts and generated the same way: from a fixed seed, in a few ms, no file in git.
//
// Heat (江城示范供热区, east of the water district): the company's own heat source (江城热电厂, HEAT_SOURCE)
// feeds three substations (换热站) along a primary main; a fourth substation (东湖换热站, SUBSTATION) takes
// its heat from the city's primary network, which is not in this model, so it is a source of its own.
// The whole network is drawn as two lines (docs/domain.md "Network facts"): every pipe is on the supply or
// the return line, the lines meet only at the two sources, and each residential compound hangs between a
// node on each line (`nodeId`, `returnNodeId`). The three own substations are therefore nodes, not sources:
// a break on the primary main cuts off every compound behind it, as it would in the street.
//
// Gas (江城示范燃气区, south of the water district): a gate station (江城门站, GATE_STATION) and a
// high-to-medium regulator station (东区调压站, REGULATOR) feed a medium-pressure main along 南环路 from both
// ends and are joined by a sub-high-pressure line with a ceramics works on it; four district regulator boxes
// (调压箱) feed low-pressure lines into the compounds, with one service point per household, each with the
// date of its last safety inspection. Dates are days before the load date, so the one household that is
// overdue for its yearly inspection is overdue whatever day the demo is first loaded.
import { mulberry32 } from '@mainline/common/domain';

export const HEAT_SEED = 20261202;
export const GAS_SEED = 20261203;
export const DEMO_HEAT_NAME = '江城示范供热区 Jiangcheng demo heating district';
export const DEMO_GAS_NAME = '江城示范燃气区 Jiangcheng demo gas district';

type LonLat = [number, number];
interface Collection { type: 'FeatureCollection'; features: unknown[] }

const M_PER_DEG_LAT = 111_320;
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Metres east/north of an origin → lon/lat. */
function grid(origin: { lon: number; lat: number }) {
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((origin.lat * Math.PI) / 180);
  return (x: number, y: number): LonLat => [round(origin.lon + x / mPerDegLon), round(origin.lat + y / M_PER_DEG_LAT)];
}

/** A point `m` metres from `a` towards `b` (valves are drawn a little way along their pipe, not on the junction). */
function along(a: LonLat, b: LonLat, m: number): LonLat {
  const k = Math.cos((a[1] * Math.PI) / 180);
  const dx = (b[0] - a[0]) * k * M_PER_DEG_LAT;
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  const f = Math.min(0.5, m / Math.hypot(dx, dy));
  return [round(a[0] + (b[0] - a[0]) * f), round(a[1] + (b[1] - a[1]) * f)];
}

function collector() {
  const features: unknown[] = [];
  const feature = (geometry: unknown, properties: Record<string, unknown>) => features.push({ type: 'Feature', geometry, properties });
  const point = (c: LonLat) => ({ type: 'Point', coordinates: c });
  const line = (...c: LonLat[]) => ({ type: 'LineString', coordinates: c });
  return { features, feature, point, line };
}

/** Where a valve on (link, node) is drawn: 8 m from the node along the pipe's first leg. */
function valvePoint(lines: Map<string, LonLat[]>, nodes: Map<string, LonLat>, v: { linkId: string; nodeId: string }): LonLat {
  const c = lines.get(v.linkId)!;
  const n = nodes.get(v.nodeId)!;
  const atStart = c[0][0] === n[0] && c[0][1] === n[1];
  return atStart ? along(c[0], c[1], 8) : along(c[c.length - 1], c[c.length - 2], 8);
}

// --- heat ------------------------------------------------------------------------------------------

/** East of the water district (its reservoir is at about 113.303 E), south bank. */
const HEAT_ORIGIN = { lon: 113.312, lat: 23.092 };
const SUBSTATION_SPACING_M = 350;
const BRANCH_STEP_M = 120;
/** The two lines are drawn this far apart. */
const LINE_GAP_M = 20;
const COMPOUNDS_PER_BRANCH = 4;
const PERSONS_PER_HOUSEHOLD = 2.8;

const SUBSTATIONS = [
  { name: '1号青松换热站', street: '青松路' },
  { name: '2号白桦换热站', street: '白桦路' },
  { name: '3号红枫换热站', street: '红枫路' },
  { name: '4号东湖换热站', street: '东湖路' },
] as const;
const HEAT_COMPOUNDS = [
  '青松苑', '松涛小区', '翠柏家园', '林海花园',
  '白桦新村', '暖阳小区', '桦林苑', '雪松家园',
  '红枫小区', '枫丹花园', '金秋苑', '瑞雪家园',
  '东湖春晓', '湖畔人家', '锦湖苑', '东湖新村',
];
/** On the branch of substation `branch` (1-based), at compound `at`. */
const HEAT_IMPORTANT = [
  { branch: 1, at: 3, id: 'HC-IMP-SCHOOL', name: '青松中学', important: 'SCHOOL', customerType: 'PUBLIC_BUILDING', persons: 1200 },
  { branch: 2, at: 2, id: 'HC-IMP-HOSPITAL', name: '江城市第三人民医院', important: 'HOSPITAL', customerType: 'PUBLIC_BUILDING', persons: 650 },
] as const;

export interface DemoHeat {
  name: string;
  geojson: Collection;
  pipeCount: number;
  valveCount: number;
  totalPersons: number;
  /** Persons on each substation's compounds (branch 1..4), important users included. */
  branchPersons: number[];
  /** Pipes worth planning on (README "Demo data"). */
  pipes: {
    /** The primary supply main out of the heat source: substations 1–3 lose heat (above 5,000 people). */
    primarySupply: string;
    /** The first supply pipe of substation 2's branch, and the return pipe beside it: the same compounds. */
    branchSupply: string;
    branchReturn: string;
    /** The pipe of the demo's planned stop of heat (substation 3's second compound onwards, under 5,000 people). */
    plannedWork: string;
  };
  inoperableValves: string[];
  compounds: Array<{ id: string; name: string; address: string; lon: number; lat: number; branch: number }>;
}

export function generateDemoHeat(seed = HEAT_SEED): DemoHeat {
  const rnd = mulberry32(seed);
  const at = grid(HEAT_ORIGIN);
  const { features, feature, point, line } = collector();
  const nodeAt = new Map<string, LonLat>();
  const node = (id: string, x: number, y: number, props: Record<string, unknown>) => {
    const c = at(x, y);
    nodeAt.set(id, c);
    feature(point(c), { id, ...props });
  };
  const pipeLine = new Map<string, LonLat[]>();
  const pipe = (id: string, from: string, to: string, circuit: 'SUPPLY' | 'RETURN', diameterMm: number, area: string, via: LonLat[] = []) => {
    const c = [nodeAt.get(from)!, ...via, nodeAt.get(to)!];
    pipeLine.set(id, c);
    feature(line(...c), { layer: 'pipe', id, from, to, circuit, diameterMm, material: '预制直埋保温钢管', area });
  };
  const valves: Array<{ id: string; linkId: string; nodeId: string; diameterMm: number }> = [];
  const valve = (linkId: string, nodeId: string, diameterMm: number) => valves.push({ id: `V-${linkId}`, linkId, nodeId, diameterMm });

  node('HEAT-PLANT', 0, 0, { layer: 'source', sourceKind: 'HEAT_SOURCE', area: '江城热电厂' });
  const east = 4 * SUBSTATION_SPACING_M;
  node('SUB-4', east, 0, { layer: 'source', sourceKind: 'SUBSTATION', area: `${SUBSTATIONS[3].name}（市政一次网）` });

  // The primary main along 热电大道: supply on the street line, return LINE_GAP_M south of it.
  const primaryDn = [500, 400, 300];
  for (let k = 1; k <= 3; k++) {
    const x = k * SUBSTATION_SPACING_M;
    node(`S-M${k}`, x, 0, { layer: 'junction', area: SUBSTATIONS[k - 1].name });
    node(`R-M${k}`, x, -LINE_GAP_M, { layer: 'junction', area: SUBSTATIONS[k - 1].name });
    const prevS = k === 1 ? 'HEAT-PLANT' : `S-M${k - 1}`;
    const prevR = k === 1 ? 'HEAT-PLANT' : `R-M${k - 1}`;
    pipe(`HP-S-${k}`, prevS, `S-M${k}`, 'SUPPLY', primaryDn[k - 1], '热电大道一次网供水');
    // The first return pipe bends up into the plant beside the supply pipe.
    pipe(`HP-R-${k}`, `R-M${k}`, prevR, 'RETURN', primaryDn[k - 1], '热电大道一次网回水', k === 1 ? [at(LINE_GAP_M, -LINE_GAP_M)] : []);
    // Line valves at the plant end of each primary pipe, on both lines.
    valve(`HP-S-${k}`, prevS, primaryDn[k - 1]);
    valve(`HP-R-${k}`, prevR, primaryDn[k - 1]);
  }

  // One secondary branch per substation, north along its street, the return line LINE_GAP_M east.
  const compounds: DemoHeat['compounds'] = [];
  const branchPersons = [0, 0, 0, 0];
  let totalPersons = 0;
  const secondaryDn = [200, 150, 125, 100];
  for (let k = 1; k <= 4; k++) {
    const x = k * SUBSTATION_SPACING_M;
    const { street } = SUBSTATIONS[k - 1];
    const rootS = k === 4 ? 'SUB-4' : `S-M${k}`;
    const rootR = k === 4 ? 'SUB-4' : `R-M${k}`;
    for (let j = 1; j <= COMPOUNDS_PER_BRANCH; j++) {
      const name = HEAT_COMPOUNDS[(k - 1) * COMPOUNDS_PER_BRANCH + j - 1];
      node(`S-${k}-${j}`, x, j * BRANCH_STEP_M, { layer: 'junction', area: name });
      node(`R-${k}-${j}`, x + LINE_GAP_M, j * BRANCH_STEP_M, { layer: 'junction', area: name });
      const upS = j === 1 ? rootS : `S-${k}-${j - 1}`;
      const upR = j === 1 ? rootR : `R-${k}-${j - 1}`;
      const dn = secondaryDn[j - 1];
      pipe(`H-S-${k}-${j}`, upS, `S-${k}-${j}`, 'SUPPLY', dn, `${street}二次网供水`);
      // The return pipe of the first compound turns west to its substation's return node (on the main it
      // crosses the supply line without touching it; the lines meet only at sources).
      const via: LonLat[] = j === 1 ? [at(x + LINE_GAP_M, k === 4 ? LINE_GAP_M : -LINE_GAP_M)] : [];
      pipe(`H-R-${k}-${j}`, `R-${k}-${j}`, upR, 'RETURN', dn, `${street}二次网回水`, via);
      // A valve at the substation end of every secondary pipe, on both lines: a break on one line is
      // isolated by that line's valves.
      valve(`H-S-${k}-${j}`, upS, dn);
      valve(`H-R-${k}-${j}`, upR, dn);

      const households = 150 + Math.floor(rnd() * 300);
      const persons = Math.round(households * PERSONS_PER_HOUSEHOLD);
      const [lon, lat] = at(x - 45, j * BRANCH_STEP_M - 20);
      const id = `HC-${k}-${j}`;
      const address = `${street}${j * 12 + 1}号${name}`;
      feature(point([lon, lat]), {
        layer: 'service_point', id, nodeId: `S-${k}-${j}`, returnNodeId: `R-${k}-${j}`, households, persons, area: name, address,
        phone: `0766${String(3000 + k * 100 + j * 7).padStart(4, '0')}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`,
      });
      compounds.push({ id, name, address, lon, lat, branch: k });
      branchPersons[k - 1] += persons;
      totalPersons += persons;
      const imp = HEAT_IMPORTANT.find((u) => u.branch === k && u.at === j);
      if (imp) {
        feature(point(at(x - 45, j * BRANCH_STEP_M + 25)), {
          layer: 'service_point', id: imp.id, nodeId: `S-${k}-${j}`, returnNodeId: `R-${k}-${j}`, persons: imp.persons, important: imp.important,
          customerType: imp.customerType, name: imp.name, address: `${street}${j * 12 + 2}号`, area: name, phone: `0766889${String(1000 + k).slice(1)}`,
        });
        branchPersons[k - 1] += imp.persons;
        totalPersons += imp.persons;
      }
    }
  }

  // A seized valve on the return line of substation 3: a plan on that line goes past it.
  const inoperable = ['V-H-R-3-2'];
  for (const v of valves) {
    feature(point(valvePoint(pipeLine, nodeAt, v)), { layer: 'valve', id: v.id, linkId: v.linkId, nodeId: v.nodeId, diameterMm: v.diameterMm, state: 'OPEN', operable: !inoperable.includes(v.id) });
  }
  return {
    name: DEMO_HEAT_NAME,
    geojson: { type: 'FeatureCollection', features },
    pipeCount: pipeLine.size,
    valveCount: valves.length,
    totalPersons,
    branchPersons,
    pipes: { primarySupply: 'HP-S-1', branchSupply: 'H-S-2-1', branchReturn: 'H-R-2-1', plannedWork: 'H-S-3-2' },
    inoperableValves: inoperable,
    compounds,
  };
}

// --- gas -------------------------------------------------------------------------------------------

/** South of the water district (its first street is at 23.085 N). */
const GAS_ORIGIN = { lon: 113.266, lat: 23.073 };
const BOX_SPACING_M = 300;
const LOW_STEP_M = 80;
const LOW_NODES = 3;

const GAS_BRANCHES = [
  { compound: '南湖新村', street: '南湖路' },
  { compound: '柳岸小区', street: '柳堤路' },
  { compound: '金港花园', street: '金港路' },
  { compound: '荷塘苑', street: '荷塘路' },
] as const;

export type CustomerType = 'RESIDENTIAL' | 'COMMERCIAL' | 'INDUSTRIAL' | 'PUBLIC_BUILDING';
export interface GasCustomer {
  id: string;
  customerType: CustomerType;
  address: string;
  lon: number;
  lat: number;
  persons: number;
  /** Days before the load date of the last safety inspection; null: never inspected (a new connection). */
  inspectedDaysAgo: number | null;
  lastInspectedOn: string | null;
  vulnerability: string[];
  name: string | null;
}

export interface DemoGas {
  name: string;
  geojson: Collection;
  pipeCount: number;
  valveCount: number;
  totalPersons: number;
  customers: GasCustomer[];
  /** The one household past its yearly inspection, the elderly household, the public building, the restaurants. */
  overdueHousehold: GasCustomer;
  elderlyHousehold: GasCustomer;
  publicBuilding: GasCustomer;
  commercial: GasCustomer[];
  pipes: {
    /** A medium-pressure pipe on 南环路: the district regulator box behind it loses gas (the major fault). */
    mediumMain: string;
    /** The sub-high-pressure line between the two stations. */
    subHigh: string;
  };
  /** Persons behind district regulator box k (1..4). */
  boxPersons: number[];
}

/** `YYYY-MM-DD` of `days` before the local date `today`. */
export function daysBefore(today: string, days: number): string {
  const t = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The gas district as loaded on the local date `today` (YYYY-MM-DD): the same seed and date give the same
 * file. Inspection dates are `today` minus a fixed number of days per household.
 */
export function generateDemoGas(today: string, seed = GAS_SEED): DemoGas {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  const rnd = mulberry32(seed);
  const at = grid(GAS_ORIGIN);
  const { features, feature, point, line } = collector();
  const nodeAt = new Map<string, LonLat>();
  const node = (id: string, x: number, y: number, props: Record<string, unknown>) => {
    const c = at(x, y);
    nodeAt.set(id, c);
    feature(point(c), { id, ...props });
  };
  const pipeLine = new Map<string, LonLat[]>();
  const pipe = (id: string, from: string, to: string, pressureLevel: string, diameterMm: number, material: string, area: string) => {
    const c = [nodeAt.get(from)!, nodeAt.get(to)!];
    pipeLine.set(id, c);
    feature(line(...c), { layer: 'pipe', id, from, to, pressureLevel, diameterMm, material, area });
  };
  const valves: Array<{ id: string; linkId: string; nodeId: string; diameterMm: number }> = [];
  const valve = (linkId: string, nodeId: string, diameterMm: number, suffix = '') => valves.push({ id: `V-${linkId}${suffix}`, linkId, nodeId, diameterMm });

  const eastX = 5 * BOX_SPACING_M;
  node('GATE-1', 0, 0, { layer: 'source', sourceKind: 'GATE_STATION', area: '江城门站' });
  node('REG-1', eastX, 0, { layer: 'source', sourceKind: 'REGULATOR', area: '东区高中压调压站' });

  // The sub-high-pressure line between the stations, south of 南环路, with the ceramics works on it.
  node('GJ-SH', eastX / 2, -150, { layer: 'junction', area: '次高压联络线' });
  pipe('G-SH-1', 'GATE-1', 'GJ-SH', 'SUB_HIGH', 300, '钢管', '次高压联络线');
  pipe('G-SH-2', 'GJ-SH', 'REG-1', 'SUB_HIGH', 300, '钢管', '次高压联络线');
  valve('G-SH-1', 'GATE-1', 300);
  valve('G-SH-2', 'REG-1', 300);

  // The medium-pressure main along 南环路, fed from both stations: a line valve at the west end of each
  // pipe and one at the regulator station's outlet, so a break closes the pipe and the regulator box it
  // reaches first (the rest of the main stays fed from one station or the other).
  for (let k = 1; k <= 4; k++) node(`GM-${k}`, k * BOX_SPACING_M, 0, { layer: 'junction', area: '南环路' });
  const mainNodes = ['GATE-1', 'GM-1', 'GM-2', 'GM-3', 'GM-4', 'REG-1'];
  for (let k = 1; k <= 5; k++) {
    const dn = k === 1 || k === 5 ? 250 : 200;
    pipe(`G-M-${k}`, mainNodes[k - 1], mainNodes[k], 'MEDIUM', dn, 'PE100', '南环路中压干管');
    valve(`G-M-${k}`, mainNodes[k - 1], dn);
  }
  valve('G-M-5', 'REG-1', 250, '-REG');

  // District regulator boxes north of the main, each feeding a low-pressure line into its compound.
  const customers: GasCustomer[] = [];
  const boxPersons = [0, 0, 0, 0];
  let seq = 0;
  for (let k = 1; k <= 4; k++) {
    const x = k * BOX_SPACING_M;
    const { compound, street } = GAS_BRANCHES[k - 1];
    node(`GB-${k}`, x, 60, { layer: 'junction', area: `${compound}调压箱` });
    pipe(`G-B-${k}`, `GM-${k}`, `GB-${k}`, 'MEDIUM', 100, 'PE100', `${compound}调压箱进口`);
    valve(`G-B-${k}`, `GM-${k}`, 100);
    for (let j = 1; j <= LOW_NODES; j++) {
      const id = `GL-${k}-${j}`;
      node(id, x, 60 + j * LOW_STEP_M, { layer: 'junction', area: compound });
      const up = j === 1 ? `GB-${k}` : `GL-${k}-${j - 1}`;
      pipe(`G-L-${k}-${j}`, up, id, 'LOW', j === 1 ? 110 : 90, 'PE80', `${street}低压管`);
      valve(`G-L-${k}-${j}`, up, j === 1 ? 110 : 90);
      // Households of one building on this node: 3 or 4.
      const n = 3 + Math.floor(rnd() * 2);
      for (let m = 1; m <= n; m++) {
        seq++;
        const [lon, lat] = at(x + (m % 2 ? -1 : 1) * (12 + 8 * m), 60 + j * LOW_STEP_M + (m - 2) * 6);
        customers.push({
          id: `GH-${k}-${j}-${m}`, customerType: 'RESIDENTIAL', address: `${street}${j * 2 + 1}号${compound}${j}栋${Math.ceil(m / 2)}单元${100 * m + j}室`,
          lon, lat, persons: 1 + Math.floor(rnd() * 5),
          // Inspected inside the last year, spread over it; the special households are set below.
          inspectedDaysAgo: 15 + Math.floor(rnd() * 320), lastInspectedOn: null, vulnerability: [], name: null,
        });
      }
    }
  }
  const household = (id: string) => customers.find((c) => c.id === id)!;
  // Past the yearly inspection (docs/domain.md "Gas utility": every household once a year).
  const overdue = household('GH-2-3-2');
  overdue.inspectedDaysAgo = 430;
  // Nearly due: inside the last fortnight of its year.
  household('GH-3-1-1').inspectedDaysAgo = 358;
  // A new connection, never inspected yet.
  const fresh = household('GH-4-2-1');
  fresh.inspectedDaysAgo = null;
  // A vulnerable user registered for priority service.
  const elderly = household('GH-1-2-1');
  elderly.vulnerability = ['ELDERLY'];
  elderly.persons = 1;
  elderly.inspectedDaysAgo = 200;
  household('GH-3-2-2').vulnerability = ['ELDERLY', 'DISABLED'];

  // Non-residential customers: a primary school (a public building: inspected before each of the three
  // holidays), two restaurants on the main and the ceramics works on the sub-high-pressure line.
  const others: Array<Omit<GasCustomer, 'lon' | 'lat' | 'lastInspectedOn' | 'vulnerability'> & { node: string; x: number; y: number; area: string; important?: string }> = [
    { id: 'GC-SCHOOL', customerType: 'PUBLIC_BUILDING', name: '南湖小学', address: '南湖路2号', persons: 900, inspectedDaysAgo: 62, node: 'GL-1-3', area: '南湖新村', x: BOX_SPACING_M + 60, y: 300, important: 'SCHOOL' },
    { id: 'GC-RESTAURANT-1', customerType: 'COMMERCIAL', name: '粤香楼酒家', address: '南环路188号', persons: 30, inspectedDaysAgo: 96, node: 'GL-2-1', area: '南环路', x: 2 * BOX_SPACING_M + 55, y: 120 },
    { id: 'GC-RESTAURANT-2', customerType: 'COMMERCIAL', name: '老李家面馆', address: '金港路6号', persons: 6, inspectedDaysAgo: 301, node: 'GL-3-1', area: '金港花园', x: 3 * BOX_SPACING_M + 55, y: 135 },
    { id: 'GC-FACTORY', customerType: 'INDUSTRIAL', name: '江城陶瓷厂', address: '南环路东段次高压联络线旁', persons: 160, inspectedDaysAgo: 150, node: 'GJ-SH', area: '次高压联络线', x: eastX / 2 + 40, y: -185, important: 'FACTORY' },
  ];
  const special: GasCustomer[] = [];
  const attach = new Map<string, { node: string; important: string | null; area: string }>();
  for (const o of others) {
    const [lon, lat] = at(o.x, o.y);
    const c: GasCustomer = { id: o.id, customerType: o.customerType, name: o.name, address: o.address, persons: o.persons, inspectedDaysAgo: o.inspectedDaysAgo, lon, lat, lastInspectedOn: null, vulnerability: [] };
    special.push(c);
    customers.push(c);
    attach.set(o.id, { node: o.node, important: o.important ?? null, area: o.area });
  }
  for (const c of customers) c.lastInspectedOn = c.inspectedDaysAgo === null ? null : daysBefore(today, c.inspectedDaysAgo);

  let totalPersons = 0;
  for (const c of customers) {
    const [, k, j] = c.id.split('-');
    const nodeId = attach.get(c.id)?.node ?? `GL-${k}-${j}`;
    const imp = attach.get(c.id)?.important ?? null;
    feature(point([c.lon, c.lat]), {
      layer: 'service_point', id: c.id, nodeId, households: 1, persons: c.persons, customerType: c.customerType,
      address: c.address, area: attach.get(c.id)?.area ?? GAS_BRANCHES[Number(k) - 1].compound,
      ...(c.name ? { name: c.name } : {}), ...(imp ? { important: imp } : {}),
      ...(c.vulnerability.length ? { vulnerability: c.vulnerability } : {}),
      ...(c.lastInspectedOn ? { lastInspectedOn: c.lastInspectedOn } : {}),
      phone: `136${String(seqPhone(c.id)).padStart(8, '0')}`,
    });
    totalPersons += c.persons;
    if (nodeId.startsWith('GL-')) boxPersons[Number(nodeId.split('-')[1]) - 1] += c.persons;
  }
  for (const v of valves) {
    feature(point(valvePoint(pipeLine, nodeAt, v)), { layer: 'valve', id: v.id, linkId: v.linkId, nodeId: v.nodeId, diameterMm: v.diameterMm, state: 'OPEN', operable: true });
  }
  return {
    name: DEMO_GAS_NAME,
    geojson: { type: 'FeatureCollection', features },
    pipeCount: pipeLine.size,
    valveCount: valves.length,
    totalPersons,
    customers,
    overdueHousehold: overdue,
    elderlyHousehold: elderly,
    publicBuilding: special[0],
    commercial: special.filter((c) => c.customerType === 'COMMERCIAL'),
    pipes: { mediumMain: 'G-M-3', subHigh: 'G-SH-1' },
    boxPersons,
  };
}

/** A stable made-up phone number per customer id (no draw: adding a customer does not change the others). */
function seqPhone(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return 10_000_000 + (h % 89_999_999);
}

/** The local calendar date of `now` in the demo's zone (the stack's TIME_ZONE default). */
export function demoLocalDate(now: Date, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
