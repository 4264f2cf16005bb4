import { describe, expect, it } from 'vitest';
import { backlogCount } from '../src/app/backlog-count.ts';

/** A backlog whose size the test sets, counting how often it was counted; the clock is the test's too. */
function fakeBacklog() {
  const state = { marks: 0, counts: 0, nowMs: 1_000_000 };
  const count = backlogCount(
    async () => {
      state.counts += 1;
      return state.marks;
    },
    () => new Date(state.nowMs),
  );
  return { state, count };
}

describe('backlogCount', () => {
  it('counts an empty backlog at every ask, so new marks show at once', async () => {
    const { state, count } = fakeBacklog();
    expect(await count()).toBe(0);
    state.marks = 3;
    expect(await count()).toBe(3);
    expect(state.counts).toBe(2);
  });

  it('reuses a count for 0.1 ms per mark it found, then counts anew', async () => {
    const { state, count } = fakeBacklog();
    state.marks = 20_000;
    expect(await count()).toBe(20_000);
    state.marks = 0;
    state.nowMs += 1_999;
    expect(await count()).toBe(20_000);
    expect(state.counts).toBe(1);
    state.nowMs += 1;
    expect(await count()).toBe(0);
    expect(state.counts).toBe(2);
  });

  it('reuses even a very large count for at most five seconds', async () => {
    const { state, count } = fakeBacklog();
    state.marks = 10_000_000;
    await count();
    state.marks = 0;
    state.nowMs += 4_999;
    expect(await count()).toBe(10_000_000);
    state.nowMs += 1;
    expect(await count()).toBe(0);
  });

  it('shares one count between asks made while it runs', async () => {
    let release: (marks: number) => void = () => undefined;
    let counts = 0;
    const count = backlogCount(
      () => {
        counts += 1;
        return new Promise<number>((resolve) => (release = resolve));
      },
      () => new Date(0),
    );
    const asks = [count(), count(), count()];
    release(7);
    expect(await Promise.all(asks)).toEqual([7, 7, 7]);
    expect(counts).toBe(1);
  });

  it('counts again after a count that failed', async () => {
    let fail = true;
    const count = backlogCount(
      async () => {
        if (fail) throw new Error('connection lost');
        return 4;
      },
      () => new Date(0),
    );
    await expect(count()).rejects.toThrow('connection lost');
    fail = false;
    expect(await count()).toBe(4);
  });
});
