// Test fixtures shared by the domain tests (not exported from index.ts).
import type { OutageEvent, OutageSnapshot } from '@mainline/common/domain';

export function outage(over: Partial<OutageSnapshot> = {}): OutageSnapshot {
  return {
    id: 'out-42',
    number: 'TS-2026-0042',
    kind: 'PLANNED',
    status: 'ANNOUNCED',
    reason: 'DN300供水管道改造',
    // 08:00–14:00 Beijing time
    startsAt: '2026-11-27T00:00:00.000Z',
    endsAt: '2026-11-27T06:00:00.000Z',
    onMainRoad: true,
    population: 8000,
    requiresRegulatorApproval: true,
    threshold: 5000,
    regulatorApproval: { approvalNumber: '云城管审〔2026〕118号', approvedAt: '2026-11-20T02:00:00.000Z', documentUrl: 'https://example.cn/approvals/118.pdf' },
    area: { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[102.7, 25.0], [102.71, 25.0], [102.71, 25.01], [102.7, 25.0]]] }, properties: { name: '幸福路片区' } },
    areaNames: ['幸福路', '和平街', '建设路'],
    importantUsers: [
      { id: 'iu-1', name: '市第一人民医院', kind: 'HOSPITAL', phone: '0871-6000001' },
      { id: 'iu-2', name: '幸福路小学', kind: 'SCHOOL', phone: '13800000002' },
    ],
    servicePointPhones: Array.from({ length: 2500 }, (_, i) => ({ id: `sp-${String(i).padStart(5, '0')}`, phone: `139${String(i).padStart(8, '0')}` })),
    valveCount: 4,
    networkName: '城南管网',
    ...over,
  };
}

export function event(type: OutageEvent['type'], over: Partial<OutageSnapshot> = {}, occurredAt = '2026-11-24T00:00:00.000Z'): OutageEvent {
  return { type, eventId: `evt-${type}`, occurredAt, outage: outage(over) };
}
