import { DomainError, IDENTITY_HEADER, Identity, Logger, REQUEST_ID_HEADER, ReplicaSet, signInternalIdentity } from '@mainline/common';

/** A work order's reference to an element of the network service (the federation key of Pipe, Valve, ServicePoint). */
export interface AssetKey {
  type: string;
  networkId: string;
  id: string;
}

/** Whether referenced network elements exist: asked of the network service, which owns them. */
export interface AssetDirectory {
  /** One answer per key, in order; throws UNAVAILABLE when the network service cannot be asked. */
  exists(caller: Identity, keys: readonly AssetKey[], requestId?: string): Promise<boolean[]>;
}

export interface NetworkAssetOptions {
  /** The network subgraph's GraphQL URL (tickets configuration: NETWORK_SUBGRAPH_URL). */
  url: string;
  /** Replicas of the network subgraph (NETWORK_SUBGRAPH_URLS); when given, `url` is not used. */
  urls?: string[];
  internalSecret: string;
  timeoutMs: number;
  /** How long an answer is reused (elements change only with a network import). */
  cacheMs: number;
  cacheSize: number;
  log: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTITIES = 'query TicketsAssetCheck($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
/** Codes with which the network service says a key is not one of its elements. */
const MISSING_CODES = new Set(['NOT_FOUND', 'INVALID_INPUT', 'BAD_USER_INPUT']);
/** A network replica that refused a connection is passed over this long (as the gateway's SUBGRAPH_DOWN_MS default). */
const REPLICA_DOWN_MS = 2000;

/**
 * Asks the network subgraph directly, as the gateway would (a federation `_entities` query signed
 * with the internal identity of the caller): an entity that resolves to null does not exist.
 */
export class NetworkAssetDirectory implements AssetDirectory {
  private readonly cache = new Map<string, { exists: boolean; until: number }>();
  private readonly replicas: ReplicaSet<string>;

  constructor(private readonly o: NetworkAssetOptions, private readonly now: () => number = Date.now) {
    this.replicas = new ReplicaSet(o.urls?.length ? o.urls : [o.url], REPLICA_DOWN_MS);
  }

  async exists(caller: Identity, keys: readonly AssetKey[], requestId?: string): Promise<boolean[]> {
    const t = this.now();
    const answers = new Map<string, boolean>();
    const ask: AssetKey[] = [];
    for (const k of keys) {
      const key = `${k.type}\u0000${k.networkId}\u0000${k.id}`;
      if (answers.has(key)) continue;
      // A network id that is not a UUID names no network: no need to ask.
      if (!UUID.test(k.networkId)) {
        answers.set(key, false);
        continue;
      }
      const c = this.cache.get(key);
      if (c && c.until > t) answers.set(key, c.exists);
      else if (!ask.some((a) => a.type === k.type && a.networkId === k.networkId && a.id === k.id)) ask.push(k);
    }
    if (ask.length) {
      const found = await this.ask(caller, ask, requestId);
      if (this.cache.size + ask.length > this.o.cacheSize) this.cache.clear();
      ask.forEach((k, i) => {
        const key = `${k.type}\u0000${k.networkId}\u0000${k.id}`;
        answers.set(key, found[i]);
        this.cache.set(key, { exists: found[i], until: t + this.o.cacheMs });
      });
    }
    return keys.map((k) => answers.get(`${k.type}\u0000${k.networkId}\u0000${k.id}`) as boolean);
  }

  private async ask(caller: Identity, keys: AssetKey[], requestId?: string): Promise<boolean[]> {
    let body: { data?: { _entities?: Array<unknown | null> } | null; errors?: Array<{ path?: Array<string | number>; extensions?: { code?: string } }> };
    let url = '';
    try {
      // A read: sent to another replica when one refuses or drops the connection.
      body = await this.replicas.call(async (u) => {
        url = u;
        const r = await fetch(u, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [IDENTITY_HEADER]: signInternalIdentity(caller, this.o.internalSecret),
            ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
          },
          body: JSON.stringify({ query: ENTITIES, variables: { r: keys.map((k) => ({ __typename: k.type, networkId: k.networkId, id: k.id })) } }),
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return (await r.json()) as typeof body;
      }, { idempotent: true });
    } catch (e) {
      this.o.log.warn({ err: (e as Error).message, url }, 'network service did not answer the asset check');
      throw new DomainError('UNAVAILABLE', '管网服务暂不可用，无法核对设施 / the network service is unavailable: the asset cannot be checked', { argument: 'asset' });
    }
    const entities = body.data?._entities;
    if (!Array.isArray(entities) || entities.length !== keys.length) {
      this.o.log.warn({ errors: body.errors }, 'network service answered the asset check without entities');
      throw new DomainError('UNAVAILABLE', '管网服务暂不可用，无法核对设施 / the network service is unavailable: the asset cannot be checked', { argument: 'asset' });
    }
    return keys.map((_, i) => {
      if (entities[i] !== null && entities[i] !== undefined) return true;
      const err = body.errors?.find((e) => e.path?.[0] === '_entities' && e.path?.[1] === i);
      if (err && !MISSING_CODES.has(String(err.extensions?.code ?? ''))) {
        this.o.log.warn({ err, key: keys[i] }, 'network service failed on one asset of the check');
        throw new DomainError('UNAVAILABLE', '管网服务暂不可用，无法核对设施 / the network service is unavailable: the asset cannot be checked', { argument: 'asset' });
      }
      return false;
    });
  }
}
