import type { EntityManager } from 'typeorm';

/** The ignition checks opened per outage and service point (table `ignition_check`). */
export class IgnitionCheckRepository {
  /**
   * Claims the (outage, service point) pairs not claimed before, each for the order id given, in the caller's
   * transaction; returns the service points claimed now. A pair claimed by an earlier event (or by a concurrent
   * transaction, which this one waits for) is left alone. One statement whatever the number of households:
   * three array parameters.
   */
  async claim(tx: EntityManager, outageId: string, rows: Array<{ servicePointId: string; workOrderId: string }>): Promise<Set<string>> {
    if (!rows.length) return new Set();
    const claimed: Array<{ id: string }> = await tx.query(
      `INSERT INTO ignition_check (outage_id, service_point_id, work_order_id)
       SELECT $1, sp, wo FROM unnest($2::text[], $3::uuid[]) AS r(sp, wo)
       ON CONFLICT (outage_id, service_point_id) DO NOTHING
       RETURNING service_point_id AS id`,
      [outageId, rows.map((r) => r.servicePointId), rows.map((r) => r.workOrderId)],
    );
    return new Set(claimed.map((r) => r.id));
  }
}
