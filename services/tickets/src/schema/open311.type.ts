import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '@mainline/common';

@ObjectType('Open311Client', { description: 'An application that posts Open311 GeoReport v2 requests (its key is never shown again)' })
export class Open311ClientType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'The first characters of the key, to tell keys apart' }) keyPrefix!: string;
  @Field() createdBy!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Set once revoked: the key is refused from then on' }) revokedAt!: Date | null;
}

@ObjectType('Open311ClientWithKey', { description: 'A new Open311 client with its API key: shown this once, only a hash of it is stored' })
export class Open311ClientWithKeyType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'Send as api_key with POST requests.json|xml' }) apiKey!: string;
  @Field() keyPrefix!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
}
