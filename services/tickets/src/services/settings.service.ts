import { Clock, ForbiddenError, hasRole, Identity, InvalidInputError, requireRole, systemClock } from '@mainline/common';
import { departmentServes } from '@mainline/common/domain';
import {
  Category, categoryUtility, CompensationRule, DEFAULT_OUTAGE_EXPLAINED, Department, LiaisonShift, Severity, SLA_KINDS, SlaKind, SlaTarget, SlaTargetTable,
  validateCompensationRule, validateShifts, validateSlaTargets,
} from '../domain';
import type { RoutingRow, SettingsRepository } from '../repositories/settings.repository';

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

/**
 * Routing table, SLA targets and compensation rules: read on every create/transition, so cached for
 * `cacheMs` per replica; a change through this replica drops the cache at once.
 */
export class SettingsService {
  private routingCache: Cached<RoutingRow[]> | null = null;
  private targetsCache: Cached<SlaTargetTable> | null = null;
  private rulesCache: Cached<CompensationRule[]> | null = null;

  constructor(
    private readonly repo: SettingsRepository,
    private readonly cacheMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  private cached<T>(slot: Cached<T> | null, load: () => Promise<T>, set: (c: Cached<T>) => void): Promise<T> {
    const now = Date.now(); // cache age is wall time, not the business clock
    if (slot && now - slot.at < this.cacheMs) return slot.value;
    const entry: Cached<T> = { at: now, value: load() };
    // A failed read is not kept: after the database is back the next call reads again (cached, every
    // create failed for cacheMs after a restart).
    entry.value.catch(() => {
      entry.at = -Infinity;
    });
    set(entry);
    return entry.value;
  }

  invalidate(): void {
    this.routingCache = this.targetsCache = this.rulesCache = null;
  }

  routing(): Promise<RoutingRow[]> {
    return this.cached(this.routingCache, () => this.repo.routing(), (c) => (this.routingCache = c));
  }

  async routingMap(): Promise<Record<Category, Department>> {
    return Object.fromEntries((await this.routing()).map((r) => [r.category, r.department])) as Record<Category, Department>;
  }

  async statusSms(category: Category): Promise<boolean> {
    return (await this.routing()).find((r) => r.category === category)?.statusSms ?? false;
  }

  slaTargets(): Promise<SlaTargetTable> {
    return this.cached(this.targetsCache, () => this.repo.slaTargets(), (c) => (this.targetsCache = c));
  }

  compensationRules(): Promise<CompensationRule[]> {
    return this.cached(this.rulesCache, () => this.repo.compensationRules(), (c) => (this.rulesCache = c));
  }

  /** Reports an outage can explain (no water, pressure): linked instead of dispatched. */
  outageExplained(): readonly Category[] {
    return DEFAULT_OUTAGE_EXPLAINED;
  }

  departmentHeads(department: Department): Promise<string[]> {
    return this.repo.departmentHeads(department);
  }

  async setRouting(actor: Identity, row: RoutingRow): Promise<RoutingRow[]> {
    requireRole(actor, 'supervisor', 'admin');
    if (!Object.values(Category).includes(row.category)) throw new InvalidInputError(`unknown category ${row.category}`, { field: 'category' });
    if (!Object.values(Department).includes(row.department)) throw new InvalidInputError(`unknown department ${row.department}`, { field: 'department' });
    const kind = categoryUtility(row.category);
    if (!departmentServes(row.department, kind)) {
      throw new InvalidInputError(`部门 ${row.department} 不负责${kind}业务 / department ${row.department} does not work for utility kind ${kind} of ${row.category}`, { argument: 'department' });
    }
    await this.repo.setRouting(row, actor.sub);
    this.invalidate();
    return this.routing();
  }

  /**
   * Replaces (or with `t` null, removes) one target of a category: the row of `kind` with these conditions
   * (severity, heating-season window; none = the unconditional row). The whole table must stay valid.
   */
  async setSlaTarget(
    actor: Identity, category: Category, kind: SlaKind, t: Omit<SlaTarget, 'kind' | 'severity' | 'seasonFirstDays'> | null,
    cond: { severity?: Severity; seasonFirstDays?: number } = {},
  ): Promise<SlaTargetTable> {
    requireRole(actor, 'supervisor', 'admin');
    if (!SLA_KINDS.includes(kind)) throw new InvalidInputError(`unknown SLA kind ${kind}`, { field: 'kind' });
    const table = await this.repo.slaTargets();
    const key = { kind, ...(cond.severity ? { severity: cond.severity } : {}), ...(cond.seasonFirstDays ? { seasonFirstDays: cond.seasonFirstDays } : {}) };
    const next: SlaTarget | null = t ? { ...t, ...key } : null;
    const list = table[category].filter((x) => !(x.kind === kind && x.severity === key.severity && x.seasonFirstDays === key.seasonFirstDays));
    if (next) list.push(next);
    validateSlaTargets({ ...table, [category]: list });
    await this.repo.setSlaTarget(category, next, key, actor.sub);
    this.invalidate();
    return this.slaTargets();
  }

  async setCompensationRule(actor: Identity, r: CompensationRule & { active: boolean }): Promise<CompensationRule[]> {
    requireRole(actor, 'supervisor', 'admin');
    validateCompensationRule(r);
    await this.repo.setCompensationRule(r);
    this.invalidate();
    return this.compensationRules();
  }

  async setDepartmentHeads(actor: Identity, department: Department, userIds: string[]): Promise<string[]> {
    requireRole(actor, 'supervisor', 'admin');
    await this.repo.setDepartmentHeads(department, [...new Set(userIds.map((u) => u.trim()).filter(Boolean))]);
    return this.repo.departmentHeads(department);
  }

  /** A department's liaisons per shift (read at every dispatch). */
  liaisons(department: Department): Promise<LiaisonShift[]> {
    return this.repo.liaisons(department);
  }

  /** Who reads the liaisons: the call center, supervisors, and a department its own. */
  async liaisonsFor(actor: Identity, department?: Department | null): Promise<LiaisonShift[]> {
    if (!hasRole(actor, 'agent', 'supervisor', 'admin')) {
      if (!hasRole(actor, 'department') || !actor.department) throw new ForbiddenError('liaisons are for the call center, supervisors and their own department');
      if (department && department !== actor.department) throw new ForbiddenError(`department ${actor.department} cannot read the liaisons of ${department}`);
      department = actor.department as Department;
    }
    return this.repo.liaisons(department ?? null);
  }

  /** Replaces a department's liaisons per shift (supervisors); shifts may not overlap. */
  async setLiaisons(actor: Identity, department: Department, shifts: Array<Omit<LiaisonShift, 'department'>>): Promise<LiaisonShift[]> {
    requireRole(actor, 'supervisor', 'admin');
    validateShifts(shifts);
    await this.repo.setLiaisons(department, shifts, actor.sub, this.clock.now());
    return this.repo.liaisons(department);
  }
}
