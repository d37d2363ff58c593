// A Mapbox Vector Tile 2.1 encoder (https://github.com/mapbox/vector-tile-spec/tree/master/2.1): protobuf
// written by hand into one growing byte buffer, so a tile is built straight from the engine's typed columns
// without GeoJSON objects in between. Only what the network layers need: points and lines, string, number
// and boolean properties.

export type TileValue = string | number | boolean;

const utf8 = new TextEncoder();

/** A growing protobuf output buffer (varints, length-delimited fields). */
export class Out {
  buf = new Uint8Array(4096);
  pos = 0;

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  varint(v: number): void {
    this.reserve(10);
    if (v < 0x80) {
      this.buf[this.pos++] = v;
      return;
    }
    // Values above 2^31 (never more than 2^53) are split without 32-bit bit operations.
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  /** A length-delimited UTF-8 string (`n`: its byte length when known). */
  string(s: string, n = byteLength(s)): void {
    this.varint(n);
    this.reserve(n);
    if (n === s.length) {
      for (let i = 0; i < n; i++) this.buf[this.pos + i] = s.charCodeAt(i);
    } else {
      utf8.encodeInto(s, this.buf.subarray(this.pos, this.pos + n));
    }
    this.pos += n;
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Bytes already encoded as fields (no length prefix). */
  raw(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  double(v: number): void {
    this.reserve(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).setFloat64(0, v, true);
    this.pos += 8;
  }

  /** A packed repeated uint32 field. */
  packed(field: number, values: ArrayLike<number>, n = values.length): void {
    if (n === 0) return;
    let len = 0;
    for (let i = 0; i < n; i++) len += varintSize(values[i]);
    this.tag(field, 2);
    this.varint(len);
    for (let i = 0; i < n; i++) this.varint(values[i]);
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

const zigzag = (v: number) => (v < 0 ? -2 * v - 1 : 2 * v);
const MOVE_TO = 1, LINE_TO = 2;
const command = (id: number, count: number) => (id & 0x7) | (count << 3);

export const GEOM_POINT = 1;
export const GEOM_LINESTRING = 2;

/**
 * One layer: features added one at a time with their properties (keys and values de-duplicated in the
 * layer's tables, as the spec asks) and geometry in tile units.
 */
export class LayerWriter {
  private readonly features = new Out();
  private readonly keys: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly values: TileValue[] = [];
  private readonly stringIndex = new Map<TileValue, number>();
  private readonly numberIndex = new Map<TileValue, number>();
  private readonly boolIndex = new Map<TileValue, number>();
  private tags: number[] = [];
  private geom: number[] = [];
  private cx = 0;
  private cy = 0;
  count = 0;

  constructor(readonly name: string, readonly extent: number) {}

  /** The index of a key in the layer's table (added on first use). */
  key(k: string): number {
    let i = this.keyIndex.get(k);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(k);
      this.keyIndex.set(k, i);
    }
    return i;
  }

  /** The index of a value in the layer's table (added on first use). */
  value(v: TileValue): number {
    const index: Map<TileValue, number> = typeof v === 'string' ? this.stringIndex : typeof v === 'number' ? this.numberIndex : this.boolIndex;
    let i = index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      index.set(v, i);
    }
    return i;
  }

  /** Starts a feature; properties with null or undefined values are left out. */
  begin(): void {
    this.tags.length = 0;
    this.geom.length = 0;
    this.cx = 0;
    this.cy = 0;
  }

  prop(k: string, v: TileValue | null | undefined): void {
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return;
    this.tags.push(this.key(k), this.value(v));
  }

  /** A property by its key's and value's indices (callers that look both up once per tile). */
  tagIndices(key: number, value: number): void {
    this.tags.push(key, value);
  }

  /** A value no other feature shares (an id): not looked up in the layer's value table. */
  propUnique(k: string, v: string): void {
    this.tags.push(this.key(k), this.values.length);
    this.values.push(v);
  }

  /** A point (tile units, integers). */
  point(x: number, y: number): void {
    this.geom.push(command(MOVE_TO, 1), zigzag(x - this.cx), zigzag(y - this.cy));
    this.cx = x;
    this.cy = y;
  }

  /** One part of a line: `n` integer vertices at xy[2i], xy[2i+1] (n ≥ 2, no two consecutive equal). */
  linePart(xy: ArrayLike<number>, n: number): void {
    this.geom.push(command(MOVE_TO, 1), zigzag(xy[0] - this.cx), zigzag(xy[1] - this.cy));
    this.geom.push(command(LINE_TO, n - 1));
    for (let i = 1; i < n; i++) this.geom.push(zigzag(xy[2 * i] - xy[2 * i - 2]), zigzag(xy[2 * i + 1] - xy[2 * i - 1]));
    this.cx = xy[2 * n - 2];
    this.cy = xy[2 * n - 1];
  }

  /** Writes the feature begun last; nothing when it got no geometry. `id` is the spec's unsigned feature id. */
  end(type: number, id: number): boolean {
    if (this.geom.length === 0) return false;
    const f = this.features;
    let len = 1 + varintSize(id) + 2;
    const tagsLen = sumSizes(this.tags);
    const geomLen = sumSizes(this.geom);
    if (this.tags.length) len += 1 + varintSize(tagsLen) + tagsLen;
    len += 1 + varintSize(geomLen) + geomLen;
    f.tag(2, 2); // Layer.features
    f.varint(len);
    f.tag(1, 0);
    f.varint(id);
    f.packed(2, this.tags);
    f.tag(3, 0);
    f.varint(type);
    f.packed(4, this.geom);
    this.count++;
    return true;
  }

  /** Writes the layer as field 3 of a tile: its length first, so nothing is copied twice. */
  writeTo(o: Out): void {
    const nameLen = byteLength(this.name);
    const keyLens = this.keys.map(byteLength);
    const valueLens = this.values.map((v) => (typeof v === 'string' ? byteLength(v) : 0));
    const valueSize = (v: TileValue, i: number) =>
      typeof v === 'string' ? 1 + varintSize(valueLens[i]) + valueLens[i]
        : typeof v === 'boolean' ? 2
        : Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER ? 1 + varintSize(v)
        : Number.isInteger(v) && v < 0 && v >= -Number.MAX_SAFE_INTEGER / 2 ? 1 + varintSize(zigzag(v))
        : 9;
    let len = 2 + 1 + varintSize(nameLen) + nameLen + this.features.pos + 1 + varintSize(this.extent);
    for (const n of keyLens) len += 1 + varintSize(n) + n;
    for (let i = 0; i < this.values.length; i++) {
      const n = valueSize(this.values[i], i);
      len += 1 + varintSize(n) + n;
    }
    o.tag(3, 2); // Tile.layers
    o.varint(len);
    o.tag(15, 0);
    o.varint(2); // version
    o.tag(1, 2);
    o.string(this.name, nameLen);
    o.raw(this.features.buf.subarray(0, this.features.pos));
    for (let i = 0; i < this.keys.length; i++) {
      o.tag(3, 2);
      o.string(this.keys[i], keyLens[i]);
    }
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      o.tag(4, 2);
      o.varint(valueSize(v, i));
      if (typeof v === 'string') {
        o.tag(1, 2);
        o.string(v, valueLens[i]);
      } else if (typeof v === 'boolean') {
        o.tag(7, 0);
        o.varint(v ? 1 : 0);
      } else if (Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
        o.tag(5, 0); // uint_value
        o.varint(v);
      } else if (Number.isInteger(v) && v < 0 && v >= -Number.MAX_SAFE_INTEGER / 2) {
        o.tag(6, 0); // sint_value
        o.varint(zigzag(v));
      } else {
        o.tag(3, 1); // double_value
        o.double(v);
      }
    }
    o.tag(5, 0);
    o.varint(this.extent);
  }
}

/** UTF-8 length of a string; ids and codes are ASCII, so that is checked first. */
function byteLength(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return utf8.encode(s).length;
  return s.length;
}

function sumSizes(a: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += varintSize(a[i]);
  return s;
}

/** A tile of the layers that have features (a layer without any is left out, as the spec allows). */
export function encodeTile(layers: LayerWriter[]): Uint8Array {
  const o = new Out();
  for (const l of layers) if (l.count > 0) l.writeTo(o);
  return o.done();
}
