import 'reflect-metadata';
import {
  connectAndMigrate, createDataSource, createKafkaBus, createLogger, CreateOutboxAndInbox1764000000000, JobTicks1764000000020, OutboxCommitOrder1764000000010, createOutboxRelay, relayThreadFrom,
  inputLimitsFrom, startSubgraph, systemClock, topicName, TOPICS,
} from '@mainline/common';
import type { NetworkConfig } from './config';
import { NetworkEntity } from './entities/network.entity';
import { LinkEntity, NodeEntity, PopulationAreaEntity, ServicePointEntity, ValveEntity } from './entities/network-element.entity';
import { OutageEntity, OutageHistoryEntity, ValveOperationEntity, ValveStateEntity } from './entities/outage.entity';
import { NetworkModel1764000000100 } from './migrations/1764000000100-network-model';
import { MapIndexes1764000000120 } from './migrations/1764000000120-map-indexes';
import { NetworkSnapshot1764000000130 } from './migrations/1764000000130-network-snapshot';
import { ElementNetworkCheckPerStatement1764000000140 } from './migrations/1764000000140-element-network-check-per-statement';
import { DropUnreadElementIndexes1764000000150 } from './migrations/1764000000150-drop-unread-element-indexes';
import { Outages1764000000110 } from './migrations/1764000000110-outages';
import { UtilityKindsServicePointAttributes1764000000600 } from './migrations/1764000000600-utility-kinds-service-point-attributes';
import { HeatAndGasElements1764000000610 } from './migrations/1764000000610-heat-and-gas-elements';
import { OutageUtility1764000000620 } from './migrations/1764000000620-outage-utility';
import { OutageSourcePressureReduction1764000000630 } from './migrations/1764000000630-outage-source-pressure-reduction';
import { NetworkRepository } from './repositories/network.repository';
import { OutageRepository } from './repositories/outage.repository';
import { AnalysisService } from './services/analysis.service';
import { ImportService } from './services/import.service';
import { MapService } from './services/map.service';
import { NetworkService } from './services/network.service';
import { OutageService } from './services/outage.service';
import { TileService } from './services/tile.service';
import { TILES_BASE_PATH, tilesRouter } from './resolvers/tiles.http';
import type { NetworkServices } from './services';
import { schemaOptions } from './schema';

export const entities = [
  NetworkEntity, NodeEntity, LinkEntity, ValveEntity, ServicePointEntity, PopulationAreaEntity,
  OutageEntity, OutageHistoryEntity, ValveOperationEntity, ValveStateEntity,
];
export const migrations = [CreateOutboxAndInbox1764000000000, OutboxCommitOrder1764000000010, JobTicks1764000000020, NetworkModel1764000000100, Outages1764000000110, MapIndexes1764000000120, NetworkSnapshot1764000000130, ElementNetworkCheckPerStatement1764000000140, DropUnreadElementIndexes1764000000150,
  UtilityKindsServicePointAttributes1764000000600, HeatAndGasElements1764000000610, OutageUtility1764000000620,
  OutageSourcePressureReduction1764000000630];

export async function startNetworkService(cfg: NetworkConfig) {
  const log = createLogger('network', cfg.LOG_LEVEL);
  const ds = createDataSource({ url: cfg.DATABASE_URL, entities, migrations, poolSize: cfg.DB_POOL_SIZE, log });
  await connectAndMigrate(ds, log);
  const bus = createKafkaBus({ brokers: cfg.KAFKA_BROKERS, clientId: 'mainline-network', log });
  const repo = new NetworkRepository(ds);
  const analysis = new AnalysisService(repo, {
    regulatorThreshold: cfg.REGULATOR_THRESHOLD_PERSONS,
    regulatorThresholdByUtility: { WATER: cfg.REGULATOR_THRESHOLD_PERSONS, HEAT: cfg.REGULATOR_THRESHOLD_PERSONS_HEAT, GAS: cfg.REGULATOR_THRESHOLD_PERSONS_GAS },
    serviceRadiusM: cfg.SERVICE_RADIUS_M,
    simplifyToleranceM: cfg.SIMPLIFY_TOLERANCE_M,
    snapshots: cfg.NETWORK_SNAPSHOTS,
  }, log.child({ component: 'analysis' }));
  const relay = createOutboxRelay({ ...relayThreadFrom(cfg, 'mainline-network-relay'), ds, bus, log: log.child({ component: 'outbox' }), relay: { pollMs: cfg.OUTBOX_POLL_MS, source: '/mainline/network' } });
  const outages = new OutageService(
    new OutageRepository(ds),
    analysis,
    systemClock,
    {
      announceLeadHours: cfg.ANNOUNCE_LEAD_HOURS,
      numberPrefix: cfg.OUTAGE_NUMBER_PREFIX,
      defaultWorksUnit: cfg.OUTAGE_DEFAULT_WORKS_UNIT,
      timeZone: cfg.TIME_ZONE,
      eventsTopic: topicName(cfg.KAFKA_TOPIC_PREFIX, TOPICS.outageEvents),
      valveOperationMaxFutureS: cfg.VALVE_OPERATION_MAX_FUTURE_S,
      pageMax: cfg.OUTAGES_PAGE_MAX,
    },
    log.child({ component: 'outages' }),
    () => relay.kick(),
  );
  const services: NetworkServices = {
    networks: new NetworkService(repo, log.child({ component: 'networks' })),
    population: analysis,
    analysis,
    imports: new ImportService(ds, repo, {
      utilityKinds: cfg.UTILITY_KINDS,
      litersPerPersonPerDay: cfg.LITERS_PER_PERSON_PER_DAY,
      snapToleranceM: cfg.SNAP_TOLERANCE_M,
      valveSnapToleranceM: cfg.VALVE_SNAP_TOLERANCE_M,
      maxContentChars: 200_000_000,
    }),
    map: new MapService(analysis, { coordinateDecimals: cfg.MAP_COORDINATE_DECIMALS }),
    tiles: new TileService(analysis, {
      rules: {
        extent: cfg.TILE_EXTENT, bufferUnits: cfg.TILE_BUFFER, simplifyUnits: cfg.TILE_SIMPLIFY, maxZoom: cfg.TILE_MAX_ZOOM,
        pipeMinDiameter: cfg.TILE_PIPE_MIN_DIAMETER, valvesMinZoom: cfg.TILE_VALVES_MIN_ZOOM,
        servicePointsMinZoom: cfg.TILE_SERVICE_POINTS_MIN_ZOOM, importantUsersMinZoom: cfg.TILE_IMPORTANT_USERS_MIN_ZOOM,
      },
      cacheBytes: cfg.TILE_CACHE_MB * 1048576,
    }, log.child({ component: 'tiles' })),
    outages,
  };
  const running = await startSubgraph({
    ...schemaOptions,
    name: 'network',
    port: cfg.PORT,
    internalSecret: cfg.INTERNAL_JWT_SECRET,
    bodyLimit: cfg.BODY_LIMIT, inputLimits: inputLimitsFrom(cfg), verifiedTokenCacheSize: cfg.VERIFIED_TOKEN_CACHE_SIZE,
    shutdownGraceMs: cfg.SHUTDOWN_GRACE_MS,
    log,
    ds,
    bus,
    services,
    replica: cfg.REPLICA_ID,
    beforeClose: () => relay.stop(),
    httpRoutes: (app) => app.use(TILES_BASE_PATH, tilesRouter(services.tiles, { log, internalSecret: cfg.INTERNAL_JWT_SECRET })),
  });
  // Outbox rows left by a previous run are published as soon as the relay starts.
  relay.start();
  return running;
}
