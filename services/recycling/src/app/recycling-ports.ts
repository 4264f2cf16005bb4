import type { Queryable } from '@vezel/db';
import type { AggregateStore, EventToMessage, ApplicationDependencies } from '@vezel/service-kit';
import type {
  LotReceivedByProcessor,
  NodeDisposed,
  ProcessingRunCompleted,
  ProcessingRunOutput,
  ProcessorStock,
  RecyclingEvent,
} from '../domain/index.ts';

/** Where the recycling aggregate is kept, and what the app layer checks beyond it (the postgres adapter implements these). */
export interface RecyclingStores {
  /** Each processor's stock, keyed by processor id; loads only the stock lines a command reads when told its parts. */
  readonly stock: AggregateStore<ProcessorStock, RecyclingEvent>;
  /**
   * Which of `nodeIds` already name a node the recycling service knows: a product of any processor's run, or a lot
   * any processor received. Node ids are unique across the chain; a processor's own stock only covers its part.
   */
  readonly takenNodeIds: (queryable: Queryable, nodeIds: readonly string[]) => Promise<readonly string[]>;
}

/** A product as recorded: the run output, with the run and processor that made it. */
export interface RecordedProduct extends ProcessingRunOutput {
  readonly runId: string;
  readonly processorId: string;
  readonly completedAt: Date;
}

/** The recorded facts, read by id for the `GET`s. Each answers `undefined` for an id it has not recorded. */
export interface RecyclingRecords {
  findReceipt(queryable: Queryable, receiptId: string): Promise<Omit<LotReceivedByProcessor, 'type'> | undefined>;
  findRun(queryable: Queryable, runId: string): Promise<Omit<ProcessingRunCompleted, 'type'> | undefined>;
  findDisposal(queryable: Queryable, disposalId: string): Promise<Omit<NodeDisposed, 'type'> | undefined>;
  findProduct(queryable: Queryable, productId: string): Promise<RecordedProduct | undefined>;
}

/** How a domain event goes on the wire (the protobuf adapter implements it). */
export type ToOutboxMessage = EventToMessage<RecyclingEvent>;

/** What the application needs from the outside: these ports, a database and the runner's options. */
export interface RecyclingApplicationDependencies extends ApplicationDependencies<RecyclingStores, RecyclingEvent> {
  readonly records: RecyclingRecords;
}
