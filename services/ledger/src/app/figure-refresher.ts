import { createFigureStepScale } from './figure-step-scale.ts';
import type { FigureRefreshResult, LedgerStorage } from './ledger-storage.ts';
import { takeFigureTurn, UNPACED, type FigurePacer, type FigureStepSize } from './query-time-pacing.ts';

/**
 * How long a refresh loop waits after a refresh that found another at a step only one may run at a time (busy), before
 * it tries again.
 */
export const REFRESH_BUSY_PAUSE_MS = 100;

export interface FigureRefresher {
  /** Says that new facts were stored: refresh now rather than at the next poll. */
  wake(): void;
  /** Stops after the refresh in hand (its transaction commits or rolls back whole). */
  stop(): Promise<void>;
}

export interface FigureRefresherOptions {
  readonly storage: LedgerStorage;
  /** Dirty marks per refresh transaction. */
  readonly maxNodes?: number;
  /** How often to look for marks when nobody wakes the refresher (another process may be consuming). Default 1 s. */
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Told after each refresh that did work (figures, or feed events whose visibility is now known). */
  readonly onRefreshed?: (result: FigureRefreshResult) => void;
  /** Told after each refresh that did work (lookups included), small (`query-time`, see `pacer`) or `full`. */
  readonly onStep?: (step: FigureStepSize) => void;
  /**
   * Whether consumption is busy catching up. While it is, the refresher holds back (up to `maxDeferMs`): the marks
   * of a burst coalesce (a lot sold from twenty times is refreshed once, not twenty times) and the apply path gets
   * the CPU, so figures settle sooner overall and the facts are never held up by them.
   */
  readonly isConsumerBusy?: () => boolean;
  /** The longest the refresher defers to a busy consumer before it takes one step anyway. Default 10 s. */
  readonly maxDeferMs?: number;
  /**
   * Refreshes in a row that may only look marks up (FigureRefreshOptions.recomputeNow) before one recomputes batches
   * anyway: while marks keep arriving faster than they are looked up, figures still move. Default 10 (100,000 marks in
   * full steps, 5,000 in the small ones taken while queries are answered).
   */
  readonly maxLookupsAhead?: number;
  /**
   * The process's pacing of figure work by the queries it answers (query-time-pacing.ts), shared with its rebuilds;
   * default every refresh in full.
   */
  readonly pacer?: FigurePacer;
  /** Refreshes run side by side (default 2; see startFigureRefresher). */
  readonly concurrency?: number;
  /** Milliseconds since the epoch; `Date.now` unless a test sets the time. */
  readonly now?: () => number;
}

/**
 * Keeps the derived figures (per-batch traces, anomalies) following the facts: works off dirty marks until none is
 * left, then sleeps until woken or the poll interval passes. A failed refresh changes nothing (one transaction)
 * and is retried after the poll interval.
 *
 * `concurrency` refreshes run side by side, as several ledger processes' refreshers do (each claims its own batches),
 * so one refresh's computation overlaps another's statements: on a machine whose database runs beside the ledger,
 * the figure thread and PostgreSQL then work at the same time instead of taking turns.
 */
export function startFigureRefresher(options: FigureRefresherOptions): FigureRefresher {
  const pollMs = options.pollMs ?? 1_000;
  const maxDeferMs = options.maxDeferMs ?? 10_000;
  const maxLookupsAhead = options.maxLookupsAhead ?? 10;
  const pacer = options.pacer ?? UNPACED;
  const now = options.now ?? Date.now;
  let running = true;
  // Each loop's wake-up: it ends the loop's sleep, or, if it is not asleep, its next one.
  const wakeUps = new Set<() => void>();
  const sleeperOf = (): (() => Promise<void>) => {
    let woken = false;
    let endSleep: (() => void) | undefined;
    wakeUps.add(() => {
      woken = true;
      endSleep?.();
    });
    return () =>
      new Promise((resolve) => {
        if (woken || !running) {
          woken = false;
          resolve();
          return;
        }
        const timer = setTimeout(done, pollMs);
        function done(): void {
          clearTimeout(timer);
          endSleep = undefined;
          woken = false;
          resolve();
        }
        endSleep = done;
      });
  };
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  const refreshLoop = async (_: unknown, index: number): Promise<void> => {
    const sleep = sleeperOf();
    const scale = createFigureStepScale();
    let lastRefreshAt = now();
    let lookupsInARow = 0;
    while (running) {
      // While consumption catches up, one loop refreshes (deferred as above) and the others wait: the apply keeps the
      // CPU it had with one refresher.
      if (options.isConsumerBusy?.() === true && (index > 0 || now() - lastRefreshAt < maxDeferMs)) {
        await pause(100);
        continue;
      }
      try {
        // Queries first (query-time-pacing.ts).
        const step = await takeFigureTurn(pacer, options.storage, {
          ...(options.maxNodes === undefined ? {} : { maxNodes: options.maxNodes }),
          ...(lookupsInARow >= maxLookupsAhead ? { recomputeNow: true } : {}),
          ...scale.options,
        });
        if (step === undefined) continue;
        scale.succeeded();
        const { result } = step;
        const recomputed = result.nodes > 0 || result.batches > 0 || result.feedSettled > 0;
        const lookupsOnly = !recomputed && result.lookedUp > 0;
        // Another loop or process holds a step only one may run (it is looking marks up): try again shortly, and
        // keep the count of lookups in a row, so loops taking turns at the lookups still recompute after ten.
        if (result.busy) {
          await pause(REFRESH_BUSY_PAUSE_MS);
          continue;
        }
        // Every step counts as the refresh a busy consumer is deferred to, a lookup as much as a recomputation: while
        // the consumer catches up, one step every maxDeferMs. Running a chunk's lookups back to back took a fifth off
        // the apply at 1,000,000 generated events, for figures that settled 5-10 % sooner after it caught up but later
        // in all (docs/adr/0020-node-books.md, amended).
        lookupsInARow = lookupsOnly ? lookupsInARow + 1 : 0;
        lastRefreshAt = now();
        if (recomputed || lookupsOnly) options.onStep?.(step.size);
        if (recomputed) options.onRefreshed?.(result);
        if (recomputed || lookupsOnly) continue;
      } catch (error) {
        if (!running) break;
        lastRefreshAt = now();
        // A refresh too large for the heap: the next ones are smaller (figure-step-scale.ts).
        scale.failed(error);
        options.onError?.(error);
      }
      await sleep();
    }
  };
  const loops = Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, refreshLoop));

  const wakeAll = (): void => {
    for (const wakeUp of wakeUps) wakeUp();
  };
  return {
    wake: wakeAll,
    async stop() {
      running = false;
      wakeAll();
      await loops;
    },
  };
}
