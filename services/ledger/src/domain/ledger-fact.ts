import { InvalidInputError } from '@vezel/errors';
import type {
  BatchCollected as ChainBatchCollected,
  BatchShipped as ChainBatchShipped,
  ContainerLocation,
  ContainerRegistered as ChainContainerRegistered,
  ItemsDonated as ChainItemsDonated,
  ItemsSold as ChainItemsSold,
  LotDispatched as ChainLotDispatched,
  LotReceivedAtStore as ChainLotReceivedAtStore,
  LotReceivedByProcessor as ChainLotReceivedByProcessor,
  LotReturned as ChainLotReturned,
  NodeDisposed as ChainNodeDisposed,
  NodeReceivedAtCentre as ChainNodeReceivedAtCentre,
  ProcessingRunCompleted as ChainProcessingRunCompleted,
  ProcessingRunOutput as ChainProcessingRunOutput,
  RunInput,
  SortingRunCompleted as ChainSortingRunCompleted,
  SortingRunOutput,
} from '@vezel/chain-events';
import type { Destination } from './destination.ts';
import type { DisposalMethod, Outcome } from './outcome.ts';

/*
 * The ledger's input: one fact per event the four chain services publish (docs/domain.md, "The flow and its events").
 * A fact is the event as @vezel/chain-events declares it (fields mirror the wire messages, so the Kafka mapping is
 * one to one) in the ledger's vocabularies: channels, fractions and outcomes are open strings kept as given, and
 * destinations take every kind docs/domain.md lists (destination.ts, outcome.ts), because a read side that rejected
 * a fact would lose grams. Every fact adds `eventId`, the CloudEvents `ce_id` the ledger dedupes on. Facts are plain
 * rows keyed by ids (no references between objects), so a store can keep them as table rows and hand them back
 * unchanged. Masses are validated grams; times are the business times of the facts (collected_at, shipped_at, ...),
 * never the time the ledger saw them.
 */

/** Who stated a fact: the partner and the credential its command came with (absent for facts recorded anonymously). */
export interface FactRecorder {
  readonly partnerId: string;
  readonly credential: string;
}

type WithEventId<Event> = Event & { readonly eventId: string; readonly recordedBy?: FactRecorder };

export interface ContainerRegistered extends WithEventId<ChainContainerRegistered> {
  /** The event's `ce_time`: the registration command carries no business time of its own. */
  readonly registeredAt: Date;
}
export type { ContainerLocation, RunInput, SortingRunOutput };
export type BatchCollected = WithEventId<ChainBatchCollected>;
export type BatchShipped = WithEventId<ChainBatchShipped>;
export type NodeReceivedAtCentre = WithEventId<ChainNodeReceivedAtCentre>;
export type SortingRunCompleted = WithEventId<ChainSortingRunCompleted>;
export type LotDispatched = WithEventId<ChainLotDispatched<Destination>>;
export type LotReceivedAtStore = WithEventId<ChainLotReceivedAtStore>;
export type ItemsSold = WithEventId<ChainItemsSold>;
export type ItemsDonated = WithEventId<ChainItemsDonated>;
export type LotReturned = WithEventId<ChainLotReturned<Destination>>;
export type LotReceivedByProcessor = WithEventId<ChainLotReceivedByProcessor>;
export type ProcessingRunOutput = ChainProcessingRunOutput<Outcome>;
export type ProcessingRunCompleted = WithEventId<ChainProcessingRunCompleted<Outcome>>;
export type NodeDisposed = WithEventId<ChainNodeDisposed<DisposalMethod>>;

/** A run of either kind: both pool their inputs the same way. */
export type RunCompleted = SortingRunCompleted | ProcessingRunCompleted;

/** Every fact the ledger is built from. */
export type LedgerFact =
  | ContainerRegistered
  | BatchCollected
  | BatchShipped
  | NodeReceivedAtCentre
  | SortingRunCompleted
  | LotDispatched
  | LotReceivedAtStore
  | ItemsSold
  | ItemsDonated
  | LotReturned
  | LotReceivedByProcessor
  | ProcessingRunCompleted
  | NodeDisposed;

/** The `type` of a {@link LedgerFact}. */
export type LedgerFactType = LedgerFact['type'];

/** Every fact type, for checking a client's filter (the partner feed's `types`). */
export const LEDGER_FACT_TYPES = [
  'ContainerRegistered',
  'BatchCollected',
  'BatchShipped',
  'NodeReceivedAtCentre',
  'SortingRunCompleted',
  'LotDispatched',
  'LotReceivedAtStore',
  'ItemsSold',
  'ItemsDonated',
  'LotReturned',
  'LotReceivedByProcessor',
  'ProcessingRunCompleted',
  'NodeDisposed',
] as const satisfies readonly LedgerFactType[];

const factTypes: ReadonlySet<string> = new Set(LEDGER_FACT_TYPES);

/** `types` as fact types; InvalidInputError naming `field` and the first unknown one otherwise. */
export function requireLedgerFactTypes(types: readonly string[], field: string): LedgerFactType[] {
  const unknown = types.find((type) => !factTypes.has(type));
  if (unknown !== undefined) {
    throw new InvalidInputError(
      `${JSON.stringify(unknown)} is not an event type; known: ${LEDGER_FACT_TYPES.join(', ')}`,
      { field },
    );
  }
  return types as LedgerFactType[];
}

// Fails to compile when a fact type is missing from the list above.
const everyFactTypeListed: Exclude<LedgerFactType, (typeof LEDGER_FACT_TYPES)[number]> extends never ? true : never =
  true;
void everyFactTypeListed;
