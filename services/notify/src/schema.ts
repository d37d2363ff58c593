import type { NonEmptyArray } from 'type-graphql';
import type { SchemaOptions } from '@mainline/common';
import { NoticeAlertResolver, NoticeFieldsResolver, NoticeTemplateResolver, OutageNoticesResolver } from './resolvers/notice.resolver';
import { OutageNotices } from './schema/notice.type';

export const resolvers: NonEmptyArray<Function> = [OutageNoticesResolver, NoticeFieldsResolver, NoticeTemplateResolver, NoticeAlertResolver];

export const schemaOptions: SchemaOptions = {
  resolvers,
  orphanedTypes: [OutageNotices],
  // Alerts are numbered (bigserial); notify keeps the network's outage ids as text, never cast to uuid.
  inputRules: { ids: { 'acknowledgeNoticeAlert.id': 'serial', 'noticeAlerts.outageId': 'text' } },
  references: {
    // notify knows an outage only by id; the network subgraph owns its fields.
    Outage: (ref: { id: string }) => ({ id: ref.id }),
  },
};
