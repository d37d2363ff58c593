import DataLoader from 'dataloader';
import { perRequest, type ServiceContext } from '@mainline/common';
import type { NetworkServices } from '../services';
import type { ElementKey } from '../repositories/network.repository';
import type { OutageEntity } from '../entities/outage.entity';

type Ctx = ServiceContext<NetworkServices>;

const elementKey = (k: ElementKey) => `${k.networkId}\u0000${k.id}`;

/** Rows matched back to the keys asked for, in their order (null where none). */
function byKey<R extends ElementKey>(keys: readonly ElementKey[], rows: R[]): Array<R | null> {
  const m = new Map(rows.map((r) => [elementKey(r), r]));
  return keys.map((k) => m.get(elementKey(k)) ?? null);
}

const elements = <R extends ElementKey>(fetch: (keys: ElementKey[]) => Promise<R[]>) =>
  new DataLoader<ElementKey, R | null, string>(async (keys) => byKey(keys, await fetch([...keys])), { cacheKeyFn: elementKey });

/** Rows grouped by outage id, in the order the statement returned them, one list per key. */
function byOutage<R extends { outageId: string }>(ids: readonly string[], rows: R[]): R[][] {
  const m = new Map<string, R[]>(ids.map((k) => [k, []]));
  for (const r of rows) m.get(r.outageId)?.push(r);
  return ids.map((k) => m.get(k) ?? []);
}

/**
 * One set of loaders per request: the gateway sends a page's references as one `_entities` call and a page of
 * outages asks each list field once per outage; both become one statement per kind for the request. Nothing
 * is cached across requests.
 */
function createLoaders(ctx: Ctx) {
  const { networks, outages } = ctx.services;
  return {
    network: new DataLoader<string, Awaited<ReturnType<typeof networks.findMany>>[number] | null>(async (ids) => {
      const rows = new Map((await networks.findMany(ids)).map((n) => [n.id, n]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    pipe: elements((keys) => networks.pipesByKeys(keys)),
    node: elements((keys) => networks.nodesByKeys(keys)),
    valve: elements((keys) => networks.valvesByKeys(keys)),
    servicePoint: elements((keys) => networks.servicePointsByKeys(keys)),
    outage: new DataLoader<string, OutageEntity | null>(async (ids) => {
      const rows = new Map((await outages.findMany(ids)).map((o) => [o.id, o]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    outageHistory: new DataLoader(async (ids: readonly string[]) => byOutage(ids, await outages.historyOf(ids))),
    valveOperations: new DataLoader(async (ids: readonly string[]) => byOutage(ids, await outages.valveOperationsOf(ids))),
    valveStates: new DataLoader<Pick<OutageEntity, 'id' | 'networkId' | 'valveIds'>, Awaited<ReturnType<typeof outages.valveStatesOf>>[number], string>(
      (os) => outages.valveStatesOf(os),
      { cacheKeyFn: (o) => o.id },
    ),
  };
}

export type RequestLoaders = ReturnType<typeof createLoaders>;

/** The request's loaders, made on first use (one set per request context). */
export const loaders: (ctx: Ctx) => RequestLoaders = perRequest(createLoaders);
