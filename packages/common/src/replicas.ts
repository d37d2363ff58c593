// Several URLs for one service: requests spread round-robin, and a replica that refused a connection is
// passed over for a while. Used by the gateway for its subgraphs and by services that call one another.

/** Errors that say the request never reached the replica (nothing was done there): any request may go elsewhere. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
/** Errors where the connection broke after the request may have been read: only a read may be sent again. */
const BROKE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

function codeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; e && typeof e === 'object' && i < 4; i++) {
    const x = e as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof x.code === 'string') return x.code;
    if (Array.isArray(x.errors) && x.errors.length) return codeOf(x.errors[0]);
    e = x.cause;
  }
  if (err instanceof Error && /socket hang up/i.test(err.message)) return 'ECONNRESET';
  return undefined;
}

/**
 * How a failed call to a replica may be retried on another: `any` when the connection was never made,
 * `read` when it broke mid-request (a write may have been applied there), `none` otherwise (a timeout,
 * an answer: the replica did answer or may still be working).
 */
export function failoverKind(err: unknown): 'any' | 'read' | 'none' {
  const code = codeOf(err);
  if (code && NOT_REACHED.has(code)) return 'any';
  if (code && BROKE.has(code)) return 'read';
  return 'none';
}

/**
 * Round-robin over a fixed list of replicas. `order()` is the list to try for one request: starting at the
 * next replica in turn, replicas marked down (a refused connection within `downMs`) moved to the end, so a
 * request still gets through when every replica was marked down and one is back.
 */
export class ReplicaSet<T> {
  private next = 0;
  private readonly downUntil: number[];

  constructor(readonly members: readonly T[], private readonly downMs: number, private readonly now: () => number = Date.now) {
    if (members.length === 0) throw new Error('a replica set needs at least one member');
    this.downUntil = members.map(() => 0);
  }

  order(): T[] {
    const n = this.members.length;
    const start = this.next;
    this.next = (this.next + 1) % n;
    if (n === 1) return [this.members[0]];
    const t = this.now();
    const up: T[] = [];
    const down: T[] = [];
    for (let i = 0; i < n; i++) {
      const k = (start + i) % n;
      (this.downUntil[k] > t ? down : up).push(this.members[k]);
    }
    return [...up, ...down];
  }

  markDown(member: T): void {
    const i = this.members.indexOf(member);
    if (i >= 0) this.downUntil[i] = this.now() + this.downMs;
  }

  markUp(member: T): void {
    const i = this.members.indexOf(member);
    if (i >= 0) this.downUntil[i] = 0;
  }

  /**
   * Calls `fn` on replicas in `order()` until one answers: moving on after an error that `failoverKind` allows
   * for this call (`idempotent`: a read may be re-sent after a broken connection, a write only when it was
   * never delivered). The last error is thrown when no replica answered.
   */
  async call<R>(fn: (member: T) => Promise<R>, o: { idempotent: boolean }): Promise<R> {
    let last: unknown;
    for (const m of this.order()) {
      try {
        const r = await fn(m);
        this.markUp(m);
        return r;
      } catch (e) {
        last = e;
        const kind = failoverKind(e);
        if (kind === 'none') throw e;
        this.markDown(m);
        if (kind === 'read' && !o.idempotent) throw e;
      }
    }
    throw last;
  }
}
