import { Identity, Logger, MessageBus, ReceivedMessage, topicName, TOPICS } from '@mainline/common';
import type { SurveyReply, WorkOrderService } from '../services/work-order.service';

/** The notice system, as the author of replies that arrive on Kafka. */
export const NOTICE_SYSTEM: Identity = { sub: 'notice-system', name: 'notice-system', roles: ['notice-system'], department: null };

function parseSurveyReply(m: ReceivedMessage): SurveyReply | null {
  if (!m.value) return null;
  try {
    const v = JSON.parse(m.value.toString('utf8'));
    const replyId = v.replyId ?? v.eventId;
    if (typeof replyId !== 'string' || typeof v.workOrderId !== 'string' || typeof v.satisfied !== 'boolean') return null;
    return { replyId, workOrderId: v.workOrderId, satisfied: v.satisfied, comment: typeof v.comment === 'string' ? v.comment : null };
  } catch {
    return null;
  }
}

export async function startSurveyReplies(o: { bus: MessageBus; workOrders: WorkOrderService; topicPrefix: string; log: Logger }): Promise<void> {
  const topic = topicName(o.topicPrefix, TOPICS.surveyReplies);
  await o.bus.subscribe(`${o.topicPrefix}tickets-survey-replies`, [topic], async (m) => {
    const reply = parseSurveyReply(m);
    if (!reply) {
      o.log.warn({ topic, offset: m.offset }, 'skipped a message that is not a survey reply');
      return;
    }
    try {
      await o.workOrders.applySurveyReply(NOTICE_SYSTEM, reply);
    } catch (e) {
      // A reply to an unknown order or one no longer awaiting a survey cannot succeed on retry: log and move on.
      const code = (e as { code?: string }).code;
      if (code === 'NOT_FOUND' || code === 'CONFLICT' || code === 'INVALID_INPUT') o.log.warn({ err: String(e), reply }, 'survey reply not applied');
      else throw e;
    }
  });
}
