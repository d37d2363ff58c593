import { findDuplicateCandidates, haversineM } from './duplicates';
import { Category, WorkOrderStatus } from './enums';

const at = new Date('2025-06-13T10:00:00+08:00');
const here = { lat: 39.9087, lon: 116.3975 };
const min = (m: number) => new Date(at.getTime() - m * 60_000);

describe('findDuplicateCandidates', () => {
  it('haversine: 0.001° of latitude is about 111 m', () => {
    expect(haversineM(here, { lat: here.lat + 0.001, lon: here.lon })).toBeCloseTo(111.2, 0);
  });

  it('keeps related open orders within 200 m and 120 min, nearest first', () => {
    const orders = [
      { id: 'far', category: Category.LEAK, location: { lat: here.lat + 0.002, lon: here.lon }, createdAt: min(10) }, // ~222 m
      { id: 'near-old', category: Category.LEAK, location: { lat: here.lat + 0.0005, lon: here.lon }, createdAt: min(121) },
      { id: 'b', category: Category.LEAK, location: { lat: here.lat + 0.001, lon: here.lon }, createdAt: min(100) },
      { id: 'a', category: Category.BURST, location: { lat: here.lat, lon: here.lon + 0.0005 }, createdAt: min(5) },
      { id: 'other-cat', category: Category.BILLING, location: here, createdAt: min(1) },
      { id: 'closed', category: Category.BURST, location: here, createdAt: min(1), status: WorkOrderStatus.CLOSED },
    ];
    const c = findDuplicateCandidates({ category: Category.BURST, location: here, at }, orders);
    expect(c.map((x) => x.orderId)).toEqual(['a', 'b']);
    expect(c[1].minutesApart).toBe(100);
    expect(c[0].distanceM).toBeGreaterThan(40);
    expect(c[0].distanceM).toBeLessThan(45);
  });

  it('honours options and names a bad location by index', () => {
    const orders = [{ id: 'x', category: Category.NO_WATER, location: { lat: here.lat + 0.002, lon: here.lon }, createdAt: min(10) }];
    expect(findDuplicateCandidates({ category: Category.NO_WATER, location: here, at }, orders)).toEqual([]);
    expect(findDuplicateCandidates({ category: Category.NO_WATER, location: here, at }, orders, { radiusM: 300 })).toHaveLength(1);
    expect(() => findDuplicateCandidates({ category: Category.NO_WATER, location: here, at }, [{ ...orders[0], location: { lat: 200, lon: 0 } }])).toThrow(/openOrders\[0\]/);
  });
});
