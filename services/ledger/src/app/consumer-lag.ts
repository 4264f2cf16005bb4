import type { LedgerEventBatch } from './ledger-event-batch.ts';
import type { LedgerLag } from './ledger-queries.ts';

/** A topic's lag: events not yet applied over its partitions, and how old the oldest partition's last event is. */
export interface TopicLag {
  readonly events: number;
  readonly seconds: number;
}

/** What the consumer's batches say about how far behind the ledger is, and whether it is catching up. */
export interface ConsumerLag {
  /** Takes note of an applied batch and the partition's end offset then; answers its topic's lag. */
  record(batch: Pick<LedgerEventBatch, 'topic' | 'partition' | 'lastOffset' | 'lastEventAt'>, end: bigint): TopicLag;
  /** Whether some partition was more than a batch behind at its last batch, and batches are still coming. */
  isBusy(): boolean;
}

export interface ConsumerLagOptions {
  /** Milliseconds since the epoch; `Date.now` unless a test sets the time. */
  readonly now?: () => number;
  /** Events behind beyond which a partition is catching up (a full batch; default 1,000). */
  readonly busyBeyondEvents?: number;
  /** How long a partition's last batch says anything (default 2 s): a partition quiet since then is not busy. */
  readonly busyForMs?: number;
}

interface PartitionLag {
  readonly topic: string;
  readonly events: number;
  readonly seconds: number;
  readonly at: number;
}

/**
 * Lag as the consumer sees it, per partition. The refresher holds back while the ledger catches up, so the marks of
 * a burst coalesce and the apply path gets the CPU. The metrics do not use it: it only changes when a batch is
 * applied, so it would go stale while the consumer stalls ({@link lagByTopic} reads the lag afresh).
 */
export function createConsumerLag(options: ConsumerLagOptions = {}): ConsumerLag {
  const now = options.now ?? Date.now;
  const busyBeyondEvents = options.busyBeyondEvents ?? 1_000;
  const busyForMs = options.busyForMs ?? 2_000;
  const partitions = new Map<string, PartitionLag>();
  return {
    record(batch, end) {
      const at = now();
      const behind = end > batch.lastOffset + 1n ? Number(end - batch.lastOffset - 1n) : 0;
      // Seconds behind are measured from the business time of the last applied event: an upper bound.
      const seconds = behind === 0 || batch.lastEventAt === undefined ? 0 : (at - batch.lastEventAt.getTime()) / 1000;
      partitions.set(`${batch.topic}\u0000${batch.partition}`, { topic: batch.topic, events: behind, seconds, at });
      let events = 0;
      let oldest = 0;
      for (const lag of partitions.values()) {
        if (lag.topic !== batch.topic) continue;
        events += lag.events;
        oldest = Math.max(oldest, lag.seconds);
      }
      return { events, seconds: oldest };
    },
    isBusy() {
      const at = now();
      for (const lag of partitions.values()) if (lag.events > busyBeyondEvents && at - lag.at < busyForMs) return true;
      return false;
    },
  };
}

/** A topic's lag as read now; `seconds` is absent when no partition behind has a known last applied event. */
export interface CurrentTopicLag {
  readonly topic: string;
  readonly events: number;
  readonly seconds?: number;
}

/**
 * The ledger's lag per topic, from its stored positions and the log's ends as read now (`LedgerQueries.lag`), so
 * it keeps rising while the consumer stalls and reads 0 while it idles: events summed over the partitions, seconds
 * the oldest partition's. A partition never applied is behind by an unknown time and left out of the seconds.
 */
export function lagByTopic(lag: Pick<LedgerLag, 'partitions'>): CurrentTopicLag[] {
  const topics = new Map<string, { events: number; seconds: number | undefined }>();
  for (const partition of lag.partitions) {
    const topic = topics.get(partition.topic) ?? { events: 0, seconds: undefined };
    topic.events += partition.eventsBehind;
    if (partition.eventsBehind > 0 && partition.secondsBehind !== undefined) {
      topic.seconds = Math.max(topic.seconds ?? 0, partition.secondsBehind);
    }
    topics.set(partition.topic, topic);
  }
  return [...topics].map(([topic, { events, seconds }]) => {
    const known = events === 0 ? 0 : seconds;
    return known === undefined ? { topic, events } : { topic, events, seconds: known };
  });
}
