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
    (marks) => marks,
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

  it('counts for each ask made while a count runs, which began before the ask and may miss what it must see', async () => {
    const releases: ((marks: number) => void)[] = [];
    let now = 0;
    const count = backlogCount(
      () => new Promise<number>((resolve) => releases.push(resolve)),
      (marks) => marks,
      () => new Date(now),
    );
    const first = count();
    now = 1;
    const second = count();
    expect(releases).toHaveLength(2);
    // The later count finds the marks gone; the earlier, ending last, must not stand for the later.
    releases[1]!(0);
    expect(await second).toBe(0);
    releases[0]!(5_000);
    expect(await first).toBe(5_000);
    now = 2;
    const third = count();
    expect(releases).toHaveLength(3);
    releases[2]!(0);
    expect(await third).toBe(0);
  });

  it('counts again after a count that failed', async () => {
    let fail = true;
    const count = backlogCount(
      async () => {
        if (fail) throw new Error('connection lost');
        return 4;
      },
      (marks) => marks,
      () => new Date(0),
    );
    await expect(count()).rejects.toThrow('connection lost');
    fail = false;
    expect(await count()).toBe(4);
  });
});
