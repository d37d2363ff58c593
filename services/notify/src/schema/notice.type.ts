import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Notice', { description: 'A notice about an outage for one audience, channel and locale' })
export class NoticeType {
  @Field(() => ID, { description: 'Stable per notice; the CloudEvents ce_id on outage.notices' }) id!: string;
  @Field() outageId!: string;
  @Field() kind!: string;
  @Field() audience!: string;
  @Field() channel!: string;
  @Field() locale!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field() status!: string;
  @Field() sendAt!: Date;
}

@Directive('@key(fields: "id")')
@ObjectType('Outage')
export class OutageNotices {
  @Field(() => ID) id!: string;
}

@ObjectType('NoticeTemplate')
export class NoticeTemplateType {
  @Field() key!: string;
  @Field() kind!: string;
  @Field() audience!: string;
  @Field() channel!: string;
  @Field() locale!: string;
  @Field() title!: string;
  @Field() body!: string;
}
