import { parseInp } from '../import/inp-parser';
import type { NetworkModel } from '../model';
import { decodeEngine, encodeEngine, joinSnapshot, readSnapshotHeader, SNAPSHOT_FORMAT } from './snapshot';
import type { NetworkEngine } from './engine';
import { goldenAnswers, goldenInp } from '../../../test/golden';
import { engineFromModel } from '../../../test/support/engine-from-model';
import { generateCity, seededRandom } from '../../../bench/synthetic';
import { mirrorAsTwoLines } from '../../../test/fixtures/two-line';

function roundTrip(e: NetworkEngine): NetworkEngine {
  const { parts, bytes } = encodeEngine(e);
  const buf = joinSnapshot(parts);
  expect(buf.byteLength).toBe(bytes);
  return decodeEngine(buf);
}

/** Every single-pipe plan, `multi` random multi-break plans and `closures` random closures answer alike. */
function expectSameAnswers(a: NetworkEngine, b: NetworkEngine, multi: number, closures: number) {
  const n = a.compiled.linkCount;
  expect(b.compiled.linkCount).toBe(n);
  expect(b.totalPopulation).toBe(a.totalPopulation);
  expect(b.basis).toBe(a.basis);
  for (let l = 0; l < n; l++) {
    const id = a.compiled.linkIds.at(l);
    expect(b.analyzer.isolationPlan([id])).toEqual(a.analyzer.isolationPlan([id]));
    expect(b.pipe(l)).toEqual(a.pipe(l));
    expect(b.linkCoords(l)).toEqual(a.linkCoords(l));
    expect(b.linkArea(l)).toBe(a.linkArea(l));
  }
  for (let v = 0; v < a.compiled.valveCount; v++) expect(b.valve(a.compiled.valveIds.at(v))).toEqual(a.valve(a.compiled.valveIds.at(v)));
  const nodeIds = Array.from({ length: a.compiled.nodeCount }, (_, i) => a.compiled.nodeIds.at(i));
  expect(b.phonesAt(nodeIds)).toEqual(a.phonesAt(nodeIds));
  const sps = a.servicePointsAt(nodeIds);
  expect(b.servicePointsAt(nodeIds)).toEqual(sps);
  for (const k of sps) expect(b.importantUser(k)).toEqual(a.importantUser(k));
  expect(b.demandPopulation(nodeIds, 150)).toBe(a.demandPopulation(nodeIds, 150));
  const rnd = seededRandom(5);
  const pipe = () => a.compiled.linkIds.at(Math.floor(rnd() * n));
  const valve = () => a.compiled.valveIds.at(Math.floor(rnd() * a.compiled.valveCount));
  for (let i = 0; i < multi; i++) {
    const ids = [pipe(), pipe(), pipe()];
    const inop = [valve(), valve()];
    expect(b.analyzer.isolationPlan(ids, { inoperableValveIds: inop })).toEqual(a.analyzer.isolationPlan(ids, { inoperableValveIds: inop }));
  }
  for (let i = 0; i < closures && a.compiled.valveCount > 0; i++) {
    const ids = Array.from({ length: 5 }, valve);
    expect(b.analyzer.closureImpact(ids)).toEqual(a.analyzer.closureImpact(ids));
  }
  expect(b.analyzer.criticalSegments(10)).toEqual(a.analyzer.criticalSegments(10));
}

describe('binary snapshot of a network version', () => {
  it('Net3 (WNTR golden valves, demand-based persons) answers every plan exactly as the engine compiled from rows', () => {
    const golden = goldenAnswers('Net3') as { valves: { id: string; link: string; node: string }[] };
    const model = parseInp(goldenInp('Net3'), { origin: { lon: 116.4, lat: 39.9 } });
    model.valves = golden.valves.map((v) => ({ id: v.id, linkId: v.link, nodeId: v.node, state: 'OPEN' as const, operable: true }));
    const rows = engineFromModel(model, 'net3', 4, 150);
    const snap = roundTrip(rows);
    expect([snap.networkId, snap.version, snap.litersPerPersonPerDay]).toEqual(['net3', 4, 150]);
    expect(rows.totalPopulation).toBeGreaterThan(0);
    expectSameAnswers(rows, snap, 50, 50);
  });

  it('a synthetic city with customers, important users, closed and seized valves and Chinese names answers alike', () => {
    const city = generateCity({ pipes: 3000, seed: 11, valveN: 2, closedShare: 0.03, inoperableShare: 0.05 });
    const m: NetworkModel = city.model;
    m.nodes.forEach((n, i) => (n.area = i % 3 === 0 ? `第${i % 7}街道` : null));
    m.links.forEach((l, i) => (l.area = i % 5 === 0 ? '幸福路' : null));
    m.servicePoints = m.nodes.flatMap((n, i) => city.nodePersons[i] > 0 ? [{
      id: `SP-${n.id}`, nodeId: n.id, coord: n.coord, persons: city.nodePersons[i],
      important: i % 97 === 0 ? ('HOSPITAL' as const) : null, name: i % 97 === 0 ? `人民医院${i}` : null, address: `东街 ${i} 号`,
      phone: i % 4 === 0 ? `1380000${String(i).padStart(4, '0')}` : null,
    }] : []);
    const rows = engineFromModel(m, 'city', 2, 200);
    const snap = roundTrip(rows);
    expect(snap.basis).toBe('SERVICE_POINTS');
    expectSameAnswers(rows, snap, 100, 100);
  });

  it('a heat network drawn as two lines, with its circuits and return nodes, answers alike', () => {
    const city = generateCity({ pipes: 1200, seed: 13, valveN: 2, closedShare: 0.03, inoperableShare: 0.05 });
    city.model.servicePoints = city.model.nodes.flatMap((n, i) => city.nodePersons[i] > 0 ? [{
      id: `SP-${n.id}`, nodeId: n.id, coord: n.coord, persons: city.nodePersons[i], phone: i % 5 === 0 ? `1390000${String(i).padStart(4, '0')}` : null,
    }] : []);
    const rows = engineFromModel(mirrorAsTwoLines(city.model), 'heat', 1, 200);
    const snap = roundTrip(rows);
    expect(snap.twoLine).toBe(true);
    expect(snap.pipe(rows.compiled.linkCount - 1).circuit).toBe('RETURN');
    expectSameAnswers(rows, snap, 50, 50);
  });

  it('keeps the pressure class of gas pipes', () => {
    const city = generateCity({ pipes: 300, seed: 4 });
    city.model.links.forEach((l, i) => (l.pressureLevel = i % 2 ? 'MEDIUM' : 'LOW'));
    const rows = engineFromModel(city.model);
    const snap = roundTrip(rows);
    expect([snap.pipe(0).pressureLevel, snap.pipe(1).pressureLevel, snap.pipe(1).circuit]).toEqual(['LOW', 'MEDIUM', null]);
    expectSameAnswers(rows, snap, 10, 10);
  });

  it('is refused when it is not a snapshot or of another format', () => {
    expect(readSnapshotHeader(new Uint8Array(32))).toBeNull();
    const city = generateCity({ pipes: 200, seed: 3 });
    const buf = joinSnapshot(encodeEngine(engineFromModel(city.model)).parts);
    expect(readSnapshotHeader(buf)?.format).toBe(SNAPSHOT_FORMAT);
    expect(() => decodeEngine(buf.subarray(0, buf.byteLength - 64))).toThrow(/truncated/);
  });
});
