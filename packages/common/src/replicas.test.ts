import { failoverKind, ReplicaSet } from './replicas';

const err = (code: string) => Object.assign(new Error(code), { code });

describe('ReplicaSet', () => {
  it('starts each request at the next replica in turn', () => {
    const set = new ReplicaSet(['a', 'b', 'c'], 1000, () => 0);
    expect([0, 1, 2, 3].map(() => set.order()[0])).toEqual(['a', 'b', 'c', 'a']);
    expect(set.order()).toEqual(['b', 'c', 'a']);
  });

  it('passes over a replica marked down until its time is up, but still lists it last', () => {
    let now = 0;
    const set = new ReplicaSet(['a', 'b'], 1000, () => now);
    set.markDown('a');
    expect([set.order(), set.order()]).toEqual([['b', 'a'], ['b', 'a']]);
    now = 1001;
    expect([set.order()[0], set.order()[0]]).toEqual(['a', 'b']);
  });

  it('moves on after a refused connection for any call, after a broken one only for reads, never after other errors', async () => {
    const set = new ReplicaSet(['a', 'b'], 1000, () => 0);
    const calls: string[] = [];
    const refusedOnA = (m: string) => {
      calls.push(m);
      return m === 'a' ? Promise.reject(err('ECONNREFUSED')) : Promise.resolve(`answer from ${m}`);
    };
    expect(await set.call(refusedOnA, { idempotent: false })).toBe('answer from b');
    expect(calls).toEqual(['a', 'b']);
    // a is now passed over: the next calls (whose turn would start at b, then at a) go to b first.
    calls.length = 0;
    await set.call(refusedOnA, { idempotent: false });
    await set.call(refusedOnA, { idempotent: false });
    expect(calls).toEqual(['b', 'b']);

    const fresh = () => new ReplicaSet(['a', 'b'], 1000, () => 0);
    const resetOnA = (m: string) => (m === 'a' ? Promise.reject(err('ECONNRESET')) : Promise.resolve(m));
    expect(await fresh().call(resetOnA, { idempotent: true })).toBe('b');
    await expect(fresh().call(resetOnA, { idempotent: false })).rejects.toThrow('ECONNRESET');
    const timeoutOnA = (m: string) => (m === 'a' ? Promise.reject(new Error('did not answer within 100 ms')) : Promise.resolve(m));
    await expect(fresh().call(timeoutOnA, { idempotent: true })).rejects.toThrow('did not answer');
  });

  it('throws the last error when no replica answers', async () => {
    const set = new ReplicaSet(['a', 'b'], 1000, () => 0);
    await expect(set.call(() => Promise.reject(err('ECONNREFUSED')), { idempotent: true })).rejects.toThrow('ECONNREFUSED');
  });
});

describe('failoverKind', () => {
  it('reads the code through causes and aggregate errors', () => {
    expect(failoverKind(err('ECONNREFUSED'))).toBe('any');
    expect(failoverKind(new Error('fetch failed', { cause: err('ECONNREFUSED') }))).toBe('any');
    expect(failoverKind(Object.assign(new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')]), {}))).toBe('any');
    expect(failoverKind(new Error('socket hang up'))).toBe('read');
    expect(failoverKind(err('ECONNRESET'))).toBe('read');
    expect(failoverKind(new Error('boom'))).toBe('none');
  });
});
