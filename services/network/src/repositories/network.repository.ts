import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource, EntityManager, In } from 'typeorm';
import { preparedQuery } from '@mainline/common';
import { DEFAULT_CUSTOMER_TYPE, type NetworkModel, type PopulationArea } from '../domain/model';
import type { LinkRecord, NetworkRecordSink, NodeRecord, ServicePointRecord, ValveRecord } from '../domain/analysis/engine';
import { LinkEntity, NodeEntity, ServicePointEntity, ValveEntity } from '../entities/network-element.entity';
import { NetworkEntity } from '../entities/network.entity';

/** A WGS84 viewport. */
export interface Box {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Bytes per stored snapshot chunk (one bytea value each; far below PostgreSQL's 1 GB value limit). */
const SNAPSHOT_CHUNK_BYTES = 32 * 1024 * 1024;
/** Rows per FETCH when streaming a network into memory. */
const SCAN_BATCH = 20000;

type Col = [name: string, pgType: string];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An element's federation key: its network and its id from the source data. */
export interface ElementKey {
  networkId: string;
  id: string;
}

/**
 * Bulk insert with PostgreSQL `COPY … FROM STDIN` (text format) on the transaction's own connection:
 * rows are streamed as tab-separated lines, no SQL text carries a value (nothing to inject), and a
 * 1M-pipe network stores in seconds.
 */
async function insertColumns(tx: EntityManager, table: string, cols: Col[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const client = (await tx.queryRunner!.connect()) as { query<T>(q: T): T };
  const sql = `COPY ${table} (${cols.map(([n]) => n).join(', ')}) FROM STDIN`;
  const types = cols.map(([, t]) => t);
  async function* lines(from: number, to: number): AsyncGenerator<string> {
    let buf = '';
    for (let i = from; i < to; i++) {
      const r = rows[i];
      for (let c = 0; c < r.length; c++) {
        if (c) buf += '\t';
        buf += copyText(r[c], types[c]);
      }
      buf += '\n';
      if (buf.length > COPY_BATCH_CHARS) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  // One COPY per slice keeps each statement inside the statement timeout on a slow day.
  for (let i = 0; i < rows.length; i += COPY_ROWS) await pipeline(Readable.from(lines(i, Math.min(rows.length, i + COPY_ROWS))), client.query(copyFrom(sql)));
}

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
function copyText(v: unknown, type: string): string {
  if (v === null || v === undefined) return '\\N';
  if (type === 'bool') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  // A text[] as an array literal of quoted elements, then escaped for COPY like any text.
  const s = type === 'text[]' ? `{${(v as string[]).map((e) => `"${e.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}` : String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch]) : s;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** Rows per COPY statement. */
const COPY_ROWS = 100_000;
/** Characters per write to the COPY stream. */
const COPY_BATCH_CHARS = 1 << 20;

/**
 * Reads COPY's binary format for rows of one bytea column and writes the values one after another into
 * `out` (signature, flags, header extension; per row: field count, length, bytes; trailer -1).
 */
class BinaryCopyReader {
  private pending = Buffer.alloc(0);
  private headerDone = false;
  private at = 0;
  private field = -1;
  private done = false;

  constructor(private readonly out: Uint8Array) {}

  sink(): Writable {
    return new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        try {
          this.push(chunk);
          cb();
        } catch (e) {
          cb(e as Error);
        }
      },
    });
  }

  /** Bytes written, or -1 when the stream did not end with the trailer. */
  finished(): number {
    return this.done ? this.at : -1;
  }

  private push(chunk: Buffer): void {
    let buf = chunk;
    let i = 0;
    // A field's bytes go straight to the output, however the stream is cut.
    for (;;) {
      if (this.field > 0) {
        const n = Math.min(this.field, buf.length - i);
        if (this.at + n > this.out.byteLength) throw new Error('snapshot: more bytes than stored');
        this.out.set(buf.subarray(i, i + n), this.at);
        this.at += n;
        this.field -= n;
        i += n;
        if (this.field > 0) return;
        this.field = -1;
      }
      if (this.pending.length) {
        buf = Buffer.concat([this.pending, buf.subarray(i)]);
        this.pending = Buffer.alloc(0);
        i = 0;
      }
      // A row header is 6 bytes, the trailer 2 (-1), the file header 19 plus its extension.
      const need = !this.headerDone ? 19 : buf.length - i >= 2 && buf.readInt16BE(i) === -1 ? 2 : 6;
      if (buf.length - i < need) {
        this.pending = Buffer.from(buf.subarray(i));
        return;
      }
      if (!this.headerDone) {
        const ext = buf.readUInt32BE(i + 15);
        if (buf.length - i < 19 + ext) {
          this.pending = Buffer.from(buf.subarray(i));
          return;
        }
        i += 19 + ext;
        this.headerDone = true;
        continue;
      }
      const fields = buf.readInt16BE(i);
      if (fields === -1) {
        this.done = true;
        return;
      }
      if (fields !== 1) throw new Error('snapshot: unexpected COPY row');
      this.field = buf.readInt32BE(i + 2);
      if (this.field < 0) throw new Error('snapshot: null chunk');
      i += 6;
      if (this.field === 0) this.field = -1;
    }
  }
}

const json = (v: unknown) => JSON.stringify(v);

/** All persistence of networks and their elements (docs/conventions.md: I/O behind repositories). */
export class NetworkRepository {
  constructor(private readonly ds: DataSource) {}

  /** Writes a whole model in the caller's transaction. */
  async insertModel(
    tx: EntityManager, meta: Omit<NetworkEntity, 'id' | 'createdAt' | 'version' | 'utility'> & Partial<Pick<NetworkEntity, 'utility'>>, model: NetworkModel,
  ): Promise<NetworkEntity> {
    const net = await tx.getRepository(NetworkEntity).save(tx.getRepository(NetworkEntity).create({ ...meta, version: 1 }));
    const nid = net.id;
    await insertColumns(tx, 'network_node',
      [['network_id', 'uuid'], ['id', 'text'], ['kind', 'text'], ['lon', 'float8'], ['lat', 'float8'], ['elevation_m', 'float8'], ['demands', 'jsonb'], ['area', 'text']],
      model.nodes.map((n) => [nid, n.id, n.kind, n.coord?.[0] ?? null, n.coord?.[1] ?? null, n.elevationM ?? null, json(n.demands), n.area ?? null]));
    await insertColumns(tx, 'network_link',
      [['network_id', 'uuid'], ['id', 'text'], ['kind', 'text'], ['from_node', 'text'], ['to_node', 'text'], ['length_m', 'float8'], ['diameter_mm', 'float8'],
        ['material', 'text'], ['roughness', 'float8'], ['status', 'text'], ['vertices', 'jsonb'], ['area', 'text'], ['circuit', 'text'], ['pressure_level', 'text']],
      model.links.map((l) => [nid, l.id, l.kind, l.from, l.to, l.lengthM ?? null, l.diameterMm ?? null, l.material ?? null, l.roughness ?? null, l.status ?? null,
        json(l.vertices), l.area ?? null, l.circuit ?? null, l.pressureLevel ?? null]));
    await insertColumns(tx, 'valve',
      [['network_id', 'uuid'], ['id', 'text'], ['link_id', 'text'], ['node_id', 'text'], ['state', 'text'], ['operable', 'bool'], ['diameter_mm', 'float8'], ['lon', 'float8'], ['lat', 'float8']],
      model.valves.map((v) => [nid, v.id, v.linkId, v.nodeId, v.state, v.operable, v.diameterMm ?? null, v.coord?.[0] ?? null, v.coord?.[1] ?? null]));
    await insertColumns(tx, 'service_point',
      [['network_id', 'uuid'], ['id', 'text'], ['node_id', 'text'], ['return_node_id', 'text'], ['lon', 'float8'], ['lat', 'float8'], ['address', 'text'], ['households', 'int4'], ['persons', 'int4'],
        ['important', 'text'], ['name', 'text'], ['phone', 'text'], ['area', 'text'], ['customer_type', 'text'], ['vulnerability', 'text[]'], ['last_inspected_on', 'date']],
      model.servicePoints.map((sp) => [nid, sp.id, sp.nodeId, sp.returnNodeId ?? null, sp.coord?.[0] ?? null, sp.coord?.[1] ?? null, sp.address ?? null, sp.households ?? null,
        Math.round(sp.persons), sp.important ?? null, sp.name ?? null, sp.phone ?? null, sp.area ?? null,
        sp.customerType ?? DEFAULT_CUSTOMER_TYPE, sp.vulnerability ?? [], sp.lastInspectedOn ?? null]));
    await insertColumns(tx, 'population_area',
      [['network_id', 'uuid'], ['id', 'text'], ['name', 'text'], ['population', 'int4'], ['geometry', 'jsonb']],
      model.populationAreas.map((a) => [nid, a.id, a.name ?? null, a.population, json(a.geometry)]));
    return net;
  }

  /** Changes a valve's normal state / operability and bumps the network version (caches key on it). */
  async updateValve(networkId: string, valveId: string, patch: { state?: 'OPEN' | 'CLOSED'; operable?: boolean }): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], which is never empty.
      const rows: unknown[] = await tx.query(
        `WITH u AS (UPDATE valve SET state = COALESCE($3, state), operable = COALESCE($4, operable) WHERE network_id = $1 AND id = $2 RETURNING id) SELECT id FROM u`,
        [networkId, valveId, patch.state ?? null, patch.operable ?? null],
      );
      if (rows.length === 0) return false;
      await tx.query(`UPDATE network SET version = version + 1 WHERE id = $1`, [networkId]);
      return true;
    });
  }

  get(id: string): Promise<NetworkEntity | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(null);
    return this.ds.getRepository(NetworkEntity).findOneBy({ id });
  }

  /** Several networks in one statement (ids that are not UUIDs name none). */
  getMany(ids: readonly string[]): Promise<NetworkEntity[]> {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    if (valid.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(NetworkEntity).findBy({ id: In(valid) });
  }

  /** The network's current version (null: no such network): one prepared index lookup, no entity built. */
  async version(id: string): Promise<number | null> {
    if (!UUID.test(id)) return null;
    const [row] = await preparedQuery<{ version: number }>(this.ds, `SELECT version FROM network WHERE id = $1`, [id]);
    return row ? row.version : null;
  }

  getByName(name: string): Promise<NetworkEntity | null> {
    return this.ds.getRepository(NetworkEntity).findOneBy({ name });
  }

  list(): Promise<NetworkEntity[]> {
    return this.ds.getRepository(NetworkEntity).find({ order: { createdAt: 'DESC' } });
  }

  /**
   * Streams a stored network to `sink` table by table (nodes, links, valves, service points, areas),
   * `batch` rows at a time through server-side cursors, so the caller can pack rows into typed arrays
   * without ever holding a million row objects. One read-only snapshot for all tables. Rows come in
   * the same order as the plain `SELECT … WHERE network_id = $1` (cursor_tuple_fraction = 1 keeps the
   * planner on the plan of a full read, as plain full-table queries).
   */
  async scanModel(net: NetworkEntity, sink: NetworkRecordSink, batch = SCAN_BATCH): Promise<void> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction('REPEATABLE READ');
      await qr.query('SET TRANSACTION READ ONLY');
      await qr.query('SET LOCAL cursor_tuple_fraction = 1');
      const scan = async <T>(sql: string, onRows: (rows: T[]) => void) => {
        await qr.query(`DECLARE element_scan NO SCROLL CURSOR FOR ${sql}`, [net.id]);
        const fetch = (): Promise<T[]> => qr.query(`FETCH FORWARD ${batch} FROM element_scan`);
        // The next batch is on its way while this one is packed.
        const start = () => {
          const p = fetch();
          p.catch(() => undefined); // awaited below; a failure while a batch is being packed must not go unhandled
          return p;
        };
        let next = start();
        for (;;) {
          const rows = await next;
          const more = rows.length === batch;
          if (more) next = start();
          if (rows.length) onRows(rows);
          if (!more) break;
        }
        await qr.query('CLOSE element_scan');
      };
      await scan<NodeRecord>(`SELECT id, kind, lon, lat, NULLIF(demands, '[]'::jsonb) AS demands, area FROM network_node WHERE network_id = $1`, (r) => sink.nodes(r));
      await scan<LinkRecord>(
        `SELECT id, kind, from_node AS "from", to_node AS "to", length_m AS "lengthM", diameter_mm AS "diameterMm", material, status,
           NULLIF(vertices, '[]'::jsonb) AS vertices, area, circuit, pressure_level AS "pressureLevel" FROM network_link WHERE network_id = $1`,
        (r) => sink.links(r));
      await scan<ValveRecord>(
        `SELECT id, link_id AS "linkId", node_id AS "nodeId", state, operable, diameter_mm AS "diameterMm", lon, lat FROM valve WHERE network_id = $1`,
        (r) => sink.valves(r));
      await scan<ServicePointRecord>(
        `SELECT id, node_id AS "nodeId", return_node_id AS "returnNodeId", lon, lat, address, persons, important, name, phone, area FROM service_point WHERE network_id = $1`,
        (r) => sink.servicePoints(r));
      await scan<PopulationArea>(`SELECT id, name, population, geometry FROM population_area WHERE network_id = $1`, (r) => sink.populationAreas(r));
      await qr.commitTransaction();
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }

  /**
   * Stores the binary snapshot of a network version (byte ranges written in order, cut into chunks) and
   * drops every other version's: only the current one is ever read. False when the network has moved on.
   */
  async saveSnapshot(networkId: string, version: number, format: number, parts: Uint8Array[]): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      const [cur]: Array<{ version: number }> = await tx.query(`SELECT version FROM network WHERE id = $1`, [networkId]);
      if (!cur || cur.version !== version) return false;
      await tx.query(`DELETE FROM network_snapshot WHERE network_id = $1`, [networkId]);
      let chunk = 0;
      let buf = Buffer.allocUnsafe(SNAPSHOT_CHUNK_BYTES);
      let used = 0;
      const flush = async () => {
        await tx.query(`INSERT INTO network_snapshot (network_id, version, format, chunk, data) VALUES ($1, $2, $3, $4, $5)`,
          [networkId, version, format, chunk++, buf.subarray(0, used)]);
        buf = Buffer.allocUnsafe(SNAPSHOT_CHUNK_BYTES);
        used = 0;
      };
      for (const p of parts) {
        for (let at = 0; at < p.byteLength;) {
          const n = Math.min(p.byteLength - at, SNAPSHOT_CHUNK_BYTES - used);
          buf.set(p.subarray(at, at + n), used);
          used += n;
          at += n;
          if (used === SNAPSHOT_CHUNK_BYTES) await flush();
        }
      }
      if (used > 0 || chunk === 0) await flush();
      return true;
    });
  }

  /**
   * The stored snapshot of this version and format as one fresh 8-byte-aligned buffer, or null. Read
   * with `COPY … TO STDOUT (FORMAT binary)`: raw bytes straight into the result, no hex text (which
   * doubled the bytes and cost a string decode). COPY takes no bind parameters, so the key travels as
   * transaction-local settings set with parameters; no value is ever part of the SQL text.
   */
  async loadSnapshot(networkId: string, version: number, format: number): Promise<Uint8Array | null> {
    const qr = this.ds.createQueryRunner();
    const client = (await qr.connect()) as { query<T>(q: T): T };
    try {
      await qr.startTransaction('REPEATABLE READ');
      await qr.query(`SELECT set_config('mainline.snapshot_network', $1, true), set_config('mainline.snapshot_version', $2, true),
        set_config('mainline.snapshot_format', $3, true)`, [networkId, String(version), String(format)]);
      const key = `network_id = current_setting('mainline.snapshot_network')::uuid AND version = current_setting('mainline.snapshot_version')::int
        AND format = current_setting('mainline.snapshot_format')::int`;
      const chunks: Array<{ chunk: number; bytes: number }> = await qr.query(`SELECT chunk, octet_length(data) AS bytes FROM network_snapshot WHERE ${key} ORDER BY chunk`);
      if (chunks.length === 0 || chunks.some((r, i) => Number(r.chunk) !== i)) return null;
      const out = new Uint8Array(chunks.reduce((s, r) => s + Number(r.bytes), 0));
      const parser = new BinaryCopyReader(out);
      await pipeline(client.query(copyTo(`COPY (SELECT data FROM network_snapshot WHERE ${key} ORDER BY chunk) TO STDOUT (FORMAT binary)`)), parser.sink());
      return parser.finished() === out.byteLength ? out : null;
    } finally {
      if (qr.isTransactionActive) await qr.commitTransaction().catch(() => undefined);
      await qr.release();
    }
  }

  findLinks(networkId: string, ids: string[]): Promise<LinkEntity[]> {
    return this.ds.getRepository(LinkEntity).findBy({ networkId, id: In(ids) });
  }
  findNodes(networkId: string, ids: string[]): Promise<NodeEntity[]> {
    return this.ds.getRepository(NodeEntity).findBy({ networkId, id: In(ids) });
  }
  findValves(networkId: string, ids: string[]): Promise<ValveEntity[]> {
    return this.ds.getRepository(ValveEntity).findBy({ networkId, id: In(ids) });
  }
  /** Valves inside a map viewport (index on network, lon, lat). */
  valvesInBox(networkId: string, b: Box, limit: number): Promise<ValveEntity[]> {
    return this.inBox(ValveEntity, networkId, b, limit);
  }

  /** Service points inside a map viewport (index on network, lon, lat). */
  servicePointsInBox(networkId: string, b: Box, limit: number): Promise<ServicePointEntity[]> {
    return this.inBox(ServicePointEntity, networkId, b, limit);
  }

  private inBox<T extends ValveEntity | ServicePointEntity>(entity: new () => T, networkId: string, b: Box, limit: number): Promise<T[]> {
    return this.ds
      .getRepository(entity)
      .createQueryBuilder('e')
      .where('e.networkId = :networkId', { networkId })
      .andWhere('e.lon BETWEEN :minLon AND :maxLon AND e.lat BETWEEN :minLat AND :maxLat', b)
      .orderBy('e.id')
      .limit(limit)
      .getMany();
  }

  findServicePoints(networkId: string, ids: string[]): Promise<ServicePointEntity[]> {
    return this.ds.getRepository(ServicePointEntity).findBy({ networkId, id: In(ids) });
  }

  /**
   * Elements of any networks by their federation keys, in one statement whatever their number (a page of
   * work orders' assets arrives as one `_entities` call). Keys whose network id is not a UUID name none.
   */
  findByKeys<T extends NodeEntity | LinkEntity | ValveEntity | ServicePointEntity>(entity: new () => T, keys: readonly ElementKey[]): Promise<T[]> {
    const valid = keys.filter((k) => UUID.test(k.networkId));
    if (valid.length === 0) return Promise.resolve([]);
    return this.ds
      .getRepository(entity)
      .createQueryBuilder('e')
      .where('(e.networkId, e.id) IN (SELECT * FROM unnest(CAST(:nets AS uuid[]), CAST(:ids AS text[])))', {
        nets: valid.map((k) => k.networkId),
        ids: valid.map((k) => k.id),
      })
      .getMany();
  }

  /** Up to `limit` service points after `afterId` in id order (keyset over the primary key). */
  servicePointsPage(networkId: string, afterId: string | null, limit: number): Promise<ServicePointEntity[]> {
    const q = this.ds.getRepository(ServicePointEntity).createQueryBuilder('e').where('e.networkId = :networkId', { networkId });
    if (afterId !== null) q.andWhere('e.id > :afterId', { afterId });
    return q.orderBy('e.id').limit(limit).getMany();
  }
}
