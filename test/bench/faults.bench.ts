// npm run bench:faults — what users see while things break: the whole stack with two replicas of every
// subgraph on a PostgreSQL cluster of its own (so crashing it disturbs nothing else) and the Kafka broker
// (KAFKA_BROKERS, default the local one; topics of its own prefix). Writers create work orders and readers
// read through the gateway while (1) PostgreSQL crashes and restarts and (2) a network replica is killed.
// One JSON line per fault: requests answered during it, errors by kind, recovery time; then writes lost
// (acknowledged orders missing from the database afterwards: must be 0). Stops by itself.
// Env: BENCH_FAULT_DOWN_MS (how long PostgreSQL stays down / the load runs after the kill, 3000),
// BENCH_WRITERS (3), BENCH_READERS (2). The broker is not stopped here (it may be shared); the broker-stop
// fault is tested by services/notify/test/notify.reliability.int.test.ts and test/e2e/readiness.e2e.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DEV_DEFAULTS, signUserToken, type DepartmentCode, type Role } from '@mainline/common';
import { goldenAnswers, goldenInp } from '@mainline/network/test/golden';
import { ensureKafka, ROOT, SERVICES, startPrivatePostgres, startStack, type ServiceName } from '@mainline/infra';
import { runFaultLoad, type FaultResult } from '../support/fault-load';
import { freePortBlock } from '../support/ports';

const DOWN_MS = Number(process.env.BENCH_FAULT_DOWN_MS ?? 3000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 3);
const READERS = Number(process.env.BENCH_READERS ?? 2);
const REPLICAS = 2;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');

type Phase = { requests: number; answered: number; errors: Record<string, number>; writesAcked: number; failedMsP50: number | null; failedMsMax: number | null; lastFailureAtMs: number | null; ms: number };

/**
 * One line for a fault: the requests of the phases `during` (the fault itself), what they got, and the time from
 * the mark `recoveredFrom` (the server back, the kill) to the first request started after it that succeeded.
 */
function report(fault: string, r: FaultResult, during: string[], recoveredFrom: string) {
  const phases = r.summary().phases as Record<string, Phase>;
  const errors: Record<string, number> = {};
  let requests = 0, answered = 0, acked = 0, ms = 0;
  for (const name of during) {
    const p = phases[name];
    requests += p.requests;
    answered += p.answered;
    acked += p.writesAcked;
    ms += p.ms;
    for (const [k, v] of Object.entries(p.errors)) errors[k] = (errors[k] ?? 0) + v;
  }
  const from = r.marks.find((m) => m.name === recoveredFrom)!.at;
  const firstOk = r.requests.filter((q) => q.ok && q.start >= from).sort((a, b) => a.end - b.end)[0];
  const failed = r.requests.filter((q) => !q.ok && during.some((name) => r.since(name).includes(q))).map((q) => q.ms).sort((a, b) => a - b);
  const after = phases[r.marks.at(-1)!.name];
  print({
    bench: 'faults', fault, fault_ms: ms, requests, answered, errors_by_kind: errors, writes_acked: acked,
    failed_ms_p50: failed.length ? failed[Math.floor(failed.length / 2)] : null, failed_ms_max: failed.length ? failed[failed.length - 1] : null,
    recovery_ms: firstOk ? firstOk.end - from : null,
    // After the fault: failures still seen (their last one, from the recovery mark) and what was answered.
    after: { requests: after.requests, answered: after.answered, errors_by_kind: after.errors, last_failure_ms: after.lastFailureAtMs },
  });
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mainline-bench-faults-'));
  const base = await freePortBlock(2 + REPLICAS * SERVICES.length);
  const pg = await startPrivatePostgres({ dataDir, port: base, settings: { max_connections: '200' }, log });
  // KAFKA_BROKERS when given; else a broker already answering on 9092 is reused, or one is started (and stopped after).
  const kafka = await ensureKafka({ brokers: process.env.KAFKA_BROKERS ? process.env.KAFKA_BROKERS.split(',') : undefined, dataDir: path.join(ROOT, '.data', 'kafka'), log });
  const servicePorts = Object.fromEntries(SERVICES.map((s, i) => [s, Array.from({ length: REPLICAS }, (_, r) => base + 2 + r * SERVICES.length + i)])) as Record<ServiceName, number[]>;
  const stack = await startStack({
    infra: { pg, kafka, stop: async () => undefined }, dbPrefix: 'mainline_bench_faults_', recreateDatabases: true,
    topicPrefix: `bench-faults-${Date.now().toString(36)}.`, gatewayPort: base + 1, servicePorts,
    logDir: path.join(ROOT, '.data', 'bench-logs', 'faults'), extraEnv: { LOG_LEVEL: 'warn' }, log,
  });
  const token = (role: Role, department: DepartmentCode | null, sub: string) => signUserToken({ sub, name: sub, roles: [role], department }, DEV_DEFAULTS.jwtSecret);
  const s = { gatewayUrl: stack.gatewayUrl, token: (role: Role | Role[], department?: DepartmentCode, sub?: string) => token(([] as Role[]).concat(role)[0], department ?? null, sub ?? 'bench') };
  const acked: Array<{ id: string; number: string }> = [];
  try {
    // 1. PostgreSQL crashes (immediate shutdown: recovery from the WAL) and comes back after DOWN_MS.
    const pgFault = await runFaultLoad(s, async (l) => {
      await l.until('writes before the fault', () => l.acked().length >= 20);
      l.mark('down');
      await pg.stopServer('immediate');
      await new Promise((r) => setTimeout(r, DOWN_MS)); // the fault's length is the bench's parameter
      l.mark('restarting');
      await pg.startServer();
      l.mark('up');
      await l.until('writes after the restart', () => l.since('up').filter((r) => r.kind === 'write' && r.ok).length >= 20, 60_000);
    }, { writers: WRITERS, readers: READERS });
    report('postgres-restart', pgFault, ['down', 'restarting'], 'up');
    acked.push(...pgFault.acked());

    // 2. Network replica 1 is killed (SIGKILL) while readers ask the network service for isolation plans.
    const G = goldenAnswers('Net3');
    const disp = token('dispatcher', 'NETWORK', 'bench-dispatcher');
    const imported = await fetch(stack.gatewayUrl, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${disp}` },
      body: JSON.stringify({
        query: 'mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id } }',
        variables: { i: { name: 'bench-faults-net3', format: 'EPANET_INP', content: goldenInp('Net3'), origin: { lon: 112.04, lat: 22.93 }, valves: G.valves.map((v: any) => ({ id: v.id, linkId: v.link, nodeId: v.node })) } },
      }),
    }).then((r) => r.json() as Promise<any>);
    const networkId = imported.data.importNetwork.id;
    const killed = stack.processes.get('network')!.proc;
    const kill = await runFaultLoad(s, async (l) => {
      await l.until('plans before the kill', () => l.requests.filter((r) => r.kind === 'read' && r.ok).length >= 20);
      l.mark('kill');
      killed.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, DOWN_MS));
      l.mark('after');
    }, { writers: WRITERS, readers: READERS, read: { query: 'query($n: ID!) { isolationPlan(networkId: $n, pipeIds: ["117"]) { population valvesToClose { id } } }', variables: { n: networkId } } });
    report('network-replica-kill', kill, ['kill'], 'kill');
    acked.push(...kill.acked());

    // Writes lost: acknowledged orders that are not in the database now.
    const db = new Client({ connectionString: pg.urlFor('mainline_bench_faults_tickets') });
    await db.connect();
    const { rows } = await db.query<{ id: string; number: string }>(`SELECT id::text, number FROM work_order WHERE id = ANY($1::uuid[])`, [acked.map((w) => w.id)]);
    await db.end();
    const stored = new Map(rows.map((r) => [r.id, r.number]));
    print({ bench: 'faults', writes_acked: acked.length, writes_lost: acked.filter((w) => stored.get(w.id) !== w.number).length });
  } finally {
    await stack.stop();
    await pg.stop();
    await kafka.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(pg.logFile, { force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench:faults failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
