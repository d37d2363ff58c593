import { DomainError, hasRole, ROLES, type Identity, type Logger } from '@mainline/common';
import type { NetworkEngine } from '../domain/analysis/engine';
import { NetworkTileIndex, type TileRules } from '../domain/tiles/network-tiles';
import { parseTilePath } from '../domain/tiles/tile-address';
import type { AnalysisService } from './analysis.service';

export interface TileServiceConfig {
  rules: TileRules;
  /** Bytes of encoded tiles kept (least recently used dropped first). */
  cacheBytes: number;
}

export interface TileAnswer {
  /** Empty when no layer has a feature in the tile. */
  bytes: Uint8Array;
  networkId: string;
  version: number;
  cached: boolean;
  /** Changes with the network's version and with the tile rules (a new deployment's generalisation). */
  etag: string;
}

/**
 * Vector tiles of a network's current version, cut from the in-memory engine and kept in a bounded LRU
 * keyed by (network, version, z/x/y); a new version of a network drops that network's older tiles.
 */
export class TileService {
  private readonly cache = new Map<string, Uint8Array>();
  private cachedBytes = 0;
  private readonly versions = new Map<string, number>();
  private readonly indexes = new WeakMap<NetworkEngine, NetworkTileIndex>();

  private readonly rulesTag: string;

  constructor(private readonly analysis: AnalysisService, readonly cfg: TileServiceConfig, private readonly log?: Logger) {
    let h = 0x811c9dc5;
    for (const ch of JSON.stringify(cfg.rules)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
    this.rulesTag = (h >>> 0).toString(36);
  }

  /** The tile a `/tiles/…` path names (segments after /tiles/), for any signed-in role that may read the map. */
  async tile(caller: Identity, segments: string[]): Promise<TileAnswer> {
    // The same readers as pipesInBox (gateway/role-matrix.json): every staff role, nobody without one.
    if (!hasRole(caller, ...ROLES)) throw new DomainError('FORBIDDEN', '无权查看管网地图 / not allowed to read the network map');
    const { networkId, tile } = parseTilePath(segments, this.cfg.rules.maxZoom);
    const { net, engine } = await this.analysis.engineById(networkId);
    if (this.versions.get(networkId) !== net.version) this.dropNetwork(networkId, net.version);
    const key = `${networkId}@${net.version}/${tile.z}/${tile.x}/${tile.y}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return { bytes: hit, networkId, version: net.version, cached: true, etag: this.etag(networkId, net.version) };
    }
    const bytes = this.indexOf(engine).tile(tile).bytes;
    this.remember(key, bytes);
    return { bytes, networkId, version: net.version, cached: false, etag: this.etag(networkId, net.version) };
  }

  private etag(networkId: string, version: number): string {
    return `"${networkId}@${version}.${this.rulesTag}"`;
  }

  /** The tile index of an engine version, built on its first tile (the engine's own R-tree is shared). */
  indexOf(engine: NetworkEngine): NetworkTileIndex {
    let ix = this.indexes.get(engine);
    if (!ix) this.indexes.set(engine, (ix = new NetworkTileIndex(engine, this.cfg.rules)));
    return ix;
  }

  /** Tiles and bytes held (for tests and benches). */
  cacheStats(): { tiles: number; bytes: number } {
    return { tiles: this.cache.size, bytes: this.cachedBytes };
  }

  private remember(key: string, bytes: Uint8Array): void {
    if (bytes.length > this.cfg.cacheBytes) return;
    this.cache.set(key, bytes);
    this.cachedBytes += bytes.length;
    for (const [k, b] of this.cache) {
      if (this.cachedBytes <= this.cfg.cacheBytes) break;
      this.cache.delete(k);
      this.cachedBytes -= b.length;
    }
  }

  private dropNetwork(networkId: string, version: number): void {
    const prefix = networkId + '@';
    let dropped = 0;
    for (const [k, b] of this.cache) {
      if (!k.startsWith(prefix)) continue;
      this.cache.delete(k);
      this.cachedBytes -= b.length;
      dropped++;
    }
    this.versions.set(networkId, version);
    if (dropped) this.log?.info({ networkId, version, dropped }, 'network version changed: its cached tiles dropped');
  }
}
