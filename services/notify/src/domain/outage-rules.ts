// Who hears of an outage beyond the public and how early, per utility kind: docs/domain.md "Outages",
// "Heating utility", "Gas utility", "One desk, several utilities", and issue 11's "≥ 5,000 phone list".
// Each rule is a small pure function so its test can carry the rule's name.
import { DEFAULT_UTILITY, invalidInput, isUtilityKind, type OutageSnapshot, type OutageSource, type UtilityKind } from '@mainline/common/domain';

export type { OutageSource };
import type { NotifyConfig } from './config';
import { heatingSeasonOverlapping } from './heating-season';
import type { NoticeWording } from './wording';

/** Announced ahead (planned works) or at once (emergencies: a burst, a sudden loss of power or water). */
export type NoticeTiming = 'PLANNED' | 'EMERGENCY';
/** Outage kinds notify understands; a pressure reduction (降压) is either, flagged `pressureReduction` in the event. */
export const NOTIFY_OUTAGE_KINDS = ['PLANNED', 'EMERGENCY'] as const;
const SOURCES: readonly OutageSource[] = ['NETWORK', 'PLANT'];

/** What the event says about the outage, with the contract's defaults for events written before the field existed. */
export interface OutageFacts {
  utility: UtilityKind;
  timing: NoticeTiming;
  pressureReduction: boolean;
  source: OutageSource;
  wording: NoticeWording;
}

/** Reads (and checks) the utility kind, timing and source of an outage; INVALID_INPUT names the bad field. */
export function outageFacts(o: OutageSnapshot): OutageFacts {
  const raw = o as OutageSnapshot & { source?: unknown; pressureReduction?: unknown };
  const utility = raw.utility ?? DEFAULT_UTILITY;
  if (!isUtilityKind(utility)) throw invalidInput(`outage.utility must be WATER, HEAT or GAS, got ${JSON.stringify(raw.utility)}`, { field: 'outage.utility' });
  const kind = raw.kind as string;
  if (!(NOTIFY_OUTAGE_KINDS as readonly string[]).includes(kind)) {
    throw invalidInput(`event.outage.kind must be ${NOTIFY_OUTAGE_KINDS.join(', ')}, got ${JSON.stringify(raw.kind)}`, { field: 'outage.kind' });
  }
  const source = raw.source ?? 'NETWORK';
  if (!(SOURCES as readonly unknown[]).includes(source)) throw invalidInput(`outage.source must be NETWORK or PLANT, got ${JSON.stringify(raw.source)}`, { field: 'outage.source' });
  const pressureReduction = raw.pressureReduction === true;
  return {
    utility,
    timing: kind === 'EMERGENCY' ? 'EMERGENCY' : 'PLANNED',
    pressureReduction,
    source: source as OutageSource,
    wording: { utility, pressureReduction },
  };
}

/** Hours ahead of the start the public and important users must be told; null: at once (no lead time). */
export interface LeadTimeRule {
  publicHours: number | null;
  importantHours: number | null;
}

/**
 * Lead times per kind: water 24 h for the public and important users; heat 24 h for planned stops and none for
 * sudden power or water loss or a burst; gas as configured (24 h by default). Emergencies of every kind: at once.
 */
export function leadTimeRule(f: Pick<OutageFacts, 'utility' | 'timing'>, cfg: Pick<NotifyConfig, 'utilities'>): LeadTimeRule {
  if (f.timing === 'EMERGENCY') return { publicHours: null, importantHours: null };
  const u = cfg.utilities[f.utility];
  return { publicHours: u.publicLeadHours, importantHours: u.importantLeadHours };
}

/**
 * "About 5,000 or more" (达到5000人以上): the network's requiresRegulatorApproval (population above its threshold), or
 * the population reaching that same threshold less the configured margin. Notify keeps no threshold of its own.
 */
export function isLargeOutage(o: Pick<OutageSnapshot, 'requiresRegulatorApproval' | 'population' | 'threshold'>, cfg: Pick<NotifyConfig, 'largeOutageMargin'>): boolean {
  if (o.requiresRegulatorApproval) return true;
  if (!Number.isFinite(o.threshold) || o.threshold <= 0) return false;
  return o.population >= o.threshold * (1 - cfg.largeOutageMargin);
}

export type PhoneListReason = 'LARGE' | 'IMPORTANT_USER' | 'MAIN_ROAD';

/**
 * Why the call center must phone the production department and the duty leadership, planned or emergency alike:
 * a large outage, an important (large) user affected, works on a main road. Empty: no call.
 */
export function phoneListReasons(o: OutageSnapshot, cfg: Pick<NotifyConfig, 'largeOutageMargin' | 'phoneListImportantKinds'>): PhoneListReason[] {
  const out: PhoneListReason[] = [];
  if (isLargeOutage(o, cfg)) out.push('LARGE');
  const kinds = cfg.phoneListImportantKinds;
  if (o.importantUsers.some((u) => kinds === '*' || kinds.includes(u.kind))) out.push('IMPORTANT_USER');
  if (o.onMainRoad) out.push('MAIN_ROAD');
  return out;
}

export type AuthorityReason = 'LARGE' | 'PLANT' | 'HEATING_SEASON';

/**
 * Why the kind's authority must be told (water: the city administration bureau; heat: the heating authority; gas:
 * the gas authority): a large outage as its rule says (water: emergencies, planned ones were approved first), a
 * plant or source outage whatever its size, a stop overlapping the heating season. Empty: not told.
 */
export function authorityReasons(o: OutageSnapshot, f: OutageFacts, cfg: NotifyConfig): AuthorityReason[] {
  const a = cfg.utilities[f.utility].authority;
  const out: AuthorityReason[] = [];
  if (isLargeOutage(o, cfg) && (a.large === 'ALL' || (a.large === 'EMERGENCY' && f.timing === 'EMERGENCY'))) out.push('LARGE');
  if (a.plantSource && f.source === 'PLANT') out.push('PLANT');
  if (a.inHeatingSeason && inHeatingSeason(o, cfg)) out.push('HEATING_SEASON');
  return out;
}

/** The outage window overlaps a heating season: the one received from the tickets service, or the default. */
export function inHeatingSeason(o: Pick<OutageSnapshot, 'startsAt' | 'endsAt'>, cfg: Pick<NotifyConfig, 'heatingSeasons' | 'defaultHeatingSeason' | 'timeZone'>): boolean {
  return heatingSeasonOverlapping({ startsAt: new Date(o.startsAt), endsAt: new Date(o.endsAt) }, cfg.heatingSeasons, cfg.defaultHeatingSeason, cfg.timeZone) !== null;
}

/**
 * Posters on site and the local news site: a planned outage once the bureau approved it (the approval rule is the
 * network's requiresRegulatorApproval); an emergency always (or only large ones, as configured).
 */
export function getsPostersAndMedia(o: OutageSnapshot, f: OutageFacts, cfg: Pick<NotifyConfig, 'emergencyPublicity' | 'largeOutageMargin'>): boolean {
  if (f.timing === 'PLANNED') return o.requiresRegulatorApproval;
  return cfg.emergencyPublicity === 'ALL' || isLargeOutage(o, cfg);
}
