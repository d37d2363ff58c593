// Operations one subgraph answers whole: the subgraph's JSON text goes to the caller as it came.
// Why: for a large answer (an isolation plan's thousands of node ids, a 5,000-pipe viewport of 0.8 MB)
// @apollo/gateway parsed the text, walked every value to shape the result and Apollo Server wrote it
// again: ~3/4 of the gateway's time for such a request. When the query plan is one fetch from one
// subgraph selecting exactly what the caller selected (same fields, arguments, aliases: printed the
// same) and the subgraph says its answer is data only, that shaping is the identity, so it is skipped.
// Apollo Server still parses, validates, runs the gateway's checks (cost, variables) and its plugins.
import crypto from 'node:crypto';
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, Kind, OperationDefinitionNode, parse, print, SelectionSetNode } from 'graphql';
import { DATA_ONLY_HEADER } from '@mainline/common';

/** What the gateway would send for the operation: the one fetch of its query plan. */
export interface SingleFetch {
  serviceName: string;
  operation: string;
  operationName: string | undefined;
  variableUsages: readonly string[];
}

/** A subgraph's answer as sent over HTTP, before any parsing. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The replica that answered. */
  url: URL;
}

/** Sends one fetch to its subgraph (replicas, failover, identity) and resolves the raw answer. */
export type FetchSender = (fetch: SingleFetch, variables: Record<string, unknown>, rc: GatewayGraphQLRequestContext, context: PassThroughContext) => Promise<RawAnswer>;

/** Per request: the answer the pass-through already fetched, for the standard path to use instead of fetching again. */
export interface PassThroughContext {
  prefetched?: { serviceName: string; operation: string; answer?: RawAnswer; error?: unknown };
  /** The subgraph's `data` text to put where the placeholder is in the body Apollo Server writes. */
  rawData?: string;
}

interface QueryPlanLike {
  node?: { kind: string; serviceName?: string; operation?: string; operationName?: string; variableUsages?: string[]; requires?: unknown; inputRewrites?: unknown[]; outputRewrites?: unknown[]; contextRewrites?: unknown[] };
}

const printed = (set: SelectionSetNode) => print(set);

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
}

/** The single fetch of a plan when the gateway's shaping of its answer changes nothing; else null. */
export function passThroughFetch(plan: QueryPlanLike, document: DocumentNode, operationName: string | null | undefined): SingleFetch | null {
  const n = plan.node;
  if (!n || n.kind !== 'Fetch' || !n.serviceName || !n.operation || n.requires) return null;
  if (n.inputRewrites?.length || n.outputRewrites?.length || n.contextRewrites?.length) return null;
  const op = operationOf(document, operationName);
  if (!op || op.operation !== 'query') return null;
  let sent: OperationDefinitionNode | undefined;
  try {
    sent = operationOf(parse(n.operation), n.operationName);
  } catch {
    return null;
  }
  // Fragments, __typename added for abstract types, renamed aliases: any difference prints differently.
  if (!sent || printed(sent.selectionSet) !== printed(op.selectionSet)) return null;
  return { serviceName: n.serviceName, operation: n.operation, operationName: n.operationName, variableUsages: n.variableUsages ?? [] };
}

/**
 * Wraps @apollo/gateway: learns each parsed document's plan from `experimental_didResolveQueryPlan`
 * (the first request of a document takes the standard path) and answers later requests of the
 * documents that qualify by passing the subgraph's text through. Anything else — errors, extensions,
 * another status, a failed call — goes through the standard path with the answer already fetched,
 * so the caller gets exactly what the gateway would have answered.
 */
export class PassThroughGateway implements GatewayInterface {
  private readonly fetches = new WeakMap<DocumentNode, Map<string, SingleFetch | null>>();
  /** Apollo Server writes `{"data":<this>}`; a random key no subgraph answer or caller can guess. */
  private readonly placeholderKey = `__mainline_pass_through_${crypto.randomBytes(12).toString('hex')}`;
  private readonly placeholderText = JSON.stringify({ [this.placeholderKey]: true });

  constructor(
    private readonly inner: GatewayInterface,
    private readonly send: FetchSender,
    private readonly context: (rc: GatewayGraphQLRequestContext) => PassThroughContext,
    private readonly maxOperationsPerDocument = 16,
  ) {}

  /** For ApolloGateway's `experimental_didResolveQueryPlan`. */
  readonly didResolveQueryPlan = (o: { queryPlan: QueryPlanLike; requestContext: GatewayGraphQLRequestContext }) => {
    const { document, request } = o.requestContext;
    if (!document) return;
    let m = this.fetches.get(document);
    if (!m) this.fetches.set(document, (m = new Map()));
    const key = request.operationName ?? '';
    if (!m.has(key) && m.size < this.maxOperationsPerDocument) m.set(key, passThroughFetch(o.queryPlan, document, request.operationName));
  };

  onSchemaLoadOrUpdate(callback: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0]) {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  stop() {
    return this.inner.stop();
  }

  async load(options: Parameters<GatewayInterface['load']>[0]) {
    const loaded = await this.inner.load(options);
    const standard = loaded.executor;
    if (!standard) return loaded;
    const executor: GatewayExecutor = async (rc) => {
      const fetch = rc.document ? this.fetches.get(rc.document)?.get(rc.request.operationName ?? '') : undefined;
      if (!fetch) return standard(rc);
      const ctx = this.context(rc);
      const variables: Record<string, unknown> = Object.create(null);
      const given = rc.request.variables ?? {};
      for (const name of fetch.variableUsages) if (Object.prototype.hasOwnProperty.call(given, name) && given[name] !== undefined) variables[name] = given[name];
      let answer: RawAnswer;
      try {
        answer = await this.send(fetch, variables, rc, ctx);
      } catch (error) {
        ctx.prefetched = { serviceName: fetch.serviceName, operation: fetch.operation, error };
        return standard(rc);
      }
      const end = answer.text.lastIndexOf('}');
      if (answer.status !== 200 || answer.headers[DATA_ONLY_HEADER] !== '1' || !answer.text.startsWith('{"data":{') || end < 0) {
        ctx.prefetched = { serviceName: fetch.serviceName, operation: fetch.operation, answer };
        return standard(rc);
      }
      ctx.rawData = answer.text.slice(8, end);
      return { data: { [this.placeholderKey]: true } };
    };
    return { ...loaded, executor };
  }

  /** The body to write: Apollo Server's, with the subgraph's data text where the placeholder is. */
  body(text: string, ctx: PassThroughContext | undefined): string {
    const raw = ctx?.rawData;
    if (raw === undefined) return text;
    const at = text.indexOf(this.placeholderText);
    return at < 0 ? text : text.slice(0, at) + raw + text.slice(at + this.placeholderText.length);
  }
}
