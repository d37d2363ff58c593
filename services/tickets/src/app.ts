import 'reflect-metadata';
import { connectAndMigrate, createDataSource, createKafkaBus, createLogger, CreateOutboxAndInbox1764000000000, startSubgraph, systemClock } from '@mainline/common';
import type { TicketsConfig } from './config';
import { WorkOrderEntity } from './entities/work-order.entity';
import { WorkOrders1764000000200 } from './migrations/1764000000200-work-orders';
import { WorkOrderRepository } from './repositories/work-order.repository';
import { WorkOrderService } from './services/work-order.service';
import type { TicketsServices } from './services';
import { schemaOptions } from './schema';

export const entities = [WorkOrderEntity];
export const migrations = [CreateOutboxAndInbox1764000000000, WorkOrders1764000000200];

export async function startTicketsService(cfg: TicketsConfig) {
  const log = createLogger('tickets', cfg.LOG_LEVEL);
  const ds = createDataSource({ url: cfg.DATABASE_URL, entities, migrations, poolSize: cfg.DB_POOL_SIZE, log });
  await connectAndMigrate(ds, log);
  const bus = createKafkaBus({ brokers: cfg.KAFKA_BROKERS, clientId: 'mainline-tickets', log });
  const services: TicketsServices = { workOrders: new WorkOrderService(ds, new WorkOrderRepository(ds), systemClock) };
  return startSubgraph({
    ...schemaOptions, name: 'tickets', port: cfg.PORT, internalSecret: cfg.INTERNAL_JWT_SECRET, bodyLimit: cfg.BODY_LIMIT,
    shutdownGraceMs: cfg.SHUTDOWN_GRACE_MS, log, ds, bus, services,
  });
}
