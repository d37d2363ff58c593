// The demo water district for `npm start`: a seeded street grid south and north of a river, generated
// at start (a few ms) instead of a multi-MB file in git. Same seed → same city on every machine.
import { mulberry32 } from '@mainline/common/domain';

export const DEMO_CITY_SEED = 20261201;

/** Columns (north–south streets) × rows (east–west streets) of the grid. */
const W = 46;
const H = 40;
/** Rows 0..RIVER_ROW are south of the river; the north bank (江北) is fed by one bridge main only. */
const RIVER_ROW = 31;
/** Distribution valves enclose blocks of CELL × CELL junctions (a strategic layout, not one per pipe). */
const CELL = 4;
const SPACING_M = 90;
const RIVER_WIDTH_M = 240;
const ORIGIN = { lon: 113.262, lat: 23.085 };
const TRUNK_ROWS = new Set([4, 14, 24, 36]);
const TRUNK_COLS = new Set([5, 17, 29, 41]);
/** The trunk column that crosses the river (解放大道). */
const BRIDGE_COL = 17;
const PERSONS_PER_HOUSEHOLD = 2.8;

const ROW_NAMES = [
  '滨江东路', '南华路', '人民路', '建设路', '中山路', '新华路', '和平路', '胜利路', '文化路', '青年路',
  '友谊路', '东风路', '光明路', '幸福路', '工业大道', '团结路', '民主路', '育才路', '健康路', '繁荣路',
  '振兴路', '长安路', '兴华路', '复兴路', '迎宾大道', '花城路', '康乐路', '富民路', '丰收路', '滨江西路',
  '临江路', '沿江北路', '江北大道', '新港路', '望江路', '锦江路', '北环大道', '翠湖路', '云山路', '北苑路',
];
const COL_NAMES = [
  '西环路', '一马路', '二马路', '三马路', '四马路', '西湖大道', '公园街', '书院街', '学府街', '龙津街',
  '永安街', '太平街', '朝阳街', '百花街', '福源街', '大德街', '文昌街', '解放大道', '惠福街', '德政街',
  '仓前街', '吉祥街', '海珠街', '桂花街', '荔枝街', '紫荆街', '木棉街', '体育大道', '天河街', '华强街',
  '石牌街', '员村街', '车陂街', '东圃街', '黄村街', '珠吉街', '科韵街', '万胜街', '琶洲街', '新滘街',
  '官洲街', '黄埔大道', '龙洞街', '长湴街', '凤凰街', '东环路',
];
const COMMUNITY_PREFIX = [
  '锦绣', '翠苑', '金桂', '碧水', '阳光', '和谐', '紫荆', '枫林', '丽景', '名都', '怡景', '丰泽', '海棠', '荔湾',
  '康乐', '东湖', '西园', '南苑', '北辰', '龙湖', '凤凰', '桃源', '春晖', '兰亭', '雅居', '御景', '华侨', '祥和',
  '星河', '珠光', '江南', '滨海', '聚福', '富力', '天骄', '绿荫', '宏图', '书香', '银湖', '金沙',
];
const COMMUNITY_SUFFIX = ['小区', '花园', '家园', '新村', '苑', '公寓'];

type Kind = 'HOSPITAL' | 'SCHOOL' | 'FACTORY' | 'LARGE_CONSUMER' | 'OTHER';
/** About twenty important users at fixed grid spots; three on the north bank, so the bridge main's plan names them. */
const IMPORTANT_USERS: Array<{ x: number; y: number; name: string; kind: Kind; persons: number }> = [
  { x: 9, y: 9, name: '市第一人民医院', kind: 'HOSPITAL', persons: 1800 },
  { x: 30, y: 18, name: '市中医院', kind: 'HOSPITAL', persons: 900 },
  { x: 20, y: 36, name: '市第二人民医院（江北院区）', kind: 'HOSPITAL', persons: 1200 },
  { x: 38, y: 6, name: '妇幼保健院', kind: 'HOSPITAL', persons: 500 },
  { x: 13, y: 22, name: '南华社区卫生服务中心', kind: 'HOSPITAL', persons: 120 },
  { x: 6, y: 13, name: '实验小学', kind: 'SCHOOL', persons: 1500 },
  { x: 24, y: 10, name: '第一中学', kind: 'SCHOOL', persons: 2600 },
  { x: 35, y: 27, name: '第三中学', kind: 'SCHOOL', persons: 1900 },
  { x: 11, y: 37, name: '江北外国语学校', kind: 'SCHOOL', persons: 1400 },
  { x: 27, y: 3, name: '育才幼儿园', kind: 'SCHOOL', persons: 320 },
  { x: 43, y: 16, name: '职业技术学院', kind: 'SCHOOL', persons: 3200 },
  { x: 2, y: 26, name: '市第一养老院', kind: 'OTHER', persons: 420 },
  { x: 32, y: 38, name: '江北社会福利院', kind: 'OTHER', persons: 260 },
  { x: 44, y: 2, name: '珠江啤酒厂', kind: 'FACTORY', persons: 600 },
  { x: 44, y: 9, name: '南方食品厂', kind: 'FACTORY', persons: 450 },
  { x: 1, y: 2, name: '华南纺织厂', kind: 'FACTORY', persons: 700 },
  { x: 19, y: 15, name: '万达广场', kind: 'LARGE_CONSUMER', persons: 300 },
  { x: 28, y: 24, name: '体育中心', kind: 'LARGE_CONSUMER', persons: 200 },
  { x: 16, y: 5, name: '火车站', kind: 'LARGE_CONSUMER', persons: 400 },
  { x: 22, y: 20, name: '白云宾馆', kind: 'LARGE_CONSUMER', persons: 350 },
  { x: 34, y: 9, name: '友谊路小学', kind: 'SCHOOL', persons: 980 },
];

export interface DemoCity {
  geojson: { type: 'FeatureCollection'; features: unknown[] };
  pipeCount: number;
  /** Persons on all service points (what the network's totalPopulation should say). */
  totalPersons: number;
  northPersons: number;
  /** Pipes worth planning on (see README "Demo data"). */
  pipes: {
    /** The river-crossing main: the whole north bank loses water (> 5,000 people). */
    bridgeMain: string;
    /** A DN150 distribution pipe on 育才路 inside one block (a few hundred people). */
    distribution: string;
    /** The pipe of the emergency outage (a DN200 burst on 友谊路, south of the river). */
    emergency: string;
  };
  /** Where a caller about the emergency stands (on the emergency pipe's block). */
  emergencyPoint: { lon: number; lat: number; address: string };
  /** Valves found seized (operable: false), so plans show skipped valves. */
  inoperableValves: string[];
  /** Street-address points for reports (on the grid, south of the river). */
  addressAt(x: number, y: number): { lon: number; lat: number; address: string };
}

const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((ORIGIN.lat * Math.PI) / 180);
const round = (v: number) => Math.round(v * 1e6) / 1e6;

function coord(x: number, y: number): [number, number] {
  const north = y > RIVER_ROW ? RIVER_WIDTH_M - SPACING_M : 0;
  return [round(ORIGIN.lon + (x * SPACING_M) / M_PER_DEG_LON), round(ORIGIN.lat + (y * SPACING_M + north) / M_PER_DEG_LAT)];
}

const jid = (x: number, y: number) => `J-${x}-${y}`;
const cellOf = (x: number, y: number) => `${Math.floor(x / CELL)}:${y > RIVER_ROW ? 'N' : 'S'}${Math.floor((y > RIVER_ROW ? y - RIVER_ROW - 1 : y) / CELL)}`;

export function generateDemoCity(seed = DEMO_CITY_SEED): DemoCity {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const features: unknown[] = [];
  const point = (c: [number, number]) => ({ type: 'Point', coordinates: c });
  const line = (a: [number, number], b: [number, number]) => ({ type: 'LineString', coordinates: [a, b] });
  const feature = (geometry: unknown, properties: Record<string, unknown>) => features.push({ type: 'Feature', geometry, properties });

  // Communities: one per valve cell, names drawn without repeats.
  const names = COMMUNITY_PREFIX.flatMap((p) => COMMUNITY_SUFFIX.map((s) => p + s));
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [names[i], names[j]] = [names[j], names[i]];
  }
  const community = new Map<string, string>();
  const communityOf = (x: number, y: number) => {
    const c = cellOf(x, y);
    if (!community.has(c)) community.set(c, names[community.size % names.length]);
    return community.get(c)!;
  };

  // Junctions.
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) feature(point(coord(x, y)), { layer: 'junction', id: jid(x, y), area: communityOf(x, y) });

  // Grid pipes; a few distribution links are missing (blocks without a through street), never so many
  // that a junction is left with fewer than two.
  const isTrunk = (x: number, y: number, dir: 'E' | 'N') => (dir === 'E' ? TRUNK_ROWS.has(y) : TRUNK_COLS.has(x) && (y !== RIVER_ROW || x === BRIDGE_COL));
  const degree = new Map<string, number>();
  const links: Array<{ id: string; a: [number, number]; b: [number, number]; dir: 'E' | 'N' }> = [];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (x + 1 < W) links.push({ id: `P-${x}-${y}-E`, a: [x, y], b: [x + 1, y], dir: 'E' });
      if (y + 1 < H && y !== RIVER_ROW) links.push({ id: `P-${x}-${y}-N`, a: [x, y], b: [x, y + 1], dir: 'N' });
    }
  }
  for (const l of links) for (const e of [l.a, l.b]) degree.set(jid(...e), (degree.get(jid(...e)) ?? 0) + 1);
  const kept = links.filter((l) => {
    if (isTrunk(l.a[0], l.a[1], l.dir) || rnd() >= 0.05) return true;
    const da = degree.get(jid(...l.a))!;
    const db = degree.get(jid(...l.b))!;
    if (da <= 2 || db <= 2) return true;
    degree.set(jid(...l.a), da - 1);
    degree.set(jid(...l.b), db - 1);
    return false;
  });

  const valves: Array<{ id: string; linkId: string; nodeId: string; diameterMm: number }> = [];
  const trunkDiameter = (x: number, y: number, dir: 'E' | 'N') => {
    if (y > RIVER_ROW) return 300;
    if (dir === 'E' && y === 4) return x < BRIDGE_COL ? 600 : 500;
    if (dir === 'N' && x === BRIDGE_COL) return 500;
    return 400;
  };
  let pipeCount = 0;
  for (const l of kept) {
    const [x, y] = l.a;
    const trunk = isTrunk(x, y, l.dir);
    const nextToTrunk = TRUNK_ROWS.has(y) || TRUNK_COLS.has(x) || TRUNK_ROWS.has(l.b[1]) || TRUNK_COLS.has(l.b[0]);
    const diameterMm = trunk ? trunkDiameter(x, y, l.dir) : nextToTrunk ? 200 : pick([100, 100, 150, 150, 200]);
    const street = l.dir === 'E' ? ROW_NAMES[y] : COL_NAMES[x];
    feature(line(coord(x, y), coord(...l.b)), {
      layer: 'pipe', id: l.id, from: jid(x, y), to: jid(...l.b), diameterMm, area: street,
      material: trunk ? '球墨铸铁' : pick(['PE', 'PE', '球墨铸铁', '灰口铸铁']),
    });
    pipeCount++;
    // A valve wherever a pipe leaves its block; trunk mains also get line valves at every trunk crossing.
    const crossing = cellOf(x, y) !== cellOf(...l.b);
    const atTrunkCrossing = trunk && TRUNK_ROWS.has(y) && TRUNK_COLS.has(x);
    if (crossing || atTrunkCrossing) valves.push({ id: `V-${l.id}`, linkId: l.id, nodeId: jid(x, y), diameterMm });
  }

  // The bridge main across the river (three pipes over two bridge piers), valved on each bank.
  const bankS = coord(BRIDGE_COL, RIVER_ROW);
  const bankN = coord(BRIDGE_COL, RIVER_ROW + 1);
  const pier = (f: number): [number, number] => [round(bankS[0] + (bankN[0] - bankS[0]) * f), round(bankS[1] + (bankN[1] - bankS[1]) * f)];
  feature(point(pier(1 / 3)), { layer: 'junction', id: 'J-BRIDGE-1', area: '解放大桥' });
  feature(point(pier(2 / 3)), { layer: 'junction', id: 'J-BRIDGE-2', area: '解放大桥' });
  const bridge = [[jid(BRIDGE_COL, RIVER_ROW), 'J-BRIDGE-1', bankS, pier(1 / 3)], ['J-BRIDGE-1', 'J-BRIDGE-2', pier(1 / 3), pier(2 / 3)], ['J-BRIDGE-2', jid(BRIDGE_COL, RIVER_ROW + 1), pier(2 / 3), bankN]] as const;
  bridge.forEach(([from, to, a, b], i) => {
    feature(line(a, b), { layer: 'pipe', id: `P-BRIDGE-${i + 1}`, from, to, diameterMm: 500, material: '钢管', area: '解放大道跨江干管' });
    pipeCount++;
  });
  valves.push({ id: 'V-BRIDGE-S', linkId: 'P-BRIDGE-1', nodeId: jid(BRIDGE_COL, RIVER_ROW), diameterMm: 500 });
  valves.push({ id: 'V-BRIDGE-N', linkId: 'P-BRIDGE-3', nodeId: jid(BRIDGE_COL, RIVER_ROW + 1), diameterMm: 500 });

  // Sources: the water plant west of the DN600 feed main, a hill reservoir east of row 24.
  const plant = coord(-3, 4);
  const reservoir = coord(W + 2, 24);
  feature(point(plant), { layer: 'source', id: 'PLANT-1', sourceKind: 'PLANT', elevationM: 12, area: '西江水厂' });
  feature(point(reservoir), { layer: 'source', id: 'RES-1', sourceKind: 'RESERVOIR', elevationM: 48, area: '东山高位水池' });
  feature(line(plant, coord(0, 4)), { layer: 'pipe', id: 'P-PLANT', from: 'PLANT-1', to: jid(0, 4), diameterMm: 600, material: '钢管', area: '西江水厂出厂总管' });
  feature(line(reservoir, coord(W - 1, 24)), { layer: 'pipe', id: 'P-RES', from: 'RES-1', to: jid(W - 1, 24), diameterMm: 400, material: '球墨铸铁', area: '东山水池出水管' });
  pipeCount += 2;
  valves.push({ id: 'V-PLANT', linkId: 'P-PLANT', nodeId: jid(0, 4), diameterMm: 600 });
  valves.push({ id: 'V-RES', linkId: 'P-RES', nodeId: jid(W - 1, 24), diameterMm: 400 });

  // Compound service lines: short DN100 dead ends into about one block in seven.
  const spurEnds = new Map<string, [number, number]>();
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (rnd() >= 0.15) continue;
      const [lon, lat] = coord(x, y);
      const end: [number, number] = [round(lon + 35 / M_PER_DEG_LON), round(lat + 30 / M_PER_DEG_LAT)];
      const id = `J-${x}-${y}-C`;
      feature(point(end), { layer: 'junction', id, area: communityOf(x, y) });
      feature(line(coord(x, y), end), { layer: 'pipe', id: `P-${x}-${y}-C`, from: jid(x, y), to: id, diameterMm: 100, material: 'PE', area: communityOf(x, y) });
      pipeCount++;
      spurEnds.set(jid(x, y), end);
    }
  }

  // Seized valves found on inspection: planning goes past them.
  const inoperable = new Set<string>();
  while (inoperable.size < 3) inoperable.add(pick(valves.filter((v) => v.diameterMm <= 200)).id);
  for (const v of valves) {
    const [, x, y] = v.nodeId.split('-').map(Number);
    feature(point(coord(x, y)), { layer: 'valve', id: v.id, linkId: v.linkId, nodeId: v.nodeId, diameterMm: v.diameterMm, state: 'OPEN', operable: !inoperable.has(v.id) });
  }

  // Households: one service point per junction (building or compound meter), important users apart.
  let totalPersons = 0;
  let northPersons = 0;
  const cellPersons = new Map<string, number>();
  const important = new Map(IMPORTANT_USERS.map((u) => [jid(u.x, u.y), u]));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const node = spurEnds.has(jid(x, y)) ? `${jid(x, y)}-C` : jid(x, y);
      const [lon, lat] = spurEnds.get(jid(x, y)) ?? coord(x, y);
      const at: [number, number] = [round(lon + 12 / M_PER_DEG_LON), round(lat - 10 / M_PER_DEG_LAT)];
      const households = 3 + Math.floor(rnd() * 24);
      const persons = Math.round(households * PERSONS_PER_HOUSEHOLD); // the network counts whole persons per service point
      const area = communityOf(x, y);
      feature(point(at), {
        layer: 'service_point', id: `SP-${x}-${y}`, nodeId: node, households, personsPerHousehold: PERSONS_PER_HOUSEHOLD, area,
        address: `${ROW_NAMES[y]}${x * 2 + 1}号${area}`, phone: `137${String(y * 100 + x).padStart(4, '0')}${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`,
      });
      let p = persons;
      const u = important.get(jid(x, y));
      if (u) {
        feature(point([round(at[0] + 15 / M_PER_DEG_LON), at[1]]), {
          layer: 'service_point', id: `SP-IMP-${x}-${y}`, nodeId: node, persons: u.persons, important: u.kind, name: u.name,
          phone: `0766888${String(1000 + IMPORTANT_USERS.indexOf(u)).slice(1)}`, address: `${ROW_NAMES[y]}${x * 2 + 2}号`, area,
        });
        p += u.persons;
      }
      totalPersons += p;
      if (y > RIVER_ROW) northPersons += p;
      cellPersons.set(cellOf(x, y), (cellPersons.get(cellOf(x, y)) ?? 0) + p);
    }
  }

  // Census areas, one per community block (the service points above are the planning basis).
  for (const [cell, population] of cellPersons) {
    const cx = Number(cell.split(':')[0]);
    const north = cell.includes('N');
    const cy = Number(cell.split(':')[1].slice(1));
    const y0 = north ? RIVER_ROW + 1 + cy * CELL : cy * CELL;
    const y1 = Math.min(north ? H - 1 : RIVER_ROW, y0 + CELL - 1);
    const x0 = cx * CELL;
    const x1 = Math.min(W - 1, x0 + CELL - 1);
    const [a0, b0] = coord(x0, y0);
    const [a1, b1] = coord(x1, y1);
    const m = 40 / M_PER_DEG_LAT;
    const ring = [[a0 - m, b0 - m], [a1 + m, b0 - m], [a1 + m, b1 + m], [a0 - m, b1 + m], [a0 - m, b0 - m]].map(([a, b]) => [round(a), round(b)]);
    feature({ type: 'Polygon', coordinates: [ring] }, { layer: 'population_area', id: `PA-${cell}`, population: Math.round(population), name: communityOf(x0, y0) });
  }

  const addressAt = (x: number, y: number) => {
    const [lon, lat] = coord(x, y);
    return { lon: round(lon + 20 / M_PER_DEG_LON), lat, address: `${ROW_NAMES[y]}${x * 2 + 1}号` };
  };
  return {
    geojson: { type: 'FeatureCollection', features },
    pipeCount,
    totalPersons,
    northPersons,
    pipes: { bridgeMain: 'P-BRIDGE-2', distribution: 'P-9-17-E', emergency: 'P-33-10-E' },
    emergencyPoint: addressAt(33, 10),
    inoperableValves: [...inoperable].sort(),
    addressAt,
  };
}
