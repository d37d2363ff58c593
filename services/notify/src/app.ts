import 'reflect-metadata';
import { connectAndMigrate, createDataSource, createKafkaBus, createLogger, CreateOutboxAndInbox1764000000000, startSubgraph } from '@mainline/common';
import type { NotifyServiceConfig } from './config';
import { NoticeEntity } from './entities/notice.entity';
import { Notices1764000000300 } from './migrations/1764000000300-notices';
import { NoticeRepository } from './repositories/notice.repository';
import { NoticeService } from './services/notice.service';
import type { NotifyServices } from './services';
import { schemaOptions } from './schema';

export const entities = [NoticeEntity];
export const migrations = [CreateOutboxAndInbox1764000000000, Notices1764000000300];

export async function startNotifyService(cfg: NotifyServiceConfig) {
  const log = createLogger('notify', cfg.LOG_LEVEL);
  const ds = createDataSource({ url: cfg.DATABASE_URL, entities, migrations, poolSize: cfg.DB_POOL_SIZE, log });
  await connectAndMigrate(ds, log);
  const bus = createKafkaBus({ brokers: cfg.KAFKA_BROKERS, clientId: 'mainline-notify', log });
  const services: NotifyServices = { notices: new NoticeService(new NoticeRepository(ds)) };
  return startSubgraph({
    ...schemaOptions, name: 'notify', port: cfg.PORT, internalSecret: cfg.INTERNAL_JWT_SECRET, bodyLimit: cfg.BODY_LIMIT,
    shutdownGraceMs: cfg.SHUTDOWN_GRACE_MS, log, ds, bus, services,
  });
}
