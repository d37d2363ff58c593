import { InvalidInputError, NotFoundError } from '@mainline/common';
import type { NetworkEntity } from '../entities/network.entity';
import type { NetworkRepository } from '../repositories/network.repository';
import type { HydraulicOptions, LonLat, Pattern, PopulationArea } from '../domain/model';
import { outageArea } from '../domain/geometry/outage-area';
import { populationFromAreas } from '../domain/geometry/population-areas';
import { ImportantUser, NetworkEngine, NetworkEngineBuilder, ValveView } from './engine';

export interface AnalysisConfig {
  regulatorThreshold: number;
  serviceRadiusM: number;
  simplifyToleranceM: number;
}

/** A valve as the dispatcher sees it in a plan. */
export type ImpactValve = ValveView & { networkId: string };

/** The answer the dispatcher sees (OutageImpact in GraphQL). */
export interface Impact {
  networkId: string;
  valvesToClose: ImpactValve[];
  skippedValves: ImpactValve[];
  growth: { nodes: number; pipes: number; population: number } | null;
  segmentPipeIds: string[];
  segmentNodeIds: string[];
  unsuppliedPipeIds: string[];
  unsuppliedNodeIds: string[];
  affectedPipeIds: string[];
  affectedNodeIds: string[];
  population: number;
  unsuppliedPopulation: number;
  populationBasis: string;
  requiresRegulatorApproval: boolean;
  threshold: number;
  area: unknown;
  areaNames: string[];
  importantUsers: ImportantUser[];
  onMainRoad?: boolean;
}

export interface PlanRequest {
  pipeIds?: string[] | null;
  point?: { lon: number; lat: number } | null;
  inoperableValveIds?: string[] | null;
  litersPerPersonPerDay?: number | null;
  onMainRoad?: boolean | null;
  /** Skip the polygon (bulk callers that only need sets and counts). */
  withArea?: boolean;
}

/** A network row with its engine: loaded once by callers that ask several questions of it. */
export interface LoadedNetwork {
  net: NetworkEntity;
  engine: NetworkEngine;
}

/** Isolation plans, closure impacts and criticality over cached in-memory engines. */
export class AnalysisService {
  private readonly engines = new Map<string, Promise<NetworkEngine>>();

  constructor(
    private readonly repo: NetworkRepository,
    private readonly cfg: AnalysisConfig,
  ) {}

  /** The engine for the network's current version; built on first use, then cached. */
  async engine(net: NetworkEntity): Promise<NetworkEngine> {
    const key = `${net.id}@${net.version}`;
    let e = this.engines.get(key);
    if (!e) {
      for (const k of this.engines.keys()) if (k.startsWith(net.id + '@')) this.engines.delete(k);
      e = this.load(net);
      e.catch(() => this.engines.delete(key));
      this.engines.set(key, e);
    }
    return e;
  }

  /** Streams the stored network into a compact engine (rows are packed batch by batch, never all held). */
  private async load(net: NetworkEntity): Promise<NetworkEngine> {
    const h = (net.hydraulics ?? {}) as { patterns?: Pattern[]; options?: HydraulicOptions };
    const builder = new NetworkEngineBuilder({
      patterns: h.patterns ?? [],
      options: h.options ?? { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'LPS' },
    });
    await this.repo.scanModel(net, builder);
    return builder.finish(net.id, net.version, net.litersPerPersonPerDay);
  }

  async engineById(networkId: string): Promise<LoadedNetwork> {
    const net = await this.repo.get(networkId);
    if (!net) throw new NotFoundError('network', networkId);
    return { net, engine: await this.engine(net) };
  }

  async totalPopulation(net: NetworkEntity): Promise<number> {
    return (await this.engine(net)).totalPopulation;
  }

  async isolationPlan(network: string | LoadedNetwork, req: PlanRequest): Promise<Impact> {
    const { net, engine } = typeof network === 'string' ? await this.engineById(network) : network;
    let pipeIds = req.pipeIds ?? [];
    if (pipeIds.length === 0) {
      if (!req.point) throw new InvalidInputError('isolationPlan needs pipeIds or a point', { field: 'pipeIds' });
      checkPoint(req.point);
      const nearest = engine.nearestLink([req.point.lon, req.point.lat]);
      if (!nearest) throw new InvalidInputError('the network has no pipe with coordinates to pick from a point', { field: 'point' });
      pipeIds = [nearest.id];
    }
    const plan = engine.analyzer.isolationPlan(pipeIds, { inoperableValveIds: req.inoperableValveIds ?? [] });
    return this.toImpact(net, engine, {
      valvesToClose: plan.valvesToClose,
      skippedValves: plan.skippedValves,
      growth: { nodes: plan.growth.nodes, pipes: plan.growth.links, population: plan.growth.population },
      segmentPipeIds: plan.segmentPipeIds,
      segmentNodeIds: plan.segmentNodeIds,
      unsuppliedPipeIds: plan.unsuppliedPipeIds,
      unsuppliedNodeIds: plan.unsuppliedNodeIds,
      affectedPipeIds: plan.affectedPipeIds,
      affectedNodeIds: plan.affectedNodeIds,
      population: plan.population,
      unsuppliedPopulation: plan.unsuppliedPopulation,
    }, req);
  }

  async closureImpact(network: string | LoadedNetwork, closedValveIds: string[], req: Omit<PlanRequest, 'pipeIds' | 'point' | 'inoperableValveIds'> = {}): Promise<Impact> {
    const { net, engine } = typeof network === 'string' ? await this.engineById(network) : network;
    const c = engine.analyzer.closureImpact(closedValveIds);
    return this.toImpact(net, engine, {
      valvesToClose: closedValveIds,
      skippedValves: [],
      growth: null,
      segmentPipeIds: [],
      segmentNodeIds: [],
      unsuppliedPipeIds: c.unsuppliedPipeIds,
      unsuppliedNodeIds: c.unsuppliedNodeIds,
      affectedPipeIds: c.unsuppliedPipeIds,
      affectedNodeIds: c.unsuppliedNodeIds,
      population: c.unsuppliedPopulation,
      unsuppliedPopulation: c.unsuppliedPopulation,
    }, req);
  }

  async criticalSegments(networkId: string, top: number) {
    if (!Number.isInteger(top) || top < 1 || top > 1000) throw new InvalidInputError('top must be an integer from 1 to 1000', { field: 'top' });
    const { engine } = await this.engineById(networkId);
    const total = engine.totalPopulation;
    return engine.analyzer.criticalSegments(top).map((s, i) => ({
      rank: i + 1,
      segmentPipeIds: s.pipeIds,
      segmentNodeIds: s.nodeIds,
      boundaryValveIds: s.valveIds,
      population: Math.round(s.population),
      share: total > 0 ? s.population / total : null,
    }));
  }

  private toImpact(
    net: NetworkEntity,
    engine: NetworkEngine,
    r: Omit<Impact, 'networkId' | 'valvesToClose' | 'skippedValves' | 'populationBasis' | 'requiresRegulatorApproval' | 'threshold' | 'area' | 'areaNames' | 'importantUsers' | 'onMainRoad'> & {
      valvesToClose: string[];
      skippedValves: string[];
    },
    req: PlanRequest,
  ): Impact {
    const valve = (id: string): ImpactValve => {
      const v = engine.valve(id);
      if (!v) throw new NotFoundError('valve', id);
      return { networkId: net.id, ...v };
    };
    let population = r.population;
    let unsuppliedPopulation = r.unsuppliedPopulation;
    const lpd = req.litersPerPersonPerDay;
    if (lpd !== undefined && lpd !== null) {
      if (!(lpd > 0)) throw new InvalidInputError('litersPerPersonPerDay must be positive', { field: 'litersPerPersonPerDay' });
      if (engine.basis === 'DEMAND') {
        population = engine.demandPopulation(r.affectedNodeIds, lpd);
        unsuppliedPopulation = engine.demandPopulation(r.unsuppliedNodeIds, lpd);
      }
    }
    const affectedSps = engine.servicePointsAt(r.affectedNodeIds);
    let area: unknown = null;
    const areaNames = new Set<string>();
    const wantArea = req.withArea !== false;
    if (wantArea || engine.basis === 'AREAS') {
      const pipes: Array<{ id: string; coords: LonLat[] }> = [];
      for (const id of r.affectedPipeIds) {
        const i = engine.linkIndex(id)!;
        const c = engine.linkCoords(i);
        if (c) pipes.push({ id, coords: c });
        const a = engine.linkArea(i);
        if (a) areaNames.add(a);
      }
      const points = affectedSps.map((k) => engine.servicePointCoord(k)).filter((c): c is LonLat => !!c);
      const feature = outageArea({ pipes, points }, { serviceRadiusM: this.cfg.serviceRadiusM, simplifyToleranceM: this.cfg.simplifyToleranceM });
      area = feature;
      if (engine.basis === 'AREAS') {
        if (feature) {
          const unsupplied = r.unsuppliedPipeIds.length === r.affectedPipeIds.length ? null : this.areaOf(engine, r.unsuppliedPipeIds);
          const p = populationFromAreas(feature as any, engine.populationAreas as PopulationArea[]);
          population = p.population;
          unsuppliedPopulation = unsupplied === null ? p.population : unsupplied ? populationFromAreas(unsupplied as any, engine.populationAreas as PopulationArea[]).population : 0;
          for (const part of p.parts) if (part.name) areaNames.add(part.name);
        } else {
          population = 0;
          unsuppliedPopulation = 0;
        }
      }
    }
    for (const id of r.affectedNodeIds) {
      const a = engine.nodeArea(id);
      if (a) areaNames.add(a);
    }
    for (const k of affectedSps) {
      const a = engine.servicePointArea(k);
      if (a) areaNames.add(a);
    }
    return {
      networkId: net.id,
      ...r,
      valvesToClose: r.valvesToClose.map(valve),
      skippedValves: r.skippedValves.map(valve),
      population: Math.round(population),
      unsuppliedPopulation: Math.round(unsuppliedPopulation),
      populationBasis: engine.basis,
      // docs/domain.md: above the threshold (not at it) brings in the regulator.
      requiresRegulatorApproval: population > this.cfg.regulatorThreshold,
      threshold: this.cfg.regulatorThreshold,
      area,
      areaNames: [...areaNames].sort(),
      importantUsers: affectedSps.map((k) => engine.importantUser(k)).filter((u): u is ImportantUser => u !== null),
      onMainRoad: req.onMainRoad ?? undefined,
    };
  }

  private areaOf(engine: NetworkEngine, pipeIds: string[]) {
    const pipes: Array<{ id: string; coords: LonLat[] }> = [];
    for (const id of pipeIds) {
      const c = engine.linkCoords(engine.linkIndex(id)!);
      if (c) pipes.push({ id, coords: c });
    }
    return outageArea({ pipes }, { serviceRadiusM: this.cfg.serviceRadiusM, simplifyToleranceM: this.cfg.simplifyToleranceM });
  }
}

function checkPoint(p: { lon: number; lat: number }) {
  if (!(Math.abs(p.lon) <= 180 && Math.abs(p.lat) <= 90)) throw new InvalidInputError(`point (${p.lon}, ${p.lat}) is not a WGS84 lon/lat`, { field: 'point' });
}
