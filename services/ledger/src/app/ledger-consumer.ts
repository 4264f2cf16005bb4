import { eventTopics } from '@vezel/contracts';
import type { EventBatch, EventLog, Subscription } from '@vezel/messaging';
import { runWithBatchTraceContext, type BatchSpanOptions } from '@vezel/telemetry';
import type { LedgerEventBatch } from './ledger-event-batch.ts';
import type { DecodeEventBatch, LedgerStorage } from './ledger-storage.ts';
import { LedgerTablesReplacedError } from './ledger-tables-replaced-error.ts';

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
  /**
   * How often to look whether a rebuild (in any process) swapped other tables in; default 2 s. A batch finds out by
   * itself (LedgerTablesReplacedError), but a partition that receives nothing would otherwise keep its position in
   * memory past events the new tables lack until its next event.
   */
  readonly tablesWatchMs?: number;
  /** Told when the consumer starts again on tables a rebuild swapped in. */
  readonly onTablesReplaced?: () => void;
}

/**
 * Starts consuming the chain's events into the fact store. Each batch is decoded (bad events become rejected rows)
 * and stored with its position in one transaction (`LedgerStorage.applyBatch`). On assignment the event log asks
 * `storedPosition`, answered from the ledger's own positions table, so after a crash or restart consumption
 * resumes right after the last event the ledger's data holds, whatever offsets the broker has committed.
 *
 * When a rebuild (in this process or another one of the group) swaps fresh tables in, the positions this consumer
 * holds in memory belong to the old tables: it may have applied events there that the rebuild's replay stopped
 * before. So it leaves the group and subscribes again, resuming from the new tables' stored positions, as soon as a
 * batch finds the tables replaced or its periodic look does.
 *
 * Each batch is decoded and stored inside a CONSUMER span `process <topic>` linked to every event's publish span
 * (from its `traceparent` header) and, when there is just one, its child: a command's trace then runs on into the
 * ledger, with the apply's pg spans under it.
 */
export async function startLedgerConsumer(options: LedgerConsumerOptions): Promise<Subscription> {
  const { storage, eventLog } = options;
  const groupId = options.groupId ?? LEDGER_GROUP_ID;
  let current: { readonly subscription: Subscription; readonly tables: string } | undefined;
  let restarting: Promise<void> | undefined;
  let stopped = false;

  const subscribe = async (): Promise<void> => {
    // Before the positions are read: tables swapped in between make the first batch fail the check, never pass it.
    const tables = await storage.tablesId();
    const subscription = await eventLog.subscribe({
      groupId,
      topics: options.topics ?? eventTopics,
      storedPosition: (topic, partition) => storage.storedPosition(topic, partition),
      handleBatch: async (batch) => {
        if (batch.events.length === 0) return;
        const decoded = await runWithBatchTraceContext(
          batch.events.map((event) => event.headers),
          `process ${batch.topic}`,
          processSpanOptions(batch, groupId, eventLog.transport),
          async () => {
            const applied = options.decode(batch);
            try {
              await storage.applyBatch(applied, { feed: options.feed !== false, tables });
            } catch (error) {
              // Only this consumer's current subscription asks: before it stands, or once replaced, the batch
              // just fails and comes back.
              if (error instanceof LedgerTablesReplacedError && current?.tables === tables) restart();
              throw error;
            }
            return applied;
          },
        );
        // Outside the span: what it wakes (the refresher) is not part of this apply and must not run in its trace.
        options.onBatchApplied?.(decoded, batch.highWatermark);
      },
      maxBatchSize: options.maxBatchSize ?? 2_000,
      concurrentPartitions: options.concurrentPartitions ?? 4,
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
    current = { subscription, tables };
  };

  // Not awaited by the batch that asks for it: stopping the subscription waits for that batch to end.
  const restart = (): void => {
    if (restarting !== undefined || stopped) return;
    restarting = (async () => {
      const previous = current;
      current = undefined;
      await previous?.subscription.stop();
      if (stopped) return;
      await subscribe();
      options.onTablesReplaced?.();
    })()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        restarting = undefined;
      });
  };

  await subscribe();
  // Started once the first subscription stands: a tick before that would take the consumer for one whose restart
  // failed and subscribe a second time.
  const watch = setInterval(() => {
    if (stopped || restarting !== undefined) return;
    // A failed restart (the log unreachable) is tried again here.
    if (current === undefined) {
      restart();
      return;
    }
    const watched = current;
    storage.tablesId().then(
      (now) => {
        // Compared with the subscription it was asked for: one started meanwhile has its own tables.
        if (now !== watched.tables && current === watched) restart();
      },
      (error: unknown) => options.onError?.(error),
    );
  }, options.tablesWatchMs ?? 2_000);
  watch.unref();

  return {
    stop: async () => {
      stopped = true;
      clearInterval(watch);
      await restarting;
      await current?.subscription.stop();
      current = undefined;
    },
  };
}

/**
 * The "process" span over one batch of one partition, with the messaging semantic conventions' attributes. It links
 * to each event's publish (W3C `traceparent` in its headers), and the apply's pg spans are its children.
 */
function processSpanOptions(batch: EventBatch, groupId: string, transport: EventLog['transport']): BatchSpanOptions {
  const attributes = {
    'messaging.system': transport,
    'messaging.operation.name': 'process',
    'messaging.operation.type': 'process',
    'messaging.destination.name': batch.topic,
    'messaging.destination.partition.id': String(batch.partition),
    'messaging.consumer.group.name': groupId,
    'messaging.batch.message_count': batch.events.length,
  };
  return { attributes };
}
