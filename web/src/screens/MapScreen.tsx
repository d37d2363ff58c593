import { useMemo, useState } from 'react';
import { gql } from '../api/client';
import { CriticalSegments, IsolationPlan, Networks, UpdateValve } from '../api/generated';
import { hasRole, useSession } from '../auth';
import { approvalNeeded, L, label, useLang } from '../i18n';
import { navigate, useLocation } from '../router';
import { Action, Empty, ErrorLine, Link, usePoll, UtilityTag } from '../ui';
import { NetworkMap, SUPPLY_COLOR, ValveFeature } from '../map/NetworkMap';

const fmtN = (n: number) => n.toLocaleString('zh-CN');
/** Area names listed before "N more". */
const AREA_NAMES_SHOWN = 24;
/** The network last opened on the map (a dispatcher of one kind keeps landing on their own network). */
const LAST_NETWORK = 'mainline.map.network';
const loc = (lon: number | null, lat: number | null) => (lon == null || lat == null ? '—' : `${lon.toFixed(5)}, ${lat.toFixed(5)}`);

export function basisText(b: string): string {
  const t: Record<string, [string, string]> = {
    SERVICE_POINTS: ['按用户点（户数×每户人数）', 'service points (households × persons)'],
    AREAS: ['按人口区面积占比', 'population areas by share of area'],
    DEMAND: ['按用水量折算', 'from demand'],
  };
  const p = t[b];
  return p ? L(p[0], p[1]) : b;
}

export function MapScreen() {
  useLang();
  const s = useSession();
  const { query } = useLocation();
  const networks = usePoll(() => gql(Networks, {}), [], false);
  const list = networks.data?.networks ?? [];
  const remembered = localStorage.getItem(LAST_NETWORK);
  const networkId = query.get('network') ?? list.find((n) => n.id === remembered)?.id ?? list[0]?.id ?? null;
  const network = list.find((n) => n.id === networkId);
  const utility = network?.utility ?? 'WATER';
  const stop = label.stop(utility);
  const twoLine = utility === 'HEAT';
  const pipes = useMemo(() => (query.get('pipes') ?? '').split(',').filter(Boolean), [query.get('pipes')]);
  const critical = query.get('critical') === '1';
  const [valve, setValve] = useState<ValveFeature | null>(null);
  const [version, setVersion] = useState(0);
  const canEditValves = hasRole(s, 'dispatcher', 'supervisor', 'admin');
  const canPlan = hasRole(s, 'dispatcher', 'supervisor', 'admin');

  const setUrl = (patch: Record<string, string | null>) => {
    const q = new URLSearchParams(location.search);
    if (networkId && !q.get('network')) q.set('network', networkId);
    for (const [k, v] of Object.entries(patch)) v ? q.set(k, v) : q.delete(k);
    navigate(`/map?${q.toString()}`, true);
  };
  const plan = usePoll(
    () => (networkId && pipes.length ? gql(IsolationPlan, { n: networkId, pipes }).then((r) => r.isolationPlan) : Promise.resolve(null)),
    [networkId, pipes.join(','), version], false,
  );
  const crit = usePoll(
    () => (networkId && critical ? gql(CriticalSegments, { n: networkId, top: 10 }).then((r) => r.criticalSegments) : Promise.resolve(null)),
    [networkId, critical, version], false,
  );
  const p = plan.data;
  const highlight = useMemo(() => ({
    selectedPipeIds: pipes,
    affectedPipeIds: p?.affectedPipeIds,
    closeValveIds: p?.valvesToClose.map((v) => v.id),
    skippedValveIds: p?.skippedValves.map((v) => v.id),
    criticalPipeIds: crit.data?.flatMap((c) => c.segmentPipeIds),
    area: p?.area,
  }), [p, crit.data, pipes.join(',')]);

  const markInoperable = async (id: string, operable: boolean) => {
    await gql(UpdateValve, { n: networkId!, id, operable });
    setValve((v) => (v && v.id === id ? { ...v, operable } : v));
    setVersion((x) => x + 1);
  };

  if (!networkId) return <div className="page"><ErrorLine error={networks.error} />{networks.loading ? <Empty>{L('加载中…', 'Loading…')}</Empty> : <Empty>{L('还没有管网，请先导入', 'No network yet: import one first')}</Empty>}</div>;
  return (
    <div className="map-screen">
      <NetworkMap
        networkId={networkId}
        highlight={highlight}
        onPipeClick={(id, add) => setUrl({ pipes: add ? [...new Set([...pipes, id])].join(',') : id })}
        onValveClick={(v) => setValve(v)}
      />
      <aside className="side" data-testid="plan-panel">
        <div className="row">
          <select className="network-picker" value={networkId} onChange={(e) => { localStorage.setItem(LAST_NETWORK, e.target.value); navigate(`/map?network=${e.target.value}`); }} aria-label={L('管网', 'Network')} data-testid="network-picker">
            {list.map((n) => <option key={n.id} value={n.id}>{label.utility(n.utility)} · {n.name}</option>)}
          </select>
        </div>
        <div className="row">
          <UtilityTag utility={utility} />
          {network && <span className="muted small">{fmtN(network.pipeCount)} {L('管段', 'pipes')}</span>}
          <label className="check"><input type="checkbox" checked={critical} onChange={(e) => setUrl({ critical: e.target.checked ? '1' : null })} data-testid="critical-toggle" />{L('关键管段', 'Critical segments')}</label>
        </div>
        <p className="hint">{L('点击管段查看关阀方案，Shift+点击可多选；点击阀门可标记不可操作。', 'Click a pipe for its isolation plan, shift-click to add more; click a valve to mark it inoperable.')}</p>
        <div className="legend">
          {twoLine
            ? <><span><i style={{ background: SUPPLY_COLOR }} />{L('供水管', 'Supply line')}</span><span><i style={{ background: '#1c6fb8' }} />{L('回水管（或供回水同沟）', 'Return line (or both in one trench)')}</span></>
            : <span><i style={{ background: '#1c6fb8' }} />{L('管段（线宽=管径）', 'Pipe (width = diameter)')}</span>}
          <span><i className="dot" style={{ background: '#2b8a3e' }} />{L('阀门', 'Valve')}</span>
          <span><i className="dot" style={{ background: '#e03131' }} />{L('需关闭', 'To close')}</span>
          <span><i className="dot" style={{ background: '#495057', outline: '2px solid #fa5252' }} />{L('不可操作', 'Inoperable')}</span>
          <span><i className="dot" style={{ background: '#862e9c' }} />{L('重要用户', 'Important user')}</span>
        </div>
        {valve && (
          <section className="card" data-testid="valve-card">
            <h3>{L('阀门', 'Valve')} {valve.id}</h3>
            <p>DN {valve.diameterMm ?? '—'} · {valve.state === 'CLOSED' ? L('常闭', 'normally closed') : L('常开', 'normally open')} · {valve.operable ? L('可操作', 'operable') : L('不可操作', 'inoperable')}</p>
            {canEditValves && <Action label={valve.operable ? L('标记为不可操作', 'Mark inoperable') : L('恢复为可操作', 'Mark operable')} run={() => markInoperable(valve.id, !valve.operable)} testId="valve-card-toggle" />}
          </section>
        )}
        {crit.data && (
          <section className="card" data-testid="critical-list">
            <h3>{L('影响人数最多的管段', 'Most critical segments')}</h3>
            <table><thead><tr><th>#</th><th>{L('管段', 'Pipes')}</th><th>{L('人口', 'People')}</th></tr></thead>
              <tbody>{crit.data.map((c) => (
                <tr key={c.rank} className="clickable" onClick={() => setUrl({ pipes: c.segmentPipeIds[0] })}><td>{c.rank}</td><td>{c.segmentPipeIds.slice(0, 4).join(', ')}{c.segmentPipeIds.length > 4 ? ` +${c.segmentPipeIds.length - 4}` : ''}</td><td>{fmtN(c.population)}</td></tr>
              ))}</tbody></table>
          </section>
        )}
        <ErrorLine error={plan.error} testId="plan-error" />
        {!pipes.length && <Empty>{L('尚未选择管段', 'No pipe selected')}</Empty>}
        {p && (
          <section className="plan" data-testid="plan">
            <h2>{L('关阀方案', 'Isolation plan')}：{pipes.join(', ')}</h2>
            {p.requiresRegulatorApproval && (
              <div className="banner warn" data-testid="regulator-banner">{approvalNeeded(utility)} <small>{L(`（影响超过 ${fmtN(p.threshold)} 人）`, `/ approval of ${label.authority(utility)} needed (over ${fmtN(p.threshold)} people)`)}</small></div>
            )}
            <div className="figures">
              <div><b data-testid="plan-population">{fmtN(p.population)}</b><span>{L('影响人口', 'people affected')}</span></div>
              <div><b>{p.valvesToClose.length}</b><span>{L('需关阀门', 'valves to close')}</span></div>
              <div><b>{p.affectedPipeIds.length}</b><span>{L(`${stop}管段`, 'pipes affected')}</span></div>
            </div>
            <p className="muted">{L('人口依据', 'Basis')}：{basisText(p.populationBasis)}</p>
            {p.growth && p.skippedValves.length > 0 && (
              <div className="banner info" data-testid="plan-growth">
                {L(`跳过不可操作阀门 ${p.skippedValves.map((v) => v.id).join('、')}，${stop}范围扩大：+${p.growth.pipes} 管段、+${fmtN(p.growth.population)} 人`,
                  `Skipped inoperable ${p.skippedValves.map((v) => v.id).join(', ')}; the outage grows by ${p.growth.pipes} pipes and ${fmtN(p.growth.population)} people`)}
              </div>
            )}
            <h3>{L('需关闭的阀门', 'Valves to close')}</h3>
            <table data-testid="plan-valves"><thead><tr><th>{L('编号', 'ID')}</th><th>DN</th><th>{L('位置', 'Location')}</th>{canEditValves && <th />}</tr></thead>
              <tbody>{p.valvesToClose.map((v) => (
                <tr key={v.id} data-valve={v.id}><td>{v.id}</td><td>{v.diameterMm ?? '—'}</td><td className="mono">{loc(v.lon, v.lat)}</td>
                  {canEditValves && <td><Action label={L('不可操作', 'Inoperable')} run={() => markInoperable(v.id, false)} testId={`inoperable-${v.id}`} /></td>}</tr>
              ))}</tbody></table>
            {p.importantUsers.length > 0 && <>
              <h3>{L('重要用户', 'Important users')}</h3>
              <ul data-testid="plan-important">{p.importantUsers.map((u) => <li key={u.id}>{label.important(u.kind)} · {u.name ?? u.id} · {fmtN(u.persons)} {L('人', 'people')}</li>)}</ul>
            </>}
            <h3>{L(`${stop}区域`, 'Areas')}</h3>
            {/* A bridge main cuts off a whole bank (a hundred names): the first ones, the rest on a click. */}
            <p data-testid="plan-areas">{p.areaNames.length ? p.areaNames.slice(0, AREA_NAMES_SHOWN).join('、') : '—'}</p>
            {p.areaNames.length > AREA_NAMES_SHOWN && <details className="small"><summary>{L(`另有 ${p.areaNames.length - AREA_NAMES_SHOWN} 处`, `${p.areaNames.length - AREA_NAMES_SHOWN} more`)}</summary><p>{p.areaNames.slice(AREA_NAMES_SHOWN).join('、')}</p></details>}
            <details><summary>{L(`${stop}管段（${p.affectedPipeIds.length}）`, `Affected pipes (${p.affectedPipeIds.length})`)}</summary><p className="mono small">{p.affectedPipeIds.join(', ')}</p></details>
            {canPlan && <div className="buttons"><Link to={`/outages/new?network=${networkId}&pipes=${pipes.join(',')}`} className="button primary" testId="plan-outage">{L(`据此计划${stop}`, 'Plan an outage from this')}</Link></div>}
          </section>
        )}
      </aside>
    </div>
  );
}
