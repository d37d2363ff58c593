import { METRES_PER_DEGREE } from '@mainline/common/domain';
import type { DemandEntry, HydraulicOptions, LonLat, NetNode, NodeKind, Pattern, PopulationArea, ValveState } from '../model';
import { CompiledNetwork, CompiledNetworkBuilder } from './compile';
import type { Segments } from './segments';
import type { SupplyTree } from './supply-tree';
import { Dictionary, Growable, StringPool } from './columns';
import { NetworkAnalyzer } from './analyzer';
import type { TwoLineCustomers } from './two-line';
import { nodeAverageDemandM3s, populationFromDemand } from '../import/demand';
import { BBoxIndex } from '../geometry/bbox-index';

/** A stored node as the engine takes it in (demands null when it has none). */
export interface NodeRecord { id: string; kind: string; lon: number | null; lat: number | null; demands: DemandEntry[] | null; area: string | null }
/** A stored link (vertices null when it has none). */
export interface LinkRecord {
  id: string; kind: string; from: string; to: string; lengthM: number | null; diameterMm: number | null;
  material: string | null; status: string | null; vertices: LonLat[] | null; area: string | null;
  /** Heat networks drawn as two lines: SUPPLY | RETURN. */
  circuit?: string | null;
  /** Gas pipes: LOW | MEDIUM | SUB_HIGH | HIGH. */
  pressureLevel?: string | null;
}
export interface ValveRecord { id: string; linkId: string; nodeId: string; state: string; operable: boolean; diameterMm: number | null; lon: number | null; lat: number | null }
export interface ServicePointRecord {
  id: string; nodeId: string; lon: number | null; lat: number | null; address: string | null; persons: number;
  important: string | null; name: string | null; phone: string | null; area: string | null;
  /** Two-line heat networks: the customer's node on the return line. */
  returnNodeId?: string | null;
}
/** Takes a stored network in batches, table by table, in this order (the repository's scanModel feeds it). */
export interface NetworkRecordSink {
  nodes(rows: NodeRecord[]): void;
  links(rows: LinkRecord[]): void;
  valves(rows: ValveRecord[]): void;
  servicePoints(rows: ServicePointRecord[]): void;
  populationAreas(rows: PopulationArea[]): void;
}

export type PopulationBasis = 'SERVICE_POINTS' | 'AREAS' | 'DEMAND';

/** m³/s per person from litres per person per day. */
export const perPersonM3s = (litersPerDay: number) => litersPerDay / 1000 / 86400;

/** A link's attributes as the map shows them. */
export interface PipeView {
  id: string;
  kind: string;
  fromNodeId: string;
  toNodeId: string;
  lengthM: number | null;
  diameterMm: number | null;
  material: string | null;
  status: string | null;
  circuit: string | null;
  pressureLevel: string | null;
}

/** An isolation valve's stored attributes. */
export interface ValveView {
  id: string;
  linkId: string;
  nodeId: string;
  state: string;
  operable: boolean;
  diameterMm: number | null;
  lon: number | null;
  lat: number | null;
}

export interface ImportantUser {
  id: string;
  kind: string;
  address: string | null;
  persons: number;
  name: string | null;
  phone: string | null;
}

/**
 * What the engine keeps of a network besides the compiled graph, as columns: numbers in typed arrays
 * (NaN where the data has none), repeated strings as dictionary codes (-1 for null). A 1M-pipe city
 * fits in a few hundred MB instead of the GBs of one JS object per element.
 */
export interface EngineColumns {
  strings: Dictionary;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  nodeArea: Int32Array;
  avgDemand: Float64Array;
  linkKind: Int32Array;
  linkLength: Float64Array;
  linkDiameter: Float64Array;
  linkMaterial: Int32Array;
  linkStatus: Int32Array;
  linkArea: Int32Array;
  /** Dictionary codes of circuit / pressure class; empty arrays when no link of the network has one. */
  linkCircuit: Int32Array;
  linkPressure: Int32Array;
  /** CSR link → intermediate vertices: lon/lat pairs in linkVertices[linkVertexOffsets[l] .. linkVertexOffsets[l+1]). */
  linkVertexOffsets: Int32Array;
  linkVertices: Float64Array;
  valveDiameter: Float64Array;
  valveLon: Float64Array;
  valveLat: Float64Array;
  /** Service points grouped by supplying node (CSR, stored order kept within a node). */
  spOffsets: Int32Array;
  spLon: Float64Array;
  spLat: Float64Array;
  spPersons: Float64Array;
  spArea: Int32Array;
  /**
   * Two-line heat networks: each service point's node on the return line (node position), and the CSR
   * return node → service point positions. All empty when the network is drawn as one line.
   */
  spReturnNode: Int32Array;
  spReturnOffsets: Int32Array;
  spReturnIdx: Int32Array;
  /** Row in the contact columns below, -1 for a service point that is neither important nor has a phone. */
  spContact: Int32Array;
  contactId: StringPool;
  contactImportant: Int32Array;
  contactAddress: StringPool;
  contactName: StringPool;
  contactPhone: StringPool;
  /** Service point rows seen (the population basis counts them all). */
  servicePointRows: number;
  populationAreas: PopulationArea[];
}

const orNaN = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v);
const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/**
 * Packs a stored network into an engine as its rows stream in (the repository's scanModel calls it
 * batch by batch), so loading never holds one JS object per element.
 */
export class NetworkEngineBuilder implements NetworkRecordSink {
  private readonly net = new CompiledNetworkBuilder();
  private readonly strings = new Dictionary();
  private readonly nodeLon = new Growable(Float64Array);
  private readonly nodeLat = new Growable(Float64Array);
  private readonly nodeArea = new Growable(Int32Array);
  private readonly avgDemand = new Growable(Float64Array);
  private readonly linkKind = new Growable(Int32Array);
  private readonly linkLength = new Growable(Float64Array);
  private readonly linkDiameter = new Growable(Float64Array);
  private readonly linkMaterial = new Growable(Int32Array);
  private readonly linkStatus = new Growable(Int32Array);
  private readonly linkArea = new Growable(Int32Array);
  private readonly linkCircuit = new Growable(Int32Array);
  private readonly linkPressure = new Growable(Int32Array);
  private linkAttributes = false;
  private readonly linkVertexOffsets = new Growable(Int32Array);
  private readonly linkVertices = new Growable(Float64Array);
  private readonly valveDiameter = new Growable(Float64Array);
  private readonly valveLon = new Growable(Float64Array);
  private readonly valveLat = new Growable(Float64Array);
  private readonly spNode = new Growable(Int32Array);
  private readonly spLon = new Growable(Float64Array);
  private readonly spLat = new Growable(Float64Array);
  private readonly spPersons = new Growable(Float64Array);
  private readonly spArea = new Growable(Int32Array);
  private readonly spReturnNode = new Growable(Int32Array);
  private twoLine = false;
  private readonly spContact = new Growable(Int32Array);
  private readonly contactId = new StringPool();
  private readonly contactImportant = new Growable(Int32Array);
  private readonly contactAddress = new StringPool();
  private readonly contactName = new StringPool();
  private readonly contactPhone = new StringPool();
  private servicePointRows = 0;
  private readonly populationAreaList: PopulationArea[] = [];

  constructor(private readonly hydraulics: { patterns: Pattern[]; options: HydraulicOptions }) {
    this.linkVertexOffsets.push(0);
  }

  nodes(rows: NodeRecord[]): void {
    const withDemand: Array<{ index: number; node: NetNode }> = [];
    for (const r of rows) {
      const i = this.net.addNode(r.id, r.kind as NodeKind);
      this.nodeLon.push(orNaN(r.lon));
      this.nodeLat.push(r.lon === null ? NaN : orNaN(r.lat));
      this.nodeArea.push(this.strings.code(r.area));
      this.avgDemand.push(0);
      if (r.demands && r.demands.length) withDemand.push({ index: i, node: { id: r.id, kind: r.kind as NodeKind, coord: null, demands: r.demands } });
    }
    if (withDemand.length === 0) return;
    // A node's average depends only on its own demands and the patterns (the averaging window is
    // WNTR's 24 h), so it is computed batch by batch; nodes without demands average 0.
    const avg = nodeAverageDemandM3s({
      nodes: withDemand.map((d) => d.node), links: [], valves: [], servicePoints: [], populationAreas: [],
      patterns: this.hydraulics.patterns, options: this.hydraulics.options,
    });
    for (const d of withDemand) this.avgDemand.set(d.index, avg.get(d.node.id) ?? 0);
  }

  links(rows: LinkRecord[]): void {
    const s = this.strings;
    for (const r of rows) {
      this.net.addLink(r.id, r.from, r.to);
      this.linkKind.push(s.code(r.kind));
      this.linkLength.push(orNaN(r.lengthM));
      this.linkDiameter.push(orNaN(r.diameterMm));
      this.linkMaterial.push(s.code(r.material));
      this.linkStatus.push(s.code(r.status));
      this.linkArea.push(s.code(r.area));
      const circuit = s.code(r.circuit ?? null);
      const pressure = s.code(r.pressureLevel ?? null);
      this.linkCircuit.push(circuit);
      this.linkPressure.push(pressure);
      if (circuit >= 0 || pressure >= 0) this.linkAttributes = true;
      if (r.vertices) {
        for (const [x, y] of r.vertices) {
          this.linkVertices.push(x);
          this.linkVertices.push(y);
        }
      }
      this.linkVertexOffsets.push(this.linkVertices.length);
    }
  }

  valves(rows: ValveRecord[]): void {
    for (const r of rows) {
      this.net.addValve({ id: r.id, linkId: r.linkId, nodeId: r.nodeId, state: r.state as ValveState, operable: r.operable });
      this.valveDiameter.push(orNaN(r.diameterMm));
      this.valveLon.push(orNaN(r.lon));
      this.valveLat.push(r.lon === null ? NaN : orNaN(r.lat));
    }
  }

  servicePoints(rows: ServicePointRecord[]): void {
    this.servicePointRows += rows.length;
    for (const r of rows) {
      const n = this.net.nodeIndex(r.nodeId);
      // A customer on an unknown node can never be reached by a query (the importer rejects them anyway).
      if (n === undefined) continue;
      this.spNode.push(n);
      this.spLon.push(orNaN(r.lon));
      this.spLat.push(r.lon === null ? NaN : orNaN(r.lat));
      this.spPersons.push(r.persons);
      this.spArea.push(this.strings.code(r.area));
      const ret = r.returnNodeId ? this.net.nodeIndex(r.returnNodeId) : undefined;
      this.spReturnNode.push(ret ?? -1);
      if (ret !== undefined) this.twoLine = true;
      if (r.important || r.phone) {
        // Names, addresses and phones are kept only where a result can show them: important users and notices.
        this.spContact.push(this.contactId.push(r.id));
        this.contactImportant.push(this.strings.code(r.important || null));
        this.contactAddress.push(r.important ? r.address : null);
        this.contactName.push(r.important ? r.name : null);
        this.contactPhone.push(r.phone);
      } else {
        this.spContact.push(-1);
      }
    }
  }

  populationAreas(rows: PopulationArea[]): void {
    for (const a of rows) this.populationAreaList.push({ id: a.id, name: a.name, population: a.population, geometry: a.geometry });
  }

  finish(networkId: string, version: number, litersPerPersonPerDay: number): NetworkEngine {
    const nodeCount = this.net.nodeCount;
    // Group service points by node with a stable counting sort.
    const spNode = this.spNode.done();
    const spOffsets = new Int32Array(nodeCount + 1);
    for (let k = 0; k < spNode.length; k++) spOffsets[spNode[k] + 1]++;
    for (let n = 0; n < nodeCount; n++) spOffsets[n + 1] += spOffsets[n];
    const fill = spOffsets.slice(0, nodeCount);
    const perm = new Int32Array(spNode.length);
    for (let k = 0; k < spNode.length; k++) perm[fill[spNode[k]]++] = k;
    const permute = <A extends Float64Array | Int32Array>(src: A): A => {
      const out = new (src.constructor as { new (n: number): A })(src.length);
      for (let k = 0; k < perm.length; k++) out[k] = src[perm[k]];
      return out;
    };
    for (const p of [this.contactId, this.contactAddress, this.contactName, this.contactPhone]) p.compact();
    // Two-line heat: the return nodes in service point order, and their own CSR (return node → positions).
    const empty = new Int32Array(0);
    let spReturnNode = empty, spReturnOffsets = empty, spReturnIdx = empty;
    if (this.twoLine) {
      spReturnNode = permute(this.spReturnNode.done());
      spReturnOffsets = new Int32Array(nodeCount + 1);
      for (let k = 0; k < spReturnNode.length; k++) if (spReturnNode[k] >= 0) spReturnOffsets[spReturnNode[k] + 1]++;
      for (let n = 0; n < nodeCount; n++) spReturnOffsets[n + 1] += spReturnOffsets[n];
      spReturnIdx = new Int32Array(spReturnOffsets[nodeCount]);
      const at = spReturnOffsets.slice(0, nodeCount);
      for (let k = 0; k < spReturnNode.length; k++) if (spReturnNode[k] >= 0) spReturnIdx[at[spReturnNode[k]]++] = k;
    }
    const cols: EngineColumns = {
      strings: this.strings,
      nodeLon: this.nodeLon.done(),
      nodeLat: this.nodeLat.done(),
      nodeArea: this.nodeArea.done(),
      avgDemand: this.avgDemand.done(),
      linkKind: this.linkKind.done(),
      linkLength: this.linkLength.done(),
      linkDiameter: this.linkDiameter.done(),
      linkMaterial: this.linkMaterial.done(),
      linkStatus: this.linkStatus.done(),
      linkArea: this.linkArea.done(),
      linkCircuit: this.linkAttributes ? this.linkCircuit.done() : empty,
      linkPressure: this.linkAttributes ? this.linkPressure.done() : empty,
      linkVertexOffsets: this.linkVertexOffsets.done(),
      linkVertices: this.linkVertices.done(),
      valveDiameter: this.valveDiameter.done(),
      valveLon: this.valveLon.done(),
      valveLat: this.valveLat.done(),
      spOffsets,
      spLon: permute(this.spLon.done()),
      spLat: permute(this.spLat.done()),
      spPersons: permute(this.spPersons.done()),
      spArea: permute(this.spArea.done()),
      spReturnNode,
      spReturnOffsets,
      spReturnIdx,
      spContact: permute(this.spContact.done()),
      contactId: this.contactId,
      contactImportant: this.contactImportant.done(),
      contactAddress: this.contactAddress,
      contactName: this.contactName,
      contactPhone: this.contactPhone,
      servicePointRows: this.servicePointRows,
      populationAreas: this.populationAreaList,
    };
    return new NetworkEngine(networkId, version, litersPerPersonPerDay, this.net.finish(nodePersons(cols, litersPerPersonPerDay)), cols);
  }
}

/** The customers of a two-line heat network for the analyzer (null when drawn as one line or without customers). */
function twoLineCustomers(c: EngineColumns): TwoLineCustomers | null {
  if (c.spReturnNode.length === 0) return null;
  const n = c.spReturnNode.length;
  const supplyNode = new Int32Array(n);
  for (let node = 0; node + 1 < c.spOffsets.length; node++) for (let k = c.spOffsets[node]; k < c.spOffsets[node + 1]; k++) supplyNode[k] = node;
  // A customer without a return node (none when imported as two lines) returns where it is supplied.
  const returnNode = Int32Array.from(c.spReturnNode, (r, k) => (r >= 0 ? r : supplyNode[k]));
  return { supplyNode, returnNode, persons: c.spPersons };
}

/** docs/domain.md: customers where known, else census areas, else demand. */
function basisOf(c: EngineColumns): PopulationBasis {
  return c.servicePointRows > 0 ? 'SERVICE_POINTS' : c.populationAreas.length > 0 ? 'AREAS' : 'DEMAND';
}

/** Persons per node (stored order) for the graph's population sums; zero under the AREAS basis. */
function nodePersons(c: EngineColumns, litersPerPersonPerDay: number): Float64Array {
  const n = c.nodeLon.length;
  const basis = basisOf(c);
  if (basis === 'SERVICE_POINTS') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = c.spOffsets[i]; k < c.spOffsets[i + 1]; k++) s = s + c.spPersons[k];
      out[i] = s;
    }
    return out;
  }
  if (basis === 'AREAS') return new Float64Array(n);
  const pp = perPersonM3s(litersPerPersonPerDay);
  return Float64Array.from(c.avgDemand, (d) => populationFromDemand(d, pp));
}

/**
 * One network version compiled for questions: typed-array graph, segments and supply tree
 * (inside the analyzer), persons per node, and compact columns for geometry and attributes.
 * Built once per version by NetworkEngineBuilder from the database.
 */
export class NetworkEngine {
  readonly compiled: CompiledNetwork;
  readonly analyzer: NetworkAnalyzer;
  readonly basis: PopulationBasis;
  /** Average expected demand per node (m³/s), for demand-based population at another per-person use. */
  readonly avgDemand: Float64Array;
  readonly totalPopulation: number;
  readonly populationAreas: readonly PopulationArea[];
  private readonly c: EngineColumns;

  constructor(
    readonly networkId: string,
    readonly version: number,
    /** The per-person use the graph's persons were computed with (a snapshot is only valid for it). */
    readonly litersPerPersonPerDay: number,
    compiled: CompiledNetwork,
    cols: EngineColumns,
    precomputed?: { segments: Segments; tree: SupplyTree },
  ) {
    this.c = cols;
    this.avgDemand = cols.avgDemand;
    this.populationAreas = cols.populationAreas;
    this.basis = basisOf(cols);
    this.compiled = compiled;
    this.analyzer = new NetworkAnalyzer(compiled, precomputed, twoLineCustomers(cols));
    this.totalPopulation =
      this.basis === 'AREAS' ? cols.populationAreas.reduce((s, a) => s + a.population, 0) : compiled.nodePersons.reduce((s, p) => s + p, 0);
  }

  /** The columns behind the engine, for a binary snapshot. */
  columns(): EngineColumns {
    return this.c;
  }

  /** Persons at these nodes under a per-request per-person use (demand basis only). */
  demandPopulation(nodeIds: string[], litersPerPersonPerDay: number): number {
    const pp = perPersonM3s(litersPerPersonPerDay);
    let s = 0;
    for (const id of nodeIds) {
      const i = this.compiled.nodeIds.get(id);
      if (i !== undefined) s += populationFromDemand(this.avgDemand[i], pp);
    }
    return s;
  }

  hasPipe(id: string): boolean {
    return this.compiled.linkIds.has(id);
  }

  hasValve(id: string): boolean {
    return this.compiled.valveIds.has(id);
  }

  /** Position of a link (any kind) by id, or undefined. */
  linkIndex(id: string): number | undefined {
    return this.compiled.linkIds.get(id);
  }

  pipe(i: number): PipeView {
    const c = this.c;
    const s = c.strings;
    const net = this.compiled;
    return {
      id: net.linkIds.at(i), kind: s.value(c.linkKind[i])!, fromNodeId: net.nodeIds.at(net.linkFrom[i]), toNodeId: net.nodeIds.at(net.linkTo[i]),
      lengthM: orNull(c.linkLength[i]), diameterMm: orNull(c.linkDiameter[i]), material: s.value(c.linkMaterial[i]), status: s.value(c.linkStatus[i]),
      circuit: c.linkCircuit.length ? s.value(c.linkCircuit[i]) : null, pressureLevel: c.linkPressure.length ? s.value(c.linkPressure[i]) : null,
    };
  }

  /** One link's diameter (mm; null when unknown), without building the whole pipe view. */
  linkDiameter(i: number): number | null {
    return orNull(this.c.linkDiameter[i]);
  }

  /** The street / community a link lies in, where the data names one. */
  linkArea(i: number): string | null {
    return this.c.strings.value(this.c.linkArea[i]);
  }

  nodeArea(id: string): string | null {
    const i = this.compiled.nodeIds.get(id);
    return i === undefined ? null : this.c.strings.value(this.c.nodeArea[i]);
  }

  /** A node's lon/lat: null when it has none, undefined when there is no such node. */
  nodeCoord(id: string): LonLat | null | undefined {
    const i = this.compiled.nodeIds.get(id);
    if (i === undefined) return undefined;
    return Number.isNaN(this.c.nodeLon[i]) ? null : [this.c.nodeLon[i], this.c.nodeLat[i]];
  }

  /** The stored attributes of a valve, or undefined when there is no such valve. */
  valve(id: string): ValveView | undefined {
    const net = this.compiled;
    const i = net.valveIds.get(id);
    if (i === undefined) return undefined;
    const c = this.c;
    return {
      id: net.valveIds.at(i), linkId: net.linkIds.at(net.valveLink[i]), nodeId: net.nodeIds.at(net.valveNode[i]),
      state: net.valveNormallyClosed[i] ? 'CLOSED' : 'OPEN', operable: net.valveOperable[i] === 1,
      diameterMm: orNull(c.valveDiameter[i]), lon: orNull(c.valveLon[i]), lat: orNull(c.valveLat[i]),
    };
  }

  /** True for a heat network drawn as two lines (its customers have a node on each line). */
  get twoLine(): boolean {
    return this.c.spReturnNode.length > 0;
  }

  /**
   * Service points supplied by these nodes (node by node, stored order within a node), as positions. On a
   * two-line heat network also those returning to them (each once): a customer cut on either line loses heat.
   */
  servicePointsAt(nodeIds: string[]): number[] {
    const c = this.c;
    const out: number[] = [];
    for (const id of nodeIds) {
      const n = this.compiled.nodeIds.get(id);
      if (n === undefined) continue;
      for (let k = c.spOffsets[n]; k < c.spOffsets[n + 1]; k++) out.push(k);
    }
    if (!this.twoLine) return out;
    const seen = new Set(out);
    for (const id of nodeIds) {
      const n = this.compiled.nodeIds.get(id);
      if (n === undefined) continue;
      for (let j = c.spReturnOffsets[n]; j < c.spReturnOffsets[n + 1]; j++) {
        const k = c.spReturnIdx[j];
        if (!seen.has(k)) {
          seen.add(k);
          out.push(k);
        }
      }
    }
    return out;
  }

  servicePointCoord(k: number): LonLat | null {
    return Number.isNaN(this.c.spLon[k]) ? null : [this.c.spLon[k], this.c.spLat[k]];
  }

  servicePointArea(k: number): string | null {
    return this.c.strings.value(this.c.spArea[k]);
  }

  /** The service point as an important user, or null when it is not one. */
  importantUser(k: number): ImportantUser | null {
    const c = this.c;
    const r = c.spContact[k];
    if (r < 0) return null;
    const kind = c.strings.value(c.contactImportant[r]);
    if (!kind) return null;
    return { id: c.contactId.at(r)!, kind, address: c.contactAddress.at(r), persons: c.spPersons[k], name: c.contactName.at(r), phone: c.contactPhone.at(r) };
  }

  /** Service points with a phone at these nodes (for notices). */
  phonesAt(nodeIds: string[]): Array<{ id: string; phone: string }> {
    const c = this.c;
    const out: Array<{ id: string; phone: string }> = [];
    for (const k of this.servicePointsAt(nodeIds)) {
      const r = c.spContact[k];
      if (r < 0) continue;
      const phone = c.contactPhone.at(r);
      if (phone) out.push({ id: c.contactId.at(r)!, phone });
    }
    return out;
  }

  private linkBoxes: BBoxIndex<number> | null = null;

  /** Packed R-tree over link extents (ids are link positions), built on the first map query. */
  linkBoxIndex(): BBoxIndex<number> {
    if (!this.linkBoxes) {
      const c = this.c;
      const net = this.compiled;
      const items: Array<{ id: number; bbox: [number, number, number, number] }> = [];
      for (let i = 0; i < net.linkCount; i++) {
        const f = net.linkFrom[i];
        const t = net.linkTo[i];
        if (Number.isNaN(c.nodeLon[f]) || Number.isNaN(c.nodeLon[t])) continue;
        let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
        const visit = (x: number, y: number) => {
          if (x < minLon) minLon = x;
          if (x > maxLon) maxLon = x;
          if (y < minLat) minLat = y;
          if (y > maxLat) maxLat = y;
        };
        visit(c.nodeLon[f], c.nodeLat[f]);
        for (let k = c.linkVertexOffsets[i]; k < c.linkVertexOffsets[i + 1]; k += 2) visit(c.linkVertices[k], c.linkVertices[k + 1]);
        visit(c.nodeLon[t], c.nodeLat[t]);
        items.push({ id: i, bbox: [minLon, minLat, maxLon, maxLat] });
      }
      this.linkBoxes = new BBoxIndex<number>(items);
    }
    return this.linkBoxes;
  }

  /** The full polyline of a link (end nodes plus vertices), or null without coordinates. */
  linkCoords(linkIndex: number): LonLat[] | null {
    const c = this.c;
    const f = this.compiled.linkFrom[linkIndex];
    const t = this.compiled.linkTo[linkIndex];
    if (Number.isNaN(c.nodeLon[f]) || Number.isNaN(c.nodeLon[t])) return null;
    const out: LonLat[] = [[c.nodeLon[f], c.nodeLat[f]]];
    for (let k = c.linkVertexOffsets[linkIndex]; k < c.linkVertexOffsets[linkIndex + 1]; k += 2) out.push([c.linkVertices[k], c.linkVertices[k + 1]]);
    out.push([c.nodeLon[t], c.nodeLat[t]]);
    return out;
  }

  /** linkCoords with each lon/lat rounded to 1/scale (map answers: fewer digits to write and read). */
  linkCoordsRounded(linkIndex: number, scale: number): LonLat[] | null {
    const c = this.c;
    const f = this.compiled.linkFrom[linkIndex];
    const t = this.compiled.linkTo[linkIndex];
    if (Number.isNaN(c.nodeLon[f]) || Number.isNaN(c.nodeLon[t])) return null;
    const r = (v: number) => Math.round(v * scale) / scale;
    const out: LonLat[] = [[r(c.nodeLon[f]), r(c.nodeLat[f])]];
    for (let k = c.linkVertexOffsets[linkIndex]; k < c.linkVertexOffsets[linkIndex + 1]; k += 2) out.push([r(c.linkVertices[k]), r(c.linkVertices[k + 1])]);
    out.push([r(c.nodeLon[t]), r(c.nodeLat[t])]);
    return out;
  }

  /** The pipe nearest to a point (planar distance on a local plane; fine at city scale). */
  nearestLink(p: LonLat): { id: string; distanceM: number } | null {
    const c = this.c;
    const net = this.compiled;
    const px = p[0], py = p[1];
    const k = Math.cos((py * Math.PI) / 180);
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < net.linkCount; i++) {
      const f = net.linkFrom[i];
      const t = net.linkTo[i];
      if (Number.isNaN(c.nodeLon[f]) || Number.isNaN(c.nodeLon[t])) continue;
      let ax = c.nodeLon[f], ay = c.nodeLat[f];
      for (let j = c.linkVertexOffsets[i], end = c.linkVertexOffsets[i + 1]; j <= end; j += 2) {
        const bx = j < end ? c.linkVertices[j] : c.nodeLon[t];
        const by = j < end ? c.linkVertices[j + 1] : c.nodeLat[t];
        const d = segDist2(px, py, ax, ay, bx, by, k);
        if (d < bestD) {
          bestD = d;
          best = i;
        }
        ax = bx;
        ay = by;
      }
    }
    if (best < 0) return null;
    return { id: net.linkIds.at(best), distanceM: Math.sqrt(bestD) * METRES_PER_DEGREE };
  }
}

function segDist2(px: number, py: number, a0: number, a1: number, b0: number, b1: number, k: number): number {
  const ax = (a0 - px) * k, ay = a1 - py;
  const bx = (b0 - px) * k, by = b1 - py;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const x = ax + t * dx, y = ay + t * dy;
  return x * x + y * y;
}
