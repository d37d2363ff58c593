// The heat and gas parts of the demo after their networks: a few work orders of every kind the heat and gas rules speak of (issue 9, "Demo and
// documentation"), placed in time with `reportedAt` (at most a day back: the default
// REPORTED_AT_MAX_BACKDATE_HOURS) and taken to states that show their clocks: one on time, one warned, one
// breached, a first reply met, a major gas fault on its 24 h target beside an ordinary one on its 4 h, a gas
// installation with its home visit booked inside the service hours; then a planned stop of heat and a gas
// emergency (below). Every step goes through the gateway with the role (and department) that does it.
import { daysBefore, DemoGas, DemoHeat } from './demo-heat-gas';
import { Actors, batch, gql, Vars, WO, Wo } from './demo-gql';

const MIN = 60_000;

type Step = 'dispatch' | 'accept' | 'arrive' | 'reply' | 'resolve' | 'book';

export interface UtilityOrder {
  utility: 'HEAT' | 'GAS';
  category: string;
  /** Minutes before the load that the customer called. */
  minutesAgo: number;
  severity?: 'ORDINARY' | 'MAJOR';
  steps: Step[];
  description: string;
  at: { address: string; lon: number; lat: number };
  asset?: { type: 'Pipe' | 'ServicePoint'; id: string };
  reply?: string;
  result?: string;
  complaintTarget?: 'COMPANY' | 'DEPARTMENT' | 'STAFF';
  reporter: { name: string; phone: string };
}

const HEAT_STEPS_OFF_SEASON: Step[] = ['dispatch'];

/** The plan, the same on every load (only `now` moves it in time). */
export function planUtilityOrders(heat: DemoHeat, gas: DemoGas): UtilityOrder[] {
  const compound = (id: string) => {
    const c = heat.compounds.find((x) => x.id === id)!;
    return { address: c.address, lon: c.lon, lat: c.lat };
  };
  const customer = (id: string) => {
    const c = gas.customers.find((x) => x.id === id)!;
    return { address: c.address, lon: c.lon, lat: c.lat };
  };
  const heatOrder = (o: Omit<UtilityOrder, 'utility'>): UtilityOrder => ({ utility: 'HEAT', ...o });
  const gasOrder = (o: Omit<UtilityOrder, 'utility'>): UtilityOrder => ({ utility: 'GAS', ...o });
  return [
    // Room temperature: 5 h on site in the first 10 days of the season, 2 h after; a check visit follows.
    // (Every step is taken at load time, so an order shown on site or resolved was reported recently
    // enough to have been on time, unless it is meant to show a breach.)
    heatOrder({ category: 'HEAT_TEMPERATURE', minutesAgo: 40, steps: ['dispatch', 'accept'], description: '暖气片不热，卧室室温只有 15 ℃', at: compound('HC-1-2'), reporter: { name: '孙桂兰', phone: '13900201001' } }),
    heatOrder({ category: 'HEAT_TEMPERATURE', minutesAgo: 105, steps: ['dispatch', 'accept'], description: '家中室温 16 ℃，老人怕冷，请尽快上门测温', at: compound('HC-2-3'), reporter: { name: '郭建华', phone: '13900201002' } }),
    heatOrder({ category: 'HEAT_TEMPERATURE', minutesAgo: 80, steps: ['dispatch', 'accept', 'arrive'], description: '客厅和卧室都不到 18 ℃，已连续三天', at: compound('HC-3-1'), reporter: { name: '马丽', phone: '13900201003' } }),
    // Complaints: a first reply within 30 min (its own clock), the answer within 5 days.
    heatOrder({ category: 'HEAT_COMPLAINT', minutesAgo: 20, steps: ['dispatch'], description: '供热热线一直占线，投诉服务不到位', at: compound('HC-4-1'), complaintTarget: 'COMPANY', reporter: { name: '何强', phone: '13900201004' } }),
    heatOrder({ category: 'HEAT_COMPLAINT', minutesAgo: 25, steps: ['dispatch', 'reply'], description: '测温人员态度生硬，未出示工作证', at: compound('HC-2-1'), complaintTarget: 'STAFF', reply: '已致电用户致歉，三日内由班长带队复测并书面答复', reporter: { name: '罗敏', phone: '13900201005' } }),
    // Accidents on the mains: on site within 30 min — one crew late, one there in time.
    heatOrder({ category: 'HEAT_MAIN_ACCIDENT', minutesAgo: 50, steps: ['dispatch', 'accept'], description: '热电大道路面冒热气，疑似一次网供水管泄漏', at: { address: '热电大道东段（2号白桦换热站西侧）', ...pipeMid(heat, 'HP-S-2') }, asset: { type: 'Pipe', id: 'HP-S-2' }, reporter: { name: '梁军', phone: '13900201006' } }),
    heatOrder({ category: 'HEAT_MAIN_ACCIDENT', minutesAgo: 15, steps: ['dispatch', 'accept', 'arrive'], description: '东湖路二次网供水管爆裂，井室积水冒汽', at: { address: '东湖路（东湖春晓门前）', ...pipeMid(heat, 'H-S-4-1') }, asset: { type: 'Pipe', id: 'H-S-4-1' }, reporter: { name: '林涛', phone: '13900201007' } }),
    heatOrder({ category: 'HEAT_LEAK', minutesAgo: 30, steps: ['dispatch'], description: '楼道暖气立管漏水', at: compound('HC-1-4'), reporter: { name: '朱娟', phone: '13900201008' } }),
    heatOrder({ category: 'HEAT_LOSS', minutesAgo: 90, steps: ['dispatch', 'accept'], description: '整栋楼突然不热了，请查明原因', at: compound('HC-3-3'), reporter: { name: '胡洋', phone: '13900201009' } }),
    heatOrder({ category: 'HEAT_REPAIR', minutesAgo: 50, steps: ['dispatch', 'accept', 'arrive', 'resolve'], description: '暖气片跑风阀漏气', at: compound('HC-4-3'), result: '已更换跑风阀，试压无渗漏', reporter: { name: '徐静', phone: '13900201010' } }),

    // Gas alarms: on site within 30 min.
    gasOrder({ category: 'GAS_ALARM', minutesAgo: 12, steps: ['dispatch', 'accept'], description: '厨房燃气报警器响，闻到燃气味', at: customer('GH-1-1-2'), reporter: { name: '陈伟', phone: '13900202001' } }),
    gasOrder({ category: 'GAS_ALARM', minutesAgo: 26, steps: ['dispatch', 'accept', 'arrive'], description: '楼道里有燃气味', at: customer('GH-3-3-1'), reporter: { name: '杨芳', phone: '13900202002' } }),
    gasOrder({ category: 'GAS_ALARM', minutesAgo: 28, steps: ['dispatch', 'accept', 'arrive', 'resolve'], description: '燃气灶旁胶管有漏气声', at: customer('GH-2-1-1'), result: '关闭表前阀，更换老化胶管，检漏合格后恢复用气', reporter: { name: '黄磊', phone: '13900202003' } }),
    // Faults on the network: 4 h, a major one 24 h.
    gasOrder({ category: 'GAS_NETWORK_FAULT', severity: 'MAJOR', minutesAgo: 360, steps: ['dispatch', 'accept', 'arrive'], description: '南环路中压管被施工机械挖破，已关阀，需更换管段', at: { address: '南环路（金港路口西）', ...pipeMid(gas, 'G-M-3') }, asset: { type: 'Pipe', id: 'G-M-3' }, reporter: { name: '赵勇', phone: '13900202004' } }),
    gasOrder({ category: 'GAS_NETWORK_FAULT', minutesAgo: 210, steps: ['dispatch', 'accept'], description: '金港路低压管末端压力不足，灶具火小', at: { address: '金港路5号', ...pipeMid(gas, 'G-L-3-2') }, asset: { type: 'Pipe', id: 'G-L-3-2' }, reporter: { name: '吴艳', phone: '13900202005' } }),
    // Installation: 5 working days from the day after the request, with a home visit in service hours.
    gasOrder({ category: 'GAS_INSTALL', minutesAgo: 20 * 60, steps: ['dispatch', 'accept', 'book'], description: '新房申请开通管道燃气（已缴费）', at: customer('GH-4-2-1'), reporter: { name: '周杰', phone: '13900202006' } }),
    gasOrder({ category: 'GAS_INSTALL', minutesAgo: 70, steps: ['dispatch'], description: '厨房改造，申请燃气表移位', at: customer('GH-4-3-2'), reporter: { name: '郑秀英', phone: '13900202007' } }),
    gasOrder({ category: 'GAS_SERVICE', minutesAgo: 120, steps: ['dispatch'], description: '长期外出回来，申请启封点火', at: customer('GH-2-2-3'), reporter: { name: '王明', phone: '13900202008' } }),
    gasOrder({ category: 'GAS_INSPECTION', minutesAgo: 45, steps: ['dispatch'], description: '独居老人申请上门安检', at: customer(gas.elderlyHousehold.id), asset: { type: 'ServicePoint', id: gas.elderlyHousehold.id }, reporter: { name: '刘秀兰', phone: '13900202009' } }),
    gasOrder({ category: 'GAS_APPLIANCE', minutesAgo: 80, steps: ['dispatch', 'accept'], description: '燃气热水器点不着火', at: customer('GH-1-3-1'), reporter: { name: '李娜', phone: '13900202010' } }),
    // Complaints: answered within 48 h, a handling decision within 3 working days.
    gasOrder({ category: 'GAS_COMPLAINT', minutesAgo: 23 * 60, steps: ['dispatch', 'reply'], description: '安检人员未按预约时间上门，白等一上午', at: customer('GH-3-1-2'), complaintTarget: 'STAFF', reply: '已向用户致歉并重新预约安检时间，三个工作日内给出处理意见', reporter: { name: '张敏', phone: '13900202011' } }),
    gasOrder({ category: 'GAS_COMPLAINT', minutesAgo: 60, steps: ['dispatch'], description: '营业厅排队时间过长', at: { address: '南环路 燃气营业厅', ...pipeMid(gas, 'G-M-2') }, complaintTarget: 'COMPANY', reporter: { name: '孙超', phone: '13900202012' } }),
  ];
}

/** The middle of a pipe (where its report is placed). */
function pipeMid(net: { geojson: { features: unknown[] } }, id: string): { lon: number; lat: number } {
  const f = net.geojson.features.find((x) => (x as { properties: { layer: string; id: string } }).properties.layer === 'pipe' && (x as { properties: { id: string } }).properties.id === id) as
    { geometry: { coordinates: Array<[number, number]> } };
  const [a, b] = [f.geometry.coordinates[0], f.geometry.coordinates[f.geometry.coordinates.length - 1]];
  return { lon: Math.round(((a[0] + b[0]) / 2) * 1e6) / 1e6, lat: Math.round(((a[1] + b[1]) / 2) * 1e6) / 1e6 };
}

/**
 * Creates the plan's orders and walks each through its steps; returns how many were created. A temperature
 * report made outside the heating season becomes what the tickets service makes of it (a heating inquiry by
 * default, HEAT_OFF_SEASON_TEMPERATURE) and is only dispatched.
 */
export async function loadUtilityOrders(url: string, who: Actors, heat: DemoHeat, gas: DemoGas, nets: { heat: string; gas: string }, now: Date, today: string): Promise<number> {
  const agent = who.agent();
  const plan = planUtilityOrders(heat, gas);
  const created = await batch<Wo & { category: string }>(url, agent, 'createWorkOrder', { input: 'CreateWorkOrderInput!' }, plan.map((p) => ({
    input: {
      utility: p.utility, category: p.category, ...(p.severity ? { severity: p.severity } : {}),
      reportedAt: new Date(now.getTime() - p.minutesAgo * MIN).toISOString(),
      channel: 'PHONE', description: p.description, address: p.at.address, location: { lon: p.at.lon, lat: p.at.lat }, reporter: p.reporter,
      ...(p.asset ? { asset: { ...p.asset, networkId: p.utility === 'HEAT' ? nets.heat : nets.gas } } : {}),
      ...(p.complaintTarget ? { complaintTarget: p.complaintTarget } : {}),
    },
  })), `${WO} category`);
  const orders = plan.map((p, i) => ({ p: created[i].category === p.category ? p : { ...p, steps: HEAT_STEPS_OFF_SEASON }, wo: created[i] as Wo }));
  const with_ = (s: Step) => orders.filter((o) => o.p.steps.includes(s));
  const byDept = async (step: Step, field: string, argTypes: Record<string, string>, args: (o: { p: UtilityOrder; wo: Wo }) => Vars, select = WO) => {
    const sel = with_(step);
    for (const d of [...new Set(sel.map((o) => o.wo.department))]) {
      const mine = sel.filter((o) => o.wo.department === d);
      const res = await batch<Wo>(url, who.department(d), field, argTypes, mine.map(args), select);
      if (select === WO) res.forEach((wo, i) => (mine[i].wo = wo));
    }
  };

  const dispatched = with_('dispatch');
  (await batch(url, agent, 'dispatchWorkOrder', { id: 'ID!' }, dispatched.map((o) => ({ id: o.wo.id })))).forEach((wo, i) => (dispatched[i].wo = wo));
  await byDept('accept', 'acceptWorkOrder', { id: 'ID!' }, (o) => ({ id: o.wo.id }));
  await byDept('arrive', 'arriveOnSite', { id: 'ID!' }, (o) => ({ id: o.wo.id }));
  await byDept('reply', 'replyToCustomer', { id: 'ID!', reply: 'String!' }, (o) => ({ id: o.wo.id, reply: o.p.reply ?? '已答复用户' }));
  await byDept('resolve', 'resolveWorkOrder', { id: 'ID!', result: 'String!' }, (o) => ({ id: o.wo.id, result: o.p.result ?? '已处理' }));
  // The visit tomorrow at 10:00–11:00 in the utility's zone: inside the gas service hours on a working day
  // (08:00–18:00) and on a rest day (09:00–17:00) alike.
  const day = daysBefore(today, -1);
  await byDept('book', 'bookVisit', { workOrderId: 'ID!', startsAt: 'DateTimeISO!', endsAt: 'DateTimeISO!' }, (o) => ({
    workOrderId: o.wo.id, startsAt: new Date(`${day}T10:00:00+08:00`).toISOString(), endsAt: new Date(`${day}T11:00:00+08:00`).toISOString(),
  }), 'id');
  return orders.length;
}

// --- a heat and a gas outage --------------------------------------------------------------------------

export const HEAT_PLANNED_REASON = '红枫路二次网供水管 DN150 更换阀门 / replacing a DN150 valve on the secondary supply line of Hongfeng Road';
export const GAS_EMERGENCY_REASON = '南环路中压燃气管被施工挖破抢修 / medium-pressure gas main on Nanhuan Road damaged by an excavator';
const OUTAGE = 'id number status valveIds';

/**
 * A planned stop of heat two days ahead, announced (its notices say 停热 and, in the heating season, the
 * heating authority is told), and the gas emergency behind the major network fault, in progress with the
 * valves the emergency crew closed (停气 notices; restoring it is the ignition check household by household).
 * Returns the ids of the outages, found or made now.
 */
export async function loadUtilityOutages(url: string, who: Actors, heat: DemoHeat, gas: DemoGas, nets: { heat: string; gas: string }, now: Date):
  Promise<{ heatPlanned: string; gasEmergency: string; loaded: boolean }> {
  const disp = who.dispatcher();
  const find = async (networkId: string, reason: string) => (await gql<{ outages: { nodes: Array<{ id: string; reason: string }> } }>(url, disp,
    'query($f: OutageFilter) { outages(first: 100, filter: $f) { nodes { id reason } } }', { f: { networkId } })).outages.nodes.find((o) => o.reason === reason)?.id;
  let heatPlanned = await find(nets.heat, HEAT_PLANNED_REASON);
  let gasEmergency = await find(nets.gas, GAS_EMERGENCY_REASON);
  let loaded = false;
  const create = async (input: Vars) => (await gql<{ createOutage: { id: string; valveIds: string[] } }>(url, disp,
    `mutation($i: CreateOutageInput!) { createOutage(input: $i) { ${OUTAGE} } }`, { i: input })).createOutage;
  const act = (token: string, field: string, id: string) => gql(url, token, `mutation($id: ID!) { ${field}(outageId: $id) { id } }`, { id });

  if (!heatPlanned) {
    const startsAt = new Date(Math.ceil((now.getTime() + 48 * 60 * MIN) / (60 * MIN)) * 60 * MIN);
    const o = await create({ networkId: nets.heat, kind: 'PLANNED', pipeIds: [heat.pipes.plannedWork], startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 8 * 60 * MIN).toISOString(), reason: HEAT_PLANNED_REASON, worksUnit: 'HEAT_REPAIR_CREW' });
    await act(disp, 'submitOutage', o.id);
    await act(who.supervisor(), 'approveOutage', o.id);
    await act(disp, 'announceOutage', o.id);
    heatPlanned = o.id;
    loaded = true;
  }
  if (!gasEmergency) {
    // The major fault reported on this pipe is the report the outage was planned from (its workOrderIds).
    const { workOrders } = await gql<{ workOrders: { items: Array<{ id: string; severity: string }> } }>(url, who.agent(),
      '{ workOrders(first: 20, filter: { utility: [GAS], category: [GAS_NETWORK_FAULT] }) { items { id severity } } }');
    const fault = workOrders.items.find((w) => w.severity === 'MAJOR');
    const o = await create({ networkId: nets.gas, kind: 'EMERGENCY', pipeIds: [gas.pipes.mediumMain], startsAt: new Date(now.getTime() - 330 * MIN).toISOString(),
      endsAt: new Date(now.getTime() + 6 * 60 * MIN).toISOString(), reason: GAS_EMERGENCY_REASON, onMainRoad: true, worksUnit: 'GAS_EMERGENCY',
      ...(fault ? { workOrderIds: [fault.id] } : {}) });
    await act(disp, 'announceOutage', o.id);
    await batch(url, who.department('GAS_EMERGENCY'), 'recordValveOperation', { outageId: 'ID!', valveId: 'ID!', action: 'ValveAction!' },
      o.valveIds.map((v) => ({ outageId: o.id, valveId: v, action: 'CLOSE' })), 'id status');
    gasEmergency = o.id;
    loaded = true;
  }
  return { heatPlanned, gasEmergency, loaded };
}
