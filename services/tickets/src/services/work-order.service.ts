import { randomUUID } from 'node:crypto';
import {
  BusMessage, Clock, ConflictError, DomainError, ForbiddenError, hasRole, Identity, InvalidInputError, markProcessed, NotFoundError, outboxInserts, topicName, TOPICS,
} from '@mainline/common';
import { assertUtilityRun, decodeCursor, DEFAULT_UTILITY, DepartmentCode, departmentServes, encodeCursor, UtilityKind } from '@mainline/common/domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { TicketsSettings } from '../config';
import {
  actionFacts, assertCategoryOfKind, authorizeAction, boxAround, Category, Channel, CompensationRule, checkReport, ComplaintConcern, ComplaintTarget,
  DEFAULT_DUPLICATE_OPTIONS, DEFAULT_LIFECYCLE_CONFIG, Department, DuplicateCandidate, findDuplicateCandidates, findingCompensation, followUps, HistoryEntry,
  keepsCompensation, mayReadPersonalData, NO_SLA_INPUTS, planSla, pointInArea, ProcessingLevel, relatedCategories, reportTime, routeReport, ruleLevel, Severity,
  SlaContext, SlaInputs, SlaPlan, SlaTargetTable, targetDueFrom, TERMINAL_STATUSES, transition, WorkingCalendar, WorkOrderAction, WorkOrderStatus as S, CATEGORY_LABELS,
  checkLeakSite, checkLeakTier, LeakSite, LeakTier, liaisonOnDuty, liaisonSms, warrantyRoute,
  checkStageCompletion, CONNECTION_CATEGORIES, ConnectionFacts, connectionSchedule, ConnectionStage, owesService, planConnection, withConnection,
} from '../domain';
import { ConnectionRepository, ConnectionRow, connectionFacts } from '../repositories/connection.repository';
import type { WorkOrderEntity } from '../entities/work-order.entity';
import { liaisonSmsEvent, orderEvent, smsEvent, WorkOrderEventType } from '../events/workorder-events';
import type { OutageRepository, OutageRow } from '../repositories/outage.repository';
import type { SlaClockRepository } from '../repositories/sla-clock.repository';
import { MAX_BIND_PARAMETERS, SqlBatch } from '../repositories/sql-batch';
import type { ListFilter, OrderForAction, WorkOrderRepository } from '../repositories/work-order.repository';
import { kindsReadBy, readsAllDepartments, roleRulesFor, toActor } from './actor';
import type { AssetDirectory } from './asset-directory';
import type { HeatingSeasonService } from './heating-season.service';
import type { SettingsService } from './settings.service';

export interface CreateWorkOrder {
  /** The utility kind (default WATER, so clients from before kinds keep working). */
  utility?: UtilityKind | null;
  category: Category;
  /** Default ORDINARY; some targets depend on it (GAS_NETWORK_FAULT: major 24 h). */
  severity?: Severity | null;
  /** When the report was made, if it is logged after the fact: the clocks start from it. */
  reportedAt?: Date | null;
  channel: Channel;
  description: string;
  address?: string | null;
  location?: { lon: number; lat: number } | null;
  reporter?: { name?: string | null; phone?: string | null } | null;
  asset?: { type: string; networkId: string; id: string } | null;
  /** Processing level chosen by the call center at intake (NORMAL or absent: the category's deadline, unless a rule gives one). */
  priority?: ProcessingLevel | null;
  /** Why `priority` was chosen (recorded as `priorityReason`); default CALL_CENTER. Set by Mainline's own orders (ignition checks: VULNERABLE). */
  priorityReason?: string | null;
  complaintTarget?: ComplaintTarget | null;
  complaintSubjectDepartment?: Department | null;
  /** What a complaint is about: routes it (works quality, timeliness → WORKS; staff conduct → DISCIPLINE). */
  complaintConcern?: ComplaintConcern | null;
  /** The case may injure someone or damage property: the 24 h level. */
  riskOfInjuryOrDamage?: boolean | null;
  /** Leaks: where the leak is (on site in 40 min for public mains, hydrants, valves; 1 h otherwise). */
  leakSite?: LeakSite | null;
  /** Leaks of a facility still under warranty go to the unit that built it (`warrantyUnit`, else WARRANTY_UNIT). */
  underWarranty?: boolean | null;
  warrantyUnit?: Department | null;
  /** New-connection applications: the application's facts (its stages are recorded later). */
  connection?: ConnectionInput | null;
}

export interface ConnectionInput {
  /** The documents are complete at application: the answer (same working day) and survey clocks start now. */
  documentsComplete?: boolean | null;
  /** DN (mm) of the main to be laid and of the main to be tapped: above DN200 / DN500 the design takes 3 days more. */
  mainDiameterMm?: number | null;
  tapMainDiameterMm?: number | null;
  /** A group job (a building, an estate): its callback goes to its representative. */
  groupJob?: boolean | null;
  representative?: { name?: string | null; phone?: string | null } | null;
}

export interface StageInput {
  stage: ConnectionStage;
  note?: string | null;
  /** Acceptance: the pipes were flushed, and the water-quality report (its number or URL). */
  flushed?: boolean | null;
  waterQualityReport?: string | null;
}

export interface CompensationFindingInput {
  ruleId: string;
  baseAmountCny?: number | null;
  days?: number | null;
  multiple?: number | null;
  note?: string | null;
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

/** What `draft` may be given instead of reading or making it itself. */
interface DraftContext {
  id?: string;
  number?: string;
  outageId?: string | null;
  seasonDayOf?: (at: Date) => number | null;
  routing?: Record<Category, Department>;
  /** The asset comes from the network service itself: not asked again. */
  assetKnown?: boolean;
  /** Answered on the call (answerAtOnce): never linked to an outage. */
  answered?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EVENT_FOR: Partial<Record<string, WorkOrderEventType>> = {
  DISPATCH: 'workorder.dispatched', ACCEPT: 'workorder.accepted', RESOLVE: 'workorder.resolved', REOPEN: 'workorder.reopened',
};

/** The resolve deadline the department works to now: the revisit's while one is open, else the first. */
function resolveDueInForce(wo: WorkOrderEntity): Date | null {
  return wo.reopenedAt && !wo.revisitResolvedAt ? wo.revisitDueAt : wo.resolveDueAt;
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
  /**
   * Rules other modules add to resolving (a HEAT_TEMPERATURE order needs its temperature-check visit), run in
   * the resolve transaction on the locked order once the lifecycle allowed the action: a throw changes nothing.
   */
  readonly resolveChecks: Array<(tx: EntityManager, wo: WorkOrderEntity) => Promise<void>> = [];

  constructor(
    private readonly ds: DataSource,
    private readonly repo: WorkOrderRepository,
    private readonly clocks: SlaClockRepository,
    private readonly outages: OutageRepository,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings,
    private readonly assets: AssetDirectory,
    private readonly seasons: HeatingSeasonService,
    private readonly connections: ConnectionRepository,
    private readonly relay: Relay = { kick: () => undefined },
  ) {
    this.calendar = new WorkingCalendar(cfg.calendar);
  }

  private get topic(): string {
    return topicName(this.cfg.topicPrefix, TOPICS.workorderEvents);
  }

  // ---------------- reads ----------------

  /** A department sees only its own orders (FORBIDDEN otherwise). */
  async get(actor: Identity, id: string): Promise<WorkOrderEntity> {
    const wo = await this.repo.get(id);
    if (!wo) throw new NotFoundError('work order', id);
    this.assertCanRead(actor, wo);
    return wo;
  }

  /** Several orders in one read, in the order of `ids`; the same access rule as `get` for each. */
  async getMany(actor: Identity, ids: string[]): Promise<WorkOrderEntity[]> {
    const byId = new Map((await this.repo.byIds(ids)).map((w) => [w.id, w]));
    return ids.map((id) => {
      const wo = byId.get(id);
      if (!wo) throw new NotFoundError('work order', id);
      this.assertCanRead(actor, wo);
      return wo;
    });
  }

  /** Several orders in one read, in the order of `ids`: each the order, or the error `get` would throw for it. */
  async getEach(actor: Identity, ids: readonly string[]): Promise<Array<WorkOrderEntity | Error>> {
    const byId = new Map((await this.repo.byIds([...ids])).map((w) => [w.id, w]));
    return ids.map((id) => {
      const wo = byId.get(id);
      if (!wo) return new NotFoundError('work order', id);
      try {
        this.assertCanRead(actor, wo);
        return wo;
      } catch (e) {
        return e as Error;
      }
    });
  }

  /** A department user reads its own department's orders of the kinds it works for (its own kind; a shared department every kind). */
  private assertCanRead(actor: Identity, wo: WorkOrderEntity): void {
    if (readsAllDepartments(actor)) return;
    if (!actor.department || wo.department !== actor.department) {
      throw new ForbiddenError(`工单 ${wo.number} 属于部门 ${wo.department} / work order ${wo.number} belongs to department ${wo.department}`);
    }
    const kinds = kindsReadBy(actor);
    if (kinds && !kinds.includes(wo.utility ?? DEFAULT_UTILITY)) {
      throw new ForbiddenError(`工单 ${wo.number} 属于${wo.utility}业务 / work order ${wo.number} is of utility kind ${wo.utility}`);
    }
  }

  async list(actor: Identity, f: Omit<ListFilter, 'after'>, first: number, after?: string | null): Promise<{ items: WorkOrderEntity[]; nextCursor: string | null }> {
    const filter: ListFilter = { ...f };
    if (!f.utility?.length) delete filter.utility; // an empty list asks for no kind in particular
    if (!readsAllDepartments(actor)) {
      if (f.department && f.department !== actor.department) {
        throw new ForbiddenError(`部门 ${actor.department ?? '无'} 不能查看 ${f.department} 的工单 / department ${actor.department ?? 'none'} cannot read orders of ${f.department}`);
      }
      if (!actor.department) throw new ForbiddenError('token has no department');
      filter.department = actor.department as Department;
    }
    const kinds = kindsReadBy(actor);
    if (kinds) {
      const refused = (f.utility ?? []).filter((k) => !kinds.includes(k));
      if (refused.length) throw new ForbiddenError(`部门 ${actor.department} 不能查看${refused.join('、')}业务的工单 / department ${actor.department} cannot read orders of ${refused.join(', ')}`);
      filter.utility = f.utility?.length ? f.utility : kinds;
    }
    if (after) filter.after = decodeCursor(after);
    if (f.phone !== undefined && f.phone !== null) {
      // Digits (and a leading +) only: callers give numbers with spaces or dashes.
      const digits = f.phone.replace(/[^0-9+]/g, '');
      if (digits.length < 3) throw new InvalidInputError('filter.phone 须至少含3位数字 / filter.phone needs at least 3 digits', { argument: 'filter.phone' });
      filter.phone = digits;
    }
    if (f.address !== undefined && f.address !== null && !f.address.trim()) throw new InvalidInputError('filter.address 不能为空 / filter.address cannot be blank', { argument: 'filter.address' });
    if (f.address) filter.address = f.address.trim();
    if (f.number) filter.number = f.number.trim();
    if (f.createdFrom && f.createdTo && f.createdFrom.getTime() >= f.createdTo.getTime()) {
      throw new InvalidInputError('filter.createdFrom 须早于 createdTo / filter.createdFrom must be before createdTo', { argument: 'filter.createdFrom' });
    }
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
    const window = windowMin * 60_000;
    const near = await this.repo.openNear(
      [...related],
      boxAround({ lon: wo.lon, lat: wo.lat }, radiusM),
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

  /** The known outage whose area covers this point now (from the outage.events projection); every reader may ask. */
  async knownOutageAt(_actor: Identity, loc: { lon: number; lat: number }): Promise<OutageRow | null> {
    return this.coveringOutage(loc, this.clock.now());
  }

  private async coveringOutage(loc: { lon: number; lat: number }, now: Date): Promise<OutageRow | null> {
    const candidates = await this.outages.candidatesAt(loc.lon, loc.lat, now);
    return candidates.find((o) => pointInArea({ lon: loc.lon, lat: loc.lat }, o.area)) ?? null;
  }

  /** Duplicate candidates of several orders with one search (a page's `duplicateCandidates`), by order id. */
  async duplicateCandidatesOf(wos: WorkOrderEntity[]): Promise<Map<string, DuplicateCandidate[]>> {
    const { radiusM, windowMin } = this.cfg.duplicate;
    const window = windowMin * 60_000;
    const probes = wos.filter((wo) => wo.lat !== null && wo.lon !== null && wo.status === S.NEW);
    const near = await this.repo.openNearMany(probes.map((wo) => ({
      id: wo.id, categories: [...relatedCategories(wo.category, DEFAULT_DUPLICATE_OPTIONS.relatedCategories)],
      box: boxAround({ lon: wo.lon as number, lat: wo.lat as number }, radiusM),
      from: new Date(wo.createdAt.getTime() - window), to: new Date(wo.createdAt.getTime() + window),
    })));
    const out = new Map<string, DuplicateCandidate[]>(wos.map((wo) => [wo.id, []]));
    for (const wo of probes) {
      const mine = near.filter((o) => o._probe === wo.id && o.lat !== null && o.lon !== null);
      out.set(wo.id, findDuplicateCandidates(
        { category: wo.category, location: { lat: wo.lat as number, lon: wo.lon as number }, at: wo.createdAt },
        mine.map((o) => ({ id: o.id, category: o.category, location: { lat: o.lat as number, lon: o.lon as number }, createdAt: o.createdAt, status: o.status })),
        { radiusM, windowMin },
      ));
    }
    return out;
  }

  /** Need to know: whether `actor` may read the caller's name and phone on this order (domain rule). */
  readsPersonalData(actor: Identity, wo: { department: Department; status: S }): boolean {
    return mayReadPersonalData(toActor(actor), wo);
  }

  // ---------------- create ----------------

  /**
   * An inquiry answered on the call (docs/domain.md, Water rules): logged and closed as answered at once,
   * with no dispatch clock. Only the categories the call center may answer (ANSWER_AT_ONCE_CATEGORIES);
   * another is INVALID_INPUT naming input.category.
   */
  async answerAtOnce(actor: Identity, input: CreateWorkOrder, answer: string): Promise<WorkOrderEntity> {
    if (!answer?.trim()) throw new InvalidInputError('answer 必填 / answer is required', { argument: 'answer' });
    if (!this.cfg.answerAtOnceCategories.includes(input.category)) {
      throw new InvalidInputError(`类别 ${input.category} 须派单，不能即时答复 / category ${input.category} must be dispatched, not answered at once`, { argument: 'input.category' });
    }
    return this.create(actor, input, undefined, { answer: answer.trim() });
  }

  /**
   * `also` adds the caller's own rows (an intake channel's) to the statement that writes the order: all or nothing.
   * `opts.answer`: answered on the call and closed at once (answerAtOnce).
   */
  async create(actor: Identity, input: CreateWorkOrder, also?: (b: SqlBatch, wo: WorkOrderEntity) => void, opts: { answer?: string } = {}): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    const who = toActor(actor);
    authorizeAction(who, 'CREATE');
    if (opts.answer) authorizeAction(who, 'ANSWER_AT_ONCE');
    if (input.channel === Channel.SYSTEM) {
      throw new InvalidInputError('渠道 SYSTEM 仅用于系统自动生成的工单 / channel SYSTEM is for the orders Mainline opens itself', { argument: 'input.channel' });
    }
    const application = this.applicationOf(input, now);
    const { base, created, outage, seasonDayOf } = await this.draft(actor, input, now, { answered: !!opts.answer });

    // A report linked to a known outage, or answered on the call, is inserted and then moved on by that action, in one transaction.
    const then: { action: WorkOrderAction; extra: Record<string, unknown> } | null = outage
      ? { action: { type: 'LINK_OUTAGE', outageId: outage.id }, extra: { outageNumber: outage.number, expectedEnd: outage.endsAt.toISOString() } }
      : opts.answer ? { action: { type: 'ANSWER_AT_ONCE', answer: opts.answer }, extra: {} } : null;
    let wo: WorkOrderEntity;
    if (then) {
      wo = await this.ds.transaction(async (tx) => {
        const b = new SqlBatch();
        this.repo.insertIn(b, base);
        this.repo.historyIn(b, created);
        if (application) this.connections.insertIn(b, { ...application, orderId: base.id });
        await b.run(tx);
        const row = await this.applyInTx(tx, actor, { wo: base, ...NO_SLA_INPUTS() }, then.action, now, then.extra);
        const e = new SqlBatch();
        this.outboxIn(e, [orderEvent('workorder.created', row, now)]);
        also?.(e, row);
        await e.run(tx);
        return row;
      });
    } else {
      const b = new SqlBatch();
      const connection = application ? connectionFacts({ ...application, orderId: base.id, stages: [] }, base.category) : null;
      wo = this.newOrderIn(b, base, created, now, await this.planSla(base, now, NO_SLA_INPUTS(), undefined, { seasonDayOf, connection }));
      if (application) this.connections.insertIn(b, { ...application, orderId: base.id });
      also?.(b, wo);
      await b.run(this.ds); // one statement: atomic without a transaction block
    }
    this.relay.kick();
    return wo;
  }

  /** A new-connection application's row from the intake (null for other categories; INVALID_INPUT naming input.connection… when malformed). */
  private applicationOf(input: CreateWorkOrder, now: Date): Omit<ConnectionRow, 'orderId' | 'stages'> | null {
    const c = input.connection ?? null;
    if (!CONNECTION_CATEGORIES.includes(input.category)) {
      if (c) throw new InvalidInputError(`connection 只用于接水报装 / connection is for new-connection applications only (category ${input.category})`, { argument: 'input.connection' });
      return null;
    }
    const dn = (v: number | null | undefined, field: string) => {
      if (v === null || v === undefined) return null;
      if (!(Number.isInteger(v) && v > 0 && v <= 5000)) throw new InvalidInputError(`${field} 须为 1–5000 的整数（DN，毫米）/ must be a whole DN in mm, 1–5000`, { argument: `input.connection.${field}` });
      return v;
    };
    const groupJob = c?.groupJob === true;
    const repName = c?.representative?.name?.trim() || null;
    const repPhone = c?.representative?.phone ? checkReport({ description: 'x', reporter: { phone: c.representative.phone } }).phone : null;
    if (groupJob && (!repName || !repPhone)) {
      throw new InvalidInputError('集体报装须有代表人姓名和电话 / a group job needs its representative’s name and phone', { argument: 'input.connection.representative' });
    }
    return {
      documentsCompleteAt: c?.documentsComplete ? now : null, mainDiameterMm: dn(c?.mainDiameterMm, 'mainDiameterMm'), tapMainDiameterMm: dn(c?.tapMainDiameterMm, 'tapMainDiameterMm'),
      groupJob, representativeName: repName, representativePhone: repPhone,
    };
  }

  /** The application's documents are complete now: its answer (same working day) and survey clocks start. */
  async recordConnectionDocuments(actor: Identity, id: string): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    const wo = await this.ds.transaction(async (tx) => {
      const o = await this.repo.lockForAction(tx, id);
      if (!o) throw new NotFoundError('work order', id);
      this.assertCanRead(actor, o.wo);
      const c = await this.application(tx, o.wo);
      if (c.documentsCompleteAt) throw new ConflictError(`工单 ${o.wo.number} 的资料已于 ${c.documentsCompleteAt.toISOString()} 齐全 / the documents of ${o.wo.number} are complete already`);
      await this.connections.setDocumentsComplete(tx, id, now);
      return this.applyInTx(tx, actor, o, { type: 'CONNECTION_DOCUMENTS' }, now);
    });
    this.relay.kick();
    return wo;
  }

  /**
   * Orders Mainline opens itself (an ignition check per household after a gas outage), written inside the
   * caller's transaction beside the caller's own rows (its inbox entry, its task table): the same rules as
   * `create` — kind, category, routing, deadlines and clocks, history, the workorder.created event — with
   * these differences: no role check (no caller: `by` is the system actor recorded as creator), the asset is
   * not asked of the network service (these references come from the network service's own event), each
   * order may carry its id and is linked to `outageId` without a transition (it is work to do, not a report
   * the outage explains), and many orders go in one statement (`perStatement`, kept under PostgreSQL's
   * parameter limit). The numbers are taken in `items` order. The relay is the caller's to kick after commit.
   */
  async createManyIn(tx: EntityManager, by: Identity, items: Array<CreateWorkOrder & { id?: string; outageId?: string | null }>, perStatement: number): Promise<WorkOrderEntity[]> {
    if (!items.length) return [];
    const now = this.clock.now();
    const numbers = await this.repo.nextNumbers(tx, Number(this.calendar.localDate(now).slice(0, 4)), items.length);
    // Read once for all of them: season, routing, targets and compensation rules.
    const pre = { seasonDayOf: await this.seasons.seasonDayOf(), routing: await this.settings.routingMap(), assetKnown: true };
    const targets = await this.settings.slaTargets();
    const rules = await this.settings.compensationRules();
    // Nothing has happened yet to a new order: its plan follows from its category, severity and report time
    // alone, so it is planned once per such triple and given to each order (planning costs ms; a large outage has thousands).
    const plans = new Map<string, SlaPlan>();
    const out: WorkOrderEntity[] = [];
    let b = new SqlBatch();
    let inBatch = 0;
    for (const [i, item] of items.entries()) {
      const d = await this.draft(by, item, now, { ...pre, id: item.id, number: numbers[i], outageId: item.outageId ?? null });
      const one = new SqlBatch();
      const key = `${d.base.category}|${d.base.severity}|${d.base.priority}|${d.base.createdAt.getTime()}`;
      const plan = plans.get(key) ?? (await this.planSla(d.base, now, NO_SLA_INPUTS(), targets, { seasonDayOf: pre.seasonDayOf, rules }));
      plans.set(key, plan);
      out.push(this.newOrderIn(one, d.base, d.created, now, { ...plan, clocks: plan.clocks.map((c) => ({ ...c, orderId: d.base.id })) }));
      if (inBatch > 0 && (inBatch >= perStatement || b.paramCount + one.paramCount > MAX_BIND_PARAMETERS)) {
        await b.run(tx, { prepare: false });
        b = new SqlBatch();
        inBatch = 0;
      }
      b.append(one);
      inBatch++;
    }
    await b.run(tx, { prepare: false });
    return out;
  }

  /** Adds a new order with its deadlines and clocks (`sla`, planned for it), history and workorder.created event to `b`; the row as written. */
  private newOrderIn(b: SqlBatch, base: WorkOrderEntity, created: HistoryEntry, now: Date, sla: SlaPlan): WorkOrderEntity {
    const wo = { ...base, ...sla.patch };
    this.repo.insertIn(b, wo);
    this.repo.historyIn(b, created);
    this.slaIn(b, wo.id, sla, now, wo.department);
    this.outboxIn(b, [orderEvent('workorder.created', wo, now)]);
    return wo;
  }

  /**
   * A stage of a new-connection application is done (in order; acceptance with flushing and a water-quality
   * report). Water on settles the job: the order is resolved, and enters next month's callback sample.
   */
  async completeConnectionStage(actor: Identity, id: string, st: StageInput): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    const wo = await this.ds.transaction(async (tx) => {
      const o = await this.repo.lockForAction(tx, id);
      if (!o) throw new NotFoundError('work order', id);
      this.assertCanRead(actor, o.wo);
      const c = await this.application(tx, o.wo);
      checkStageCompletion(connectionFacts(c, o.wo.category), st);
      await this.connections.addStage(tx, id, { stage: st.stage, doneAt: now, doneBy: actor.sub, note: st.note?.trim() || null, waterQualityReport: st.waterQualityReport?.trim() || null });
      const note = st.note?.trim();
      const action: WorkOrderAction = st.stage === 'waterOn'
        ? { type: 'RESOLVE', result: note || '已通水 water on' }
        : { type: 'CONNECTION_STAGE', stage: st.stage, ...(note ? { note } : {}) };
      return this.applyInTx(tx, actor, o, action, now, st.stage === 'waterOn' ? { stage: 'waterOn' } : {});
    });
    this.relay.kick();
    return wo;
  }

  private async application(tx: EntityManager, wo: WorkOrderEntity): Promise<ConnectionRow> {
    const c = CONNECTION_CATEGORIES.includes(wo.category) ? await this.connections.get(tx, wo.id) : null;
    if (!c) throw new ConflictError(`工单 ${wo.number} 不是接水报装申请 / work order ${wo.number} is not a new-connection application`);
    return c;
  }

  /** Applications of several orders with each stage's start, deadline, completion and whether it is (or was) late now. */
  async connectionsOf(ids: string[]) {
    const now = this.clock.now();
    const rows = await this.connections.many(ids);
    const categories = new Map((await this.repo.byIds(rows.map((r) => r.orderId))).map((w) => [w.id, w.category]));
    return rows.map((r) => {
      const byStage = new Map(r.stages.map((x) => [x.stage, x]));
      const schedule = connectionSchedule(connectionFacts(r, categories.get(r.orderId) ?? Category.NEW_CONNECTION), this.calendar, this.cfg.connection);
      return {
        ...r,
        stages: schedule.map((st) => ({
          stage: st.stage, startedAt: st.startedAt, dueAt: st.dueAt, doneAt: st.doneAt, doneBy: byStage.get(st.stage)?.doneBy ?? null,
          note: byStage.get(st.stage)?.note ?? null, waterQualityReport: byStage.get(st.stage)?.waterQualityReport ?? null,
          late: !!st.dueAt && (st.doneAt ?? now).getTime() > st.dueAt.getTime(),
        })),
      };
    });
  }

  /**
   * The processing level of a new report: the one the agent chose, else the one a rule gives
   * (government/media referral, risk of injury or property loss: 24 h) when it is earlier than the
   * category's own resolve deadline, else NORMAL.
   */
  private async intakeLevel(actor: Identity, input: CreateWorkOrder, category: Category, now: Date, ctx: SlaContext = {}): Promise<{ priority: ProcessingLevel; reason: string | null; setBy: string | null }> {
    if (input.priority && input.priority !== ProcessingLevel.NORMAL) return { priority: input.priority, reason: input.priorityReason ?? 'CALL_CENTER', setBy: actor.sub };
    const categoryDue = targetDueFrom(await this.settings.slaTargets(), category, 'resolve', now, this.calendar, ctx);
    const r = ruleLevel({ channel: input.channel, riskOfInjuryOrDamage: input.riskOfInjuryOrDamage }, now, categoryDue, this.cfg.orderRules.levels);
    return r ? { priority: r.level, reason: r.reason, setBy: null } : { priority: ProcessingLevel.NORMAL, reason: null, setBy: null };
  }

  /**
   * A new order's row and its CREATE history entry, checked and routed, before any write. `pre` carries what a
   * caller creating many orders reads once (season, routing), their ids and numbers, a known asset, an outage link;
   * `answered`: answered on the call (never linked to an outage). The water rules apply here: leak site and warranty,
   * complaint routing by concern, the processing level chosen or given by rule.
   */
  private async draft(actor: Identity, input: CreateWorkOrder, now: Date, pre: DraftContext = {}) {
    const utility = input.utility ?? DEFAULT_UTILITY;
    try {
      assertUtilityRun(this.cfg.utilities, utility, 'input.utility');
    } catch (e) {
      throw e instanceof DomainError ? new InvalidInputError(e.message, { ...e.details, argument: 'input.utility' }) : e;
    }
    assertCategoryOfKind(input.category, utility, 'input.category');
    const { phone } = checkReport(input);
    const leak = this.cfg.orderRules.leak;
    if (input.leakSite) checkLeakSite(input.category, leak);
    const warrantyUnit = warrantyRoute(input.category, input.underWarranty === true, input.warrantyUnit, this.cfg.warrantyUnit, leak);
    // Logged after the fact: the clocks start from the report (docs/domain.md), at most a configured span back.
    const reported = reportTime(input.reportedAt, now, this.cfg.reportedAtMaxBackdateMinutes);
    const at = reported.at;
    const severity = input.severity ?? Severity.ORDINARY;
    if (input.asset && !pre.assetKnown) await this.assertAssetExists(actor, input.asset);
    const loc = input.location ?? null;
    const seasonDayOf = pre.seasonDayOf ?? (await this.seasons.seasonDayOf());

    // Known outage: a report it explains, from inside its area, is linked and answered at once (not an order already linked by its maker).
    const outage = loc && !pre.outageId && !pre.answered && this.settings.outageExplained().includes(input.category) ? await this.coveringOutage(loc, at) : null;
    const route = routeReport(
      { category: input.category, insideKnownOutage: !!outage, inSeason: seasonDayOf(at) !== null, complaintConcern: input.complaintConcern },
      pre.routing ?? (await this.settings.routingMap()), this.settings.outageExplained(), this.cfg.heating.offSeason, this.cfg.complaintRouting,
    );
    const level = await this.intakeLevel(actor, input, route.category, at, { severity, seasonDay: seasonDayOf(at) });

    // The row is complete before it is written (id, number, deadlines, clocks), so a create is one
    // sequence call and one statement; a report linked to a known outage goes through the transition.
    const base: WorkOrderEntity = {
      id: pre.id ?? randomUUID(),
      number: pre.number ?? (await this.repo.nextNumber(this.ds, Number(this.calendar.localDate(now).slice(0, 4)))),
      utility,
      severity,
      channel: input.channel,
      category: route.category,
      status: S.NEW,
      // docs/domain.md, Water rules: a leak under warranty goes to the unit that built the facility.
      department: warrantyUnit ?? route.department,
      priority: level.priority,
      priorityReason: level.reason,
      prioritySetBy: level.setBy,
      prioritySetAt: level.setBy ? now : null,
      complaintConcern: input.complaintConcern ?? null,
      riskOfInjuryOrDamage: input.riskOfInjuryOrDamage === true,
      description: input.description.trim(),
      address: input.address?.trim() || null,
      lon: loc?.lon ?? null,
      lat: loc?.lat ?? null,
      reporterName: input.reporter?.name?.trim() || null,
      reporterPhone: phone,
      assetType: input.asset?.type ?? null,
      assetNetworkId: input.asset?.networkId ?? null,
      assetId: input.asset?.id ?? null,
      outageId: pre.outageId ?? null,
      mergedInto: null,
      returnTo: null,
      complaintTarget: input.complaintTarget ?? null,
      complaintSubjectDepartment: input.complaintSubjectDepartment ?? null,
      firstContactOwner: actor.sub,
      createdBy: actor.sub,
      // The report's time: every clock and the monthly report count from it.
      createdAt: at,
      dispatchedAt: null, acceptedAt: null, repliedAt: null, onSiteAt: null, resolvedAt: null, calledBackAt: null, closedAt: null, pausedAt: null,
      dispatchDueAt: null, acceptDueAt: null, replyDueAt: null, onSiteDueAt: null, resolveDueAt: null, callbackDueAt: null,
      extensionCount: 0,
      returnCount: 0,
      callbackMethod: null,
      callbackSatisfied: null,
      breached: false,
      reopenedAt: null, reopenCount: 0, revisitDueAt: null, revisitResolvedAt: null,
      answeredAt: null,
      leakSite: input.leakSite ?? null,
      leakTier: null, leakTierSetBy: null, leakTierSetAt: null,
      warrantyUnit,
    };
    const created: HistoryEntry = {
      orderId: base.id, from: S.NEW, to: S.NEW, action: 'CREATE', actorId: actor.sub, at: now,
      detail: {
        channel: input.channel, category: route.category, department: base.department, utility,
        level: level.priority, ...(level.reason ? { levelReason: level.reason } : {}),
        ...(warrantyUnit ? { warrantyUnit } : {}),
        ...(severity !== Severity.ORDINARY ? { severity } : {}),
        ...(route.category !== input.category ? { reportedCategory: input.category } : {}),
        // Who logged the report after the fact, and the time it was made (docs/domain.md: "who backdated it").
        ...(reported.backdated ? { reportedAt: at.toISOString(), backdatedBy: actor.sub } : {}),
        ...(pre.outageId ? { outageId: pre.outageId } : {}),
      },
    };
    return { base, created, outage, seasonDayOf };
  }

  /** References are checked when made: the network service must know the element (NOT_FOUND naming `asset` otherwise). */
  private async assertAssetExists(actor: Identity, asset: { type: string; networkId: string; id: string }): Promise<void> {
    if (!UUID.test(asset.networkId)) {
      throw new InvalidInputError(`asset.networkId "${asset.networkId}" 不是管网编号 / is not a network id`, { argument: 'asset', field: 'asset.networkId' });
    }
    const [exists] = await this.assets.exists(actor, [asset]);
    if (!exists) {
      throw new DomainError('NOT_FOUND', `管网 ${asset.networkId} 中没有 ${asset.type} "${asset.id}" / ${asset.type} "${asset.id}" does not exist in network ${asset.networkId}`, {
        argument: 'asset', what: asset.type, networkId: asset.networkId, id: asset.id,
      });
    }
  }

  // ---------------- transitions ----------------

  /**
   * Loads and locks the order, checks read access, applies one action, commits, kicks the relay.
   * `action` may be derived from the locked order (e.g. dispatch to its routed department).
   */
  async act(actor: Identity, id: string, action: WorkOrderAction | ((wo: WorkOrderEntity) => WorkOrderAction), extra: Record<string, unknown> = {}): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    const wo = await this.ds.transaction((tx) => this.actIn(tx, actor, id, action, now, extra));
    this.relay.kick();
    return wo;
  }

  /** `act` inside the caller's transaction, at `now` (the caller's own writes go with it; the caller kicks the relay after commit). */
  async actIn(tx: EntityManager, actor: Identity, id: string, action: WorkOrderAction | ((wo: WorkOrderEntity) => WorkOrderAction), now: Date, extra: Record<string, unknown> = {}): Promise<WorkOrderEntity> {
    const o = await this.repo.lockForAction(tx, id);
    if (!o) throw new NotFoundError('work order', id);
    this.assertCanRead(actor, o.wo);
    return this.applyInTx(tx, actor, o, typeof action === 'function' ? action(o.wo) : action, now, extra);
  }

  /** To the routed department, or another one that works for the order's utility kind (INVALID_INPUT naming `department` otherwise). */
  dispatch(actor: Identity, id: string, department?: Department | null) {
    return this.act(actor, id, (wo) => {
      if (department && !departmentServes(department as DepartmentCode, wo.utility ?? DEFAULT_UTILITY)) {
        throw new InvalidInputError(`部门 ${department} 不负责${wo.utility}业务 / department ${department} does not work for utility kind ${wo.utility}`, { argument: 'department' });
      }
      return { type: 'DISPATCH', department: department ?? wo.department };
    });
  }
  /** The first answer to the customer (the `reply` clock: a heat complaint within 30 min, a gas complaint within 48 h). */
  reply(actor: Identity, id: string, reply: string) {
    return this.act(actor, id, { type: 'REPLY', reply });
  }
  accept(actor: Identity, id: string) {
    return this.act(actor, id, { type: 'ACCEPT' });
  }
  arriveOnSite(actor: Identity, id: string) {
    return this.act(actor, id, { type: 'ARRIVE' });
  }
  waitForCustomer(actor: Identity, id: string, reason: string) {
    return this.act(actor, id, { type: 'WAIT_CUSTOMER', reason });
  }
  resume(actor: Identity, id: string) {
    return this.act(actor, id, { type: 'RESUME' });
  }
  resolve(actor: Identity, id: string, result: string) {
    return this.act(actor, id, { type: 'RESOLVE', result });
  }
  requestExtension(actor: Identity, id: string, newDueAt: Date, reason: string) {
    return this.act(actor, id, { type: 'REQUEST_EXTENSION', newDueAt, reason });
  }
  decideExtension(actor: Identity, id: string, approved: boolean, comment?: string | null) {
    return this.act(actor, id, { type: 'DECIDE_EXTENSION', approved, ...(comment ? { comment } : {}) });
  }
  close(actor: Identity, id: string) {
    return this.act(actor, id, { type: 'CLOSE' });
  }
  cancel(actor: Identity, id: string, reason: string) {
    return this.act(actor, id, { type: 'CANCEL', reason });
  }
  /** An inquiry already logged is answered on the call and closed (no dispatch clock). */
  answerWorkOrderAtOnce(actor: Identity, id: string, answer: string) {
    return this.act(actor, id, { type: 'ANSWER_AT_ONCE', answer: answer?.trim() ?? '' });
  }

  /**
   * The crew on site chooses the repair tier (docs/domain.md, Water rules): small ≤ 5 h, medium ≤ 10 h,
   * large ≤ 24 h for leaks; OTHER_UNIT_SHUTOFF (48 h) for a meter-box leak where another unit must shut
   * the water. It sets the resolve deadline from the report (the earlier of it and a processing level).
   */
  setLeakTier(actor: Identity, id: string, tier: LeakTier, reason?: string | null) {
    return this.act(actor, id, (wo) => {
      checkLeakTier(wo.category, tier, this.cfg.orderRules.leak);
      return { type: 'SET_LEAK_TIER', tier, ...(reason?.trim() ? { reason: reason.trim() } : {}) };
    });
  }

  /** The call center sets the processing level: it sets the resolve deadline; history records who, why and the level before. */
  setProcessingLevel(actor: Identity, id: string, level: ProcessingLevel, reason: string) {
    return this.act(actor, id, { type: 'SET_LEVEL', level, reason: reason?.trim() ?? '' });
  }

  /** The call center allows one return of the order (docs/domain.md: only with the call center's permission). */
  async grantReturnPermission(actor: Identity, id: string): Promise<WorkOrderEntity> {
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
  async returnOrder(actor: Identity, id: string, reason: string): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    const wo = await this.ds.transaction(async (tx) => {
      const o = await this.repo.lockForAction(tx, id);
      if (!o) throw new NotFoundError('work order', id);
      const row = o.wo;
      this.assertCanRead(actor, row);
      authorizeAction(toActor(actor), 'RETURN', row);
      const permittedBy = await this.repo.takeReturnPermission(tx, id, now);
      return this.applyInTx(tx, actor, o, { type: 'RETURN', reason, ...(permittedBy ? { permittedBy } : {}) }, now);
    });
    this.relay.kick();
    return wo;
  }

  async recordCallback(actor: Identity, id: string, input: CallbackInput): Promise<WorkOrderEntity> {
    return this.act(actor, id, { type: 'CALLBACK', satisfied: input.satisfied, method: input.method, ...(input.comment ? { comment: input.comment } : {}) }, {
      callback: input,
    });
  }

  /** An SMS survey answer (Kafka or the notice system's mutation); the same reply applied twice changes nothing. */
  async applySurveyReply(actor: Identity, reply: SurveyReply): Promise<WorkOrderEntity> {
    const now = this.clock.now();
    if (!reply.replyId?.trim()) throw new InvalidInputError('replyId is required', { field: 'replyId' });
    const wo = await this.ds.transaction(async (tx) => {
      const o = await this.repo.lockForAction(tx, reply.workOrderId);
      if (!o) throw new NotFoundError('work order', reply.workOrderId);
      if (!(await markProcessed(tx, 'tickets.survey-replies', reply.replyId))) return o.wo;
      return this.applyInTx(tx, actor, o, { type: 'SURVEY_REPLY', satisfied: reply.satisfied, ...(reply.comment ? { comment: reply.comment } : {}) }, now, {
        replyId: reply.replyId,
      });
    });
    this.relay.kick();
    return wo;
  }

  /** Merges a duplicate report into an open order: the caller is linked to it, not dispatched again. */
  async merge(actor: Identity, id: string, intoId: string): Promise<WorkOrderEntity> {
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
      const merged = await this.applyInTx(tx, actor, o, { type: 'MERGE', intoOrderId: intoId }, now, { intoNumber: target.number });
      await this.repo.addHistory(tx, {
        orderId: intoId, from: target.status, to: target.status, action: 'LINK_CALLER' as any, actorId: actor.sub, at: now,
        // No caller's name here: history text is read by roles that may not see personal data.
        detail: { mergedOrderId: id, mergedNumber: row.number },
      });
      return merged;
    });
    this.relay.kick();
    return wo;
  }

  async addAttachment(actor: Identity, id: string, a: { url: string; name?: string | null; contentType?: string | null }): Promise<WorkOrderEntity> {
    const wo = await this.get(actor, id);
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
  private async applyInTx(tx: EntityManager, actor: Identity, o: OrderForAction, action: WorkOrderAction, now: Date, extra: Record<string, unknown> = {}): Promise<WorkOrderEntity> {
    const wo = o.wo;
    let { pauses, extensions } = o;
    const who = toActor(actor);
    const isHead = action.type === 'DECIDE_EXTENSION' && !!who.department && who.department === wo.department
      ? (await this.settings.departmentHeads(wo.department)).includes(actor.sub)
      : false;
    const r = transition(
      { id: wo.id, status: wo.status, category: wo.category, department: wo.department, returnTo: wo.returnTo ?? undefined, resolveDueAt: resolveDueInForce(wo) ?? undefined },
      action, who, now, { ...DEFAULT_LIFECYCLE_CONFIG, roleRules: roleRulesFor(isHead), answerAtOnceCategories: this.cfg.answerAtOnceCategories },
    );
    if (action.type === 'RESOLVE') for (const check of this.resolveChecks) await check(tx, wo);
    const patch: Partial<WorkOrderEntity> = {
      status: r.status, department: r.department ?? wo.department, returnTo: r.returnTo, ...actionFacts(wo, action, r.status, now),
    };
    if (action.type === 'SET_LEVEL') {
      Object.assign(patch, { priority: action.level, priorityReason: action.reason, prioritySetBy: actor.sub, prioritySetAt: now });
      extra = { ...extra, previousLevel: wo.priority };
    }
    if (action.type === 'SET_LEAK_TIER') {
      Object.assign(patch, { leakTier: action.tier, leakTierSetBy: actor.sub, leakTierSetAt: now });
      extra = { ...extra, previousTier: wo.leakTier };
    }
    const events: Array<BusMessage | null> = [];
    // Writes later reads depend on: the pauses and extensions planSla computes from.
    switch (action.type) {
      case 'WAIT_CUSTOMER':
        await this.repo.openPause(tx, wo.id, now, action.reason);
        pauses = await this.repo.pauses(tx, wo.id);
        break;
      case 'RESUME':
        await this.repo.closePause(tx, wo.id, now);
        pauses = await this.repo.pauses(tx, wo.id);
        break;
      case 'REQUEST_EXTENSION':
        await this.repo.insertExtension(tx, wo.id, { requestedBy: actor.sub, requestedAt: now, previousDueAt: resolveDueInForce(wo), newDueAt: action.newDueAt, reason: action.reason.trim() });
        extensions = await this.repo.extensions(tx, wo.id);
        break;
      case 'DECIDE_EXTENSION':
        await this.repo.decideExtension(tx, wo.id, action.approved, actor.sub, now, action.comment ?? null);
        extensions = await this.repo.extensions(tx, wo.id);
        break;
      case 'CALLBACK':
      case 'SURVEY_REPLY': {
        const method = action.type === 'CALLBACK' ? action.method : 'SMS';
        const c = (extra.callback as CallbackInput | undefined) ?? { satisfied: action.satisfied, method, comment: action.comment };
        await this.repo.addCallbackRecord(tx, { orderId: wo.id, ...c, method, satisfied: action.satisfied, by: actor.sub, at: now });
        await this.repo.completeCallbackTasks(tx, wo.id, action.type === 'SURVEY_REPLY' ? 'SMS' : null, now);
        break;
      }
    }
    const changed = { ...wo, ...patch } as WorkOrderEntity;
    const targets = await this.settings.slaTargets();
    // A new-connection application's stages have their own clocks; water on (recorded as a stage) is what settles it.
    const application = CONNECTION_CATEGORIES.includes(wo.category) ? await this.connections.get(tx, wo.id) : null;
    const connection = application ? connectionFacts(application, wo.category) : null;
    if (action.type === 'RESOLVE' && connection && !connection.done.waterOn) {
      throw new ConflictError(`接水报装在通水后办结，请逐一完成各环节 / a new-connection job is settled by water on: complete its stages (completeConnectionStage)`, { orderId: wo.id });
    }
    const sla = await this.planSla(changed, now, { pauses, extensions, clockLevels: o.clockLevels }, targets, { connection });
    const row = { ...changed, ...sla.patch } as WorkOrderEntity;
    // docs/domain.md, Water rules: dispatch reaches a person — the department's liaison on duty gets an
    // SMS through the notice system (on Kafka), and the order keeps the notice; history says who (or no one).
    const liaison = action.type === 'DISPATCH' ? await this.liaisonNotice(row, now) : null;
    if (action.type === 'DISPATCH') extra = { ...extra, liaison: liaison ? liaison.notice.name : null };
    const { callback: _c, ...historyExtra } = extra;
    const entry: HistoryEntry = { ...r.entry, detail: { ...r.entry.detail, ...historyExtra } };

    const eventType = r.status === S.REOPENED ? 'workorder.reopened' : EVENT_FOR[action.type] ?? 'workorder.updated';
    events.push(orderEvent(eventType, row, now, { type: action.type, actorId: actor.sub, detail: entry.detail }));
    const side = await this.sideEffects(row, action, r.effects.needsPhoneCallback === true, now, targets);
    events.push(...side.messages);
    if (liaison) events.push(liaison.message);

    const b = new SqlBatch();
    this.repo.updateIn(b, wo.id, { ...patch, ...sla.patch, ...side.patch });
    this.repo.historyIn(b, entry);
    this.slaIn(b, wo.id, sla, now, row.department);
    for (const t of side.tasks) this.repo.callbackTaskIn(b, t);
    if (liaison) this.repo.liaisonNoticeIn(b, liaison.notice);
    this.outboxIn(b, events);
    await b.run(tx);
    return { ...row, ...side.patch };
  }

  /** The liaison on duty of the order's department now, and the SMS to send them (null when no one is on duty). */
  private async liaisonNotice(wo: WorkOrderEntity, now: Date) {
    const on = liaisonOnDuty(await this.settings.liaisons(wo.department), now, this.calendar.timeZone);
    if (!on) return null;
    const text = liaisonSms({ number: wo.number, categoryLabel: CATEGORY_LABELS[wo.category], address: wo.address, acceptDueAt: wo.acceptDueAt }, this.calendar.timeZone);
    const { message, eventId } = liaisonSmsEvent(wo, now, { department: wo.department, name: on.name, phone: on.phone }, text);
    return { message, notice: { orderId: wo.id, department: wo.department, name: on.name, phone: on.phone, start: on.start, end: on.end, eventId, at: now } };
  }

  private outboxIn(b: SqlBatch, events: Array<BusMessage | null>): void {
    for (const s of outboxInserts(this.topic, events.filter((e): e is BusMessage => !!e))) b.add(s.sql, s.params);
  }

  /** The reporter's SMS and the callback tasks that follow the action (domain followUps): messages, the order's columns, tasks. */
  private async sideEffects(wo: WorkOrderEntity, action: WorkOrderAction, needsPhoneCallback: boolean, now: Date, targets: SlaTargetTable) {
    const f = followUps(wo, action.type, needsPhoneCallback, now, {
      statusSms: await this.settings.statusSms(wo.category), callback: this.cfg.callback, targets, calendar: this.calendar,
    });
    const messages = f.sms.map((m) => smsEvent(wo, now, m.purpose, m.text, m.survey ? TOPICS.surveyReplies.name : undefined));
    const patch: Partial<WorkOrderEntity> = f.callbackMethod ? { callbackMethod: f.callbackMethod } : {};
    const tasks: CallbackTaskRow[] = f.tasks.map((t) => ({ orderId: wo.id, createdAt: now, ...t }));
    return { messages, patch, tasks };
  }

  /**
   * The domain's planSla with the settings in force (compensation rules read only when the plan keeps
   * compensation), with a new-connection application's stage clocks added.
   */
  private async planSla(
    wo: WorkOrderEntity, now: Date, inputs: SlaInputs, targets?: SlaTargetTable,
    o: { seasonDayOf?: (at: Date) => number | null; rules?: CompensationRule[]; connection?: ConnectionFacts | null } = {},
  ): Promise<SlaPlan> {
    targets ??= await this.settings.slaTargets();
    const compensationRules = keepsCompensation(wo.status) ? o.rules ?? (await this.settings.compensationRules()) : [];
    const seasonDayOf = o.seasonDayOf ?? (await this.seasons.seasonDayOf());
    const plan = planSla(wo, now, inputs, { targets, compensationRules, calendar: this.calendar, thresholds: this.cfg.thresholds, orderRules: this.cfg.orderRules, seasonDayOf });
    if (!o.connection) return plan;
    const stages = planConnection(o.connection, now, inputs.clockLevels, { calendar: this.calendar, thresholds: this.cfg.thresholds, rules: this.cfg.connection, compensationRules });
    // No service owed (cancelled, closed…): no stage clock runs; compensation already owed is still settled.
    return withConnection(plan, owesService(wo.status) ? stages : { clocks: [], compensation: stages.compensation });
  }

  /** Adds the plan's clock rows and compensation proposals to `b` (the due columns go with the order's own write). */
  private slaIn(b: SqlBatch, orderId: string, sla: SlaPlan, now: Date, department: Department): void {
    this.clocks.replaceIn(b, orderId, sla.clocks);
    if (!sla.compensation) return;
    for (const c of sla.compensation.upserts) this.repo.compensationIn(b, { orderId, ...c, responsibleDepartment: department, at: now });
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
  // Batched: one statement for a page of orders (the per-request loaders group the rows by order).
  historyOf(ids: string[]) {
    return this.repo.historyOf(ids);
  }
  extensionsOf(ids: string[]) {
    return this.repo.extensionsOf(ids);
  }
  attachmentsOf(ids: string[]) {
    return this.repo.attachmentsOf(ids);
  }
  callbacksOf(ids: string[]) {
    return this.repo.callbackRecordsOf(ids);
  }
  clocksOfMany(ids: string[]) {
    return this.clocks.forOrders(ids);
  }
  escalationsOf(ids: string[], perOrder: number) {
    return this.repo.escalationsOf(ids, perOrder);
  }
  compensationOf(ids: string[], perOrder: number) {
    return this.repo.compensationOf(ids, perOrder);
  }
  liaisonNoticesOf(ids: string[]) {
    return this.repo.liaisonNoticesOf(ids);
  }
  outagesByIds(ids: string[]) {
    return this.outages.getMany(ids);
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

  /**
   * A supervisor records a finding a compensation rule pays for (meter not read, meter box late,
   * overcharge): the domain computes the amount from the figures; the record is PROPOSED like the
   * deadline ones, for a supervisor to confirm. One record per rule and order (CONFLICT otherwise).
   */
  async recordCompensationFinding(actor: Identity, orderId: string, f: CompensationFindingInput) {
    if (!hasRole(actor, 'supervisor', 'admin')) throw new ForbiddenError('只有监督员可以登记赔偿 / only a supervisor records compensation');
    const wo = await this.get(actor, orderId);
    const rule = (await this.settings.compensationRules()).find((r) => r.id === f.ruleId);
    if (!rule) throw new DomainError('NOT_FOUND', `没有补偿规则 ${f.ruleId} / no active compensation rule ${f.ruleId}`, { argument: 'input.ruleId' });
    const c = findingCompensation(rule, wo.category, f);
    const now = this.clock.now();
    const note = f.note?.trim();
    const r = await this.repo.insertFinding({
      orderId, ruleId: rule.id, amountCny: c.amountCny, units: c.units, payee: rule.payee, reason: note ? `${c.reason}（${note}）` : c.reason,
      responsibleDepartment: wo.department, baseAmountCny: f.baseAmountCny ?? null, rate: c.rate, recordedBy: actor.sub, at: now,
    });
    if (!r) throw new ConflictError(`工单 ${wo.number} 已有规则 ${rule.id} 的记录 / work order ${wo.number} already has a ${rule.id} record`, { argument: 'input.ruleId' });
    return r;
  }

  async decideCompensation(actor: Identity, id: string, confirm: boolean) {
    if (!hasRole(actor, 'supervisor', 'admin')) throw new ForbiddenError('只有监督员可以确认赔偿 / only a supervisor confirms compensation');
    const r = await this.repo.decideCompensation(id, confirm, actor.sub, this.clock.now());
    if (!r) throw new ConflictError(`compensation record ${id} does not exist or is already decided`, { id });
    return r;
  }
}

