import { config } from '../config';
import { useEffect, useMemo, useState } from 'react';
import { gql } from '../api/client';
import { CreateWorkOrder, CreateWorkOrderResult, AnswerAtOnce, DispatchWorkOrder, KnownOutageAt, MergeWorkOrder, Networks, Outages, WorkOrders, Category, Channel, UtilityKind } from '../api/generated';
import { L, label, useLang, CATEGORIES_BY_UTILITY, CHANNELS, UTILITIES } from '../i18n';
import { fmtTime } from '../time';
import { Action, ErrorLine, Link, useDraft, usePoll } from '../ui';
import { NetworkMap } from '../map/NetworkMap';

// Inquiries and billing questions the agent can answer on the call (the tickets service's default
// ANSWER_AT_ONCE_CATEGORIES; the API refuses any other category with its reason, shown on the button).
const ANSWERABLE: Category[] = ['INQUIRY', 'HEAT_INQUIRY', 'HEAT_BILLING', 'GAS_INQUIRY', 'GAS_BILLING'];
const LINKABLE: Category[] = ['NO_WATER', 'MAINS_PRESSURE', 'CUSTOMER_PRESSURE'];
const INITIAL = { channel: 'PHONE' as Channel, utility: 'WATER' as UtilityKind, category: 'NO_WATER' as Category, name: '', phone: '', address: '', description: '', answer: '', lon: null as number | null, lat: null as number | null, where: '' };

export function Intake() {
  useLang();
  const [f, set, clear] = useDraft('mainline.intake', INITIAL);
  const [done, setDone] = useState<CreateWorkOrderResult['createWorkOrder'] | null>(null);
  const [fieldError, setFieldError] = useState<unknown>(null);
  const networks = usePoll(() => gql(Networks, {}), [], false);
  // Only the kinds the deployment runs (UTILITY_KINDS, from /console/config.json); a draft of another kind moves to the first one run.
  const kinds = UTILITIES.filter((u) => config.get().utilityKinds.includes(u));
  useEffect(() => {
    if (kinds.length && !kinds.includes(f.utility ?? 'WATER')) set({ utility: kinds[0] as UtilityKind, category: CATEGORIES_BY_UTILITY[kinds[0]][0] as Category });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [f.utility]);
  // The map of the report's own utility (the first network of that kind), else the first network.
  const networkId = (networks.data?.networks.find((n) => n.utility === (f.utility ?? 'WATER')) ?? networks.data?.networks[0])?.id;
  // The point is asked of the tickets service (knownOutageAt), the same rule that links the report on submit, so
  // what the agent is shown is what will happen; an address alone is matched against the active outages' area
  // names as a hint.
  const atPoint = usePoll(() => (f.lon == null || f.lat == null ? Promise.resolve(null) : gql(KnownOutageAt, { location: { lon: f.lon, lat: f.lat } })), [f.lon, f.lat]);
  const active = usePoll(() => (f.lon != null || !f.address ? Promise.resolve(null) : gql(Outages, { first: config.get().outagePage, filter: { active: true } })), [f.lon, f.address === '']);
  const known = useMemo(() => {
    const o = atPoint.data?.knownOutageAt;
    if (o) return [{ id: o.id, number: o.number, reason: o.reason, startsAt: o.startsAt, endsAt: o.expectedEnd }];
    if (f.lon != null || !f.address) return [];
    return (active.data?.outages.nodes ?? []).filter((x) => x.impact.areaNames.some((a) => f.address.includes(a)));
  }, [atPoint.data, active.data, f.lon, f.address]);
  const near = usePoll(() => (f.lon == null || f.lat == null ? Promise.resolve(null) : gql(WorkOrders, {
    first: 10,
    filter: { category: [f.category], status: ['NEW', 'DISPATCHED', 'ACCEPTED', 'ON_SITE', 'REOPENED'], bbox: { minLon: f.lon - 0.002, minLat: f.lat - 0.002, maxLon: f.lon + 0.002, maxLat: f.lat + 0.002 } },
  })), [f.lon, f.lat, f.category], false);

  const input = () => ({
    utility: f.utility ?? 'WATER', category: f.category, channel: f.channel, description: f.description, address: f.address || null,
    location: f.lon != null && f.lat != null ? { lon: f.lon, lat: f.lat } : null,
    reporter: f.name || f.phone ? { name: f.name || null, phone: f.phone || null } : null,
  });
  /** Logs the report and either leaves it to dispatch or, answered on the call, closes it at once (no dispatch clock). */
  const send = async (answer?: string) => {
    setFieldError(null);
    try {
      const r = answer !== undefined
        ? (await gql(AnswerAtOnce, { i: input(), answer })).answerAtOnce
        : (await gql(CreateWorkOrder, { i: input() })).createWorkOrder;
      setDone(r);
      clear();
    } catch (e) {
      setFieldError(e);
      throw e;
    }
  };
  const submit = () => send();
  const answerable = ANSWERABLE.includes(f.category);
  const answer = f.answer ?? ''; // drafts saved before the field existed have none
  const errFor = (field: string) => {
    const e = fieldError as { errors?: Array<{ message: string }> } | null;
    return e?.errors?.some((x) => x.message.toLowerCase().includes(field.toLowerCase())) ? fieldError : null;
  };

  return (
    <div className="detail">
      <div className="detail-map">
        {networkId && <NetworkMap networkId={networkId} marker={f.lon != null && f.lat != null ? { lon: f.lon, lat: f.lat } : null} onPointClick={(p) => set({ lon: p.lon, lat: p.lat, where: `${p.lon.toFixed(5)}, ${p.lat.toFixed(5)}` })} />}
      </div>
      <div className="detail-body">
        <h1>{L('受理来电', 'Take a report')}</h1>
        {done && (
          <section className="card ok" data-testid="intake-done">
            <h3>{L('已受理', 'Logged')}：<Link to={`/orders/${done.id}`}>{done.number}</Link> · <span data-testid="intake-status">{label.woStatus(done.status)}</span> · {label.department(done.department)}</h3>
            {done.knownOutage && <p data-testid="intake-linked">{L('已关联停水', 'Linked to outage')} <Link to={`/outages/${done.knownOutage.id}`}>{done.knownOutage.number}</Link></p>}
            {done.duplicateCandidates.length > 0 && <div>{L('可能重复：', 'Possible duplicates: ')}{done.duplicateCandidates.map((d) => (
              <Action key={d.workOrderId} label={L(`合并到 ${d.workOrderId.slice(0, 8)}（${Math.round(d.distanceM)} 米）`, `Merge into ${d.workOrderId.slice(0, 8)} (${Math.round(d.distanceM)} m)`)} run={() => gql(MergeWorkOrder, { id: done.id, into: d.workOrderId }).then((r) => setDone({ ...done, status: r.mergeWorkOrder.status }))} />
            ))}</div>}
            {done.status === 'NEW' && <Action label={L('派单', 'Dispatch')} run={() => gql(DispatchWorkOrder, { id: done.id }).then((r) => setDone({ ...done, status: r.dispatchWorkOrder.status }))} testId="intake-dispatch" />}
            <button type="button" onClick={() => setDone(null)}>{L('受理下一个', 'Next report')}</button>
          </section>
        )}
        {known.length > 0 && (
          <section className="banner warn" data-testid="intake-known-outage">
            {known.map((o) => <div key={o.id}>{L('该位置在已知停水范围内', 'This point is inside a known outage')}：<Link to={`/outages/${o.id}`}>{o.number}</Link> · {o.reason} · {fmtTime(o.startsAt)}–{fmtTime(o.endsAt)}</div>)}
            {!LINKABLE.includes(f.category) && <button type="button" onClick={() => set({ category: 'NO_WATER' })}>{L('按“停水”受理并关联', 'Log as no-water and link')}</button>}
            {LINKABLE.includes(f.category) && <small>{L('提交后将自动关联到该停水，不再派单', 'It will be linked to the outage, not dispatched')}</small>}
          </section>
        )}
        {(near.data?.workOrders.items.length ?? 0) > 0 && (
          <section className="banner info" data-testid="intake-duplicates">{L('附近同类未结工单：', 'Open orders of this kind nearby: ')}{near.data!.workOrders.items.map((w) => <Link key={w.id} to={`/orders/${w.id}`}>{w.number}</Link>)}</section>
        )}
        <form className="form" onSubmit={(e) => e.preventDefault()} data-testid="intake-form">
          <label>{L('渠道', 'Channel')}<select value={f.channel} onChange={(e) => set({ channel: e.target.value as Channel })}>{CHANNELS.map((c) => <option key={c} value={c}>{label.channel(c)}</option>)}</select></label>
          <label>{L('业务', 'Utility')}<select value={f.utility ?? 'WATER'} onChange={(e) => set({ utility: e.target.value as UtilityKind, category: CATEGORIES_BY_UTILITY[e.target.value][0] as Category })} data-testid="intake-utility" disabled={kinds.length < 2}>{kinds.map((u) => <option key={u} value={u}>{label.utility(u)}</option>)}</select></label>
          <label>{L('类别', 'Category')}<select value={f.category} onChange={(e) => set({ category: e.target.value as Category })} data-testid="intake-category">{CATEGORIES_BY_UTILITY[f.utility ?? 'WATER'].map((c) => <option key={c} value={c}>{label.category(c)}</option>)}</select></label>
          <label>{L('来电人', 'Caller')}<input value={f.name} onChange={(e) => set({ name: e.target.value })} data-testid="intake-name" /></label>
          <label>{L('电话', 'Phone')}<input value={f.phone} onChange={(e) => set({ phone: e.target.value })} data-testid="intake-phone" /><ErrorLine error={errFor('phone')} /></label>
          <label>{L('地址', 'Address')}<input value={f.address} onChange={(e) => set({ address: e.target.value })} data-testid="intake-address" /></label>
          <label>{L('位置（地图点选，或输入“经度, 纬度”）', 'Location (click the map, or type "lon, lat")')}<input value={f.where} onChange={(e) => {
            const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(e.target.value);
            set({ where: e.target.value, lon: m ? Number(m[1]) : null, lat: m ? Number(m[2]) : null });
          }} placeholder={L('未选择', 'not picked')} data-testid="intake-location" /></label>
          <label className="wide">{L('描述', 'Description')}<textarea value={f.description} onChange={(e) => set({ description: e.target.value })} rows={3} data-testid="intake-description" /><ErrorLine error={errFor('description')} /></label>
          {answerable && <>
            <label className="wide">{L('当场答复内容', 'Answer given on the call')}<textarea value={answer} onChange={(e) => set({ answer: e.target.value })} rows={2} data-testid="intake-answer" /></label>
            <Action label={L('当场答复并结单', 'Answered on the call: close')} run={() => send(answer)} disabled={!answer.trim()} testId="intake-answer-close" />
          </>}
          <Action label={answerable ? L('无法当场答复，提交工单', 'Cannot answer now: log for dispatch') : L('提交工单', 'Log the report')} run={submit} kind="primary" testId="intake-submit" />
        </form>
      </div>
    </div>
  );
}
