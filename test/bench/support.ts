// Helpers shared by the benchmarks in this folder.
import fs from 'node:fs';
import http from 'node:http';

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** CPU used by each part of the stack: the gateway and subgraph processes, PostgreSQL's backends, the broker, this client. */
export function cpuSnapshot(stack: { processes: Map<string, { proc: { pid?: number } }> }): Record<string, number> {
  const out: Record<string, number> = { bench_client: cpuSeconds(process.pid), postgres: 0, kafka: 0 };
  for (const [name, p] of stack.processes) out[name] = p.proc.pid ? cpuSeconds(p.proc.pid) : 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let comm = '';
    try { comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { continue; }
    if (comm === 'postgres') out.postgres += cpuSeconds(Number(pid));
    else if (comm === 'java') out.kafka += cpuSeconds(Number(pid));
  }
  return out;
}

/** Nearest-rank percentile of an ascending array; `fraction` is 0–1 (0.99 = p99). NaN when empty. */
export function pct(sorted: number[], fraction: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/**
 * POSTs a JSON payload over `agent` (keep-alive) and resolves the parsed JSON body. Plain node:http:
 * the client shares the CPU with what it measures, so it should cost as little as it can.
 */
export function postJson(agent: http.Agent, url: URL, payload: string, headers: Record<string, string> = {}): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (e) {
            reject(new Error(`HTTP ${res.statusCode}: ${(e as Error).message}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
