import { backlogCount } from './backlog-count.ts';
import type { FigureBacklog } from './ledger-queries.ts';

/**
 * The figure backlog counted as backlog-count.ts allows, for the lag and the metrics alike: reused for the marks of
 * both steps, but never when no node waits (that count, read 0, must be current). Counting scans the marks (0.4 s for
 * 2.2 million of them), and both the lag and each metrics scrape ask for it.
 */
export function figureBacklogCount(
  count: () => Promise<FigureBacklog>,
  clock: () => Date,
): () => Promise<FigureBacklog> {
  return backlogCount(
    count,
    (backlog) => (backlog.derivedPending === 0 ? 0 : backlog.derivedPending + backlog.batchesPending),
    clock,
  );
}
