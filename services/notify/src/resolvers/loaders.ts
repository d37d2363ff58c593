import DataLoader from 'dataloader';
import { perRequest, type ServiceContext } from '@mainline/common';
import type { NoticeReceipt, Recipient } from '../domain';
import type { ListedNotice } from '../repositories/notice.repository';
import type { NotifyServices } from '../services';

type Ctx = ServiceContext<NotifyServices>;

/**
 * One set of loaders per request: the notices of a page's outages (the gateway sends them as one `_entities`
 * call) and their receipts are one statement each for the request, not one per outage. Nothing is cached
 * across requests.
 */
function createLoaders(ctx: Ctx) {
  const notices = ctx.services.notices;
  return {
    notices: new DataLoader<string, ListedNotice[]>((ids) => notices.forOutages(ids)),
    /** Keyed by notice: read only when a query selects them. */
    recipients: new DataLoader<string, Recipient[]>((ids) => notices.recipientsOf(ids)),
    /** Keyed by outage: the receipts of all of its notices, by notice id. */
    receipts: new DataLoader<string, Map<string, NoticeReceipt[]>>(async (ids) => {
      const all = await notices.receiptsOfOutages(ids);
      return ids.map(() => all);
    }),
  };
}

export type RequestLoaders = ReturnType<typeof createLoaders>;

/** The request's loaders, made on first use (one set per request context). */
export const loaders: (ctx: Ctx) => RequestLoaders = perRequest(createLoaders);
