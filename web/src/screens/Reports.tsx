import { useState } from 'react';
import { gql } from '../api/client';
import { DecideExtension, MonthlyReport, SlaTargets, WorkOrders } from '../api/generated';
import { L, label, useLang } from '../i18n';
import { monthNow, fmtTime } from '../time';
import { Action, Empty, ErrorLine, Link, usePoll } from '../ui';

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
  const [month, setMonth] = useState(monthNow());
  const rep = usePoll(() => gql(MonthlyReport, { month }), [month], false);
  const breached = usePoll(() => gql(WorkOrders, { first: 50, filter: { breached: true } }), []);
  const ext = usePoll(() => gql(WorkOrders, { first: 50, filter: { status: ['EXTENSION_REQUESTED'] } }), []);
  const targets = usePoll(() => gql(SlaTargets, {}), [], false);
  const r = rep.data?.monthlyReport;
  const csv = () => {
    if (!r) return;
    const url = URL.createObjectURL(new Blob(['\ufeff' + r.csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `mainline-report-${r.month}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="page">
      <div className="page-head"><h1>{L('督办月报', 'Monthly report')}</h1>
        <div className="row"><input type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="report-month" /><button type="button" onClick={csv} disabled={!r} data-testid="report-csv">{L('导出 CSV', 'Export CSV')}</button></div></div>
      <ErrorLine error={rep.error} />
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
      <details className="card"><summary>{L('设置：时限与派单规则（修改请用 setSlaTarget / setRouting）', 'Settings: SLA targets and routing (edit with setSlaTarget / setRouting)')}</summary>
        {targets.data && <table className="small"><thead><tr><th>{L('类别', 'Category')}</th><th>{L('环节', 'Stage')}</th><th>{L('分钟', 'Minutes')}</th><th>{L('工作日', 'Working days')}</th><th>{L('责任部门', 'Department')}</th></tr></thead>
          <tbody>{targets.data.slaTargets.map((t, i) => <tr key={`${t.category}.${t.kind}.${i}`}><td>{label.category(t.category)}</td><td>{t.kind}</td><td>{t.minutes ?? ''}</td><td>{t.workingDays ?? ''}</td><td>{label.department(targets.data!.routingTable.find((x) => x.category === t.category)?.department)}</td></tr>)}</tbody></table>}
      </details>
    </div>
  );
}
