import { randomUUID } from 'node:crypto';
import { Clock, ConflictError, DomainError, ForbiddenError, Identity, InvalidInputError, NotFoundError } from '@mainline/common';
import { decodeCursor, encodeCursor, DEPARTMENT_UTILITY, DepartmentCode } from '@mainline/common/domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { TicketsSettings } from '../config';
import {
  assertVisitBeforeResolve, checkIsoDate, checkTemperatureVisit, Department, localDate, NeighbourEvidence, RoomReading, TemperatureCompliance,
  temperatureCompliance, VisitStaff, WorkOrderStatus as S,
} from '../domain';
import type { WorkOrderEntity } from '../entities/work-order.entity';
import type { MeasuringPointRow, TemperatureRoundRow, TemperatureVisitRepository, TemperatureVisitRow, VisitFilter } from '../repositories/temperature-visit.repository';
import type { WorkOrderRepository } from '../repositories/work-order.repository';
import { assertFieldWorker, assertFieldWorkReader, assertKindRun, isSupervisor } from './field-work-access';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** While the department has the order in hand: accepted, on site, waiting for the customer, asking for time. */
const VISIT_STATUSES: readonly S[] = [S.ACCEPTED, S.ON_SITE, S.WAITING_CUSTOMER, S.EXTENSION_REQUESTED];
const READ = { zh: '查看走访测温', en: 'read temperature-check visits' };
const WORK = { zh: '走访测温', en: 'record temperature-check visits' };
const PLAN = { zh: '安排测温巡回', en: 'plan temperature rounds' };

export interface SaveMeasuringPoint {
  code: string;
  name: string;
  address: string;
  department: Department;
  active?: boolean | null;
}

export interface PlanTemperatureRound {
  scheduledOn: string;
  /** Measuring points by code; none: every active point of the department (all, for a supervisor without one). */
  measuringPointCodes?: string[] | null;
  department?: Department | null;
}

export interface RecordTemperatureVisit {
  /** From a HEAT_TEMPERATURE order … */
  workOrderId?: string | null;
  /** … or a planned visit of a round. */
  visitId?: string | null;
  visitedAt?: Date | null;
  staff: VisitStaff[];
  rooms: RoomReading[];
  customerSignature?: string | null;
  customerRefused?: boolean | null;
  neighbour?: NeighbourEvidence | null;
  note?: string | null;
}

export interface PlannedRound {
  round: TemperatureRoundRow;
  planned: TemperatureVisitRow[];
  /** Codes of points that already had a planned visit (kept, not doubled). */
  skippedCodes: string[];
}

/**
 * Temperature-check visits of a heat utility (docs/domain.md "Heating utility"): the register of fixed
 * measuring points and their rounds, visits recorded from a HEAT_TEMPERATURE order or a planned round
 * visit, the resolve rule for those orders, and the compliance figure of the monthly report.
 */
export class TemperatureVisitService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: TemperatureVisitRepository,
    private readonly orders: WorkOrderRepository,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings,
  ) {}

  private get rules() {
    return this.cfg.fieldWork.visits;
  }

  /** The threshold in force (°C), shown beside the compliance figure. */
  get thresholdCelsius(): number {
    return this.rules.thresholdCelsius;
  }

  private get tz() {
    return this.cfg.calendar.timeZone;
  }

  private heatRun(argument: string) {
    assertKindRun(this.cfg.utilities, 'HEAT', argument);
  }

  // ---------------- the measuring-point register ----------------

  /** Supervisors keep the register; a point belongs to one heat department, which visits it. */
  async saveMeasuringPoint(actor: Identity, input: SaveMeasuringPoint): Promise<MeasuringPointRow> {
    if (!isSupervisor(actor)) throw new ForbiddenError('只有质量监督员或管理员维护测温点 / only supervisors and admins keep the measuring-point register');
    this.heatRun('input.department');
    const code = input.code?.trim();
    const name = input.name?.trim();
    const address = input.address?.trim();
    if (!code) throw new InvalidInputError('input.code 不能为空 / input.code is required', { field: 'input.code' });
    if (!name) throw new InvalidInputError('input.name 不能为空 / input.name is required', { field: 'input.name' });
    if (!address) throw new InvalidInputError('input.address 不能为空 / input.address is required', { field: 'input.address' });
    if (DEPARTMENT_UTILITY[input.department as DepartmentCode] !== 'HEAT') {
      throw new InvalidInputError(`测温点须归供热部门 / input.department: a measuring point belongs to a heat department, not ${input.department}`, { field: 'input.department' });
    }
    return this.repo.saveMeasuringPoint({ id: randomUUID(), code, name, address, department: input.department, active: input.active ?? true, at: this.clock.now(), by: actor.sub });
  }

  async measuringPoints(actor: Identity, f: { department?: Department | null; activeOnly: boolean }): Promise<MeasuringPointRow[]> {
    assertFieldWorkReader(actor, 'HEAT', READ);
    return this.repo.measuringPoints({ department: f.department ?? null, activeOnly: f.activeOnly });
  }

  measuringPointsByIds(ids: readonly string[]) {
    return this.repo.measuringPointsByIds(ids);
  }

  // ---------------- rounds ----------------

  /**
   * One planned visit per measuring point (docs/domain.md: regular visits to fixed measuring points find
   * problems before customers call). A department plans its own points; a point already planned is kept.
   */
  async planRound(actor: Identity, input: PlanTemperatureRound): Promise<PlannedRound> {
    const own = assertFieldWorker(actor, 'HEAT', PLAN);
    this.heatRun('input.department');
    const now = this.clock.now();
    const scheduledOn = checkIsoDate(input.scheduledOn, 'input.scheduledOn');
    const today = localDate(now, this.tz);
    if (scheduledOn < today) throw new InvalidInputError(`测温巡回不能安排在过去（今天 ${today}）/ input.scheduledOn ${scheduledOn} is in the past (today ${today})`, { field: 'input.scheduledOn' });
    if (own && input.department && input.department !== own) {
      throw new ForbiddenError(`部门 ${own} 只能安排本部门的测温点 / department ${own} plans its own measuring points only, not ${input.department}`);
    }
    const department = own ?? input.department ?? null;
    if (department && DEPARTMENT_UTILITY[department] !== 'HEAT') {
      throw new InvalidInputError(`input.department ${department} 不是供热部门 / is not a heat department`, { field: 'input.department' });
    }
    const codes = input.measuringPointCodes?.map((c) => c.trim());
    const points = await this.repo.measuringPoints({ department, activeOnly: true, codes: codes ?? undefined });
    if (codes) {
      codes.forEach((c, i) => {
        if (!points.some((p) => p.code === c)) {
          throw new DomainError('NOT_FOUND', `测温点 ${c} 不存在、已停用或不属于部门 ${department ?? '—'} / measuring point ${c} does not exist, is inactive or is not of department ${department ?? 'any'}`, {
            field: `input.measuringPointCodes[${i}]`, code: c,
          });
        }
      });
    }
    if (!points.length) throw new InvalidInputError(`没有可安排的在用测温点 / no active measuring points to plan${department ? ` for ${department}` : ''}`, { field: 'input.measuringPointCodes' });

    const round: TemperatureRoundRow = { id: randomUUID(), scheduledOn, department, plannedBy: actor.sub, plannedAt: now };
    const plannedIds = await this.ds.transaction((tx) =>
      this.repo.createRound(tx, round, points.map((p) => ({ id: randomUUID(), measuringPointId: p.id, department: p.department, address: p.address }))),
    );
    const planned = await this.repo.visitsOfRound(round.id);
    return { round, planned, skippedCodes: points.filter((p) => !plannedIds.includes(p.id)).map((p) => p.code) };
  }

  visitsOfRound(roundId: string) {
    return this.repo.visitsOfRound(roundId);
  }

  // ---------------- visits ----------------

  /**
   * Records a visit sheet (rules: checkTemperatureVisit), from an order the caller's department has in hand
   * or a planned visit of its round. One transaction: the sheet and the order's history line.
   */
  async record(actor: Identity, input: RecordTemperatureVisit): Promise<TemperatureVisitRow> {
    this.heatRun('input');
    const fromOrder = !!input.workOrderId;
    if (fromOrder === !!input.visitId) {
      throw new InvalidInputError('须给出 workOrderId（来自工单）或 visitId（巡回计划）之一 / give exactly one of input.workOrderId (an order) or input.visitId (a planned visit)', { field: 'input.workOrderId' });
    }
    const now = this.clock.now();
    const sheet = checkTemperatureVisit({ ...input, visitedAt: input.visitedAt ?? now }, now, this.rules);
    const id = await this.ds.transaction(async (tx) => (fromOrder ? this.recordForOrder(tx, actor, input.workOrderId as string, sheet, now) : this.recordPlanned(tx, actor, input.visitId as string, sheet, now)));
    return (await this.repo.visit(id)) as TemperatureVisitRow;
  }

  private async recordForOrder(tx: EntityManager, actor: Identity, orderId: string, sheet: ReturnType<typeof checkTemperatureVisit>, now: Date): Promise<string> {
    const wo = UUID.test(orderId) ? await this.orders.get(orderId, tx, true) : null;
    if (!wo) throw new DomainError('NOT_FOUND', `工单 ${orderId} 不存在 / work order ${orderId} not found`, { field: 'input.workOrderId', id: orderId });
    const own = assertFieldWorker(actor, 'HEAT', WORK);
    if (own && own !== wo.department) {
      throw new ForbiddenError(`工单 ${wo.number} 属于部门 ${wo.department} / work order ${wo.number} belongs to department ${wo.department}`);
    }
    if (!this.rules.visitRequiredCategories.includes(wo.category)) {
      throw new InvalidInputError(`类别 ${wo.category} 的工单不做走访测温 / input.workOrderId: an order of category ${wo.category} takes no temperature-check visit`, { field: 'input.workOrderId', category: wo.category });
    }
    if (!VISIT_STATUSES.includes(wo.status)) {
      throw new ConflictError(`工单 ${wo.number} 当前状态 ${wo.status}，须先接单 / order ${wo.number} is ${wo.status}: a visit is recorded while the department has it in hand`, { status: wo.status });
    }
    if (sheet.visitedAt.getTime() < wo.createdAt.getTime()) {
      throw new InvalidInputError(`走访时间早于报修时间 / input.visitedAt is before the report (${wo.createdAt.toISOString()})`, { field: 'input.visitedAt' });
    }
    const id = randomUUID();
    await this.repo.insertRecorded(tx, { id, workOrderId: wo.id, department: wo.department, address: wo.address }, sheet, actor.sub, now);
    await this.orders.addHistory(tx, {
      orderId: wo.id, from: wo.status, to: wo.status, action: 'TEMPERATURE_VISIT' as any, actorId: actor.sub, at: now,
      // No signatures or neighbour's address here: history is read by roles that may not see them.
      detail: { visitId: id, passed: sheet.passed, roomsJudged: sheet.roomsJudged, roomsPassed: sheet.roomsPassed, customerRefused: sheet.customerRefused },
    });
    return id;
  }

  private async recordPlanned(tx: EntityManager, actor: Identity, visitId: string, sheet: ReturnType<typeof checkTemperatureVisit>, now: Date): Promise<string> {
    const v = UUID.test(visitId) ? await this.repo.visit(visitId, tx, true) : undefined;
    if (!v) throw new DomainError('NOT_FOUND', `走访计划 ${visitId} 不存在 / planned visit ${visitId} not found`, { field: 'input.visitId', id: visitId });
    const own = assertFieldWorker(actor, 'HEAT', WORK);
    if (own && own !== v.department) throw new ForbiddenError(`该测温点归部门 ${v.department} / the visit belongs to department ${v.department}`);
    if (v.status !== 'PLANNED') throw new ConflictError(`走访 ${visitId} 已记录 / visit ${visitId} is already recorded`, { status: v.status });
    await this.repo.recordPlanned(tx, v.id, sheet, actor.sub, now);
    return v.id;
  }

  async get(actor: Identity, id: string): Promise<TemperatureVisitRow> {
    const own = assertFieldWorkReader(actor, 'HEAT', READ);
    const v = await this.repo.visit(id);
    if (!v) throw new NotFoundError('temperature visit', id);
    if (own && own !== v.department) throw new ForbiddenError(`走访 ${id} 属于部门 ${v.department} / visit ${id} belongs to department ${v.department}`);
    return v;
  }

  /** Newest first; a heat department sees its own visits. */
  async list(actor: Identity, f: Omit<VisitFilter, 'after' | 'department'>, first: number, after?: string | null): Promise<{ items: TemperatureVisitRow[]; nextCursor: string | null }> {
    const own = assertFieldWorkReader(actor, 'HEAT', READ);
    const limit = Math.max(1, Math.min(first, 500));
    const rows = await this.repo.list({ ...f, department: own ?? undefined, after: after ? decodeCursor(after) : undefined }, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** Visits of orders whose read access the caller already passed (WorkOrder.temperatureVisits). */
  visitsOfOrders(ids: readonly string[]) {
    return this.repo.visitsOfOrders(ids);
  }

  // ---------------- rules used elsewhere ----------------

  /** The resolve rule (WorkOrderService calls it inside the resolve transaction, after the lifecycle rules). */
  async checkResolvable(tx: EntityManager, wo: WorkOrderEntity): Promise<void> {
    if (!this.rules.visitRequiredCategories.includes(wo.category)) return;
    assertVisitBeforeResolve(wo, await this.repo.visitTimesOfOrder(tx, wo.id), this.rules);
  }

  /** The monthly report's room-temperature compliance for [start, end), of one department or all. */
  async compliance(start: Date, end: Date, department: Department | null): Promise<TemperatureCompliance> {
    return temperatureCompliance(await this.repo.outcomes(start, end, department), this.rules.complianceTarget);
  }
}
