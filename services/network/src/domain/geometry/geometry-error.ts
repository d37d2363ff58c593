import { InvalidInputError } from '@mainline/common/domain';

/** Where a bad value sits: which list, which item (0-based index and id), which vertex. */
export interface GeometryLocation {
  list: string;
  index?: number;
  id?: string;
  vertex?: number;
}

/**
 * Bad input to a geometry function (code INVALID_INPUT). The message is Chinese first, then
 * English, and names the place, e.g. `pipes #3 ("P12") vertex 2: 坐标无效 / invalid coordinate [NaN, 30]`.
 */
export class GeometryError extends InvalidInputError {
  readonly problem: string;
  readonly where: GeometryLocation | undefined;

  constructor(zh: string, en: string, where?: GeometryLocation) {
    const place = where ? prefix(where) : '';
    super(`${place}${zh} / ${en}`, { ...(where ?? {}), problem: en });
    this.problem = en;
    this.where = where;
  }
}

function prefix(w: GeometryLocation): string {
  let s = w.list;
  if (w.index !== undefined) s += ` #${w.index}`;
  if (w.id !== undefined) s += ` ("${w.id}")`;
  if (w.vertex !== undefined) s += ` vertex ${w.vertex}`;
  return s + ': ';
}

/** Throws unless `c` is a finite WGS84 [lon, lat] pair. */
export function checkLonLat(c: unknown, where: GeometryLocation): asserts c is [number, number] {
  const ok =
    Array.isArray(c) &&
    c.length >= 2 &&
    Number.isFinite(c[0]) &&
    Number.isFinite(c[1]) &&
    Math.abs(c[0]) <= 180 &&
    Math.abs(c[1]) <= 90;
  if (!ok) {
    throw new GeometryError('坐标无效，应为 WGS84 经纬度 [经度, 纬度]', `invalid coordinate ${safeJson(c)}, expected WGS84 [lon, lat]`, where);
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
