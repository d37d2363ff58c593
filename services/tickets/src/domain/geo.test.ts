import { areaBBox, pointInArea } from './geo';

const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const area = {
  type: 'Feature' as const,
  properties: {},
  geometry: { type: 'Polygon' as const, coordinates: [square(116.0, 39.0, 116.1, 39.1), square(116.04, 39.04, 116.06, 39.06)] },
};

describe('pointInArea', () => {
  it('is inside the outer ring and outside holes', () => {
    expect(pointInArea({ lon: 116.02, lat: 39.02 }, area)).toBe(true);
    expect(pointInArea({ lon: 116.05, lat: 39.05 }, area)).toBe(false); // in the hole
    expect(pointInArea({ lon: 116.2, lat: 39.02 }, area)).toBe(false);
  });
  it('handles MultiPolygon and an empty area', () => {
    const multi = { type: 'MultiPolygon' as const, coordinates: [[square(0, 0, 1, 1)], [[...square(2, 2, 3, 3)]]] };
    expect(pointInArea({ lon: 2.5, lat: 2.5 }, multi)).toBe(true);
    expect(pointInArea({ lon: 1.5, lat: 1.5 }, multi)).toBe(false);
    expect(pointInArea({ lon: 0, lat: 0 }, null)).toBe(false);
  });
  it('bounding box of the outer rings', () => {
    expect(areaBBox(area)).toEqual({ minLon: 116.0, minLat: 39.0, maxLon: 116.1, maxLat: 39.1 });
    expect(areaBBox(null)).toBeNull();
  });
});
