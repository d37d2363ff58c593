import { randomUUID } from 'node:crypto';
import {
  BusMessage, Clock, ConflictError, DomainError, Identity, InvalidInputError, NotFoundError, outboxInserts, topicName, TOPICS,
} from '@mainline/common';
import {
  decodeCursor, encodeCursor, HazardClosedEvent, HazardIssuedEvent, inspectionEventKey, InspectionRecordedEvent, UTILITY_LABELS,
} from '@mainline/common/domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { TicketsSettings } from '../config';
import {
  addDays, byInspectionPriority, checkInspectionResult, CoveragePoint, checkIsoDate, CUSTOMER_TYPES, CustomerType, hazardDaysOverdue, hazardEffects, InspectionCoverage,
  inspectionCoverage, InspectionDue, inspectionDue, InspectionResultInput, lastInspectionAsOf, localDate,
} from '../domain';
import type {
  GasInspectionRepository, GasInspectionRow, HazardNoticeRow, InspectionFilter, InspectionRoundRow, NoticeFilter, PlannedInspection,
} from '../repositories/gas-inspection.repository';
import { SqlBatch } from '../repositories/sql-batch';
import { assertFieldWorker, assertFieldWorkReader, assertKindRun } from './field-work-access';
import type { DirectoryNetwork, DirectoryServicePoint, ServicePointDirectory } from './service-point-directory';
import type { Relay } from './work-order.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READ = { zh: '查看燃气安检', en: 'read gas safety inspections' };
const WORK = { zh: '安排或记录燃气安检', en: 'plan or record gas safety inspections' };

export interface DueInspection extends InspectionDue {
  networkId: string;
  servicePointId: string;
  address: string | null;
  customerType: CustomerType;
  vulnerability: string[];
  vulnerable: boolean;
  lastInspectedOn: string | null;
  plannedInspectionId: string | null;
  openHazardNotices: number;
}

export interface PlanInspectionRound {
  networkId: string;
  servicePointIds?: string[] | null;
  /** Plan every point whose inspection is due (or late) by this date. */
  dueBy?: string | null;
  scheduledOn?: string | null;
}

export interface PlannedInspectionRound {
  round: InspectionRoundRow;
  planned: GasInspectionRow[];
  /** Points left out: already planned, or not due. */
  skipped: Array<{ servicePointId: string; reason: 'ALREADY_PLANNED' }>;
}

export interface RecordedInspection {
  inspection: GasInspectionRow;
  issued: HazardNoticeRow | null;
  closed: HazardNoticeRow[];
}

export interface GasReportFigures {
  coverage: InspectionCoverage;
  /** Inspections carried out in the period (due or early). */
  inspected: number;
  hazardsIssued: number;
  hazardsClosed: number;
  hazardsOpen: number;
  hazardsOverdue: number;
}

const customerTypeOf = (t: string): CustomerType => ((CUSTOMER_TYPES as readonly string[]).includes(t) ? (t as CustomerType) : 'OTHER');

/**
 * Gas safety inspections (docs/domain.md "Gas utility"): what is due per service point (its schedule from
 * the network service's customer type and the last inspection known here or in the GIS), rounds that plan
 * the visits, results, and the hazard rectification notices they issue and close. Events leave through the
 * outbox on inspection.events in the same transaction as the result.
 */
export class GasInspectionService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: GasInspectionRepository,
    private readonly directory: ServicePointDirectory,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings,
    private readonly relay: Relay = { kick: () => undefined },
  ) {}

  private get topic(): string {
    return topicName(this.cfg.topicPrefix, TOPICS.inspectionEvents);
  }

  private today(): string {
    return localDate(this.clock.now(), this.cfg.calendar.timeZone);
  }

  /** The network must exist and be a gas network (an inspection for another utility kind's customer is refused). */
  private async gasNetwork(actor: Identity, networkId: string, field: string): Promise<DirectoryNetwork> {
    assertKindRun(this.cfg.utilities, 'GAS', field);
    if (!UUID.test(networkId)) throw new InvalidInputError(`${field} "${networkId}" 不是管网编号 / ${field} is not a network id`, { field });
    const net = await this.directory.network(actor, networkId);
    if (!net) throw new DomainError('NOT_FOUND', `管网 ${networkId} 不存在 / network ${networkId} not found`, { field, id: networkId });
    if (net.utility !== 'GAS') {
      throw new InvalidInputError(
        `管网「${net.name}」是${UTILITY_LABELS[net.utility].zh}管网，不做燃气安检 / ${field}: network ${net.name} is a ${net.utility} network: gas safety inspections are for GAS networks`,
        { field, utility: net.utility },
      );
    }
    return net;
  }

  private dueOf(p: DirectoryServicePoint, recorded: string | undefined, asOf: string, field: string): InspectionDue & { last: string | null } {
    const last = lastInspectionAsOf([p.lastInspectedOn, recorded], asOf);
    return { ...inspectionDue({ customerType: customerTypeOf(p.customerType), lastInspectedOn: last }, asOf, this.cfg.fieldWork.schedule, field), last };
  }

  // ---------------- what is due ----------------

  /** What is due or late on `asOf` (default today), vulnerable users first (docs/domain.md). */
  async overdue(actor: Identity, networkId: string, asOf: string | null | undefined, first: number): Promise<{ asOf: string; total: number; items: DueInspection[] }> {
    assertFieldWorkReader(actor, 'GAS', READ);
    const day = asOf === null || asOf === undefined ? this.today() : checkIsoDate(asOf, 'asOf');
    const net = await this.gasNetwork(actor, networkId, 'networkId');
    const [points, done, planned, open] = await Promise.all([
      this.directory.servicePoints(actor, networkId, undefined, net.version), this.repo.lastDone(networkId, day), this.repo.plannedOf(networkId), this.repo.openNoticeCounts(networkId),
    ]);
    const due: DueInspection[] = [];
    for (const p of points) {
      const d = this.dueOf(p, done.get(p.id), day, 'asOf');
      if (d.status === 'NOT_DUE') continue;
      const { last, ...rest } = d;
      due.push({
        ...rest, networkId, servicePointId: p.id, address: p.address, customerType: customerTypeOf(p.customerType), vulnerability: p.vulnerability,
        vulnerable: p.vulnerability.length > 0, lastInspectedOn: last, plannedInspectionId: planned.get(p.id) ?? null, openHazardNotices: open.get(p.id) ?? 0,
      });
    }
    due.sort(byInspectionPriority);
    return { asOf: day, total: due.length, items: due.slice(0, Math.max(1, first)) };
  }

  // ---------------- rounds ----------------

  /**
   * Plans the inspection visits of a round: the named service points, or every point due by `dueBy`, in
   * priority order. A point that already has a planned inspection keeps it and is reported as skipped.
   */
  async planRound(actor: Identity, input: PlanInspectionRound): Promise<PlannedInspectionRound> {
    assertFieldWorker(actor, 'GAS', WORK);
    const byIds = Array.isArray(input.servicePointIds);
    if (byIds === (input.dueBy !== null && input.dueBy !== undefined)) {
      throw new InvalidInputError('须给出 servicePointIds 或 dueBy 之一 / give exactly one of input.servicePointIds or input.dueBy', { field: 'input.servicePointIds' });
    }
    const today = this.today();
    const scheduledOn = input.scheduledOn === null || input.scheduledOn === undefined ? null : checkIsoDate(input.scheduledOn, 'input.scheduledOn');
    if (scheduledOn && scheduledOn < today) throw new InvalidInputError(`input.scheduledOn ${scheduledOn} 在过去 / is in the past (today ${today})`, { field: 'input.scheduledOn' });
    const dueBy = byIds ? null : checkIsoDate(input.dueBy, 'input.dueBy');
    const ids = byIds ? [...new Set((input.servicePointIds as string[]).map((s) => s.trim()))] : null;
    if (ids && !ids.length) throw new InvalidInputError('input.servicePointIds 不能为空 / input.servicePointIds is empty', { field: 'input.servicePointIds' });
    const net = await this.gasNetwork(actor, input.networkId, 'input.networkId');

    const asOf = dueBy ?? today;
    const [points, done] = await Promise.all([this.directory.servicePoints(actor, input.networkId, ids ?? undefined, net.version), this.repo.lastDone(input.networkId, asOf)]);
    if (ids) {
      const known = new Set(points.map((p) => p.id));
      ids.forEach((id, i) => {
        if (!known.has(id)) {
          throw new DomainError('NOT_FOUND', `管网中没有服务点 ${id} / service point ${id} does not exist in network ${input.networkId}`, { field: `input.servicePointIds[${i}]`, id });
        }
      });
    }
    const field = dueBy ? 'input.dueBy' : 'input.servicePointIds';
    const candidates = points
      .map((p) => ({ p, d: this.dueOf(p, done.get(p.id), asOf, field) }))
      .filter((x) => ids || x.d.status !== 'NOT_DUE')
      .sort((a, b) => byInspectionPriority(
        { servicePointId: a.p.id, vulnerable: a.p.vulnerability.length > 0, ...a.d },
        { servicePointId: b.p.id, vulnerable: b.p.vulnerability.length > 0, ...b.d },
      ));
    const rows: PlannedInspection[] = candidates.map(({ p, d }) => ({
      id: randomUUID(), servicePointId: p.id, address: p.address, customerType: customerTypeOf(p.customerType), vulnerability: p.vulnerability, dueBy: d.dueBy,
    }));
    const now = this.clock.now();
    const round: InspectionRoundRow = { id: randomUUID(), networkId: input.networkId, dueBy, scheduledOn, plannedBy: actor.sub, plannedAt: now };
    const plannedIds = new Set(await this.ds.transaction((tx) => this.repo.createRound(tx, round, rows)));
    return {
      round,
      planned: await this.repo.inspectionsOfRound(round.id),
      skipped: rows.filter((r) => !plannedIds.has(r.servicePointId)).map((r) => ({ servicePointId: r.servicePointId, reason: 'ALREADY_PLANNED' as const })),
    };
  }

  /** A follow-up inspection of an open notice (its deadline as due date). A point with a planned inspection already has its follow-up. */
  async planFollowUp(actor: Identity, noticeId: string, scheduledOn?: string | null): Promise<GasInspectionRow> {
    assertFieldWorker(actor, 'GAS', WORK);
    assertKindRun(this.cfg.utilities, 'GAS', 'noticeId');
    const day = scheduledOn === null || scheduledOn === undefined ? null : checkIsoDate(scheduledOn, 'scheduledOn');
    if (day && day < this.today()) throw new InvalidInputError(`scheduledOn ${day} 在过去 / is in the past`, { field: 'scheduledOn' });
    const id = randomUUID();
    await this.ds.transaction(async (tx) => {
      const n = UUID.test(noticeId) ? await this.repo.notice(noticeId, tx, true) : undefined;
      if (!n) throw new DomainError('NOT_FOUND', `整改通知单 ${noticeId} 不存在 / hazard notice ${noticeId} not found`, { field: 'noticeId', id: noticeId });
      if (n.status !== 'OPEN') throw new ConflictError(`整改通知单 ${n.number} 已关闭 / hazard notice ${n.number} is closed`, { status: n.status });
      const planned = await this.repo.plannedFor(tx, n.networkId, n.servicePointId);
      if (planned) {
        throw new ConflictError(`该用户已有待做的安检 ${planned.id}，其合格结果即关闭通知单 / service point ${n.servicePointId} already has planned inspection ${planned.id}: its pass closes the notice`, {
          field: 'noticeId', plannedInspectionId: planned.id,
        });
      }
      const source = (await this.repo.inspection(n.inspectionId, tx)) as GasInspectionRow;
      await this.repo.insertPlanned(tx, n.networkId, null, day, actor.sub, this.clock.now(), [{
        id, servicePointId: n.servicePointId, address: n.address, customerType: source.customerType, vulnerability: source.vulnerability, dueBy: n.rectifyBy, followUpOf: n.id,
      }]);
    });
    return (await this.repo.inspection(id)) as GasInspectionRow;
  }

  // ---------------- results ----------------

  /**
   * Records the result of a planned inspection (rules: checkInspectionResult, hazardEffects): a hazard issues a
   * rectification notice, a pass closes the point's open notices. One transaction with its outbox events.
   */
  async record(actor: Identity, id: string, result: Omit<InspectionResultInput, 'inspectedAt'> & { inspectedAt?: Date | null }): Promise<RecordedInspection> {
    assertFieldWorker(actor, 'GAS', WORK);
    assertKindRun(this.cfg.utilities, 'GAS', 'id');
    const now = this.clock.now();
    const inspectedAt = result.inspectedAt ?? now;
    const inspectedOn = localDate(inspectedAt instanceof Date && !Number.isNaN(inspectedAt.getTime()) ? inspectedAt : now, this.cfg.calendar.timeZone);
    const checked = checkInspectionResult({ ...result, inspectedAt }, inspectedOn, now, this.cfg.fieldWork.inspections);
    const out = await this.ds.transaction(async (tx) => {
      const ins = UUID.test(id) ? await this.repo.inspection(id, tx, true) : undefined;
      if (!ins) throw new NotFoundError('gas inspection', id);
      if (ins.status !== 'PLANNED') throw new ConflictError(`安检 ${id} 已记录结果 ${ins.status} / inspection ${id} already has its result (${ins.status})`, { status: ins.status });
      await this.repo.recordResult(tx, ins.id, checked, actor.sub, now);
      const effects = hazardEffects(checked.outcome, ins.followUpOf);
      // A notice is issued and closed when the inspection happened (a sheet may be entered later); recorded_at keeps the entry time.
      const closed = effects.closeOpen ? await this.repo.closeOpenNotices(tx, ins.networkId, ins.servicePointId, ins.id, checked.inspectedAt) : [];
      const issued = effects.issue
        ? await this.repo.issueNotice(tx, {
            id: randomUUID(), inspectionId: ins.id, networkId: ins.networkId, servicePointId: ins.servicePointId, address: ins.address, hazards: checked.hazards,
            issuedAt: checked.inspectedAt, issuedOn: checked.inspectedOn, rectifyBy: checked.rectifyBy as string, customerSignature: checked.customerSignature, customerRefused: checked.customerRefused,
          })
        : null;
      await this.outbox(tx, this.events(ins, checked.outcome, inspectedAt, issued, closed, now));
      return { id: ins.id, issued, closed };
    });
    this.relay.kick();
    return { inspection: (await this.repo.inspection(out.id)) as GasInspectionRow, issued: out.issued, closed: out.closed };
  }

  private events(ins: GasInspectionRow, outcome: string, inspectedAt: Date, issued: HazardNoticeRow | null, closed: HazardNoticeRow[], now: Date): BusMessage[] {
    const key = inspectionEventKey(ins.networkId, ins.servicePointId);
    const base = () => ({ eventId: randomUUID(), occurredAt: now.toISOString() });
    const summary = (n: HazardNoticeRow) => ({ id: n.id, number: n.number, networkId: n.networkId, servicePointId: n.servicePointId, inspectionId: n.inspectionId, rectifyBy: n.rectifyBy });
    const recorded: InspectionRecordedEvent = {
      type: 'inspection.recorded', ...base(),
      inspection: { id: ins.id, networkId: ins.networkId, servicePointId: ins.servicePointId, outcome, inspectedAt: inspectedAt.toISOString(), followUpOf: ins.followUpOf },
    };
    const out: BusMessage[] = [{ key, value: JSON.stringify(recorded) }];
    if (issued) {
      const e: HazardIssuedEvent = { type: 'hazard.issued', ...base(), notice: { ...summary(issued), hazards: issued.hazards } };
      out.push({ key, value: JSON.stringify(e) });
    }
    for (const n of closed) {
      const e: HazardClosedEvent = { type: 'hazard.closed', ...base(), notice: { ...summary(n), closedByInspectionId: ins.id } };
      out.push({ key, value: JSON.stringify(e) });
    }
    return out;
  }

  private async outbox(tx: EntityManager, messages: BusMessage[]): Promise<void> {
    const b = new SqlBatch();
    for (const s of outboxInserts(this.topic, messages)) b.add(s.sql, s.params);
    await b.run(tx);
  }

  // ---------------- reads ----------------

  async inspection(actor: Identity, id: string): Promise<GasInspectionRow> {
    assertFieldWorkReader(actor, 'GAS', READ);
    const r = UUID.test(id) ? await this.repo.inspection(id) : undefined;
    if (!r) throw new NotFoundError('gas inspection', id);
    return r;
  }

  async inspections(actor: Identity, f: Omit<InspectionFilter, 'after'>, first: number, after?: string | null) {
    assertFieldWorkReader(actor, 'GAS', READ);
    const limit = Math.max(1, Math.min(first, 500));
    const rows = await this.repo.listInspections({ ...f, after: after ? decodeCursor(after) : undefined }, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  inspectionsOfRound(roundId: string) {
    return this.repo.inspectionsOfRound(roundId);
  }

  async notice(actor: Identity, id: string): Promise<HazardNoticeRow> {
    assertFieldWorkReader(actor, 'GAS', READ);
    const n = UUID.test(id) ? await this.repo.notice(id) : undefined;
    if (!n) throw new NotFoundError('hazard notice', id);
    return n;
  }

  /** Newest first; `overdueOnly`: open notices past their deadline today. */
  async notices(actor: Identity, f: Omit<NoticeFilter, 'after' | 'overdueOn'> & { overdueOnly?: boolean | null }, first: number, after?: string | null) {
    assertFieldWorkReader(actor, 'GAS', READ);
    const limit = Math.max(1, Math.min(first, 500));
    const { overdueOnly, ...rest } = f;
    const rows = await this.repo.listNotices({ ...rest, overdueOn: overdueOnly ? this.today() : undefined, after: after ? decodeCursor(after) : undefined }, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.issuedAt, id: last.id }) : null };
  }

  noticesOfInspections(ids: readonly string[]) {
    return this.repo.noticesOfInspections(ids);
  }

  /** Days an open notice is past its deadline today. */
  noticeDaysOverdue(n: HazardNoticeRow): number {
    return hazardDaysOverdue(n, this.today());
  }

  // ---------------- the monthly report ----------------

  /**
   * Inspection coverage of [start, end) over every gas network (inspected / due, domain inspectionCoverage) and
   * the hazard notices issued, closed, open and late. Reads every service point of the gas networks.
   */
  async reportFigures(actor: Identity, start: Date, end: Date): Promise<GasReportFigures> {
    const tz = this.cfg.calendar.timeZone;
    const period = { from: localDate(start, tz), to: localDate(end, tz) };
    const networks = (await this.directory.networks(actor)).filter((n) => n.utility === 'GAS');
    const dayBefore = addDays(period.from, -1);
    const points: CoveragePoint[] = [];
    for (const n of networks) {
      const [sps, before, inPeriod] = await Promise.all([
        this.directory.servicePoints(actor, n.id, undefined, n.version), this.repo.lastDone(n.id, dayBefore), this.repo.doneBetween(n.id, period.from, period.to),
      ]);
      for (const p of sps) {
        points.push({
          customerType: customerTypeOf(p.customerType),
          lastBefore: lastInspectionAsOf([p.lastInspectedOn, before.get(p.id)], dayBefore),
          inspectedInPeriod: inPeriod.has(p.id),
        });
      }
    }
    const [hazards, inspected] = await Promise.all([this.repo.hazardFigures(start, end, period.to), this.repo.doneCount(period.from, period.to)]);
    return {
      coverage: inspectionCoverage(points, period, this.cfg.fieldWork.schedule, this.cfg.fieldWork.inspections.coverageTarget),
      inspected, hazardsIssued: hazards.issued, hazardsClosed: hazards.closed, hazardsOpen: hazards.openAtEnd, hazardsOverdue: hazards.overdueAtEnd,
    };
  }
}
