import { InvalidInputError, type ServiceContext } from '@mainline/common';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LOCALES, type Audience, type Channel, type Locale, type NoticeKind, type UtilityKind } from '../domain';
import type { ListedNotice } from '../repositories/notice.repository';
import type { NotifyServices } from '../services';
import { loaders } from './loaders';
import {
  NoticeAlertType, NoticeAudienceEnum, NoticeRecipientType, NoticeChannelEnum, NoticeKindEnum, NoticeReceiptType, NoticeTemplateType, NoticeType, OutageNotices,
  PERSONAL_DATA_ROLES, UtilityKindEnum,
} from '../schema/notice.type';

type Ctx = ServiceContext<NotifyServices>;

const ALERT_ROLES = ['agent', 'supervisor', 'admin'] as const;

@Resolver(() => OutageNotices)
export class OutageNoticesResolver {
  @Authorized()
  @FieldResolver(() => [NoticeType], { description: 'Notices composed for this outage (notify subgraph)' })
  notices(@Root() o: OutageNotices, @Ctx() ctx: Ctx): Promise<ListedNotice[]> {
    return loaders(ctx).notices.load(o.id);
  }
}

@Resolver(() => NoticeType)
export class NoticeFieldsResolver {
  @Authorized(...PERSONAL_DATA_ROLES)
  @FieldResolver(() => [NoticeReceiptType], { description: 'Delivery receipts; recipients are phones, so personal data (agent, supervisor, admin, notice-system)' })
  async receipts(@Root() n: ListedNotice, @Ctx() ctx: Ctx): Promise<NoticeReceiptType[]> {
    const list = (await loaders(ctx).receipts.load(n.outageId)).get(n.id) ?? [];
    return list.map((r) => ({ recipient: r.recipient, status: r.status, at: new Date(r.at), error: r.error ?? null }));
  }

  @Authorized(...PERSONAL_DATA_ROLES)
  @FieldResolver(() => [NoticeRecipientType], { description: 'Direct channels only; phones are personal data (agent, supervisor, admin, notice-system)' })
  recipients(@Root() n: ListedNotice, @Ctx() ctx: Ctx): Promise<NoticeRecipientType[]> {
    return loaders(ctx).recipients.load(n.id);
  }
}

@Resolver(() => NoticeTemplateType)
export class NoticeTemplateResolver {
  @Authorized()
  @Query(() => [NoticeTemplateType], { description: 'Every notice template of the utility kinds run here (or of `utility`): the shipped default or the supervisor’s edit' })
  noticeTemplates(
    @Arg('utility', () => UtilityKindEnum, { nullable: true }) utility: UtilityKind | null,
    @Ctx() ctx: Ctx,
  ): Promise<NoticeTemplateType[]> {
    return ctx.services.notices.templates(utility);
  }

  @Authorized('supervisor')
  @Mutation(() => NoticeTemplateType, { description: 'Replaces a template (supervisor); unknown {{variables}} are refused with INVALID_INPUT' })
  updateNoticeTemplate(
    @Arg('kind', () => NoticeKindEnum) kind: NoticeKind,
    @Arg('audience', () => NoticeAudienceEnum) audience: Audience,
    @Arg('channel', () => NoticeChannelEnum) channel: Channel,
    @Arg('locale') locale: string,
    @Arg('title') title: string,
    @Arg('body') body: string,
    @Ctx() ctx: Ctx,
    @Arg('utility', () => UtilityKindEnum, { defaultValue: 'WATER', description: 'Whose wording: water (default), heat or gas' }) utility: UtilityKind,
    @Arg('pressureReduction', { defaultValue: false, description: 'The pressure-reduction (降压) wording rather than the stop' }) pressureReduction: boolean,
  ): Promise<NoticeTemplateType> {
    if (!(LOCALES as readonly string[]).includes(locale)) throw new InvalidInputError(`locale must be one of ${LOCALES.join(', ')}, got "${locale}"`, { field: 'locale' });
    return ctx.services.notices.updateTemplate(ctx.identity, { utility, pressureReduction, kind, audience, channel, locale: locale as Locale, title, body });
  }
}

@Resolver(() => NoticeAlertType)
export class NoticeAlertResolver {
  @Authorized(...ALERT_ROLES)
  @Query(() => [NoticeAlertType], { description: 'Important users a direct notice did not reach (open ones unless includeAcknowledged), newest first' })
  noticeAlerts(
    @Arg('outageId', () => ID, { nullable: true }) outageId: string | null,
    @Arg('includeAcknowledged', { nullable: true, defaultValue: false }) includeAcknowledged: boolean,
    @Ctx() ctx: Ctx,
  ): Promise<NoticeAlertType[]> {
    return ctx.services.notices.alerts({ outageId, includeAcknowledged });
  }

  @Authorized(...ALERT_ROLES)
  @Mutation(() => NoticeAlertType, { description: 'The call center has phoned the user (or otherwise handled the alert)' })
  acknowledgeNoticeAlert(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Ctx,
  ): Promise<NoticeAlertType> {
    return ctx.services.notices.acknowledgeAlert(ctx.identity, id, note);
  }
}
