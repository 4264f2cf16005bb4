import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConnectionPool,
  Consumer,
  ListOffsetTimestamps,
  findErrorBy,
  protocolErrors,
  type BaseOptions,
  type GroupAssignment,
} from '@platformatic/kafka';
import { Backoff } from '../backoff.ts';
import type { EventBatch, SubscribeOptions, Subscription } from '../event-log.ts';
import type { LoggedEvent } from '../event-record.ts';
import { WakeSignal } from '../wake-signal.ts';
import { fetchedEvents } from './fetched-events.ts';
import type { KafkaClientLog } from './kafka-client-log.ts';
import { kafkaErrorMessage } from './kafka-error-message.ts';
import { logConnectionPoolEvents, logKafkaClientEvents } from './log-kafka-client-events.ts';

/** What a subscription shares with the other clients of its event log. */
export interface PlatformaticSubscriptionSettings {
  readonly client: Pick<BaseOptions, 'clientId' | 'bootstrapBrokers' | 'retries' | 'retryDelay' | 'sasl' | 'tls'>;
  readonly sessionTimeoutMs: number;
  readonly log: KafkaClientLog;
}

// The broker holds an empty fetch this long; it bounds both delivery latency when idle and how long stop() waits.
const FETCH_WAIT_MS = 500;
// Bounds what one fetch holds in memory (every record decoded into objects at once): 1 MiB a partition as under
// kafkajs, but 4 MiB in all, not 8, as events also wait decoded below.
const MAX_BYTES_PER_PARTITION = 1024 * 1024;
const MAX_BYTES = 4 * 1024 * 1024;
// A partition is fetched again while less than a fetch's worth of it waits, so the next fetch overlaps the handling;
// all partitions together keep at most this much waiting (records' bytes). With 8 MiB here and per fetch, a
// consumer of 12 partitions peaked about 70 MiB higher (heap and resident) and was no faster.
const MAX_WAITING_BYTES = 4 * 1024 * 1024;
// As kafkajs waits for members to rejoin; ours rejoin at their next heartbeat, so it is rarely waited out.
const REBALANCE_TIMEOUT_MS = 60_000;
// kafkajs's name for round robin: members of both clients can then share a group (a rolling upgrade).
const PROTOCOL = { name: 'RoundRobinAssigner', version: 1 };

type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;
type FetchRequestTopic = Parameters<Consumer['fetch']>[0]['topics'][number];

/** One assigned partition of the current generation, positioned: where to fetch, and what waits to be handled. */
interface Lane {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  fetchOffset: bigint;
  readonly fetched: LoggedEvent[];
  /** Record sizes of the fetched events, and their sum. */
  readonly sizes: number[];
  bytes: number;
  highWatermark: bigint;
  queued: boolean;
}

const laneKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/**
 * A consumer group member on @platformatic/kafka that hands each assigned partition's events to `handleBatch` in
 * order and commits after each batch. The client keeps the membership (join, heartbeats, rejoin on a rebalance);
 * fetching is ours, so that each (re)assignment starts where the owner's stored position says, and each batch
 * carries its partition's high watermark.
 */
export async function subscribeWithPlatformatic(
  settings: PlatformaticSubscriptionSettings,
  options: SubscribeOptions,
): Promise<Subscription> {
  const { log } = settings;
  const maxBatchSize = options.maxBatchSize ?? 1_000;
  const concurrency = Math.max(1, options.concurrentPartitions ?? 1);
  const consumer = new Consumer({
    ...settings.client,
    groupId: options.groupId,
    autocommit: false,
    sessionTimeout: settings.sessionTimeoutMs,
    heartbeatInterval: Math.min(3_000, Math.floor(settings.sessionTimeoutMs / 3)),
    rebalanceTimeout: Math.max(REBALANCE_TIMEOUT_MS, settings.sessionTimeoutMs),
    protocols: [PROTOCOL],
  });
  // Fetches wait on the broker for up to FETCH_WAIT_MS; on their own connections they never hold up a heartbeat or
  // a commit behind them.
  const fetchConnections = new ConnectionPool(settings.client.clientId, {
    ...(settings.client.sasl === undefined ? {} : { sasl: settings.client.sasl }),
    ...(settings.client.tls === undefined ? {} : { tls: settings.client.tls }),
  });
  logKafkaClientEvents(consumer, log);
  logConnectionPoolEvents(fetchConnections, log);

  let stopping = false;
  let stopped: Promise<void> | undefined;
  const stopSignal = new AbortController();
  const fetchWake = new WakeSignal();
  let generation = 0;
  /** Partitions of the current assignment, positioned or not yet. */
  let assigned = new Set<string>();
  /** Positioned partitions of the current assignment. */
  let lanes = new Map<string, Lane>();
  /** Per partition, the offset after the last event handled here: never fetched again by this member. */
  const handled = new Map<string, bigint>();
  /** Per partition, the batch being handled, so a new assignment of it waits for it. */
  const inHand = new Map<string, Promise<void>>();
  /** Per partition, the position waiting to be committed and the commit under way. */
  const commits = new Map<string, { next: bigint | undefined; flushing: Promise<void> | undefined }>();
  const waiting: Lane[] = [];
  let working = 0;
  let rejoining = false;

  // Every back-off ends at once when the subscription stops.
  const pause = (ms: number): Promise<void> =>
    sleep(ms, undefined, { signal: stopSignal.signal }).catch(() => undefined);

  consumer.on('consumer:group:join', (payload) => assign(payload.assignments ?? []));
  // A rejoin after a failed heartbeat failed too: the client sends no more heartbeats, so join again ourselves.
  consumer.on('error', () => rejoin());

  consumer.topics.trackAll(...options.topics);
  try {
    await consumer.joinGroup({});
  } catch (error) {
    stopping = true;
    await closeClients();
    throw error;
  }
  const fetching = fetchLoop();

  return {
    stop() {
      stopped ??= (async () => {
        stopping = true;
        stopSignal.abort();
        fetchWake.wake();
        // Batches in hand finish and commit; nothing new starts.
        while (inHand.size > 0) await Promise.all(inHand.values());
        await Promise.all([...commits.keys()].map(settled));
        await closeClients();
        await fetching;
      })();
      return stopped;
    },
  };

  /** Resolves once the partition's batch in hand (if any) is handled and its position committed. */
  async function settled(key: string): Promise<void> {
    await inHand.get(key);
    await commits.get(key)?.flushing;
  }

  async function closeClients(): Promise<void> {
    // Leaving the group hands the partitions to the others at once, without waiting for the session to expire.
    await consumer.close().catch((error: unknown) => log.warn('closing the consumer failed', { error }));
    await fetchConnections.close().catch((error: unknown) => log.warn('closing fetch connections failed', { error }));
  }

  function assign(assignments: readonly GroupAssignment[]): void {
    generation++;
    const current = generation;
    const wanted = assignments.flatMap(({ topic, partitions }) =>
      partitions.map((partition) => ({ topic, partition, key: laneKey(topic, partition) })),
    );
    assigned = new Set(wanted.map(({ key }) => key));
    // Events fetched for the previous assignment are dropped: whoever holds a partition now fetches them again.
    lanes = new Map();
    waiting.length = 0;
    fetchWake.wake();
    void (async () => {
      const backoff = new Backoff();
      while (!stopping && current === generation) {
        try {
          // A batch of these partitions still in hand from before finishes first, so that where it got to counts.
          await Promise.all(wanted.map(({ key }) => settled(key)));
          const positioned = await positions(assignments, wanted);
          if (stopping || current !== generation) return;
          for (const { topic, partition, key } of wanted) {
            const fetchOffset = positioned.get(key) ?? 0n;
            lanes.set(key, {
              topic,
              partition,
              key,
              fetchOffset,
              fetched: [],
              sizes: [],
              bytes: 0,
              highWatermark: fetchOffset,
              queued: false,
            });
          }
          fetchWake.wake();
          return;
        } catch (error) {
          if (stopping || current !== generation) return;
          log.warn('positioning the assigned partitions failed; retrying', { error });
          await pause(backoff.next());
        }
      }
    })();
  }

  /**
   * Where each assigned partition resumes: right after the owner's stored position when it has one (the log's start
   * when it says it holds nothing), else after whichever is further, the group's committed offset or what this
   * member handled; else the log's start.
   */
  async function positions(
    assignments: readonly GroupAssignment[],
    wanted: readonly { topic: string; partition: number; key: string }[],
  ): Promise<Map<string, bigint>> {
    const result = new Map<string, bigint>();
    if (wanted.length === 0) return result;
    const held = assignments.filter(({ partitions }) => partitions.length > 0);
    const committed = await consumer.listCommittedOffsets({
      topics: held.map(({ topic, partitions }) => ({ topic, partitions })),
    });
    const behind: { topic: string; partition: number; offset: bigint }[] = [];
    const unknown = new Map<string, number[]>();
    for (const { topic, partition, key } of wanted) {
      const stored = await options.storedPosition?.(topic, partition);
      if (stored !== undefined && stored >= 0n) {
        result.set(key, stored + 1n);
        continue;
      }
      // The owner's data holds nothing of this partition: the log's start, whatever the group committed. Offset 0
      // may be gone (retention), so the start is looked up.
      if (stored !== undefined) {
        unknown.set(topic, [...(unknown.get(topic) ?? []), partition]);
        continue;
      }
      const groupOffset = committed.get(topic)?.[partition] ?? -1n;
      const own = handled.get(key);
      const further = own !== undefined && own > groupOffset ? own : groupOffset;
      if (further >= 0n) {
        result.set(key, further);
        if (own !== undefined && own > groupOffset) behind.push({ topic, partition, offset: own });
      } else {
        unknown.set(topic, [...(unknown.get(topic) ?? []), partition]);
      }
    }
    if (unknown.size > 0) {
      const earliest = await consumer.listOffsets({
        topics: [...unknown.keys()],
        partitions: Object.fromEntries(unknown),
        timestamp: ListOffsetTimestamps.EARLIEST,
      });
      for (const [topic, partitions] of unknown) {
        for (const partition of partitions)
          result.set(laneKey(topic, partition), earliest.get(topic)?.[partition] ?? 0n);
      }
    }
    // Batches handled while the group was rejoining could not be committed then.
    if (behind.length > 0) {
      await consumer
        .commit({ offsets: behind.map((entry) => ({ ...entry, leaderEpoch: -1 })) })
        .catch((error: unknown) => log.warn('committing positions after a rebalance failed', { error }));
    }
    return result;
  }

  async function fetchLoop(): Promise<void> {
    const backoff = new Backoff();
    let inactiveSince: number | undefined;
    while (!stopping) {
      // Membership lost outside a heartbeat (a failed rejoin after a refused commit) is not retried by the client.
      if (consumer.isActive()) inactiveSince = undefined;
      else if (inactiveSince === undefined) inactiveSince = Date.now();
      else if (Date.now() - inactiveSince > REBALANCE_TIMEOUT_MS + settings.sessionTimeoutMs) {
        inactiveSince = undefined;
        rejoin();
      }
      const all = [...lanes.values()];
      const waitingBytes = all.reduce((sum, lane) => sum + lane.bytes, 0);
      const ready = waitingBytes < MAX_WAITING_BYTES ? all.filter((lane) => lane.bytes < MAX_BYTES_PER_PARTITION) : [];
      if (ready.length === 0) {
        await fetchWake.wait(1_000);
        continue;
      }
      try {
        await fetchOnce(ready);
        backoff.reset();
      } catch (error) {
        if (stopping) return;
        log.error(`fetching from Kafka failed: ${kafkaErrorMessage(error)}`, { error });
        consumer.clearMetadata();
        await pause(backoff.next());
      }
    }
  }

  /** One fetch per broker leading some of the `ready` partitions, from each partition's next offset. */
  async function fetchOnce(ready: readonly Lane[]): Promise<void> {
    const metadata = await consumer.metadata({ topics: [...new Set(ready.map(({ topic }) => topic))] });
    const names = new Map<string, string>();
    const byNode = new Map<number, Map<string, FetchRequestTopic>>();
    const requested = new Map<string, { lane: Lane; offset: bigint }>();
    for (const lane of ready) {
      const topic = metadata.topics.get(lane.topic);
      const leader = topic?.partitions[lane.partition]?.leader;
      if (topic === undefined || leader === undefined || leader < 0) continue;
      names.set(topic.id, lane.topic);
      const topics = byNode.get(leader) ?? new Map<string, FetchRequestTopic>();
      byNode.set(leader, topics);
      const request = topics.get(topic.id) ?? { topicId: topic.id, partitions: [] };
      topics.set(topic.id, request);
      request.partitions.push({
        partition: lane.partition,
        fetchOffset: lane.fetchOffset,
        partitionMaxBytes: MAX_BYTES_PER_PARTITION,
        currentLeaderEpoch: -1,
        lastFetchedEpoch: -1,
      });
      requested.set(lane.key, { lane, offset: lane.fetchOffset });
    }
    if (byNode.size === 0) throw new Error('no leader known for the assigned partitions');
    await Promise.all(
      [...byNode].map(async ([node, topics]) => {
        let response: FetchResponse;
        try {
          response = await consumer.fetch({
            node,
            topics: [...topics.values()],
            connectionPool: fetchConnections,
            maxWaitTime: FETCH_WAIT_MS,
            maxBytes: MAX_BYTES,
          });
        } catch (error) {
          if (await restartedOutOfRange(error, names, requested)) return;
          throw error;
        }
        deliver(response, names, requested);
      }),
    );
  }

  function deliver(
    response: FetchResponse,
    names: ReadonlyMap<string, string>,
    requested: ReadonlyMap<string, { lane: Lane; offset: bigint }>,
  ): void {
    if (stopping) return;
    for (const { topicId, partitions } of response.responses) {
      const topic = names.get(topicId);
      if (topic === undefined) continue;
      for (const answer of partitions) {
        const request = requested.get(laneKey(topic, answer.partitionIndex));
        // A rebalance while the fetch was under way: the partition is positioned anew (or someone else's now).
        if (request === undefined || lanes.get(request.lane.key) !== request.lane) continue;
        const { lane } = request;
        if (lane.fetchOffset !== request.offset) continue;
        lane.highWatermark = answer.highWatermark;
        const { events, sizes, next } = fetchedEvents(topic, lane.partition, answer.records ?? [], request.offset);
        lane.fetchOffset = next;
        // One at a time: spreading a large fetch into push() could exceed the engine's argument limit.
        for (const [index, event] of events.entries()) {
          lane.fetched.push(event);
          lane.sizes.push(sizes[index] ?? 0);
          lane.bytes += sizes[index] ?? 0;
        }
        if (lane.fetched.length > 0) schedule(lane);
      }
    }
  }

  /**
   * A partition's position is outside its log (the log was truncated by retention, or the owner's stored position
   * belongs to an older topic): it starts again from the log's start, as a new group would.
   */
  async function restartedOutOfRange(
    error: unknown,
    names: ReadonlyMap<string, string>,
    requested: ReadonlyMap<string, { lane: Lane; offset: bigint }>,
  ): Promise<boolean> {
    if (!(error instanceof Error) || findErrorBy(error, 'apiId', 'OFFSET_OUT_OF_RANGE') === null) return false;
    const { response } = error as { response?: FetchResponse };
    if (response === undefined) return false;
    for (const { topicId, partitions } of response.responses) {
      const topic = names.get(topicId);
      if (topic === undefined) continue;
      for (const answer of partitions) {
        if (answer.errorCode !== protocolErrors['OFFSET_OUT_OF_RANGE']?.code) continue;
        const request = requested.get(laneKey(topic, answer.partitionIndex));
        if (request === undefined || lanes.get(request.lane.key) !== request.lane) continue;
        log.warn(`offset ${request.offset} is outside ${request.lane.key}; starting from ${answer.logStartOffset}`);
        request.lane.fetchOffset = answer.logStartOffset;
      }
    }
    return true;
  }

  function schedule(lane: Lane): void {
    if (lane.queued || stopping) return;
    lane.queued = true;
    waiting.push(lane);
    pump();
  }

  /** Starts batches while fewer than `concurrency` are in hand, one partition at a time each, round robin. */
  function pump(): void {
    while (working < concurrency && !stopping) {
      const lane = waiting.shift();
      if (lane === undefined) return;
      lane.queued = false;
      if (lanes.get(lane.key) !== lane || lane.fetched.length === 0 || inHand.has(lane.key)) continue;
      working++;
      const work = handleNext(lane)
        .catch((error: unknown) => log.error('handling a batch failed unexpectedly', { error }))
        .finally(() => {
          working--;
          inHand.delete(lane.key);
          if (lane.fetched.length > 0 && lanes.get(lane.key) === lane) schedule(lane);
          pump();
        });
      inHand.set(lane.key, work);
    }
  }

  async function handleNext(lane: Lane): Promise<void> {
    const events = lane.fetched.splice(0, maxBatchSize);
    lane.bytes -= lane.sizes.splice(0, events.length).reduce((sum, size) => sum + size, 0);
    if (lane.bytes < MAX_BYTES_PER_PARTITION) fetchWake.wake();
    const last = events[events.length - 1];
    if (last === undefined) return;
    const batch: EventBatch = {
      topic: lane.topic,
      partition: lane.partition,
      events,
      highWatermark: lane.highWatermark,
    };
    const backoff = new Backoff();
    for (;;) {
      try {
        await options.handleBatch(batch);
        break;
      } catch (error) {
        options.onError?.(error);
        await pause(backoff.next());
        // Stopping, or the partition was assigned anew meanwhile: whoever holds it next delivers these again.
        if (stopping || lanes.get(lane.key) !== lane) return;
      }
    }
    const next = last.offset + 1n;
    if ((handled.get(lane.key) ?? -1n) < next) handled.set(lane.key, next);
    commitSoon(lane, next);
  }

  /**
   * Commits `offset` for the lane's partition after the commits before it, without holding up its next batch: a
   * commit waits a round trip, often behind a fetch being decoded. While one is under way only the latest position
   * waits, so a partition's commits never overtake each other and never pile up.
   */
  function commitSoon(lane: Lane, offset: bigint): void {
    const state = commits.get(lane.key) ?? { next: undefined, flushing: undefined };
    commits.set(lane.key, state);
    state.next = offset;
    state.flushing ??= (async () => {
      for (let position = state.next; position !== undefined; position = state.next) {
        state.next = undefined;
        await commit(lane, position);
      }
      state.flushing = undefined;
    })();
  }

  async function commit(lane: Lane, offset: bigint): Promise<void> {
    // A partition that went to another member: the group refuses the commit, and the refusal makes the client rejoin.
    if (!assigned.has(lane.key)) return;
    // Mid-rejoin a commit is refused too; the position is committed once the partitions are positioned again.
    if (!consumer.isActive()) return;
    try {
      await consumer.commit({ offsets: [{ topic: lane.topic, partition: lane.partition, offset, leaderEpoch: -1 }] });
    } catch (error) {
      log.warn(`committing ${lane.key} at ${offset} failed`, { error });
    }
  }

  function rejoin(): void {
    if (rejoining || stopping) return;
    rejoining = true;
    void (async () => {
      const backoff = new Backoff(500, 10_000);
      while (!stopping) {
        try {
          await consumer.joinGroup({});
          return;
        } catch (error) {
          log.error(`joining group ${options.groupId} failed; retrying`, { error });
          await pause(backoff.next());
        }
      }
    })().finally(() => {
      rejoining = false;
    });
  }
}
