import { Store } from './store';

export interface ConsoleConfig {
  timeZone: string;
  /** Optional raster background, e.g. a utility's own tile server: https://tiles.example/{z}/{x}/{y}.png */
  tileUrl: string | null;
  /** The stack offers dev tokens (development only). */
  devTokens: boolean;
  pollMs: number;
  /** The deepest network tile the gateway serves (/tiles/…); the map enlarges it beyond. */
  networkTileMaxZoom: number;
}
export const config = new Store<ConsoleConfig>({ timeZone: 'Asia/Shanghai', tileUrl: null, devTokens: false, pollMs: 5000, networkTileMaxZoom: 18 });

export async function loadConfig(): Promise<void> {
  try {
    const r = await fetch('/console/config.json');
    if (r.ok) config.set({ ...config.get(), ...((await r.json()) as Partial<ConsoleConfig>) });
  } catch {
    // Served without the gateway (vite dev without proxy): the defaults stand.
  }
}

/** Outages per list query: each carries its impact (the gateway weighs Outage.impact at 200), so 50 stays under the default cost limit. */
export const OUTAGE_PAGE = 50;
