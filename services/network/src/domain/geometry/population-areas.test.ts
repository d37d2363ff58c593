import type { Feature, Polygon } from 'geojson';
import type { LonLat, PopulationArea } from '../model';
import { GeometryError } from './geometry-error';
import { outageArea } from './outage-area';
import { affectedAreaNames, populationFromAreas, roundHalfEven } from './population-areas';
import { GRID_ORIGIN, offset } from '../../../test/fixtures/street-grid';

/** Square of `sizeM` metres with its south-west corner `east`, `north` metres from the origin. */
function square(east: number, north: number, sizeM: number): Polygon {
  const sw = offset(GRID_ORIGIN, east, north);
  const ring: LonLat[] = [sw, offset(sw, sizeM, 0), offset(sw, sizeM, sizeM), offset(sw, 0, sizeM), sw];
  return { type: 'Polygon', coordinates: [ring] };
}

const outage: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: square(0, 0, 200) };

describe('populationFromAreas', () => {
  it('weights each census area by the share of its surface inside the outage', () => {
    const areas: PopulationArea[] = [
      { id: 'A', name: '西湖街道', population: 1000, geometry: square(100, 0, 200) }, // half inside
      { id: 'B', name: '湖滨社区', population: 300, geometry: square(50, 50, 100) }, // all inside
      { id: 'C', name: '远处社区', population: 5000, geometry: square(1000, 1000, 100) }, // far away
    ];
    const r = populationFromAreas(outage, areas);
    expect(r.parts.map((p) => p.id)).toEqual(['B', 'A']);
    expect(r.parts[0].share).toBeCloseTo(1, 3);
    expect(r.parts[1].share).toBeCloseTo(0.5, 2);
    expect(r.parts[1].persons).toBeCloseTo(500, 0);
    expect(r.population).toBe(800);
  });

  it('adds up the overlap of every piece of a MultiPolygon outage', () => {
    const two = { type: 'MultiPolygon' as const, coordinates: [square(0, 0, 100).coordinates, square(300, 0, 100).coordinates] };
    const areas: PopulationArea[] = [{ id: 'S', name: '长街', population: 400, geometry: square(0, 0, 400) }];
    // Two 100 m squares of a 400 m square: 2/16 of its surface.
    const r = populationFromAreas(two, areas);
    expect(r.parts[0].share).toBeCloseTo(2 / 16, 2);
    expect(r.population).toBe(50);
  });

  it('rounds the total half to even only once, at the end', () => {
    expect([0.5, 1.5, 2.5, 2.4999, 2.5001, 3.5].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 4]);
    const areas: PopulationArea[] = [
      { id: 'A', population: 3, geometry: square(100, 0, 200) }, // 1.5 persons
      { id: 'B', population: 3, geometry: square(-100, 0, 200) }, // 1.5 persons
    ];
    // Rounding each part first would give 2 + 2 = 4; the sum 3.0 stays 3.
    expect(populationFromAreas(outage, areas).population).toBe(3);
  });

  it('works on the output of outageArea', () => {
    const pipe = { id: 'P', coords: [offset(GRID_ORIGIN, 0, 500), offset(GRID_ORIGIN, 400, 500)] as LonLat[] };
    const f = outageArea({ pipes: [pipe] })!;
    const areas: PopulationArea[] = [
      { id: 'N', name: '北区', population: 1000, geometry: square(0, 500, 400) },
      { id: 'S', name: '南区', population: 1000, geometry: square(0, 70, 400) }, // north edge 30 m short of the pipe
    ];
    const r = populationFromAreas(f, areas);
    // The pipe runs along the south edge of N: about 50 m of its 400 m depth is inside; of S about 20 m.
    expect(r.parts.map((p) => p.id)).toEqual(['N', 'S']);
    expect(r.parts[0].share).toBeGreaterThan(0.11);
    expect(r.parts[0].share).toBeLessThan(0.14);
    expect(affectedAreaNames(f, areas)).toEqual(['北区', '南区']);
    expect(r.parts[1].share).toBeGreaterThan(0.04);
    expect(r.parts[1].share).toBeLessThan(0.06);
    expect(affectedAreaNames(f, areas, { minShare: 0.1 })).toEqual(['北区']);
    expect(affectedAreaNames(f, areas, { minShare: 0.2 })).toEqual([]);
  });
});

describe('affectedAreaNames', () => {
  it('lists each name once, largest share first, skipping unnamed and untouched areas', () => {
    const areas: PopulationArea[] = [
      { id: '1', name: '解放路', population: 10, geometry: square(150, 0, 100) }, // half
      { id: '2', name: '延安路', population: 10, geometry: square(20, 20, 50) }, // all
      { id: '3', name: '解放路', population: 10, geometry: square(180, 0, 100) }, // 20 %
      { id: '4', name: null, population: 10, geometry: square(0, 0, 50) },
      { id: '5', name: '城外路', population: 10, geometry: square(900, 900, 50) },
    ];
    expect(affectedAreaNames(outage, areas)).toEqual(['延安路', '解放路']);
  });

  it('names the census area with bad geometry or population', () => {
    const bad: PopulationArea[] = [
      { id: 'ok', population: 1, geometry: square(0, 0, 10) },
      { id: 'X9', population: -5, geometry: square(0, 0, 10) },
    ];
    expect(() => populationFromAreas(outage, bad)).toThrow(GeometryError);
    expect(() => populationFromAreas(outage, bad)).toThrow(/areas #1 \("X9"\)/);
    const noGeom = [{ id: 'G', population: 1, geometry: { type: 'Point', coordinates: [0, 0] } }] as unknown as PopulationArea[];
    expect(() => affectedAreaNames(outage, noGeom)).toThrow(/Polygon or MultiPolygon/);
  });
});
