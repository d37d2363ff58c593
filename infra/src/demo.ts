// Demo data for `npm start`, loaded through the gateway as any client would: a small town network
// with customers and important users, a few hotline reports, and a planned outage being prepared.
import fs from 'node:fs';
import path from 'node:path';

const TOWN = path.join(__dirname, '..', 'demo', 'yuncheng-town.geojson');
const DEMO_NAME = '云城示范片区 Yuncheng demo district';

async function gql<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: Array<{ message: string; path?: string[] }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.path?.join('.') ?? ''} ${e.message}`).join('; '));
  return body.data as T;
}

/** Loads the demo once; a second `npm start` finds it and leaves it alone. */
export async function loadDemoData(gatewayUrl: string, token: string): Promise<string> {
  const { networks } = await gql<{ networks: Array<{ id: string; name: string }> }>(gatewayUrl, token, '{ networks { id name } }');
  if (networks.some((n) => n.name === DEMO_NAME)) return 'already loaded';
  const { importNetwork: net } = await gql<{ importNetwork: { id: string; pipeCount: number; totalPopulation: number } }>(
    gatewayUrl, token,
    'mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id pipeCount totalPopulation } }',
    { i: { name: DEMO_NAME, format: 'GEOJSON', content: fs.readFileSync(TOWN, 'utf8') } },
  );
  const reports = [
    { category: 'BURST', channel: 'PHONE', description: '兴云路路面冒水，疑似爆管', address: '兴云路 20 号', location: { lon: 112.0431, lat: 22.9315 }, reporter: { name: '张三', phone: '13800000001' }, asset: { type: 'Pipe', networkId: net.id, id: 'PH11' } },
    { category: 'WATER_QUALITY', channel: 'WECHAT', description: '自来水发黄有异味', address: '城中路 30 号', location: { lon: 112.0446, lat: 22.9301 }, reporter: { name: '李四', phone: '13800000002' } },
    { category: 'BILLING', channel: 'WEB', description: '本月水费异常偏高，请核查抄表读数', address: '环市路 8 号', location: { lon: 112.0416, lat: 22.933 }, reporter: { name: '王五', phone: '13800000003' } },
    { category: 'COMPLAINT', channel: 'PHONE', description: '抄表员态度恶劣', address: '城中路 10 号', location: { lon: 112.0401, lat: 22.9302 }, reporter: { name: '赵六', phone: '13800000004' } },
  ];
  for (const i of reports) await gql(gatewayUrl, token, 'mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id } }', { i });
  const startsAt = new Date(Date.now() + 48 * 3600_000).toISOString();
  const endsAt = new Date(Date.now() + 54 * 3600_000).toISOString();
  await gql(gatewayUrl, token, 'mutation($i: CreateOutageInput!) { createOutage(input: $i) { id } }', {
    i: { networkId: net.id, kind: 'PLANNED', pipeIds: ['PH11'], startsAt, endsAt, reason: '兴云路 DN150 管道更换阀门 / valve replacement on Xingyun Road', onMainRoad: false },
  });
  return `network "${DEMO_NAME}" (${net.pipeCount} pipes, ${net.totalPopulation} people), ${reports.length} work orders, 1 planned outage (draft)`;
}
