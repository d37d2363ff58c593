// Demo data for `npm start`, loaded through the gateway as any client would (each step with the role
// that does it in a utility): the generated water district, a month's mix of work orders in every state, and
// two outages (a planned one above 5,000 people waiting for the regulator, an emergency in progress); beside
// it a heat and a gas district with a few orders of each of their kinds and an outage each
// (demo-heat-gas.ts, demo-heat-gas-load.ts).
import { mulberry32 } from '@mainline/common/domain';
import { DEMO_CITY_SEED, DemoCity, generateDemoCity } from './demo-city';
import { Actors, batch, gql, Signer, Vars, WO, Wo } from './demo-gql';
import { DEMO_GAS_NAME, DEMO_HEAT_NAME, demoLocalDate, DemoGas, DemoHeat, generateDemoGas, generateDemoHeat } from './demo-heat-gas';
import { loadUtilityOrders, loadUtilityOutages } from './demo-heat-gas-load';

export const DEMO_NAME = '江城示范供水区 Jiangcheng demo district';
export const PLANNED_REASON = '解放大道跨江干管 DN500 更换伸缩节 / replacing the expansion joint of the DN500 bridge main';
export const EMERGENCY_REASON = '友谊路 DN200 铸铁管爆管抢修 / burst DN200 cast-iron main on Youyi Road';
const HOUR = 3_600_000;

export type { Signer };

interface NetworkRow { id: string; name: string; utility: string; pipeCount: number; totalPopulation: number }

export interface DemoSummary {
  networkId: string;
  pipeCount: number;
  totalPopulation: number;
  /** The heat and gas districts beside the water one. */
  heat: NetworkRow;
  gas: NetworkRow;
  /** Water work orders created by this run (0 when they were there already). */
  ordersCreated: number;
  /** Heat and gas work orders created by this run (0 when they were there already). */
  utilityOrdersCreated: number;
  plannedOutageId: string;
  emergencyOutageId: string;
  /** A planned stop of heat, announced; a gas emergency in progress (the major network fault's). */
  heatPlannedOutageId: string;
  gasEmergencyOutageId: string;
  loadedNow: { network: boolean; heat: boolean; gas: boolean; outages: boolean; orders: boolean; utilityOrders: boolean; utilityOutages: boolean };
  ms: number;
}

const NETWORK = 'id name utility pipeCount totalPopulation';

/** The network of this name, imported now when it is not there yet. */
async function ensureNetwork(url: string, token: string, have: NetworkRow[], name: string, utility: 'WATER' | 'HEAT' | 'GAS', geojson: () => object): Promise<{ net: NetworkRow; loaded: boolean }> {
  const found = have.find((n) => n.name === name);
  if (found) return { net: found, loaded: false };
  const net = (await gql<{ importNetwork: NetworkRow }>(url, token, `mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { ${NETWORK} } }`,
    { i: { name, utility, format: 'GEOJSON', content: JSON.stringify(geojson()) } })).importNetwork;
  return { net, loaded: true };
}

// --- the month of reports -----------------------------------------------------------------------

type Target =
  | 'NEW' | 'DISPATCHED' | 'ACCEPTED' | 'ON_SITE' | 'WAITING_CUSTOMER' | 'EXTENSION_REQUESTED' | 'EXTENSION_APPROVED'
  | 'EXTENSION_REJECTED' | 'RESOLVED' | 'CALLED_BACK' | 'REOPENED' | 'CLOSED' | 'RETURNED' | 'MERGED' | 'CANCELLED';

/** How many orders end in each state: most are done, a working day's worth are open. */
const TARGETS: Array<[Target, number]> = [
  ['CLOSED', 34], ['CALLED_BACK', 10], ['RESOLVED', 12], ['REOPENED', 4], ['ON_SITE', 9], ['ACCEPTED', 9],
  ['DISPATCHED', 10], ['NEW', 8], ['WAITING_CUSTOMER', 4], ['EXTENSION_REQUESTED', 5], ['EXTENSION_APPROVED', 3],
  ['EXTENSION_REJECTED', 2], ['RETURNED', 4], ['MERGED', 3], ['CANCELLED', 3],
];

const CATEGORIES: Array<[string, number, string[]]> = [
  ['LEAK', 14, ['人行道渗水，地面长期湿滑', '路边井盖旁冒水', '消火栓底部漏水', '阀门井内漏水']],
  ['BURST', 4, ['路面冒水，疑似爆管', '水管爆裂，水流到马路上']],
  ['WATER_QUALITY', 9, ['自来水发黄有异味', '水有漂白粉味', '放水后水浑浊']],
  ['CUSTOMER_PRESSURE', 8, ['家里水压很小，楼上几乎没水', '热水器打不着，水压低']],
  ['METER_FAULT', 8, ['水表不走字', '水表玻璃破裂，看不清读数']],
  ['METER_BOX', 6, ['表箱内漏水', '水表冻裂漏水']],
  ['BILLING', 12, ['本月水费异常偏高，请核查抄表读数', '缴费后账单未更新', '咨询阶梯水价计费']],
  ['RECONNECTION', 4, ['已补缴欠费，申请恢复供水']],
  ['COVER', 5, ['井盖缺失，存在安全隐患', '井盖松动，车辆经过响声大']],
  ['SUPPLY_DIFFICULTY', 3, ['新楼盘申请报装接水', '二次供水设施故障']],
  ['WORKS_QUALITY', 3, ['施工后路面未恢复', '施工围挡占道未撤']],
  ['COMPLAINT', 5, ['抄表员态度恶劣', '维修人员未按约定时间上门']],
  ['INQUIRY', 6, ['咨询停水安排', '咨询过户手续']],
];
const SURNAMES = ['张', '李', '王', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '梁'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '桂兰', '建华'];
const CHANNELS = ['PHONE', 'PHONE', 'PHONE', 'PHONE', 'WECHAT', 'WECHAT', 'WEB', 'VISIT', 'GOVERNMENT', 'LETTER'];
const RESULTS: Record<string, string> = {
  LEAK: '已更换管件，漏点修复', BURST: '已停水抢修，更换管段 2 米', WATER_QUALITY: '已取样化验，水质合格，已冲洗管道',
  CUSTOMER_PRESSURE: '用户户内阀门未全开，已调整', METER_FAULT: '已更换水表', METER_BOX: '已更换表前阀', BILLING: '已复核读数并更正账单',
  RECONNECTION: '已恢复供水', COVER: '已补装井盖', SUPPLY_DIFFICULTY: '已安排报装勘查', WORKS_QUALITY: '已督促施工单位恢复路面',
  COMPLAINT: '已约谈当事人并向用户致歉', INQUIRY: '已电话答复',
};

interface PlannedOrder { target: Target; input: Vars; category: string }

function planOrders(city: DemoCity): PlannedOrder[] {
  const rnd = mulberry32(DEMO_CITY_SEED + 1);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const weighted = CATEGORIES.flatMap(([c, w]) => Array(w).fill(c) as string[]);
  const orders: PlannedOrder[] = [];
  for (const [target, n] of TARGETS) {
    for (let i = 0; i < n; i++) {
      let category = pick(weighted);
      // Inquiries are answered and closed without a resolve deadline or a callback.
      while (category === 'INQUIRY' && !['NEW', 'DISPATCHED', 'ACCEPTED', 'MERGED', 'CANCELLED'].includes(target)) category = pick(weighted);
      // Away from the emergency's block (x 30–37, y 6–13): a pressure call there would be linked to it.
      let x = Math.floor(rnd() * 46);
      const y = Math.floor(rnd() * 40);
      if (x >= 28 && x <= 38 && y >= 5 && y <= 14) x -= 12;
      const at = city.addressAt(x, y);
      const desc = pick(CATEGORIES.find(([c]) => c === category)![2]);
      orders.push({
        target, category,
        input: {
          category, channel: pick(CHANNELS), description: desc, address: at.address, location: { lon: at.lon, lat: at.lat },
          reporter: { name: pick(SURNAMES) + pick(GIVEN), phone: `138${String(10000000 + Math.floor(rnd() * 89999999)).slice(0, 8)}` },
          ...(category === 'COMPLAINT' ? { complaintTarget: 'STAFF', complaintSubjectDepartment: 'METER' } : {}),
        },
      });
    }
  }
  // Interleave so the queues are a mix rather than blocks of one state.
  for (let i = orders.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [orders[i], orders[j]] = [orders[j], orders[i]];
  }
  return orders;
}

const AFTER_DISPATCH: Target[] = ['DISPATCHED', 'ACCEPTED', 'ON_SITE', 'WAITING_CUSTOMER', 'EXTENSION_REQUESTED', 'EXTENSION_APPROVED', 'EXTENSION_REJECTED', 'RESOLVED', 'CALLED_BACK', 'REOPENED', 'CLOSED', 'RETURNED'];
const AFTER_ACCEPT: Target[] = ['ACCEPTED', 'ON_SITE', 'WAITING_CUSTOMER', 'EXTENSION_REQUESTED', 'EXTENSION_APPROVED', 'EXTENSION_REJECTED', 'RESOLVED', 'CALLED_BACK', 'REOPENED', 'CLOSED'];
const AFTER_ARRIVE: Target[] = ['ON_SITE', 'WAITING_CUSTOMER', 'EXTENSION_REQUESTED', 'EXTENSION_APPROVED', 'EXTENSION_REJECTED', 'RESOLVED', 'CALLED_BACK', 'REOPENED', 'CLOSED'];
const EXTENSION: Target[] = ['EXTENSION_REQUESTED', 'EXTENSION_APPROVED', 'EXTENSION_REJECTED'];
const AFTER_RESOLVE: Target[] = ['RESOLVED', 'CALLED_BACK', 'REOPENED', 'CLOSED'];

/** Runs one step for the orders in `targets`, as the department each order is with. */
async function byDepartment(url: string, who: Actors, orders: Array<{ p: PlannedOrder; wo: Wo }>, targets: Target[], field: string,
  argTypes: Record<string, string>, args: (o: { p: PlannedOrder; wo: Wo }) => Vars): Promise<void> {
  const sel = orders.filter((o) => targets.includes(o.p.target));
  const depts = [...new Set(sel.map((o) => o.wo.department))];
  for (const d of depts) {
    const mine = sel.filter((o) => o.wo.department === d);
    const res = await batch(url, who.department(d), field, argTypes, mine.map(args));
    res.forEach((wo, i) => (mine[i].wo = wo));
  }
}

async function loadOrders(url: string, who: Actors, city: DemoCity, now: Date): Promise<number> {
  const plan = planOrders(city);
  const agent = who.agent();
  const created = await batch(url, agent, 'createWorkOrder', { input: 'CreateWorkOrderInput!' }, plan.map((p) => ({ input: p.input })));
  const orders = plan.map((p, i) => ({ p, wo: created[i] }));
  const with_ = (t: Target[]) => orders.filter((o) => t.includes(o.p.target));
  const upd = (list: typeof orders, res: Wo[]) => res.forEach((wo, i) => (list[i].wo = wo));

  // Duplicates first, while they and their originals are new: merged into an open order of their category.
  const merged = with_(['MERGED']);
  const into = merged.map((m) => orders.find((o) => o.p.target === 'DISPATCHED' && o.p.category === m.p.category) ?? with_(['DISPATCHED'])[0]);
  upd(merged, await batch(url, agent, 'mergeWorkOrder', { id: 'ID!', intoId: 'ID!' }, merged.map((m, i) => ({ id: m.wo.id, intoId: into[i].wo.id }))));
  const cancelled = with_(['CANCELLED']);
  upd(cancelled, await batch(url, agent, 'cancelWorkOrder', { id: 'ID!', reason: 'String!' }, cancelled.map((o) => ({ id: o.wo.id, reason: '用户来电撤销：问题已自行解决' }))));

  const dispatched = with_(AFTER_DISPATCH);
  upd(dispatched, await batch(url, agent, 'dispatchWorkOrder', { id: 'ID!' }, dispatched.map((o) => ({ id: o.wo.id }))));
  const returned = with_(['RETURNED']);
  await batch(url, agent, 'grantReturnPermission', { id: 'ID!' }, returned.map((o) => ({ id: o.wo.id })));
  await byDepartment(url, who, orders, ['RETURNED'], 'returnWorkOrder', { id: 'ID!', reason: 'String!' }, (o) => ({ id: o.wo.id, reason: '经核实属其他部门职责范围，请重新派单' }));

  await byDepartment(url, who, orders, AFTER_ACCEPT, 'acceptWorkOrder', { id: 'ID!' }, (o) => ({ id: o.wo.id }));
  await byDepartment(url, who, orders, AFTER_ARRIVE, 'arriveOnSite', { id: 'ID!' }, (o) => ({ id: o.wo.id }));
  await byDepartment(url, who, orders, ['WAITING_CUSTOMER'], 'waitForCustomer', { id: 'ID!', reason: 'String!' }, (o) => ({ id: o.wo.id, reason: '用户不在家，已约定明日上门' }));
  await byDepartment(url, who, orders, EXTENSION, 'requestExtension', { id: 'ID!', newDueAt: 'DateTimeISO!', reason: 'String!' }, (o) => ({
    id: o.wo.id, newDueAt: new Date(new Date(o.wo.resolveDueAt ?? now).getTime() + 24 * HOUR).toISOString(), reason: '需协调交警占道施工许可，申请延期 24 小时',
  }));
  const decided = with_(['EXTENSION_APPROVED', 'EXTENSION_REJECTED']);
  upd(decided, await batch(url, who.supervisor(), 'decideExtension', { id: 'ID!', approved: 'Boolean!', comment: 'String' }, decided.map((o) => ({
    id: o.wo.id, approved: o.p.target === 'EXTENSION_APPROVED', comment: o.p.target === 'EXTENSION_APPROVED' ? '同意，注意做好围挡' : '不同意，请按时完成',
  }))));
  await byDepartment(url, who, orders, AFTER_RESOLVE, 'resolveWorkOrder', { id: 'ID!', result: 'String!' }, (o) => ({ id: o.wo.id, result: RESULTS[o.p.category] ?? '已处理' }));

  const calledBack = with_(['CALLED_BACK', 'REOPENED', 'CLOSED']);
  upd(calledBack, await batch(url, agent, 'recordCallback', { input: 'CallbackInputType!' }, calledBack.map((o) => ({
    input: { workOrderId: o.wo.id, satisfied: o.p.target !== 'REOPENED', method: 'PHONE', comment: o.p.target === 'REOPENED' ? '用户反映问题仍未解决' : '用户表示满意' },
  }))));
  const closed = with_(['CLOSED']);
  upd(closed, await batch(url, agent, 'closeWorkOrder', { id: 'ID!' }, closed.map((o) => ({ id: o.wo.id }))));
  return orders.length;
}

// --- the two outages ----------------------------------------------------------------------------

const OUTAGE = 'id number status valveIds';

async function loadOutages(url: string, who: Actors, city: DemoCity, networkId: string, now: Date): Promise<{ planned: string; emergency: string }> {
  const disp = who.dispatcher();
  const sup = who.supervisor();
  const agent = who.agent();
  // The burst report that starts the emergency, with the network crew on site.
  const at = city.emergencyPoint;
  const report = (await gql<{ createWorkOrder: Wo }>(url, agent, `mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { ${WO} } }`, {
    i: { category: 'BURST', channel: 'PHONE', description: '友谊路路面大量冒水，疑似水管爆裂', address: at.address, location: { lon: at.lon, lat: at.lat },
         reporter: { name: '黄建华', phone: '13800138021' }, asset: { type: 'Pipe', networkId, id: city.pipes.emergency } },
  })).createWorkOrder;
  const dispatched = (await gql<{ dispatchWorkOrder: Wo }>(url, agent, `mutation($id: ID!) { dispatchWorkOrder(id: $id) { ${WO} } }`, { id: report.id })).dispatchWorkOrder;
  const crew = who.department(dispatched.department);
  await gql(url, crew, 'mutation($id: ID!) { acceptWorkOrder(id: $id) { id } }', { id: report.id });
  await gql(url, crew, 'mutation($id: ID!) { arriveOnSite(id: $id) { id } }', { id: report.id });

  const emergency = (await gql<{ createOutage: { id: string; valveIds: string[] } }>(url, disp, `mutation($i: CreateOutageInput!) { createOutage(input: $i) { ${OUTAGE} } }`, {
    i: { networkId, kind: 'EMERGENCY', pipeIds: [city.pipes.emergency], startsAt: new Date(now.getTime() - HOUR).toISOString(),
         endsAt: new Date(now.getTime() + 5 * HOUR).toISOString(), reason: EMERGENCY_REASON, onMainRoad: true, worksUnit: 'WORKS', workOrderIds: [report.id] },
  })).createOutage;
  // Emergencies are announced as the water stops; the works crew records the valves it closed.
  await gql(url, disp, 'mutation($id: ID!) { announceOutage(outageId: $id) { id } }', { id: emergency.id });
  const works = who.department('WORKS');
  await batch(url, works, 'recordValveOperation', { outageId: 'ID!', valveId: 'ID!', action: 'ValveAction!' },
    emergency.valveIds.map((v) => ({ outageId: emergency.id, valveId: v, action: 'CLOSE' })), 'id status');

  const startsAt = new Date(Math.ceil((now.getTime() + 72 * HOUR) / HOUR) * HOUR);
  const planned = (await gql<{ createOutage: { id: string } }>(url, disp, `mutation($i: CreateOutageInput!) { createOutage(input: $i) { ${OUTAGE} } }`, {
    i: { networkId, kind: 'PLANNED', pipeIds: [city.pipes.bridgeMain], startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 10 * HOUR).toISOString(),
         reason: PLANNED_REASON, onMainRoad: true, worksUnit: 'WORKS' },
  })).createOutage;
  await gql(url, disp, 'mutation($id: ID!) { submitOutage(outageId: $id) { id } }', { id: planned.id });
  // Approved inside the company; announcing waits for the city administration bureau (above 5,000 people).
  await gql(url, sup, 'mutation($id: ID!) { approveOutage(outageId: $id) { id } }', { id: planned.id });
  return { planned: planned.id, emergency: emergency.id };
}

/** Residents calling about no water inside the emergency: tickets links them to the known outage. */
async function loadOutageCalls(url: string, who: Actors, city: DemoCity): Promise<number> {
  const [x, y] = [33, 10];
  const calls = [[x, y, '家里突然停水了'], [x + 1, y, '整栋楼没有水'], [x, y, '水龙头没水，什么时候恢复？']] as const;
  await batch(url, who.agent(), 'createWorkOrder', { input: 'CreateWorkOrderInput!' }, calls.map(([cx, cy, d], i) => {
    const at = city.addressAt(cx, cy);
    return { input: { category: 'NO_WATER', channel: i === 1 ? 'WECHAT' : 'PHONE', description: d, address: at.address, location: { lon: at.lon, lat: at.lat },
      reporter: { name: ['周秀英', '吴涛', '林桂兰'][i], phone: `1390000${String(1000 + i).slice(1)}1` } } };
  }));
  return calls.length;
}

/**
 * Loads the demo; every part is skipped when it is there already, so a second `npm start` over the same
 * databases adds nothing. `now` is the reference time (outage times are relative to it).
 */
export async function loadDemoData(url: string, sign: Signer, now = new Date()): Promise<DemoSummary> {
  const t0 = Date.now();
  const who = new Actors(sign);
  const disp = who.dispatcher();
  const city = generateDemoCity();
  const today = demoLocalDate(now);
  const heatDistrict: DemoHeat = generateDemoHeat();
  const gasDistrict: DemoGas = generateDemoGas(today);
  const { networks } = await gql<{ networks: NetworkRow[] }>(url, disp, `{ networks { ${NETWORK} } }`);
  // Heat and gas first: the networks list is newest first, so on a fresh start the water district (with the
  // outages) is the console's first network.
  const heat = await ensureNetwork(url, disp, networks, DEMO_HEAT_NAME, 'HEAT', () => heatDistrict.geojson);
  const gas = await ensureNetwork(url, disp, networks, DEMO_GAS_NAME, 'GAS', () => gasDistrict.geojson);
  const water = await ensureNetwork(url, disp, networks, DEMO_NAME, 'WATER', () => city.geojson);
  const net = water.net;
  const loadedNow = { network: water.loaded, heat: heat.loaded, gas: gas.loaded, outages: false, orders: false, utilityOrders: false, utilityOutages: false };
  const { outages } = await gql<{ outages: { nodes: Array<{ id: string; reason: string }> } }>(url, disp,
    'query($f: OutageFilter) { outages(first: 100, filter: $f) { nodes { id reason } } }', { f: { networkId: net.id } });
  let planned = outages.nodes.find((o) => o.reason === PLANNED_REASON)?.id;
  let emergency = outages.nodes.find((o) => o.reason === EMERGENCY_REASON)?.id;
  if (!planned || !emergency) {
    ({ planned, emergency } = await loadOutages(url, who, city, net.id, now));
    loadedNow.outages = true;
  }
  const { workOrders } = await gql<{ workOrders: { items: unknown[] } }>(url, who.agent(), '{ workOrders(first: 30, filter: { utility: [WATER] }) { items { id } } }');
  let ordersCreated = 0;
  // The emergency's own report is there already; a run that stopped before the rest left no more than it.
  if (workOrders.items.length <= 1) {
    ordersCreated = (await loadOrders(url, who, city, now)) + (await loadOutageCalls(url, who, city));
    loadedNow.orders = true;
  }
  const others = await gql<{ workOrders: { items: unknown[] } }>(url, who.agent(), '{ workOrders(first: 1, filter: { utility: [HEAT, GAS] }) { items { id } } }');
  let utilityOrdersCreated = 0;
  if (others.workOrders.items.length === 0) {
    utilityOrdersCreated = await loadUtilityOrders(url, who, heatDistrict, gasDistrict, { heat: heat.net.id, gas: gas.net.id }, now, today);
    loadedNow.utilityOrders = true;
  }
  const utilityOutages = await loadUtilityOutages(url, who, heatDistrict, gasDistrict, { heat: heat.net.id, gas: gas.net.id }, now);
  loadedNow.utilityOutages = utilityOutages.loaded;
  return {
    networkId: net.id, pipeCount: net.pipeCount, totalPopulation: net.totalPopulation, heat: heat.net, gas: gas.net, ordersCreated, utilityOrdersCreated,
    plannedOutageId: planned, emergencyOutageId: emergency, heatPlannedOutageId: utilityOutages.heatPlanned, gasEmergencyOutageId: utilityOutages.gasEmergency,
    loadedNow, ms: Date.now() - t0,
  };
}

/** One line for the start banner. */
export function describeDemo(s: DemoSummary): string {
  const parts = [`network "${DEMO_NAME}" ${s.networkId} (${s.pipeCount} pipes, ${s.totalPopulation} people)`];
  for (const n of [s.heat, s.gas]) parts.push(`${n.utility} network "${n.name}" ${n.id} (${n.pipeCount} pipes, ${n.totalPopulation} people)`);
  parts.push(s.loadedNow.orders ? `${s.ordersCreated} work orders` : 'work orders already there');
  parts.push(s.loadedNow.utilityOrders ? `${s.utilityOrdersCreated} heat and gas work orders` : 'heat and gas work orders already there');
  parts.push(`outages: planned ${s.plannedOutageId} (waiting for the regulator), emergency ${s.emergencyOutageId} (in progress), `
    + `heat planned ${s.heatPlannedOutageId} (announced), gas emergency ${s.gasEmergencyOutageId} (in progress)`);
  return `${parts.join('; ')}; ${Object.values(s.loadedNow).some(Boolean) ? `loaded in ${(s.ms / 1000).toFixed(1)} s` : 'already loaded'}`;
}
