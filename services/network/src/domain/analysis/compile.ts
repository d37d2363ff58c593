import { InvalidInputError } from '@mainline/common';
import { NetNode, NetworkModel, SOURCE_KINDS } from '../model';

/** Persons per node: a ready array (index = node order in the model) or a callback per node. */
export type NodePersonsInput = Float64Array | ((node: NetNode, index: number) => number);

export interface CompileOptions {
  /** Default: nobody lives anywhere (populations come out 0). */
  nodePersons?: NodePersonsInput;
}

/**
 * The network as typed arrays, built once per network version: every algorithm in this folder works
 * on indices, ids only appear at the edges (input validation, results).
 */
export interface CompiledNetwork {
  nodeCount: number;
  linkCount: number;
  valveCount: number;
  nodeIds: string[];
  linkIds: string[];
  valveIds: string[];
  nodeIndex: Map<string, number>;
  linkIndex: Map<string, number>;
  valveIndex: Map<string, number>;
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

export function compileNetwork(model: NetworkModel, options: CompileOptions = {}): CompiledNetwork {
  const nodeCount = model.nodes.length;
  const linkCount = model.links.length;
  const valveCount = model.valves.length;

  const nodeIds = new Array<string>(nodeCount);
  const nodeIndex = new Map<string, number>();
  const nodeIsSource = new Uint8Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    const n = model.nodes[i];
    if (nodeIndex.has(n.id)) throw new InvalidInputError(`nodes[${i}]: duplicate node id "${n.id}"`, { nodeId: n.id, index: i });
    nodeIds[i] = n.id;
    nodeIndex.set(n.id, i);
    if (SOURCE_KINDS.has(n.kind)) nodeIsSource[i] = 1;
  }

  const linkIds = new Array<string>(linkCount);
  const linkIndex = new Map<string, number>();
  const linkFrom = new Int32Array(linkCount);
  const linkTo = new Int32Array(linkCount);
  const degree = new Int32Array(nodeCount + 1);
  for (let i = 0; i < linkCount; i++) {
    const l = model.links[i];
    if (linkIndex.has(l.id)) throw new InvalidInputError(`links[${i}]: duplicate link id "${l.id}"`, { linkId: l.id, index: i });
    const f = nodeIndex.get(l.from);
    const t = nodeIndex.get(l.to);
    if (f === undefined || t === undefined) {
      const missing = f === undefined ? l.from : l.to;
      throw new InvalidInputError(`links[${i}] (link "${l.id}"): unknown end node "${missing}"`, { linkId: l.id, nodeId: missing, index: i });
    }
    linkIds[i] = l.id;
    linkIndex.set(l.id, i);
    linkFrom[i] = f;
    linkTo[i] = t;
    degree[f]++;
    if (t !== f) degree[t]++;
  }

  const nodeLinkOffsets = new Int32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) nodeLinkOffsets[n + 1] = nodeLinkOffsets[n] + degree[n];
  const nodeLinks = new Int32Array(nodeLinkOffsets[nodeCount]);
  const fill = nodeLinkOffsets.slice(0, nodeCount);
  for (let i = 0; i < linkCount; i++) {
    nodeLinks[fill[linkFrom[i]]++] = i;
    if (linkTo[i] !== linkFrom[i]) nodeLinks[fill[linkTo[i]]++] = i;
  }

  const valveIds = new Array<string>(valveCount);
  const valveIndex = new Map<string, number>();
  const valveLink = new Int32Array(valveCount);
  const valveNode = new Int32Array(valveCount);
  const valveNormallyClosed = new Uint8Array(valveCount);
  const valveOperable = new Uint8Array(valveCount);
  const linkValveEnds = new Uint8Array(linkCount);
  for (let i = 0; i < valveCount; i++) {
    const v = model.valves[i];
    if (valveIndex.has(v.id)) throw new InvalidInputError(`valves[${i}]: duplicate valve id "${v.id}"`, { valveId: v.id, index: i });
    const l = linkIndex.get(v.linkId);
    if (l === undefined) throw new InvalidInputError(`valves[${i}] (valve "${v.id}"): unknown link "${v.linkId}"`, { valveId: v.id, linkId: v.linkId, index: i });
    const n = nodeIndex.get(v.nodeId);
    if (n === undefined || (linkFrom[l] !== n && linkTo[l] !== n)) {
      throw new InvalidInputError(`valves[${i}] (valve "${v.id}"): node "${v.nodeId}" is not an end of link "${v.linkId}"`, { valveId: v.id, linkId: v.linkId, nodeId: v.nodeId, index: i });
    }
    valveIds[i] = v.id;
    valveIndex.set(v.id, i);
    valveLink[i] = l;
    valveNode[i] = n;
    valveNormallyClosed[i] = v.state === 'CLOSED' ? 1 : 0;
    valveOperable[i] = v.operable === false ? 0 : 1;
    linkValveEnds[l] |= linkFrom[l] === n ? 1 : 0;
    linkValveEnds[l] |= linkTo[l] === n ? 2 : 0;
  }

  return {
    nodeCount, linkCount, valveCount, nodeIds, linkIds, valveIds, nodeIndex, linkIndex, valveIndex,
    nodeIsSource, linkFrom, linkTo, nodeLinkOffsets, nodeLinks, linkValveEnds, valveLink, valveNode,
    valveNormallyClosed, valveOperable,
    nodePersons: resolvePersons(model, options.nodePersons),
  };
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
