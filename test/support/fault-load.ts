// Load through the gateway while a fault is injected (fault tests and `npm run bench:faults`): writers create
// work orders, readers list them; every request is recorded with its outcome, so a test can say what users
// saw during the fault and check that every acknowledged write survived it.
import type { E2EStack } from './e2e-stack';

export interface FaultRequest {
  kind: 'write' | 'read';
  start: number;
  end: number;
  ms: number;
  ok: boolean;
  status: number;
  /** The first error's code (or `HTTP <status>`, `NO_ANSWER` when the request itself failed). */
  code?: string;
  /** The created order (acknowledged writes). */
  id?: string;
  number?: string;
}

export interface FaultLoad {
  readonly requests: FaultRequest[];
  /** Orders the API confirmed. */
  acked(): Array<{ id: string; number: string }>;
  /** Records the time a phase begins (`down`, `up`, `kill`, …). */
  mark(name: string): void;
  /** Requests started at or after the mark `name`. */
  since(name: string): FaultRequest[];
  /** Polls `check` (every 20 ms) until it holds; throws naming `what` after `timeoutMs`. */
  until(what: string, check: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
}

export interface FaultResult extends FaultLoad {
  marks: Array<{ name: string; at: number }>;
  /** From the last mark to the first request started after it that succeeded (null: none did). */
  recoveryMs: number | null;
  /** Per phase (between marks): requests answered, failures by code; writes acknowledged. */
  summary(): Record<string, unknown>;
}

export interface FaultLoadOptions {
  writers?: number;
  readers?: number;
  /** Least time between two requests of one client (each client is a caller of its own, under the rate limit). */
  paceMs?: number;
  /** A request without an answer after this long counts as NO_ANSWER (a hang). */
  requestTimeoutMs?: number;
  /** What readers ask (default: a page of work orders). */
  read?: { query: string; variables?: Record<string, unknown> };
}

const CREATE = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id number } }`;
const LIST = `{ workOrders(first: 5) { items { id } } }`;

export async function runFaultLoad(s: Pick<E2EStack, 'gatewayUrl' | 'token'>, scenario: (l: FaultLoad) => Promise<void>, o: FaultLoadOptions = {}): Promise<FaultResult> {
  const requests: FaultRequest[] = [];
  const marks: Array<{ name: string; at: number }> = [{ name: 'before', at: Date.now() }];
  const paceMs = o.paceMs ?? 25;
  const timeoutMs = o.requestTimeoutMs ?? 40_000;
  let stopped = false;

  const send = async (kind: FaultRequest['kind'], token: string, query: string, variables: Record<string, unknown>): Promise<FaultRequest> => {
    const start = Date.now();
    const done = (r: Omit<FaultRequest, 'kind' | 'start' | 'end' | 'ms'>): FaultRequest => {
      const end = Date.now();
      return { kind, start, end, ms: end - start, ...r };
    };
    try {
      const res = await fetch(s.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await res.json().catch(() => ({}))) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
      if (res.status !== 200 || body.errors?.length) {
        return done({ ok: false, status: res.status, code: body.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}` });
      }
      const created = body.data?.createWorkOrder;
      return done({ ok: true, status: res.status, ...(created ? { id: created.id, number: created.number } : {}) });
    } catch {
      return done({ ok: false, status: 0, code: 'NO_ANSWER' });
    }
  };

  const client = async (kind: FaultRequest['kind'], i: number) => {
    const token = kind === 'write' ? s.token('agent', 'CALL_CENTER', `fault-writer-${i}`) : s.token('supervisor', 'SUPERVISION', `fault-reader-${i}`);
    for (let n = 0; !stopped; n++) {
      const t0 = Date.now();
      const r = kind === 'write'
        ? await send(kind, token, CREATE, { input: { category: 'LEAK', channel: 'PHONE', description: `故障测试 fault test ${i}-${n}`, address: '人民路1号', location: { lon: 113.28, lat: 23.1 } } })
        : await send(kind, token, o.read?.query ?? LIST, o.read?.variables ?? {});
      requests.push(r);
      const wait = paceMs - (Date.now() - t0);
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    }
  };

  const load: FaultLoad = {
    requests,
    acked: () => requests.filter((r) => r.kind === 'write' && r.ok && r.id).map((r) => ({ id: r.id!, number: r.number! })),
    mark: (name) => void marks.push({ name, at: Date.now() }),
    since: (name) => {
      const m = marks.find((x) => x.name === name);
      return m ? requests.filter((r) => r.start >= m.at) : [];
    },
    async until(what, check, ms = 30_000) {
      const t0 = Date.now();
      while (!(await check())) {
        if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };

  const clients = [
    ...Array.from({ length: o.writers ?? 3 }, (_, i) => client('write', i)),
    ...Array.from({ length: o.readers ?? 2 }, (_, i) => client('read', i)),
  ];
  try {
    await scenario(load);
  } finally {
    stopped = true;
    await Promise.all(clients);
  }

  const last = marks[marks.length - 1];
  const firstOk = requests.filter((r) => r.start >= last.at && r.ok).sort((a, b) => a.end - b.end)[0];
  const recoveryMs = firstOk ? firstOk.end - last.at : null;
  return {
    ...load,
    marks,
    recoveryMs,
    summary() {
      const phases: Record<string, unknown> = {};
      marks.forEach((m, i) => {
        const end = marks[i + 1]?.at ?? Infinity;
        const inPhase = requests.filter((r) => r.start >= m.at && r.start < end);
        const errors: Record<string, number> = {};
        for (const r of inPhase) if (!r.ok) errors[r.code!] = (errors[r.code!] ?? 0) + 1;
        const failed = inPhase.filter((r) => !r.ok).map((r) => r.ms).sort((a, b) => a - b);
        phases[m.name] = {
          requests: inPhase.length,
          answered: inPhase.filter((r) => r.ok).length,
          errors,
          writesAcked: inPhase.filter((r) => r.kind === 'write' && r.ok).length,
          failedMsP50: failed.length ? failed[Math.floor(failed.length / 2)] : null,
          failedMsMax: failed.length ? failed[failed.length - 1] : null,
          /** From the phase's start to the end of its last failed request. */
          lastFailureAtMs: inPhase.some((r) => !r.ok) ? Math.max(...inPhase.filter((r) => !r.ok).map((r) => r.end)) - m.at : null,
          ms: (Number.isFinite(end) ? end : Math.max(m.at, ...inPhase.map((r) => r.end))) - m.at,
        };
      });
      return { phases, acked: load.acked().length, recoveryMs };
    },
  };
}
