import type { AnalysisService } from './analysis.service';
import type { PipeType } from '../schema/network.type';

/** Map viewport queries, answered from the in-memory engine so they cost no database round trip. */
export class MapService {
  constructor(private readonly analysis: AnalysisService) {}

  async pipesInBox(networkId: string, b: { minLon: number; minLat: number; maxLon: number; maxLat: number }, limit: number): Promise<PipeType[]> {
    const { engine } = await this.analysis.engineById(networkId);
    const out: PipeType[] = [];
    const links = engine.model.links;
    for (let i = 0; i < links.length && out.length < limit; i++) {
      const c = engine.linkCoords(i);
      if (!c) continue;
      let inside = false;
      let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
      for (const [x, y] of c) {
        if (x < minLon) minLon = x;
        if (x > maxLon) maxLon = x;
        if (y < minLat) minLat = y;
        if (y > maxLat) maxLat = y;
      }
      inside = minLon <= b.maxLon && maxLon >= b.minLon && minLat <= b.maxLat && maxLat >= b.minLat;
      if (!inside) continue;
      const l = links[i];
      out.push({
        networkId, id: l.id, kind: l.kind, fromNodeId: l.from, toNodeId: l.to, lengthM: l.lengthM ?? null, diameterMm: l.diameterMm ?? null,
        material: l.material ?? null, status: l.status ?? null, geometry: { type: 'LineString', coordinates: c },
      });
    }
    return out;
  }
}
