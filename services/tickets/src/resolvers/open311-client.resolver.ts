import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import { Open311ClientType, Open311ClientWithKeyType } from '../schema/open311.type';

type Ctx = ServiceContext<TicketsServices>;

/** Open311 client applications (their API keys): admins only. The GeoReport v2 routes themselves are in open311.http.ts. */
@Resolver()
export class Open311ClientResolver {
  @Authorized('admin')
  @Mutation(() => Open311ClientWithKeyType, { description: 'Register an Open311 client application; the answer carries its API key, shown once' })
  createOpen311Client(@Arg('name') name: string, @Ctx() ctx: Ctx): Promise<Open311ClientWithKeyType> {
    return ctx.services.open311.createClient(ctx.identity, name);
  }

  @Authorized('admin')
  @Query(() => [Open311ClientType], { description: 'Open311 client applications, newest first (no keys)' })
  open311Clients(@Ctx() ctx: Ctx): Promise<Open311ClientType[]> {
    return ctx.services.open311.clients(ctx.identity);
  }

  @Authorized('admin')
  @Mutation(() => Open311ClientType, { description: 'Refuse this client’s API key from now on' })
  revokeOpen311Client(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<Open311ClientType> {
    return ctx.services.open311.revokeClient(ctx.identity, id);
  }
}
