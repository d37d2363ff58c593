// npm run bench:gateway-baseline — the machine's ceiling for the tickets figures: a bare @apollo/gateway
// (no auth, no limits, no logging) in front of an in-memory subgraph, each in its own process, driven by
// the same keep-alive client as bench:tickets with a queue-shaped query (20 items, 8 fields).
// The tickets issue quotes ~1,000 queries/s for this on its reference machine; run this on the day you
// run bench:tickets and compare the two on the same box. Env: BENCH_SECONDS (15), BENCH_CONCURRENCY (32).
import http from 'node:http';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { ApolloGateway } from '@apollo/gateway';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { freePortBlock } from '../support/ports';
import { cpuSeconds, pct, postJson } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Item @key(fields: "id") { id: ID! number: String! status: String! category: String! acceptDueAt: String onSiteDueAt: String breached: Boolean! }
  type Page { items: [Item!]! nextCursor: String }
  type Query { items(first: Int!): Page! }
`);
const ITEMS = Array.from({ length: 20 }, (_, i) => ({
  id: `id-${i}`, number: `WO-2026-${String(i).padStart(6, '0')}`, status: 'DISPATCHED', category: 'LEAK',
  acceptDueAt: new Date().toISOString(), onSiteDueAt: new Date().toISOString(), breached: false,
}));

async function subgraph(port: number) {
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers: { Query: { items: (_: unknown, a: { first: number }) => ({ items: ITEMS.slice(0, a.first), nextCursor: null }) } } }) });
  await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
}

async function gateway(port: number, subgraphPort: number) {
  const url = `http://127.0.0.1:${subgraphPort}/`;
  const composed = composeServices([{ name: 'items', typeDefs, url }]);
  if (composed.errors) throw composed.errors[0];
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl }) });
  await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
}

async function post(agent: http.Agent, url: URL, payload: string): Promise<void> {
  const body = await postJson(agent, url, payload);
  if (body.errors || body.data?.items?.items?.length !== 20) throw new Error(JSON.stringify(body).slice(0, 300));
}

async function main() {
  const [role, a, b] = process.argv.slice(2);
  if (role === 'subgraph') return subgraph(Number(a)).then(() => process.send?.('ready'));
  if (role === 'gateway') return gateway(Number(a), Number(b)).then(() => process.send?.('ready'));

  const base = await freePortBlock(2);
  const start = async (...args: string[]) => {
    const child = fork(__filename, args, { execArgv: ['-r', '@swc-node/register'] });
    const [msg] = await once(child, 'message');
    if (msg !== 'ready') throw new Error(`${args[0]} did not start`);
    return child;
  };
  const sub = await start('subgraph', String(base + 1));
  const gw = await start('gateway', String(base), String(base + 1));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(`http://127.0.0.1:${base}/`);
  const payload = JSON.stringify({ query: '{ items(first: 20) { items { id number status category acceptDueAt onSiteDueAt breached } nextCursor } }' });
  for (let i = 0; i < 500; i++) await post(agent, url, payload);
  const lat: number[] = [];
  const cpu = () => ({ gateway: cpuSeconds(gw.pid!), subgraph: cpuSeconds(sub.pid!), bench_client: cpuSeconds(process.pid) });
  const cpu0 = cpu();
  const t0 = Date.now();
  const deadline = t0 + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < deadline) {
      const s = performance.now();
      await post(agent, url, payload);
      lat.push(performance.now() - s);
    }
  }));
  const secs = (Date.now() - t0) / 1000;
  const cpu1 = cpu();
  lat.sort((x, y) => x - y);
  process.stdout.write(JSON.stringify({ bench: 'gateway.bare_baseline', ops: lat.length, ops_per_s: Math.round(lat.length / secs), p50_ms: +pct(lat, 0.5).toFixed(2), p99_ms: +pct(lat, 0.99).toFixed(2), concurrency: CONCURRENCY }) + '\n');
  const perRequest = Object.fromEntries((Object.keys(cpu1) as Array<keyof typeof cpu1>).map((k) => [k, +(((cpu1[k] - cpu0[k]) * 1000) / lat.length).toFixed(3)]));
  process.stdout.write(JSON.stringify({ bench: 'gateway.bare_baseline_cpu_ms_per_request', ...perRequest }) + '\n');
  agent.destroy();
  gw.kill();
  sub.kill();
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
