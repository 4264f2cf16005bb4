import type {
  LotDispatched as ChainLotDispatched,
  NodeReceivedAtCentre,
  RunInput,
  SortingRunCompleted as ChainSortingRunCompleted,
  SortingRunOutput,
} from '@vezel/chain-events';
import type { Destination } from './destination.ts';
import type { Fraction } from './fraction.ts';

/*
 * Events are facts the sorting service publishes (as `vezel.sorting.v1` protobuf messages, mapped at the edge) and
 * the only thing the centre stock is rebuilt from. Their shapes are the chain's (@vezel/chain-events, mirroring the
 * wire messages one to one), narrowed here to the fractions and destinations this service checks.
 */

export type { NodeReceivedAtCentre, RunInput };
export type RunOutput = SortingRunOutput<Fraction>;
export type SortingRunCompleted = ChainSortingRunCompleted<Fraction>;
export type LotDispatched = ChainLotDispatched<Destination>;

/** Every event the sorting service publishes. */
export type SortingEvent = NodeReceivedAtCentre | SortingRunCompleted | LotDispatched;
