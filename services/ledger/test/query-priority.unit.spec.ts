import { describe, expect, it } from 'vitest';
import type { LedgerQueries } from '../src/app/ledger-queries.ts';
import { createQueryPriority, withQueryPriority } from '../src/app/query-priority.ts';

describe('query priority', () => {
  it('counts a query as recent while it runs and for the quiet interval after it settles, failed or not', async () => {
    let time = 0;
    const priority = createQueryPriority({ quietMs: 250, now: () => time });
    expect(priority.queriesRecently()).toBe(false);
    const running = Promise.withResolvers<string>();
    const answer = priority.run(() => running.promise);
    time = 10_000;
    expect(priority.queriesRecently()).toBe(true);
    running.resolve('traced');
    await expect(answer).resolves.toBe('traced');
    time = 10_249;
    expect(priority.queriesRecently()).toBe(true);
    time = 10_250;
    expect(priority.queriesRecently()).toBe(false);

    await expect(priority.run(() => Promise.reject(new Error('no such node')))).rejects.toThrow('no such node');
    expect(priority.queriesRecently()).toBe(true);
    time = 20_000;
    expect(priority.queriesRecently()).toBe(false);
  });

  it('counts every question of the API but feed pages and the lag, and answers what the queries answer', async () => {
    let time = 0;
    const priority = createQueryPriority({ quietMs: 1, now: () => time });
    const seen: string[] = [];
    const probe = (name: string) =>
      function (this: unknown, ...args: unknown[]): Promise<unknown> {
        seen.push(`${name}(${args.join(',')}) recent=${priority.queriesRecently()} this=${this === queries}`);
        return Promise.resolve(name);
      };
    const queries = Object.fromEntries(
      ['traceForward', 'traceBackward', 'kpis', 'upvReport', 'mayReadNode', 'feed', 'lag'].map((name) => [
        name,
        probe(name),
      ]),
    ) as unknown as LedgerQueries;
    const counted = withQueryPriority(queries, priority);
    await expect(counted.traceBackward('L-1')).resolves.toBe('traceBackward');
    time += 10;
    await expect(counted.upvReport(2026)).resolves.toBe('upvReport');
    time += 10;
    await expect(counted.feed({ after: 0n, limit: 1 })).resolves.toBe('feed');
    await expect(counted.lag()).resolves.toBe('lag');
    expect(seen).toEqual([
      'traceBackward(L-1) recent=true this=true',
      'upvReport(2026) recent=true this=true',
      'feed([object Object]) recent=false this=true',
      'lag() recent=false this=true',
    ]);
  });
});
