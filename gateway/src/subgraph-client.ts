// The gateway's calls to its subgraphs: a plain node:http POST over a keep-alive agent.
// Why not fetch: on the 2-core box the gateway is the throughput ceiling, and undici's fetch (streams,
// Request/Response objects, transferables) was ~15 % of the gateway's CPU per request in a profile;
// @apollo/gateway's default RemoteGraphQLDataSource.sendRequest also builds a node-fetch Request per call.
import http from 'node:http';
import { GraphQLError } from 'graphql';

export interface SubgraphAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * A keep-alive agent that drops an idle connection before the server would. Why: with no `timeout`, Node's
 * agent ignores the server's `Keep-Alive: timeout=N` hint and keeps idle sockets forever, so a request could go
 * out on a socket the subgraph was closing (Node's server closes after 5 s idle) and fail — a write then cannot
 * be resent. With an idle bound the agent closes at the hint minus 1 s, or at `idleMs` if that is sooner.
 */
export function keepAliveAgent(maxSockets: number, idleMs: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, timeout: idleMs });
}

/** SUBGRAPH_IDLE_SOCKET_MS' default: the longest a kept-alive connection to a service may stay unused. */
export const DEFAULT_IDLE_SOCKET_MS = 60_000;

export class SubgraphHttpClient {
  private readonly agent: http.Agent;
  constructor(private readonly timeoutMs: number, maxSockets = 256, idleMs = DEFAULT_IDLE_SOCKET_MS) {
    this.agent = keepAliveAgent(maxSockets, idleMs);
  }

  /**
   * `o.resendOnStaleSocket` (reads only): a kept-alive connection the subgraph closed as idle just as this request
   * went out (ECONNRESET / hang-up before any answer on a reused socket) is retried once on a fresh one.
   */
  post(url: URL, headers: Record<string, string>, body: string, o: { resendOnStaleSocket?: boolean } = {}): Promise<SubgraphAnswer> {
    return this.send(url, headers, body).catch((e: Error & { reusedSocket?: boolean }) => {
      if (o.resendOnStaleSocket && e.reusedSocket) return this.send(url, headers, body);
      throw e;
    });
  }

  private send(url: URL, headers: Record<string, string>, body: string): Promise<SubgraphAnswer> {
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = http.request(
        {
          agent: this.agent, protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`subgraph ${url.host} did not answer within ${this.timeoutMs} ms`)));
      req.on('error', (e: Error & { code?: string; reusedSocket?: boolean }) => {
        // Node's documented keep-alive race: only a reset before any answer on a reused socket counts as stale.
        if (!answered && req.reusedSocket && (e.code === 'ECONNRESET' || /socket hang up/i.test(e.message))) e.reusedSocket = true;
        reject(e);
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * The subgraph's answer as @apollo/gateway expects from sendRequest: the parsed GraphQL response, with
 * `http` exposing the headers (the gateway reads cache-control from it). A non-2xx status becomes the
 * same GraphQLError the stock data source raises (`<status>: <reason>`, code for 401/403).
 */
export function toGraphQLResponse(url: URL, a: SubgraphAnswer): Record<string, unknown> & { http: { status: number; headers: { get(name: string): string | null } } } {
  let body: unknown = a.text;
  const type = String(a.headers['content-type'] ?? '');
  if (type.startsWith('application/json') || type.startsWith('application/graphql-response+json')) {
    try {
      body = JSON.parse(a.text);
    } catch {
      throw new Error(`subgraph ${url.host} answered invalid JSON (HTTP ${a.status})`);
    }
  }
  const headers = a.headers;
  const http_ = { status: a.status, headers: { get: (name: string) => { const v = headers[name.toLowerCase()]; return v === undefined ? null : String(v); } } };
  // A subgraph's 4xx with GraphQL errors (e.g. a date its scalar refuses) is the caller's mistake:
  // its typed errors go to the caller as they are, not masked as a 500.
  if (a.status >= 400 && a.status < 500 && a.status !== 401 && a.status !== 403 && isErrorBody(body)) {
    return { data: null, errors: body.errors, http: http_ };
  }
  if (a.status < 200 || a.status > 299) {
    const reason = http.STATUS_CODES[a.status] ?? '';
    const code = a.status === 401 ? 'UNAUTHENTICATED' : a.status === 403 ? 'FORBIDDEN' : undefined;
    throw new GraphQLError(`${a.status}: ${reason}`, { extensions: { ...(code ? { code } : {}), response: { url: url.toString(), status: a.status, statusText: reason, body } } });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`Expected JSON response body, but received: ${a.text.slice(0, 200)}`);
  }
  return { ...(body as Record<string, unknown>), http: http_ };
}

function isErrorBody(body: unknown): body is { errors: unknown[] } {
  return typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors) && (body as { errors: unknown[] }).errors.length > 0;
}

/** The cache hint a subgraph's cache-control header allows (none or no-store: not cacheable). */
export function cacheHint(header: string | null): { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } {
  const directives = (header ?? '').toLowerCase().split(',').map((d) => d.trim());
  const maxAge = directives.find((d) => /^max-age=\d+$/.test(d));
  const hint: { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } = { maxAge: maxAge && !directives.includes('no-store') ? Number(maxAge.slice(8)) : 0 };
  if (directives.includes('private')) hint.scope = 'PRIVATE';
  else if (directives.includes('public')) hint.scope = 'PUBLIC';
  return hint;
}
