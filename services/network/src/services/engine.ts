import type { LonLat, NetworkModel, ServicePoint } from '../domain/model';
import { compileNetwork, CompiledNetwork } from '../domain/analysis/compile';
import { NetworkAnalyzer } from '../domain/analysis/analyzer';
import { nodeAverageDemandM3s, populationFromDemand } from '../domain/import/demand';
import { BBoxIndex } from '../domain/geometry/bbox-index';

export type PopulationBasis = 'SERVICE_POINTS' | 'AREAS' | 'DEMAND';

/** m³/s per person from litres per person per day. */
export const perPersonM3s = (litersPerDay: number) => litersPerDay / 1000 / 86400;

/**
 * One network version compiled for questions: typed-array graph, segments and supply tree
 * (inside the analyzer), persons per node, and lookups for geometry. Built once per version.
 */
export class NetworkEngine {
  readonly compiled: CompiledNetwork;
  readonly analyzer: NetworkAnalyzer;
  readonly basis: PopulationBasis;
  /** Average expected demand per node (m³/s), for demand-based population at another per-person use. */
  readonly avgDemand: Float64Array;
  readonly totalPopulation: number;
  readonly servicePointsByNode: Map<string, ServicePoint[]>;
  readonly nodeCoord: Map<string, LonLat | null>;

  constructor(
    readonly networkId: string,
    readonly version: number,
    readonly model: NetworkModel,
    litersPerPersonPerDay: number,
  ) {
    this.servicePointsByNode = new Map();
    for (const sp of model.servicePoints) {
      const list = this.servicePointsByNode.get(sp.nodeId);
      if (list) list.push(sp);
      else this.servicePointsByNode.set(sp.nodeId, [sp]);
    }
    this.nodeCoord = new Map(model.nodes.map((n) => [n.id, n.coord]));
    const avg = nodeAverageDemandM3s(model);
    this.avgDemand = Float64Array.from(model.nodes, (n) => avg.get(n.id) ?? 0);
    // domain.md: customers where known, else census areas, else demand.
    this.basis = model.servicePoints.length > 0 ? 'SERVICE_POINTS' : model.populationAreas.length > 0 ? 'AREAS' : 'DEMAND';
    const persons = this.nodePersons(litersPerPersonPerDay);
    this.compiled = compileNetwork(model, { nodePersons: persons });
    this.analyzer = new NetworkAnalyzer(this.compiled);
    this.totalPopulation =
      this.basis === 'AREAS' ? model.populationAreas.reduce((s, a) => s + a.population, 0) : persons.reduce((s, p) => s + p, 0);
  }

  /** Persons per node (model order) for the graph's population sums; zero under the AREAS basis. */
  nodePersons(litersPerPersonPerDay: number): Float64Array {
    const m = this.model;
    if (this.basis === 'SERVICE_POINTS') {
      return Float64Array.from(m.nodes, (n) => (this.servicePointsByNode.get(n.id) ?? []).reduce((s, sp) => s + sp.persons, 0));
    }
    if (this.basis === 'AREAS') return new Float64Array(m.nodes.length);
    const pp = perPersonM3s(litersPerPersonPerDay);
    return Float64Array.from(this.avgDemand, (d) => populationFromDemand(d, pp));
  }

  /** Persons at these nodes under a per-request per-person use (demand basis only). */
  demandPopulation(nodeIds: string[], litersPerPersonPerDay: number): number {
    const pp = perPersonM3s(litersPerPersonPerDay);
    let s = 0;
    for (const id of nodeIds) {
      const i = this.compiled.nodeIndex.get(id);
      if (i !== undefined) s += populationFromDemand(this.avgDemand[i], pp);
    }
    return s;
  }

  private linkBoxes: BBoxIndex | null = null;

  /** Packed R-tree over link extents, built on the first map query. */
  linkBoxIndex(): BBoxIndex {
    if (!this.linkBoxes) {
      const items: Array<{ id: string; bbox: [number, number, number, number] }> = [];
      this.model.links.forEach((l, i) => {
        const c = this.linkCoords(i);
        if (!c) return;
        let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
        for (const [x, y] of c) {
          if (x < minLon) minLon = x;
          if (x > maxLon) maxLon = x;
          if (y < minLat) minLat = y;
          if (y > maxLat) maxLat = y;
        }
        items.push({ id: l.id, bbox: [minLon, minLat, maxLon, maxLat] });
      });
      this.linkBoxes = new BBoxIndex(items);
    }
    return this.linkBoxes;
  }

  /** The full polyline of a link (end nodes plus vertices), or null without coordinates. */
  linkCoords(linkIndex: number): LonLat[] | null {
    const l = this.model.links[linkIndex];
    const a = this.nodeCoord.get(l.from);
    const b = this.nodeCoord.get(l.to);
    if (!a || !b) return null;
    return [a, ...l.vertices, b];
  }

  /** The pipe nearest to a point (planar distance on a local plane; fine at city scale). */
  nearestLink(p: LonLat): { id: string; distanceM: number } | null {
    const k = Math.cos((p[1] * Math.PI) / 180);
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < this.model.links.length; i++) {
      const c = this.linkCoords(i);
      if (!c) continue;
      for (let j = 0; j + 1 < c.length; j++) {
        const d = segDist2(p, c[j], c[j + 1], k);
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
    }
    if (best < 0) return null;
    return { id: this.model.links[best].id, distanceM: Math.sqrt(bestD) * 111_320 };
  }
}

function segDist2(p: LonLat, a: LonLat, b: LonLat, k: number): number {
  const ax = (a[0] - p[0]) * k, ay = a[1] - p[1];
  const bx = (b[0] - p[0]) * k, by = b[1] - p[1];
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const x = ax + t * dx, y = ay + t * dy;
  return x * x + y * y;
}
