// Network snapshots against the real PostgreSQL: a fresh service starts from the stored snapshot and
// answers exactly as one compiled from the rows; a valve change (new version) is never answered from
// the old snapshot.
import { connectAndMigrate, createDataSource, createLogger, Identity } from '@mainline/common';
import { ensureDatabases } from '@mainline/infra';
import { testDbUrl, testPg } from '@mainline/test-support';
import { entities, migrations } from '../src/app';
import { NetworkRepository } from '../src/repositories/network.repository';
import { AnalysisService } from '../src/services/analysis.service';
import { ImportService } from '../src/services/import.service';
import { UTILITY_KINDS } from '@mainline/common/domain';
import { generateCity } from '../bench/synthetic';
import { goldenAnswers, goldenInp } from './golden';

const DB = 'mainline_test_network_snapshot';
const log = createLogger('test', 'silent');
const G = goldenAnswers('Net3');
const dispatcher: Identity = { sub: 'disp-1', name: '调度员', roles: ['dispatcher'], department: 'NETWORK' };
const rules = { regulatorThreshold: 5000, serviceRadiusM: 50, simplifyToleranceM: 5 };
const sorted = (xs: string[]) => [...xs].sort();
/** Separators and escapes that COPY's text format must carry through unchanged. */
const TRICKY = '东街\t1 号\n二楼 \\N \\ "引号" \r';

describe('network snapshots (real PostgreSQL)', () => {
  const ds = createDataSource({ url: testDbUrl(DB), entities, migrations, log });
  let repo: NetworkRepository;
  let net3: string;
  let city: string;
  let cityPipes: string[];

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    await connectAndMigrate(ds, log);
    repo = new NetworkRepository(ds);
    const imported = await new ImportService(ds, repo, { utilityKinds: UTILITY_KINDS, litersPerPersonPerDay: 200, snapToleranceM: 1, valveSnapToleranceM: 5, maxContentChars: 10_000_000 }).importNetwork(
      dispatcher,
      {
        name: 'Net3-snapshot', format: 'EPANET_INP', content: goldenInp('Net3'), origin: { lon: 112.04, lat: 22.93 },
        valves: G.valves.map((v: any) => ({ id: v.id, linkId: v.link, nodeId: v.node })), litersPerPersonPerDay: G.populationPerPersonM3PerS * 86400 * 1000,
      },
    );
    net3 = imported.id;
    const c = generateCity({ pipes: 2000, seed: 9, closedShare: 0.03, inoperableShare: 0.05 });
    c.model.servicePoints = c.model.nodes.flatMap((n, i) => c.nodePersons[i] > 0 ? [{
      id: `SP-${n.id}`, nodeId: n.id, coord: n.coord, persons: c.nodePersons[i], important: i % 50 === 0 ? ('SCHOOL' as const) : null,
      name: i % 50 === 0 ? `第${i}小学` : null, address: i % 7 === 0 ? TRICKY : null, phone: i % 3 === 0 ? `1390000${String(i).padStart(4, '0')}` : null,
    }] : []);
    const stored = await ds.transaction((tx) => repo.insertModel(tx, {
      name: 'city-snapshot', format: 'GEOJSON', crs: null, litersPerPersonPerDay: 200, hydraulics: {}, pipeCount: c.model.links.length,
      nodeCount: c.model.nodes.length, valveCount: c.model.valves.length, createdBy: 'test',
    }, c.model));
    city = stored.id;
    cityPipes = c.model.links.map((l) => l.id);
  });
  afterAll(() => ds.destroy());

  it('stores text with tabs, newlines, backslashes and \\N through COPY unchanged, and nulls as nulls', async () => {
    const rows: Array<{ address: string | null; n: number }> = await ds.query(
      `SELECT address, count(*)::int AS n FROM service_point WHERE network_id = $1 GROUP BY address ORDER BY address NULLS LAST`, [city]);
    expect(rows.map((r) => r.address)).toEqual([TRICKY, null]);
    expect(rows[0].n).toBeGreaterThan(10);
  });

  it('element rows must belong to a stored network (checked per statement), and go with it when it is deleted', async () => {
    await expect(ds.query(`INSERT INTO network_node (network_id, id, kind) VALUES (gen_random_uuid(), 'X1', 'JUNCTION')`))
      .rejects.toMatchObject({ code: '23503' });
    const c = generateCity({ pipes: 100, seed: 1 });
    const net = await ds.transaction((tx) => repo.insertModel(tx, {
      name: 'to-delete', format: 'GEOJSON', crs: null, litersPerPersonPerDay: 200, hydraulics: {}, pipeCount: c.model.links.length,
      nodeCount: c.model.nodes.length, valveCount: c.model.valves.length, createdBy: 'test',
    }, c.model));
    const count = async () => (await ds.query(`SELECT (SELECT count(*) FROM network_node WHERE network_id = $1) + (SELECT count(*) FROM network_link WHERE network_id = $1)
      + (SELECT count(*) FROM valve WHERE network_id = $1) AS n`, [net.id]))[0].n;
    expect(Number(await count())).toBe(c.model.nodes.length + c.model.links.length + c.model.valves.length);
    await ds.query(`DELETE FROM network WHERE id = $1`, [net.id]);
    expect(Number(await count())).toBe(0);
  });

  it('a fresh service loads Net3 and a synthetic city from their snapshots and answers every plan as from the rows', async () => {
    const first = new AnalysisService(repo, rules);
    for (const id of [net3, city]) {
      await first.engineById(id);
      expect(first.lastLoad(id)?.source).toBe('ROWS');
    }
    await first.snapshotsWritten();
    const [{ n }] = await ds.query(`SELECT count(DISTINCT network_id)::int AS n FROM network_snapshot`);
    expect(n).toBe(2);

    const fresh = new AnalysisService(repo, rules);
    for (const id of [net3, city]) {
      await fresh.engineById(id);
      expect(fresh.lastLoad(id)?.source).toBe('SNAPSHOT');
    }
    // Net3: every golden break case from the snapshot, against WNTR's answer and the rows-built plan.
    for (const c of G.cases.filter((x: any) => x.kind !== 'valve_set')) {
      const plan = await fresh.isolationPlan(net3, { pipeIds: c.pipes });
      expect(sorted(plan.valvesToClose.map((v) => v.id))).toEqual(sorted(c.closeValves));
      expect(sorted(plan.affectedNodeIds)).toEqual(sorted(c.affectedNodes));
      expect(plan).toEqual(await first.isolationPlan(net3, { pipeIds: c.pipes }));
    }
    for (const c of G.cases.filter((x: any) => x.kind === 'valve_set')) {
      const impact = await fresh.closureImpact(net3, c.closeValves);
      expect(sorted(impact.affectedNodeIds)).toEqual(sorted(c.unsuppliedNodes));
      expect(impact).toEqual(await first.closureImpact(net3, c.closeValves));
    }
    // The city: every pipe's full plan (valves, sets, people, important users, polygon).
    for (const p of cityPipes) expect(await fresh.isolationPlan(city, { pipeIds: [p] })).toEqual(await first.isolationPlan(city, { pipeIds: [p] }));
    expect(await fresh.criticalSegments(city, 20)).toEqual(await first.criticalSegments(city, 20));
  });

  it('after a valve change (version bump) the old snapshot is not used: the plan shows the new state, and the new version is snapshotted', async () => {
    const c = G.cases.find((x: any) => x.kind === 'pipe' && x.closeValves.length >= 2);
    const valve = c.closeValves[0];
    const warm = new AnalysisService(repo, rules);
    const before = await warm.isolationPlan(net3, { pipeIds: c.pipes });
    expect(before.valvesToClose.map((v) => v.id)).toContain(valve);
    expect(warm.lastLoad(net3)?.source).toBe('SNAPSHOT');

    expect(await repo.updateValve(net3, valve, { operable: false })).toBe(true);
    const version = (await repo.get(net3))!.version;
    const after = await warm.isolationPlan(net3, { pipeIds: c.pipes });
    expect(warm.lastLoad(net3)).toMatchObject({ source: 'ROWS', version });
    expect(after.valvesToClose.map((v) => v.id)).not.toContain(valve);
    expect(after.skippedValves.map((v) => v.id)).toContain(valve);
    await warm.snapshotsWritten();
    const rows: Array<{ version: number }> = await ds.query(`SELECT DISTINCT version FROM network_snapshot WHERE network_id = $1`, [net3]);
    expect(rows).toEqual([{ version }]);
    const again = new AnalysisService(repo, rules);
    const fromNew = await again.isolationPlan(net3, { pipeIds: c.pipes });
    expect(again.lastLoad(net3)).toMatchObject({ source: 'SNAPSHOT', version });
    expect(fromNew.skippedValves.map((v) => v.id)).toContain(valve);
  });
});
