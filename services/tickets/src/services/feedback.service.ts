import { Clock, DomainError, ForbiddenError, hasRole, Identity, InvalidInputError } from '@mainline/common';
import { decodeCursor, encodeCursor } from '@mainline/common/domain';
import { Department, FeedbackKind, FeedbackSource } from '../domain';
import type { FeedbackRepository, FeedbackRow } from '../repositories/feedback.repository';
import type { WorkOrderRepository } from '../repositories/work-order.repository';

export interface FeedbackInput {
  kind: FeedbackKind;
  source: FeedbackSource;
  summary: string;
  /** When it came in (default: now); not in the future. */
  receivedAt?: Date | null;
  subjectDepartment?: Department | null;
  /** The staff member praised or criticised (name or staff id, as the utility records it). */
  subjectStaff?: string | null;
  workOrderId?: string | null;
}

/**
 * The praise and exposure register (docs/domain.md, Water rules: praise, criticism and media exposure
 * from customers, the mayor's hotline, regulators and the media are registered like complaints and
 * counted in the monthly report). The call center and supervisors register; a department reads what
 * is about it.
 */
export class FeedbackService {
  constructor(
    private readonly repo: FeedbackRepository,
    private readonly orders: WorkOrderRepository,
    private readonly clock: Clock,
  ) {}

  async register(actor: Identity, input: FeedbackInput): Promise<FeedbackRow> {
    if (!hasRole(actor, 'agent', 'supervisor', 'admin')) throw new ForbiddenError('表扬与曝光由客服中心或质量监督员登记 / praise and exposure are registered by the call center or supervisors');
    const now = this.clock.now();
    const summary = input.summary?.trim();
    if (!summary) throw new InvalidInputError('summary 必填 / summary is required', { argument: 'input.summary' });
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime()) throw new InvalidInputError('receivedAt 不能晚于现在 / receivedAt cannot be in the future', { argument: 'input.receivedAt' });
    if (input.workOrderId && !(await this.orders.get(input.workOrderId))) throw new DomainError('NOT_FOUND', `没有工单 ${input.workOrderId} / work order ${input.workOrderId} not found`, { argument: 'input.workOrderId' });
    return this.repo.insert({
      kind: input.kind, source: input.source, receivedAt, subjectDepartment: input.subjectDepartment ?? null, subjectStaff: input.subjectStaff?.trim() || null,
      workOrderId: input.workOrderId ?? null, summary, recordedBy: actor.sub, recordedAt: now,
    });
  }

  async list(
    actor: Identity,
    f: { kind?: FeedbackKind | null; source?: FeedbackSource | null; department?: Department | null; from?: Date | null; to?: Date | null },
    first: number,
    after?: string | null,
  ): Promise<{ items: FeedbackRow[]; nextCursor: string | null }> {
    let department = f.department ?? null;
    if (!hasRole(actor, 'agent', 'supervisor', 'admin')) {
      if (!hasRole(actor, 'department') || !actor.department) throw new ForbiddenError('the register is for the call center, supervisors and the departments concerned');
      if (department && department !== actor.department) throw new ForbiddenError(`部门 ${actor.department} 不能查看 ${department} 的登记 / department ${actor.department} cannot read entries about ${department}`);
      department = actor.department as Department;
    }
    const limit = Math.max(1, Math.min(first, 200));
    const rows = await this.repo.list({ ...f, department, ...(after ? { after: decodeCursor(after) } : {}) }, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.receivedAt, id: last.id }) : null };
  }
}
