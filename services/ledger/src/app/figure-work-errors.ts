/**
 * A refresh needed more memory than the figure work has (the figure thread's heap), and failed whole: nothing of it
 * was written. A smaller refresh may fit, so the loops that take refreshes ask for smaller ones next
 * (figure-step-scale.ts) instead of trying the same one again forever.
 */
export class FigureWorkOutOfMemoryError extends Error {
  override readonly name = 'FigureWorkOutOfMemoryError';

  constructor(cause: unknown) {
    super("a figure refresh ran out of the figure thread's heap; the next refreshes are smaller", { cause });
  }
}

/**
 * The figure work is resting after it died (of memory or otherwise) and takes no request until `restartInMs` has
 * passed: the request did not fail, it was not made. A loop that gives up after failures in a row does not count it.
 */
export class FigureWorkRestingError extends Error {
  override readonly name = 'FigureWorkRestingError';
  readonly restartInMs: number;

  constructor(deathsInARow: number, restartInMs: number) {
    super(`the figure thread died ${deathsInARow} time(s) in a row; it restarts after a rest`);
    this.restartInMs = restartInMs;
  }
}
