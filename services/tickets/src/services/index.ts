import type { WorkOrderService } from './work-order.service';

export interface TicketsServices {
  workOrders: WorkOrderService;
}
