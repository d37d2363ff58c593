import { createRoot } from 'react-dom/client';
import { authExpired, hasRole, restoreSession, Role, signOut, useSession } from './auth';
import { online } from './api/client';
import { loadConfig } from './config';
import { L, lang, label, useLang } from './i18n';
import { navigate, useLocation } from './router';
import { useStore } from './store';
import { Link } from './ui';
import { MapScreen } from './screens/MapScreen';
import { OutageDetail, OutageList, OutageNew } from './screens/Outages';
import { Intake } from './screens/Intake';
import { OrderDetail, Queue } from './screens/Queue';
import { Reports } from './screens/Reports';
import { SignIn } from './screens/SignIn';
import './styles.css';

/** Which screens a role works in; the API still refuses anything else. */
const NAV: Array<{ path: string; zh: string; en: string; roles: Role[] }> = [
  { path: '/map', zh: '管网地图', en: 'Map', roles: ['dispatcher', 'supervisor', 'admin'] },
  { path: '/outages', zh: '停供计划', en: 'Outages', roles: ['dispatcher', 'supervisor', 'admin', 'department', 'agent'] },
  { path: '/intake', zh: '受理', en: 'Intake', roles: ['agent', 'supervisor', 'admin'] },
  { path: '/queue', zh: '工单队列', en: 'Queue', roles: ['department', 'agent', 'supervisor', 'admin'] },
  { path: '/reports', zh: '督办报表', en: 'Reports', roles: ['supervisor', 'admin'] },
];

function Screen({ path }: { path: string }) {
  const m = (re: RegExp) => re.exec(path);
  let r: RegExpExecArray | null;
  if (path === '/map') return <MapScreen />;
  if (path === '/outages') return <OutageList />;
  if (path === '/outages/new') return <OutageNew />;
  if ((r = m(/^\/outages\/([^/]+)$/))) return <OutageDetail id={decodeURIComponent(r[1])} />;
  if (path === '/intake') return <Intake />;
  if (path === '/queue') return <Queue />;
  if ((r = m(/^\/orders\/([^/]+)$/))) return <OrderDetail keyOrId={decodeURIComponent(r[1])} />;
  if (path === '/reports') return <Reports />;
  return <div className="page"><h1>{L('页面不存在', 'No such page')}</h1></div>;
}

function App() {
  useLang();
  const s = useSession();
  const { path } = useLocation();
  const expired = useStore(authExpired);
  const isOnline = useStore(online);
  if (!s) return <SignIn />;
  const nav = NAV.filter((n) => hasRole(s, ...n.roles));
  if (path === '/' && nav[0]) {
    queueMicrotask(() => navigate(nav[0].path, true));
    return null;
  }
  return (
    <div className="app">
      <header className="top">
        <b className="brand">主干 <small>Mainline</small></b>
        <nav>{nav.map((n) => <Link key={n.path} to={n.path} className={path.startsWith(n.path) || (n.path === '/queue' && path.startsWith('/orders')) ? 'active' : ''} testId={`nav-${n.path.slice(1)}`}>{L(n.zh, n.en)}</Link>)}</nav>
        <span className="who" data-testid="who">{s.name} · {s.roles.map((r) => label.role(r)).join('、')}{s.department ? ` · ${label.department(s.department)}` : ''}</span>
        <button type="button" className="link" onClick={() => lang.set(lang.get() === 'zh' ? 'en' : 'zh')} data-testid="lang-toggle">{L('English', '中文')}</button>
        <button type="button" className="link" onClick={signOut}>{L('退出', 'Sign out')}</button>
      </header>
      {!isOnline && <div className="banner offline" role="status" data-testid="offline">{L('与服务器的连接中断，正在重试…已输入的内容不会丢失。', 'Connection lost, retrying… nothing you typed is lost.')}</div>}
      <main><Screen path={path} /></main>
      {expired && <SignIn expired />}
    </div>
  );
}

restoreSession();
void loadConfig().finally(() => createRoot(document.getElementById('root')!).render(<App />));
