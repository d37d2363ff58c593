// A freshly migrated database starts with the defaults of docs/domain.md. The old migrations carry those
// defaults as literal values (frozen); when `domain/defaults.ts` changes, a new migration must follow —
// this test says so.
import { DEFAULT_COMPENSATION_RULES, DEFAULT_ROUTING, DEFAULT_SLA_TARGETS } from '../src/domain';
import { SettingsRepository } from '../src/repositories/settings.repository';
import { startHarness } from './support/int-harness';

describe('settings seeded by the migrations', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let repo: SettingsRepository;
  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_seeded', '2026-03-02T09:00:00+08:00');
    repo = new SettingsRepository(h.ds);
  });
  afterAll(async () => h?.stop());

  it('routing, SLA targets and compensation rules equal the domain defaults', async () => {
    const routing = await repo.routing();
    expect(Object.fromEntries(routing.map((r) => [r.category, r.department]))).toEqual(DEFAULT_ROUTING);
    expect(routing.every((r) => r.statusSms)).toBe(true);
    expect(await repo.slaTargets()).toEqual(DEFAULT_SLA_TARGETS);
    expect(await repo.compensationRules()).toEqual([...DEFAULT_COMPENSATION_RULES].sort((a, b) => a.id.localeCompare(b.id)));
  });
});
