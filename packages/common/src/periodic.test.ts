import { createLogger } from './logger';
import { PeriodicJob } from './periodic';

const log = createLogger('test', 'silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeriodicJob', () => {
  it('runs one pass at a time, keeps going after a failed pass, and stop() waits for the pass in progress', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let passes = 0;
    let finished = 0;
    const job = new PeriodicJob('test job', async () => {
      passes++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(15); // longer than the interval: passes must not overlap
      inFlight--;
      finished++;
      if (passes === 2) throw new Error('boom');
    }, log);
    job.start(5, 0);
    while (passes < 4) await sleep(5);
    await job.stop();
    expect(maxInFlight).toBe(1);
    expect(finished).toBe(passes); // the pass running at stop() was awaited
    const after = passes;
    await sleep(40);
    expect(passes).toBe(after); // nothing runs after stop
  });
});
