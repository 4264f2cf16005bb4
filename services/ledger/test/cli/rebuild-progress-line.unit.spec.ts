import { describe, expect, it } from 'vitest';
import type { RebuildStatus } from '../../src/app/rebuild-status.ts';
import { rebuildProgressLine } from '../../src/cli/rebuild-progress-line.ts';

describe('the rebuild progress line', () => {
  it('shows the replay as a bar over events, with rate and ETA', () => {
    const line = rebuildProgressLine(
      {
        state: 'running',
        phase: 'replay',
        appliedEvents: 25_000,
        totalEvents: 100_000,
        eventsPerSecond: 12_500,
        etaSeconds: 6,
      },
      20,
    );
    expect(line).toBe('replay  [#####---------------]  25%  25,000/100,000 events  12,500 events/s  ETA 0:06');
  });

  /** The line of a rebuild in its figures phase, the replay done, with `progress`, on a bar 8 characters wide. */
  const figuresLine = (progress: Partial<RebuildStatus>): string =>
    rebuildProgressLine(
      { state: 'running', phase: 'figures', appliedEvents: 100_000, totalEvents: 100_000, ...progress },
      8,
    );

  it('shows the figures phase as a bar over the batches to recompute once every node is looked up, with their ETA', () => {
    const line = figuresLine({
      figureNodesDone: 1_000,
      figureNodesLookedUp: 4_000,
      figureNodesTotal: 4_000,
      figureBatchesDone: 1_500,
      figureBatchesTotal: 2_000,
      etaSeconds: 3_725,
    });
    expect(line).toBe('figures [######--]  75%  1,500/2,000 batches  ETA 1:02:05');
  });

  it('shows the nodes looked up while the figures phase looks them up, when the batches are not known yet', () => {
    const line = figuresLine({
      figureNodesDone: 0,
      figureNodesLookedUp: 2_500,
      figureNodesTotal: 4_000,
      figureBatchesDone: 40,
    });
    expect(line).toBe('figures [#####---]  62%  2,500/4,000 nodes looked up');
  });

  it('shows the node marks finished once the batches are done, with their ETA', () => {
    const line = figuresLine({
      figureNodesDone: 3_000,
      figureNodesLookedUp: 4_000,
      figureNodesTotal: 4_000,
      figureBatchesDone: 2_000,
      figureBatchesTotal: 2_000,
      etaSeconds: 12,
    });
    expect(line).toBe('figures [######--]  75%  3,000/4,000 nodes finished  ETA 0:12');
  });

  it('starts at zero before the log sizes are known, and is full while swapping', () => {
    expect(rebuildProgressLine({ state: 'running', phase: 'replay', appliedEvents: 0, totalEvents: 0 }, 4)).toBe(
      'replay  [----]   0%  0/0 events',
    );
    expect(rebuildProgressLine({ state: 'running', phase: 'swap', appliedEvents: 9, totalEvents: 9 }, 4)).toBe(
      'swap    [####] 100%',
    );
  });

  it('sums up a finished rebuild, a failed one and none', () => {
    expect(
      rebuildProgressLine({
        state: 'done',
        appliedEvents: 1_000_000,
        totalEvents: 1_000_000,
        startedAt: '2026-11-23T10:00:00.000Z',
        finishedAt: '2026-11-23T10:01:30.000Z',
        eventsPerSecond: 11_111,
      }),
    ).toBe('rebuild done: 1,000,000 events in 1:30 (11,111 events/s)');
    expect(rebuildProgressLine({ state: 'failed', appliedEvents: 5, totalEvents: 9, error: 'database is gone' })).toBe(
      'rebuild failed: database is gone',
    );
    expect(rebuildProgressLine({ state: 'idle', appliedEvents: 0, totalEvents: 0 })).toBe(
      'no rebuild has run since the ledger started',
    );
  });

  it('names the process that runs the rebuild when another one relays its progress', () => {
    const holder = 'ledger-2:4242 (5f0c)';
    expect(
      rebuildProgressLine(
        { state: 'running', phase: 'swap', appliedEvents: 9, totalEvents: 9, holder, elsewhere: true },
        4,
      ),
    ).toBe('swap    [####] 100% (by ledger-2:4242 (5f0c))');
    expect(
      rebuildProgressLine({
        state: 'failed',
        appliedEvents: 5,
        totalEvents: 9,
        error: 'gone',
        holder,
        elsewhere: true,
      }),
    ).toBe('rebuild failed (by ledger-2:4242 (5f0c)): gone');
    // Its own rebuild: the process asked says nothing of itself.
    expect(rebuildProgressLine({ state: 'failed', appliedEvents: 5, totalEvents: 9, error: 'gone', holder })).toBe(
      'rebuild failed: gone',
    );
  });
});
