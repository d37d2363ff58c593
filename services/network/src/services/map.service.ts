import type { AnalysisService } from './analysis.service';
import type { NetworkEngine, PipeView } from '../domain/analysis/engine';
import type { PipeType } from '../schema/network.type';

export interface MapConfig {
  /** Decimals of the lon/lat a viewport returns (7 ≈ 1 cm); fewer digits are a smaller, faster answer. */
  coordinateDecimals: number;
}

/**
 * A pipe of the in-memory engine whose fields are read when the query selects them: a viewport of
 * thousands builds only the id, diameter and geometry the map asks for, not every attribute.
 */
class EnginePipe {
  private view?: PipeView;
  constructor(
    readonly networkId: string,
    private readonly engine: NetworkEngine,
    private readonly i: number,
    private readonly scale: number,
  ) {}
  private get v(): PipeView {
    return (this.view ??= this.engine.pipe(this.i));
  }
  get id() { return this.engine.compiled.linkIds.at(this.i); }
  get kind() { return this.v.kind; }
  get fromNodeId() { return this.v.fromNodeId; }
  get toNodeId() { return this.v.toNodeId; }
  get lengthM() { return this.v.lengthM; }
  get diameterMm() { return this.engine.linkDiameter(this.i); }
  get material() { return this.v.material; }
  get status() { return this.v.status; }
  get circuit() { return this.v.circuit; }
  get pressureLevel() { return this.v.pressureLevel; }
  get geometry() {
    return { type: 'LineString', coordinates: this.engine.linkCoordsRounded(this.i, this.scale) };
  }
}

/** Map viewport queries, answered from the in-memory engine so they cost no database round trip. */
export class MapService {
  private readonly scale: number;
  constructor(private readonly analysis: AnalysisService, cfg: MapConfig) {
    this.scale = 10 ** cfg.coordinateDecimals;
  }

  async pipesInBox(networkId: string, b: { minLon: number; minLat: number; maxLon: number; maxLat: number }, limit: number): Promise<PipeType[]> {
    const { engine } = await this.analysis.engineById(networkId);
    return engine.linkBoxIndex().search([b.minLon, b.minLat, b.maxLon, b.maxLat], limit).map((i) => new EnginePipe(networkId, engine, i, this.scale) as unknown as PipeType);
  }
}
