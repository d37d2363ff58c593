/** Every Kafka topic Mainline uses, created by the project (auto-create is off on our broker). */
export interface TopicDef {
  name: string;
  partitions: number;
  retentionMs: number;
  description: string;
}

const DAY = 24 * 3600 * 1000;

export const TOPICS = {
  outageEvents: { name: 'outage.events', partitions: 6, retentionMs: 30 * DAY, description: 'outage lifecycle events (key = outage id)' },
  outageNotices: { name: 'outage.notices', partitions: 6, retentionMs: 30 * DAY, description: 'notices for the notice system, CloudEvents binary mode (key = outage id)' },
  noticeReceipts: { name: 'outage.notice-receipts', partitions: 6, retentionMs: 30 * DAY, description: 'delivery receipts from the notice system' },
  workorderEvents: { name: 'workorder.events', partitions: 6, retentionMs: 30 * DAY, description: 'work order lifecycle events (key = order id)' },
  settingsEvents: { name: 'settings.events', partitions: 1, retentionMs: 365 * DAY, description: 'settings one service owns and others read, e.g. heating seasons (key = setting name)' },
  inspectionEvents: { name: 'inspection.events', partitions: 3, retentionMs: 30 * DAY, description: 'gas safety inspections and hazard notices (key = networkId:servicePointId)' },
  surveyReplies: { name: 'workorder.survey-replies', partitions: 3, retentionMs: 30 * DAY, description: 'SMS survey replies from the notice system' },
} satisfies Record<string, TopicDef>;

export function topicName(prefix: string, def: TopicDef): string {
  return prefix + def.name;
}
