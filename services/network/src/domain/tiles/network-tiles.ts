// The network as Mapbox Vector Tiles, straight from one engine version's columns: per tile, an R-tree
// search over the links that are drawn at that zoom (trunk mains only below the configured zooms), each
// line clipped to the buffered tile, simplified and snapped to tile units; valves and customers at higher
// zooms. No GeoJSON in between, no pre-tiling: a tile costs what it shows.
import { BBoxIndex, type BBox } from '../geometry/bbox-index';
import type { NetworkEngine } from '../analysis/engine';
import { encodeTile, GEOM_LINESTRING, GEOM_POINT, LayerWriter } from './mvt-writer';
import { clipLine, simplifyAndSnap, tileBBox, TileProjection, type TileAddress } from './tile-geometry';

export const TILE_LAYERS = { pipes: 'pipes', valves: 'valves', servicePoints: 'service_points' } as const;

export interface TileRules {
  /** Tile units per side (the spec's default 4096). */
  extent: number;
  /** Tile units drawn beyond each edge, so lines and symbols meet across tiles. */
  bufferUnits: number;
  /** Douglas–Peucker tolerance in tile units (a 256-pixel tile has 16 units per pixel at 4096). */
  simplifyUnits: number;
  /** Highest zoom served. */
  maxZoom: number;
  /** From each zoom on, the smallest diameter drawn (mm); a pipe of unknown diameter counts as 0. */
  pipeMinDiameter: Array<{ fromZoom: number; minMm: number }>;
  valvesMinZoom: number;
  servicePointsMinZoom: number;
  /** Important users (hospitals, schools, …) are drawn from this zoom on, other customers from servicePointsMinZoom. */
  importantUsersMinZoom: number;
}

export const DEFAULT_TILE_RULES: TileRules = {
  extent: 4096, bufferUnits: 64, simplifyUnits: 4, maxZoom: 18,
  pipeMinDiameter: [{ fromZoom: 0, minMm: 300 }, { fromZoom: 12, minMm: 0 }],
  valvesMinZoom: 15, servicePointsMinZoom: 16, importantUsersMinZoom: 13,
};

/** The smallest diameter drawn at zoom z: the last rule starting at or below z (everything when none does). */
export function minDiameterAt(rules: TileRules, z: number): number {
  let min = 0, from = -1;
  for (const r of rules.pipeMinDiameter) if (r.fromZoom <= z && r.fromZoom > from) { from = r.fromZoom; min = r.minMm; }
  return min;
}

/** What a tile holds, counted per layer (the bench and tests check decoded tiles against it). */
export interface TileCounts {
  pipes: number;
  valves: number;
  servicePoints: number;
}

/**
 * The R-trees a version's tiles are cut from, built on first use: one over the links of each diameter
 * class the rules name (the whole network's is the engine's own), one over valves, customers and important users.
 */
export class NetworkTileIndex {
  private readonly pipeTrees = new Map<number, BBoxIndex<number>>();
  private valveTree: BBoxIndex<number> | null = null;
  private pointTree: BBoxIndex<number> | null = null;
  private importantTree: BBoxIndex<number> | null = null;
  private readonly xy = new Float64Array(1024);
  private readonly clipped = new Float64Array(1024);
  private readonly snapped = new Int32Array(1024);

  constructor(readonly engine: NetworkEngine, readonly rules: TileRules) {}

  /** Links drawn at zoom z whose extent meets the box. */
  pipesIn(z: number, box: BBox): number[] {
    const min = minDiameterAt(this.rules, z);
    if (min <= 0) return this.engine.linkBoxIndex().search(box);
    let tree = this.pipeTrees.get(min);
    if (!tree) {
      const c = this.engine.columns();
      const all = this.engine.linkBoxIndex();
      // Every link with coordinates is in the engine's tree; those of this class are picked from it.
      const items: Array<{ id: number; bbox: BBox }> = [];
      for (const i of all.search([-180, -90, 180, 90])) {
        if (!(c.linkDiameter[i] >= min)) continue;
        items.push({ id: i, bbox: this.linkBBox(i) });
      }
      tree = new BBoxIndex<number>(items);
      this.pipeTrees.set(min, tree);
    }
    return tree.search(box);
  }

  private linkBBox(i: number): BBox {
    const c = this.engine.columns();
    const net = this.engine.compiled;
    const f = net.linkFrom[i], t = net.linkTo[i];
    let x0 = Math.min(c.nodeLon[f], c.nodeLon[t]), x1 = Math.max(c.nodeLon[f], c.nodeLon[t]);
    let y0 = Math.min(c.nodeLat[f], c.nodeLat[t]), y1 = Math.max(c.nodeLat[f], c.nodeLat[t]);
    for (let k = c.linkVertexOffsets[i]; k < c.linkVertexOffsets[i + 1]; k += 2) {
      x0 = Math.min(x0, c.linkVertices[k]); x1 = Math.max(x1, c.linkVertices[k]);
      y0 = Math.min(y0, c.linkVertices[k + 1]); y1 = Math.max(y1, c.linkVertices[k + 1]);
    }
    return [x0, y0, x1, y1];
  }

  valvesIn(box: BBox): number[] {
    if (!this.valveTree) {
      const c = this.engine.columns();
      const items: Array<{ id: number; bbox: BBox }> = [];
      for (let v = 0; v < c.valveLon.length; v++) if (!Number.isNaN(c.valveLon[v])) items.push({ id: v, bbox: [c.valveLon[v], c.valveLat[v], c.valveLon[v], c.valveLat[v]] });
      this.valveTree = new BBoxIndex<number>(items);
    }
    return this.valveTree.search(box);
  }

  /** Customers in the box: every one, or only important users. */
  servicePointsIn(box: BBox, importantOnly: boolean): number[] {
    const c = this.engine.columns();
    const important = (k: number) => c.spContact[k] >= 0 && c.contactImportant[c.spContact[k]] >= 0;
    const build = (only: boolean) => {
      const items: Array<{ id: number; bbox: BBox }> = [];
      for (let k = 0; k < c.spLon.length; k++) {
        if (Number.isNaN(c.spLon[k]) || (only && !important(k))) continue;
        items.push({ id: k, bbox: [c.spLon[k], c.spLat[k], c.spLon[k], c.spLat[k]] });
      }
      return new BBoxIndex<number>(items);
    };
    if (importantOnly) return (this.importantTree ??= build(true)).search(box);
    return (this.pointTree ??= build(false)).search(box);
  }

  /** The encoded tile and what it holds; an empty tile (no feature in any layer) has zero bytes. */
  tile(t: TileAddress): { bytes: Uint8Array; counts: TileCounts } {
    const r = this.rules;
    const box = tileBBox(t, r.extent, r.bufferUnits);
    const proj = new TileProjection(t, r.extent);
    const c = this.engine.columns();
    const net = this.engine.compiled;
    const s = c.strings;
    const lo = -r.bufferUnits, hi = r.extent + r.bufferUnits;

    const pipes = new LayerWriter(TILE_LAYERS.pipes, r.extent);
    let snapOut = this.snapped;
    const addPart = (pts: Float64Array, m: number) => {
      const k = simplifyAndSnap(pts, m, r.simplifyUnits, snapOut);
      if (k >= 2) pipes.linePart(snapOut, k);
    };
    // Keys once per tile, dictionary strings (kinds, statuses, materials) by their code: no lookup per pipe.
    const K = { id: pipes.key('id'), kind: pipes.key('kind'), diameterMm: pipes.key('diameterMm'), status: pipes.key('status'), material: pipes.key('material'), circuit: pipes.key('circuit'), pressureLevel: pipes.key('pressureLevel') };
    const codeValue = new Int32Array(s.values.length).fill(-1);
    const coded = (key: number, code: number) => {
      if (code < 0) return;
      let v = codeValue[code];
      if (v < 0) codeValue[code] = v = pipes.value(s.values[code]);
      pipes.tagIndices(key, v);
    };
    for (const i of this.pipesIn(t.z, box)) {
      const f = net.linkFrom[i], to = net.linkTo[i];
      const v0 = c.linkVertexOffsets[i], v1 = c.linkVertexOffsets[i + 1];
      const n = 2 + (v1 - v0) / 2;
      const xy = n * 2 <= this.xy.length ? this.xy : new Float64Array(n * 2);
      xy[0] = proj.x(c.nodeLon[f]);
      xy[1] = proj.y(c.nodeLat[f]);
      for (let k = v0, j = 2; k < v1; k += 2, j += 2) {
        xy[j] = proj.x(c.linkVertices[k]);
        xy[j + 1] = proj.y(c.linkVertices[k + 1]);
      }
      xy[2 * n - 2] = proj.x(c.nodeLon[to]);
      xy[2 * n - 1] = proj.y(c.nodeLat[to]);
      pipes.begin();
      const clipOut = n * 2 <= this.clipped.length ? this.clipped : new Float64Array(n * 2 + 4);
      snapOut = n * 2 <= this.snapped.length ? this.snapped : new Int32Array(n * 2 + 4);
      clipLine(xy, n, lo, hi, clipOut, addPart);
      pipes.propUnique('id', net.linkIds.at(i));
      coded(K.kind, c.linkKind[i]);
      pipes.prop('diameterMm', c.linkDiameter[i]);
      coded(K.status, c.linkStatus[i]);
      coded(K.material, c.linkMaterial[i]);
      if (c.linkCircuit.length) coded(K.circuit, c.linkCircuit[i]);
      if (c.linkPressure.length) coded(K.pressureLevel, c.linkPressure[i]);
      pipes.end(GEOM_LINESTRING, i + 1);
    }

    const valves = new LayerWriter(TILE_LAYERS.valves, r.extent);
    if (t.z >= r.valvesMinZoom) {
      for (const v of this.valvesIn(box)) {
        valves.begin();
        valves.point(Math.round(proj.x(c.valveLon[v])), Math.round(proj.y(c.valveLat[v])));
        valves.propUnique('id', net.valveIds.at(v));
        valves.prop('state', net.valveNormallyClosed[v] ? 'CLOSED' : 'OPEN');
        valves.prop('operable', net.valveOperable[v] === 1);
        valves.prop('diameterMm', c.valveDiameter[v]);
        valves.prop('linkId', net.linkIds.at(net.valveLink[v]));
        valves.end(GEOM_POINT, v + 1);
      }
    }

    const points = new LayerWriter(TILE_LAYERS.servicePoints, r.extent);
    if (t.z >= Math.min(r.servicePointsMinZoom, r.importantUsersMinZoom)) {
      for (const k of this.servicePointsIn(box, t.z < r.servicePointsMinZoom)) {
        points.begin();
        points.point(Math.round(proj.x(c.spLon[k])), Math.round(proj.y(c.spLat[k])));
        points.prop('persons', c.spPersons[k]);
        const row = c.spContact[k];
        const kind = row >= 0 ? s.value(c.contactImportant[row]) : null;
        // Ids of ordinary customers are not kept in memory; important users are named in plans, so they carry theirs.
        if (kind) {
          points.prop('important', kind);
          points.prop('id', c.contactId.at(row));
        }
        points.end(GEOM_POINT, k + 1);
      }
    }
    return { bytes: encodeTile([pipes, valves, points]), counts: { pipes: pipes.count, valves: valves.count, servicePoints: points.count } };
  }
}
