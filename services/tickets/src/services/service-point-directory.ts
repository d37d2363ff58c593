import { DomainError, IDENTITY_HEADER, Identity, Logger, REQUEST_ID_HEADER, signInternalIdentity } from '@mainline/common';
import { isUtilityKind, type UtilityKind } from '@mainline/common/domain';

/** A network as the inspection planner needs it: whose utility it is. */
export interface DirectoryNetwork {
  id: string;
  name: string;
  utility: UtilityKind;
  /** Bumped by the network service when the network changes: a whole-network list is reused while it stands. */
  version: number;
}

/** A customer of a network, with what its inspection schedule depends on (owned by the network service). */
export interface DirectoryServicePoint {
  networkId: string;
  id: string;
  address: string | null;
  /** RESIDENTIAL | COMMERCIAL | INDUSTRIAL | PUBLIC_BUILDING | OTHER */
  customerType: string;
  /** ELDERLY | SICK | DISABLED: registered for priority service. */
  vulnerability: string[];
  /** YYYY-MM-DD, from the GIS (inspections before Mainline). */
  lastInspectedOn: string | null;
}

/** Networks and service points, asked of the network service, which owns them. */
export interface ServicePointDirectory {
  /** null when the network does not exist. */
  network(caller: Identity, networkId: string): Promise<DirectoryNetwork | null>;
  networks(caller: Identity): Promise<DirectoryNetwork[]>;
  /**
   * Every service point of the network (all pages), or the ones with these ids (unknown ids are left out).
   * With the network's `version`, a whole-network list read before at that version may be reused.
   */
  servicePoints(caller: Identity, networkId: string, ids?: readonly string[], version?: number): Promise<DirectoryServicePoint[]>;
}

export interface NetworkDirectoryOptions {
  /** The network subgraph's GraphQL URL (NETWORK_SUBGRAPH_URL). */
  url: string;
  internalSecret: string;
  timeoutMs: number;
  /** Service points per page of servicePointsOfNetwork. */
  pageSize: number;
  /** Whole-network lists kept per replica, by network version, up to this many service points in all. */
  cachePoints: number;
  log: Logger;
}

const SP_FIELDS = 'id address customerType vulnerability lastInspectedOn';
const Q_NETWORK = 'query TicketsNetwork($id: ID!) { network(id: $id) { id name utility version } }';
const Q_NETWORKS = 'query TicketsNetworks { networks { id name utility version } }';
const Q_PAGE = `query TicketsServicePointPage($n: ID!, $first: Int, $after: String) { servicePointsOfNetwork(networkId: $n, first: $first, after: $after) { items { ${SP_FIELDS} } nextCursor } }`;
const Q_IDS = `query TicketsServicePoints($n: ID!, $ids: [ID!]!) { servicePoints(networkId: $n, ids: $ids) { ${SP_FIELDS} } }`;
/** Most ids one servicePoints call is sent (the network service's list limit is far above). */
const IDS_PER_CALL = 1000;

type GqlError = { message?: string; path?: Array<string | number>; extensions?: { code?: string } };

const unavailable = () =>
  new DomainError('UNAVAILABLE', '管网服务暂不可用，无法读取用户（服务点）/ the network service is unavailable: its service points cannot be read', { field: 'networkId' });

/**
 * Asks the network subgraph directly with the caller's signed internal identity (as the gateway would), so
 * the network service applies its own access rules; a timeout, a failed answer or an unexpected error is a
 * typed UNAVAILABLE, never a crash.
 */
export class NetworkServicePointDirectory implements ServicePointDirectory {
  /** `<networkId>@<version>` → its service points, oldest entry first (evicted first). */
  private readonly cache = new Map<string, DirectoryServicePoint[]>();
  private cached = 0;

  constructor(private readonly o: NetworkDirectoryOptions) {}

  async network(caller: Identity, networkId: string): Promise<DirectoryNetwork | null> {
    const r = await this.ask<{ network: RawNetwork | null }>(caller, Q_NETWORK, { id: networkId }, ['NOT_FOUND', 'INVALID_INPUT', 'BAD_USER_INPUT']);
    return r?.network ? this.toNetwork(r.network) : null;
  }

  async networks(caller: Identity): Promise<DirectoryNetwork[]> {
    const r = await this.ask<{ networks: RawNetwork[] }>(caller, Q_NETWORKS, {});
    if (!Array.isArray(r?.networks)) throw this.malformed('networks');
    return r.networks.map((n) => this.toNetwork(n));
  }

  async servicePoints(caller: Identity, networkId: string, ids?: readonly string[], version?: number): Promise<DirectoryServicePoint[]> {
    if (!ids && version !== undefined) {
      // A network's elements change only with a new version: the list read at this version still holds.
      const key = `${networkId}@${version}`;
      const hit = this.cache.get(key);
      if (hit) return hit;
      const all = await this.readAll(caller, networkId);
      this.remember(key, all);
      return all;
    }
    if (!ids) return this.readAll(caller, networkId);
    const out: DirectoryServicePoint[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
      const r = await this.ask<{ servicePoints: RawPoint[] }>(caller, Q_IDS, { n: networkId, ids: ids.slice(i, i + IDS_PER_CALL) });
      if (!Array.isArray(r?.servicePoints)) throw this.malformed('servicePoints');
      out.push(...r.servicePoints.map((p) => this.toPoint(networkId, p)));
    }
    return out;
  }

  private remember(key: string, points: DirectoryServicePoint[]): void {
    if (points.length > this.o.cachePoints) return;
    for (const [k, v] of this.cache) {
      if (this.cached + points.length <= this.o.cachePoints) break;
      this.cache.delete(k);
      this.cached -= v.length;
    }
    this.cache.set(key, points);
    this.cached += points.length;
  }

  private async readAll(caller: Identity, networkId: string): Promise<DirectoryServicePoint[]> {
    const out: DirectoryServicePoint[] = [];
    let after: string | null = null;
    for (;;) {
      const r: { servicePointsOfNetwork: RawPage } | null = await this.ask<{ servicePointsOfNetwork: RawPage }>(caller, Q_PAGE, { n: networkId, first: this.o.pageSize, after });
      const page: RawPage | undefined = r?.servicePointsOfNetwork;
      if (!page || !Array.isArray(page.items)) throw this.malformed('servicePointsOfNetwork');
      out.push(...page.items.map((p) => this.toPoint(networkId, p)));
      if (!page.nextCursor || page.items.length === 0) return out;
      after = page.nextCursor;
    }
  }

  private toNetwork(n: RawNetwork): DirectoryNetwork {
    if (!n || typeof n.id !== 'string' || !isUtilityKind(n.utility) || typeof n.version !== 'number') throw this.malformed('network');
    return { id: n.id, name: n.name, utility: n.utility, version: n.version };
  }

  private toPoint(networkId: string, p: RawPoint): DirectoryServicePoint {
    if (!p || typeof p.id !== 'string' || typeof p.customerType !== 'string') throw this.malformed('servicePoint');
    return {
      networkId, id: p.id, address: p.address ?? null, customerType: p.customerType,
      vulnerability: Array.isArray(p.vulnerability) ? p.vulnerability : [], lastInspectedOn: p.lastInspectedOn ?? null,
    };
  }

  private malformed(what: string): DomainError {
    this.o.log.warn({ what }, 'network service answered without the expected data');
    return unavailable();
  }

  /**
   * One GraphQL call. Errors whose code is in `missing` mean "no such thing" (data null comes back);
   * any other error, a non-2xx answer or a timeout is UNAVAILABLE.
   */
  private async ask<T>(caller: Identity, query: string, variables: Record<string, unknown>, missing: string[] = [], requestId?: string): Promise<T | null> {
    let body: { data?: T | null; errors?: GqlError[] };
    try {
      const r = await fetch(this.o.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: signInternalIdentity(caller, this.o.internalSecret),
          ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      if (!r.ok && r.status !== 400) throw new Error(`HTTP ${r.status}`);
      body = (await r.json()) as typeof body;
    } catch (e) {
      this.o.log.warn({ err: (e as Error).message, url: this.o.url }, 'network service did not answer the service point directory');
      throw unavailable();
    }
    if (body.errors?.length) {
      if (body.errors.every((e) => missing.includes(String(e.extensions?.code ?? '')))) return null;
      // The network service's own access rule: the caller may not read these service points.
      if (body.errors.some((e) => e.extensions?.code === 'FORBIDDEN')) {
        throw new DomainError('FORBIDDEN', '无权读取该管网的用户（服务点）/ the network service does not let this caller read the network’s service points', { field: 'networkId' });
      }
      this.o.log.warn({ errors: body.errors.map((e) => ({ message: e.message, code: e.extensions?.code })) }, 'network service refused the service point directory');
      throw unavailable();
    }
    return body.data ?? null;
  }
}

interface RawNetwork {
  id: string;
  name: string;
  utility: unknown;
  version: unknown;
}

interface RawPage {
  items: RawPoint[];
  nextCursor: string | null;
}

interface RawPoint {
  id: string;
  address?: string | null;
  customerType: string;
  vulnerability?: string[];
  lastInspectedOn?: string | null;
}
