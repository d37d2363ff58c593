import type { Operation } from './generated';
import { authExpired, session } from '../auth';
import { Store } from '../store';
import { L } from '../i18n';

export interface ApiErrorItem { message: string; code?: string; path?: Array<string | number> }

export class ApiError extends Error {
  constructor(readonly kind: 'graphql' | 'auth' | 'connection' | 'http', readonly errors: ApiErrorItem[]) {
    super(errors[0]?.message ?? kind);
  }
  get code(): string | undefined {
    return this.errors[0]?.code;
  }
}

/** false while the gateway cannot be reached; a banner says so and polling keeps trying. */
export const online = new Store<boolean>(true);

const CODE_TEXT: Record<string, [string, string]> = {
  FORBIDDEN: ['无权限', 'Not allowed'],
  NOT_FOUND: ['未找到', 'Not found'],
  INVALID_INPUT: ['输入有误', 'Invalid input'],
  BAD_USER_INPUT: ['输入有误', 'Invalid input'],
  CONFLICT: ['状态不允许', 'Not possible now'],
  SLA_RULE: ['时限规则', 'Deadline rule'],
  UNAUTHENTICATED: ['登录已失效', 'Signed out'],
  GRAPHQL_VALIDATION_FAILED: ['请求与接口不符', 'Request does not match the API'],
  QUERY_TOO_COMPLEX: ['查询过大', 'Query too large'],
};

/** One line a person can read, Chinese first: what kind of refusal, then the API's own words. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.kind === 'connection') return L('无法连接服务器，请检查网络；输入内容已保留', 'Cannot reach the server; what you typed is kept');
    if (e.kind === 'auth') return L('登录已失效，请重新登录；输入内容已保留', 'Your sign-in expired; sign in again, what you typed is kept');
    const c = e.code && CODE_TEXT[e.code];
    const head = c ? L(c[0], c[1]) : L('操作失败', 'Failed');
    return `${head}：${e.errors.map((x) => x.message).join('；')}`;
  }
  return L('操作失败：', 'Failed: ') + String((e as Error)?.message ?? e);
}

export async function gql<R, V>(op: Operation<R, V>, variables: V): Promise<R> {
  const token = session.get()?.token;
  let r: Response;
  try {
    r = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: op.text, variables, operationName: op.name }),
    });
  } catch {
    online.set(false);
    throw new ApiError('connection', [{ message: 'network error' }]);
  }
  online.set(true);
  if (r.status === 401) {
    authExpired.set(true);
    throw new ApiError('auth', [{ message: 'unauthenticated', code: 'UNAUTHENTICATED' }]);
  }
  let body: { data?: R; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string } }> };
  try {
    body = await r.json();
  } catch {
    throw new ApiError('http', [{ message: `HTTP ${r.status}` }]);
  }
  // A query may read fields a role is not given (phones, names): keep the rest, as GraphQL returns it.
  const partial = op.kind === 'query' && body.data && body.errors?.every((x) => (x.path?.length ?? 0) > 1);
  if (body.errors?.length && !partial) throw new ApiError('graphql', body.errors.map((x) => ({ message: x.message, code: x.extensions?.code, path: x.path })));
  if (!body.data) throw new ApiError('http', [{ message: `HTTP ${r.status}` }]);
  return body.data;
}
