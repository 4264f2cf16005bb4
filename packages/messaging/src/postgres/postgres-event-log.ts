import { randomUUID } from 'node:crypto';
import type { Db } from '@vezel/db';
import { InvalidInputError } from '@vezel/errors';
import { SubscriptionRegistry } from '../subscription-registry.ts';
import type { EventLog, SubscribeOptions, Subscription, TopicSpec } from '../event-log.ts';
import type { EventHeaders, EventRecord, LoggedEvent } from '../event-record.ts';
import { PollingLoop } from '../polling-loop.ts';
import { EVENT_LOG_CHANNEL, EVENT_LOG_WRITE_LOCK, eventLogSchemaSql } from './event-log-schema.ts';

export interface PostgresEventLogOptions {
  readonly db: Db;
  /** How long a consumer owns a (group, topic) without renewing; a crashed consumer's work moves on after it. */
  readonly leaseMs?: number;
  /** Poll interval when no NOTIFY arrives (a NOTIFY can be missed across reconnects). */
  readonly pollIntervalMs?: number;
}

// Keeps one INSERT well under PostgreSQL's 65,535 bind parameters (4 per row).
const rowsPerInsert = 2_000;

/**
 * The PostgreSQL adapter of the EventLog port: an append-only table read by position. One partition per topic;
 * consumer groups keep their position in a table, and one member at a time owns a (group, topic) through a lease.
 */
export async function createPostgresEventLog(options: PostgresEventLogOptions): Promise<EventLog> {
  const { db } = options;
  const leaseMs = options.leaseMs ?? 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  await db.query(eventLogSchemaSql);
  const subscriptions = new SubscriptionRegistry();

  async function knownTopics(names: readonly string[]): Promise<void> {
    const { rows } = await db.query<{ name: string }>(
      `select name from event_log_topics where name = any($1::text[])`,
      [[...new Set(names)]],
    );
    const known = new Set(rows.map((row) => row.name));
    const unknown = names.find((name) => !known.has(name));
    if (unknown !== undefined) {
      throw new InvalidInputError(`topic ${unknown} does not exist; create it with ensureTopics`, { field: 'topic' });
    }
  }

  return {
    transport: 'postgres',

    async ensureTopics(topics: readonly TopicSpec[]) {
      for (const topic of topics) {
        await db.query(`insert into event_log_topics (name) values ($1) on conflict do nothing`, [topic.name]);
      }
    },

    async publish(records: readonly EventRecord[]) {
      if (records.length === 0) return;
      await knownTopics(records.map((record) => record.topic));
      await db.transaction(async (tx) => {
        await tx.query(`select pg_advisory_xact_lock($1)`, [EVENT_LOG_WRITE_LOCK]);
        for (let start = 0; start < records.length; start += rowsPerInsert) {
          const chunk = records.slice(start, start + rowsPerInsert);
          const params: unknown[] = [];
          const tuples = chunk.map((record, index) => {
            params.push(record.topic, record.key, record.value, JSON.stringify(record.headers));
            const base = index * 4;
            return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb)`;
          });
          await tx.query(`insert into event_log (topic, key, value, headers) values ${tuples.join(', ')}`, params);
        }
        await tx.query(`select pg_notify($1, '')`, [EVENT_LOG_CHANNEL]);
      });
    },

    async subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
      await knownTopics(subscribeOptions.topics);
      return subscriptions.track(await startConsumer(db, subscribeOptions, leaseMs, pollIntervalMs));
    },

    async endOffsets(topic: string) {
      const { rows } = await db.query<{ last: bigint | null }>(
        `select max(position) as last from event_log where topic = $1`,
        [topic],
      );
      const last = rows[0]?.last ?? null;
      return new Map([[0, last === null ? 0n : BigInt(last) + 1n]]);
    },

    async close() {
      await subscriptions.stopAll();
    },
  };
}

async function startConsumer(
  db: Db,
  options: SubscribeOptions,
  leaseMs: number,
  pollIntervalMs: number,
): Promise<Subscription> {
  const owner = randomUUID();
  const maxBatchSize = options.maxBatchSize ?? 1_000;
  const loop = new PollingLoop();
  const unlisten = await db.listen(EVENT_LOG_CHANNEL, () => loop.wake());
  for (const topic of options.topics) {
    await db.query(`insert into event_log_positions (group_id, topic) values ($1, $2) on conflict do nothing`, [
      options.groupId,
      topic,
    ]);
  }
  // Topics whose stored position has been read since this member took the lease.
  const positionChecked = new Set<string>();

  /** Takes or renews the lease; returns the group's position, or undefined when another member owns the topic. */
  async function lease(topic: string): Promise<bigint | undefined> {
    const { rows } = await db.query<{ position: bigint; previous_owner: string | null }>(
      `update event_log_positions
          set owner = $3, lease_until = clock_timestamp() + make_interval(secs => $4::double precision / 1000)
        where group_id = $1 and topic = $2 and (owner is null or owner = $3 or lease_until < clock_timestamp())
        returning position`,
      [options.groupId, topic, owner, leaseMs],
    );
    const row = rows[0];
    if (!row) {
      positionChecked.delete(topic);
      return undefined;
    }
    return BigInt(row.position);
  }

  async function consumeOnce(topic: string): Promise<number> {
    let position = await lease(topic);
    if (position === undefined) return 0;
    if (options.storedPosition && !positionChecked.has(topic)) {
      const stored = await options.storedPosition(topic, 0);
      positionChecked.add(topic);
      // -1 (the consumer holds nothing yet) reads from the start, as positions are never negative.
      if (stored !== undefined) position = stored;
    }
    const { rows } = await db.query<{
      position: bigint;
      key: string;
      value: Uint8Array;
      headers: EventHeaders | string;
      logged_at: Date;
    }>(
      `select position, key, value, headers, logged_at from event_log
        where topic = $1 and position > $2 order by position limit $3`,
      [topic, position, maxBatchSize],
    );
    if (rows.length === 0) return 0;
    const events: LoggedEvent[] = rows.map((row) => ({
      topic,
      partition: 0,
      offset: BigInt(row.position),
      key: row.key,
      value: row.value,
      headers: typeof row.headers === 'string' ? (JSON.parse(row.headers) as EventHeaders) : row.headers,
      loggedAt: row.logged_at,
    }));
    const last = events[events.length - 1]!.offset;
    const end = await db.query<{ last: bigint | null }>(
      `select max(position) as last from event_log where topic = $1`,
      [topic],
    );
    await options.handleBatch({
      topic,
      partition: 0,
      events,
      highWatermark: (end.rows[0]?.last ?? last) + 1n,
    });
    await db.query(`update event_log_positions set position = $3 where group_id = $1 and topic = $2 and owner = $4`, [
      options.groupId,
      topic,
      last,
      owner,
    ]);
    return events.length;
  }

  loop.run({
    round: async () => {
      let consumed = 0;
      for (const topic of options.topics) {
        if (loop.stopping) break;
        consumed += await consumeOnce(topic);
      }
      return consumed;
    },
    idleMs: Math.min(pollIntervalMs, leaseMs / 3),
    onError: (error) => {
      // The batch was not committed: it is delivered again after the back-off.
      positionChecked.clear();
      options.onError?.(error);
    },
  });

  return {
    async stop() {
      if (!(await loop.stop())) return;
      await unlisten();
      await db.query(
        `update event_log_positions set owner = null, lease_until = null where group_id = $1 and owner = $2`,
        [options.groupId, owner],
      );
    },
  };
}
