import type { Queryable } from '@vezel/db';
import type { AggregateStore, EventToMessage, ApplicationDependencies } from '@vezel/service-kit';
import type {
  CentreStock,
  LotView,
  NodeReceivedAtCentre,
  SortingEvent,
  SortingRunCompleted,
  StockLine,
} from '../domain/index.ts';

/** Where the centre-stock aggregates are kept (the postgres adapter implements it). */
export interface SortingStores {
  /** One aggregate per centre, keyed by centre id; loads honour `parts` (stock lines by node id). */
  readonly centres: AggregateStore<CentreStock, SortingEvent>;
}

/**
 * What the sorting service reads besides the aggregate it decides with: lookups across centres that commands need
 * (which centre created a lot, which ids are taken anywhere) and the resources its GETs answer.
 */
export interface SortingQueries {
  /** The centre whose run created the lot; `undefined` when no run created a lot with this id. */
  creatingCentreOf(queryable: Queryable, lotId: string): Promise<string | undefined>;
  /** Those of `nodeIds` that already name a node in the sorting service: a lot of any run, or a node any centre received. */
  takenNodeIds(queryable: Queryable, nodeIds: readonly string[]): Promise<ReadonlySet<string>>;
  findReceipt(queryable: Queryable, receiptId: string): Promise<NodeReceivedAtCentre | undefined>;
  findRun(queryable: Queryable, runId: string): Promise<SortingRunCompleted | undefined>;
  findLot(queryable: Queryable, lotId: string): Promise<LotView | undefined>;
  /** What the centre holds now: lines with grams > 0, ordered by node id (byte order); empty for an unknown centre. */
  centreStock(queryable: Queryable, centreId: string): Promise<readonly StockLine[]>;
}

/** How a domain event goes on the wire (the protobuf adapter implements it). */
export type ToOutboxMessage = EventToMessage<SortingEvent>;

/** What the application needs from the outside: these ports, a database and the runner's options. */
export interface SortingApplicationDependencies extends ApplicationDependencies<SortingStores, SortingEvent> {
  readonly queries: SortingQueries;
}
