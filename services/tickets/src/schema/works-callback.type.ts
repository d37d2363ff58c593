import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '@mainline/common';
import { WorkOrderType } from './work-order.type';

@ObjectType('WorksCallbackSample', { description: 'The monthly callback sample of completed works orders (docs/domain.md: 10 %), drawn once per month' })
export class WorksCallbackSampleType {
  @Field({ description: 'YYYY-MM: the month the orders were completed in (utility time zone)' }) month!: string;
  @Field(() => Int, { description: 'Works orders completed in the month' }) eligible!: number;
  @Field(() => Int, { description: 'Orders sampled: ceil(share × eligible)' }) sampled!: number;
  @Field(() => Float, { description: 'The share in force when the sample was drawn' }) share!: number;
  @Field(() => DateTimeScalar) runAt!: Date;
  @Field({ description: 'Who drew it: a user id, or "system" for the scheduled job' }) runBy!: string;
  // orders: resolved from these ids through the work-order read path (access checks and masking as for any order).
  orderIds!: string[];
  @Field(() => [WorkOrderType], { description: 'The sampled orders; each got a PHONE callback task, reason WORKS_SAMPLE' })
  orders?: WorkOrderType[];
}
