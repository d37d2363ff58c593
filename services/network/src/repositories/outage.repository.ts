import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutageEntity, OutageHistoryEntity, ValveOperationEntity, ValveStateEntity } from '../entities/outage.entity';
import type { AffectedServicePoint, KeysetCursor, UtilityKind } from '@mainline/common/domain';
import type { OutageStatus } from '../domain/outage/lifecycle';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (s: string): boolean => UUID.test(s);

export interface OutageListFilter {
  statuses?: OutageStatus[] | null;
  networkId?: string | null;
  utility?: UtilityKind | null;
}

/** All persistence of outages, their audit trail and valve holds (docs/conventions.md: I/O behind repositories). */
export class OutageRepository {
  constructor(private readonly ds: DataSource) {}

  transaction<T>(fn: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  /** Next number in `year`, taken in the caller's transaction (the row lock serialises numbering). */
  async nextNumber(tx: EntityManager, year: number): Promise<number> {
    const rows: Array<{ last: number }> = await tx.query(
      `INSERT INTO outage_counter (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = outage_counter.last + 1 RETURNING last`,
      [year],
    );
    return rows[0].last;
  }

  insert(tx: EntityManager, o: Omit<OutageEntity, 'id'>): Promise<OutageEntity> {
    const r = tx.getRepository(OutageEntity);
    return r.save(r.create(o));
  }

  save(tx: EntityManager, o: OutageEntity): Promise<OutageEntity> {
    return tx.getRepository(OutageEntity).save(o);
  }

  get(id: string): Promise<OutageEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.ds.getRepository(OutageEntity).findOneBy({ id });
  }

  /** Several outages in one statement (ids that are not UUIDs name none). */
  getMany(ids: readonly string[]): Promise<OutageEntity[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (valid.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(OutageEntity).findBy({ id: In(valid) });
  }

  /** Reads and row-locks the outage for the rest of the transaction. */
  lock(tx: EntityManager, id: string): Promise<OutageEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return tx.getRepository(OutageEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async refs(ids: string[], tx?: EntityManager): Promise<Array<{ id: string; number: string; status: string }>> {
    if (ids.length === 0) return [];
    return (tx ?? this.ds.manager).query(`SELECT id, number, status FROM outage WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(f: OutageListFilter, first: number, after: KeysetCursor | null): Promise<OutageEntity[]> {
    const q = this.ds.getRepository(OutageEntity).createQueryBuilder('o');
    if (f.statuses && f.statuses.length) q.andWhere('o.status IN (:...statuses)', { statuses: f.statuses });
    if (f.networkId) q.andWhere('o.networkId = :networkId', { networkId: f.networkId });
    if (f.utility) q.andWhere('o.utility = :utility', { utility: f.utility });
    if (after) q.andWhere('(o.createdAt, o.id) < (:afterAt, :afterId)', { afterAt: after.createdAt, afterId: after.id });
    return q.orderBy('o.createdAt', 'DESC').addOrderBy('o.id', 'DESC').limit(first).getMany();
  }

  /**
   * Every service point supplied by (or, on a two-line heat network, returning to) one of these nodes, each once,
   * in id order: the customers an outage cut off, with what a visit needs. Read in the caller's transaction.
   */
  async servicePointsAtNodes(tx: EntityManager, networkId: string, nodeIds: string[]): Promise<AffectedServicePoint[]> {
    if (nodeIds.length === 0) return [];
    const rows: Array<{ id: string; address: string | null; vulnerability: string[] }> = await tx.query(
      `SELECT id, address, vulnerability FROM service_point
        WHERE network_id = $1 AND (node_id = ANY($2::text[]) OR return_node_id = ANY($2::text[])) ORDER BY id`,
      [networkId, nodeIds],
    );
    return rows.map((r) => (r.vulnerability.length ? { id: r.id, address: r.address, vulnerability: r.vulnerability } : { id: r.id, address: r.address }));
  }

  addHistory(tx: EntityManager, h: Omit<OutageHistoryEntity, 'id'>): Promise<unknown> {
    return tx.getRepository(OutageHistoryEntity).insert(h as QueryDeepPartialEntity<OutageHistoryEntity>);
  }

  history(outageId: string): Promise<OutageHistoryEntity[]> {
    return this.ds.getRepository(OutageHistoryEntity).find({ where: { outageId }, order: { id: 'ASC' } });
  }

  /** The audit trails of several outages in one statement, each oldest first. */
  historyOf(outageIds: readonly string[]): Promise<OutageHistoryEntity[]> {
    const valid = [...new Set(outageIds.filter(isUuid))];
    if (valid.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(OutageHistoryEntity).find({ where: { outageId: In(valid) }, order: { id: 'ASC' } });
  }

  addValveOperation(tx: EntityManager | null, op: Omit<ValveOperationEntity, 'id'>): Promise<unknown> {
    return (tx ?? this.ds.manager).getRepository(ValveOperationEntity).insert(op);
  }

  valveOperations(outageId: string): Promise<ValveOperationEntity[]> {
    return this.ds.getRepository(ValveOperationEntity).find({ where: { outageId }, order: { id: 'ASC' } });
  }

  /** The valve operations of several outages in one statement, each oldest first. */
  valveOperationsOf(outageIds: readonly string[]): Promise<ValveOperationEntity[]> {
    const valid = [...new Set(outageIds.filter(isUuid))];
    if (valid.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(ValveOperationEntity).find({ where: { outageId: In(valid) }, order: { id: 'ASC' } });
  }

  /**
   * Row-locks the hold records of `valveIds` (creating missing ones), in valve-id order so that
   * concurrent operations on shared valves cannot deadlock.
   */
  async lockValveStates(tx: EntityManager, networkId: string, valveIds: string[], now: Date): Promise<ValveStateEntity[]> {
    if (valveIds.length === 0) return [];
    const ids = [...new Set(valveIds)].sort();
    await tx.query(
      `INSERT INTO valve_state (network_id, valve_id, closed_by_outages, updated_at)
       SELECT $1, v, '{}', $3 FROM unnest($2::text[]) AS v ON CONFLICT DO NOTHING`,
      [networkId, ids, now],
    );
    return tx
      .getRepository(ValveStateEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.networkId = :networkId AND s.valveId IN (:...ids)', { networkId, ids })
      .orderBy('s.valveId', 'ASC')
      .getMany();
  }

  saveValveState(tx: EntityManager, s: ValveStateEntity): Promise<ValveStateEntity> {
    return tx.getRepository(ValveStateEntity).save(s);
  }

  /** Hold records of valves of any networks in one statement. */
  valveStatesByKeys(keys: ReadonlyArray<{ networkId: string; valveId: string }>): Promise<ValveStateEntity[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.ds
      .getRepository(ValveStateEntity)
      .createQueryBuilder('s')
      .where('(s.networkId, s.valveId) IN (SELECT * FROM unnest(CAST(:nets AS uuid[]), CAST(:ids AS text[])))', {
        nets: keys.map((k) => k.networkId),
        ids: keys.map((k) => k.valveId),
      })
      .getMany();
  }
}
