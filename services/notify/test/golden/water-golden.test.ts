// Water notices did not change when heat and gas got their own wording: every Kafka message composed for the
// captured water stories (water-notices.json, from the composer before utility kinds) comes out byte for byte
// again. Issue 11's phone-list rules add audiences to some stories; those additions are listed here by name and
// tested in compose.test.ts, and nothing else is new.
import { DEFAULT_TEMPLATES, notifyConfig, planNotices, toKafkaMessage } from '../../src/domain';
import golden from './water-notices.json';
import { GOLDEN_CFG, WATER_SCENARIOS } from './water-scenarios';

interface GoldenMessage { sendAt: string; key: string; value: string; headers: Record<string, string> }
interface GoldenStory { blocked: unknown; warnings: Array<{ code: string; message: string }>; cancelKeys: string[]; messages: GoldenMessage[] }

const cfg = notifyConfig(GOLDEN_CFG);
const stories = golden.scenarios as Record<string, GoldenStory>;

/** What issue 11 adds to a story (audience/channel of the new notices); everything captured must still be there. */
const ADDED: Record<string, string[]> = {
  // An important user is affected: production and the duty leadership are on the phone list, planned or not.
  'planned small outage announced': ['INTERNAL/PHONE_LIST'],
  // Emergencies get site posters and the media notice; important users put them on the phone list.
  'small emergency started': ['INTERNAL/PHONE_LIST', 'PUBLIC/NEWS_SITE', 'SITE_POSTER/PRINT'],
  'big emergency started': ['INTERNAL/PHONE_LIST', 'PUBLIC/NEWS_SITE', 'SITE_POSTER/PRINT'],
};

describe('water notices are byte for byte what they were', () => {
  it('replays every captured story', () => {
    expect(WATER_SCENARIOS.map((s) => s.name).sort()).toEqual(Object.keys(stories).sort());
  });

  for (const s of WATER_SCENARIOS) {
    it(s.name, () => {
      const was = stories[s.name];
      const plan = planNotices(s.event, cfg, new Date(s.now), s.history?.(cfg));
      const now = plan.drafts.map((d) => ({ sendAt: d.sendAt, ...toKafkaMessage(d, cfg) }));
      const byId = new Map(now.map((m) => [m.headers.ce_id, m]));
      for (const m of was.messages) expect(byId.get(m.headers.ce_id)).toEqual(m);
      const added = now.filter((m) => !was.messages.some((w) => w.headers.ce_id === m.headers.ce_id));
      const audience = (m: GoldenMessage) => { const d = JSON.parse(m.value); return `${d.audience}/${d.channel}`; };
      expect([...new Set(added.map(audience))].sort()).toEqual(ADDED[s.name] ?? []);
      expect(plan.blocked).toEqual(was.blocked);
      expect(plan.warnings).toEqual(was.warnings);
      expect(plan.cancelKeys).toEqual(was.cancelKeys);
    });
  }

  it('keeps water templates under their keys, the authority and its handling line now filled from configuration', () => {
    const fill = (text: string, en: boolean) =>
      text.replace(/\{\{authorityName\}\}/g, en ? 'city administration bureau' : '城市管理局')
        .replace(/\{\{handlingNote\}\}/g, en ? 'crews are working and we will report further.' : '已组织处置，后续情况将及时报告。');
    const was = golden.templates as Record<string, { title: string; body: string }>;
    expect(Object.keys(DEFAULT_TEMPLATES).sort()).toEqual(Object.keys(was).sort());
    for (const [key, t] of Object.entries(DEFAULT_TEMPLATES)) {
      const en = key.endsWith(':en');
      expect({ key, title: fill(t.title, en), body: fill(t.body, en) }).toEqual({ key, ...was[key] });
    }
  });
});
