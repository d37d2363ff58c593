import type { EntityManager } from 'typeorm';
import { DEPARTMENTS, DepartmentCode, enqueue, Identity, Logger, OutageEventType } from '@mainline/common';
import { Clock, ConflictError, decodeCursor, DomainError, encodeCursor, InvalidInputError, NotFoundError, type UtilityKind } from '@mainline/common/domain';
import { assertMayOperateValves, assertMayRestore } from '../domain/outage/access';
import { announceBlockers, AnnounceBlocker, leadTimeTooShort, outageRequiresRegulator } from '../domain/outage/announce-rules';
import {
  ACTIVE_STATUSES, canDo, checkTimes, formatOutageNumber, nextStatus, OUTAGE_KINDS, OUTAGE_SOURCES, OutageKind, OutageSource, OutageStatus, requireText, TRANSITIONS, yearIn,
} from '../domain/outage/lifecycle';
import { closeValve, HolderRef, isStarted, openValve, restorePlan } from '../domain/outage/valve-holding';
import { restorationNeedsCustomerChecks } from '../domain/outage/restoration';
import type { NetworkEngine } from '../domain/analysis/engine';
import type { FrozenImpact, Impact, ImpactFacts, ImpactParts, PartialImpact, SnapshotImpact } from '../domain/impact/impact';
import type { OutageEntity, ValveAction, ValveStateEntity } from '../entities/outage.entity';
import { outageEvent, outageEventMessage, outageSnapshot, SnapshotContext } from '../events/outage-events';
import type { OutageRepository } from '../repositories/outage.repository';
import type { AnalysisService, LoadedNetwork } from './analysis.service';

export interface OutageServiceConfig {
  /** docs/domain.md: planned outages are announced at least this many hours ahead (24). */
  announceLeadHours: number;
  /** Public number prefix: TS-2026-000042. */
  numberPrefix: string;
  /** Works unit when the plan names none. */
  defaultWorksUnit: DepartmentCode;
  /** The utility's time zone (numbering year). */
  timeZone: string;
  /** topicName(prefix, TOPICS.outageEvents). */
  eventsTopic: string;
  /** How far ahead of the server clock a crew's recorded valve time may be (clock skew). */
  valveOperationMaxFutureS: number;
  /** Largest page of `outages`. */
  pageMax: number;
}

export interface CreateOutageCommand {
  networkId: string;
  kind: OutageKind;
  /** Default NETWORK. */
  source?: OutageSource | null;
  /** Default false: supply stops. */
  pressureReduction?: boolean | null;
  pipeIds?: string[] | null;
  valveIds?: string[] | null;
  inoperableValveIds?: string[] | null;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  onMainRoad?: boolean | null;
  worksUnit?: string | null;
  workOrderIds?: string[] | null;
}

export interface RegulatorApprovalCommand {
  approvalNumber: string;
  approvedAt: Date;
  documentUrl: string;
}

export interface OutageListQuery {
  status?: OutageStatus | null;
  networkId?: string | null;
  utility?: UtilityKind | null;
  /** ANNOUNCED or IN_PROGRESS: known to the public or with the water off. */
  active?: boolean | null;
  first?: number | null;
  after?: string | null;
}

export interface ValveStateView {
  valveId: string;
  closed: boolean;
  closedForThisOutage: boolean;
  heldBy: HolderRef[];
}

export interface AnnounceReadiness {
  ready: boolean;
  blockers: Array<{ rule: string; message: string }>;
}

/** What the analysis needs of an outage to compute its impact now. */
type LiveImpactInput = Pick<OutageEntity, 'networkId' | 'pipeIds' | 'valveIds' | 'valvesExplicit' | 'inoperableValveIds' | 'onMainRoad'>;

/** What announceReadiness reads of an outage: the entity, or the GraphQL root mapped from it (only presence of approvals counts). */
export type ReadinessInput = LiveImpactInput & Pick<OutageEntity, 'number' | 'kind' | 'source' | 'status' | 'startsAt'> & {
  approvedImpact: ImpactFacts | null;
  regulatorApproval: object | null;
  leadTimeOverride: object | null;
};

type EventSpec = { type: OutageEventType; status?: OutageStatus };

interface Change {
  events: EventSpec[];
  /** The events list every affected service point (restoration checked customer by customer). */
  withAffectedServicePoints?: boolean;
  history: Array<{ action: string; from: OutageStatus; to: OutageStatus; note?: string | null; details?: Record<string, unknown> }>;
  previous?: { startsAt: Date; endsAt: Date };
}

const DEFAULT_PAGE = 20;

/**
 * Outage planning and execution (issue 5): the lifecycle, the announcement rules, valve operations
 * with shared valve holds, and the outage.events stream through the outbox.
 */
export class OutageService {
  constructor(
    private readonly repo: OutageRepository,
    private readonly analysis: AnalysisService,
    private readonly clock: Clock,
    private readonly cfg: OutageServiceConfig,
    private readonly log: Logger,
    /** Called after a commit that wrote outbox rows (the relay publishes at once). */
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  // ---- reads ----

  find(id: string): Promise<OutageEntity | null> {
    return this.repo.get(id);
  }

  async get(id: string): Promise<OutageEntity> {
    const o = await this.repo.get(id);
    if (!o) throw new NotFoundError('outage', id);
    return o;
  }

  async list(q: OutageListQuery): Promise<{ nodes: OutageEntity[]; endCursor: string | null; hasNextPage: boolean }> {
    const first = q.first ?? DEFAULT_PAGE;
    if (!Number.isInteger(first) || first < 1 || first > this.cfg.pageMax) {
      throw new InvalidInputError(`first must be an integer from 1 to ${this.cfg.pageMax}`, { field: 'first' });
    }
    let statuses: OutageStatus[] | null = q.status ? [q.status] : null;
    if (q.active) statuses = (statuses ?? [...ACTIVE_STATUSES]).filter((s) => ACTIVE_STATUSES.includes(s));
    if (statuses && statuses.length === 0) return { nodes: [], endCursor: null, hasNextPage: false };
    const rows = await this.repo.list({ statuses, networkId: q.networkId, utility: q.utility }, first + 1, q.after ? decodeCursor(q.after) : null);
    const nodes = rows.slice(0, first);
    const last = nodes[nodes.length - 1];
    return { nodes, endCursor: last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null, hasNextPage: rows.length > first };
  }

  history(outageId: string) {
    return this.repo.history(outageId);
  }

  /** Several outages in one read. */
  findMany(ids: readonly string[]): Promise<OutageEntity[]> {
    return this.repo.getMany(ids);
  }

  /** The audit trails of several outages in one read. */
  historyOf(outageIds: readonly string[]) {
    return this.repo.historyOf(outageIds);
  }

  valveOperations(outageId: string) {
    return this.repo.valveOperations(outageId);
  }

  /** The valve operations of several outages in one read. */
  valveOperationsOf(outageIds: readonly string[]) {
    return this.repo.valveOperationsOf(outageIds);
  }

  /** Each valve of the outage: closed or not, and which outages hold it. */
  async valveStates(o: Pick<OutageEntity, 'id' | 'networkId' | 'valveIds'>): Promise<ValveStateView[]> {
    return (await this.valveStatesOf([o]))[0];
  }

  /** The same for several outages: the hold records in one read, the holders' numbers in another. */
  async valveStatesOf(os: ReadonlyArray<Pick<OutageEntity, 'id' | 'networkId' | 'valveIds'>>): Promise<ValveStateView[][]> {
    const key = (networkId: string, valveId: string) => `${networkId}\u0000${valveId}`;
    const wanted = new Map<string, { networkId: string; valveId: string }>();
    for (const o of os) for (const valveId of o.valveIds) wanted.set(key(o.networkId, valveId), { networkId: o.networkId, valveId });
    const states = new Map((await this.repo.valveStatesByKeys([...wanted.values()])).map((s) => [key(s.networkId, s.valveId), s]));
    const holderIds = [...new Set([...states.values()].flatMap((s) => s.closedByOutages))];
    const refs = new Map((await this.repo.refs(holderIds)).map((r) => [r.id, r]));
    return os.map((o) =>
      o.valveIds.map((valveId) => {
        const held = states.get(key(o.networkId, valveId))?.closedByOutages ?? [];
        return {
          valveId,
          closed: held.length > 0,
          closedForThisOutage: held.includes(o.id),
          heldBy: held.map((id) => refs.get(id) ?? { id, number: id, status: 'UNKNOWN' }),
        };
      }),
    );
  }

  /** The impact now, from the analysis: the pipes' isolation plan, or exactly the given valves. */
  liveImpact(o: LiveImpactInput, network?: string | LoadedNetwork): Promise<Impact>;
  /** The same with only the costly `parts` asked for (a GraphQL selection). */
  liveImpact(o: LiveImpactInput, network: string | LoadedNetwork, parts: ImpactParts): Promise<PartialImpact>;
  liveImpact(o: LiveImpactInput, network: string | LoadedNetwork = o.networkId, parts?: ImpactParts): Promise<PartialImpact> {
    const req = { onMainRoad: o.onMainRoad };
    if (o.valvesExplicit) return parts ? this.analysis.closureImpact(network, o.valveIds, req, parts) : this.analysis.closureImpact(network, o.valveIds, req);
    const plan = { pipeIds: o.pipeIds, inoperableValveIds: o.inoperableValveIds, ...req };
    return parts ? this.analysis.isolationPlan(network, plan, parts) : this.analysis.isolationPlan(network, plan);
  }

  /** The bureau's rule for the outage: a PLANT outage at once, else the approved (or live) impact's population rule. */
  async requiresRegulatorApproval(o: LiveImpactInput & Pick<OutageEntity, 'source'> & { approvedImpact: ImpactFacts | null }): Promise<boolean> {
    if (outageRequiresRegulator(o.source, false)) return true;
    const i = o.approvedImpact ?? (await this.liveImpact(o, o.networkId, { area: false, population: true, areaNames: false, importantUsers: false, growth: false }));
    return outageRequiresRegulator(o.source, i.requiresRegulatorApproval!);
  }

  /** What still stands between the outage and its announcement (data, not an error). */
  async announceReadiness(o: ReadinessInput): Promise<AnnounceReadiness> {
    const blockers: AnnounceReadiness['blockers'] = [];
    if (!canDo(o.kind, o.status, 'ANNOUNCE')) {
      blockers.push({ rule: 'STATUS', message: `outage ${o.number} is ${o.status}; a ${o.kind} outage is announced from ${listOr(TRANSITIONS[o.kind].ANNOUNCE.from)}` });
    }
    if (o.status !== 'CANCELLED' && o.status !== 'RESTORED') blockers.push(...(await this.ruleBlockers(o)));
    return { ready: blockers.length === 0, blockers };
  }

  // ---- planning ----

  async create(actor: Identity, cmd: CreateOutageCommand): Promise<OutageEntity> {
    const now = this.clock.now();
    if (!OUTAGE_KINDS.includes(cmd.kind)) throw new InvalidInputError(`kind must be ${OUTAGE_KINDS.join(' or ')}`, { field: 'kind' });
    const source = cmd.source ?? 'NETWORK';
    if (!OUTAGE_SOURCES.includes(source)) throw new InvalidInputError(`source must be ${OUTAGE_SOURCES.join(' or ')}`, { field: 'source' });
    const reason = requireText(cmd.reason, 'reason');
    checkTimes(cmd.startsAt, cmd.endsAt);
    if (cmd.kind === 'PLANNED' && cmd.startsAt.getTime() <= now.getTime()) {
      throw new InvalidInputError(`a planned outage must start in the future (startsAt ${cmd.startsAt.toISOString()}); use kind EMERGENCY for one already under way`, { field: 'startsAt' });
    }
    const worksUnit = cmd.worksUnit ?? this.cfg.defaultWorksUnit;
    if (!DEPARTMENTS.includes(worksUnit as DepartmentCode)) {
      throw new InvalidInputError(`worksUnit "${worksUnit}" is not a department code (${DEPARTMENTS.join(', ')})`, { field: 'worksUnit' });
    }
    const pipeIds = unique(cmd.pipeIds ?? []);
    const explicitValves = unique(cmd.valveIds ?? []);
    const inoperable = unique(cmd.inoperableValveIds ?? []);
    if (pipeIds.length === 0 && explicitValves.length === 0) {
      throw new InvalidInputError('an outage needs the broken pipe(s) (pipeIds) or the valves to close (valveIds)', { field: 'pipeIds' });
    }
    const loaded = await this.analysis.engineById(cmd.networkId);
    const { net, engine } = loaded;
    for (const [field, ids, known] of [
      ['pipeIds', pipeIds, (id: string) => engine.hasPipe(id)],
      ['valveIds', explicitValves, (id: string) => engine.hasValve(id)],
      ['inoperableValveIds', inoperable, (id: string) => engine.hasValve(id)],
    ] as const) {
      const missing = ids.filter((id) => !known(id));
      if (missing.length) throw new InvalidInputError(`${field}: ${missing.join(', ')} not in network "${net.name}"`, { field, missing });
    }
    const draft = {
      networkId: net.id, pipeIds, valveIds: explicitValves, valvesExplicit: explicitValves.length > 0, inoperableValveIds: inoperable,
      onMainRoad: cmd.onMainRoad ?? false,
    };
    const impact = await this.liveImpact(draft, loaded);
    const valveIds = draft.valvesExplicit ? explicitValves : impact.valvesToClose.map((v) => v.id);
    if (valveIds.length === 0) {
      throw new InvalidInputError(`the isolation plan of pipe(s) ${pipeIds.join(', ')} closes no valve: give the valves to close (valveIds)`, { field: 'valveIds' });
    }
    const view = this.view(engine, impact);
    const saved = await this.repo.transaction(async (tx) => {
      const seq = await this.repo.nextNumber(tx, yearIn(now, this.cfg.timeZone));
      const o = await this.repo.insert(tx, {
        ...draft,
        utility: net.utility,
        valveIds,
        number: formatOutageNumber(this.cfg.numberPrefix, yearIn(now, this.cfg.timeZone), seq),
        kind: cmd.kind,
        source,
        pressureReduction: cmd.pressureReduction ?? false,
        status: 'DRAFT',
        reason,
        startsAt: cmd.startsAt,
        endsAt: cmd.endsAt,
        worksUnit,
        workOrderIds: unique(cmd.workOrderIds ?? []),
        approvedImpact: null,
        regulatorApproval: null,
        leadTimeOverride: null,
        createdBy: actor.sub,
        createdAt: now,
        updatedAt: now,
        submittedAt: null, approvedAt: null, announcedAt: null, startedAt: null, restoredAt: null, cancelledAt: null, cancelReason: null,
      });
      await this.repo.addHistory(tx, { outageId: o.id, at: now, actor: actor.sub, actorName: actor.name, action: 'CREATE', fromStatus: null, toStatus: 'DRAFT', note: reason, details: { valveIds, pipeIds, population: impact.population } });
      await this.publish(tx, o, [{ type: 'outage.created' }], { ...view, networkName: net.name }, now);
      return o;
    });
    this.afterCommit();
    return saved;
  }

  submit(actor: Identity, outageId: string): Promise<OutageEntity> {
    return this.change(actor, outageId, async (_tx, o, now) => {
      const from = o.status;
      o.status = nextStatus(o, 'SUBMIT');
      o.submittedAt = now;
      return { events: [{ type: 'outage.submitted' }], history: [{ action: 'SUBMIT', from, to: o.status }] };
    });
  }

  /** Approval freezes the impact: what was approved is what the notices quote. */
  approve(actor: Identity, outageId: string): Promise<OutageEntity> {
    return this.change(actor, outageId, async (_tx, o, now, live) => {
      const from = o.status;
      o.status = nextStatus(o, 'APPROVE');
      // APPROVE is allowed only before approval, and change() computes `live` whenever there is no approved impact.
      const impact = live!;
      o.approvedImpact = freeze(impact, o.valveIds, now);
      o.approvedAt = now;
      return {
        events: [{ type: 'outage.approved' }],
        history: [{ action: 'APPROVE', from, to: o.status, details: { population: impact.population, requiresRegulatorApproval: outageRequiresRegulator(o.source, impact.requiresRegulatorApproval) } }],
      };
    });
  }

  recordRegulatorApproval(actor: Identity, outageId: string, input: RegulatorApprovalCommand): Promise<OutageEntity> {
    const approvalNumber = requireText(input.approvalNumber, 'approvalNumber');
    const documentUrl = requireText(input.documentUrl, 'documentUrl');
    if (!/^https?:\/\/[^\s]+$/i.test(documentUrl) || !URL.canParse(documentUrl)) {
      throw new InvalidInputError(`documentUrl "${documentUrl}" is not an http(s) URL`, { field: 'documentUrl' });
    }
    if (!(input.approvedAt instanceof Date) || Number.isNaN(input.approvedAt.getTime())) {
      throw new InvalidInputError('approvedAt is not a valid instant', { field: 'approvedAt' });
    }
    return this.change(actor, outageId, async (_tx, o, now) => {
      nextStatus(o, 'RECORD_REGULATOR_APPROVAL');
      o.regulatorApproval = { approvalNumber, approvedAt: input.approvedAt.toISOString(), documentUrl, recordedBy: actor.sub, recordedAt: now.toISOString() };
      return { events: [], history: [{ action: 'RECORD_REGULATOR_APPROVAL', from: o.status, to: o.status, note: approvalNumber, details: { approvalNumber, approvedAt: input.approvedAt.toISOString(), documentUrl } }] };
    });
  }

  overrideLeadTime(actor: Identity, outageId: string, reason: string): Promise<OutageEntity> {
    const why = requireText(reason, 'reason');
    return this.change(actor, outageId, async (_tx, o, now) => {
      if (o.kind !== 'PLANNED') throw new InvalidInputError(`outage ${o.number} is an emergency: it needs no lead-time override`, { field: 'outageId' });
      nextStatus(o, 'OVERRIDE_LEAD_TIME');
      o.leadTimeOverride = { by: actor.sub, byName: actor.name, reason: why, at: now.toISOString() };
      return { events: [], history: [{ action: 'OVERRIDE_LEAD_TIME', from: o.status, to: o.status, note: why }] };
    });
  }

  /** Refused (SLA_RULE) while a rule blocks it: regulator approval above the threshold, lead time. */
  announce(actor: Identity, outageId: string): Promise<OutageEntity> {
    return this.change(actor, outageId, async (_tx, o, now, live) => {
      const from = o.status;
      const to = nextStatus(o, 'ANNOUNCE');
      const blockers = announceBlockers(this.facts(o, o.approvedImpact ?? live!), now, { announceLeadHours: this.cfg.announceLeadHours });
      if (blockers.length) throw ruleError(o, blockers);
      o.status = to;
      o.announcedAt = now;
      return { events: [{ type: 'outage.announced' }], history: [{ action: 'ANNOUNCE', from, to, details: o.leadTimeOverride ? { leadTimeOverride: o.leadTimeOverride.reason } : {} }] };
    });
  }

  reschedule(actor: Identity, outageId: string, startsAt: Date, endsAt: Date, reason: string): Promise<OutageEntity> {
    const why = requireText(reason, 'reason');
    checkTimes(startsAt, endsAt);
    return this.change(actor, outageId, async (_tx, o, now) => {
      nextStatus(o, 'RESCHEDULE');
      const previous = { startsAt: o.startsAt, endsAt: o.endsAt };
      if (o.status === 'IN_PROGRESS' && startsAt.getTime() !== o.startsAt.getTime()) {
        throw new InvalidInputError(`outage ${o.number} is in progress since ${o.startsAt.toISOString()}: only endsAt can change`, { field: 'startsAt' });
      }
      if (o.status === 'IN_PROGRESS' && endsAt.getTime() <= now.getTime()) {
        throw new InvalidInputError(`outage ${o.number} is in progress: the new end must be in the future`, { field: 'endsAt' });
      }
      if (o.status !== 'IN_PROGRESS' && o.kind === 'PLANNED' && startsAt.getTime() <= now.getTime()) {
        throw new InvalidInputError(`a planned outage must start in the future (startsAt ${startsAt.toISOString()})`, { field: 'startsAt' });
      }
      // Moving an announced planned outage closer than the lead time needs the same override as announcing late.
      if (o.status === 'ANNOUNCED' && startsAt.getTime() < o.startsAt.getTime() && leadTimeTooShort(o.kind, startsAt, now, { announceLeadHours: this.cfg.announceLeadHours }) && !o.leadTimeOverride) {
        throw ruleError(o, announceBlockers({ ...this.facts(o, o.approvedImpact!), startsAt, requiresRegulatorApproval: false }, now, { announceLeadHours: this.cfg.announceLeadHours }));
      }
      o.startsAt = startsAt;
      o.endsAt = endsAt;
      return {
        events: [{ type: 'outage.rescheduled' }],
        history: [{ action: 'RESCHEDULE', from: o.status, to: o.status, note: why, details: { previousStartsAt: previous.startsAt.toISOString(), previousEndsAt: previous.endsAt.toISOString(), startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() } }],
        previous,
      };
    });
  }

  cancel(actor: Identity, outageId: string, reason: string): Promise<OutageEntity> {
    const why = requireText(reason, 'reason');
    return this.change(actor, outageId, async (tx, o, now) => {
      const from = o.status;
      const to = nextStatus(o, 'CANCEL');
      const held = (await this.repo.lockValveStates(tx, o.networkId, o.valveIds, now)).filter((s) => s.closedByOutages.includes(o.id));
      if (held.length) {
        throw new ConflictError(`outage ${o.number} still holds closed valve(s) ${held.map((s) => s.valveId).join(', ')}: reopen them (recordValveOperation OPEN) before cancelling`, { valveIds: held.map((s) => s.valveId) });
      }
      o.status = to;
      o.cancelledAt = now;
      o.cancelReason = why;
      return { events: [{ type: 'outage.cancelled' }], history: [{ action: 'CANCEL', from, to, note: why }] };
    });
  }

  // ---- execution ----

  /**
   * A crew closed or opened a valve. Closing is recorded once per valve (later outages join the hold);
   * reopening is refused while another outage holds it. Refused attempts are audited too.
   */
  async recordValveOperation(actor: Identity, outageId: string, valveId: string, action: ValveAction, at?: Date | null): Promise<OutageEntity> {
    const o = await this.get(outageId);
    const now = this.clock.now();
    const when = at ?? now;
    try {
      assertMayOperateValves(actor, o.worksUnit, o.number);
      if (Number.isNaN(when.getTime())) throw new InvalidInputError('at is not a valid instant', { field: 'at' });
      if (when.getTime() > now.getTime() + this.cfg.valveOperationMaxFutureS * 1000) {
        throw new InvalidInputError(`at (${when.toISOString()}) is in the future`, { field: 'at' });
      }
      if (!o.valveIds.includes(valveId)) {
        throw new InvalidInputError(`valve ${valveId} is not one of the valves of outage ${o.number} (${o.valveIds.join(', ')})`, { field: 'valveId' });
      }
      return await this.change(actor, o, async (tx, cur, t) => {
        nextStatus(cur, action === 'CLOSE' ? 'CLOSE_VALVE' : 'OPEN_VALVE');
        const states = await this.repo.lockValveStates(tx, cur.networkId, cur.valveIds, t);
        const state = states.find((s) => s.valveId === valveId)!;
        let outcome: 'CLOSED' | 'ALREADY_CLOSED' | 'OPENED';
        if (action === 'CLOSE') {
          const r = closeValve({ valveId, closedBy: state.closedByOutages }, cur.id, cur.number);
          state.closedByOutages = r.closedBy;
          if (r.outcome === 'CLOSED') state.closedAt = when;
          outcome = r.outcome;
        } else {
          const refs = await this.repo.refs(state.closedByOutages.filter((id) => id !== cur.id), tx);
          const r = openValve({ valveId, closedBy: state.closedByOutages }, cur.id, cur.number, new Map(refs.map((x) => [x.id, x])));
          state.closedByOutages = r.closedBy;
          state.closedAt = null;
          outcome = r.outcome;
        }
        state.updatedAt = t;
        await this.repo.saveValveState(tx, state);
        await this.repo.addValveOperation(tx, {
          outageId: cur.id, networkId: cur.networkId, valveId, action, outcome, at: when, recordedAt: t, recordedBy: actor.sub,
          recordedByName: actor.name, department: actor.department, note: null,
        });
        const change: Change = { events: [], history: [] };
        const closedHere = new Set(states.filter((s) => s.closedByOutages.includes(cur.id)).map((s) => s.valveId));
        if (action === 'CLOSE' && cur.status !== 'IN_PROGRESS' && isStarted(cur.kind, cur.valveIds, closedHere)) {
          // An emergency starts at once: if it was not announced yet, the announcement goes out with the start.
          let from = cur.status;
          if (!cur.announcedAt) {
            cur.announcedAt = t;
            change.events.push({ type: 'outage.announced', status: 'ANNOUNCED' });
            change.history.push({ action: 'ANNOUNCE', from, to: 'ANNOUNCED', note: 'emergency: announced as the water stops' });
            from = 'ANNOUNCED';
          }
          cur.status = nextStatus({ ...cur, status: from }, 'START');
          cur.startedAt = when;
          change.events.push({ type: 'outage.started' });
          change.history.push({ action: 'START', from, to: cur.status, details: { closedValveIds: [...closedHere] } });
        }
        return change;
      });
    } catch (e) {
      if (e instanceof DomainError && e.code !== 'NOT_FOUND') await this.auditRefusal(actor, o, valveId, action, when, now, e);
      throw e;
    }
  }

  /**
   * The works unit confirms the water is back. Every valve only this outage holds must be reopened first;
   * valves other outages still hold stay closed and are listed in the history.
   */
  restore(actor: Identity, outageId: string): Promise<OutageEntity> {
    return this.change(actor, outageId, async (tx, o, now) => {
      assertMayRestore(actor, o.worksUnit, o.number);
      const from = o.status;
      const to = nextStatus(o, 'RESTORE');
      const states = await this.repo.lockValveStates(tx, o.networkId, o.valveIds, now);
      const plan = restorePlan(o.id, states.map((s) => ({ valveId: s.valveId, closedBy: s.closedByOutages })));
      if (plan.mustReopen.length) {
        throw new ConflictError(`outage ${o.number} cannot be restored: valve(s) ${plan.mustReopen.join(', ')} are still closed for it only; record them opened first`, { valveIds: plan.mustReopen });
      }
      const refs = new Map((await this.repo.refs(plan.stillHeld.flatMap((h) => h.heldBy), tx)).map((r) => [r.id, r]));
      for (const h of plan.stillHeld) {
        const s = states.find((x) => x.valveId === h.valveId) as ValveStateEntity;
        s.closedByOutages = s.closedByOutages.filter((id) => id !== o.id);
        s.updatedAt = now;
        await this.repo.saveValveState(tx, s);
      }
      o.status = to;
      o.restoredAt = now;
      const stillClosed = plan.stillHeld.map((h) => ({ valveId: h.valveId, heldBy: h.heldBy.map((id) => refs.get(id)?.number ?? id) }));
      return {
        events: [{ type: 'outage.restored' }],
        withAffectedServicePoints: restorationNeedsCustomerChecks(o.utility),
        history: [{
          action: 'RESTORE', from, to,
          note: stillClosed.length ? `still closed for other outages: ${stillClosed.map((s) => `${s.valveId} (${s.heldBy.join(', ')})`).join('; ')}` : null,
          details: { stillClosed },
        }],
      };
    });
  }

  // ---- internals ----

  /**
   * One change of one outage: row lock, rule checks in `apply`, history, and the events in the outbox
   * in the same transaction; the relay is kicked after the commit.
   */
  private async change(
    actor: Identity,
    outage: string | OutageEntity,
    apply: (tx: EntityManager, o: OutageEntity, now: Date, live: Impact | null) => Promise<Change>,
  ): Promise<OutageEntity> {
    const current = typeof outage === 'string' ? await this.get(outage) : outage;
    const loaded = await this.analysis.engineById(current.networkId);
    // The analysis runs before the transaction (no lock held during it); approval is the only change of the frozen impact.
    const live = current.approvedImpact ? null : await this.liveImpact(current, loaded);
    const now = this.clock.now();
    let wrote = false;
    const saved = await this.repo.transaction(async (tx) => {
      const cur = await this.repo.lock(tx, current.id);
      if (!cur) throw new NotFoundError('outage', current.id);
      const c = await apply(tx, cur, now, live);
      cur.updatedAt = now;
      await this.repo.save(tx, cur);
      for (const h of c.history) {
        await this.repo.addHistory(tx, { outageId: cur.id, at: now, actor: actor.sub, actorName: actor.name, action: h.action, fromStatus: h.from, toStatus: h.to, note: h.note ?? null, details: h.details ?? {} });
      }
      if (c.events.length) {
        // An approved impact is never cleared, so `live` exists whenever `cur` has none.
        const impact = cur.approvedImpact ?? live!;
        const view = this.view(loaded.engine, impact);
        const affectedServicePoints = c.withAffectedServicePoints ? await this.repo.servicePointsAtNodes(tx, cur.networkId, impact.affectedNodeIds) : undefined;
        await this.publish(tx, cur, c.events, { ...view, affectedServicePoints, networkName: loaded.net.name, previous: c.previous }, now);
        wrote = true;
      }
      return cur;
    });
    if (wrote) this.afterCommit();
    return saved;
  }

  private async publish(tx: EntityManager, o: OutageEntity, events: EventSpec[], ctx: SnapshotContext, now: Date): Promise<void> {
    const messages = events.map((e) => {
      const snap = outageSnapshot(e.status ? { ...o, status: e.status } : o, ctx);
      return outageEventMessage(outageEvent(e.type, snap, now));
    });
    await enqueue(tx, this.cfg.eventsTopic, messages);
    this.log.info({ outage: o.number, events: events.map((e) => e.type) }, 'outage events queued');
  }

  /** The impact the notices quote, with the service-point phones in it (current contact data from the network). */
  private view(engine: NetworkEngine, impact: SnapshotImpact): Pick<SnapshotContext, 'impact' | 'servicePointPhones'> {
    return { impact, servicePointPhones: engine.phonesAt(impact.affectedNodeIds) };
  }

  private facts(o: Pick<ReadinessInput, 'kind' | 'source' | 'startsAt' | 'regulatorApproval' | 'leadTimeOverride'>, i: ImpactFacts) {
    return {
      kind: o.kind, source: o.source, startsAt: o.startsAt, population: i.population, threshold: i.threshold,
      requiresRegulatorApproval: outageRequiresRegulator(o.source, i.requiresRegulatorApproval),
      hasRegulatorApproval: !!o.regulatorApproval, hasLeadTimeOverride: !!o.leadTimeOverride,
    };
  }

  private async ruleBlockers(o: ReadinessInput): Promise<AnnounceBlocker[]> {
    const i = o.approvedImpact ?? (await this.liveImpact(o));
    return announceBlockers(this.facts(o, i), this.clock.now(), { announceLeadHours: this.cfg.announceLeadHours });
  }

  private async auditRefusal(actor: Identity, o: OutageEntity, valveId: string, action: ValveAction, at: Date, now: Date, e: DomainError): Promise<void> {
    this.log.warn({ outage: o.number, valveId, action, user: actor.sub, code: e.code, err: e.message }, 'valve operation refused');
    await this.repo
      .addValveOperation(null, {
        outageId: o.id, networkId: o.networkId, valveId, action, outcome: 'REFUSED', at, recordedAt: now, recordedBy: actor.sub,
        recordedByName: actor.name, department: actor.department, note: `${e.code}: ${e.message}`.slice(0, 2000),
      })
      .catch((err) => this.log.error({ err: String(err) }, 'could not audit a refused valve operation'));
  }
}

function ruleError(o: OutageEntity, blockers: AnnounceBlocker[]): DomainError {
  return new DomainError('SLA_RULE', `outage ${o.number} cannot be announced: ` + blockers.map((b) => b.message).join('; '), {
    outageNumber: o.number,
    rules: blockers.map((b) => b.rule),
  });
}

/** "A", "A or B", "A, B or C". */
function listOr(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}` : items.join('');
}

function freeze(i: Impact, valveIds: string[], now: Date): FrozenImpact {
  return {
    computedAt: now.toISOString(),
    population: i.population,
    unsuppliedPopulation: i.unsuppliedPopulation,
    populationBasis: i.populationBasis,
    requiresRegulatorApproval: i.requiresRegulatorApproval,
    threshold: i.threshold,
    area: i.area,
    areaNames: i.areaNames,
    importantUsers: i.importantUsers.map((u) => ({ id: u.id, kind: u.kind, name: u.name, phone: u.phone, address: u.address, persons: u.persons })),
    valveIds,
    affectedPipeIds: i.affectedPipeIds,
    affectedNodeIds: i.affectedNodeIds,
  };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids.map((s) => s.trim()).filter(Boolean))];
}

