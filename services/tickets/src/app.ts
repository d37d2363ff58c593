import 'reflect-metadata';
import {
  Clock, connectAndMigrate, createDataSource, createKafkaBus, createLogger, CreateOutboxAndInbox1764000000000, JobTicks1764000000020, Logger, MessageBus,
  OutboxCommitOrder1764000000010, createOutboxRelay, relayThreadFrom, PgTickLease, inputLimitsFrom, startSubgraph, systemClock,
} from '@mainline/common';
import type { DataSource } from 'typeorm';
import { TicketsConfig, TicketsSettings, ticketsSettings } from './config';
import { WorkOrderEntity } from './entities/work-order.entity';
import { startOutageProjection } from './events/outage-projection.consumer';
import { startSurveyReplies } from './events/survey-reply.consumer';
import { WorkOrders1764000000200 } from './migrations/1764000000200-work-orders';
import { ReopenRevisit1764000000300 } from './migrations/1764000000300-reopen-revisit';
import { WorksCallbackSample1764000000400 } from './migrations/1764000000400-works-callback-sample';
import { PersonalDataReads1764000000500 } from './migrations/1764000000500-personal-data-reads';
import { FieldWork1764000000650 } from './migrations/1764000000650-field-work';
import { GasInspectionRepository } from './repositories/gas-inspection.repository';
import { TemperatureVisitRepository } from './repositories/temperature-visit.repository';
import { GasInspectionService } from './services/gas-inspection.service';
import { NetworkServicePointDirectory, ServicePointDirectory } from './services/service-point-directory';
import { TemperatureVisitService } from './services/temperature-visit.service';
import { Open3111764000000700 } from './migrations/1764000000700-open311';
import { IgnitionCheck1764000000800 } from './migrations/1764000000800-ignition-check';
import { IgnitionCheckRepository } from './repositories/ignition-check.repository';
import { IgnitionCheckService } from './services/ignition-check.service';
import { MissedVisits1764000000820 } from './migrations/1764000000820-missed-visits';
import { Open311Repository } from './repositories/open311.repository';
import { OPEN311_BASE_PATH, open311Router } from './resolvers/open311.http';
import { Open311Service } from './services/open311.service';
import { UtilityKinds1764000000600 } from './migrations/1764000000600-utility-kinds';
import { AppointmentRepository } from './repositories/appointment.repository';
import { HeatingSeasonRepository } from './repositories/heating-season.repository';
import { AppointmentService } from './services/appointment.service';
import { HeatingSeasonService } from './services/heating-season.service';
import { WaterRules1764000000720 } from './migrations/1764000000720-water-rules';
import { WaterDesk1764000000721 } from './migrations/1764000000721-water-desk';
import { NewConnections1764000000722 } from './migrations/1764000000722-new-connections';
import { PersonalDataRepository } from './repositories/personal-data.repository';
import { NetworkAssetDirectory } from './services/asset-directory';
import { PersonalDataService } from './services/personal-data.service';
import { OutageRepository } from './repositories/outage.repository';
import { ReportRepository } from './repositories/report.repository';
import { FeedbackRepository } from './repositories/feedback.repository';
import { ConnectionRepository } from './repositories/connection.repository';
import { FeedbackService } from './services/feedback.service';
import { SettingsRepository } from './repositories/settings.repository';
import { SlaClockRepository } from './repositories/sla-clock.repository';
import { WorkOrderRepository } from './repositories/work-order.repository';
import { WorksCallbackRepository } from './repositories/works-callback.repository';
import type { TicketsServices } from './services';
import { ReportService } from './services/report.service';
import { SettingsService } from './services/settings.service';
import { SlaSchedulerService } from './services/sla-scheduler.service';
import { Relay, WorkOrderService } from './services/work-order.service';
import { WorksCallbackService } from './services/works-callback.service';
import { schemaOptions } from './schema';

export const entities = [WorkOrderEntity];
export const migrations = [CreateOutboxAndInbox1764000000000, OutboxCommitOrder1764000000010, JobTicks1764000000020, WorkOrders1764000000200, ReopenRevisit1764000000300, WorksCallbackSample1764000000400, PersonalDataReads1764000000500,
  UtilityKinds1764000000600, FieldWork1764000000650, Open3111764000000700, WaterRules1764000000720, WaterDesk1764000000721, NewConnections1764000000722, IgnitionCheck1764000000800,
  MissedVisits1764000000820];

/**
 * Repositories and services over one pool (shared by the server and the integration tests). `o.servicePoints`
 * replaces the network service's service point directory (integration tests without a network service).
 */
export function buildTickets(ds: DataSource, settingsCfg: TicketsSettings, clock: Clock, log: Logger, relay?: Relay, o: { servicePoints?: ServicePointDirectory } = {}) {
  const settings = new SettingsService(new SettingsRepository(ds), settingsCfg.settingsCacheMs, clock);
  const outages = new OutageRepository(ds);
  const clocks = new SlaClockRepository(ds);
  const assets = new NetworkAssetDirectory({ ...settingsCfg.network, log: log.child({ component: 'asset-check' }) });
  const heatingSeasons = new HeatingSeasonService(ds, new HeatingSeasonRepository(ds), clock, settingsCfg, log.child({ component: 'heating-season' }), relay);
  const orderRepo = new WorkOrderRepository(ds);
  const workOrders = new WorkOrderService(ds, orderRepo, clocks, outages, settings, clock, settingsCfg, assets, heatingSeasons, new ConnectionRepository(ds), relay);
  const feedbackRepo = new FeedbackRepository(ds);
  const reports = new ReportService(new ReportRepository(ds), feedbackRepo, workOrders.calendar, clock, settingsCfg.report, log.child({ component: 'monthly-report' }), settingsCfg.utilities);
  const feedback = new FeedbackService(feedbackRepo, orderRepo, clock);
  const appointments = new AppointmentService(ds, new AppointmentRepository(ds), orderRepo, workOrders, clock, settingsCfg, workOrders.calendar, relay);
  // Each sweep first resumes the orders whose missed visit's new time has come (their clocks run again from it).
  const scheduler = new SlaSchedulerService(clocks, clock, settingsCfg, log.child({ component: 'sla-scheduler' }), relay, appointments);
  const worksCallbacks = new WorksCallbackService(
    new WorksCallbackRepository(ds), settings, workOrders.calendar, clock, settingsCfg, log.child({ component: 'works-callback-sample' }),
  );
  const personalData = new PersonalDataService(new PersonalDataRepository(ds), clock);
  const temperatureVisits = new TemperatureVisitService(ds, new TemperatureVisitRepository(ds), new WorkOrderRepository(ds), clock, settingsCfg);
  workOrders.resolveChecks.push((tx, wo) => temperatureVisits.checkResolvable(tx, wo));
  const servicePoints = o.servicePoints ?? new NetworkServicePointDirectory({
    url: settingsCfg.network.url, internalSecret: settingsCfg.network.internalSecret, timeoutMs: settingsCfg.network.timeoutMs, ...settingsCfg.fieldWork.directory,
    log: log.child({ component: 'service-point-directory' }),
  });
  const gasInspections = new GasInspectionService(ds, new GasInspectionRepository(ds), servicePoints, clock, settingsCfg, relay);
  const open311 = new Open311Service(new Open311Repository(ds), workOrders, settings, clock, settingsCfg.open311);
  const services: TicketsServices = { workOrders, reports, settings, worksCallbacks, personalData, assets, feedback, open311, heatingSeasons, appointments, temperatureVisits, gasInspections };
  const ignition = new IgnitionCheckService(new IgnitionCheckRepository(), workOrders, settingsCfg, log.child({ component: 'ignition-check' }), relay);
  return { services, scheduler, outages, ignition };
}

/** Kafka consumers: the outage projection (with the ignition checks after a gas outage) and SMS survey replies. */
export async function startConsumers(o: { ds: DataSource; bus: MessageBus; outages: OutageRepository; ignition: IgnitionCheckService; workOrders: WorkOrderService; topicPrefix: string; log: Logger }) {
  await startOutageProjection({ ds: o.ds, bus: o.bus, outages: o.outages, ignition: o.ignition, topicPrefix: o.topicPrefix, log: o.log.child({ component: 'outage-projection' }) });
  await startSurveyReplies({ bus: o.bus, workOrders: o.workOrders, topicPrefix: o.topicPrefix, log: o.log.child({ component: 'survey-replies' }) });
}

export async function startTicketsService(cfg: TicketsConfig) {
  const log = createLogger('tickets', cfg.LOG_LEVEL);
  const ds = createDataSource({ url: cfg.DATABASE_URL, entities, migrations, poolSize: cfg.DB_POOL_SIZE, log });
  await connectAndMigrate(ds, log);
  const bus = createKafkaBus({ brokers: cfg.KAFKA_BROKERS, clientId: 'mainline-tickets', log });
  const relay = createOutboxRelay({ ...relayThreadFrom(cfg, 'mainline-tickets-relay'), ds, bus, log: log.child({ component: 'outbox' }), relay: { pollMs: cfg.OUTBOX_POLL_MS, batchDelayMs: cfg.OUTBOX_BATCH_DELAY_MS, source: '/mainline/tickets' } });
  const settingsCfg = ticketsSettings(cfg);
  const { services, scheduler, outages, ignition } = buildTickets(ds, settingsCfg, systemClock, log, relay);
  relay.start();
  await startConsumers({ ds, bus, outages, ignition, workOrders: services.workOrders, topicPrefix: cfg.KAFKA_TOPIC_PREFIX, log });
  // Replicas share the database: one of them runs each tick of each job.
  const lease = new PgTickLease(ds, cfg.REPLICA_ID);
  if (cfg.SLA_SCHEDULER) scheduler.start(cfg.SLA_SWEEP_MS, lease);
  if (settingsCfg.worksSample.job) services.worksCallbacks.start(settingsCfg.worksSample.checkMs, lease);
  // The season list on settings.events follows the year (and a changed default) without anyone setting a season.
  services.heatingSeasons.start(settingsCfg.heating.publishCheckMs, lease);
  if (settingsCfg.report.job) services.reports.start(settingsCfg.report.checkMs, lease);
  return startSubgraph({
    ...schemaOptions, name: 'tickets', port: cfg.PORT, internalSecret: cfg.INTERNAL_JWT_SECRET, bodyLimit: cfg.BODY_LIMIT, inputLimits: inputLimitsFrom(cfg), verifiedTokenCacheSize: cfg.VERIFIED_TOKEN_CACHE_SIZE,
    shutdownGraceMs: cfg.SHUTDOWN_GRACE_MS, log, ds, bus, services, replica: cfg.REPLICA_ID,
    httpRoutes: (app) => app.use(OPEN311_BASE_PATH, open311Router(services.open311, { log, bodyLimit: settingsCfg.open311.bodyLimit, internalSecret: cfg.INTERNAL_JWT_SECRET })),
    beforeClose: async () => {
      await scheduler.stop();
      await services.worksCallbacks.stop();
      await services.reports.stop();
      await services.heatingSeasons.stop();
      await relay.stop();
    },
  });
}
