import type { FigureRefreshOptions, FigureRefreshResult, LedgerStorage } from './ledger-storage.ts';

/**
 * A refresh's size while queries are being answered (query-priority.ts): about a twentieth of a full one, so that once
 * the steps in hand when queries began have ended, a query shares the machine with at most one short transaction.
 */
export const QUERY_TIME_STEP: Required<Pick<FigureRefreshOptions, 'maxBatches' | 'maxLookups' | 'maxNodes'>> = {
  maxBatches: 50,
  maxLookups: 500,
  maxNodes: 100,
};

/**
 * How long the process's figure work rests after a step taken while queries are answered, as a multiple of the step's
 * own time: with 2, figure work has a third of the time, so it still moves (and the feed still settles) while queries
 * never stop.
 */
const QUERY_TIME_REST = 2;

/** How often a waiting loop asks again whether it may step. */
const QUERY_TIME_POLL_MS = 20;

/** The size of a step of figure work: small while queries are answered, full otherwise. */
export type FigureStepSize = 'query-time' | 'full';

/** A loop's turn: wait QUERY_TIME_POLL_MS and ask again, or take a step of a size and say when it has ended. */
export type FigureTurn =
  { readonly size: 'wait' } | { readonly size: FigureStepSize; readonly options: FigureRefreshOptions; end(): void };

/** Hands out turns of figure work to the loops of one process (the live refresher's and a rebuild's alike). */
export interface FigurePacer {
  turn(): FigureTurn;
}

/** Every turn a full step: for a process that answers no queries, and for tests. */
export const UNPACED: FigurePacer = { turn: () => ({ size: 'full', options: {}, end: () => undefined }) };

/**
 * Paces a process's figure work by the queries it is answering: while there are, one small step at a time for the
 * whole process, whichever loop takes it, each followed by a rest twice as long as the step; otherwise every loop
 * steps in full. Steps in hand when queries begin run to their end. Measured against a ledger of 300,000 events taking
 * 1,000 new events a second (2 cores, PostgreSQL and Kafka on the same machine), node traces took a median of 19-32 ms
 * with the refresher working flat out and 11-20 ms paced, against 9-16 ms with no refresher at all; the 99th
 * percentile went from 77-219 ms to 23-162 ms.
 */
export function createFigurePacer(queriesRecently: () => boolean, now: () => number): FigurePacer {
  let stepping = false;
  let nextStepAt = Number.NEGATIVE_INFINITY;
  return {
    turn() {
      if (!queriesRecently()) return UNPACED.turn();
      if (stepping || now() < nextStepAt) return { size: 'wait' };
      stepping = true;
      const startedAt = now();
      let ended = false;
      return {
        size: 'query-time',
        options: QUERY_TIME_STEP,
        end() {
          if (ended) return;
          ended = true;
          stepping = false;
          nextStepAt = now() + (now() - startedAt) * QUERY_TIME_REST;
        },
      };
    },
  };
}

/** A step of figure work taken in its turn: its size, and what the refresh did. */
export interface FigureStepTaken {
  readonly size: FigureStepSize;
  readonly result: FigureRefreshResult;
}

/**
 * Takes the process's next turn of figure work on `storage`, for the live refresher's loops and a rebuild's alike:
 * when it must wait, waits QUERY_TIME_POLL_MS and answers undefined (ask again); otherwise keeps the planner's
 * statistics current (these loops run whenever the ledger is busy) and refreshes once at the turn's size, `options`
 * besides, ending the turn however the refresh ends.
 */
export async function takeFigureTurn(
  pacer: FigurePacer,
  storage: Pick<LedgerStorage, 'analyzeIfGrown' | 'refreshFigures'>,
  options: FigureRefreshOptions = {},
): Promise<FigureStepTaken | undefined> {
  const turn = pacer.turn();
  if (turn.size === 'wait') {
    await new Promise((resolve) => setTimeout(resolve, QUERY_TIME_POLL_MS));
    return undefined;
  }
  try {
    await storage.analyzeIfGrown();
    return { size: turn.size, result: await storage.refreshFigures({ ...options, ...turn.options }) };
  } finally {
    turn.end();
  }
}
