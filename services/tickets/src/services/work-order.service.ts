import { Clock, ForbiddenError, Identity, InvalidInputError, NotFoundError, hasRole } from '@mainline/common';
import type { DataSource } from 'typeorm';
import { DEFAULT_ROUTING } from '../domain/defaults';
import { Category, Channel, WorkOrderStatus } from '../domain/enums';
import type { WorkOrderEntity } from '../entities/work-order.entity';
import type { WorkOrderRepository } from '../repositories/work-order.repository';

export interface CreateWorkOrder {
  category: Category;
  channel: Channel;
  description: string;
  address?: string | null;
  location?: { lon: number; lat: number } | null;
  reporter?: { name?: string | null; phone?: string | null } | null;
  asset?: { type: string; networkId: string; id: string } | null;
}

const ASSET_TYPES = new Set(['Pipe', 'Valve', 'ServicePoint']);

export class WorkOrderService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: WorkOrderRepository,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateWorkOrder, actor: Identity): Promise<WorkOrderEntity> {
    if (!input.description?.trim()) throw new InvalidInputError('description is required', { field: 'description' });
    if (input.asset && !ASSET_TYPES.has(input.asset.type)) throw new InvalidInputError(`asset.type must be Pipe, Valve or ServicePoint, got "${input.asset.type}"`, { field: 'asset.type' });
    const now = this.clock.now();
    return this.ds.transaction(async (tx) =>
      this.repo.insert(tx, {
        number: await this.repo.nextNumber(tx, now.getUTCFullYear()),
        channel: input.channel,
        category: input.category,
        status: WorkOrderStatus.NEW,
        department: DEFAULT_ROUTING[input.category],
        description: input.description.trim(),
        address: input.address ?? null,
        lon: input.location?.lon ?? null,
        lat: input.location?.lat ?? null,
        reporterName: input.reporter?.name ?? null,
        reporterPhone: input.reporter?.phone ?? null,
        assetType: input.asset?.type ?? null,
        assetNetworkId: input.asset?.networkId ?? null,
        assetId: input.asset?.id ?? null,
        createdBy: actor.sub,
        createdAt: now,
      }),
    );
  }

  /** A department sees only its own orders (FORBIDDEN otherwise). */
  async get(id: string, actor: Identity): Promise<WorkOrderEntity> {
    const wo = await this.repo.get(id);
    if (!wo) throw new NotFoundError('work order', id);
    if (!hasRole(actor, 'agent', 'supervisor', 'admin') && wo.department !== actor.department) {
      throw new ForbiddenError(`work order ${wo.number} belongs to department ${wo.department}`);
    }
    return wo;
  }

  list(actor: Identity, limit: number): Promise<WorkOrderEntity[]> {
    const own = !hasRole(actor, 'agent', 'supervisor', 'admin');
    return this.repo.list(own ? { department: actor.department ?? '-' } : {}, limit);
  }
}
