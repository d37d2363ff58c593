import { BBox, BBoxIndex } from './bbox-index';
import { GeometryError } from './geometry-error';
import { seeded } from '../../../test/fixtures/street-grid';

function randomItems(n: number, rand: () => number): Array<{ id: string; bbox: BBox }> {
  return Array.from({ length: n }, (_, k) => {
    const x = 120 + rand() * 0.5, y = 30 + rand() * 0.5;
    // Mostly small features, a few long mains.
    const w = rand() < 0.02 ? rand() * 0.1 : rand() * 0.002, h = rand() < 0.02 ? rand() * 0.1 : rand() * 0.002;
    return { id: `f${k}`, bbox: [x, y, x + w, y + h] as BBox };
  });
}

function brute(items: Array<{ id: string; bbox: BBox }>, q: BBox): string[] {
  return items.filter(({ bbox: b }) => !(b[2] < q[0] || b[3] < q[1] || b[0] > q[2] || b[1] > q[3])).map((i) => i.id);
}

describe('BBoxIndex', () => {
  it('returns exactly the items a brute-force scan finds, for random data and queries', () => {
    const rand = seeded(11);
    for (const n of [0, 1, 15, 16, 17, 257, 5000]) {
      const items = randomItems(n, rand);
      const index = new BBoxIndex(items);
      for (let k = 0; k < 60; k++) {
        const x = 119.95 + rand() * 0.6, y = 29.95 + rand() * 0.6, s = rand() * 0.1;
        const q: BBox = [x, y, x + s, y + s * rand()];
        expect(index.search(q).sort()).toEqual(brute(items, q).sort());
      }
    }
  });

  it('counts boxes that only touch the query edge and works with other node sizes', () => {
    const items = [
      { id: 'touch', bbox: [1, 1, 2, 2] as BBox },
      { id: 'point', bbox: [3, 3, 3, 3] as BBox },
      { id: 'away', bbox: [5, 5, 6, 6] as BBox },
    ];
    const index = new BBoxIndex(items, { nodeSize: 2 });
    expect(index.search([2, 2, 3, 3]).sort()).toEqual(['point', 'touch']);
    expect(index.search([4, 4, 4.5, 4.5])).toEqual([]);
  });

  it('stops at the limit with results that all intersect the query', () => {
    const items = randomItems(3000, seeded(5));
    const index = new BBoxIndex(items);
    const q: BBox = [120, 30, 120.5, 30.5];
    const all = new Set(brute(items, q));
    const some = index.search(q, 100);
    expect(some).toHaveLength(100);
    expect(some.every((id) => all.has(id))).toBe(true);
  });

  it('names the item with a bad bbox', () => {
    const bad = [{ id: 'a', bbox: [0, 0, 1, 1] as BBox }, { id: 'b', bbox: [2, 0, 1, 1] as BBox }];
    expect(() => new BBoxIndex(bad)).toThrow(GeometryError);
    expect(() => new BBoxIndex(bad)).toThrow(/items #1 \("b"\)/);
    expect(() => new BBoxIndex([]).search([0, 0, NaN, 1])).toThrow(/query bbox/);
  });
});
