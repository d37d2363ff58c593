// Demo data for `npm start`, loaded through the gateway as any client would (each step with the role
// that does it in a utility): the generated water district and two outages (a planned one above 5,000 people waiting for the regulator, an emergency in progress); beside
// it a heat and a gas district with a few orders of each of their kinds and an outage each
// (demo-heat-gas.ts, demo-heat-gas-load.ts). The month of work orders before the load is written by the
// tickets service's own code with a clock stepping through the past (demo-history.ts).
import { DemoCity, generateDemoCity } from './demo-city';
import { Actors, batch, gql, Signer, WO, Wo } from './demo-gql';
import { HistorySummary, loadHistory } from './demo-history';
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
  /** Water work orders created by this run (0 when they were there already): the month's and the no-water calls. */
  ordersCreated: number;
  /** The month before the load (null when it was there already). */
  history: HistorySummary | null;
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
 * databases adds nothing. `now` is the reference time (outage times and the month are relative to it).
 */
export interface DemoOptions {
  /** What `loadDemoHistory` wrote before the services started (null: nothing, it was there already). */
  history: HistorySummary | null;
  now?: Date;
}

/**
 * The month before `now`, written with the tickets service's own code before it starts (startStack's
 * `beforeServices`, given the environment the service will get): see demo-history.ts.
 */
export function loadDemoHistory(ticketsEnv: NodeJS.ProcessEnv, now = new Date()): Promise<HistorySummary | null> {
  return loadHistory(ticketsEnv, generateDemoCity(), generateDemoHeat(), generateDemoGas(demoLocalDate(now)), now);
}

export async function loadDemoData(url: string, sign: Signer, o: DemoOptions): Promise<DemoSummary> {
  const now = o.now ?? new Date();
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
  // The month has no no-water call: those are the residents' calls linked to the emergency, made here.
  const { workOrders } = await gql<{ workOrders: { items: unknown[] } }>(url, who.agent(), '{ workOrders(first: 1, filter: { utility: [WATER], category: [NO_WATER] }) { items { id } } }');
  const history = o.history;
  let ordersCreated = history?.water ?? 0;
  if (workOrders.items.length === 0) ordersCreated += await loadOutageCalls(url, who, city);
  loadedNow.orders = ordersCreated > 0;
  // The month before holds heat and gas orders too, none of them a network fault: the major one marks this part loaded.
  const others = await gql<{ workOrders: { items: unknown[] } }>(url, who.agent(), '{ workOrders(first: 1, filter: { utility: [GAS], category: [GAS_NETWORK_FAULT] }) { items { id } } }');
  let utilityOrdersCreated = 0;
  if (others.workOrders.items.length === 0) {
    utilityOrdersCreated = await loadUtilityOrders(url, who, heatDistrict, gasDistrict, { heat: heat.net.id, gas: gas.net.id }, now, today);
    loadedNow.utilityOrders = true;
  }
  const utilityOutages = await loadUtilityOutages(url, who, heatDistrict, gasDistrict, { heat: heat.net.id, gas: gas.net.id }, now);
  loadedNow.utilityOutages = utilityOutages.loaded;
  return {
    networkId: net.id, pipeCount: net.pipeCount, totalPopulation: net.totalPopulation, heat: heat.net, gas: gas.net, ordersCreated, history, utilityOrdersCreated,
    plannedOutageId: planned, emergencyOutageId: emergency, heatPlannedOutageId: utilityOutages.heatPlanned, gasEmergencyOutageId: utilityOutages.gasEmergency,
    loadedNow, ms: Date.now() - t0,
  };
}

/** One line for the start banner. */
export function describeDemo(s: DemoSummary): string {
  const parts = [`network "${DEMO_NAME}" ${s.networkId} (${s.pipeCount} pipes, ${s.totalPopulation} people)`];
  for (const n of [s.heat, s.gas]) parts.push(`${n.utility} network "${n.name}" ${n.id} (${n.pipeCount} pipes, ${n.totalPopulation} people)`);
  parts.push(s.loadedNow.orders ? `${s.ordersCreated} work orders` : 'work orders already there');
  if (s.history) parts.push(`the month before: ${s.history.water} water, ${s.history.heat} heat and ${s.history.gas} gas orders on ${s.history.days} days (${(s.history.ms / 1000).toFixed(1)} s, before the services started)`);
  parts.push(s.loadedNow.utilityOrders ? `${s.utilityOrdersCreated} heat and gas work orders` : 'heat and gas work orders already there');
  parts.push(`outages: planned ${s.plannedOutageId} (waiting for the regulator), emergency ${s.emergencyOutageId} (in progress), `
    + `heat planned ${s.heatPlannedOutageId} (announced), gas emergency ${s.gasEmergencyOutageId} (in progress)`);
  const ms = s.ms + (s.history?.ms ?? 0);
  return `${parts.join('; ')}; ${Object.values(s.loadedNow).some(Boolean) ? `loaded in ${(ms / 1000).toFixed(1)} s` : 'already loaded'}`;
}
