// Delivery receipts from the notice system: status per notice, and alerts when an important user was not reached.
import { markProcessed, type Clock, type Logger } from '@mainline/common';
import type { DataSource } from 'typeorm';
import { alertsFor, noticeStatus, type NoticeReceipt } from '../domain';
import type { NoticeRepository, NoticeStatusValue } from '../repositories/notice.repository';

const RECEIPTS_CONSUMER = 'notify.notice-receipts';

/** Statuses a receipt may move a notice out of; CANCELLED and PENDING notices were never sent. */
const RECEIVING: ReadonlySet<NoticeStatusValue> = new Set(['QUEUED', 'PUBLISHED', 'PARTIALLY_DELIVERED', 'DELIVERED', 'FAILED']);

export class ReceiptService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: NoticeRepository,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /**
   * Redelivered receipts are dropped by notice_receipt's primary key (insertReceipt). A receipt's own ce_id is
   * recorded as well: a resend under the same ce_id need not be byte-identical (e.g. a re-stamped `at`).
   */
  async apply(r: NoticeReceipt, ceId?: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      if (ceId && !(await markProcessed(tx, RECEIPTS_CONSUMER, ceId))) return;
      const notice = await this.repo.lockNotice(tx, r.noticeId);
      if (!notice) {
        this.log.warn({ noticeId: r.noticeId }, 'receipt for an unknown notice ignored');
        return;
      }
      if (!RECEIVING.has(notice.status)) return;
      if (!(await this.repo.insertReceipt(tx, r))) return;
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
    });
  }
}
