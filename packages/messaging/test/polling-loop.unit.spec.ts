import { describe, expect, it } from 'vitest';
import { PollingLoop } from '../src/polling-loop.ts';

/** Resolves once `check` holds, polling every few milliseconds. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('a polling loop', () => {
  it('repeats rounds while they do work, then sleeps until woken', async () => {
    const work = [2, 1, 0];
    let rounds = 0;
    let idle = 0;
    const loop = new PollingLoop();
    loop.run({
      round: async () => {
        rounds++;
        return work.shift() ?? 0;
      },
      // Longer than the test: only a wake can start another round.
      idleMs: 60_000,
      onIdle: () => idle++,
    });
    await until(() => idle === 1);
    expect(rounds).toBe(3);

    loop.wake();
    await until(() => idle === 2);
    expect(rounds).toBe(4);
    expect(await loop.stop()).toBe(true);
  });

  it('reports a failed round and tries again after a back-off', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = new PollingLoop();
    loop.run({
      round: async () => {
        rounds++;
        if (rounds === 1) throw new Error('database unreachable');
        return 0;
      },
      idleMs: 60_000,
      onError: (error) => errors.push(error),
    });
    await until(() => rounds === 2);
    expect(errors).toEqual([new Error('database unreachable')]);
    await loop.stop();
  });

  it('stops after the round in hand, which can see it is stopping; a second stop has nothing to do', async () => {
    let finishRound: (() => void) | undefined;
    let sawStopping: boolean | undefined;
    const loop = new PollingLoop();
    loop.run({
      round: async () => {
        await new Promise<void>((resolve) => (finishRound = resolve));
        sawStopping = loop.stopping;
        return 1;
      },
      idleMs: 60_000,
    });
    await until(() => finishRound !== undefined);
    const stopped = loop.stop();
    expect(await loop.stop()).toBe(false);
    finishRound!();
    expect(await stopped).toBe(true);
    expect(sawStopping).toBe(true);
  });
});
