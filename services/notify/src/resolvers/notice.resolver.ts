import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { ServiceContext } from '@mainline/common';
import type { NotifyServices } from '../services';
import { NoticeTemplateType, NoticeType, OutageNotices } from '../schema/notice.type';

type Ctx = ServiceContext<NotifyServices>;

@Resolver(() => OutageNotices)
export class OutageNoticesResolver {
  @FieldResolver(() => [NoticeType], { description: 'Notices composed for this outage (notify subgraph)' })
  async notices(@Root() o: OutageNotices, @Ctx() ctx: Ctx): Promise<NoticeType[]> {
    return ctx.services.notices.forOutage(o.id);
  }
}

@Resolver()
export class NoticeTemplateResolver {
  @Authorized()
  @Query(() => [NoticeTemplateType])
  noticeTemplates(@Ctx() ctx: Ctx): NoticeTemplateType[] {
    return ctx.services.notices.templates();
  }
}
