import DataLoader from 'dataloader';
import { perRequest, type ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import type { AssetKey } from '../services/asset-directory';
import type { WorkOrderEntity } from '../entities/work-order.entity';

type Ctx = ServiceContext<TicketsServices>;

/** Escalations and compensation records shown per order (the newest ones). */
const PER_ORDER = 50;

/** Groups rows by their order id, in the order the statement returned them, one list per key. */
function byOrder<R extends { orderId: string }>(keys: readonly string[], rows: R[]): R[][] {
  const m = new Map<string, R[]>(keys.map((k) => [k, []]));
  for (const r of rows) m.get(r.orderId)?.push(r);
  return keys.map((k) => m.get(k) ?? []);
}

const list = <R extends { orderId: string }>(fetch: (ids: string[]) => Promise<R[]>) =>
  new DataLoader<string, R[]>(async (ids) => byOrder(ids, await fetch([...ids])));

/**
 * One set of loaders per request: every list field of a page of orders is one statement for the page,
 * not one per order, and nothing is cached across requests (each request sees the rows as they are now).
 */
function createLoaders(ctx: Ctx) {
  const wo = ctx.services.workOrders;
  return {
    /** Orders referenced by key (the gateway's `_entities`): one read for the request, each checked as `get` does. */
    workOrder: new DataLoader<string, WorkOrderEntity>((ids) => wo.getEach(ctx.identity, ids)),
    history: list((ids) => wo.historyOf(ids)),
    extensions: list((ids) => wo.extensionsOf(ids)),
    attachments: list((ids) => wo.attachmentsOf(ids)),
    callbacks: list((ids) => wo.callbacksOf(ids)),
    clocks: list((ids) => wo.clocksOfMany(ids)),
    escalations: list((ids) => wo.escalationsOf(ids, PER_ORDER)),
    compensation: list((ids) => wo.compensationOf(ids, PER_ORDER)),
    liaisonNotices: list((ids) => wo.liaisonNoticesOf(ids)),
    connection: new DataLoader<string, Awaited<ReturnType<typeof wo.connectionsOf>>[number] | null>(async (ids) => {
      const rows = new Map((await wo.connectionsOf([...ids])).map((c) => [c.orderId, c]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    appointments: list((ids) => ctx.services.appointments.bookedOf(ids)),
    reappointmentNotices: list((ids) => ctx.services.appointments.noticesOf(ids)),
    outage: new DataLoader<string, Awaited<ReturnType<typeof wo.outagesByIds>>[number] | null>(async (ids) => {
      const rows = new Map((await wo.outagesByIds([...ids])).map((o) => [o.id, o]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    duplicates: new DataLoader<WorkOrderEntity, Awaited<ReturnType<typeof wo.duplicateCandidatesOf>> extends Map<string, infer V> ? V : never, string>(
      async (orders) => {
        const m = await wo.duplicateCandidatesOf([...orders]);
        return orders.map((o) => m.get(o.id) ?? []);
      },
      { cacheKeyFn: (o) => o.id },
    ),
    /** The hazard notices a page of gas inspections issued or closed (a notice can belong to two inspections). */
    hazardNotices: new DataLoader<string, Awaited<ReturnType<TicketsServices['gasInspections']['noticesOfInspections']>>>(async (ids) => {
      const rows = await ctx.services.gasInspections.noticesOfInspections(ids);
      return ids.map((id) => rows.filter((n) => n.inspectionId === id || n.closedByInspectionId === id));
    }),
    /** Each phone read is logged; the reads of one request go in one statement before any phone is answered. */
    phoneRead: new DataLoader<string, true>(async (orderIds) => {
      await ctx.services.personalData.recordPhoneReads(ctx.identity, orderIds, ctx.requestId ?? null);
      return orderIds.map(() => true as const);
    }),
    /** A group job's representative's phone: logged like the reporter's. */
    representativePhoneRead: new DataLoader<string, true>(async (orderIds) => {
      await ctx.services.personalData.recordPhoneReads(ctx.identity, orderIds, ctx.requestId ?? null, 'connection.representative.phone');
      return orderIds.map(() => true as const);
    }),
    /** Whether each referenced network element exists (one question to the network service per request). */
    assetExists: new DataLoader<AssetKey, boolean, string>(
      async (keys) => ctx.services.assets.exists(ctx.identity, keys, ctx.requestId),
      { cacheKeyFn: (k) => `${k.type}\u0000${k.networkId}\u0000${k.id}` },
    ),
  };
}

export type RequestLoaders = ReturnType<typeof createLoaders>;

/** The request's loaders, made on first use (one set per request context). */
export const loaders: (ctx: Ctx) => RequestLoaders = perRequest(createLoaders);
