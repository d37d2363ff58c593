// `npm run notice-sink`: a stand-in for the notice system. Prints each notice from outage.notices once
// (de-duplicated by ce_id, as the real consumer must) and can report delivery receipts back.
import { createKafkaBus, createLogger, env, loadConfig, serviceEnvShape, TOPICS, topicName, z } from '@mainline/common';
import { fromKafkaMessage, type NoticeReceipt } from './domain';

const cfg = loadConfig({
  KAFKA_BROKERS: serviceEnvShape.KAFKA_BROKERS,
  KAFKA_TOPIC_PREFIX: serviceEnvShape.KAFKA_TOPIC_PREFIX,
  LOG_LEVEL: serviceEnvShape.LOG_LEVEL.default('warn'),
  /** A new group id reads the topic from the beginning. */
  NOTICE_SINK_GROUP_ID: z.string().min(1).default(`notice-sink-${process.pid}`),
  /** Also publish a DELIVERED receipt per recipient to outage.notice-receipts, as the notice system would. */
  NOTICE_SINK_RECEIPTS: env.bool(false),
});

async function main(): Promise<void> {
  const log = createLogger('notice-sink', cfg.LOG_LEVEL);
  const bus = createKafkaBus({ brokers: cfg.KAFKA_BROKERS, clientId: 'mainline-notice-sink', log });
  const topic = topicName(cfg.KAFKA_TOPIC_PREFIX, TOPICS.outageNotices);
  const receiptTopic = topicName(cfg.KAFKA_TOPIC_PREFIX, TOPICS.noticeReceipts);
  // In memory for the demo; the notice system keeps ce_ids in a durable store (unique key) with its delivery record.
  const seen = new Set<string>();
  let duplicates = 0;
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`notice-sink: reading ${topic} on ${cfg.KAFKA_BROKERS.join(',')} (group ${cfg.NOTICE_SINK_GROUP_ID}); Ctrl-C to stop`);
  await bus.subscribe(cfg.NOTICE_SINK_GROUP_ID, [topic], async (m) => {
    let n;
    try {
      n = fromKafkaMessage(m);
    } catch (e) {
      out(`skipped ${m.partition}/${m.offset}: ${(e as Error).message}`);
      return;
    }
    if (seen.has(n.id)) {
      duplicates++;
      out(`duplicate ${n.id} ignored (${duplicates} so far)`);
      return;
    }
    seen.add(n.id);
    const d = n.data;
    const who = d.recipients ? ` → ${d.recipients.length} recipient(s)` : '';
    out(`${n.id} ${d.audience}/${d.channel}/${d.locale} ${d.kind} 《${d.title}》${who}\n    ${d.text.split('\n')[0]}`);
    if (cfg.NOTICE_SINK_RECEIPTS) {
      const at = new Date().toISOString();
      const receipts: NoticeReceipt[] = (d.recipients ?? [{ id: d.channel, phone: d.channel }]).map((r) => ({ noticeId: n.id, recipient: r.phone, status: 'DELIVERED', at }));
      await bus.send(receiptTopic, receipts.map((r) => ({ key: d.outageId, value: JSON.stringify(r) })));
    }
  });
  const stop = () => {
    out(`notice-sink: ${seen.size} notice(s), ${duplicates} duplicate(s) ignored`);
    void bus.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`notice-sink: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
