import { useState } from 'react';
import { signIn } from '../auth';
import { config } from '../config';
import { useStore } from '../store';
import { L, label, useLang } from '../i18n';

const DEV_ROLES: Array<{ role: string; department: string }> = [
  { role: 'dispatcher', department: 'NETWORK' }, { role: 'agent', department: 'CALL_CENTER' },
  { role: 'department', department: 'WORKS' }, { role: 'supervisor', department: 'SUPERVISION' }, { role: 'admin', department: 'SUPERVISION' },
];

/** Development: pick a role and the stack hands a dev token; otherwise paste one (production sign-in is the utility's identity provider). */
export function SignIn({ expired }: { expired?: boolean }) {
  useLang();
  const cfg = useStore(config);
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const dev = async (role: string, department: string) => {
    setError('');
    try {
      const r = await fetch('/console/dev-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, department }) });
      const body = await r.json();
      if (!r.ok || !signIn(body.token)) setError(L('无法获取开发令牌', 'Could not get a dev token') + `（${body.error ?? r.status}）`);
    } catch {
      setError(L('无法连接服务器', 'Cannot reach the server'));
    }
  };
  return (
    <div className={expired ? 'modal' : 'signin-page'}>
      <div className="signin card" data-testid="signin">
        <h1>主干 Mainline</h1>
        {expired && <p className="banner warn">{L('登录已失效，请重新登录；当前页面和已输入内容会保留。', 'Your sign-in expired. Sign in again; this screen and what you typed stay.')}</p>}
        {cfg.devTokens && <>
          <h3>{L('开发模式：选择角色', 'Development: pick a role')}</h3>
          <div className="buttons">{DEV_ROLES.map((r) => <button type="button" key={r.role} onClick={() => dev(r.role, r.department)} data-testid={`dev-${r.role}`}>{label.role(r.role)}<small> {label.department(r.department)}</small></button>)}</div>
        </>}
        <h3>{L('粘贴令牌', 'Paste a token')}</h3>
        <form onSubmit={(e) => { e.preventDefault(); if (!signIn(token)) setError(L('令牌无效', 'Not a valid token')); }}>
          <textarea rows={3} value={token} onChange={(e) => setToken(e.target.value)} placeholder="eyJhbGciOi…" data-testid="token-input" />
          <button type="submit" className="primary" data-testid="token-submit">{L('登录', 'Sign in')}</button>
        </form>
        {error && <div className="error" role="alert">{error}</div>}
        <p className="muted small">{L('生产环境通过本单位统一身份认证登录。', 'In production, sign-in is the utility’s identity provider.')}</p>
      </div>
    </div>
  );
}
