import { randomUUID } from 'node:crypto';
import type { Identity, Logger, OutageEvent } from '@mainline/common';
import type { EntityManager } from 'typeorm';
import type { TicketsSettings } from '../config';
import { Channel, planIgnitionChecks } from '../domain';
import type { IgnitionCheckRepository } from '../repositories/ignition-check.repository';
import type { Relay, WorkOrderService } from './work-order.service';

/** Mainline itself, as the maker of the ignition checks (the orders' creator and history say so). */
export const IGNITION_CHECK_SYSTEM: Identity = { sub: 'system:ignition-check', name: '点火检查 / ignition check', roles: [], department: null };

/**
 * Restoring gas is not opening valves (docs/domain.md "Gas utility"): on a gas outage's `outage.restored`,
 * one GAS_SERVICE order per affected household, routed and clocked like any GAS_SERVICE order, linked to the
 * outage (`workOrders(filter: { outageId })` lists them), vulnerable households first. Once per outage and
 * household, whatever the re-deliveries or later restored events (table `ignition_check`).
 */
export class IgnitionCheckService {
  constructor(
    private readonly repo: IgnitionCheckRepository,
    private readonly workOrders: WorkOrderService,
    private readonly cfg: TicketsSettings,
    private readonly log: Logger,
    private readonly relay: Relay = { kick: () => undefined },
  ) {}

  /**
   * Opens the checks an outage event calls for, in the caller's transaction (the one that records the event
   * as processed): none unless it is a gas outage's restoration. Returns how many orders were opened.
   */
  async openForEvent(tx: EntityManager, ev: OutageEvent): Promise<number> {
    const o = ev.outage;
    if (ev.type !== 'outage.restored' || o.utility !== 'GAS') return 0;
    if (!this.cfg.utilities.includes('GAS')) {
      // Cannot succeed on a retry: the deployment does not run gas (UTILITY_KINDS), so its orders cannot exist.
      this.log.error({ outageId: o.id, utilities: this.cfg.utilities }, 'gas outage restored but GAS is not a utility kind this deployment runs: no ignition checks opened');
      return 0;
    }
    const plan = planIgnitionChecks({ id: o.id, number: o.number, networkId: o.networkId }, o.affectedServicePoints ?? []);
    if (!plan.length) return 0;
    // The orders share their report time, so a list of them (newest first, then by id descending) follows
    // their ids: the ids are handed out in descending order, so the list reads in visiting order —
    // vulnerable households first — as the numbers do.
    const ids = plan.map(() => randomUUID()).sort().reverse();
    const claimed = await this.repo.claim(tx, o.id, plan.map((p, i) => ({ servicePointId: p.servicePointId, workOrderId: ids[i] })));
    const items = plan.flatMap((p, i) => (claimed.has(p.servicePointId) ? [{
      id: ids[i], outageId: o.id, utility: 'GAS' as const, category: p.category, channel: Channel.SYSTEM,
      description: p.description, address: p.address, priority: p.priority, ...(p.vulnerable ? { priorityReason: 'VULNERABLE' } : {}),
      // Not asked of the network service again: the network service itself just listed these service points
      // as cut off by the outage, and a consumer has no caller whose identity it could forward.
      asset: p.asset,
    }] : []));
    const orders = await this.workOrders.createManyIn(tx, IGNITION_CHECK_SYSTEM, items, this.cfg.ignitionCheckBatch);
    if (orders.length) this.log.info({ outageId: o.id, opened: orders.length, already: plan.length - orders.length }, 'ignition checks opened');
    return orders.length;
  }

  /** After the caller's commit: the orders' workorder.created events leave through the outbox now. */
  committed(): void {
    this.relay.kick();
  }
}
