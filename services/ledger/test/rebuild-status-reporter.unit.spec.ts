import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RebuildClaims } from '../src/app/ledger-storage.ts';
import type { RebuildStatus } from '../src/app/rebuild-status.ts';
import { startRebuildStatusReporter } from '../src/app/rebuild-status-reporter.ts';

/*
 * The pace of a rebuild's reports, on a clock the test moves: what reaches the claim row and when. The row itself
 * (PostgreSQL) is tested in fact-store.int.spec.ts; here only `report` is recorded, and its answer held until the test
 * lets it land.
 */
afterEach(() => {
  vi.useRealTimers();
});

function recordingClaims(): { readonly claims: RebuildClaims; readonly sent: number[]; readonly land: () => void } {
  const sent: number[] = [];
  let landing: (() => void)[] = [];
  const unused = (): never => {
    throw new Error('not used by the reporter');
  };
  return {
    claims: {
      claim: unused,
      renew: unused,
      finish: unused,
      latest: unused,
      report: (_holder, status) => {
        sent.push(status.appliedEvents);
        return new Promise<void>((resolve) => landing.push(resolve));
      },
    },
    sent,
    land: () => {
      for (const resolve of landing) resolve();
      landing = [];
    },
  };
}

const at = (appliedEvents: number): RebuildStatus => ({
  state: 'running',
  phase: 'replay',
  appliedEvents,
  totalEvents: 9,
});

describe('the rebuild status reporter', () => {
  it('sends at most one report a second, with the status as it is when sent, and the last change after the one in flight', async () => {
    vi.useFakeTimers();
    const { claims, sent, land } = recordingClaims();
    let status = at(0);
    const reporter = startRebuildStatusReporter({
      claims,
      holder: 'ledger-1:1 (a)',
      current: () => status,
      everyMs: 1_000,
      clock: () => new Date(Date.now()),
    });
    reporter.changed();
    status = at(1);
    reporter.changed();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([1]);
    // Changes while that report is on its way wait for it, then go out a second after it was sent.
    status = at(2);
    reporter.changed();
    status = at(3);
    reporter.changed();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toEqual([1]);
    land();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([1, 3]);
    land();
    // A second after the last was sent, not sooner.
    status = at(4);
    reporter.changed();
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toEqual([1, 3]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([1, 3, 4]);
    land();
    // Ended: a change after the end sends nothing, and the end waits for nothing more.
    status = at(5);
    reporter.changed();
    await reporter.end();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toEqual([1, 3, 4]);
  });

  it('ends only once the report on its way has landed', async () => {
    const { claims, sent, land } = recordingClaims();
    const reporter = startRebuildStatusReporter({
      claims,
      holder: 'ledger-1:1 (a)',
      current: () => at(5),
      everyMs: 1_000,
      clock: () => new Date(),
    });
    reporter.changed();
    await vi.waitFor(() => expect(sent).toEqual([5]));
    let ended = false;
    const ending = reporter.end().then(() => (ended = true));
    await Promise.resolve();
    expect(ended).toBe(false);
    land();
    await ending;
    expect(ended).toBe(true);
  });
});
