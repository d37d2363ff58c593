import { DEFAULT_CALLBACK_CONFIG } from './callback';
import { WorkingCalendar } from './calendar';
import { DEFAULT_SLA_TARGETS } from './defaults';
import { Category } from './enums';
import { followUps, FollowUpOrder } from './follow-ups';

const NOW = new Date('2026-03-02T04:00:00Z');
const calendar = new WorkingCalendar();
const settings = { statusSms: true, callback: { ...DEFAULT_CALLBACK_CONFIG, phoneShare: 0 }, targets: DEFAULT_SLA_TARGETS, calendar };
const order = (o: Partial<FollowUpOrder> = {}): FollowUpOrder => ({
  id: '00000000-0000-4000-8000-000000000001', number: 'WO-1', category: Category.LEAK, onSiteDueAt: new Date('2026-03-02T01:40:00Z'),
  resolveDueAt: null, callbackDueAt: new Date('2026-03-05T04:00:00Z'), revisitResolvedAt: null, ...o,
});

describe('followUps', () => {
  it('accepted: a status SMS with the expected on-site time, only when the category has status SMS', () => {
    const f = followUps(order(), 'ACCEPT', false, NOW, settings);
    expect(f).toEqual({ sms: [{ purpose: 'STATUS_ACCEPTED', text: expect.objectContaining({ zh: expect.stringContaining('预计到场时间 03/02 09:40') }) }], tasks: [] });
    expect(followUps(order(), 'ACCEPT', false, NOW, { ...settings, statusSms: false })).toEqual({ sms: [], tasks: [] });
  });

  it('resolved: status SMS, an SMS survey and its callback task due by the callback deadline', () => {
    const f = followUps(order(), 'RESOLVE', false, NOW, settings);
    expect(f.sms.map((m) => [m.purpose, m.survey ?? false])).toEqual([['STATUS_RESOLVED', false], ['SURVEY', true]]);
    expect(f.callbackMethod).toBe('SMS');
    expect(f.tasks).toEqual([{ method: 'SMS', reason: 'AFTER_SERVICE', dueAt: order().callbackDueAt }]);
  });

  it('a complaint is called back by phone: no survey SMS', () => {
    const f = followUps(order({ category: Category.COMPLAINT }), 'RESOLVE', false, NOW, { ...settings, statusSms: false });
    expect(f).toEqual({ sms: [], callbackMethod: 'PHONE', tasks: [{ method: 'PHONE', reason: 'AFTER_SERVICE', dueAt: order().callbackDueAt }] });
  });

  it('after a revisit the callback target runs from this resolution', () => {
    const f = followUps(order({ revisitResolvedAt: NOW }), 'RESOLVE', false, NOW, settings);
    expect(f.tasks).toEqual([{ method: 'SMS', reason: 'AFTER_REVISIT', dueAt: new Date(NOW.getTime() + 3 * 24 * 3_600_000) }]);
  });

  it('new-connection jobs are sampled monthly: no callback at settlement', () => {
    expect(followUps(order({ category: Category.NEW_CONNECTION }), 'RESOLVE', false, NOW, { ...settings, statusSms: false })).toEqual({ sms: [], tasks: [] });
  });

  it('WORKS_QUALITY is an after-service order: called back at completion (SMS survey or phone)', () => {
    const f = followUps(order({ category: Category.WORKS_QUALITY }), 'RESOLVE', false, NOW, { ...settings, statusSms: false });
    expect(f).toEqual({ sms: [{ purpose: 'SURVEY', text: expect.anything(), survey: true }], callbackMethod: 'SMS', tasks: [{ method: 'SMS', reason: 'AFTER_SERVICE', dueAt: order().callbackDueAt }] });
  });

  it('an unsatisfied SMS answer becomes a phone callback task', () => {
    expect(followUps(order(), 'SURVEY_REPLY', true, NOW, settings).tasks).toEqual([{ method: 'PHONE', reason: 'UNSATISFIED_SURVEY', dueAt: order().callbackDueAt }]);
  });
});
