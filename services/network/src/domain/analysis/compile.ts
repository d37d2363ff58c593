import { InvalidInputError } from '@mainline/common/domain';
import { IsolationValve, NetNode, NetworkModel, NodeKind, SOURCE_KINDS } from '../model';
import { Growable, IdTable } from './columns';

/** Persons per node: a ready array (index = node order in the model) or a callback per node. */
export type NodePersonsInput = Float64Array | ((node: NetNode, index: number) => number);

export interface CompileOptions {
  /** Default: nobody lives anywhere (populations come out 0). */
  nodePersons?: NodePersonsInput;
}

/**
 * The network as typed arrays, built once per network version: every algorithm in this folder works
 * on indices, ids only appear at the edges (input validation, results). Ids are packed tables
 * (`at(i)` for the id at a position, `get(id)` / `has(id)` for the position of an id).
 */
export interface CompiledNetwork {
  nodeCount: number;
  linkCount: number;
  valveCount: number;
  nodeIds: IdTable;
  linkIds: IdTable;
  valveIds: IdTable;
  /** 1 for reservoirs, tanks and plants. */
  nodeIsSource: Uint8Array;
  linkFrom: Int32Array;
  linkTo: Int32Array;
  /** CSR node → incident links: links of node n are nodeLinks[nodeLinkOffsets[n] .. nodeLinkOffsets[n+1]). */
  nodeLinkOffsets: Int32Array;
  nodeLinks: Int32Array;
  /** Bit 0: some valve sits at the link's from-end; bit 1: at its to-end. */
  linkValveEnds: Uint8Array;
  valveLink: Int32Array;
  valveNode: Int32Array;
  /** 1 when the valve's normal state is CLOSED: a barrier in every trace. */
  valveNormallyClosed: Uint8Array;
  /** 0 when the data says the valve will not turn. */
  valveOperable: Uint8Array;
  nodePersons: Float64Array;
}

/**
 * Builds a CompiledNetwork element by element (nodes, then links, then valves), so a stored network
 * can be streamed from the database into typed arrays without a model of JS objects in between.
 * Validates as it goes, with the same errors as compileNetwork.
 */
export class CompiledNetworkBuilder {
  private readonly nodeIds = new IdTable();
  private readonly nodeIsSource = new Growable(Uint8Array);
  private readonly linkIds = new IdTable();
  private readonly linkFrom = new Growable(Int32Array);
  private readonly linkTo = new Growable(Int32Array);
  private readonly valveIds = new IdTable();
  private readonly valveLink = new Growable(Int32Array);
  private readonly valveNode = new Growable(Int32Array);
  private readonly valveNormallyClosed = new Growable(Uint8Array);
  private readonly valveOperable = new Growable(Uint8Array);

  get nodeCount(): number {
    return this.nodeIds.length;
  }

  /** Position of a node added before, or undefined. */
  nodeIndex(id: string): number | undefined {
    return this.nodeIds.get(id);
  }

  addNode(id: string, kind: NodeKind): number {
    const i = this.nodeIds.add(id);
    if (i < 0) {
      const index = this.nodeIds.length;
      throw new InvalidInputError(`nodes[${index}]: duplicate node id "${id}"`, { nodeId: id, index });
    }
    this.nodeIsSource.push(SOURCE_KINDS.has(kind) ? 1 : 0);
    return i;
  }

  // addLink/addValve add the id before their other checks (one hash probe, the duplicate error first);
  // after a throw the builder is half-written, and every caller discards it.
  addLink(id: string, from: string, to: string): number {
    const index = this.linkIds.add(id);
    if (index < 0) {
      const at = this.linkIds.length;
      throw new InvalidInputError(`links[${at}]: duplicate link id "${id}"`, { linkId: id, index: at });
    }
    const f = this.nodeIds.get(from);
    const t = this.nodeIds.get(to);
    if (f === undefined || t === undefined) {
      const missing = f === undefined ? from : to;
      throw new InvalidInputError(`links[${index}] (link "${id}"): unknown end node "${missing}"`, { linkId: id, nodeId: missing, index });
    }
    this.linkFrom.push(f);
    this.linkTo.push(t);
    return index;
  }

  addValve(v: Pick<IsolationValve, 'id' | 'linkId' | 'nodeId' | 'state' | 'operable'>): number {
    const i = this.valveIds.add(v.id);
    if (i < 0) {
      const at = this.valveIds.length;
      throw new InvalidInputError(`valves[${at}]: duplicate valve id "${v.id}"`, { valveId: v.id, index: at });
    }
    const l = this.linkIds.get(v.linkId);
    if (l === undefined) throw new InvalidInputError(`valves[${i}] (valve "${v.id}"): unknown link "${v.linkId}"`, { valveId: v.id, linkId: v.linkId, index: i });
    const n = this.nodeIds.get(v.nodeId);
    if (n === undefined || (this.linkFrom.get(l) !== n && this.linkTo.get(l) !== n)) {
      throw new InvalidInputError(`valves[${i}] (valve "${v.id}"): node "${v.nodeId}" is not an end of link "${v.linkId}"`, { valveId: v.id, linkId: v.linkId, nodeId: v.nodeId, index: i });
    }
    this.valveLink.push(l);
    this.valveNode.push(n);
    this.valveNormallyClosed.push(v.state === 'CLOSED' ? 1 : 0);
    this.valveOperable.push(v.operable === false ? 0 : 1);
    return i;
  }

  /** The typed-array network; `nodePersons` must have one entry per node (in the order added). */
  finish(nodePersons: Float64Array): CompiledNetwork {
    const nodeCount = this.nodeIds.length;
    const linkCount = this.linkIds.length;
    const valveCount = this.valveIds.length;
    if (nodePersons.length !== nodeCount) {
      throw new InvalidInputError(`nodePersons: length ${nodePersons.length} does not match ${nodeCount} nodes`, { length: nodePersons.length, nodes: nodeCount });
    }
    for (const t of [this.nodeIds, this.linkIds, this.valveIds]) t.compact();
    const linkFrom = this.linkFrom.done();
    const linkTo = this.linkTo.done();

    const degree = new Int32Array(nodeCount + 1);
    for (let i = 0; i < linkCount; i++) {
      degree[linkFrom[i]]++;
      if (linkTo[i] !== linkFrom[i]) degree[linkTo[i]]++;
    }
    const nodeLinkOffsets = new Int32Array(nodeCount + 1);
    for (let n = 0; n < nodeCount; n++) nodeLinkOffsets[n + 1] = nodeLinkOffsets[n] + degree[n];
    const nodeLinks = new Int32Array(nodeLinkOffsets[nodeCount]);
    const fill = nodeLinkOffsets.slice(0, nodeCount);
    for (let i = 0; i < linkCount; i++) {
      nodeLinks[fill[linkFrom[i]]++] = i;
      if (linkTo[i] !== linkFrom[i]) nodeLinks[fill[linkTo[i]]++] = i;
    }

    const valveLink = this.valveLink.done();
    const valveNode = this.valveNode.done();
    const linkValveEnds = new Uint8Array(linkCount);
    for (let i = 0; i < valveCount; i++) {
      const l = valveLink[i];
      const n = valveNode[i];
      linkValveEnds[l] |= linkFrom[l] === n ? 1 : 0;
      linkValveEnds[l] |= linkTo[l] === n ? 2 : 0;
    }

    return {
      nodeCount, linkCount, valveCount, nodeIds: this.nodeIds, linkIds: this.linkIds, valveIds: this.valveIds,
      nodeIsSource: this.nodeIsSource.done(), linkFrom, linkTo, nodeLinkOffsets, nodeLinks, linkValveEnds, valveLink, valveNode,
      valveNormallyClosed: this.valveNormallyClosed.done(), valveOperable: this.valveOperable.done(),
      nodePersons,
    };
  }
}

export function compileNetwork(model: NetworkModel, options: CompileOptions = {}): CompiledNetwork {
  const b = new CompiledNetworkBuilder();
  for (const n of model.nodes) b.addNode(n.id, n.kind);
  for (const l of model.links) b.addLink(l.id, l.from, l.to);
  for (const v of model.valves) b.addValve(v);
  return b.finish(resolvePersons(model, options.nodePersons));
}

function resolvePersons(model: NetworkModel, input: NodePersonsInput | undefined): Float64Array {
  const n = model.nodes.length;
  if (input === undefined) return new Float64Array(n);
  if (input instanceof Float64Array) {
    if (input.length !== n) throw new InvalidInputError(`nodePersons: length ${input.length} does not match ${n} nodes`, { length: input.length, nodes: n });
    return input;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = input(model.nodes[i], i);
    // Negative counts are allowed: demand-derived persons go negative at inflow nodes (WNTR does the same).
    if (!Number.isFinite(p)) throw new InvalidInputError(`nodePersons: node "${model.nodes[i].id}" got ${p} persons`, { nodeId: model.nodes[i].id });
    out[i] = p;
  }
  return out;
}
