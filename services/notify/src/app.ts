import 'reflect-metadata';
import {
  connectAndMigrate, createDataSource, createKafkaBus, createLogger, CreateOutboxAndInbox1764000000000, JobTicks1764000000020, OutboxCommitOrder1764000000010, createOutboxRelay, relayThreadFrom, type OutboxPublisher,
  PgTickLease, inputLimitsFrom, startSubgraph, systemClock,
  TOPICS, topicName, type Clock, type RunningSubgraph,
} from '@mainline/common';
import type { DataSource } from 'typeorm';
import { domainConfig, type NotifyServiceConfig } from './config';
import { subscribeOutageEvents } from './events/outage-events.consumer';
import { subscribeReceipts } from './events/receipts.consumer';
import { subscribeSettingsEvents } from './events/settings-events.consumer';
import { Notices1764000000300 } from './migrations/1764000000300-notices';
import { DropOutageState1764000000310 } from './migrations/1764000000310-drop-outage-state';
import { NoticeUtilityKinds1764000000400 } from './migrations/1764000000400-notice-utility-kinds';
import { HeatingSeasons1764000000410 } from './migrations/1764000000410-heating-seasons';
import { DropOutboxCeId1764000000420 } from './migrations/1764000000420-drop-outbox-ce-id';
import { NoticeRepository } from './repositories/notice.repository';
import { SettingsRepository } from './repositories/settings.repository';
import type { NotifyServices } from './services';
import { NoticePlanner } from './services/notice-planner.service';
import { NoticeScheduler } from './services/notice-scheduler';
import { NoticeService } from './services/notice.service';
import { ReceiptService } from './services/receipt.service';
import { SettingsService } from './services/settings.service';
import { schemaOptions } from './schema';

/** None: every query is raw SQL in NoticeRepository. */
export const entities: Function[] = [];
export const migrations = [
  CreateOutboxAndInbox1764000000000, OutboxCommitOrder1764000000010, JobTicks1764000000020, Notices1764000000300, DropOutageState1764000000310, NoticeUtilityKinds1764000000400, HeatingSeasons1764000000410, DropOutboxCeId1764000000420,
];

export interface NotifyApp extends RunningSubgraph {
  ds: DataSource;
  scheduler: NoticeScheduler;
  relay: OutboxPublisher;
}

export async function startNotifyService(cfg: NotifyServiceConfig, o: { clock?: Clock } = {}): Promise<NotifyApp> {
  const clock = o.clock ?? systemClock;
  const log = createLogger('notify', cfg.LOG_LEVEL);
  const notifyCfg = domainConfig(cfg);
  const topics = {
    outageEvents: topicName(cfg.KAFKA_TOPIC_PREFIX, TOPICS.outageEvents),
    notices: topicName(cfg.KAFKA_TOPIC_PREFIX, TOPICS.outageNotices),
    receipts: topicName(cfg.KAFKA_TOPIC_PREFIX, TOPICS.noticeReceipts),
    settings: topicName(cfg.KAFKA_TOPIC_PREFIX, TOPICS.settingsEvents),
  };
  const ds = createDataSource({ url: cfg.DATABASE_URL, entities, migrations, poolSize: cfg.DB_POOL_SIZE, log });
  await connectAndMigrate(ds, log);
  const bus = createKafkaBus({ brokers: cfg.KAFKA_BROKERS, clientId: 'mainline-notify', log });
  const repo = new NoticeRepository(ds);
  const settingsRepo = new SettingsRepository(ds);
  const relay = createOutboxRelay({
    ...relayThreadFrom(cfg, 'mainline-notify-relay'), ds, bus, log: log.child({ component: 'outbox' }),
    relay: {
      pollMs: cfg.OUTBOX_POLL_MS, batchSize: cfg.NOTIFY_RELAY_BATCH_SIZE, source: cfg.NOTIFY_EVENT_SOURCE,
      // A notice is PUBLISHED in the same transaction that records the broker's ack for its outbox row.
      onPublished: { topic: topics.notices, header: 'ce_id', sql: NoticeRepository.MARK_PUBLISHED_SQL },
    },
  });
  const planner = new NoticePlanner(ds, repo, settingsRepo, notifyCfg, topics.notices, relay, clock, log.child({ component: 'planner' }), {
    insertBatchSize: cfg.NOTIFY_COMPOSE_INSERT_BATCH,
  });
  const settings = new SettingsService(ds, settingsRepo, log.child({ component: 'settings' }));
  const scheduler = new NoticeScheduler(ds, repo, topics.notices, relay, clock, log.child({ component: 'scheduler' }), {
    pollMs: cfg.NOTIFY_SCHEDULER_POLL_MS, batchSize: cfg.NOTIFY_SCHEDULER_BATCH_SIZE,
  });
  const receipts = new ReceiptService(ds, repo, clock, log.child({ component: 'receipts' }));
  const services: NotifyServices = { notices: new NoticeService(repo, notifyCfg, clock, cfg.UTILITY_KINDS) };

  // Rows composed before a crash are still in the outbox: the relay publishes them on start.
  relay.start();
  // Replicas share the database: one of them runs each scheduler pass.
  scheduler.start(new PgTickLease(ds, cfg.REPLICA_ID));
  const stopWorkers = async () => {
    await scheduler.stop();
    await relay.stop();
  };
  try {
    await subscribeOutageEvents(bus, cfg.KAFKA_TOPIC_PREFIX, topics.outageEvents, planner, log.child({ component: 'outage-events' }), cfg.NOTIFY_OUTAGE_EVENTS_CONCURRENCY);
    await subscribeReceipts(bus, cfg.KAFKA_TOPIC_PREFIX, topics.receipts, receipts, log.child({ component: 'receipts' }));
    await subscribeSettingsEvents(bus, cfg.KAFKA_TOPIC_PREFIX, topics.settings, settings, log.child({ component: 'settings-events' }));
  } catch (e) {
    await stopWorkers();
    await bus.close().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    throw e;
  }
  const server = await startSubgraph({
    ...schemaOptions, name: 'notify', port: cfg.PORT, internalSecret: cfg.INTERNAL_JWT_SECRET, bodyLimit: cfg.BODY_LIMIT, inputLimits: inputLimitsFrom(cfg), verifiedTokenCacheSize: cfg.VERIFIED_TOKEN_CACHE_SIZE,
    shutdownGraceMs: cfg.SHUTDOWN_GRACE_MS, log, ds, bus, services, replica: cfg.REPLICA_ID, beforeClose: stopWorkers,
  });
  return { ...server, ds, scheduler, relay };
}
