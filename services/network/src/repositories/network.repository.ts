import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager, In } from 'typeorm';
import type { NetworkModel, PopulationArea } from '../domain/model';
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
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch]) : s;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** Rows per COPY statement. */
const COPY_ROWS = 100_000;
/** Characters per write to the COPY stream. */
const COPY_BATCH_CHARS = 1 << 20;

const json = (v: unknown) => JSON.stringify(v);

/** All persistence of networks and their elements (docs/conventions.md: I/O behind repositories). */
export class NetworkRepository {
  constructor(private readonly ds: DataSource) {}

  /** Writes a whole model in the caller's transaction. */
  async insertModel(tx: EntityManager, meta: Omit<NetworkEntity, 'id' | 'createdAt' | 'version'>, model: NetworkModel): Promise<NetworkEntity> {
    const net = await tx.getRepository(NetworkEntity).save(tx.getRepository(NetworkEntity).create({ ...meta, version: 1 }));
    const nid = net.id;
    await insertColumns(tx, 'network_node',
      [['network_id', 'uuid'], ['id', 'text'], ['kind', 'text'], ['lon', 'float8'], ['lat', 'float8'], ['elevation_m', 'float8'], ['demands', 'jsonb'], ['area', 'text']],
      model.nodes.map((n) => [nid, n.id, n.kind, n.coord?.[0] ?? null, n.coord?.[1] ?? null, n.elevationM ?? null, json(n.demands), n.area ?? null]));
    await insertColumns(tx, 'network_link',
      [['network_id', 'uuid'], ['id', 'text'], ['kind', 'text'], ['from_node', 'text'], ['to_node', 'text'], ['length_m', 'float8'], ['diameter_mm', 'float8'],
        ['material', 'text'], ['roughness', 'float8'], ['status', 'text'], ['vertices', 'jsonb'], ['area', 'text']],
      model.links.map((l) => [nid, l.id, l.kind, l.from, l.to, l.lengthM ?? null, l.diameterMm ?? null, l.material ?? null, l.roughness ?? null, l.status ?? null,
        json(l.vertices), l.area ?? null]));
    await insertColumns(tx, 'valve',
      [['network_id', 'uuid'], ['id', 'text'], ['link_id', 'text'], ['node_id', 'text'], ['state', 'text'], ['operable', 'bool'], ['diameter_mm', 'float8'], ['lon', 'float8'], ['lat', 'float8']],
      model.valves.map((v) => [nid, v.id, v.linkId, v.nodeId, v.state, v.operable, v.diameterMm ?? null, v.coord?.[0] ?? null, v.coord?.[1] ?? null]));
    await insertColumns(tx, 'service_point',
      [['network_id', 'uuid'], ['id', 'text'], ['node_id', 'text'], ['lon', 'float8'], ['lat', 'float8'], ['address', 'text'], ['households', 'int4'], ['persons', 'int4'],
        ['important', 'text'], ['name', 'text'], ['phone', 'text'], ['area', 'text']],
      model.servicePoints.map((sp) => [nid, sp.id, sp.nodeId, sp.coord?.[0] ?? null, sp.coord?.[1] ?? null, sp.address ?? null, sp.households ?? null,
        Math.round(sp.persons), sp.important ?? null, sp.name ?? null, sp.phone ?? null, sp.area ?? null]));
    await insertColumns(tx, 'population_area',
      [['network_id', 'uuid'], ['id', 'text'], ['name', 'text'], ['population', 'int4'], ['geometry', 'jsonb']],
      model.populationAreas.map((a) => [nid, a.id, a.name ?? null, a.population, json(a.geometry)]));
    return net;
  }

  /** Changes a valve's normal state / operability and bumps the network version (caches key on it). */
  async updateValve(networkId: string, valveId: string, patch: { state?: 'OPEN' | 'CLOSED'; operable?: boolean }): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      const rows: unknown[] = await tx.query(
        `UPDATE valve SET state = COALESCE($3, state), operable = COALESCE($4, operable) WHERE network_id = $1 AND id = $2 RETURNING id`,
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
           NULLIF(vertices, '[]'::jsonb) AS vertices, area FROM network_link WHERE network_id = $1`,
        (r) => sink.links(r));
      await scan<ValveRecord>(
        `SELECT id, link_id AS "linkId", node_id AS "nodeId", state, operable, diameter_mm AS "diameterMm", lon, lat FROM valve WHERE network_id = $1`,
        (r) => sink.valves(r));
      await scan<ServicePointRecord>(
        `SELECT id, node_id AS "nodeId", lon, lat, address, persons, important, name, phone, area FROM service_point WHERE network_id = $1`,
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
   * The stored snapshot of this version and format as one fresh 8-byte-aligned buffer, or null. Chunks
   * are read one by one straight into the result, so the peak is the snapshot plus one chunk.
   */
  async loadSnapshot(networkId: string, version: number, format: number): Promise<Uint8Array | null> {
    const chunks: Array<{ chunk: number; bytes: number }> = await this.ds.query(
      `SELECT chunk, octet_length(data) AS bytes FROM network_snapshot WHERE network_id = $1 AND version = $2 AND format = $3 ORDER BY chunk`,
      [networkId, version, format]);
    if (chunks.length === 0 || chunks.some((r, i) => Number(r.chunk) !== i)) return null;
    const out = new Uint8Array(chunks.reduce((s, r) => s + Number(r.bytes), 0));
    let at = 0;
    for (let i = 0; i < chunks.length; i++) {
      const [row]: Array<{ data: Buffer }> = await this.ds.query(
        `SELECT data FROM network_snapshot WHERE network_id = $1 AND version = $2 AND format = $3 AND chunk = $4`, [networkId, version, format, i]);
      if (!row || row.data.byteLength !== Number(chunks[i].bytes)) return null;
      out.set(row.data, at);
      at += row.data.byteLength;
    }
    return out;
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
}
