import { DateTimeScalar } from '@mainline/common';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AUDIENCES, CHANNELS, NOTICE_KINDS, UTILITY_KINDS } from '../domain';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const NoticeKindEnum = asEnum(NOTICE_KINDS);
export const NoticeAudienceEnum = asEnum(AUDIENCES);
export const NoticeChannelEnum = asEnum(CHANNELS);
export const NoticeStatusEnum = asEnum(['PENDING', 'QUEUED', 'PUBLISHED', 'PARTIALLY_DELIVERED', 'DELIVERED', 'FAILED', 'CANCELLED'] as const);
export const ReceiptStatusEnum = asEnum(['DELIVERED', 'FAILED'] as const);
export const UtilityKindEnum = asEnum(UTILITY_KINDS);

registerEnumType(NoticeKindEnum, { name: 'NoticeKind', description: 'What a notice says: 停水/停热/停气通知, reminder, schedule change, restoration, cancellation' });
registerEnumType(UtilityKindEnum, { name: 'UtilityKind', description: 'Water, district heating or piped gas (docs/domain.md "One desk, several utilities")' });
registerEnumType(NoticeAudienceEnum, { name: 'NoticeAudience', description: 'Who a notice is for' });
registerEnumType(NoticeChannelEnum, { name: 'NoticeChannel', description: 'How a notice reaches its audience (PHONE_LIST: the call center phones; PRINT: posted on site)' });
registerEnumType(NoticeStatusEnum, {
  name: 'NoticeStatus',
  description: 'PENDING (waiting for its send time) → QUEUED (in the outbox) → PUBLISHED (on outage.notices) → DELIVERED / PARTIALLY_DELIVERED / FAILED (receipts); or CANCELLED',
});
registerEnumType(ReceiptStatusEnum, { name: 'NoticeReceiptStatus' });

/** Personal data (phones, names) is for the roles that act on it (arch brief: security). */
export const PERSONAL_DATA_ROLES = ['agent', 'supervisor', 'admin', 'notice-system'] as const;

@ObjectType('NoticeRecipient')
export class NoticeRecipientType {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field() phone!: string;
}

@ObjectType('NoticeReceipt', { description: 'A delivery report from the notice system' })
export class NoticeReceiptType {
  @Field({ description: 'A phone for SMS / call lists, the outlet id for published channels' }) recipient!: string;
  @Field(() => ReceiptStatusEnum) status!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => String, { nullable: true }) error?: string | null;
}

@ObjectType('Notice', { description: 'A notice about an outage for one audience, channel and locale' })
export class NoticeType {
  @Field(() => ID, { description: 'Stable per notice; the CloudEvents ce_id on outage.notices' }) id!: string;
  @Field(() => ID) outageId!: string;
  @Field(() => UtilityKindEnum, { description: 'The outage’s utility kind: 停水 / 停热 / 停气' }) utility!: string;
  @Field(() => NoticeKindEnum) kind!: string;
  @Field(() => NoticeAudienceEnum) audience!: string;
  @Field(() => NoticeChannelEnum) channel!: string;
  @Field({ description: 'zh-CN or en' }) locale!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => NoticeStatusEnum) status!: string;
  @Field(() => DateTimeScalar, { description: 'When it goes (went) out' }) sendAt!: Date;
  @Field(() => Float, { nullable: true, description: 'For reminders: hours before the start' }) reminderHoursBefore?: number | null;
  @Field({ description: 'Short link to the full notice' }) url!: string;
  @Field(() => DateTimeScalar, { nullable: true }) queuedAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) publishedAt?: Date | null;
  @Field(() => Int, { description: 'People reached directly (SMS, call lists); 0 for published channels' }) recipientCount!: number;
  // recipients: personal data, read only when asked for (NoticeFieldsResolver).
}

@Directive('@key(fields: "id")')
@ObjectType('Outage')
export class OutageNotices {
  @Field(() => ID) id!: string;
}

@ObjectType('NoticeTemplate', { description: 'Text of one kind of notice of one utility kind for one audience, channel and locale: the default or a supervisor’s edit' })
export class NoticeTemplateType {
  @Field({ description: 'OUTAGE:PUBLIC:WECHAT:zh-CN for water, prefixed with the wording for the others (HEAT:…, GAS_PRESSURE_REDUCTION:…)' }) key!: string;
  @Field(() => UtilityKindEnum) utility!: string;
  @Field({ description: 'The wording of a pressure reduction (降压供水) rather than a stop' }) pressureReduction!: boolean;
  @Field(() => NoticeKindEnum) kind!: string;
  @Field(() => NoticeAudienceEnum) audience!: string;
  @Field(() => NoticeChannelEnum) channel!: string;
  @Field() locale!: string;
  @Field() title!: string;
  @Field({ description: '{{variable}} placeholders; SMS bodies must contain {{noticeUrl}}' }) body!: string;
  @Field({ description: 'true when a supervisor’s edit replaces the default' }) customized!: boolean;
  @Field(() => String, { nullable: true }) updatedBy?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedAt?: Date | null;
}

@ObjectType('NoticeAlert', { description: 'An important user a direct notice did not reach: the call center must phone them' })
export class NoticeAlertType {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field(() => ID) noticeId!: string;
  @Field(() => ID) outageId!: string;
  @Field(() => ID) recipientId!: string;
  @Field(() => String, { nullable: true }) recipientName?: string | null;
  @Field() phone!: string;
  @Field(() => String, { nullable: true }) error?: string | null;
  @Field(() => DateTimeScalar) at!: Date;
  @Field({ description: 'Chinese first, English second' }) message!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Set when a later receipt shows the recipient was reached' }) resolvedAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) acknowledgedAt?: Date | null;
  @Field(() => String, { nullable: true }) acknowledgedBy?: string | null;
  @Field(() => String, { nullable: true }) acknowledgeNote?: string | null;
}
