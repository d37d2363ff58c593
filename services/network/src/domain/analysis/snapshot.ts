// One network version as a binary snapshot: the compiled graph, the engine's columns, the segments and
// the supply tree, so a city-sized network starts from one read instead of re-reading and re-packing every
// row. Layout: magic, header length, a JSON header naming every field, then each typed array's bytes
// 8-byte aligned; decoding makes views onto the one buffer (no copies).
import type { PopulationArea } from '../model';
import type { CompiledNetwork } from './compile';
import { Dictionary, IdTable, StringPool, type StringPoolParts } from './columns';
import { NetworkEngine, type EngineColumns } from './engine';
import type { Segments } from './segments';
import type { SupplyTree } from './supply-tree';

/** Bumped whenever a snapshotted structure changes shape: older snapshots are then rebuilt from rows. */
export const SNAPSHOT_FORMAT = 2;
const MAGIC = 'MLNETSNP';
const PREFIX = 16;

type Arr = Int32Array | Uint8Array | Float64Array;
const CTORS = { i32: Int32Array, u8: Uint8Array, f64: Float64Array } as const;
type ArrType = keyof typeof CTORS;
interface ArrSpec { type: ArrType; offset: number; length: number }
type Field =
  | { t: 'num'; v: number }
  | { t: 'arr'; a: ArrSpec }
  | { t: 'pool'; ids: boolean; wide: boolean; bytes: ArrSpec; offsets: ArrSpec; nulls: ArrSpec | null; slots: ArrSpec | null }
  | { t: 'dict'; values: string[] }
  | { t: 'areas'; v: PopulationArea[] };
type Group = Record<string, Field>;

export interface SnapshotHeader {
  format: number;
  networkId: string;
  version: number;
  litersPerPersonPerDay: number;
  groups: { compiled: Group; columns: Group; segments: Group; tree: Group };
}

const align8 = (n: number) => (n + 7) & ~7;

/** The engine as byte ranges to write in order (the arrays are views, not copies), and their total length. */
export function encodeEngine(engine: NetworkEngine): { parts: Uint8Array[]; bytes: number } {
  const body: Uint8Array[] = [];
  let at = 0;
  const put = (a: Arr): ArrSpec => {
    const type: ArrType = a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : 'u8';
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const spec = { type, offset: at, length: a.length };
    body.push(bytes);
    at += bytes.byteLength;
    const pad = align8(at) - at;
    if (pad) {
      body.push(new Uint8Array(pad));
      at += pad;
    }
    return spec;
  };
  const group = (obj: object): Group => {
    const g: Group = {};
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'number') g[k] = { t: 'num', v };
      else if (v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array) g[k] = { t: 'arr', a: put(v) };
      else if (v instanceof StringPool) {
        const p = v.parts();
        g[k] = {
          t: 'pool', ids: v instanceof IdTable, wide: p.wide, bytes: put(p.bytes), offsets: put(p.offsets),
          nulls: p.nulls ? put(p.nulls) : null, slots: v instanceof IdTable ? put(v.slotArray()) : null,
        };
      } else if (v instanceof Dictionary) g[k] = { t: 'dict', values: v.values.slice() };
      else if (k === 'populationAreas') g[k] = { t: 'areas', v: v as PopulationArea[] };
      else throw new Error(`snapshot: cannot store field ${k}`);
    }
    return g;
  };
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    networkId: engine.networkId,
    version: engine.version,
    litersPerPersonPerDay: engine.litersPerPersonPerDay,
    groups: {
      compiled: group(engine.compiled),
      columns: group(engine.columns()),
      segments: group(engine.analyzer.segments),
      tree: group(engine.analyzer.tree),
    },
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(align8(PREFIX + json.length));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 8);
  json.copy(head, PREFIX);
  return { parts: [head, ...body], bytes: head.length + at };
}

/** The header alone (to check network, version and format before decoding), or null when it is not a snapshot. */
export function readSnapshotHeader(buf: Uint8Array): SnapshotHeader | null {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < PREFIX || b.toString('latin1', 0, 8) !== MAGIC) return null;
  const n = b.readUInt32LE(8);
  if (PREFIX + n > b.length) return null;
  const h = JSON.parse(b.toString('utf8', PREFIX, PREFIX + n)) as SnapshotHeader;
  return h.format === SNAPSHOT_FORMAT ? h : null;
}

/** Rebuilds the engine from a snapshot; `buf` must start on an 8-byte boundary (its arrays become views onto it). */
export function decodeEngine(buf: Uint8Array): NetworkEngine {
  const header = readSnapshotHeader(buf);
  if (!header) throw new Error('snapshot: not a network snapshot of this format');
  if (buf.byteOffset % 8 !== 0) throw new Error('snapshot: buffer is not 8-byte aligned');
  const data = buf.byteOffset + align8(PREFIX + Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).readUInt32LE(8));
  const view = (a: ArrSpec): Arr => {
    const C = CTORS[a.type];
    const end = data + a.offset + a.length * C.BYTES_PER_ELEMENT;
    if (end > buf.byteOffset + buf.byteLength) throw new Error('snapshot: truncated');
    return new C(buf.buffer as ArrayBuffer, data + a.offset, a.length);
  };
  const group = (g: Group): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(g)) {
      if (f.t === 'num') out[k] = f.v;
      else if (f.t === 'arr') out[k] = view(f.a);
      else if (f.t === 'pool') {
        const parts: StringPoolParts = {
          bytes: view(f.bytes) as Uint8Array, offsets: view(f.offsets) as Int32Array, nulls: f.nulls ? (view(f.nulls) as Uint8Array) : null, wide: f.wide,
        };
        out[k] = f.ids ? IdTable.fromTableParts(parts, view(f.slots!) as Int32Array) : StringPool.fromParts(parts);
      } else if (f.t === 'dict') {
        const d = new Dictionary();
        for (const v of f.values) d.code(v);
        out[k] = d;
      } else out[k] = f.v;
    }
    return out;
  };
  const g = header.groups;
  return new NetworkEngine(
    header.networkId, header.version, header.litersPerPersonPerDay,
    group(g.compiled) as unknown as CompiledNetwork,
    group(g.columns) as unknown as EngineColumns,
    { segments: group(g.segments) as unknown as Segments, tree: group(g.tree) as unknown as SupplyTree },
  );
}

/** Byte ranges (e.g. stored chunks) joined into one fresh, 8-byte-aligned buffer for decodeEngine. */
export function joinSnapshot(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
