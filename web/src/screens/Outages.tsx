import { config } from '../config';
import { useMemo, useState } from 'react';
import { gql } from '../api/client';
import {
  AnnounceOutage, ApproveOutage, CancelOutage, CreateOutage, IsolationPlan, Networks, Outage as OutageOp, OutageReceipts, OutageResult, Outages as OutagesOp,
  OverrideLeadTime, RecordRegulatorApproval, RecordValveOperation, RestoreOutage, SubmitOutage,
} from '../api/generated';
import type { OutagesResult } from '../api/generated';

type OutageRow = OutagesResult['outages']['nodes'][number];
import { hasRole, useSession } from '../auth';
import { approvalNeeded, L, label, useLang } from '../i18n';
import { navigate, useLocation } from '../router';
import { fmtTime, isoToLocalInput, localInputToIso, zoneLabel } from '../time';
import { Action, Empty, ErrorLine, Link, useDraft, usePoll, UtilityTag, ZonedTimeInput } from '../ui';
import { NetworkMap } from '../map/NetworkMap';
import { basisText } from './MapScreen';

const fmtN = (n: number) => n.toLocaleString('zh-CN');

/** [minLon, minLat, maxLon, maxLat] of a GeoJSON geometry (any nesting of coordinates); null when it has none. */
function boundsOf(g: unknown): [number, number, number, number] | null {
  const b = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number];
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
      return;
    }
    c.forEach(walk);
  };
  const geom = (g as { geometry?: unknown })?.geometry ?? g;
  walk((geom as { coordinates?: unknown })?.coordinates);
  return Number.isFinite(b[0]) ? b : null;
}
/** What comes back when an outage is restored (gas: supply only; ignition is checked household by household). */
const RESTORED: Record<string, string> = { WATER: '供水', HEAT: '供热', GAS: '供气' };

export function OutageList() {
  useLang();
  const s = useSession();
  // "Load more" asks for one page more through the API's cursor; each refresh reloads every page shown, so the list stays whole.
  const [pages, setPages] = useState(1);
  const list = usePoll(async () => {
    const nodes: OutageRow[] = [];
    let after: string | null = null;
    let more = false;
    for (let i = 0; i < pages; i++) {
      const page: OutagesResult = await gql(OutagesOp, { first: config.get().outagePage, after });
      nodes.push(...page.outages.nodes.filter((o) => !nodes.some((n) => n.id === o.id)));
      more = page.outages.pageInfo.hasNextPage;
      after = page.outages.pageInfo.endCursor ?? null;
      if (!more || !after) break;
    }
    return { outages: { nodes }, more };
  }, [pages]);
  return (
    <div className="page">
      <div className="page-head"><h1>{L('停供计划', 'Outages')}</h1>{hasRole(s, 'dispatcher', 'supervisor', 'admin') && <Link to="/map" className="button">{L('在地图上计划', 'Plan on the map')}</Link>}</div>
      <ErrorLine error={list.error} />
      {list.data && !list.data.outages.nodes.length && <Empty>{L('暂无停水计划', 'No outages')}</Empty>}
      {list.data && list.data.outages.nodes.length > 0 && (
        <table className="list" data-testid="outage-list">
          <thead><tr><th>{L('编号', 'Number')}</th><th>{L('业务', 'Utility')}</th><th>{L('状态', 'State')}</th><th>{L('类型', 'Kind')}</th><th>{L('管网', 'Network')}</th><th>{L('原因', 'Reason')}</th><th>{L('影响人口', 'People')}</th><th>{L('开始', 'Starts')}</th><th>{L('结束', 'Ends')}</th></tr></thead>
          <tbody>{list.data.outages.nodes.map((o) => (
            <tr key={o.id} className="clickable" onClick={() => navigate(`/outages/${o.id}`)}>
              <td className="nowrap"><Link to={`/outages/${o.id}`}>{o.number}</Link></td>
              <td><UtilityTag utility={o.utility} /></td>
              <td><span className={`status s-${o.status}`}>{label.outageStatus(o.status, o.utility)}</span></td>
              <td className="nowrap">{label.outageKind(o.kind, o.utility)}</td><td>{o.network?.name ?? '—'}</td><td>{o.reason}</td>
              <td className="num">{fmtN(o.impact.population)}{o.impact.requiresRegulatorApproval && <span className="tag warn" title={approvalNeeded(o.utility)}>审批</span>}</td>
              <td className="nowrap">{fmtTime(o.startsAt)}</td><td className="nowrap">{fmtTime(o.endsAt)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {list.data && list.data.outages.nodes.length > 0 && (
        <div className="row pager">
          <span className="muted small" data-testid="outage-count">{L(`已显示 ${list.data.outages.nodes.length} 项`, `${list.data.outages.nodes.length} shown`)}</span>
          {list.data.more && <button type="button" onClick={() => setPages(pages + 1)} data-testid="outage-more">{L('加载更多', 'Load more')}</button>}
        </div>
      )}
      <p className="muted small">{L(`每 ${config.get().pollMs / 1000} 秒自动刷新`, `Refreshes every ${config.get().pollMs / 1000} s`)}</p>
    </div>
  );
}

export function OutageNew() {
  useLang();
  const { query } = useLocation();
  const networkId = query.get('network') ?? '';
  const pipes = (query.get('pipes') ?? '').split(',').filter(Boolean);
  const plan = usePoll(() => (networkId && pipes.length ? gql(IsolationPlan, { n: networkId, pipes }) : Promise.resolve(null)), [networkId, pipes.join(',')], false);
  const networks = usePoll(() => gql(Networks, {}), [], false);
  const utility = networks.data?.networks.find((n) => n.id === networkId)?.utility ?? 'WATER';
  const start = new Date(Date.now() + 48 * 3_600_000);
  const [f, set] = useDraft(`mainline.outage.${networkId}.${pipes.join(',')}`, {
    kind: 'PLANNED' as 'PLANNED' | 'EMERGENCY', reason: '', worksUnit: 'WORKS', onMainRoad: false,
    startsAt: isoToLocalInput(start.toISOString()), endsAt: isoToLocalInput(new Date(start.getTime() + 6 * 3_600_000).toISOString()),
  });
  const create = async () => {
    const r = await gql(CreateOutage, { i: { networkId, kind: f.kind, pipeIds: pipes, startsAt: localInputToIso(f.startsAt), endsAt: localInputToIso(f.endsAt), reason: f.reason, worksUnit: f.worksUnit, onMainRoad: f.onMainRoad } });
    navigate(`/outages/${r.createOutage.id}`);
  };
  const p = plan.data?.isolationPlan;
  return (
    <div className="page narrow">
      <h1>{L(`新建${label.stop(utility)}计划`, 'New outage')} <UtilityTag utility={utility} /></h1>
      <p>{L('管段', 'Pipes')}：<b>{pipes.join(', ') || '—'}</b> · <Link to={`/map?network=${networkId}&pipes=${pipes.join(',')}`}>{L('返回地图', 'Back to the map')}</Link></p>
      {p && <p data-testid="new-outage-impact">{L('影响人口', 'People affected')} <b>{fmtN(p.population)}</b> · {L('需关阀门', 'valves')} {p.valvesToClose.map((v) => v.id).join('、')}{p.requiresRegulatorApproval && <span className="tag warn">{approvalNeeded(utility)}</span>}</p>}
      <ErrorLine error={plan.error} />
      <form className="form" onSubmit={(e) => e.preventDefault()}>
        <label>{L('类型', 'Kind')}<select value={f.kind} onChange={(e) => set({ kind: e.target.value as 'PLANNED' })} data-testid="outage-kind"><option value="PLANNED">{label.outageKind('PLANNED', utility)}</option><option value="EMERGENCY">{label.outageKind('EMERGENCY', utility)}</option></select></label>
        <label>{L(`开始时间（${zoneLabel()}）`, `Starts (${zoneLabel()})`)}<ZonedTimeInput value={f.startsAt} onChange={(v) => set({ startsAt: v })} testId="outage-starts" /></label>
        <label>{L(`结束时间（${zoneLabel()}）`, `Ends (${zoneLabel()})`)}<ZonedTimeInput value={f.endsAt} onChange={(v) => set({ endsAt: v })} testId="outage-ends" /></label>
        <label>{L('原因', 'Reason')}<input value={f.reason} onChange={(e) => set({ reason: e.target.value })} placeholder={L('例如：主干管更换阀门', 'e.g. replacing a main valve')} data-testid="outage-reason" /></label>
        <label>{L('施工单位', 'Works unit')}<input value={f.worksUnit} onChange={(e) => set({ worksUnit: e.target.value })} /></label>
        <label className="check"><input type="checkbox" checked={f.onMainRoad} onChange={(e) => set({ onMainRoad: e.target.checked })} />{L('占用主干道', 'On a main road')}</label>
        <Action label={L('保存为草稿', 'Save as draft')} run={create} kind="primary" testId="outage-create" />
      </form>
    </div>
  );
}

type O = NonNullable<OutageResult['outage']>;

export function OutageDetail({ id }: { id: string }) {
  useLang();
  const s = useSession();
  const q = usePoll(() => gql(OutageOp, { id }), [id]);
  const o = q.data?.outage;
  const mayReadReceipts = hasRole(s, 'agent', 'supervisor', 'admin');
  const rq = usePoll(() => (mayReadReceipts ? gql(OutageReceipts, { id }) : Promise.resolve(null)), [id, mayReadReceipts]);
  const receipts = new Map((rq.data?.outage?.notices ?? []).map((n) => [n.id, n.receipts]));
  const [reg, setReg] = useDraft(`mainline.reg.${id}`, { approvalNumber: '', approvedAt: isoToLocalInput(new Date().toISOString()), documentUrl: '' });
  const [reason, setReason] = useState('');
  const highlight = useMemo(() => (o ? { affectedPipeIds: o.impact.affectedPipeIds, selectedPipeIds: o.pipeIds, closeValveIds: o.valveIds, area: o.impact.area } : undefined), [o]);
  // The map opens on the outage's area, not on the whole network (a few blocks of a city of thousands of pipes).
  const focus = useMemo(() => boundsOf(o?.impact.area), [o?.impact.area]);
  if (!o) return <div className="page"><ErrorLine error={q.error} />{q.loading && <Empty>{L('加载中…', 'Loading…')}</Empty>}</div>;
  const after = (p: Promise<unknown>) => p.then(() => q.reload());
  const disp = hasRole(s, 'dispatcher');
  const sup = hasRole(s, 'supervisor');
  // The API's rule (network outage/access.ts): the outage's own works unit, or a dispatcher/supervisor.
  const worksUnit = hasRole(s, 'department') && s?.department === o.worksUnit;
  const open = !['RESTORED', 'CANCELLED'].includes(o.status);
  const blockers = o.announceReadiness.blockers.map((b) => b.message);
  const needsRegulator = o.impact.requiresRegulatorApproval && !o.regulatorApproval;
  return (
    <div className="detail">
      <div className="detail-map"><NetworkMap networkId={o.networkId} highlight={highlight} focus={focus} /></div>
      <div className="detail-body">
        <div className="page-head">
          <h1>{o.number} <span className={`status s-${o.status}`} data-testid="outage-status">{label.outageStatus(o.status, o.utility)}</span></h1>
          <Link to="/outages">{L('返回列表', 'All outages')}</Link>
        </div>
        <p><UtilityTag utility={o.utility} /> {label.outageKind(o.kind, o.utility)} · {o.network?.name} · {o.reason} · {fmtTime(o.startsAt)} – {fmtTime(o.endsAt)}</p>
        {o.impact.requiresRegulatorApproval && (
          <div className={`banner ${o.regulatorApproval ? 'ok' : 'warn'}`} data-testid="outage-regulator">
            {o.regulatorApproval ? L(`${label.authority(o.utility)}已批准：${o.regulatorApproval.approvalNumber}`, `Approved by ${label.authority(o.utility)}: ${o.regulatorApproval.approvalNumber}`) : approvalNeeded(o.utility)}
            <small> {L(`影响 ${fmtN(o.impact.population)} 人 > ${fmtN(o.impact.threshold)}`, `${fmtN(o.impact.population)} people > ${fmtN(o.impact.threshold)}`)}</small>
          </div>
        )}
        <div className="figures">
          <div><b data-testid="outage-population">{fmtN(o.impact.population)}</b><span>{L('影响人口', 'people')}</span></div>
          <div><b>{o.valveIds.length}</b><span>{L('关闭阀门', 'valves')}</span></div>
          <div><b>{o.impact.affectedPipeIds.length}</b><span>{L(`${label.stop(o.utility)}管段`, 'pipes')}</span></div>
        </div>
        <p className="muted">{basisText(o.impact.populationBasis)} · {o.impact.areaNames.join('、')}</p>

        <section className="card">
          <h3>{L('操作', 'Actions')}</h3>
          <div className="buttons">
            {o.status === 'DRAFT' && disp && <Action label={L('提交审批', 'Submit')} run={() => after(gql(SubmitOutage, { id }))} kind="primary" testId="act-submit" />}
            {o.status === 'SUBMITTED' && sup && <Action label={L('批准', 'Approve')} run={() => after(gql(ApproveOutage, { id }))} kind="primary" testId="act-approve" />}
            {o.status === 'APPROVED' && (disp || sup) && <Action label={L('发布公告', 'Announce')} run={() => after(gql(AnnounceOutage, { id }))} blocked={blockers} kind="primary" testId="act-announce" />}
            {o.status === 'IN_PROGRESS' && (worksUnit || sup) && <Action label={L(`确认恢复${RESTORED[o.utility] ?? '供水'}`, 'Restore')} run={() => after(gql(RestoreOutage, { id }))} kind="primary" testId="act-restore" />}
          </div>
          {sup && needsRegulator && ['SUBMITTED', 'APPROVED', 'DRAFT'].includes(o.status) && (
            <form className="form inline" onSubmit={(e) => e.preventDefault()} data-testid="regulator-form">
              <h4>{L(`登记${label.authority(o.utility)}批复`, `Record the approval of ${label.authority(o.utility)}`)}</h4>
              <label>{L('批复文号', 'Approval number')}<input value={reg.approvalNumber} onChange={(e) => setReg({ approvalNumber: e.target.value })} data-testid="reg-number" /></label>
              <label>{L(`批复时间（${zoneLabel()}）`, `Approved at (${zoneLabel()})`)}<ZonedTimeInput value={reg.approvedAt} onChange={(v) => setReg({ approvedAt: v })} /></label>
              <label>{L('批复文件链接', 'Document URL')}<input value={reg.documentUrl} onChange={(e) => setReg({ documentUrl: e.target.value })} placeholder="https://" data-testid="reg-url" /></label>
              <Action label={L('登记批复', 'Record approval')} run={() => after(gql(RecordRegulatorApproval, { id, i: { approvalNumber: reg.approvalNumber, approvedAt: localInputToIso(reg.approvedAt), documentUrl: reg.documentUrl } }))} testId="act-regulator" />
            </form>
          )}
          {sup && o.status === 'APPROVED' && o.announceReadiness.blockers.some((b) => /lead|提前/i.test(b.rule + b.message)) && (
            <div className="form inline">
              <label>{L('不足提前期仍发布的理由', 'Reason to announce with less lead time')}<input value={reason} onChange={(e) => setReason(e.target.value)} /></label>
              <Action label={L('批准缩短提前期', 'Override lead time')} run={() => after(gql(OverrideLeadTime, { id, reason }))} />
            </div>
          )}
          {open && (disp || sup) && (
            <div className="form inline">
              <label>{L('取消原因', 'Cancel reason')}<input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="cancel-reason" /></label>
              <Action label={L(`取消${label.stop(o.utility)}`, 'Cancel outage')} run={() => after(gql(CancelOutage, { id, reason }))} kind="danger" testId="act-cancel" />
            </div>
          )}
        </section>

        <ValveTable o={o} canOperate={['ANNOUNCED', 'IN_PROGRESS'].includes(o.status) && (worksUnit || disp || sup)} onDone={q.reload} />

        <section className="card">
          <h3>{L('通知', 'Notices')} <small className="muted">{L('（每 5 秒刷新）', '(refreshes every 5 s)')}</small></h3>
          {!o.notices.length ? <Empty>{L('公告发布后生成通知', 'Notices are made when the outage is announced')}</Empty> : (
            <table data-testid="notices"><thead><tr><th>{L('对象', 'Audience')}</th><th>{L('渠道', 'Channel')}</th><th>{L('类型', 'Kind')}</th><th>{L('语言', 'Language')}</th><th>{L('状态', 'State')}</th><th>{L('接收人', 'Recipients')}</th><th>{L('发送时间', 'Send at')}</th></tr></thead>
              <tbody>{o.notices.map((n) => (
                <tr key={n.id}><td>{label.audience(n.audience, o.utility)}</td><td>{label.channel(n.channel)}</td><td>{label.noticeKind(n.kind, o.utility)}</td><td>{n.locale === 'zh-CN' ? '中文' : n.locale === 'en' ? 'English' : n.locale}</td><td><span className={`status n-${n.status}`}>{label.noticeStatus(n.status)}</span></td>
                  <td>{n.recipientCount}{(receipts.get(n.id)?.length ?? 0) > 0 && ` · ${receipts.get(n.id)!.filter((r) => r.status === 'DELIVERED').length}✓ ${receipts.get(n.id)!.filter((r) => r.status === 'FAILED').length}✗`}</td><td>{fmtTime(n.sendAt)}</td></tr>
              ))}</tbody></table>
          )}
        </section>
        <section className="card">
          <h3>{L('记录', 'History')}</h3>
          <ul className="history">{o.history.map((h, i) => <li key={i}>{fmtTime(h.at)} · {h.byName ?? h.by} · {h.action}{h.toStatus ? ` → ${label.outageStatus(h.toStatus, o.utility)}` : ''}{h.note ? ` · ${h.note}` : ''}</li>)}</ul>
        </section>
      </div>
    </div>
  );
}

function ValveTable({ o, canOperate, onDone }: { o: O; canOperate: boolean; onDone: () => void }) {
  return (
    <section className="card">
      <h3>{L('阀门', 'Valves')}</h3>
      <table data-testid="outage-valves"><thead><tr><th>{L('编号', 'ID')}</th><th>{L('状态', 'State')}</th><th>{L('共用', 'Shared with')}</th>{canOperate && <th />}</tr></thead>
        <tbody>{o.valveStates.map((v) => (
          <tr key={v.valveId}><td>{v.valveId}</td><td>{v.closed ? L('已关', 'closed') : L('开', 'open')}</td>
            <td>{v.heldBy.filter((h) => h.id !== o.id).map((h) => <Link key={h.id} to={`/outages/${h.id}`}>{h.number}</Link>)}</td>
            {canOperate && <td><div className="buttons">
              {!v.closed && <Action label={L('记录关阀', 'Closed')} run={() => gql(RecordValveOperation, { id: o.id, valve: v.valveId, action: 'CLOSE' }).then(onDone)} testId={`close-${v.valveId}`} />}
              {v.closed && <Action label={L('记录开阀', 'Opened')} run={() => gql(RecordValveOperation, { id: o.id, valve: v.valveId, action: 'OPEN' }).then(onDone)} testId={`open-${v.valveId}`} />}
            </div></td>}
          </tr>
        ))}</tbody></table>
    </section>
  );
}
