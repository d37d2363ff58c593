// The ignition checks after a gas outage (docs/domain.md "Gas utility" and "Outages"): restoring gas is not
// opening valves; staff check ignition household by household, and vulnerable users (elderly, sick,
// disabled), registered for priority service, come first. Pure: which orders, in which order, with what text.
import { Category, ProcessingLevel } from './enums';

/** The restored outage as its event names it. */
export interface RestoredGasOutage {
  id: string;
  /** Public number (TS-…); the id stands in on events without one. */
  number?: string | null;
  networkId?: string | null;
}

/** One household the outage cut off (the event's `affectedServicePoints`). */
export interface AffectedHousehold {
  id: string;
  address?: string | null;
  vulnerability?: string[];
}

/** One ignition-check order to open. */
export interface IgnitionCheck {
  servicePointId: string;
  vulnerable: boolean;
  category: Category;
  description: string;
  address: string | null;
  priority: ProcessingLevel;
  /** The service point on the network (null on events that name no network). */
  asset: { type: 'ServicePoint'; networkId: string; id: string } | null;
}

/** The ignition check is a GAS_SERVICE order ("ignition, unsealing, …": 3 working days from the next day). */
export const IGNITION_CHECK_CATEGORY = Category.GAS_SERVICE;
/**
 * The processing level of a vulnerable user's check (priority service: done within 24 h of the restoration,
 * not the category's 3 working days); the others keep the category's deadline.
 */
export const VULNERABLE_PRIORITY = ProcessingLevel.HOURS_24;
export const DEFAULT_PRIORITY = ProcessingLevel.NORMAL;

const VULNERABILITY_LABELS: Record<string, { zh: string; en: string }> = {
  ELDERLY: { zh: '老人', en: 'elderly' },
  SICK: { zh: '病人', en: 'sick' },
  DISABLED: { zh: '残疾人', en: 'disabled' },
};

/** "点火检查：停气 TS-… 恢复供气后逐户点火 / ignition check after gas outage TS-…", naming the vulnerability when there is one. */
export function ignitionCheckDescription(outage: RestoredGasOutage, vulnerability: readonly string[] = []): string {
  const n = outage.number?.trim() || outage.id;
  const label = (v: string) => VULNERABILITY_LABELS[v] ?? { zh: v, en: v };
  const zh = vulnerability.length ? `（特殊用户：${vulnerability.map((v) => label(v).zh).join('、')}，优先）` : '';
  const en = vulnerability.length ? ` (vulnerable user: ${vulnerability.map((v) => label(v).en).join(', ')}; first)` : '';
  return `点火检查：停气 ${n} 恢复供气后逐户点火${zh} / ignition check after gas outage ${n}${en}`;
}

/**
 * One check per household, each once (a household listed twice keeps every vulnerability it was listed
 * with), vulnerable households first and otherwise in the event's order.
 */
export function planIgnitionChecks(outage: RestoredGasOutage, households: readonly AffectedHousehold[]): IgnitionCheck[] {
  const byId = new Map<string, { address: string | null; vulnerability: string[] }>();
  for (const h of households) {
    const id = h?.id?.trim();
    if (!id) continue;
    const seen = byId.get(id);
    const vulnerability = (h.vulnerability ?? []).filter((v) => typeof v === 'string' && v.trim());
    if (seen) {
      seen.vulnerability = [...new Set([...seen.vulnerability, ...vulnerability])];
      seen.address ??= h.address?.trim() || null;
    } else {
      byId.set(id, { address: h.address?.trim() || null, vulnerability: [...new Set(vulnerability)] });
    }
  }
  const checks = [...byId].map(([id, h]): IgnitionCheck => ({
    servicePointId: id,
    vulnerable: h.vulnerability.length > 0,
    category: IGNITION_CHECK_CATEGORY,
    description: ignitionCheckDescription(outage, h.vulnerability),
    address: h.address,
    priority: h.vulnerability.length ? VULNERABLE_PRIORITY : DEFAULT_PRIORITY,
    asset: outage.networkId ? { type: 'ServicePoint', networkId: outage.networkId, id } : null,
  }));
  // Array.prototype.sort is stable: the event's order holds inside each group.
  return checks.sort((a, b) => Number(b.vulnerable) - Number(a.vulnerable));
}
