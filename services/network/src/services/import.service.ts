import type { Identity } from '@mainline/common';
import { assertUtilityRun, ConflictError, DEFAULT_UTILITY, InvalidInputError, type UtilityKind } from '@mainline/common/domain';
import type { DataSource } from 'typeorm';
import { SOURCE_KINDS_BY_UTILITY, type IsolationValve, type NetworkModel } from '../domain/model';
import { parseInp } from '../domain/import/inp-parser';
import { parseGeoJsonNetwork } from '../domain/import/geojson-import';
import { generateValveLayer } from '../domain/import/valve-layer';
import { ImportError } from '../domain/import/errors';
import type { NetworkEntity } from '../entities/network.entity';
import type { NetworkRepository } from '../repositories/network.repository';

export interface ImportRequest {
  name: string;
  format: 'EPANET_INP' | 'GEOJSON';
  content: string;
  crs?: string | null;
  origin?: { lon: number; lat: number } | null;
  unitsPerMetre?: number | null;
  valves?: Array<{ id: string; linkId: string; nodeId: string; state?: 'OPEN' | 'CLOSED' | null; operable?: boolean | null; diameterMm?: number | null }> | null;
  valveLayer?: { strategy: 'STRATEGIC' | 'RANDOM'; n: number; seed?: number | null } | null;
  litersPerPersonPerDay?: number | null;
  /** Default WATER. */
  utility?: UtilityKind | null;
}

export interface ImportConfig {
  /** The utility kinds this deployment runs (configuration UTILITY_KINDS). */
  utilityKinds: readonly UtilityKind[];
  litersPerPersonPerDay: number;
  snapToleranceM: number;
  valveSnapToleranceM: number;
  maxContentChars: number;
}

/** Validates the explicit valve list against the model; every error names the valve's index and id. */
export function explicitValves(model: NetworkModel, valves: NonNullable<ImportRequest['valves']>): IsolationValve[] {
  const links = new Map(model.links.map((l) => [l.id, l]));
  const nodeCoord = new Map(model.nodes.map((n) => [n.id, n.coord]));
  const seen = new Set<string>();
  return valves.map((v, i) => {
    const where = `valves[${i}] ("${v.id}")`;
    if (!v.id) throw new InvalidInputError(`valves[${i}]: id is required`, { field: `valves.${i}.id` });
    if (seen.has(v.id)) throw new InvalidInputError(`${where}: duplicate valve id`, { field: `valves.${i}.id` });
    seen.add(v.id);
    const link = links.get(v.linkId);
    if (!link) throw new InvalidInputError(`${where}: unknown link "${v.linkId}"`, { field: `valves.${i}.linkId` });
    if (link.from !== v.nodeId && link.to !== v.nodeId) {
      throw new InvalidInputError(`${where}: node "${v.nodeId}" is not an end of link "${v.linkId}" (${link.from}–${link.to})`, { field: `valves.${i}.nodeId` });
    }
    if (v.diameterMm !== undefined && v.diameterMm !== null && !(v.diameterMm > 0)) {
      throw new InvalidInputError(`${where}: diameterMm must be positive`, { field: `valves.${i}.diameterMm` });
    }
    return {
      id: v.id, linkId: v.linkId, nodeId: v.nodeId, state: v.state ?? 'OPEN', operable: v.operable ?? true,
      diameterMm: v.diameterMm ?? link.diameterMm ?? null, coord: nodeCoord.get(v.nodeId) ?? null,
    };
  });
}

export class ImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: NetworkRepository,
    private readonly cfg: ImportConfig,
  ) {}

  /** Parses, validates and stores a network in one transaction: a bad file leaves nothing behind. */
  async importNetwork(actor: Identity, req: ImportRequest): Promise<NetworkEntity> {
    const utility = req.utility ?? DEFAULT_UTILITY;
    assertUtilityRun(this.cfg.utilityKinds, utility, 'input.utility');
    const name = req.name?.trim();
    if (!name) throw new InvalidInputError('name is required', { field: 'name' });
    if (name.length > 200) throw new InvalidInputError('name is longer than 200 characters', { field: 'name' });
    if (!req.content) throw new InvalidInputError('content is empty', { field: 'content' });
    if (req.content.length > this.cfg.maxContentChars) throw new InvalidInputError(`content is larger than ${this.cfg.maxContentChars} characters`, { field: 'content' });
    if (req.valves?.length && req.valveLayer) throw new InvalidInputError('give either valves or valveLayer, not both', { field: 'valveLayer' });
    const lpd = req.litersPerPersonPerDay ?? this.cfg.litersPerPersonPerDay;
    if (!(lpd > 0)) throw new InvalidInputError('litersPerPersonPerDay must be positive', { field: 'litersPerPersonPerDay' });
    if (req.origin && !(Math.abs(req.origin.lon) <= 180 && Math.abs(req.origin.lat) <= 90)) {
      throw new InvalidInputError(`origin (${req.origin.lon}, ${req.origin.lat}) is not a WGS84 lon/lat`, { field: 'origin' });
    }
    if (req.format === 'EPANET_INP' && utility !== 'WATER') {
      throw new InvalidInputError(`EPANET .inp 模型只用于供水管网 / input.format: an EPANET .inp model is a water network; import a ${utility} network as GEOJSON`, { field: 'format' });
    }
    if (await this.repo.getByName(name)) throw new ConflictError(`a network named "${name}" exists already`, { field: 'name' });

    const model =
      req.format === 'EPANET_INP'
        ? parseInp(req.content, { crs: req.crs ?? undefined, origin: req.origin ?? undefined, unitsPerMetre: req.unitsPerMetre ?? undefined })
        : parseGeoJsonNetwork(req.content, { utility, crs: req.crs ?? undefined, snapToleranceM: this.cfg.snapToleranceM, valveSnapToleranceM: this.cfg.valveSnapToleranceM });
    if (req.valves && req.valves.length) model.valves = explicitValves(model, req.valves);
    else if (req.valveLayer) {
      const { strategy, n, seed } = req.valveLayer;
      if (!Number.isInteger(n) || n < 0) throw new InvalidInputError('valveLayer.n must be a non-negative integer', { field: 'valveLayer.n' });
      model.valves = generateValveLayer(model, { strategy, n, seed: seed ?? 1 });
    }
    if (!model.nodes.some((n) => n.kind !== 'JUNCTION')) throw new ImportError(`the network has no source (${SOURCE_KINDS_BY_UTILITY[utility].join(', ')})`);

    return this.ds.transaction((tx) =>
      this.repo.insertModel(tx, {
        name, utility, format: req.format, crs: req.crs ?? null, litersPerPersonPerDay: lpd,
        hydraulics: { patterns: model.patterns, options: model.options },
        pipeCount: model.links.length, nodeCount: model.nodes.length, valveCount: model.valves.length, createdBy: actor.sub,
      }, model),
    );
  }
}
