import { randomUUID } from 'node:crypto';
import {
  BusMessage, Clock, ConflictError, ForbiddenError, hasRole, Identity, InvalidInputError, markProcessed, NotFoundError, outboxInserts, topicName, TOPICS,
} from '@mainline/common';
import { decodeCursor, encodeCursor } from '@mainline/common/domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { TicketsSettings } from '../config';
import {
  authorizeAction, callbackMethod, callbackPolicy, Category, Channel, ComplaintTarget, computeCompensation, computeDeadlines,
  DEFAULT_DUPLICATE_OPTIONS, DEFAULT_LIFECYCLE_CONFIG, Deadlines, Department, doneField, dueField, DuplicateCandidate,
  findDuplicateCandidates, HistoryEntry, LEVEL_BY_CODE, LEVEL_CODES, levelAt, nextCheckAt, Pause, pointInArea, relatedCategories, routeReport, SLA_KINDS,
  SlaKind, SlaTarget, targetDueFrom, targetStart, TERMINAL_STATUSES, thresholdInstants, transition, WorkingCalendar, WorkOrderAction, WorkOrderStatus as S,
} from '../domain';
import type { WorkOrderEntity } from '../entities/work-order.entity';
import { orderEvent, smsEvent, WorkOrderEventType } from '../events/workorder-events';
import type { OutageRepository, OutageRow } from '../repositories/outage.repository';
import type { ClockRow, SlaClockRepository } from '../repositories/sla-clock.repository';
import { SqlBatch } from '../repositories/sql-batch';
import type { ListFilter, OrderForAction, WorkOrderRepository } from '../repositories/work-order.repository';
import { readsAllDepartments, roleRulesFor, toActor } from './actor';
import type { SettingsService } from './settings.service';

export interface CreateWorkOrder {
  category: Category;
  channel: Channel;
  description: string;
  address?: string | null;
  location?: { lon: number; lat: number } | null;
  reporter?: { name?: string | null; phone?: string | null } | null;
  asset?: { type: string; networkId: string; id: string } | null;
  priority?: string | null;
  complaintTarget?: ComplaintTarget | null;
  complaintSubjectDepartment?: Department | null;
}

export interface CallbackInput {
  satisfied: boolean;
  method: 'SMS' | 'PHONE';
  quality?: string | null;
  attitude?: string | null;
  worksQuality?: string | null;
  timeliness?: string | null;
  comment?: string | null;
}

export interface SurveyReply {
  replyId: string;
  workOrderId: string;
  satisfied: boolean;
  comment?: string | null;
}

export interface Relay {
  kick(): void;
}

const ASSET_TYPES = new Set(['Pipe', 'Valve', 'ServicePoint']);
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const NO_SERVICE: readonly S[] = [S.LINKED_TO_OUTAGE, S.MERGED, S.CANCELLED, S.CLOSED];
const EVENT_FOR: Partial<Record<string, WorkOrderEventType>> = {
  DISPATCH: 'workorder.dispatched', ACCEPT: 'workorder.accepted', RESOLVE: 'workorder.resolved', REOPEN: 'workorder.reopened',
};

const formats = new Map<string, Intl.DateTimeFormat>();
const fmt = (d: Date, tz: string) => {
  let f = formats.get(tz);
  if (!f) formats.set(tz, (f = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return f.format(d);
};

/** The resolve deadline the department works to now: the revisit's while one is open, else the first. */
function resolveDueInForce(wo: WorkOrderEntity): Date | null {
  return wo.reopenedAt && !wo.revisitResolvedAt ? wo.revisitDueAt : wo.resolveDueAt;
}

/** What an order's deadlines are computed from besides the order itself. */
type SlaInputs = Omit<OrderForAction, 'wo'>;
const NO_SLA_INPUTS = (): SlaInputs => ({ pauses: [], extensions: [], clockLevels: new Map() });

/** The deadline columns, clock rows and compensation proposals refreshSla-style recomputation yields. */
interface SlaPlan {
  /** Due columns and the `breached` flag (any breached clock not yet met). */
  patch: Partial<WorkOrderEntity>;
  clocks: ClockRow[];
  /** Null when compensation is not kept up to date for this order (no service, not closed). */
  compensation: { upserts: Array<{ ruleId: string; target: string; amountCny: number; units: number; provisional: boolean; reason: string }>; keep: string[] } | null;
}

interface CallbackTaskRow {
  orderId: string;
  method: 'SMS' | 'PHONE';
  reason: string;
  createdAt: Date;
  dueAt: Date | null;
}

/**
 * Work orders: creation (routing, known outages), every transition of the lifecycle (rules in the
 * domain module), deadlines and their clocks, callbacks and the events they publish. Every change is
 * one transaction with its history row and outbox events; the relay is kicked after commit.
 */
export class WorkOrderService {
  readonly calendar: WorkingCalendar;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: WorkOrderRepository,
    private readonly clocks: SlaClockRepository,
    private readonly outages: OutageRepository,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings,
    private readonly relay: Relay = { kick: () => undefined },
  ) {
    this.calendar = new WorkingCalendar(cfg.calendar);
  }

  private get topic(): string {
    return topicName(this.cfg.topicPrefix, TOPICS.workorderEvents);
  }

  // ---------------- reads ----------------

  /** A department sees only its own orders (FORBIDDEN otherwise). */
  async get(id: string, actor: Identity): Promise<WorkOrderEntity> {
    const wo = await this.repo.get(id);
    if (!wo) throw new NotFoundError('work order', id);
    this.assertCanRead(wo, actor);
    return wo;
  }

  /** Several orders in one read, in the order of `ids`; the same access rule as `get` for each. */
  async getMany(ids: string[], actor: Identity): Promise<WorkOrderEntity[]> {
    const byId = new Map((await this.repo.byIds(ids)).map((w) => [w.id, w]));
    return ids.map((id) => {
      const wo = byId.get(id);
      if (!wo) throw new NotFoundError('work order', id);
      this.assertCanRead(wo, actor);
      return wo;
    });
  }

  assertCanRead(wo: WorkOrderEntity, actor: Identity): void {
    if (readsAllDepartments(actor)) return;
    if (!actor.department || wo.department !== actor.department) {
      throw new ForbiddenError(`工单 ${wo.number} 属于部门 ${wo.department} / work order ${wo.number} belongs to department ${wo.department}`);
    }
  }

  async list(actor: Identity, f: Omit<ListFilter, 'after'>, first: number, after?: string | null): Promise<{ items: WorkOrderEntity[]; nextCursor: string | null }> {
    const filter: ListFilter = { ...f };
    if (!readsAllDepartments(actor)) {
      if (f.department && f.department !== actor.department) {
        throw new ForbiddenError(`部门 ${actor.department ?? '无'} 不能查看 ${f.department} 的工单 / department ${actor.department ?? 'none'} cannot read orders of ${f.department}`);
      }
      if (!actor.department) throw new ForbiddenError('token has no department');
      filter.department = actor.department as Department;
    }
    if (after) filter.after = decodeCursor(after);
    const limit = Math.max(1, Math.min(first, 200));
    const rows = await this.repo.list(filter, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** Open orders that may be the same event (same or related category, near in space and time). */
  async duplicateCandidates(wo: WorkOrderEntity): Promise<DuplicateCandidate[]> {
    if (wo.lat === null || wo.lon === null || wo.status !== S.NEW) return [];
    const { radiusM, windowMin } = this.cfg.duplicate;
    const related = relatedCategories(wo.category, DEFAULT_DUPLICATE_OPTIONS.relatedCategories);
    const dLat = radiusM / 111_000;
    const dLon = dLat / Math.max(0.01, Math.cos((wo.lat * Math.PI) / 180));
    const window = windowMin * 60_000;
    const near = await this.repo.openNear(
      [...related],
      { minLon: wo.lon - dLon, maxLon: wo.lon + dLon, minLat: wo.lat - dLat, maxLat: wo.lat + dLat },
      new Date(wo.createdAt.getTime() - window), new Date(wo.createdAt.getTime() + window), wo.id,
    );
    return findDuplicateCandidates(
      { category: wo.category, location: { lat: wo.lat as number, lon: wo.lon as number }, at: wo.createdAt },
      near.filter((o) => o.lat !== null && o.lon !== null).map((o) => ({ id: o.id, category: o.category, location: { lat: o.lat as number, lon: o.lon as number }, createdAt: o.createdAt, status: o.status })),
      { radiusM, windowMin },
    );
  }

  outage(id: string): Promise<OutageRow | null> {
    return this.outages.get(id);
  }

  // ---------------- create ----------------

  async create(input: CreateWorkOrder, actor: Identity): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    const who = toActor(actor);
    authorizeAction(who, 'CREATE');
    if (!input.description?.trim()) throw new InvalidInputError('描述必填 / description is required', { field: 'description' });
    const loc = input.location ?? null;
    if (loc && !(Number.isFinite(loc.lon) && Number.isFinite(loc.lat) && Math.abs(loc.lon) <= 180 && Math.abs(loc.lat) <= 90)) {
      throw new InvalidInputError('location 须为 WGS84 经纬度 / location must be WGS84 lon/lat degrees', { field: 'location' });
    }
    const phone = input.reporter?.phone?.trim() || null;
    if (phone && !PHONE.test(phone)) throw new InvalidInputError(`reporter.phone "${phone}" 不是电话号码 / is not a phone number`, { field: 'reporter.phone' });
    if (input.asset && !ASSET_TYPES.has(input.asset.type)) {
      throw new InvalidInputError(`asset.type must be Pipe, Valve or ServicePoint, got "${input.asset.type}"`, { field: 'asset.type' });
    }

    // Known outage: a report it explains, from inside its area, is linked and answered at once.
    let outage: OutageRow | null = null;
    if (loc && this.settings.outageExplained().includes(input.category)) {
      const candidates = await this.outages.candidatesAt(loc.lon, loc.lat, now);
      outage = candidates.find((o) => pointInArea({ lon: loc.lon, lat: loc.lat }, o.area)) ?? null;
    }
    const route = routeReport({ category: input.category, insideKnownOutage: !!outage }, await this.settings.routingMap(), this.settings.outageExplained());

    // The row is complete before it is written (id, number, deadlines, clocks), so a create is one
    // sequence call and one statement; a report linked to a known outage goes through the transition.
    const base: WorkOrderEntity = {
      id: randomUUID(),
      number: await this.repo.nextNumber(this.ds, Number(this.calendar.localDate(now).slice(0, 4))),
      channel: input.channel,
      category: route.category,
      status: S.NEW,
      department: route.department,
      priority: input.priority?.trim() || 'NORMAL',
      description: input.description.trim(),
      address: input.address?.trim() || null,
      lon: loc?.lon ?? null,
      lat: loc?.lat ?? null,
      reporterName: input.reporter?.name?.trim() || null,
      reporterPhone: phone,
      assetType: input.asset?.type ?? null,
      assetNetworkId: input.asset?.networkId ?? null,
      assetId: input.asset?.id ?? null,
      outageId: null,
      mergedInto: null,
      returnTo: null,
      complaintTarget: input.complaintTarget ?? null,
      complaintSubjectDepartment: input.complaintSubjectDepartment ?? null,
      firstContactOwner: actor.sub,
      createdBy: actor.sub,
      createdAt: now,
      dispatchedAt: null, acceptedAt: null, onSiteAt: null, resolvedAt: null, calledBackAt: null, closedAt: null, pausedAt: null,
      dispatchDueAt: null, acceptDueAt: null, onSiteDueAt: null, resolveDueAt: null, callbackDueAt: null,
      extensionCount: 0,
      returnCount: 0,
      callbackMethod: null,
      callbackSatisfied: null,
      breached: false,
      reopenedAt: null, reopenCount: 0, revisitDueAt: null, revisitResolvedAt: null,
    };
    const created: HistoryEntry = { orderId: base.id, from: S.NEW, to: S.NEW, action: 'CREATE', actorId: actor.sub, at: now, detail: { channel: input.channel, category: route.category, department: route.department } };

    let wo: WorkOrderEntity;
    if (outage) {
      const linked = outage;
      wo = await this.ds.transaction(async (tx) => {
        const b = new SqlBatch();
        this.repo.insertIn(b, base);
        this.repo.historyIn(b, created);
        await b.run(tx);
        const row = await this.applyInTx(tx, { wo: base, ...NO_SLA_INPUTS() }, { type: 'LINK_OUTAGE', outageId: linked.id }, actor, now, {
          outageNumber: linked.number, expectedEnd: linked.endsAt.toISOString(),
        });
        const e = new SqlBatch();
        this.outboxIn(e, [orderEvent('workorder.created', row, now)]);
        await e.run(tx);
        return row;
      });
    } else {
      const sla = await this.planSla(base, now, NO_SLA_INPUTS());
      wo = { ...base, ...sla.patch };
      const b = new SqlBatch();
      this.repo.insertIn(b, wo);
      this.repo.historyIn(b, created);
      this.slaIn(b, wo.id, sla, now);
      this.outboxIn(b, [orderEvent('workorder.created', wo, now)]);
      await b.run(this.ds); // one statement: atomic without a transaction block
    }
    this.relay.kick();
    return wo;
  }

  // ---------------- transitions ----------------

  /**
   * Loads and locks the order, checks read access, applies one action, commits, kicks the relay.
   * `action` may be derived from the locked order (e.g. dispatch to its routed department).
   */
  async act(id: string, action: WorkOrderAction | ((wo: WorkOrderEntity) => WorkOrderAction), actor: Identity, extra: Record<string, unknown> = {}): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    const wo = await this.ds.transaction(async (tx) => {
      const o = await this.repo.lockForAction(tx, id);
      if (!o) throw new NotFoundError('work order', id);
      this.assertCanRead(o.wo, actor);
      return this.applyInTx(tx, o, typeof action === 'function' ? action(o.wo) : action, actor, now, extra);
    });
    this.relay.kick();
    return wo;
  }

  dispatch(id: string, department: Department | null | undefined, actor: Identity) {
    return this.act(id, (wo) => ({ type: 'DISPATCH', department: department ?? wo.department }), actor);
  }
  accept(id: string, actor: Identity) {
    return this.act(id, { type: 'ACCEPT' }, actor);
  }
  arriveOnSite(id: string, actor: Identity) {
    return this.act(id, { type: 'ARRIVE' }, actor);
  }
  waitForCustomer(id: string, reason: string, actor: Identity) {
    return this.act(id, { type: 'WAIT_CUSTOMER', reason }, actor);
  }
  resume(id: string, actor: Identity) {
    return this.act(id, { type: 'RESUME' }, actor);
  }
  resolve(id: string, result: string, actor: Identity) {
    return this.act(id, { type: 'RESOLVE', result }, actor);
  }
  requestExtension(id: string, newDueAt: Date, reason: string, actor: Identity) {
    return this.act(id, { type: 'REQUEST_EXTENSION', newDueAt, reason }, actor);
  }
  decideExtension(id: string, approved: boolean, comment: string | null | undefined, actor: Identity) {
    return this.act(id, { type: 'DECIDE_EXTENSION', approved, ...(comment ? { comment } : {}) }, actor);
  }
  close(id: string, actor: Identity) {
    return this.act(id, { type: 'CLOSE' }, actor);
  }
  cancel(id: string, reason: string, actor: Identity) {
    return this.act(id, { type: 'CANCEL', reason }, actor);
  }

  /** The call center allows one return of the order (docs/domain.md: only with the call center's permission). */
  async grantReturnPermission(id: string, actor: Identity): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    return this.ds.transaction(async (tx) => {
      const wo = await this.repo.get(id, tx, true);
      if (!wo) throw new NotFoundError('work order', id);
      // Same grant as dispatching: the call center decides where an order goes.
      authorizeAction(toActor(actor), 'DISPATCH', wo);
      if (TERMINAL_STATUSES.includes(wo.status)) throw new ConflictError(`work order ${wo.number} is ${wo.status}`);
      await this.repo.grantReturn(tx, id, actor.sub, now);
      await this.repo.addHistory(tx, { orderId: id, from: wo.status, to: wo.status, action: 'GRANT_RETURN' as any, actorId: actor.sub, at: now, detail: {} });
      return wo;
    });
  }

  /** A department hands back a misrouted order; needs an open permission from the call center; clocks keep running. */
  async returnOrder(id: string, reason: string, actor: Identity): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    const wo = await this.ds.transaction(async (tx) => {
      const o = await this.repo.lockForAction(tx, id);
      if (!o) throw new NotFoundError('work order', id);
      const row = o.wo;
      this.assertCanRead(row, actor);
      authorizeAction(toActor(actor), 'RETURN', row);
      const permittedBy = await this.repo.takeReturnPermission(tx, id, now);
      return this.applyInTx(tx, o, { type: 'RETURN', reason, ...(permittedBy ? { permittedBy } : {}) }, actor, now);
    });
    this.relay.kick();
    return wo;
  }

  async recordCallback(id: string, input: CallbackInput, actor: Identity): Promise<WorkOrderEntity> {
    return this.act(id, { type: 'CALLBACK', satisfied: input.satisfied, method: input.method, ...(input.comment ? { comment: input.comment } : {}) }, actor, {
      callback: input,
    });
  }

  /** An SMS survey answer (Kafka or the notice system's mutation); the same reply applied twice changes nothing. */
  async applySurveyReply(reply: SurveyReply, actor: Identity): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    if (!reply.replyId?.trim()) throw new InvalidInputError('replyId is required', { field: 'replyId' });
    const wo = await this.ds.transaction(async (tx) => {
      const o = await this.repo.lockForAction(tx, reply.workOrderId);
      if (!o) throw new NotFoundError('work order', reply.workOrderId);
      if (!(await markProcessed(tx, 'tickets.survey-replies', reply.replyId))) return o.wo;
      return this.applyInTx(tx, o, { type: 'SURVEY_REPLY', satisfied: reply.satisfied, ...(reply.comment ? { comment: reply.comment } : {}) }, actor, now, {
        replyId: reply.replyId,
      });
    });
    this.relay.kick();
    return wo;
  }

  /** Merges a duplicate report into an open order: the caller is linked to it, not dispatched again. */
  async merge(id: string, intoId: string, actor: Identity): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    const wo = await this.ds.transaction(async (tx) => {
      const [a, b] = id < intoId ? [id, intoId] : [intoId, id]; // lock in a fixed order: no deadlock between opposite merges
      const rows = new Map<string, OrderForAction | null>([[a, await this.repo.lockForAction(tx, a)], [b, await this.repo.lockForAction(tx, b)]]);
      const o = rows.get(id);
      const target = rows.get(intoId)?.wo;
      if (!o) throw new NotFoundError('work order', id);
      if (!target) throw new NotFoundError('work order', intoId);
      const row = o.wo;
      if (TERMINAL_STATUSES.includes(target.status)) throw new ConflictError(`不能合并到已结束的工单 ${target.number} / cannot merge into ${target.number}: it is ${target.status}`);
      const merged = await this.applyInTx(tx, o, { type: 'MERGE', intoOrderId: intoId }, actor, now, { intoNumber: target.number });
      await this.repo.addHistory(tx, {
        orderId: intoId, from: target.status, to: target.status, action: 'LINK_CALLER' as any, actorId: actor.sub, at: now,
        detail: { mergedOrderId: id, mergedNumber: row.number, reporterName: row.reporterName },
      });
      return merged;
    });
    this.relay.kick();
    return wo;
  }

  async addAttachment(id: string, a: { url: string; name?: string | null; contentType?: string | null }, actor: Identity): Promise<WorkOrderEntity> {
    const wo = await this.get(id, actor);
    let url: URL;
    try {
      url = new URL(a.url);
    } catch {
      throw new InvalidInputError(`attachment url "${a.url}" is not a URL`, { field: 'url' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidInputError('attachment url must be http(s)', { field: 'url' });
    await this.repo.addAttachment(id, { url: url.toString(), name: a.name ?? null, contentType: a.contentType ?? null, by: actor.sub, at: this.clock.now() });
    return wo;
  }

  /**
   * One action inside the caller's transaction on a locked row: rules, row, history, clocks, events.
   * Writes that later reads depend on (pauses, extensions) go first; everything else is one statement.
   */
  private async applyInTx(tx: EntityManager, o: OrderForAction, action: WorkOrderAction, actor: Identity, now: Date, extra: Record<string, unknown> = {}): Promise<WorkOrderEntity> {
    const wo = o.wo;
    let { pauses, extensions } = o;
    const who = toActor(actor);
    const isHead = action.type === 'DECIDE_EXTENSION' && !!who.department && who.department === wo.department
      ? (await this.settings.departmentHeads(wo.department)).includes(actor.sub)
      : false;
    const r = transition(
      { id: wo.id, status: wo.status, category: wo.category, department: wo.department, returnTo: wo.returnTo ?? undefined, resolveDueAt: resolveDueInForce(wo) ?? undefined },
      action, who, now, { ...DEFAULT_LIFECYCLE_CONFIG, roleRules: roleRulesFor(isHead) },
    );
    const patch: Partial<WorkOrderEntity> = { status: r.status, department: r.department ?? wo.department, returnTo: r.returnTo };
    const events: Array<BusMessage | null> = [];
    switch (action.type) {
      case 'DISPATCH':
        patch.dispatchedAt = wo.dispatchedAt ?? now; // first dispatch: a re-dispatch keeps the clock
        break;
      case 'ACCEPT':
        patch.acceptedAt = wo.acceptedAt ?? now;
        break;
      case 'ARRIVE':
        patch.onSiteAt = wo.onSiteAt ?? now;
        break;
      case 'RESOLVE':
        // The first resolution keeps its time (the report judges it); a revisit records its own.
        if (wo.resolvedAt && wo.reopenedAt) patch.revisitResolvedAt = now;
        else patch.resolvedAt = wo.resolvedAt ?? now;
        break;
      case 'WAIT_CUSTOMER':
        patch.pausedAt = now;
        await this.repo.openPause(tx, wo.id, now, action.reason);
        pauses = await this.repo.pauses(tx, wo.id);
        break;
      case 'RESUME':
        patch.pausedAt = null;
        await this.repo.closePause(tx, wo.id, now);
        pauses = await this.repo.pauses(tx, wo.id);
        break;
      case 'RETURN':
        patch.returnCount = wo.returnCount + 1;
        break;
      case 'REQUEST_EXTENSION':
        patch.extensionCount = wo.extensionCount + 1;
        await this.repo.insertExtension(tx, wo.id, { requestedBy: actor.sub, requestedAt: now, previousDueAt: resolveDueInForce(wo), newDueAt: action.newDueAt, reason: action.reason.trim() });
        extensions = await this.repo.extensions(tx, wo.id);
        break;
      case 'DECIDE_EXTENSION':
        await this.repo.decideExtension(tx, wo.id, action.approved, actor.sub, now, action.comment ?? null);
        extensions = await this.repo.extensions(tx, wo.id);
        break;
      case 'MERGE':
        patch.mergedInto = action.intoOrderId;
        break;
      case 'LINK_OUTAGE':
        patch.outageId = action.outageId;
        break;
      case 'CLOSE':
      case 'CANCEL':
        patch.closedAt = now;
        break;
      case 'CALLBACK':
      case 'SURVEY_REPLY': {
        const method = action.type === 'CALLBACK' ? action.method : 'SMS';
        patch.calledBackAt = wo.calledBackAt ?? now;
        patch.callbackSatisfied = action.satisfied;
        patch.callbackMethod = method;
        const c = (extra.callback as CallbackInput | undefined) ?? { satisfied: action.satisfied, method, comment: action.comment };
        await this.repo.addCallbackRecord(tx, { orderId: wo.id, ...c, method, satisfied: action.satisfied, by: actor.sub, at: now });
        await this.repo.completeCallbackTasks(tx, wo.id, action.type === 'SURVEY_REPLY' ? 'SMS' : null, now);
        break;
      }
    }
    if (r.status === S.REOPENED && wo.status !== S.REOPENED) {
      // A new revisit: its deadline runs from now (planSla), the previous revisit's resolution no longer counts.
      patch.reopenedAt = now;
      patch.reopenCount = wo.reopenCount + 1;
      patch.revisitResolvedAt = null;
    }
    const { callback: _c, ...historyExtra } = extra;
    const entry: HistoryEntry = { ...r.entry, detail: { ...r.entry.detail, ...historyExtra } };
    const changed = { ...wo, ...patch } as WorkOrderEntity;
    const sla = await this.planSla(changed, now, { pauses, extensions, clockLevels: o.clockLevels });
    const row = { ...changed, ...sla.patch } as WorkOrderEntity;

    const eventType = r.status === S.REOPENED ? 'workorder.reopened' : EVENT_FOR[action.type] ?? 'workorder.updated';
    events.push(orderEvent(eventType, row, now, { type: action.type, actorId: actor.sub, detail: entry.detail }));
    const side = await this.sideEffects(row, action, r.effects.needsPhoneCallback === true, now);
    events.push(...side.messages);

    const b = new SqlBatch();
    this.repo.updateIn(b, wo.id, { ...patch, ...sla.patch, ...side.patch });
    this.repo.historyIn(b, entry);
    this.slaIn(b, wo.id, sla, now);
    for (const t of side.tasks) this.repo.callbackTaskIn(b, t);
    this.outboxIn(b, events);
    await b.run(tx);
    return { ...row, ...side.patch };
  }

  private outboxIn(b: SqlBatch, events: Array<BusMessage | null>): void {
    for (const s of outboxInserts(this.topic, events.filter((e): e is BusMessage => !!e))) b.add(s.sql, s.params);
  }

  /** Callbacks after resolution and the reporter's status SMS: the messages, the order's columns and the callback tasks to write. */
  private async sideEffects(wo: WorkOrderEntity, action: WorkOrderAction, needsPhoneCallback: boolean, now: Date) {
    const out: Array<BusMessage | null> = [];
    const patch: Partial<WorkOrderEntity> = {};
    const tasks: CallbackTaskRow[] = [];
    const tz = this.cfg.calendar.timeZone;
    const sms = await this.settings.statusSms(wo.category);
    if (action.type === 'ACCEPT' && sms) {
      const due = wo.onSiteDueAt ?? wo.resolveDueAt;
      const what = wo.onSiteDueAt ? { zh: '预计到场时间', en: 'expected on site by' } : { zh: '预计答复时间', en: 'expected reply by' };
      out.push(smsEvent(wo, now, 'STATUS_ACCEPTED', {
        zh: `您反映的问题（工单 ${wo.number}）已受理${due ? `，${what.zh} ${fmt(due, tz)}` : ''}。`,
        en: `Your report ${wo.number} has been accepted${due ? `; ${what.en} ${fmt(due, tz)}` : ''}.`,
      }));
    }
    if (action.type === 'RESOLVE') {
      if (sms) {
        out.push(smsEvent(wo, now, 'STATUS_RESOLVED', { zh: `您反映的问题（工单 ${wo.number}）已处理完毕。`, en: `Your report ${wo.number} has been resolved.` }));
      }
      const cb = this.cfg.callback;
      if (callbackPolicy(wo.category, cb) === 'ALWAYS') {
        // Deterministic and auditable: a hash of the order id picks phone for phoneShare of orders; complaints always phone.
        const method = callbackMethod(wo.id, wo.category, cb);
        patch.callbackMethod = method;
        // After a revisit the customer is asked again, with the callback target counted from this resolution.
        const dueAt = wo.revisitResolvedAt ? targetDueFrom(await this.settings.slaTargets(), wo.category, 'callback', now, this.calendar) : wo.callbackDueAt;
        tasks.push({ orderId: wo.id, method, reason: wo.revisitResolvedAt ? 'AFTER_REVISIT' : 'AFTER_SERVICE', createdAt: now, dueAt });
        if (method === 'SMS') {
          out.push(smsEvent(wo, now, 'SURVEY', {
            zh: `工单 ${wo.number} 已办结，满意请回复 1，不满意请回复 2。`,
            en: `Order ${wo.number} is resolved. Reply 1 if satisfied, 2 if not.`,
          }, TOPICS.surveyReplies.name));
        }
      }
    }
    if (needsPhoneCallback) {
      // docs/domain.md: an unsatisfied SMS answer turns into a manual callback and a revisit by the department.
      tasks.push({ orderId: wo.id, method: 'PHONE', reason: 'UNSATISFIED_SURVEY', createdAt: now, dueAt: wo.callbackDueAt });
    }
    return { messages: out, patch, tasks };
  }

  /**
   * Recomputes deadlines from the stored facts (domain computeDeadlines): the due columns, the clock
   * rows the scheduler watches, the order's breached flag and the compensation owed for targets
   * already met late. Accept deadline: the domain runs it from dispatch; before dispatch it is shown
   * as if dispatched at the report (report + accept target), then recomputed from the actual dispatch time.
   */
  private async planSla(wo: WorkOrderEntity, now: Date, inputs: SlaInputs): Promise<SlaPlan> {
    const targets = await this.settings.slaTargets();
    const pauses: Pause[] = inputs.pauses;
    const facts = {
      category: wo.category,
      createdAt: wo.createdAt,
      dispatchedAt: wo.dispatchedAt ?? wo.createdAt,
      acceptedAt: wo.acceptedAt ?? undefined,
      onSiteAt: wo.onSiteAt ?? undefined,
      resolvedAt: wo.resolvedAt ?? undefined,
      calledBackAt: wo.calledBackAt ?? undefined,
      reopenedAt: wo.reopenedAt ?? undefined,
      revisitResolvedAt: wo.revisitResolvedAt ?? undefined,
      pauses,
      extensions: inputs.extensions.map((e) => ({ requestedAt: e.requestedAt, newDueAt: e.newDueAt, approved: e.approved })),
    };
    const due: Deadlines = computeDeadlines(facts, targets, this.calendar, now);
    const patch: Partial<WorkOrderEntity> = {
      dispatchDueAt: due.dispatchDueAt ?? null, acceptDueAt: due.acceptDueAt ?? null, onSiteDueAt: due.onSiteDueAt ?? null,
      resolveDueAt: due.resolveDueAt ?? null, callbackDueAt: due.callbackDueAt ?? null, revisitDueAt: due.revisitDueAt ?? null,
    };

    // One clock per target that has started, plus the revisit after a reopening (the resolve target again,
    // from the reopening, watched as kind `revisit`: warnings, breach, escalation like any other).
    const noService = NO_SERVICE.includes(wo.status);
    const list = noService ? [] : targets[wo.category] ?? [];
    const clocks: Array<{ kind: string; basis: SlaTarget['basis']; start: Date | null; dueAt: Date | undefined; met: Date | null }> = list.map((t) => ({
      kind: t.kind, basis: t.basis,
      start: targetStart(wo, t) ?? null,
      dueAt: due[dueField(t.kind)],
      // Resolution stops the stages before it (a leak fixed over the phone never records an arrival):
      // such a clock keeps the level it reached and stops running, so a resolved order is not "breached".
      met: wo[doneField(t.kind)] ?? (t.kind !== 'resolve' && t.kind !== 'callback' ? wo.resolvedAt : null) ?? null,
    }));
    const resolveTarget = list.find((t) => t.kind === 'resolve');
    if (resolveTarget && wo.reopenedAt) {
      clocks.push({ kind: 'revisit', basis: resolveTarget.basis, start: wo.reopenedAt, dueAt: due.revisitDueAt, met: wo.revisitResolvedAt });
    }
    const rows: ClockRow[] = [];
    for (const { kind, basis, start, dueAt, met } of clocks) {
      if (!start || !dueAt) continue; // clock not started (e.g. accept before dispatch)
      const thr = thresholdInstants(start, dueAt, basis, { pauses, calendar: this.calendar, thresholds: this.cfg.thresholds });
      const old = inputs.clockLevels.get(kind);
      // A moved deadline (extension, pause) may lower the level; raising it is the scheduler's job (it emits the events).
      const level = Math.min(old ?? 0, LEVEL_CODES[levelAt(now, thr)]);
      const running = !met && !wo.pausedAt;
      rows.push({
        orderId: wo.id, kind, basis, startedAt: start, dueAt, warn1At: thr.warnFirstAt, warn2At: thr.warnSecondAt,
        level: met ? old ?? 0 : level, nextAt: running ? nextCheckAt(LEVEL_BY_CODE[level], thr) : null, metAt: met,
      });
    }
    patch.breached = rows.some((c) => c.level === 3 && c.metAt === null);

    // Compensation: settled when a late target is met; while open, the scheduler's proposal is kept up to date.
    let compensation: SlaPlan['compensation'] = null;
    if (!noService || wo.status === S.CLOSED) {
      const rules = await this.settings.compensationRules();
      const dueByKind: Partial<Record<SlaKind, Date>> = {};
      const doneByKind: Partial<Record<SlaKind, Date>> = {};
      for (const k of SLA_KINDS) {
        const d = due[dueField(k)];
        if (d) dueByKind[k] = d;
        const done = wo[doneField(k)];
        if (done) doneByKind[k] = done;
      }
      const owed = computeCompensation({ orderId: wo.id, category: wo.category, due: dueByKind, done: doneByKind }, now, rules);
      const breachedKinds = new Set(rows.filter((c) => c.level === 3).map((c) => c.kind));
      compensation = { upserts: [], keep: [] };
      for (const rec of owed) {
        const rule = rules.find((x) => x.id === rec.ruleId);
        if (rec.provisional && !(rule && breachedKinds.has(rule.target))) continue;
        compensation.keep.push(rec.ruleId);
        compensation.upserts.push({ ruleId: rec.ruleId, target: rule?.target ?? '', amountCny: rec.amountCny, units: rec.units, provisional: rec.provisional, reason: rec.reason });
      }
    }
    return { patch, clocks: rows, compensation };
  }

  /** Adds the plan's clock rows and compensation proposals to `b` (the due columns go with the order's own write). */
  private slaIn(b: SqlBatch, orderId: string, sla: SlaPlan, now: Date): void {
    this.clocks.replaceIn(b, orderId, sla.clocks);
    if (!sla.compensation) return;
    for (const c of sla.compensation.upserts) this.repo.compensationIn(b, { orderId, ...c, at: now });
    this.repo.dropCompensationExceptIn(b, orderId, sla.compensation.keep);
  }

  // ---------------- related reads (access already checked on the order) ----------------

  history(id: string) {
    return this.repo.history(id);
  }
  extensions(id: string) {
    return this.repo.extensions(this.ds, id);
  }
  attachments(id: string) {
    return this.repo.attachments(id);
  }
  callbacks(id: string) {
    return this.repo.callbackRecords(id);
  }
  clocksOf(id: string) {
    return this.clocks.forOrder(id);
  }
  callbackTasks(f: { orderId?: string; openOnly?: boolean; limit: number }) {
    return this.repo.callbackTasks(f);
  }
  escalations(f: { orderId?: string; limit: number }) {
    return this.repo.escalations(f);
  }
  compensation(f: { orderId?: string; status?: string; limit: number }) {
    return this.repo.compensation(f);
  }

  async decideCompensation(id: string, confirm: boolean, actor: Identity) {
    if (!hasRole(actor, 'supervisor', 'admin')) throw new ForbiddenError('只有监督员可以确认赔偿 / only a supervisor confirms compensation');
    const r = await this.repo.decideCompensation(id, confirm, actor.sub, this.clock.now());
    if (!r) throw new ConflictError(`compensation record ${id} does not exist or is already decided`, { id });
    return r;
  }
}

