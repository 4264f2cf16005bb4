import { onlyEvent, type CommandDefinition, type Decider } from '@vezel/service-kit';
import {
  centreStockDecider,
  lotIdsCreatedBy,
  lotIdTakenError,
  stockNodesReadBy,
  type CentreStock,
  type CompleteSortingRun,
  type SortingEvent,
  type SortingRunCompleted,
} from '../domain/index.ts';
import type { SortingQueries, SortingStores, ToOutboxMessage } from './sorting-ports.ts';

/** The validated request of `POST /v1/sorting/runs` and `CompleteSortingRun`. */
export type CompleteSortingRunInput = Omit<CompleteSortingRun, 'type'>;

/** A run with the output lot ids that some node in the sorting service already carries, read in its transaction. */
export interface RunWithTakenLotIds {
  readonly run: CompleteSortingRun;
  readonly takenLotIds: ReadonlySet<string>;
}

/**
 * The centre-stock decider, plus the one rule a centre cannot see from its own stock: lot ids are unique across the
 * chain. Checked after the decider, so an unbalanced or overdrawn run is reported as such first, exactly as when the
 * clash is with the centre's own nodes.
 */
const runDecider: Decider<RunWithTakenLotIds, SortingEvent, CentreStock> = {
  decide: ({ run, takenLotIds }, stock) => {
    const events = centreStockDecider.decide(run, stock);
    const taken = lotIdsCreatedBy(run).find((lotId) => takenLotIds.has(lotId));
    if (taken !== undefined) throw lotIdTakenError(run, taken);
    return events;
  },
  evolve: centreStockDecider.evolve,
  initialState: centreStockDecider.initialState,
};

/**
 * Completing a sorting run: keyed by the run id, decided by the centre's stock (only the input and output lines are
 * loaded). Lot ids taken elsewhere are found before deciding; two centres creating the same new lot id at once both
 * pass that look-up, but the `lots` primary key lets only one commit, and the other is re-run, finds the lot and is
 * rejected with the same 409.
 */
export function completeSortingRunCommand(
  stores: SortingStores,
  queries: SortingQueries,
  toMessage: ToOutboxMessage,
): CommandDefinition<CompleteSortingRunInput, RunWithTakenLotIds, SortingEvent, CentreStock, SortingRunCompleted> {
  return {
    type: 'sorting.CompleteSortingRun',
    idField: 'runId',
    aggregateId: (input) => input.centreId,
    store: stores.centres,
    decider: runDecider,
    toCommand: async (input, tx) => {
      const run: CompleteSortingRun = { type: 'CompleteSortingRun', ...input };
      return { run, takenLotIds: await queries.takenNodeIds(tx, lotIdsCreatedBy(run)) };
    },
    partsReadBy: ({ run }) => stockNodesReadBy(run),
    toMessage,
    toResult: (events) => onlyEvent(events, 'SortingRunCompleted'),
  };
}
