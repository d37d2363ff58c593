// Fuzz through the gateway, generated from the committed supergraph: every root field for every role
// against the role matrix (deny by default), without a token, and every argument with hostile values.
// No answer may be a 5xx, an INTERNAL_SERVER_ERROR or carry internals. Seeded, so each run sends the same cases.
import fs from 'node:fs';
import path from 'node:path';
import { ROLES, Role } from '@mainline/common';
import { E2EStack, startE2EStack } from '../support/e2e-stack';
import {
  Answer, deniedByRole, FuzzCase, refusedBeforeResolver, hostileCases, KnownIds, loadSupergraph, plausibleCase, prng, rootFields, verdict,
} from '../support/fuzz';

const MATRIX_PATH = path.join(__dirname, '..', '..', 'gateway', 'role-matrix.json');
const TOWN = fs.readFileSync(path.join(__dirname, '..', '..', 'infra', 'demo', 'yuncheng-town.geojson'), 'utf8');
const SEED = 13;
const CONCURRENCY = 4;
/** Department claims the role tokens carry (a department user always has one). */
const DEPARTMENT_OF: Record<Role, string | undefined> = {
  agent: 'CALL_CENTER', department: 'NETWORK', dispatcher: 'NETWORK', supervisor: 'SUPERVISION', admin: undefined, 'notice-system': undefined,
};

type Matrix = Record<string, Role[]>;

async function inPool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

describe('fuzz: the supergraph for every role, without a token, and with hostile arguments', () => {
  let s: E2EStack;
  let ids: KnownIds;
  const schema = loadSupergraph();
  const fields = rootFields(schema);
  const matrix = JSON.parse(fs.readFileSync(MATRIX_PATH, 'utf8')) as Matrix;
  const key = (f: { operation: string; field: { name: string } }) => `${f.operation === 'query' ? 'Query' : 'Mutation'}.${f.field.name}`;
  // One caller per role and case bucket: the fuzz is many users at once, not one user's flood (that is the rate-limit test).
  const tokenFor = (role: Role, i: number) => s.token(role, DEPARTMENT_OF[role] as any, `fuzz-${role}-${i % 64}`);

  const send = async (c: FuzzCase, token?: string): Promise<Answer> => {
    const r = await fetch(s.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: c.query, variables: c.variables, operationName: 'Fuzz' }),
    });
    return { status: r.status, text: await r.text() };
  };

  beforeAll(async () => {
    s = await startE2EStack('fuzz');
    const dispatcher = s.token('dispatcher', 'NETWORK');
    const net = await s.ok('mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id } }', { i: { name: 'fuzz-town', format: 'GEOJSON', content: TOWN } }, dispatcher);
    const networkId = net.importNetwork.id;
    const box = { minLon: -180, minLat: -90, maxLon: 180, maxLat: 90 };
    const found = await s.ok('query($n: ID!, $b: BBoxInput!) { pipesInBox(networkId: $n, box: $b, limit: 1) { id } valvesInBox(networkId: $n, box: $b, limit: 1) { id } }', { n: networkId, b: box }, dispatcher);
    const wo = await s.ok('mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id } }', {
      i: { category: 'LEAK', channel: 'PHONE', description: 'fuzz', asset: { type: 'Pipe', networkId, id: found.pipesInBox[0].id } },
    }, s.token('agent', 'CALL_CENTER'));
    ids = { networkId, workOrderId: wo.createWorkOrder.id, pipeId: found.pipesInBox[0].id, valveId: found.valvesInBox[0].id };
  });
  afterAll(() => s?.stop());

  it('the role matrix lists every root field, and each role is allowed exactly what it says (deny by default)', async () => {
    const observed: Matrix = {};
    const failures: string[] = [];
    const probes = fields.flatMap((f) => ROLES.map((role) => ({ f, role })));
    await inPool(probes, CONCURRENCY, async ({ f, role }, i) => {
      const a = await send(plausibleCase(f, ids), tokenFor(role, i));
      const bad = verdict(a);
      if (bad) failures.push(`${key(f)} as ${role} (plausible): ${bad}`);
      const early = refusedBeforeResolver(a);
      if (early) failures.push(`${key(f)} as ${role}: the plausible probe was refused before the resolver (${early.slice(0, 200)})`);
      if (!deniedByRole(a)) (observed[key(f)] ??= []).push(role);
    });
    for (const k of Object.keys(observed)) observed[k].sort((x, y) => ROLES.indexOf(x) - ROLES.indexOf(y));
    const expected: Matrix = {};
    for (const f of fields) {
      if (!(key(f) in matrix)) failures.push(`${key(f)} is not in gateway/role-matrix.json (deny by default: list who may call it)`);
      expected[key(f)] = matrix[key(f)] ?? [];
    }
    for (const k of Object.keys(matrix)) if (!fields.some((f) => key(f) === k)) failures.push(`${k} is in the role matrix but not in the supergraph`);
    const actual: Matrix = {};
    for (const f of fields) actual[key(f)] = observed[key(f)] ?? [];
    expect(failures).toEqual([]);
    expect(actual).toEqual(expected);
  });

  it('without a token, or with a forged one, every root field answers 401 UNAUTHENTICATED and nothing else', async () => {
    const forged = s.token('admin').replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    const failures: string[] = [];
    await inPool(fields, CONCURRENCY, async (f) => {
      for (const token of [undefined, forged]) {
        const a = await send(plausibleCase(f, ids), token);
        const code = (JSON.parse(a.text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code;
        if (a.status !== 401 || code !== 'UNAUTHENTICATED' || verdict(a)) failures.push(`${key(f)} ${token ? 'forged' : 'anonymous'}: HTTP ${a.status} ${a.text.slice(0, 200)}`);
      }
    });
    expect(failures).toEqual([]);
  });

  it('hostile arguments (wrong types, boundary numbers, bad ids, hostile strings) answer typed client errors only', async () => {
    const rnd = prng(SEED);
    const cases = fields.flatMap((f) => {
      const allowed = matrix[key(f)]?.length ? matrix[key(f)] : [...ROLES];
      // Mostly a role that may call the field (its arguments reach the resolver), sometimes one that may not.
      return hostileCases(f, ids).map((c) => {
        const pool = rnd() < 0.85 ? allowed : ROLES;
        return { c, role: pool[Math.floor(rnd() * pool.length)] };
      });
    });
    const t0 = Date.now();
    const failures: string[] = [];
    await inPool(cases, CONCURRENCY, async ({ c, role }, i) => {
      const bad = verdict(await send(c, tokenFor(role, i)));
      if (bad) failures.push(`${c.operation} ${c.field} ${c.label} as ${role}: ${bad}`);
    });
    process.stdout.write(`fuzz: ${cases.length} hostile cases over ${fields.length} root fields in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${failures.length} failures\n`);
    expect(failures.slice(0, 40)).toEqual([]);
  });
});
