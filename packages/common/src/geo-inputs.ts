import { Field, Float, InputType } from 'type-graphql';

// Map inputs every subgraph speaks the same way (WGS84 lon/lat), defined once so their SDL cannot drift.

@InputType({ description: 'A WGS84 point' })
export class LonLatInput {
  @Field(() => Float) lon!: number;
  @Field(() => Float) lat!: number;
}

@InputType({ description: 'A map viewport in WGS84' })
export class BBoxInput {
  @Field(() => Float) minLon!: number;
  @Field(() => Float) minLat!: number;
  @Field(() => Float) maxLon!: number;
  @Field(() => Float) maxLat!: number;
}
