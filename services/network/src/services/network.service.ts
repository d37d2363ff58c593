import type { Identity, Logger } from '@mainline/common';
import { decodeKeyCursor, encodeKeyCursor, NotFoundError } from '@mainline/common/domain';
import type { NetworkEntity } from '../entities/network.entity';
import { LinkEntity, NodeEntity, ServicePointEntity, ValveEntity } from '../entities/network-element.entity';
import type { Box, ElementKey, NetworkRepository } from '../repositories/network.repository';

/** Reading the stored network; imports and analyses live in their own services. */
export class NetworkService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly log: Logger,
  ) {}

  async get(id: string): Promise<NetworkEntity> {
    const n = await this.repo.get(id);
    if (!n) throw new NotFoundError('network', id);
    return n;
  }

  /** A valve found seized, or a zone boundary valve closed for good: later traces use the new state. */
  async updateValve(actor: Identity, networkId: string, valveId: string, patch: { state?: 'OPEN' | 'CLOSED' | null; operable?: boolean | null }) {
    await this.get(networkId);
    const ok = await this.repo.updateValve(networkId, valveId, { state: patch.state ?? undefined, operable: patch.operable ?? undefined });
    if (!ok) throw new NotFoundError('valve', valveId);
    this.log.info({ networkId, valveId, state: patch.state, operable: patch.operable, user: actor.sub }, 'valve state changed');
    const [v] = await this.repo.findValves(networkId, [valveId]);
    return v;
  }

  find(id: string): Promise<NetworkEntity | null> {
    return this.repo.get(id);
  }

  /** Several networks in one read (a request's references and outages). */
  findMany(ids: readonly string[]): Promise<NetworkEntity[]> {
    return this.repo.getMany(ids);
  }

  /** Elements by federation key, of any networks, in one read each kind. */
  pipesByKeys(keys: readonly ElementKey[]) {
    return this.repo.findByKeys(LinkEntity, keys);
  }
  nodesByKeys(keys: readonly ElementKey[]) {
    return this.repo.findByKeys(NodeEntity, keys);
  }
  valvesByKeys(keys: readonly ElementKey[]) {
    return this.repo.findByKeys(ValveEntity, keys);
  }
  servicePointsByKeys(keys: readonly ElementKey[]) {
    return this.repo.findByKeys(ServicePointEntity, keys);
  }

  list(): Promise<NetworkEntity[]> {
    return this.repo.list();
  }

  async pipes(networkId: string, ids: string[]) {
    return this.repo.findLinks(networkId, ids);
  }
  async nodes(networkId: string, ids: string[]) {
    return this.repo.findNodes(networkId, ids);
  }
  async valves(networkId: string, ids: string[]) {
    return this.repo.findValves(networkId, ids);
  }
  valvesInBox(networkId: string, box: Box, limit: number) {
    return this.repo.valvesInBox(networkId, box, limit);
  }
  servicePointsInBox(networkId: string, box: Box, limit: number) {
    return this.repo.servicePointsInBox(networkId, box, limit);
  }
  async servicePoints(networkId: string, ids: string[]) {
    return this.repo.findServicePoints(networkId, ids);
  }

  /** A page of a network's service points in id order; the cursor is bound to the network. */
  async servicePointsOfNetwork(networkId: string, first: number, after: string | null): Promise<{ items: ServicePointEntity[]; nextCursor: string | null }> {
    const afterId = after ? decodeKeyCursor(after, networkId) : null;
    await this.get(networkId);
    const rows = await this.repo.servicePointsPage(networkId, afterId, first + 1);
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > first && last ? encodeKeyCursor(networkId, last.id) : null };
  }
}
