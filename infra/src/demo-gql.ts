// What the demo loaders share: GraphQL calls through the gateway, aliased batches of one mutation, and the
// people who do each step (tokens signed for them, as the utility's identity provider would).
import type { DepartmentCode, Identity, Role } from '@mainline/common';

/** Aliased mutations per request: within the gateway's MAX_MUTATIONS (default 10) and far under its cost limit. */
const BATCH = 10;

export type Signer = (id: Identity) => string;
export type Vars = Record<string, unknown>;

export async function gql<T>(url: string, token: string, query: string, variables: Vars = {}): Promise<T> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: Array<{ message: string; path?: string[] }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.path?.join('.') ?? ''} ${e.message}`).join('; '));
  return body.data as T;
}

export const WO = 'id number status department resolveDueAt';
export interface Wo { id: string; number: string; status: string; department: DepartmentCode; resolveDueAt: string | null }

/** The same mutation for many orders in aliased batches (the gateway runs them in order, one request each batch). */
export async function batch<T = Wo>(url: string, token: string, field: string, argTypes: Record<string, string>, items: Vars[], select = WO): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const chunk = items.slice(i, i + BATCH);
    const decl: string[] = [];
    const vars: Vars = {};
    const body = chunk.map((item, k) => {
      const args = Object.keys(argTypes).map((a) => {
        decl.push(`$${a}${k}: ${argTypes[a]}`);
        vars[`${a}${k}`] = item[a];
        return `${a}: $${a}${k}`;
      });
      return `m${k}: ${field}(${args.join(', ')}) { ${select} }`;
    });
    const data = await gql<Record<string, T>>(url, token, `mutation(${decl.join(', ')}) { ${body.join(' ')} }`, vars);
    chunk.forEach((_, k) => out.push(data[`m${k}`]));
  }
  return out;
}

/** The people who do each step (as the utility's identity provider would name them). */
export const PEOPLE = {
  agent: { sub: 'agent-chenjing', name: '陈静（话务员）', roles: ['agent'], department: 'CALL_CENTER' } as Identity,
  supervisor: { sub: 'sup-liuwei', name: '刘伟（服务质量办）', roles: ['supervisor'], department: 'SUPERVISION' } as Identity,
  dispatcher: { sub: 'disp-zhaolei', name: '赵磊（生产调度）', roles: ['dispatcher'], department: 'NETWORK' } as Identity,
  department: (d: DepartmentCode): Identity => ({ sub: `crew-${d.toLowerCase()}`, name: `${d} 班组`, roles: ['department'] as Role[], department: d }),
};

export class Actors {
  constructor(private sign: Signer) {}
  agent = () => this.sign(PEOPLE.agent);
  supervisor = () => this.sign(PEOPLE.supervisor);
  dispatcher = () => this.sign(PEOPLE.dispatcher);
  department = (d: DepartmentCode) => this.sign(PEOPLE.department(d));
}
