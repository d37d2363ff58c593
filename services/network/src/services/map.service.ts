import type { AnalysisService } from './analysis.service';
import type { PipeType } from '../schema/network.type';

/** Map viewport queries, answered from the in-memory engine so they cost no database round trip. */
export class MapService {
  constructor(private readonly analysis: AnalysisService) {}

  async pipesInBox(networkId: string, b: { minLon: number; minLat: number; maxLon: number; maxLat: number }, limit: number): Promise<PipeType[]> {
    const { engine } = await this.analysis.engineById(networkId);
    const out: PipeType[] = [];
    for (const i of engine.linkBoxIndex().search([b.minLon, b.minLat, b.maxLon, b.maxLat], limit)) {
      out.push({ networkId, ...engine.pipe(i), geometry: { type: 'LineString', coordinates: engine.linkCoords(i) } });
    }
    return out;
  }
}
