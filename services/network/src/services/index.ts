import type { AnalysisService } from './analysis.service';
import type { ImportService } from './import.service';
import type { MapService } from './map.service';
import type { NetworkService } from './network.service';
import type { OutageService } from './outage.service';
import type { TileService } from './tile.service';

/** What thin resolvers may call; built once in app.ts. */
export interface NetworkServices {
  networks: NetworkService;
  population: Pick<AnalysisService, 'totalPopulation'>;
  analysis: AnalysisService;
  imports: ImportService;
  map: MapService;
  tiles: TileService;
  outages: OutageService;
}
