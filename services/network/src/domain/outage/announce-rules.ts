// What must hold before an outage is told to the public (docs/domain.md "Outages"). Expected outcomes are
// data (a list of blockers); the service turns a non-empty list into one SLA_RULE error.
import type { OutageKind, OutageSource } from './lifecycle';

export interface AnnounceRulesConfig {
  /** docs/domain.md: planned outages are announced at least 24 h ahead. */
  announceLeadHours: number;
}

export interface AnnounceFacts {
  kind: OutageKind;
  /** NETWORK when absent. */
  source?: OutageSource;
  startsAt: Date;
  /** Affected persons and the rule as the analysis applied it (population above the threshold). */
  population: number;
  threshold: number;
  /** The outage's rule (outageRequiresRegulator): population above the threshold, or a plant outage. */
  requiresRegulatorApproval: boolean;
  hasRegulatorApproval: boolean;
  hasLeadTimeOverride: boolean;
}

export type AnnounceBlockerRule = 'REGULATOR_APPROVAL_MISSING' | 'LEAD_TIME_TOO_SHORT';

export interface AnnounceBlocker {
  rule: AnnounceBlockerRule;
  message: string;
}

/** Hours from `now` to `startsAt` (negative once started). */
export function leadHours(startsAt: Date, now: Date): number {
  return (startsAt.getTime() - now.getTime()) / 3_600_000;
}

/**
 * The bureau's rule for one outage, decided here once: more affected persons than the threshold (the impact's
 * population rule), or an outage of a treatment plant or booster station whatever its size (issue 11). A
 * planned one needs the approval before it is announced; an emergency is reported to the bureau.
 */
export function outageRequiresRegulator(source: OutageSource | undefined, aboveThreshold: boolean): boolean {
  return source === 'PLANT' || aboveThreshold;
}

/** Planned outages above the threshold need the city administration bureau's approval first; emergencies do not. */
function needsRegulatorApproval(kind: OutageKind, requiresRegulatorApproval: boolean): boolean {
  return kind === 'PLANNED' && requiresRegulatorApproval;
}

/** Planned outages announced with less than the lead time need a supervisor's override. */
export function leadTimeTooShort(kind: OutageKind, startsAt: Date, now: Date, cfg: AnnounceRulesConfig): boolean {
  return kind === 'PLANNED' && leadHours(startsAt, now) < cfg.announceLeadHours;
}

export function announceBlockers(f: AnnounceFacts, now: Date, cfg: AnnounceRulesConfig): AnnounceBlocker[] {
  const out: AnnounceBlocker[] = [];
  if (needsRegulatorApproval(f.kind, f.requiresRegulatorApproval) && !f.hasRegulatorApproval) {
    const aboveThreshold = f.population > f.threshold;
    out.push({
      rule: 'REGULATOR_APPROVAL_MISSING',
      message: f.source === 'PLANT' && !aboveThreshold
        ? `需先取得城市管理局审批：水厂、加压站停水不论人数均须报批 / ` +
          `regulator approval missing: a treatment plant or booster station outage needs the bureau's approval whatever its size ` +
          `(${f.population} persons affected); record the city administration bureau's approval (recordRegulatorApproval) before announcing`
        : `需先取得城市管理局审批：受影响人口 ${f.population} 人，超过 ${f.threshold} 人 / ` +
          `regulator approval missing: ${f.population} persons affected is above the threshold of ${f.threshold}; ` +
          `record the city administration bureau's approval (recordRegulatorApproval) before announcing`,
    });
  }
  if (leadTimeTooShort(f.kind, f.startsAt, now, cfg) && !f.hasLeadTimeOverride) {
    const h = Math.max(0, leadHours(f.startsAt, now));
    out.push({
      rule: 'LEAD_TIME_TOO_SHORT',
      message:
        `计划停水须提前 ${cfg.announceLeadHours} 小时公告 / ` +
        `a planned outage must be announced at least ${cfg.announceLeadHours} h before it starts; ` +
        `only ${h.toFixed(1)} h remain: a supervisor's lead-time override with a reason (overrideLeadTime) is needed`,
    });
  }
  return out;
}
