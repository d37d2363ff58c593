import { InvalidInputError, NotFoundError } from '@mainline/common/domain';
import type { NetworkEntity } from '../entities/network.entity';
import type { NetworkRepository } from '../repositories/network.repository';
import type { HydraulicOptions, Pattern } from '../domain/model';
import type { Logger } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import { NetworkEngine, NetworkEngineBuilder } from '../domain/analysis/engine';
import { decodeEngine, encodeEngine, readSnapshotHeader, SNAPSHOT_FORMAT } from '../domain/analysis/snapshot';
import { assembleImpact, type ImpactRequest, type ImpactRules, type TracedImpact } from '../domain/impact/assemble-impact';
import { ALL_IMPACT_PARTS, type Impact, type ImpactParts, type PartialImpact } from '../domain/impact/impact';

export interface AnalysisConfig extends ImpactRules {
  /** Keep a binary snapshot of each compiled network version and start from it (default true). */
  snapshots?: boolean;
  /** The population threshold per utility kind; a kind not listed uses `regulatorThreshold`. */
  regulatorThresholdByUtility?: Partial<Record<UtilityKind, number>>;
}

/** How the engine of a network version came into memory. */
export interface EngineLoad {
  version: number;
  source: 'SNAPSHOT' | 'ROWS';
  ms: number;
}

export interface PlanRequest extends ImpactRequest {
  pipeIds?: string[] | null;
  point?: { lon: number; lat: number } | null;
  inoperableValveIds?: string[] | null;
}

/** A network row with its engine: loaded once by callers that ask several questions of it. */
export interface LoadedNetwork {
  net: NetworkEntity;
  engine: NetworkEngine;
}

/** Isolation plans, closure impacts and criticality over cached in-memory engines. */
export class AnalysisService {
  private readonly engines = new Map<string, Promise<NetworkEngine>>();
  /** Network rows by id: a row changes only its version, so a plan asks PostgreSQL for the version alone. */
  private readonly rows = new Map<string, NetworkEntity>();
  private readonly loads = new Map<string, EngineLoad>();
  private readonly snapshotWrites = new Set<Promise<void>>();

  constructor(
    private readonly repo: NetworkRepository,
    private readonly cfg: AnalysisConfig,
    private readonly log?: Logger,
  ) {}

  /** How the last engine of this network was loaded (for tests, benches and logs). */
  lastLoad(networkId: string): EngineLoad | undefined {
    return this.loads.get(networkId);
  }

  /** Resolves when every snapshot being written in the background is stored (or failed and was logged). */
  async snapshotsWritten(): Promise<void> {
    while (this.snapshotWrites.size) await Promise.all([...this.snapshotWrites]);
  }

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

  /**
   * The version's snapshot when one is stored; else the rows streamed into a compact engine (packed batch
   * by batch, never all held), whose snapshot is then written in the background for the next start.
   */
  private async load(net: NetworkEntity): Promise<NetworkEngine> {
    const t0 = performance.now();
    const useSnapshots = this.cfg.snapshots !== false;
    const snap = useSnapshots ? await this.fromSnapshot(net) : null;
    if (snap) {
      this.loads.set(net.id, { version: net.version, source: 'SNAPSHOT', ms: performance.now() - t0 });
      return snap;
    }
    const engine = await this.fromRows(net);
    this.loads.set(net.id, { version: net.version, source: 'ROWS', ms: performance.now() - t0 });
    if (useSnapshots) {
      const w: Promise<void> = this.repo
        .saveSnapshot(net.id, net.version, SNAPSHOT_FORMAT, encodeEngine(engine).parts)
        .then(() => undefined, (e) => this.log?.warn({ err: e, networkId: net.id, version: net.version }, 'network snapshot not stored'))
        .finally(() => this.snapshotWrites.delete(w));
      this.snapshotWrites.add(w);
    }
    return engine;
  }

  /** A snapshot of exactly this version, format and per-person use; null (rebuild) for anything else. */
  private async fromSnapshot(net: NetworkEntity): Promise<NetworkEngine | null> {
    try {
      const buf = await this.repo.loadSnapshot(net.id, net.version, SNAPSHOT_FORMAT);
      if (!buf) return null;
      const h = readSnapshotHeader(buf);
      if (!h || h.networkId !== net.id || h.version !== net.version || h.litersPerPersonPerDay !== net.litersPerPersonPerDay) return null;
      return decodeEngine(buf);
    } catch (e) {
      this.log?.warn({ err: e, networkId: net.id, version: net.version }, 'network snapshot unreadable, rebuilding from rows');
      return null;
    }
  }

  private async fromRows(net: NetworkEntity): Promise<NetworkEngine> {
    const h = (net.hydraulics ?? {}) as { patterns?: Pattern[]; options?: HydraulicOptions };
    const builder = new NetworkEngineBuilder({
      patterns: h.patterns ?? [],
      options: h.options ?? { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'LPS' },
    });
    await this.repo.scanModel(net, builder);
    return builder.finish(net.id, net.version, net.litersPerPersonPerDay);
  }

  async engineById(networkId: string): Promise<LoadedNetwork> {
    const cached = this.rows.get(networkId);
    const version = cached ? await this.repo.version(networkId) : undefined;
    let net = cached && cached.version === version ? cached : await this.repo.get(networkId);
    if (!net) {
      this.rows.delete(networkId);
      throw new NotFoundError('network', networkId);
    }
    if (net !== cached) this.rows.set(networkId, net);
    return { net, engine: await this.engine(net) };
  }

  /** The impact rules of this network's kind: its own regulator threshold. */
  rulesFor(net: Pick<NetworkEntity, 'utility'>): ImpactRules {
    return { ...this.cfg, regulatorThreshold: this.cfg.regulatorThresholdByUtility?.[net.utility] ?? this.cfg.regulatorThreshold };
  }

  async totalPopulation(net: NetworkEntity): Promise<number> {
    return (await this.engine(net)).totalPopulation;
  }

  /** The valves to close for a break and what it does; only the costly `parts` asked for are computed. */
  isolationPlan(network: string | LoadedNetwork, req: PlanRequest): Promise<Impact>;
  isolationPlan(network: string | LoadedNetwork, req: PlanRequest, parts: ImpactParts): Promise<PartialImpact>;
  async isolationPlan(network: string | LoadedNetwork, req: PlanRequest, parts: ImpactParts = ALL_IMPACT_PARTS): Promise<PartialImpact> {
    const { net, engine } = typeof network === 'string' ? await this.engineById(network) : network;
    let pipeIds = req.pipeIds ?? [];
    if (pipeIds.length === 0) {
      if (!req.point) throw new InvalidInputError('isolationPlan needs pipeIds or a point', { field: 'pipeIds' });
      checkPoint(req.point);
      const nearest = engine.nearestLink([req.point.lon, req.point.lat]);
      if (!nearest) throw new InvalidInputError('the network has no pipe with coordinates to pick from a point', { field: 'point' });
      pipeIds = [nearest.id];
    }
    const plan = engine.analyzer.isolationPlan(pipeIds, { inoperableValveIds: req.inoperableValveIds ?? [], growth: parts.growth });
    const traced: TracedImpact = {
      valvesToClose: plan.valvesToClose,
      skippedValves: plan.skippedValves,
      growth: plan.growth && { nodes: plan.growth.nodes, pipes: plan.growth.links, population: plan.growth.population },
      segmentPipeIds: plan.segmentPipeIds,
      segmentNodeIds: plan.segmentNodeIds,
      unsuppliedPipeIds: plan.unsuppliedPipeIds,
      unsuppliedNodeIds: plan.unsuppliedNodeIds,
      affectedPipeIds: plan.affectedPipeIds,
      affectedNodeIds: plan.affectedNodeIds,
      population: plan.population,
      unsuppliedPopulation: plan.unsuppliedPopulation,
    };
    return assembleImpact(engine, traced, req, this.rulesFor(net), parts);
  }

  /** What loses supply if exactly these valves are closed; only the costly `parts` asked for are computed. */
  closureImpact(network: string | LoadedNetwork, closedValveIds: string[], req?: ImpactRequest): Promise<Impact>;
  closureImpact(network: string | LoadedNetwork, closedValveIds: string[], req: ImpactRequest, parts: ImpactParts): Promise<PartialImpact>;
  async closureImpact(network: string | LoadedNetwork, closedValveIds: string[], req: ImpactRequest = {}, parts: ImpactParts = ALL_IMPACT_PARTS): Promise<PartialImpact> {
    const { net, engine } = typeof network === 'string' ? await this.engineById(network) : network;
    const c = engine.analyzer.closureImpact(closedValveIds);
    const traced: TracedImpact = {
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
    };
    return assembleImpact(engine, traced, req, this.rulesFor(net), parts);
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
}

function checkPoint(p: { lon: number; lat: number }) {
  if (!(Math.abs(p.lon) <= 180 && Math.abs(p.lat) <= 90)) throw new InvalidInputError(`point (${p.lon}, ${p.lat}) is not a WGS84 lon/lat`, { field: 'point' });
}
