// What must hold before an outage is told to the public (docs/domain.md "Outages"). Expected outcomes are
// data (a list of blockers); the service turns a non-empty list into one SLA_RULE error.
import type { OutageKind } from './lifecycle';

export interface AnnounceRulesConfig {
  /** docs/domain.md: planned outages are announced at least 24 h ahead. */
  announceLeadHours: number;
}

export interface AnnounceFacts {
  kind: OutageKind;
  startsAt: Date;
  /** Affected persons and the rule as the analysis applied it (population above the threshold). */
  population: number;
  threshold: number;
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
    out.push({
      rule: 'REGULATOR_APPROVAL_MISSING',
      message:
        `需先取得城市管理局审批：受影响人口 ${f.population} 人，超过 ${f.threshold} 人 / ` +
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
