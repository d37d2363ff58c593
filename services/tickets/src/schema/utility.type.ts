import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '@mainline/common';
import { UTILITY_KINDS, UtilityKind } from '@mainline/common/domain';
import { Severity } from '../domain/enums';

/** common's one list of utility kinds as an enum-like object for GraphQL (the same values in every subgraph). */
export const UtilityKindEnum = Object.freeze(Object.fromEntries(UTILITY_KINDS.map((k) => [k, k]))) as { readonly [K in UtilityKind]: K };
registerEnumType(UtilityKindEnum, { name: 'UtilityKind', description: 'The utility a work order, network, outage or notice belongs to' });
registerEnumType(Severity, { name: 'Severity', description: 'How serious a report is; some deadlines depend on it (GAS_NETWORK_FAULT: major 24 h)' });

@ObjectType({ description: 'A heating season: local dates in the utility’s zone, both inclusive' })
export class HeatingSeasonType {
  @Field({ description: 'YYYY-MM-DD' }) startsOn!: string;
  @Field({ description: 'YYYY-MM-DD' }) endsOn!: string;
  @Field({ description: 'The configured default season of that year (none was set)' }) isDefault!: boolean;
}

@ObjectType('Appointment', { description: 'A booked home visit: the window the customer was given' })
export class AppointmentType {
  @Field(() => ID) id!: string;
  @Field(() => ID) workOrderId!: string;
  @Field(() => DateTimeScalar) startsAt!: Date;
  @Field(() => DateTimeScalar) endsAt!: Date;
  @Field({ description: 'Who booked it (user id)' }) bookedBy!: string;
  @Field(() => DateTimeScalar) bookedAt!: Date;
}

@ObjectType('ReappointmentNotice', { description: 'A re-appointment notice (再约通知单) left when the customer was not in, with the new visit window' })
export class ReappointmentNoticeType {
  @Field(() => ID) id!: string;
  @Field(() => ID) workOrderId!: string;
  @Field({ description: 'The number on the notice (given by the crew, else <order number>-R<n>)' }) number!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field({ description: 'Who recorded it (user id)' }) leftBy!: string;
  @Field(() => DateTimeScalar, { description: 'When the notice was left (recorded)' }) leftAt!: Date;
  @Field(() => DateTimeScalar, { description: 'The missed visit window' }) missedStartsAt!: Date;
  @Field(() => DateTimeScalar) missedEndsAt!: Date;
  @Field(() => DateTimeScalar, { description: 'The new visit window given on the notice' }) startsAt!: Date;
  @Field(() => DateTimeScalar) endsAt!: Date;
}
