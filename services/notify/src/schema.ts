import type { NonEmptyArray } from 'type-graphql';
import type { SchemaOptions } from '@mainline/common';
import { NoticeTemplateResolver, OutageNoticesResolver } from './resolvers/notice.resolver';

export const resolvers: NonEmptyArray<Function> = [OutageNoticesResolver, NoticeTemplateResolver];

export const schemaOptions: SchemaOptions = {
  resolvers,
  references: {
    // notify knows an outage only by id; the network subgraph owns its fields.
    Outage: (ref: { id: string }) => ({ id: ref.id }),
  },
};
