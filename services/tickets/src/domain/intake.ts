// Rules of a new report and of the facts each action records: pure, over plain data.
import { InvalidInputError, METRES_PER_DEGREE } from '@mainline/common/domain';
import { WorkOrderStatus as S } from './enums';
import { WorkOrderAction } from './lifecycle';

const ASSET_TYPES = new Set(['Pipe', 'Valve', 'ServicePoint']);
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

export interface ReportIntake {
  description?: string | null;
  location?: { lon: number; lat: number } | null;
  reporter?: { phone?: string | null } | null;
  asset?: { type: string } | null;
}

/** Checks a new report (INVALID_INPUT naming the field); returns the trimmed phone (null when none). */
export function checkReport(input: ReportIntake): { phone: string | null } {
  if (!input.description?.trim()) throw new InvalidInputError('描述必填 / description is required', { field: 'description' });
  const loc = input.location ?? null;
  if (loc && !(Number.isFinite(loc.lon) && Number.isFinite(loc.lat) && Math.abs(loc.lon) <= 180 && Math.abs(loc.lat) <= 90)) {
    throw new InvalidInputError('location 须为 WGS84 经纬度 / location must be WGS84 lon/lat degrees', { field: 'location' });
  }
  const phone = input.reporter?.phone?.trim() || null;
  if (phone && !PHONE.test(phone)) throw new InvalidInputError(`reporter.phone "${phone}" 不是电话号码 / is not a phone number`, { field: 'reporter.phone' });
  if (input.asset && !ASSET_TYPES.has(input.asset.type)) {
    throw new InvalidInputError(`asset.type must be Pipe, Valve or ServicePoint, got "${input.asset.type}"`, { field: 'asset.type' });
  }
  return { phone };
}

/**
 * When the clocks of a new report start (docs/domain.md: crews act first and record afterwards): the
 * given report time, never in the future and at most `maxBackdateMinutes` before `now`; `now` when none is
 * given. `backdated` says whether the order's history must record who set an earlier time.
 */
export function reportTime(reportedAt: Date | null | undefined, now: Date, maxBackdateMinutes: number): { at: Date; backdated: boolean } {
  if (reportedAt === null || reportedAt === undefined) return { at: now, backdated: false };
  if (!(reportedAt instanceof Date) || Number.isNaN(reportedAt.getTime())) {
    throw new InvalidInputError('reportedAt 不是有效时间 / reportedAt is not a valid time', { argument: 'input.reportedAt' });
  }
  if (reportedAt.getTime() > now.getTime()) {
    throw new InvalidInputError(`报告时间不能晚于现在 / input.reportedAt ${reportedAt.toISOString()} is in the future`, { argument: 'input.reportedAt' });
  }
  const earliest = now.getTime() - maxBackdateMinutes * 60_000;
  if (reportedAt.getTime() < earliest) {
    const h = Math.round((maxBackdateMinutes / 60) * 10) / 10;
    throw new InvalidInputError(`报告时间最多可补录 ${h} 小时前 / input.reportedAt may be at most ${h} h before now`, {
      argument: 'input.reportedAt', earliest: new Date(earliest).toISOString(),
    });
  }
  return { at: reportedAt, backdated: reportedAt.getTime() < now.getTime() };
}

/** A box around a point wide enough to hold every point within `radiusM` (a cheap index pre-filter before the exact distance). */
export function boxAround(p: { lon: number; lat: number }, radiusM: number): { minLon: number; maxLon: number; minLat: number; maxLat: number } {
  const dLat = radiusM / METRES_PER_DEGREE;
  const dLon = dLat / Math.max(0.01, Math.cos((p.lat * Math.PI) / 180));
  return { minLon: p.lon - dLon, maxLon: p.lon + dLon, minLat: p.lat - dLat, maxLat: p.lat + dLat };
}

/** The order facts an action's first-time stamps, counters and links change. */
export interface ActionFacts {
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  repliedAt?: Date | null;
  onSiteAt: Date | null;
  resolvedAt: Date | null;
  revisitResolvedAt: Date | null;
  reopenedAt: Date | null;
  reopenCount: number;
  returnCount: number;
  extensionCount: number;
  pausedAt: Date | null;
  closedAt: Date | null;
  calledBackAt: Date | null;
  answeredAt: Date | null;
  callbackSatisfied: boolean | null;
  callbackMethod: 'SMS' | 'PHONE' | null;
  mergedInto: string | null;
  outageId: string | null;
  status: S;
}

/**
 * What `action` (leading to status `to`) records on the order at `now`. First-time facts keep their
 * first time (a re-dispatch keeps the clock; the report judges the first resolution).
 */
export function actionFacts(wo: ActionFacts, action: WorkOrderAction, to: S, now: Date): Partial<ActionFacts> {
  const patch: Partial<ActionFacts> = {};
  switch (action.type) {
    case 'DISPATCH':
      patch.dispatchedAt = wo.dispatchedAt ?? now;
      break;
    case 'ACCEPT':
      patch.acceptedAt = wo.acceptedAt ?? now;
      break;
    case 'ARRIVE':
      patch.onSiteAt = wo.onSiteAt ?? now;
      break;
    case 'REPLY':
      patch.repliedAt = wo.repliedAt ?? now;
      break;
    case 'RESOLVE':
      // A revisit records its own resolution.
      if (wo.resolvedAt && wo.reopenedAt) patch.revisitResolvedAt = now;
      else patch.resolvedAt = wo.resolvedAt ?? now;
      break;
    case 'WAIT_CUSTOMER':
      patch.pausedAt = now;
      break;
    case 'MISS_VISIT':
      patch.pausedAt = wo.pausedAt ?? now; // a second miss while waiting: the pause goes on
      break;
    case 'RESUME':
      patch.pausedAt = null;
      break;
    case 'RETURN':
      patch.returnCount = wo.returnCount + 1;
      break;
    case 'REQUEST_EXTENSION':
      patch.extensionCount = wo.extensionCount + 1;
      break;
    case 'MERGE':
      patch.mergedInto = action.intoOrderId;
      break;
    case 'LINK_OUTAGE':
      patch.outageId = action.outageId;
      break;
    case 'CLOSE':
    case 'CANCEL':
      patch.closedAt = now;
      break;
    case 'ANSWER_AT_ONCE':
      // Answered, not resolved: no service was owed, so no resolve time enters the report's durations.
      patch.answeredAt = now;
      patch.closedAt = now;
      break;
    case 'CALLBACK':
    case 'SURVEY_REPLY':
      patch.calledBackAt = wo.calledBackAt ?? now;
      patch.callbackSatisfied = action.satisfied;
      patch.callbackMethod = action.type === 'CALLBACK' ? action.method : 'SMS';
      break;
  }
  if (to === S.REOPENED && wo.status !== S.REOPENED) {
    // A new revisit: its deadline runs from now (planSla), the previous revisit's resolution no longer counts.
    patch.reopenedAt = now;
    patch.reopenCount = wo.reopenCount + 1;
    patch.revisitResolvedAt = null;
  }
  return patch;
}
