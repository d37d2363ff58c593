// Delivery receipts the notice system reports back, and what they mean for a notice and the call center.
import { invalidInput } from '@mainline/common/domain';
import { parseInstant } from './format';
import { DIRECT_CHANNELS, type NoticeDraft, type Recipient } from './notice';

export type ReceiptStatus = 'DELIVERED' | 'FAILED';

export interface NoticeReceipt {
  noticeId: string;
  /** A phone for direct channels, the channel's own id (e.g. the WeChat article id) for published ones. */
  recipient: string;
  status: ReceiptStatus;
  at: string;
  error?: string | null;
}

export type NoticeStatus = 'PENDING' | 'PUBLISHED' | 'PARTIALLY_DELIVERED' | 'DELIVERED' | 'FAILED';

/** Validates a receipt off the topic; INVALID_INPUT names the field. */
export function parseReceipt(raw: unknown): NoticeReceipt {
  const r = raw as Partial<NoticeReceipt> | null;
  if (!r || typeof r !== 'object') throw invalidInput('receipt must be an object', { field: '' });
  for (const f of ['noticeId', 'recipient'] as const) {
    if (typeof r[f] !== 'string' || r[f] === '') throw invalidInput(`receipt.${f} must be a non-empty string`, { field: f });
  }
  if (r.status !== 'DELIVERED' && r.status !== 'FAILED') throw invalidInput(`receipt.status must be DELIVERED or FAILED, got ${JSON.stringify(r.status)}`, { field: 'status' });
  parseInstant(r.at as string, 'receipt.at');
  return { noticeId: r.noticeId!, recipient: r.recipient!, status: r.status, at: r.at!, error: r.error ?? null };
}

const normalize = (recipient: string) => recipient.replace(/[\s-]/g, '');

/** The last word per recipient: a retry that got through overrides an earlier failure. */
function latestByRecipient(receipts: readonly NoticeReceipt[]): Map<string, NoticeReceipt> {
  const latest = new Map<string, NoticeReceipt>();
  for (const r of receipts) {
    const k = normalize(r.recipient);
    const prev = latest.get(k);
    if (!prev || new Date(r.at).getTime() >= new Date(prev.at).getTime()) latest.set(k, r);
  }
  return latest;
}

/**
 * Status of one notice from its receipts. `recipientsCount` 0 means a published channel (WeChat, website…):
 * PUBLISHED once any outlet confirms. Direct notices: DELIVERED when every recipient got it,
 * PARTIALLY_DELIVERED when some did, FAILED when every recipient failed, else PENDING.
 */
export function noticeStatus(receipts: readonly NoticeReceipt[], recipientsCount: number): NoticeStatus {
  if (!Number.isInteger(recipientsCount) || recipientsCount < 0) throw invalidInput(`recipientsCount must be an integer >= 0, got ${recipientsCount}`, { field: 'recipientsCount' });
  const latest = [...latestByRecipient(receipts).values()];
  if (latest.length === 0) return 'PENDING';
  const delivered = latest.filter((r) => r.status === 'DELIVERED').length;
  const failed = latest.length - delivered;
  if (recipientsCount === 0) return delivered > 0 ? 'PUBLISHED' : 'FAILED';
  if (delivered >= recipientsCount) return 'DELIVERED';
  if (delivered > 0) return 'PARTIALLY_DELIVERED';
  return failed >= recipientsCount ? 'FAILED' : 'PENDING';
}

export interface NoticeAlert {
  code: 'IMPORTANT_USER_NOT_REACHED';
  noticeId: string;
  outageId: string;
  recipient: Recipient;
  error: string | null;
  at: string;
  /** For the call center's queue: Chinese first. */
  message: string;
}

/** Important users whose direct notice failed (latest receipt): the call center must phone them. */
export function alertsFor(
  notice: Pick<NoticeDraft, 'noticeKey' | 'outageId' | 'kind' | 'audience' | 'channel' | 'recipients'>,
  receipts: readonly NoticeReceipt[],
): NoticeAlert[] {
  if (notice.audience !== 'IMPORTANT_USER' || !DIRECT_CHANNELS.has(notice.channel)) return [];
  const latest = latestByRecipient(receipts.filter((r) => r.noticeId === notice.noticeKey));
  const alerts: NoticeAlert[] = [];
  for (const rec of notice.recipients) {
    const r = latest.get(normalize(rec.phone)) ?? latest.get(rec.id);
    if (!r || r.status !== 'FAILED') continue;
    const who = rec.name ?? rec.id;
    alerts.push({
      code: 'IMPORTANT_USER_NOT_REACHED',
      noticeId: notice.noticeKey,
      outageId: notice.outageId,
      recipient: rec,
      error: r.error ?? null,
      at: r.at,
      message: `重要用户“${who}”（${rec.phone}）${notice.channel === 'SMS' ? '短信' : '电话'}通知失败，请立即电话联系 / ${notice.channel} notice to important user ${who} (${rec.phone}) failed: phone them now`,
    });
  }
  return alerts;
}
