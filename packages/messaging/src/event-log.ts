import type { EventRecord, LoggedEvent } from './event-record.ts';

/** Events of one (topic, partition), in log order, handed to a consumer in one call. */
export interface EventBatch {
  readonly topic: string;
  readonly partition: number;
  readonly events: readonly LoggedEvent[];
  /** The position the next event of this (topic, partition) will get, as of the read: lag = highWatermark - (last offset + 1). */
  readonly highWatermark: bigint;
}

export interface SubscribeOptions {
  /** Consumers sharing a group id share the work and the committed positions. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Processes one batch. When it resolves, the batch's position is committed; when it throws, nothing is
   * committed and the same events are delivered again (at least once). Handlers must be idempotent.
   */
  readonly handleBatch: (batch: EventBatch) => Promise<void>;
  /**
   * The consumer's own stored position for a partition, if it keeps one (the ledger stores positions with its
   * data). When it returns an offset, consumption of that partition resumes right after it, whatever the log's
   * committed position says: the log's positions are a hint, the consumer's are the truth. `-1n` says that its data
   * holds nothing of the partition yet (fresh or rebuilt tables), so consumption starts at the log's start; undefined
   * leaves the choice to the group's committed position.
   */
  readonly storedPosition?: (topic: string, partition: number) => Promise<bigint | undefined>;
  /** Upper bound of events per handleBatch call. */
  readonly maxBatchSize?: number;
  /**
   * How many partitions' batches may be in handleBatch at once (default 1). Batches of one partition are always
   * handled one after another, in order. More lets a consumer whose handler waits on I/O (a database) decode the
   * next batch meanwhile. The embedded PostgreSQL log has one partition per topic and handles them one at a time.
   */
  readonly concurrentPartitions?: number;
  /** Called when handleBatch throws, before the events are redelivered. */
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Stops fetching, waits for the batch in hand to finish, leaves the group. */
  stop(): Promise<void>;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions?: number;
}

/**
 * The event transport. Two adapters pass one contract suite: Kafka (@platformatic/kafka) for production and scale-out, and
 * PostgreSQL for the embedded single-process mode.
 */
export interface EventLog {
  readonly transport: 'kafka' | 'postgres';
  /**
   * Creates topics that do not exist yet (topics are never auto-created). A log that may not create them (Kafka with
   * creation off) rejects with a MissingTopicsError naming them.
   */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Appends events durably, preserving their order per (topic, key). Resolves once the log has them. */
  publish(records: readonly EventRecord[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Per partition of a topic, the position the next event will get (exclusive end; for lag and tests). */
  endOffsets(topic: string): Promise<ReadonlyMap<number, bigint>>;
  close(): Promise<void>;
}
