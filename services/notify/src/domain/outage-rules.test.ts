import type { OutageSnapshot } from '@mainline/common/domain';
import { outage } from '../../test/fixtures';
import { notifyConfig } from './config';
import { authorityReasons, getsPostersAndMedia, isLargeOutage, leadTimeRule, outageFacts, phoneListReasons } from './outage-rules';

const cfg = notifyConfig();
/** A small outage on a side street with nobody important in it. */
const quiet = (over: Partial<OutageSnapshot> = {}) =>
  outage({ population: 800, requiresRegulatorApproval: false, regulatorApproval: null, onMainRoad: false, importantUsers: [], ...over });
const facts = (over: Partial<OutageSnapshot> = {}) => outageFacts(quiet(over));

describe('outageFacts', () => {
  it('reads old events (no utility, no source) as a water outage on the network', () => {
    expect(outageFacts(outage())).toEqual({ utility: 'WATER', timing: 'PLANNED', pressureReduction: false, source: 'NETWORK', wording: { utility: 'WATER', pressureReduction: false } });
  });
  it('a pressure reduction is announced like planned works, in its own wording', () => {
    expect(outageFacts(outage({ pressureReduction: true, utility: 'GAS' }))).toMatchObject({ timing: 'PLANNED', pressureReduction: true, wording: { utility: 'GAS', pressureReduction: true } });
  });
  it('refuses an unknown utility kind, outage kind or source, naming the field', () => {
    expect(() => outageFacts(outage({ utility: 'STEAM' as never }))).toThrow(/outage\.utility/);
    expect(() => outageFacts(outage({ kind: 'PARTIAL' as never }))).toThrow(/outage\.kind/);
    expect(() => outageFacts({ ...outage(), source: 'RIVER' } as unknown as OutageSnapshot)).toThrow(/outage\.source/);
  });
});

describe('lead times per utility kind', () => {
  it('water: the public and important users at least 24 h before a planned outage', () => {
    expect(leadTimeRule({ utility: 'WATER', timing: 'PLANNED' }, cfg)).toEqual({ publicHours: 24, importantHours: 24 });
  });
  it('heat: 24 h for a planned stop, none for a sudden power or water loss or a burst', () => {
    expect(leadTimeRule({ utility: 'HEAT', timing: 'PLANNED' }, cfg)).toEqual({ publicHours: 24, importantHours: 24 });
    expect(leadTimeRule({ utility: 'HEAT', timing: 'EMERGENCY' }, cfg)).toEqual({ publicHours: null, importantHours: null });
  });
  it('gas: configurable, 24 h by default', () => {
    expect(leadTimeRule({ utility: 'GAS', timing: 'PLANNED' }, cfg)).toEqual({ publicHours: 24, importantHours: 24 });
    const gas48 = notifyConfig({ utilities: { GAS: { publicLeadHours: 48, importantLeadHours: 72 } } });
    expect(leadTimeRule({ utility: 'GAS', timing: 'PLANNED' }, gas48)).toEqual({ publicHours: 48, importantHours: 72 });
    expect(leadTimeRule({ utility: 'WATER', timing: 'PLANNED' }, gas48)).toEqual({ publicHours: 24, importantHours: 24 });
  });
});

describe('about 5,000 or more (达到5000人以上)', () => {
  it('is the network\'s decision when it made one', () => {
    expect(isLargeOutage({ requiresRegulatorApproval: true, population: 100, threshold: 5000 }, cfg)).toBe(true);
  });
  it('includes the threshold itself: 以上 counts 5,000, the approval rule ("above") does not', () => {
    expect(isLargeOutage({ requiresRegulatorApproval: false, population: 5000, threshold: 5000 }, cfg)).toBe(true);
    expect(isLargeOutage({ requiresRegulatorApproval: false, population: 4999, threshold: 5000 }, cfg)).toBe(false);
  });
  it('counts "about" with the configured margin of the event\'s threshold', () => {
    const about = notifyConfig({ largeOutageMargin: 0.05 });
    expect(isLargeOutage({ requiresRegulatorApproval: false, population: 4750, threshold: 5000 }, about)).toBe(true);
    expect(isLargeOutage({ requiresRegulatorApproval: false, population: 4749, threshold: 5000 }, about)).toBe(false);
  });
});

describe('the phone list: production department and duty leadership', () => {
  it('about 5,000 or more people puts a planned or emergency outage on it', () => {
    expect(phoneListReasons(quiet({ population: 5000 }), cfg)).toEqual(['LARGE']);
    expect(phoneListReasons(quiet({ kind: 'EMERGENCY', population: 5000 }), cfg)).toEqual(['LARGE']);
  });
  it('an important large user affected puts it on it', () => {
    expect(phoneListReasons(quiet({ importantUsers: [{ id: 'h', name: '市第一人民医院', kind: 'HOSPITAL', phone: '0871-6000001' }] }), cfg)).toEqual(['IMPORTANT_USER']);
    const onlyFactories = notifyConfig({ phoneListImportantKinds: ['FACTORY', 'LARGE_CONSUMER'] });
    expect(phoneListReasons(quiet({ importantUsers: [{ id: 's', name: '幸福路小学', kind: 'SCHOOL', phone: '13800000002' }] }), onlyFactories)).toEqual([]);
  });
  it('works on a main road put it on it', () => {
    expect(phoneListReasons(quiet({ onMainRoad: true }), cfg)).toEqual(['MAIN_ROAD']);
  });
  it('a small outage on a side street with nobody important: no call', () => {
    expect(phoneListReasons(quiet(), cfg)).toEqual([]);
  });
});

describe('authority per utility kind', () => {
  const inSeason = { startsAt: '2026-12-10T00:00:00.000Z', endsAt: '2026-12-10T06:00:00.000Z' };
  const outOfSeason = { startsAt: '2026-07-10T00:00:00.000Z', endsAt: '2026-07-10T06:00:00.000Z' };
  const reasons = (over: Partial<OutageSnapshot>, c = cfg) => authorityReasons(quiet(over), facts(over), c);

  it('water: the bureau hears of emergencies of about 5,000 or more, not of planned ones (it approved them first)', () => {
    expect(reasons({ kind: 'EMERGENCY', population: 5000 })).toEqual(['LARGE']);
    expect(reasons({ kind: 'EMERGENCY', population: 4000 })).toEqual([]);
    expect(reasons({ population: 9000, requiresRegulatorApproval: true })).toEqual([]);
  });
  it('water: a plant outage goes to the bureau whatever its size (source PLANT)', () => {
    expect(reasons({ source: 'PLANT', population: 40 } as Partial<OutageSnapshot>)).toEqual(['PLANT']);
    expect(reasons({ source: 'PLANT', kind: 'EMERGENCY', population: 40 } as Partial<OutageSnapshot>)).toEqual(['PLANT']);
  });
  it('heat: the heating authority is told of every stop in the heating season, and of none outside it', () => {
    expect(reasons({ utility: 'HEAT', ...inSeason })).toEqual(['HEATING_SEASON']);
    expect(reasons({ utility: 'HEAT', kind: 'EMERGENCY', ...inSeason })).toEqual(['HEATING_SEASON']);
    expect(reasons({ utility: 'HEAT', ...outOfSeason })).toEqual([]);
    // A water outage in winter is not the heating authority's business.
    expect(reasons({ utility: 'WATER', ...inSeason })).toEqual([]);
  });
  it('heat: the season received from the tickets service decides, not the default', () => {
    const seasons = notifyConfig({ heatingSeasons: [{ startsOn: '2026-11-01', endsOn: '2027-03-01' }] });
    expect(reasons({ utility: 'HEAT', startsAt: '2026-11-05T00:00:00.000Z', endsAt: '2026-11-05T06:00:00.000Z' }, seasons)).toEqual(['HEATING_SEASON']);
    expect(reasons({ utility: 'HEAT', startsAt: '2026-11-05T00:00:00.000Z', endsAt: '2026-11-05T06:00:00.000Z' })).toEqual([]);
  });
  it('gas: the gas authority hears of every large outage, planned or emergency (configurable)', () => {
    expect(reasons({ utility: 'GAS', population: 6000, requiresRegulatorApproval: true })).toEqual(['LARGE']);
    expect(reasons({ utility: 'GAS', kind: 'EMERGENCY', population: 6000, requiresRegulatorApproval: true })).toEqual(['LARGE']);
    expect(reasons({ utility: 'GAS', population: 300 })).toEqual([]);
    const emergenciesOnly = notifyConfig({ utilities: { GAS: { authority: { large: 'EMERGENCY' } } } });
    expect(reasons({ utility: 'GAS', population: 6000, requiresRegulatorApproval: true }, emergenciesOnly)).toEqual([]);
  });
});

describe('posters on site and the media notice', () => {
  const f = (over: Partial<OutageSnapshot>) => getsPostersAndMedia(quiet(over), facts(over), cfg);
  it('a planned outage once the bureau approved it', () => {
    expect(f({ requiresRegulatorApproval: true })).toBe(true);
    expect(f({ population: 5000 })).toBe(false);
  });
  it('emergency outages get site posters and the media notice', () => {
    expect(f({ kind: 'EMERGENCY' })).toBe(true);
    const largeOnly = notifyConfig({ emergencyPublicity: 'LARGE' });
    expect(getsPostersAndMedia(quiet({ kind: 'EMERGENCY' }), facts({ kind: 'EMERGENCY' }), largeOnly)).toBe(false);
    expect(getsPostersAndMedia(quiet({ kind: 'EMERGENCY', population: 5200 }), facts({ kind: 'EMERGENCY' }), largeOnly)).toBe(true);
  });
});
