import type { DataSource } from 'typeorm';
import { NoticeEntity } from '../entities/notice.entity';

export class NoticeRepository {
  constructor(private readonly ds: DataSource) {}

  forOutage(outageId: string): Promise<NoticeEntity[]> {
    return this.ds.getRepository(NoticeEntity).find({ where: { outageId }, order: { sendAt: 'ASC', id: 'ASC' } });
  }
}
