import type { AnalysisService } from './analysis.service';
import type { PipeType } from '../schema/network.type';

/** Map viewport queries, answered from the in-memory engine so they cost no database round trip. */
export class MapService {
  constructor(private readonly analysis: AnalysisService) {}

  async pipesInBox(networkId: string, b: { minLon: number; minLat: number; maxLon: number; maxLat: number }, limit: number): Promise<PipeType[]> {
    const { engine } = await this.analysis.engineById(networkId);
    const out: PipeType[] = [];
    for (const id of engine.linkBoxIndex().search([b.minLon, b.minLat, b.maxLon, b.maxLat], limit)) {
      const i = engine.compiled.linkIndex.get(id)!;
      const l = engine.model.links[i];
      out.push({
        networkId, id: l.id, kind: l.kind, fromNodeId: l.from, toNodeId: l.to, lengthM: l.lengthM ?? null, diameterMm: l.diameterMm ?? null,
        material: l.material ?? null, status: l.status ?? null, geometry: { type: 'LineString', coordinates: engine.linkCoords(i) },
      });
    }
    return out;
  }
}
