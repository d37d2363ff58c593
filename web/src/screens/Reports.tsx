import { useEffect, useRef, useState } from 'react';
import { gql } from '../api/client';
import { DecideExtension, MonthlyReport, MonthlyReportCsv, SetRouting, SetSlaTarget, SlaTargets, WorkOrders } from '../api/generated';
import type { SlaTargetsResult } from '../api/generated';
import { hasRole, useSession } from '../auth';
import { DEPARTMENTS, L, label, useLang } from '../i18n';
import { fmtDate, fmtTime, monthNow, zoneLabel } from '../time';
import { Action, Empty, ErrorLine, Link, usePoll } from '../ui';

/** `YYYY-MM` moved by `by` months. */
function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The months offered: two years back to one ahead of now (utility zone), and the one shown whatever it is. */
function monthChoices(shown: string): string[] {
  const now = monthNow();
  const all = Array.from({ length: 26 }, (_, i) => shiftMonth(now, 1 - i));
  return all.includes(shown) ? all : [shown, ...all].sort().reverse();
}

const pct = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`);

/** Horizontal bars drawn as SVG: no chart library for a handful of rows. */
export function Bars({ rows, title, testId, name }: { rows: Array<{ key: string; count: number }>; title: string; testId: string; name: (k: string) => string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const h = 22;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {!rows.length ? <Empty>{L('本月无数据', 'No data this month')}</Empty> : (
        <svg width="100%" height={rows.length * h + 4} viewBox={`0 0 400 ${rows.length * h + 4}`} preserveAspectRatio="xMinYMin meet" role="img" aria-label={title}>
          {rows.map((r, i) => (
            <g key={r.key} transform={`translate(0 ${i * h + 2})`}>
              <text x="96" y="15" textAnchor="end" fontSize="12" fill="#343a40">{name(r.key)}</text>
              <rect x="102" y="3" height="15" width={Math.max(2, (r.count / max) * 250)} fill="#1c6fb8" rx="2" />
              <text x={108 + (r.count / max) * 250} y="15" fontSize="12" fill="#343a40">{r.count}</text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}

export function Reports() {
  useLang();
  const session = useSession();
  const [month, setMonth] = useState(monthNow());
  const rep = usePoll(() => gql(MonthlyReport, { month }), [month], false);
  const breached = usePoll(() => gql(WorkOrders, { first: 50, filter: { breached: true } }), []);
  const ext = usePoll(() => gql(WorkOrders, { first: 50, filter: { status: ['EXTENSION_REQUESTED'] } }), []);
  const targets = usePoll(() => gql(SlaTargets, {}), [], false);
  const r = rep.data?.monthlyReport;
  // A period is cut at the tickets service's REPORT_PERIOD_END_DAY: past the cut, today belongs to next month's report.
  const opened = useRef(false);
  useEffect(() => {
    if (!r || opened.current) return;
    opened.current = true;
    if (Date.now() >= new Date(r.periodEnd).getTime()) setMonth(shiftMonth(month, 1));
  }, [r, month]);
  const [csvError, setCsvError] = useState<unknown>(null);
  const csv = async () => {
    if (!r) return;
    setCsvError(null);
    try {
      const { monthlyReport: c } = await gql(MonthlyReportCsv, { month: r.month });
      const url = URL.createObjectURL(new Blob(['\ufeff' + c.csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `mainline-report-${c.month}.csv`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setCsvError(e);
    }
  };
  return (
    <div className="page">
      <div className="page-head"><h1>{L('督办月报', 'Monthly report')}</h1>
        <div className="row">
          <button type="button" onClick={() => setMonth(shiftMonth(month, -1))} data-testid="report-prev">{L('‹ 上期', '‹ Previous')}</button>
          <select value={month} onChange={(e) => setMonth(e.target.value)} data-testid="report-month" aria-label={L('报表月份', 'Report month')}>
            {monthChoices(month).map((m) => <option key={m} value={m}>{L(`${m.slice(0, 4)} 年 ${Number(m.slice(5))} 月`, m)}</option>)}
          </select>
          <button type="button" onClick={() => setMonth(shiftMonth(month, 1))} data-testid="report-next">{L('下期 ›', 'Next ›')}</button>
          <button type="button" onClick={csv} disabled={!r} data-testid="report-csv">{L('导出 CSV', 'Export CSV')}</button></div></div>
      <ErrorLine error={rep.error} />
      <ErrorLine error={csvError} />
      {r && <p className="muted" data-testid="report-period">{L(`统计期：${fmtDate(r.periodStart)} 至 ${fmtDate(new Date(new Date(r.periodEnd).getTime() - 1).toISOString())}（${zoneLabel()}）`,
        `Period: ${fmtDate(r.periodStart)} to ${fmtDate(new Date(new Date(r.periodEnd).getTime() - 1).toISOString())} (${zoneLabel()})`)}</p>}
      {r && <>
        <div className="figures" data-testid="report-figures">
          <div><b data-testid="report-total">{r.totalOrders}</b><span>{L('工单总数', 'orders')}</span></div>
          <div><b>{r.complaints.total}</b><span>{L('投诉', 'complaints')}</span></div>
          <div><b>{pct(r.stages.find((s) => s.stage === 'resolve')?.rate)}</b><span>{L('按时处理率', 'resolved on time')}</span></div>
          <div><b>{pct(r.callback.rate)}</b><span>{L('回访率', 'callback rate')}</span></div>
          <div><b>{pct(r.callback.satisfactionRate)}</b><span>{L('满意率', 'satisfaction')}</span></div>
        </div>
        <div className="charts">
          <Bars rows={r.byCategory} title={L('按类别', 'By category')} testId="chart-category" name={label.category} />
          <Bars rows={r.byDepartment} title={L('按部门', 'By department')} testId="chart-department" name={label.department} />
          <Bars rows={r.byChannel} title={L('按渠道', 'By channel')} testId="chart-channel" name={label.channel} />
        </div>
        <section className="card"><h3>{L('各环节按时率', 'On time by stage')}</h3>
          <table><thead><tr><th>{L('环节', 'Stage')}</th><th>{L('统计', 'Counted')}</th><th>{L('按时', 'On time')}</th><th>{L('超时', 'Late')}</th><th>{L('按时率', 'Rate')}</th><th>{L('平均用时（分）', 'Avg (min)')}</th></tr></thead>
            <tbody>{r.stages.map((s) => <tr key={s.stage}><td>{label.slaStage(s.stage)}</td><td>{s.counted}</td><td>{s.onTime}</td><td>{s.late}</td><td>{pct(s.rate)}</td><td>{s.avgMinutes?.toFixed(0) ?? '—'}</td></tr>)}</tbody></table>
        </section>
        <section className="card"><h3>{L('热点地址', 'Hot spots')}</h3>
          {!r.hotSpotAddresses.length ? <Empty>{L('无', 'None')}</Empty> : <ul>{r.hotSpotAddresses.map((h) => <li key={h.address}>{h.address} · {h.count} · {label.category(h.topCategory)}</li>)}</ul>}
        </section>
      </>}
      <div className="two">
        <section className="card" data-testid="breached"><h3>{L('超时工单', 'Breached orders')}</h3><ErrorLine error={breached.error} />
          {!breached.data?.workOrders.items.length ? <Empty>{L('无超时工单', 'None breached')}</Empty> : <ul>{breached.data.workOrders.items.map((w) => <li key={w.id}><Link to={`/orders/${w.number}`}>{w.number}</Link> · {label.category(w.category)} · {label.department(w.department)} · {label.woStatus(w.status)}</li>)}</ul>}
        </section>
        <section className="card" data-testid="extensions"><h3>{L('待审批延期', 'Extensions to decide')}</h3><ErrorLine error={ext.error} />
          {!ext.data?.workOrders.items.length ? <Empty>{L('无待审批延期', 'Nothing to decide')}</Empty> : <ul>{ext.data.workOrders.items.map((w) => {
            const e = w.extensions.find((x) => x.approved == null);
            return <li key={w.id}><Link to={`/orders/${w.number}`}>{w.number}</Link> · {e?.reason} → {fmtTime(e?.newDueAt)}
              <span className="buttons"><Action label={L('批准', 'Approve')} run={() => gql(DecideExtension, { id: w.id, approved: true }).then(ext.reload)} /><Action label={L('驳回', 'Reject')} kind="danger" run={() => gql(DecideExtension, { id: w.id, approved: false }).then(ext.reload)} /></span></li>;
          })}</ul>}
        </section>
      </div>
      <details className="card" data-testid="settings"><summary>{L('设置：时限与派单规则', 'Settings: SLA targets and routing')}</summary>
        {targets.data && <SettingsEditor data={targets.data} canEdit={hasRole(session, 'supervisor', 'admin')} reload={targets.reload} />}
      </details>
    </div>
  );
}

/** 1440 → "24 小时", 4320 → "3 天": minutes as a person says them. */
function humanMinutes(n: number): string {
  if (n % 1440 === 0) return L(`${n / 1440} 天`, `${n / 1440} d`);
  if (n % 60 === 0) return L(`${n / 60} 小时`, `${n / 60} h`);
  return L(`${Math.floor(n / 60)} 小时 ${n % 60} 分`, `${Math.floor(n / 60)} h ${n % 60} min`);
}

/** One editable row: a number field for the target's minutes or working days, saved on its own. */
function TargetRow({ t, canEdit, reload }: { t: SlaTargetsResult['slaTargets'][number]; canEdit: boolean; reload: () => void }) {
  const working = t.workingDays != null;
  // One row per category, stage, severity and season condition (COVER-resolve, GAS_NETWORK_FAULT-resolve-MAJOR, HEAT_TEMPERATURE-onSite-S10).
  const rowId = `${t.category}-${t.kind}${t.severity ? `-${t.severity}` : ''}${t.seasonFirstDays != null ? `-S${t.seasonFirstDays}` : ''}`;
  const [value, setValue] = useState(String(working ? t.workingDays : (t.minutes ?? '')));
  const n = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(n) && n > 0;
  const changed = valid && n !== (working ? t.workingDays : t.minutes);
  const save = () => gql(SetSlaTarget, { input: { category: t.category, kind: t.kind, basis: t.basis, from: t.from, severity: t.severity ?? null, seasonFirstDays: t.seasonFirstDays ?? null, remove: false, ...(working ? { workingDays: n } : { minutes: n }) } }).then(reload);
  return (
    <tr>
      <td>{label.category(t.category)}{t.severity === 'MAJOR' && <small className="muted">（{L('重大', 'major')}）</small>}{t.seasonFirstDays != null && <small className="muted">（{L(`供暖期前 ${t.seasonFirstDays} 天`, `first ${t.seasonFirstDays} days of season`)}）</small>}</td><td>{label.slaStage(t.kind)}</td>
      <td>{canEdit
        ? <input type="number" min={1} step={1} value={value} onChange={(e) => setValue(e.target.value)} aria-label={L('时限', 'Target')} data-testid={`target-${rowId}`} className="narrow" />
        : value}{' '}{working ? L('工作日', 'working days') : L('分钟', 'min')}{!working && valid && n >= 60 && <small className="muted">（{humanMinutes(n)}）</small>}{!valid && canEdit && <span className="field-error">{L('须为正整数', 'must be a positive whole number')}</span>}</td>
      <td>{canEdit && <Action label={L('保存', 'Save')} disabled={!changed} run={save} testId={`save-${rowId}`} />}</td>
    </tr>
  );
}

function RoutingRow({ r, canEdit, reload }: { r: SlaTargetsResult['routingTable'][number]; canEdit: boolean; reload: () => void }) {
  const [dept, setDept] = useState(r.department);
  const save = () => gql(SetRouting, { category: r.category, department: dept as typeof r.department, statusSms: r.statusSms }).then(reload);
  return (
    <tr>
      <td>{label.category(r.category)}</td>
      <td>{canEdit
        ? <select value={dept} onChange={(e) => setDept(e.target.value as typeof r.department)} data-testid={`routing-${r.category}`}>{DEPARTMENTS.map((d) => <option key={d} value={d}>{label.department(d)}</option>)}</select>
        : label.department(r.department)}</td>
      <td>{canEdit && <Action label={L('保存', 'Save')} disabled={dept === r.department} run={save} testId={`save-routing-${r.category}`} />}</td>
    </tr>
  );
}

/** SLA targets and routing, editable by supervisors and admins (the API refuses everyone else as well). */
function SettingsEditor({ data, canEdit, reload }: { data: SlaTargetsResult; canEdit: boolean; reload: () => void }) {
  return (
    <div className="two settings">
      <table className="small"><thead><tr><th>{L('类别', 'Category')}</th><th>{L('环节', 'Stage')}</th><th>{L('时限', 'Target')}</th><th /></tr></thead>
        <tbody>{data.slaTargets.map((t) => <TargetRow key={`${t.category}-${t.kind}-${t.severity}-${t.seasonFirstDays}-${t.minutes}-${t.workingDays}`} t={t} canEdit={canEdit} reload={reload} />)}</tbody></table>
      <table className="small"><thead><tr><th>{L('类别', 'Category')}</th><th>{L('责任部门', 'Department')}</th><th /></tr></thead>
        <tbody>{data.routingTable.map((r) => <RoutingRow key={`${r.category}-${r.department}`} r={r} canEdit={canEdit} reload={reload} />)}</tbody></table>
    </div>
  );
}
