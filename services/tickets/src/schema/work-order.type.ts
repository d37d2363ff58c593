import { createUnionType, Directive, Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Category, Channel, Department, WorkOrderStatus } from '../domain/enums';

registerEnumType(Category, { name: 'Category', description: 'Report category (domain.md)' });
registerEnumType(Channel, { name: 'Channel' });
registerEnumType(Department, { name: 'Department' });
registerEnumType(WorkOrderStatus, { name: 'WorkOrderStatus' });

// Stubs of the network subgraph's entities: tickets only knows their keys.
@Directive('@key(fields: "networkId id", resolvable: false)')
@ObjectType('Pipe')
export class PipeRef {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
}
@Directive('@key(fields: "networkId id", resolvable: false)')
@ObjectType('Valve')
export class ValveRef {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
}
@Directive('@key(fields: "networkId id", resolvable: false)')
@ObjectType('ServicePoint')
export class ServicePointRef {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
}

export const AssetUnion = createUnionType({
  name: 'Asset',
  types: () => [PipeRef, ValveRef, ServicePointRef] as const,
  resolveType: (v) => (v as unknown as { __typename: string }).__typename,
});

@ObjectType()
export class Reporter {
  @Field(() => String, { nullable: true }) name!: string | null;
  // phone: personal data, resolved with a role check in WorkOrderResolver.
  phone!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('WorkOrder')
export class WorkOrderType {
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field(() => WorkOrderStatus) status!: WorkOrderStatus;
  @Field(() => Department) department!: Department;
  @Field(() => Category) category!: Category;
  @Field(() => Channel) channel!: Channel;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => Float, { nullable: true }) lon!: number | null;
  @Field(() => Float, { nullable: true }) lat!: number | null;
  @Field() createdAt!: Date;
  reporter!: Reporter;
  asset!: { __typename: string; networkId: string; id: string } | null;
}

@InputType()
export class LonLatInput {
  @Field(() => Float) lon!: number;
  @Field(() => Float) lat!: number;
}

@InputType()
export class ReporterInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) phone?: string;
}

@InputType()
export class AssetRefInput {
  @Field({ description: 'Pipe, Valve or ServicePoint' }) type!: string;
  @Field(() => ID) networkId!: string;
  @Field(() => ID) id!: string;
}

@InputType()
export class CreateWorkOrderInput {
  @Field(() => Category) category!: Category;
  @Field(() => Channel) channel!: Channel;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) address?: string;
  @Field(() => LonLatInput, { nullable: true }) location?: LonLatInput;
  @Field(() => ReporterInput, { nullable: true }) reporter?: ReporterInput;
  @Field(() => AssetRefInput, { nullable: true }) asset?: AssetRefInput;
}
