import { parseInp } from './inp-parser';
import { generateValveLayer } from './valve-layer';
import { ImportError } from './errors';

import { goldenInp } from '../../../test/golden';
const net = (name: string) => parseInp(goldenInp(name), { origin: { lon: 114, lat: 30 } });

function degrees(m: ReturnType<typeof net>) {
  const d = new Map<string, number>();
  for (const l of m.links) for (const e of [l.from, l.to]) d.set(e, (d.get(e) ?? 0) + 1);
  return d;
}

describe('generateValveLayer STRATEGIC', () => {
  it.each([0, 1, 2, 3])('Net3, n = %i: max(d − n, 0) valves around each junction, none around sources', (n) => {
    const m = net('Net3');
    const valves = generateValveLayer(m, { strategy: 'STRATEGIC', n, seed: 7 });
    const deg = degrees(m);
    const perNode = new Map<string, number>();
    for (const v of valves) perNode.set(v.nodeId, (perNode.get(v.nodeId) ?? 0) + 1);
    for (const node of m.nodes) {
      const expected = node.kind === 'JUNCTION' ? Math.max((deg.get(node.id) ?? 0) - n, 0) : 0;
      expect([node.id, perNode.get(node.id) ?? 0]).toEqual([node.id, expected]);
    }
    // Each valve sits on a link that really touches its node, and no (link, node) pair repeats.
    const links = new Map(m.links.map((l) => [l.id, l]));
    for (const v of valves) expect([links.get(v.linkId)!.from, links.get(v.linkId)!.to]).toContain(v.nodeId);
    expect(new Set(valves.map((v) => `${v.linkId}@${v.nodeId}`)).size).toBe(valves.length);
    expect(valves.map((v) => v.id)).toEqual(valves.map((_, i) => `V${i + 1}`));
    expect(valves.every((v) => v.state === 'OPEN' && v.operable && v.diameterMm === (links.get(v.linkId)!.diameterMm ?? null))).toBe(true);
  });

  it('is deterministic for a seed and varies with the seed', () => {
    const m = net('Net3');
    const a = generateValveLayer(m, { strategy: 'STRATEGIC', n: 2, seed: 42 });
    const b = generateValveLayer(m, { strategy: 'STRATEGIC', n: 2, seed: 42 });
    const c = generateValveLayer(m, { strategy: 'STRATEGIC', n: 2, seed: 43 });
    expect(b).toEqual(a);
    expect(c.map((v) => `${v.linkId}@${v.nodeId}`)).not.toEqual(a.map((v) => `${v.linkId}@${v.nodeId}`));
  });
});

describe('generateValveLayer RANDOM', () => {
  it('places n valves on distinct (pipe, end node) pairs, deterministically', () => {
    const m = net('Net1');
    const v = generateValveLayer(m, { strategy: 'RANDOM', n: 10, seed: 1 });
    expect(v).toHaveLength(10);
    expect(new Set(v.map((x) => `${x.linkId}@${x.nodeId}`)).size).toBe(10);
    const pipes = new Map(m.links.filter((l) => l.kind === 'PIPE').map((l) => [l.id, l]));
    for (const x of v) expect([pipes.get(x.linkId)!.from, pipes.get(x.linkId)!.to]).toContain(x.nodeId);
    expect(generateValveLayer(m, { strategy: 'RANDOM', n: 10, seed: 1 })).toEqual(v);
    expect(generateValveLayer(m, { strategy: 'RANDOM', n: 24, seed: 3 })).toHaveLength(24);
  });

  it('rejects more valves than positions, and a bad n', () => {
    const m = net('Net1');
    expect(() => generateValveLayer(m, { strategy: 'RANDOM', n: 25, seed: 1 })).toThrow(ImportError);
    expect(() => generateValveLayer(m, { strategy: 'STRATEGIC', n: -1, seed: 1 })).toThrow(/non-negative integer/);
  });
});
