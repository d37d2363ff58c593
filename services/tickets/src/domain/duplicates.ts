import { Category, WorkOrderStatus } from './enums';
import { haversineM as greatCircleM } from '@mainline/common/domain';
import { assertValidDate, invalidInput } from './errors';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface DuplicateOptions {
  radiusM: number;
  /** Reports within this many minutes of each other (either side). */
  windowMin: number;
  /** Categories that describe the same event (a leak reported as a burst); same category always matches. */
  relatedCategories: Category[][];
}

export const DEFAULT_DUPLICATE_OPTIONS: DuplicateOptions = {
  radiusM: 200,
  windowMin: 120,
  relatedCategories: [[Category.BURST, Category.LEAK]],
};

export interface OpenOrder {
  id: string;
  category: Category;
  location: LatLon;
  createdAt: Date;
  status?: WorkOrderStatus;
}

export interface DuplicateCandidate {
  orderId: string;
  distanceM: number;
  minutesApart: number;
}

const CLOSED: readonly WorkOrderStatus[] = [WorkOrderStatus.CLOSED, WorkOrderStatus.MERGED, WorkOrderStatus.CANCELLED];

/** Great-circle distance in metres between two reports (common's one haversine). */
export function haversineM(a: LatLon, b: LatLon): number {
  return greatCircleM(a.lon, a.lat, b.lon, b.lat);
}

function checkLocation(p: LatLon, where: string): void {
  if (!p || !Number.isFinite(p.lat) || !Number.isFinite(p.lon) || Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180) {
    throw invalidInput(`${where}: 坐标无效 / invalid lat/lon (WGS84 degrees expected)`, { where });
  }
}

/** `category` and every category grouped with it: the categories a duplicate of such a report may have. */
export function relatedCategories(category: Category, groups: Category[][]): Set<Category> {
  const related = new Set<Category>([category]);
  for (const group of groups) if (group.includes(category)) group.forEach((c) => related.add(c));
  return related;
}

/** Open orders that may be the same event as a new report: related category, within radius and time window; nearest first. */
export function findDuplicateCandidates(
  newReport: { category: Category; location: LatLon; at: Date },
  openOrders: OpenOrder[],
  options: Partial<DuplicateOptions> = {},
): DuplicateCandidate[] {
  const o = { ...DEFAULT_DUPLICATE_OPTIONS, ...options };
  checkLocation(newReport.location, 'newReport.location');
  assertValidDate(newReport.at, 'newReport.at');
  const related = relatedCategories(newReport.category, o.relatedCategories);
  const out: DuplicateCandidate[] = [];
  openOrders.forEach((order, i) => {
    checkLocation(order.location, `openOrders[${i}].location`);
    assertValidDate(order.createdAt, `openOrders[${i}].createdAt`);
    if (!related.has(order.category) || (order.status && CLOSED.includes(order.status))) return;
    const minutesApart = Math.abs(newReport.at.getTime() - order.createdAt.getTime()) / 60_000;
    if (minutesApart > o.windowMin) return;
    const distanceM = haversineM(newReport.location, order.location);
    if (distanceM <= o.radiusM) out.push({ orderId: order.id, distanceM, minutesApart });
  });
  return out.sort((a, b) => a.distanceM - b.distanceM || a.minutesApart - b.minutesApart);
}
