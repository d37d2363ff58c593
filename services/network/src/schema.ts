import type { NonEmptyArray } from 'type-graphql';
import type { SchemaOptions, ServiceContext } from '@mainline/common';
import type { NetworkServices } from './services';
import { AnalysisResolver, ImportantUserResolver } from './resolvers/analysis.resolver';
import { NetworkResolver, ServicePointResolver } from './resolvers/network.resolver';
import { OutageResolver, toOutage } from './resolvers/outage.resolver';
import { loaders } from './resolvers/loaders';
import { toNetwork, toNode, toPipe, toServicePoint, toValve } from './resolvers/mappers';

type Ctx = ServiceContext<NetworkServices>;

export const resolvers: NonEmptyArray<Function> = [NetworkResolver, ServicePointResolver, AnalysisResolver, ImportantUserResolver, OutageResolver];


/** Entities other subgraphs reference by key; each through the request's loaders (a page's references: one read per kind). */
export const references: SchemaOptions['references'] = {
  Network: async (ref: { id: string }, ctx: Ctx) => {
    const n = await loaders(ctx).network.load(ref.id);
    return n ? toNetwork(n, await ctx.services.population.totalPopulation(n)) : null;
  },
  Pipe: async (ref: { networkId: string; id: string }, ctx: Ctx) => {
    const l = await loaders(ctx).pipe.load(ref);
    if (!l) return null;
    const net = await loaders(ctx).network.load(ref.networkId);
    if (!net) return null;
    const engine = await ctx.services.analysis.engine(net);
    return toPipe(l, { from: engine.nodeCoord(l.fromNode), to: engine.nodeCoord(l.toNode) });
  },
  Node: async (ref: { networkId: string; id: string }, ctx: Ctx) => {
    const n = await loaders(ctx).node.load(ref);
    return n ? toNode(n) : null;
  },
  Valve: async (ref: { networkId: string; id: string }, ctx: Ctx) => {
    const v = await loaders(ctx).valve.load(ref);
    return v ? toValve(v) : null;
  },
  ServicePoint: async (ref: { networkId: string; id: string }, ctx: Ctx) => {
    const s = await loaders(ctx).servicePoint.load(ref);
    return s ? toServicePoint(s) : null;
  },
  Outage: async (ref: { id: string }, ctx: Ctx) => {
    const o = await loaders(ctx).outage.load(ref.id);
    return o ? toOutage(o) : null;
  },
};

// A model file travels as one string; the gateway's body limit bounds it, not the shared string limit.
export const schemaOptions: SchemaOptions = { resolvers, references, inputRules: { longText: { 'ImportNetworkInput.content': 100_000_000 } } };
