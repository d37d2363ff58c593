import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BBoxInput, type ServiceContext } from '@mainline/common';
import type { NetworkServices } from '../services';
import { NetworkType, NodeType, PipeType, ServicePointPage, ServicePointType, ValveStateEnum, ValveType } from '../schema/network.type';
import { toNetwork, toNode, toServicePoint, toValve } from './mappers';

type Ctx = ServiceContext<NetworkServices>;

/** The most elements one viewport query returns (the gateway's cost limit applies too). */
const MAX_BOX_ITEMS = 20000;

@Resolver(() => NetworkType)
export class NetworkResolver {
  @Authorized()
  @Query(() => NetworkType, { nullable: true })
  async network(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<NetworkType | null> {
    const n = await ctx.services.networks.find(id);
    return n ? toNetwork(n, await ctx.services.population.totalPopulation(n)) : null;
  }

  @Authorized()
  @Query(() => [NetworkType])
  async networks(@Ctx() ctx: Ctx): Promise<NetworkType[]> {
    const list = await ctx.services.networks.list();
    return Promise.all(list.map(async (n) => toNetwork(n, await ctx.services.population.totalPopulation(n))));
  }

  @Authorized()
  @Query(() => [PipeType], { description: 'Pipes whose extent meets a map viewport' })
  async pipesInBox(
    @Arg('networkId', () => ID) networkId: string,
    @Arg('box', () => BBoxInput) box: BBoxInput,
    @Arg('limit', () => Int, { defaultValue: 5000 }) limit: number,
    @Ctx() ctx: Ctx,
  ): Promise<PipeType[]> {
    return ctx.services.map.pipesInBox(networkId, box, Math.min(limit, MAX_BOX_ITEMS));
  }

  @Authorized()
  @Query(() => [ValveType], { description: 'Valves inside a map viewport' })
  async valvesInBox(
    @Arg('networkId', () => ID) networkId: string,
    @Arg('box', () => BBoxInput) box: BBoxInput,
    @Arg('limit', () => Int, { defaultValue: 5000 }) limit: number,
    @Ctx() ctx: Ctx,
  ): Promise<ValveType[]> {
    return (await ctx.services.networks.valvesInBox(networkId, box, Math.min(limit, MAX_BOX_ITEMS))).map(toValve);
  }

  @Authorized()
  @Query(() => [ServicePointType], { description: 'Service points (customers) inside a map viewport' })
  async servicePointsInBox(
    @Arg('networkId', () => ID) networkId: string,
    @Arg('box', () => BBoxInput) box: BBoxInput,
    @Arg('limit', () => Int, { defaultValue: 5000 }) limit: number,
    @Ctx() ctx: Ctx,
  ): Promise<ServicePointType[]> {
    return (await ctx.services.networks.servicePointsInBox(networkId, box, Math.min(limit, MAX_BOX_ITEMS))).map(toServicePoint);
  }

  @Authorized()
  @Query(() => [ValveType])
  async valves(@Arg('networkId', () => ID) networkId: string, @Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Ctx): Promise<ValveType[]> {
    return (await ctx.services.networks.valves(networkId, ids)).map(toValve);
  }

  @Authorized('dispatcher', 'supervisor', 'admin')
  @Mutation(() => ValveType, { description: "Changes a valve's normal state or operability (e.g. found seized); later plans use it" })
  async updateValve(
    @Arg('networkId', () => ID) networkId: string,
    @Arg('valveId', () => ID) valveId: string,
    @Arg('state', () => ValveStateEnum, { nullable: true }) state: ValveStateEnum | null,
    @Arg('operable', () => Boolean, { nullable: true }) operable: boolean | null,
    @Ctx() ctx: Ctx,
  ): Promise<ValveType> {
    return toValve(await ctx.services.networks.updateValve(ctx.identity, networkId, valveId, { state, operable }));
  }

  @Authorized()
  @Query(() => [NodeType])
  async nodes(@Arg('networkId', () => ID) networkId: string, @Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Ctx): Promise<NodeType[]> {
    return (await ctx.services.networks.nodes(networkId, ids)).map(toNode);
  }

  @Authorized()
  @Query(() => [ServicePointType])
  async servicePoints(@Arg('networkId', () => ID) networkId: string, @Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Ctx): Promise<ServicePointType[]> {
    return (await ctx.services.networks.servicePoints(networkId, ids)).map(toServicePoint);
  }

  @Authorized()
  @Query(() => ServicePointPage, { description: 'Every service point of a network, by id, a page at a time (inspection rounds, ignition checks)' })
  async servicePointsOfNetwork(
    @Arg('networkId', () => ID) networkId: string,
    @Arg('first', () => Int, { defaultValue: 500 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Ctx,
  ): Promise<ServicePointPage> {
    const page = await ctx.services.networks.servicePointsOfNetwork(networkId, first, after);
    return { items: page.items.map(toServicePoint), nextCursor: page.nextCursor };
  }
}

/** Personal data of customers: only the roles that phone or notify them see names and phones. */
@Resolver(() => ServicePointType)
export class ServicePointResolver {
  @Authorized('agent', 'supervisor', 'admin', 'notice-system', 'dispatcher')
  @FieldResolver(() => String, { nullable: true })
  name(@Root() sp: ServicePointType): string | null {
    return sp.name;
  }

  @Authorized('agent', 'supervisor', 'admin', 'notice-system')
  @FieldResolver(() => String, { nullable: true })
  phone(@Root() sp: ServicePointType): string | null {
    return sp.phone;
  }
}

