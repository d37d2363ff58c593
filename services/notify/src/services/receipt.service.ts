// Delivery receipts from the notice system: status per notice, and alerts when an important user was not reached.
import { markProcessed, type Clock, type Logger } from '@mainline/common';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { alertsFor, noticeStatus, type NoticeReceipt } from '../domain';
import type { NoticeRepository, NoticeStatusValue } from '../repositories/notice.repository';

export const RECEIPTS_CONSUMER = 'notify.notice-receipts';

/** Statuses a receipt may move a notice out of; CANCELLED and PENDING notices were never sent. */
const RECEIVING: ReadonlySet<NoticeStatusValue> = new Set(['QUEUED', 'PUBLISHED', 'PARTIALLY_DELIVERED', 'DELIVERED', 'FAILED']);

export type ReceiptOutcome = 'DUPLICATE' | 'UNKNOWN_NOTICE' | 'IGNORED' | 'APPLIED';

/** The receipt's own ce_id when the notice system sends one, else a digest of its content. */
export function receiptMessageId(r: NoticeReceipt, ceId?: string): string {
  return ceId || createHash('sha256').update(JSON.stringify([r.noticeId, r.recipient, r.status, r.at])).digest('hex').slice(0, 32);
}

export class ReceiptService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: NoticeRepository,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async apply(r: NoticeReceipt, messageId: string): Promise<{ outcome: ReceiptOutcome; status?: NoticeStatusValue; alerts?: number }> {
    return this.ds.transaction(async (tx) => {
      if (!(await markProcessed(tx, RECEIPTS_CONSUMER, messageId))) return { outcome: 'DUPLICATE' as const };
      const notice = await this.repo.lockNotice(tx, r.noticeId);
      if (!notice) {
        this.log.warn({ noticeId: r.noticeId }, 'receipt for an unknown notice ignored');
        return { outcome: 'UNKNOWN_NOTICE' as const };
      }
      if (!RECEIVING.has(notice.status)) return { outcome: 'IGNORED' as const, status: notice.status };
      if (!(await this.repo.insertReceipt(tx, r))) return { outcome: 'DUPLICATE' as const, status: notice.status };
      const all = await this.repo.receipts(tx, [notice.id]);
      const derived = noticeStatus(all, notice.recipientCount);
      // No decisive receipt yet: keep QUEUED / PUBLISHED as they are.
      const status: NoticeStatusValue = derived === 'PENDING' ? notice.status : derived;
      if (status !== notice.status) await this.repo.setStatus(tx, notice.id, status);
      const alerts = alertsFor({ ...notice, noticeKey: notice.id }, all);
      const opened = await this.repo.upsertAlerts(tx, alerts);
      const failedPhones = new Set(alerts.map((a) => a.recipient.phone));
      const delivered = notice.recipients.map((x) => x.phone).filter((p) => !failedPhones.has(p));
      await this.repo.resolveAlerts(tx, notice.id, delivered, this.clock.now());
      if (opened > 0) this.log.warn({ noticeId: notice.id, outageId: notice.outageId, alerts: opened }, 'important users not reached: call center alerted');
      return { outcome: 'APPLIED' as const, status, alerts: opened };
    });
  }
}
