import { Store } from './store';

export interface ConsoleConfig {
  timeZone: string;
  /** Optional raster background, e.g. a utility's own tile server: https://tiles.example/{z}/{x}/{y}.png */
  tileUrl: string | null;
  /** The stack offers dev tokens (development only). */
  devTokens: boolean;
  pollMs: number;
  /** The utility kinds the deployment runs (UTILITY_KINDS): pickers offer only these. */
  utilityKinds: string[];
  /** Outages per page of the list (CONSOLE_OUTAGE_PAGE): each carries its impact, which the cost limit weighs. */
  outagePage: number;
  /** The deepest network tile the gateway serves (/tiles/…); the map enlarges it beyond. */
  networkTileMaxZoom: number;
}
export const config = new Store<ConsoleConfig>({ timeZone: 'Asia/Shanghai', tileUrl: null, devTokens: false, pollMs: 5000, utilityKinds: ['WATER', 'HEAT', 'GAS'], outagePage: 50, networkTileMaxZoom: 18 });

export async function loadConfig(): Promise<void> {
  try {
    const r = await fetch('/console/config.json');
    if (r.ok) config.set({ ...config.get(), ...((await r.json()) as Partial<ConsoleConfig>) });
  } catch {
    // Served without the gateway (vite dev without proxy): the defaults stand.
  }
}
