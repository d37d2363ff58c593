// Water outage stories whose notices were captured byte for byte (water-notices.json) from the composer as it was
// before heat and gas got their own wording (commit a374996). water-golden.test.ts replays them on today's composer.
import { planNotices, type NotifyConfig, type NotifyConfigInput, type PriorNotice } from '../../src/domain';
import type { OutageEvent, OutageSnapshot } from '@mainline/common/domain';
import { event } from '../fixtures';

// Captured with `regulatorContacts` (water's bureau, before utility kinds): the same contacts, now water's authority's.
export const GOLDEN_CFG: NotifyConfigInput = {
  internalContacts: [{ id: 'prod', name: '生产调度部', phone: '0871-6100001' }, { id: 'duty', name: '值班领导', phone: '13900000001' }],
  utilities: { WATER: { authority: { contacts: [{ id: 'bureau', name: '市城市管理局供水处', phone: '0871-6200001' }] } } },
};

export interface WaterScenario {
  name: string;
  event: OutageEvent;
  now: string;
  /** What was composed before (the announcement, sent; its reminders still pending). */
  history?: (cfg: NotifyConfig) => PriorNotice[];
}

const H = 3_600_000;
const NOW = '2026-11-24T00:00:00.000Z';
const phones = Array.from({ length: 3 }, (_, i) => ({ id: `sp-${i}`, phone: `1390000000${i}` }));
const small = (over: Partial<OutageSnapshot> = {}): Partial<OutageSnapshot> => ({ servicePointPhones: phones, ...over });
const emergencyAt = (now: string, over: Partial<OutageSnapshot>): Partial<OutageSnapshot> =>
  small({ kind: 'EMERGENCY', regulatorApproval: null, startsAt: now, endsAt: new Date(new Date(now).getTime() + 5 * H).toISOString(), ...over });

function announcedHistory(cfg: NotifyConfig): PriorNotice[] {
  return planNotices(event('outage.announced', small()), cfg, new Date(NOW)).drafts.map((d) => ({
    noticeKey: d.noticeKey, kind: d.kind, audience: d.audience, channel: d.channel, locale: d.locale, recipients: d.recipients, sendAt: d.sendAt,
    state: d.kind === 'OUTAGE' ? 'SENT' : 'PENDING',
  }));
}

const moved = { startsAt: '2026-11-28T00:00:00.000Z', endsAt: '2026-11-28T08:00:00.000Z', previousStartsAt: '2026-11-27T00:00:00.000Z', previousEndsAt: '2026-11-27T06:00:00.000Z' };

export const WATER_SCENARIOS: WaterScenario[] = [
  { name: 'planned big outage announced', event: event('outage.announced', small()), now: NOW },
  { name: 'planned big outage announced 10 h ahead', event: event('outage.announced', small()), now: '2026-11-26T14:00:00.000Z' },
  { name: 'planned small outage announced', event: event('outage.announced', small({ population: 1800, requiresRegulatorApproval: false, regulatorApproval: null, onMainRoad: false })), now: NOW },
  { name: 'planned big outage not yet approved', event: event('outage.announced', small({ regulatorApproval: null })), now: NOW },
  { name: 'planned big outage rescheduled', event: event('outage.rescheduled', small(moved)), now: '2026-11-25T00:00:00.000Z', history: announcedHistory },
  { name: 'planned big outage restored', event: event('outage.restored', small(), '2026-11-27T05:30:00.000Z'), now: '2026-11-27T05:30:00.000Z', history: announcedHistory },
  { name: 'planned big outage cancelled', event: event('outage.cancelled', small(), '2026-11-25T00:00:00.000Z'), now: '2026-11-25T00:00:00.000Z', history: announcedHistory },
  { name: 'small emergency started', event: event('outage.started', emergencyAt(NOW, { population: 1200, requiresRegulatorApproval: false, onMainRoad: false })), now: NOW },
  { name: 'big emergency started', event: event('outage.started', emergencyAt(NOW, { population: 9000 })), now: NOW },
];
