import { useState } from 'react';
import { gql } from '../api/client';
import { AcceptWorkOrder, ArriveOnSite, DecideExtension, ReturnWorkOrder, RequestExtension, ResolveWorkOrder, WorkOrder as WorkOrderOp, WorkOrders, WorkOrdersResult, WorkOrderStatus } from '../api/generated';
import { hasRole, useSession } from '../auth';
import { L, label, useLang } from '../i18n';
import { navigate } from '../router';
import { countdown, fmtTime, isoToLocalInput, localInputToIso, zoneLabel } from '../time';
import { Action, Empty, ErrorLine, Link, useDraft, useNow, usePoll, UtilityTag, ZonedTimeInput } from '../ui';

const OPEN: WorkOrderStatus[] = ['NEW', 'DISPATCHED', 'ACCEPTED', 'ON_SITE', 'REOPENED', 'EXTENSION_REQUESTED', 'WAITING_CUSTOMER', 'RETURNED'];
interface Clock { target: string; dueAt: string; level: string; metAt: string | null }

/** The next deadline still to meet, and its colour: on time, warned (50 % / 80 % of the time used), breached. */
export function nextClock(clocks: Clock[]): Clock | null {
  return clocks.filter((c) => !c.metAt).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0] ?? null;
}
export function slaClass(c: Clock | null, now: number): string {
  if (!c) return 'sla-none';
  if (c.level === 'BREACHED' || new Date(c.dueAt).getTime() < now) return 'sla-breached';
  return c.level.startsWith('WARN') ? 'sla-warn' : 'sla-ok';
}
const targetText = (t: string) => ({ dispatch: L('派单', 'dispatch'), accept: L('接单', 'accept'), reply: L('答复', 'reply'), onSite: L('到场', 'on site'), resolve: L('处理', 'resolve'), callback: L('回访', 'callback'), revisit: L('再处理', 'revisit') } as Record<string, string>)[t] ?? t;

export function OrderActions({ id, status, onDone, compact }: { id: string; status: string; onDone: () => void; compact?: boolean }) {
  const s = useSession();
  const [d, set] = useDraft(`mainline.order.${id}`, { result: '', reason: '', due: isoToLocalInput(new Date(Date.now() + 24 * 3_600_000).toISOString()) });
  if (!hasRole(s, 'department', 'supervisor', 'admin')) return null;
  const then = (p: Promise<unknown>) => p.then(onDone);
  return (
    <div className="buttons" onClick={(e) => e.stopPropagation()}>
      {(status === 'DISPATCHED' || status === 'REOPENED') && <Action label={L('接单', 'Accept')} run={() => then(gql(AcceptWorkOrder, { id }))} kind="primary" testId={`accept-${id}`} />}
      {status === 'ACCEPTED' && <Action label={L('到场', 'Arrived')} run={() => then(gql(ArriveOnSite, { id }))} kind="primary" testId={`arrive-${id}`} />}
      {status === 'ON_SITE' && <>
        <input value={d.result} onChange={(e) => set({ result: e.target.value })} placeholder={L('处理结果', 'Result')} data-testid={`result-${id}`} />
        <Action label={L('处理完成', 'Resolve')} run={() => then(gql(ResolveWorkOrder, { id, result: d.result }))} kind="primary" testId={`resolve-${id}`} />
      </>}
      {!compact && ['ACCEPTED', 'ON_SITE', 'DISPATCHED', 'REOPENED'].includes(status) && <>
        <input value={d.reason} onChange={(e) => set({ reason: e.target.value })} placeholder={L('延期/退回理由', 'Reason')} />
        <ZonedTimeInput value={d.due} onChange={(v) => set({ due: v })} title={L(`延期至（${zoneLabel()}）`, `New deadline (${zoneLabel()})`)} testId={`due-${id}`} />
        <Action label={L('申请延期', 'Ask for extension')} run={() => then(gql(RequestExtension, { id, reason: d.reason, due: localInputToIso(d.due) }))} testId={`extend-${id}`} />
        <Action label={L('申请退回', 'Return')} run={() => then(gql(ReturnWorkOrder, { id, reason: d.reason }))} testId={`return-${id}`} />
      </>}
    </div>
  );
}

export function Queue() {
  useLang();
  const s = useSession();
  const now = useNow();
  const q = usePoll(() => gql(WorkOrders, { first: 100, filter: { status: OPEN } }), []);
  const items = q.data?.workOrders.items ?? [];
  return (
    <div className="page">
      <div className="page-head"><h1>{s?.department && hasRole(s, 'department') ? L(`${label.department(s.department)}工单`, `${label.department(s.department)} queue`) : L('待办工单', 'Open work orders')}</h1>
        <span className="legend"><span className="sla-ok pill">{L('正常', 'On time')}</span><span className="sla-warn pill">{L('预警', 'Warned')}</span><span className="sla-breached pill">{L('超时', 'Breached')}</span></span></div>
      <ErrorLine error={q.error} />
      {q.data && !items.length && <Empty>{L('没有待办工单', 'Nothing to do')}</Empty>}
      {items.length > 0 && (
        <table className="list" data-testid="queue">
          <thead><tr><th>{L('工单号', 'Number')}</th><th>{L('业务', 'Utility')}</th><th>{L('类别', 'Category')}</th><th>{L('状态', 'State')}</th><th>{L('部门', 'Dept.')}</th><th>{L('地址', 'Address')}</th><th>{L('时限', 'Deadline')}</th><th>{L('操作', 'Actions')}</th></tr></thead>
          <tbody>{items.map((w) => {
            const c = nextClock(w.slaClocks);
            return (
              <tr key={w.id} className={`clickable ${slaClass(c, now)}`} onClick={() => navigate(`/orders/${w.number}`)} data-order={w.number}>
                <td><Link to={`/orders/${w.number}`}>{w.number}</Link></td><td><UtilityTag utility={w.utility} /></td><td>{label.category(w.category)}{w.severity === 'MAJOR' && <span className="tag warn">{L('重大', 'major')}</span>}</td><td>{label.woStatus(w.status)}</td><td>{label.department(w.department)}</td>
                <td className="ellipsis" title={w.address ?? ''}>{w.address ?? '—'}</td>
                <td className="sla-cell">{c ? <><b>{targetText(c.target)}</b> {countdown(c.dueAt, now)}</> : '—'}</td>
                <td><OrderActions id={w.id} status={w.status} onDone={q.reload} compact /></td>
              </tr>
            );
          })}</tbody>
        </table>
      )}
      <p className="muted small">{L('每 5 秒自动刷新；倒计时每秒更新', 'Refreshes every 5 s; countdowns tick every second')}</p>
    </div>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/orders/<number>`: the API reads orders by id, so a number is found in the caller's own list. */
async function findOrderId(key: string): Promise<string | null> {
  if (UUID.test(key)) return key;
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const r: WorkOrdersResult = await gql(WorkOrders, { first: 200, after });
    const hit = r.workOrders.items.find((w) => w.number === key);
    if (hit) return hit.id;
    if (!r.workOrders.nextCursor) return null;
    after = r.workOrders.nextCursor;
  }
  return null;
}

export function OrderDetail({ keyOrId }: { keyOrId: string }) {
  useLang();
  const s = useSession();
  const now = useNow();
  const q = usePoll(async () => {
    const id = await findOrderId(keyOrId);
    return id ? (await gql(WorkOrderOp, { id })).workOrder : null;
  }, [keyOrId]);
  const w = q.data;
  const [comment, setComment] = useState('');
  if (!w) return <div className="page"><ErrorLine error={q.error} />{q.loading ? <Empty>{L('加载中…', 'Loading…')}</Empty> : <Empty>{L('未找到该工单', 'No such order')}</Empty>}</div>;
  const pending = w.extensions.find((e) => e.approved == null);
  return (
    <div className="page narrow">
      <div className="page-head"><h1>{w.number} <span className="status" data-testid="order-status">{label.woStatus(w.status)}</span></h1><Link to="/queue">{L('返回队列', 'Back to the queue')}</Link></div>
      <p><UtilityTag utility={w.utility} /> {label.category(w.category)}{w.severity === 'MAJOR' && <span className="tag warn">{L('重大', 'major')}</span>} · {label.channel(w.channel)} · {label.department(w.department)} · {w.address ?? '—'} · {fmtTime(w.createdAt)}</p>
      <p>{w.description}</p>
      {w.reporter && <p className="muted">{L('来电人', 'Caller')}：{w.reporter.name ?? '—'} {w.reporter.phone ?? ''}</p>}
      {(w.outage || w.knownOutage) && <p>{L(`关联${label.stop(w.utility)}`, 'Linked outage')}：<Link to={`/outages/${(w.outage ?? w.knownOutage)!.id}`}>{(w.outage ?? w.knownOutage)!.number}</Link></p>}
      <OrderActions id={w.id} status={w.status} onDone={q.reload} />
      {pending && hasRole(s, 'supervisor', 'admin', 'department') && (
        <section className="card"><h3>{L('延期申请', 'Extension request')}</h3>
          <p>{pending.reason} → {fmtTime(pending.newDueAt)}</p>
          <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder={L('意见', 'Comment')} />
          <div className="buttons"><Action label={L('批准', 'Approve')} run={() => gql(DecideExtension, { id: w.id, approved: true, comment }).then(q.reload)} /><Action label={L('驳回', 'Reject')} kind="danger" run={() => gql(DecideExtension, { id: w.id, approved: false, comment }).then(q.reload)} /></div>
        </section>
      )}
      <section className="card"><h3>{L('时限', 'Clocks')}</h3>
        <table><thead><tr><th>{L('环节', 'Stage')}</th><th>{L('截止', 'Due')}</th><th>{L('完成', 'Met')}</th><th /></tr></thead>
          <tbody>{[...w.slaClocks].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).map((c) => <tr key={c.target} className={c.metAt ? '' : slaClass(c, now)}><td>{targetText(c.target)}</td><td>{fmtTime(c.dueAt)}</td><td>{fmtTime(c.metAt)}</td><td>{c.metAt ? '' : countdown(c.dueAt, now)}</td></tr>)}</tbody></table>
      </section>
      {w.extensions.length > 0 && <section className="card"><h3>{L('延期', 'Extensions')}</h3><ul>{w.extensions.map((e) => <li key={e.id}>{fmtTime(e.requestedAt)} · {e.reason} → {fmtTime(e.newDueAt)} · {e.approved == null ? L('待审批', 'pending') : e.approved ? L('已批准', 'approved') : L('已驳回', 'rejected')}</li>)}</ul></section>}
      {w.callbacks.length > 0 && <section className="card"><h3>{L('回访', 'Callbacks')}</h3><ul>{w.callbacks.map((c) => <li key={c.id}>{fmtTime(c.at)} · {c.method} · {c.satisfied ? L('满意', 'satisfied') : L('不满意', 'unsatisfied')} {c.comment ?? ''}</li>)}</ul></section>}
      <section className="card"><h3>{L('记录', 'History')}</h3><ul className="history" data-testid="order-history">{w.history.map((h, i) => <li key={i}>{fmtTime(h.at)} · {h.actorId} · {label.action(h.action)} → {label.woStatus(h.toStatus)}</li>)}</ul></section>
    </div>
  );
}
