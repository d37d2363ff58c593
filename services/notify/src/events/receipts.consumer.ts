// outage.notice-receipts (from the notice system) → ReceiptService.
import type { Logger, MessageBus } from '@mainline/common';
import { DomainError, parseReceipt } from '../domain';
import type { ReceiptService } from '../services/receipt.service';
import { notifyGroupId } from './outage-events.consumer';

export async function subscribeReceipts(bus: MessageBus, topicPrefix: string, topic: string, receipts: ReceiptService, log: Logger): Promise<void> {
  await bus.subscribe(notifyGroupId(topicPrefix, '-receipts'), [topic], async (m) => {
    let receipt;
    try {
      receipt = parseReceipt(JSON.parse(m.value?.toString('utf8') ?? 'null'));
    } catch (e) {
      if (e instanceof DomainError || e instanceof SyntaxError) {
        log.error({ topic: m.topic, partition: m.partition, offset: m.offset, err: (e as Error).message }, 'receipt skipped: does not match the contract');
        return;
      }
      throw e;
    }
    await receipts.apply(receipt, m.headers.ce_id);
  });
}
