import { FigureWorkOutOfMemoryError } from './figure-work-errors.ts';
import type { FigureRefreshOptions } from './ledger-storage.ts';

/** Successful refreshes in a row after which a loop's steps double again, up to full size. */
const REGROW_AFTER = 20;

/** The smallest share of a full step a loop shrinks to: the sizes are at least one mark or batch anyway. */
const SMALLEST_FACTOR = 1 / 1024;

/**
 * The size of one refresh loop's steps, as a share of full size (FigureRefreshOptions.sizeFactor). A refresh that ran
 * out of memory halves it, so a chunk whose graphs do not fit (a node with far more facts than the sizes assume) is
 * taken in smaller pieces instead of being tried again as it is, which the figure thread, restarting after each death,
 * would do forever while the figures stand still; after REGROW_AFTER good refreshes in a row it doubles again.
 */
export interface FigureStepScale {
  /** The share of a full step to ask for: 1, or a power of two below it. */
  readonly factor: number;
  /** What a refresh is asked for at that share: nothing at full size, else its `sizeFactor`. */
  readonly options: Pick<FigureRefreshOptions, 'sizeFactor'>;
  /** A refresh succeeded. */
  succeeded(): void;
  /**
   * A refresh failed: the steps halve when it ran out of memory, down to SMALLEST_FACTOR. Answers whether they did,
   * so a caller that gives up after some failures in a row counts only the others.
   */
  failed(error: unknown): boolean;
}

/** A loop's step scale, starting at full size. */
export function createFigureStepScale(): FigureStepScale {
  let factor = 1;
  let inARow = 0;
  return {
    get factor() {
      return factor;
    },
    get options() {
      return factor < 1 ? { sizeFactor: factor } : {};
    },
    succeeded() {
      inARow += 1;
      if (factor < 1 && inARow >= REGROW_AFTER) {
        factor = Math.min(1, factor * 2);
        inARow = 0;
      }
    },
    failed(error) {
      inARow = 0;
      if (!(error instanceof FigureWorkOutOfMemoryError) || factor <= SMALLEST_FACTOR) return false;
      factor /= 2;
      return true;
    },
  };
}
