import type { DataSource } from 'typeorm';
import { Category, compareTargets, CompensationRule, Department, LiaisonShift, Severity, SlaKind, SlaTarget, SlaTargetTable } from '../domain';

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

/** First key of the advisory lock that serialises replacing one department's liaisons ('LIAS'). */
const LIAISON_LOCK_NAMESPACE = 0x4c494153;

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
    const rows: Array<{
      id: string; categories: Category[]; trigger: CompensationRule['trigger']; target: string | null; amount_cny: string; per: 'once' | 'day';
      basis: CompensationRule['basis']; rate: string | null; rate_max: string | null; payee: CompensationRule['payee']; label_zh: string | null; label_en: string | null;
    }> = await this.ds.query(`SELECT id, categories, trigger, target, amount_cny, per, basis, rate, rate_max, payee, label_zh, label_en
      FROM compensation_rule WHERE active ORDER BY id`);
    return rows.map((r) => ({
      id: r.id, category: r.categories, trigger: r.trigger, ...(r.target !== null ? { target: r.target } : {}), amountCny: Number(r.amount_cny), per: r.per,
      basis: r.basis, ...(r.rate !== null ? { rate: Number(r.rate) } : {}), ...(r.rate_max !== null ? { rateMax: Number(r.rate_max) } : {}), payee: r.payee,
      label: r.label_zh || r.label_en ? { zh: r.label_zh ?? '', en: r.label_en ?? '' } : undefined,
    }));
  }

  async setCompensationRule(r: CompensationRule & { active: boolean }): Promise<void> {
    await this.ds.query(
      `INSERT INTO compensation_rule (id, categories, trigger, target, amount_cny, per, basis, rate, rate_max, payee, label_zh, label_en, active)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
       ON CONFLICT (id) DO UPDATE SET categories = EXCLUDED.categories, trigger = EXCLUDED.trigger, target = EXCLUDED.target, amount_cny = EXCLUDED.amount_cny,
         per = EXCLUDED.per, basis = EXCLUDED.basis, rate = EXCLUDED.rate, rate_max = EXCLUDED.rate_max, payee = EXCLUDED.payee,
         label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, active = EXCLUDED.active`,
      [r.id, r.category, r.trigger, r.target ?? null, r.amountCny, r.per, r.basis, r.rate ?? null, r.rateMax ?? null, r.payee, r.label?.zh ?? null, r.label?.en ?? null, r.active],
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

  /** The liaisons per shift of one department (or of all), by shift start. */
  liaisons(department?: Department | null): Promise<LiaisonShift[]> {
    return this.ds.query(
      `SELECT department, shift_start AS start, shift_end AS "end", name, phone FROM department_liaison
       WHERE ($1::text IS NULL OR department = $1) ORDER BY department, shift_start`,
      [department ?? null],
    );
  }

  /**
   * Replaces a department's liaisons (one transaction). Two replacements of one department at once run one
   * after the other (an advisory lock per department): the second's rows win, never a mix or a key clash.
   */
  async setLiaisons(department: Department, shifts: Array<Omit<LiaisonShift, 'department'>>, by: string, at: Date): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [LIAISON_LOCK_NAMESPACE, department]);
      await tx.query(`DELETE FROM department_liaison WHERE department = $1`, [department]);
      if (!shifts.length) return;
      await tx.query(
        `INSERT INTO department_liaison (department, shift_start, shift_end, name, phone, updated_by, updated_at)
         SELECT $1, x.s, x.e, x.n, x.p, $6, $7 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS x(s, e, n, p)`,
        [department, shifts.map((x) => x.start), shifts.map((x) => x.end), shifts.map((x) => x.name.trim()), shifts.map((x) => x.phone.trim()), by, at],
      );
    });
  }
}
