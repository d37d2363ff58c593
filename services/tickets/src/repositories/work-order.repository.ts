import type { DataSource, EntityManager } from 'typeorm';
import { WorkOrderEntity } from '../entities/work-order.entity';

export class WorkOrderRepository {
  constructor(private readonly ds: DataSource) {}

  /** WO-<year>-<6 digits> from a database sequence: unique across replicas. */
  async nextNumber(tx: EntityManager, year: number): Promise<string> {
    const [{ n }] = await tx.query(`SELECT nextval('work_order_number_seq') AS n`);
    return `WO-${year}-${String(n).padStart(6, '0')}`;
  }

  insert(tx: EntityManager, row: Partial<WorkOrderEntity>): Promise<WorkOrderEntity> {
    const repo = tx.getRepository(WorkOrderEntity);
    return repo.save(repo.create(row));
  }

  get(id: string): Promise<WorkOrderEntity | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(null);
    return this.ds.getRepository(WorkOrderEntity).findOneBy({ id });
  }

  list(filter: { department?: string }, limit: number): Promise<WorkOrderEntity[]> {
    return this.ds.getRepository(WorkOrderEntity).find({ where: filter.department ? { department: filter.department } : {}, order: { createdAt: 'DESC' }, take: limit });
  }
}
