import { GeometryError } from './geometry-error';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export interface BBoxItem<Id = string> {
  id: Id;
  bbox: BBox;
}

export interface BBoxIndexOptions {
  /** Children per tree node; 16 is flatbush's default and a good fit for viewport queries. */
  nodeSize?: number;
}

export const BBOX_INDEX_DEFAULTS = { nodeSize: 16 } as const;

/**
 * Static packed Hilbert R-tree (the flatbush layout, written here because flatbush v4 is
 * ESM-only): items sorted by the Hilbert value of their bbox centre, packed `nodeSize` to a node,
 * all boxes in one Float64Array. Built once, then queried by map viewport. Antimeridian-crossing
 * boxes are not supported (minLon must be ≤ maxLon).
 */
export class BBoxIndex<Id = string> {
  readonly size: number;
  private readonly nodeSize: number;
  private readonly ids: Id[];
  /** minX, minY, maxX, maxY per entry: leaves first, then each level up, root last. */
  private readonly boxes: Float64Array;
  /** Leaf entries: item number; inner entries: first child entry (index into boxes / 4). */
  private readonly index: Uint32Array;
  /** End (exclusive, in entries) of each level. */
  private readonly levelEnds: number[];

  constructor(items: BBoxItem<Id>[], o: BBoxIndexOptions = {}) {
    if (!Array.isArray(items)) throw new GeometryError('条目必须为数组', 'items must be an array', { list: 'items' });
    const nodeSize = o.nodeSize ?? BBOX_INDEX_DEFAULTS.nodeSize;
    if (!(Number.isInteger(nodeSize) && nodeSize >= 2 && nodeSize <= 65535)) {
      throw new GeometryError('节点容量必须为 2–65535 的整数', `nodeSize must be an integer within 2..65535, got ${nodeSize}`, { list: 'options' });
    }
    const n = items.length;
    this.size = n;
    this.nodeSize = nodeSize;

    // Level sizes: n leaves, then ceil(n / nodeSize) ... down to one root.
    const ends: number[] = [];
    let count = n, total = n;
    ends.push(total);
    while (count > 1) {
      count = Math.ceil(count / nodeSize);
      total += count;
      ends.push(total);
    }
    this.levelEnds = ends;
    this.boxes = new Float64Array(total * 4);
    this.index = new Uint32Array(total);
    this.ids = new Array<Id>(n);

    const raw = new Float64Array(n * 4);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let k = 0; k < n; k++) {
      const it = items[k];
      const b = it?.bbox;
      if (!Array.isArray(b) || b.length !== 4 || !b.every(Number.isFinite) || b[0] > b[2] || b[1] > b[3]) {
        throw new GeometryError(
          '外包框无效，应为 [最小经度, 最小纬度, 最大经度, 最大纬度]',
          `invalid bbox ${JSON.stringify(b)}, expected [minLon, minLat, maxLon, maxLat] with min ≤ max`,
          { list: 'items', index: k, id: it?.id === undefined ? undefined : String(it.id) },
        );
      }
      raw[4 * k] = b[0];
      raw[4 * k + 1] = b[1];
      raw[4 * k + 2] = b[2];
      raw[4 * k + 3] = b[3];
      if (b[0] < minX) minX = b[0];
      if (b[1] < minY) minY = b[1];
      if (b[2] > maxX) maxX = b[2];
      if (b[3] > maxY) maxY = b[3];
    }
    if (n === 0) return;

    // Hilbert value of each centre on a 65536² grid over the extent, then sort by it.
    const hmax = 65535;
    const sx = maxX > minX ? hmax / (maxX - minX) : 0;
    const sy = maxY > minY ? hmax / (maxY - minY) : 0;
    const hv = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const cx = Math.floor(((raw[4 * k] + raw[4 * k + 2]) / 2 - minX) * sx);
      const cy = Math.floor(((raw[4 * k + 1] + raw[4 * k + 3]) / 2 - minY) * sy);
      hv[k] = hilbert(cx, cy);
    }
    const order = radixSortByKey(hv);

    for (let k = 0; k < n; k++) {
      const src = order[k];
      this.boxes[4 * k] = raw[4 * src];
      this.boxes[4 * k + 1] = raw[4 * src + 1];
      this.boxes[4 * k + 2] = raw[4 * src + 2];
      this.boxes[4 * k + 3] = raw[4 * src + 3];
      this.index[k] = k;
      this.ids[k] = items[src].id;
    }

    // Pack each level into parents: a parent's box is the union of its up to nodeSize children.
    let pos = 0, out = n;
    for (let level = 0; level < ends.length - 1; level++) {
      const end = ends[level];
      while (pos < end) {
        const first = pos;
        let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (let c = 0; c < nodeSize && pos < end; c++, pos++) {
          const b = this.boxes;
          if (b[4 * pos] < x0) x0 = b[4 * pos];
          if (b[4 * pos + 1] < y0) y0 = b[4 * pos + 1];
          if (b[4 * pos + 2] > x1) x1 = b[4 * pos + 2];
          if (b[4 * pos + 3] > y1) y1 = b[4 * pos + 3];
        }
        this.boxes[4 * out] = x0;
        this.boxes[4 * out + 1] = y0;
        this.boxes[4 * out + 2] = x1;
        this.boxes[4 * out + 3] = y1;
        this.index[out] = first;
        out++;
      }
    }
  }

  /** Ids of items whose bbox intersects `bbox` (edges touching count), at most `limit` of them. */
  search(bbox: BBox, limit = Infinity): Id[] {
    if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every(Number.isFinite) || bbox[0] > bbox[2] || bbox[1] > bbox[3]) {
      throw new GeometryError('查询外包框无效', `invalid query bbox ${JSON.stringify(bbox)}, expected [minLon, minLat, maxLon, maxLat]`, { list: 'search' });
    }
    const result: Id[] = [];
    if (this.size === 0 || limit <= 0) return result;
    const [qx0, qy0, qx1, qy1] = bbox;
    const b = this.boxes, ids = this.ids, index = this.index, ends = this.levelEnds, n = this.size;
    const hit = (e: number): boolean => !(b[4 * e + 2] < qx0 || b[4 * e + 3] < qy0 || b[4 * e] > qx1 || b[4 * e + 1] > qy1);
    if (ends.length === 1) {
      if (hit(0)) result.push(ids[0]); // one item: the root is that leaf
      return result;
    }
    // Stack of (inner entry, its level) to open; start at the root.
    const stack: number[] = [b.length / 4 - 1, ends.length - 1];
    while (stack.length) {
      const level = stack.pop()!;
      const node = stack.pop()!;
      const first = index[node];
      const end = Math.min(first + this.nodeSize, ends[level - 1]);
      for (let e = first; e < end; e++) {
        if (!hit(e)) continue;
        if (e < n) {
          result.push(ids[e]);
          if (result.length >= limit) return result;
        } else {
          stack.push(e, level - 1);
        }
      }
    }
    return result;
  }
}

/** Hilbert curve index of (x, y) on a 2^16 grid (Rawlins / flatbush's branch-free form). */
function hilbert(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);

  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = ((c >> 1) ^ (b & (d >> 1))) ^ c;
  let D = ((a & (c >> 1)) ^ (d >> 1)) ^ d;

  a = A; b = B; c = C; d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));

  a = A; b = B; c = C; d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));

  a = A; b = B; c = C; d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));

  a = C ^ (C >> 1);
  b = D ^ (D >> 1);

  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));

  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;

  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;

  return ((i1 << 1) | i0) >>> 0;
}

/** Item numbers ordered by a 32-bit key: two stable 16-bit counting passes, O(n). */
function radixSortByKey(key: Uint32Array): Uint32Array {
  const n = key.length;
  let src = new Uint32Array(n);
  for (let k = 0; k < n; k++) src[k] = k;
  let dst = new Uint32Array(n);
  const counts = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[((key[src[k]] >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1];
    for (let k = 0; k < n; k++) dst[counts[(key[src[k]] >>> shift) & 0xffff]++] = src[k];
    [src, dst] = [dst, src];
  }
  return src;
}
