// The SLA level rule lives twice: `levelAt`/`nextCheckAt` (domain/sla-clock.ts, used when planning) and the
// CASE of the sweep's SQL (`SlaClockRepository.sweepBatch`). The same clocks go through both here, on the
// real PostgreSQL, including instants exactly at the thresholds and clocks the sweep must leave alone.
import { topicName, TOPICS } from '@mainline/common';
import {
  Category, Channel, DEFAULT_SLA_THRESHOLDS, LEVEL_BY_CODE, LEVEL_CODES, levelAt, nextCheckAt, SlaLevel, thresholdInstants, WorkingCalendar,
} from '../src/domain';
import { ClockRow, SlaClockRepository } from '../src/repositories/sla-clock.repository';
import { SqlBatch } from '../src/repositories/sql-batch';
import { startHarness, who } from './support/int-harness';

const MIN = 60_000;
const T0 = new Date('2026-03-06T16:00:00+08:00'); // Friday afternoon: working-time clocks cross a weekend
const at = (min: number, ms = 0) => new Date(T0.getTime() + min * MIN + ms);

interface Case {
  name: string;
  basis: 'clock' | 'working';
  dueMin: number;
  pauses?: Array<{ from: Date; to: Date }>;
  /** Level already recorded; the clock's next look follows from it as planning sets it. */
  level: SlaLevel;
  /** Paused (open pause) or stopped (target met): planning gives no next look. */
  state?: 'paused' | 'stopped';
  now: (i: { warnFirstAt: Date; warnSecondAt: Date; dueAt: Date }) => Date;
}

const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
const CASES: Case[] = [
  { name: 'on time, 1 ms before the first warning', basis: 'clock', dueMin: 60, level: 'OK', now: (i) => ms(i.warnFirstAt, -1) },
  { name: 'exactly at the first warning', basis: 'clock', dueMin: 60, level: 'OK', now: (i) => i.warnFirstAt },
  { name: 'between the warnings', basis: 'clock', dueMin: 60, level: 'OK', now: (i) => ms(i.warnSecondAt, -1) },
  { name: 'exactly at the second warning, from OK', basis: 'clock', dueMin: 60, level: 'OK', now: (i) => i.warnSecondAt },
  { name: 'exactly at the second warning, from WARN_50', basis: 'clock', dueMin: 60, level: 'WARN_50', now: (i) => i.warnSecondAt },
  { name: 'exactly at the deadline: still on time', basis: 'clock', dueMin: 60, level: 'WARN_50', now: (i) => i.dueAt },
  { name: '1 ms after the deadline, from WARN_80', basis: 'clock', dueMin: 60, level: 'WARN_80', now: (i) => ms(i.dueAt, 1) },
  { name: '1 ms after the deadline, from OK (the sweep was away)', basis: 'clock', dueMin: 60, level: 'OK', now: (i) => ms(i.dueAt, 1) },
  { name: 'long after the deadline', basis: 'clock', dueMin: 60, level: 'WARN_80', now: (i) => ms(i.dueAt, 3 * 60 * MIN) },
  { name: 'already breached: nothing left to do', basis: 'clock', dueMin: 60, level: 'BREACHED', now: (i) => ms(i.dueAt, 60 * MIN) },
  { name: 'zero budget: warned and due at the start', basis: 'clock', dueMin: 0, level: 'OK', now: (i) => i.dueAt },
  {
    name: 'a closed pause moves the warnings (first warning exactly)', basis: 'clock', dueMin: 90, level: 'OK',
    pauses: [{ from: at(10), to: at(40) }], now: (i) => i.warnFirstAt,
  },
  {
    name: 'a closed pause moves the warnings (1 ms before the second)', basis: 'clock', dueMin: 90, level: 'WARN_50',
    pauses: [{ from: at(10), to: at(40) }], now: (i) => ms(i.warnSecondAt, -1),
  },
  { name: 'working time across the weekend, at the second warning', basis: 'working', dueMin: 8 * 60, level: 'WARN_50', now: (i) => i.warnSecondAt },
  { name: 'working time, 1 ms after the deadline', basis: 'working', dueMin: 8 * 60, level: 'WARN_80', now: (i) => ms(i.dueAt, 1) },
  { name: 'paused clock past its deadline stays as it was', basis: 'clock', dueMin: 60, level: 'WARN_50', state: 'paused', now: (i) => ms(i.dueAt, 60 * MIN) },
  { name: 'stopped clock past its deadline stays as it was', basis: 'clock', dueMin: 60, level: 'OK', state: 'stopped', now: (i) => ms(i.dueAt, 60 * MIN) },
];

describe('SLA level rule: domain (TypeScript) and sweep (SQL) agree', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let repo: SlaClockRepository;
  const calendar = new WorkingCalendar();

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_sla_rule', T0.toISOString());
    repo = new SlaClockRepository(h.ds);
  });
  afterAll(async () => h?.stop());

  it.each(CASES)('$name', async (c) => {
    h.clock.set(T0);
    const o = await h.services.workOrders.create(who.agent, { category: Category.LEAK, channel: Channel.PHONE, description: '规则对照 rule check' });
    await h.ds.query(`DELETE FROM sla_clock`); // one clock in the table: the sweep sees this case only

    const dueAt = c.basis === 'clock' ? at(c.dueMin) : calendar.addWorkingMinutes(T0, c.dueMin);
    const thr = thresholdInstants(T0, dueAt, c.basis, { pauses: c.pauses, calendar, thresholds: DEFAULT_SLA_THRESHOLDS });
    const now = c.now(thr);
    const stored: ClockRow = {
      orderId: o.id, kind: 'resolve', basis: c.basis, startedAt: T0, dueAt, warn1At: thr.warnFirstAt, warn2At: thr.warnSecondAt,
      level: LEVEL_CODES[c.level], nextAt: c.state ? null : nextCheckAt(c.level, thr), metAt: c.state === 'stopped' ? at(5) : null,
    };
    const b = new SqlBatch();
    repo.replaceIn(b, o.id, [stored]);
    await b.run(h.ds);

    await repo.sweepBatch(now, 100, topicName(h.cfg.topicPrefix, TOPICS.workorderEvents));
    const [row] = await repo.forOrder(o.id);

    // The domain's answer: a clock due for a look (next_at reached) moves to the level `now` is at and
    // looks again at the next threshold; a paused, stopped or not yet due clock is left as it is.
    const due = stored.nextAt !== null && stored.nextAt.getTime() <= now.getTime();
    const level: SlaLevel = due ? levelAt(now, thr) : c.level;
    const nextAt = due ? nextCheckAt(level, thr) : stored.nextAt;
    expect({ level: LEVEL_BY_CODE[row.level], nextAt: row.nextAt }).toEqual({ level, nextAt });
  });

  it('the cases reach every level through the sweep', () => {
    const reached = CASES.map((c) => {
      const thr = thresholdInstants(T0, c.basis === 'clock' ? at(c.dueMin) : calendar.addWorkingMinutes(T0, c.dueMin), c.basis, { pauses: c.pauses, calendar });
      return levelAt(c.now(thr), thr);
    });
    expect([...new Set(reached)].sort()).toEqual(['BREACHED', 'OK', 'WARN_50', 'WARN_80']);
  });
});
