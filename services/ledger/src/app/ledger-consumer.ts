import { eventTopics } from '@vezel/contracts';
import type { EventLog, Subscription } from '@vezel/messaging';
import type { LedgerEventBatch } from './ledger-event-batch.ts';
import type { DecodeEventBatch, LedgerStorage } from './ledger-storage.ts';

/** The consumer group of the ledger: one projection, however many processes share the partitions. */
export const LEDGER_GROUP_ID = 'vezel-ledger';

export interface LedgerConsumerOptions {
  /** Where the facts and positions go: the live tables, or a rebuild's. */
  readonly storage: LedgerStorage;
  readonly decode: DecodeEventBatch;
  readonly eventLog: EventLog;
  /** The topics to read; the four chain topics unless a test gives its own. */
  readonly topics?: readonly string[];
  readonly groupId?: string;
  /** Events per transaction; default 2,000 (a commit per batch is a fixed cost, a larger batch holds more memory). */
  readonly maxBatchSize?: number;
  /**
   * Partitions applied at once; default 4. Their transactions touch different positions and lock shared rows in
   * one order, so they do not block each other; meanwhile the process decodes the next batch instead of waiting on
   * the database, which doubled the apply rate on two cores.
   */
  readonly concurrentPartitions?: number;
  /** Told of every batch once it is committed (for metrics, and for tests that check what was applied). */
  readonly onBatchApplied?: (batch: LedgerEventBatch, highWatermark: bigint) => void;
  /** Hears failed batches (they are delivered again) and transport errors. */
  readonly onError?: (error: unknown) => void;
  /** Whether applied events join the partner feed; default true. A rebuild's replay does not (they have positions). */
  readonly feed?: boolean;
}

/**
 * Starts consuming the chain's events into the fact store. Each batch is decoded (bad events become rejected rows)
 * and stored with its position in one transaction (`LedgerStorage.applyBatch`). On assignment the event log asks
 * `storedPosition`, answered from the ledger's own positions table, so after a crash or restart consumption
 * resumes right after the last event the ledger's data holds, whatever offsets the broker has committed.
 */
export async function startLedgerConsumer(options: LedgerConsumerOptions): Promise<Subscription> {
  const { storage } = options;
  return options.eventLog.subscribe({
    groupId: options.groupId ?? LEDGER_GROUP_ID,
    topics: options.topics ?? eventTopics,
    storedPosition: (topic, partition) => storage.storedPosition(topic, partition),
    handleBatch: async (batch) => {
      if (batch.events.length === 0) return;
      const decoded = options.decode(batch);
      await storage.applyBatch(decoded, { feed: options.feed !== false });
      options.onBatchApplied?.(decoded, batch.highWatermark);
    },
    maxBatchSize: options.maxBatchSize ?? 2_000,
    concurrentPartitions: options.concurrentPartitions ?? 4,
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
}
