import type { DataSource } from 'typeorm';
import { Category, compareTargets, CompensationRule, Department, Severity, SlaKind, SlaTarget, SlaTargetTable } from '../domain';

/** A target's conditions as stored ('ANY' / 0: none). */
export interface TargetKey {
  kind: SlaKind;
  severity?: Severity;
  seasonFirstDays?: number;
}

export interface RoutingRow {
  category: Category;
  department: Department;
  statusSms: boolean;
}

/** The tables supervisors edit: routing, SLA targets, compensation rules, department heads. */
export class SettingsRepository {
  constructor(private readonly ds: DataSource) {}

  async routing(): Promise<RoutingRow[]> {
    return this.ds.query(`SELECT category, department, status_sms AS "statusSms" FROM routing_rule ORDER BY category`);
  }

  async setRouting(row: RoutingRow, by: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO routing_rule (category, department, status_sms, updated_by, updated_at) VALUES ($1,$2,$3,$4, now())
       ON CONFLICT (category) DO UPDATE SET department = EXCLUDED.department, status_sms = EXCLUDED.status_sms, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [row.category, row.department, row.statusSms, by],
    );
  }

  async slaTargets(): Promise<SlaTargetTable> {
    const rows: Array<{ category: Category; kind: SlaKind; minutes: number | null; working_days: number | null; basis: 'clock' | 'working'; from_event: SlaTarget['from']; severity: string; season_first_days: number }> =
      await this.ds.query(`SELECT category, kind, minutes, working_days, basis, from_event, severity, season_first_days FROM sla_target`);
    const table = Object.fromEntries(Object.values(Category).map((c) => [c, [] as SlaTarget[]])) as SlaTargetTable;
    for (const r of rows) {
      const t: SlaTarget = { kind: r.kind, basis: r.basis };
      if (r.minutes !== null) t.minutes = r.minutes;
      if (r.working_days !== null) t.workingDays = r.working_days;
      if (r.from_event && r.from_event !== 'report') t.from = r.from_event;
      if (r.severity !== 'ANY') t.severity = r.severity as Severity;
      if (r.season_first_days > 0) t.seasonFirstDays = r.season_first_days;
      table[r.category]?.push(t);
    }
    for (const c of Object.keys(table) as Category[]) table[c].sort(compareTargets);
    return table;
  }

  /** Writes (or with `t` null, removes) the row of `category` with these conditions. */
  async setSlaTarget(category: Category, t: SlaTarget | null, key: TargetKey, by: string): Promise<void> {
    const severity = key.severity ?? 'ANY';
    const seasonFirstDays = key.seasonFirstDays ?? 0;
    if (!t) {
      await this.ds.query(`DELETE FROM sla_target WHERE category = $1 AND kind = $2 AND severity = $3 AND season_first_days = $4`, [category, key.kind, severity, seasonFirstDays]);
      return;
    }
    await this.ds.query(
      `INSERT INTO sla_target (category, kind, minutes, working_days, basis, from_event, severity, season_first_days, updated_by, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9, now())
       ON CONFLICT (category, kind, severity, season_first_days) DO UPDATE SET minutes = EXCLUDED.minutes, working_days = EXCLUDED.working_days, basis = EXCLUDED.basis,
         from_event = EXCLUDED.from_event, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [category, t.kind, t.minutes ?? null, t.workingDays ?? null, t.basis, t.from ?? 'report', severity, seasonFirstDays, by],
    );
  }

  async compensationRules(): Promise<CompensationRule[]> {
    const rows: Array<{ id: string; categories: Category[]; target: SlaKind; amount_cny: string; per: 'once' | 'day'; label_zh: string | null; label_en: string | null }> =
      await this.ds.query(`SELECT id, categories, target, amount_cny, per, label_zh, label_en FROM compensation_rule WHERE active ORDER BY id`);
    return rows.map((r) => ({
      id: r.id, category: r.categories, target: r.target, amountCny: Number(r.amount_cny), per: r.per,
      label: r.label_zh || r.label_en ? { zh: r.label_zh ?? '', en: r.label_en ?? '' } : undefined,
    }));
  }

  async setCompensationRule(r: CompensationRule & { active: boolean }): Promise<void> {
    await this.ds.query(
      `INSERT INTO compensation_rule (id, categories, target, amount_cny, per, label_zh, label_en, active) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (id) DO UPDATE SET categories = EXCLUDED.categories, target = EXCLUDED.target, amount_cny = EXCLUDED.amount_cny,
         per = EXCLUDED.per, label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, active = EXCLUDED.active`,
      [r.id, r.category, r.target, r.amountCny, r.per, r.label?.zh ?? null, r.label?.en ?? null, r.active],
    );
  }

  async departmentHeads(department: Department): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await this.ds.query(`SELECT user_id FROM department_head WHERE department = $1 ORDER BY user_id`, [department]);
    return rows.map((r) => r.user_id);
  }

  async setDepartmentHeads(department: Department, userIds: string[]): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await tx.query(`DELETE FROM department_head WHERE department = $1`, [department]);
      for (const u of userIds) await tx.query(`INSERT INTO department_head (department, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [department, u]);
    });
  }
}
