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
