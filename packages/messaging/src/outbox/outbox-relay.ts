import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, propagation, trace, type Span } from '@opentelemetry/api';
import type { Db } from '@vezel/db';
import type { EventLog } from '../event-log.ts';
import type { EventHeaders, EventRecord } from '../event-record.ts';
import { PollingLoop } from '../polling-loop.ts';
import { OUTBOX_CHANNEL } from './outbox-schema.ts';

export interface OutboxRelayOptions {
  readonly db: Db;
  readonly eventLog: EventLog;
  /** Rows published per round trip. */
  readonly batchSize?: number;
  /** Only the lease holder publishes, so two relays of one service never reorder each other's rows. */
  readonly leaseMs?: number;
  /** Poll interval when no NOTIFY arrives. */
  readonly pollIntervalMs?: number;
  /** Called when a publish fails; the rows stay unsent and are retried after a back-off. */
  readonly onError?: (error: unknown) => void;
  /**
   * Told, per topic, how many rows each publish put on the event log (for the publish rate). It must not throw: the
   * rows would count as unpublished and go out again.
   */
  readonly onPublished?: (topic: string, count: number) => void;
  /** Lease name; one per outbox table. */
  readonly name?: string;
}

export interface OutboxRelay {
  /** Rows published since start (a row published twice after a crash counts twice). */
  readonly published: () => number;
  /** Unsent rows now. */
  backlog(): Promise<number>;
  /** Resolves once every row committed before the call has been published and marked (or rejects after `timeoutMs`). */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops after the round in hand and gives up the lease. */
  stop(): Promise<void>;
}

const tracer = trace.getTracer('@vezel/messaging');

interface OutboxRow {
  id: bigint;
  topic: string;
  key: string;
  value: Uint8Array;
  headers: EventHeaders | string;
  trace_context: Record<string, string> | string;
}

/**
 * Publishes outbox rows to the event log: read unsent rows in id order, publish, mark them sent. A relay that dies
 * between publish and mark-sent publishes those rows again on restart: duplicates are possible (consumers dedupe
 * on `ce_id`), losses are not. No database transaction is held while publishing, so a single-connection database
 * (PGlite) can serve the publish and everything else meanwhile.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const { db, eventLog } = options;
  const batchSize = options.batchSize ?? 500;
  const leaseMs = options.leaseMs ?? 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const name = options.name ?? 'outbox';
  const owner = randomUUID();
  const loop = new PollingLoop();
  let published = 0;
  const unlisten = await db.listen(OUTBOX_CHANNEL, () => loop.wake());
  await db.query(`insert into outbox_relay_lease (name) values ($1) on conflict do nothing`, [name]);

  async function holdLease(): Promise<boolean> {
    const { rowCount } = await db.query(
      `update outbox_relay_lease
          set owner = $2, lease_until = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
        where name = $1 and (owner is null or owner = $2 or lease_until < clock_timestamp())`,
      [name, owner, leaseMs],
    );
    return rowCount > 0;
  }

  /**
   * The lowest unsent ids, skipping rows already in flight. Always from the lowest id, never "after the last one":
   * ids are handed out at insert and become visible at commit, so a lower id can appear after higher ones were read,
   * and it must still go out before any later event of its node.
   */
  function fetchUnsent(inFlight: readonly OutboxRow[]): Promise<OutboxRow[]> {
    return db
      .query<OutboxRow>(
        `select id, topic, key, value, headers, trace_context from outbox
          where sent_at is null and id <> all($2::bigint[]) order by id limit $1`,
        [batchSize, inFlight.map((row) => String(row.id))],
      )
      .then((result) => result.rows);
  }

  async function publishRows(rows: readonly OutboxRow[]): Promise<void> {
    const spans: Span[] = [];
    const records: EventRecord[] = rows.map((row) => {
      const { record, span } = toTracedRecord(row);
      spans.push(span);
      return record;
    });
    try {
      await eventLog.publish(records);
    } finally {
      for (const span of spans) span.end();
    }
    if (options.onPublished !== undefined) {
      const perTopic = new Map<string, number>();
      for (const row of rows) perTopic.set(row.topic, (perTopic.get(row.topic) ?? 0) + 1);
      for (const [topic, count] of perTopic) options.onPublished(topic, count);
    }
  }

  async function markSent(rows: readonly OutboxRow[]): Promise<void> {
    await db.query(`update outbox set sent_at = clock_timestamp() where id = any($1::bigint[])`, [
      rows.map((row) => String(row.id)),
    ]);
  }

  /**
   * Publishes until caught up; returns how many rows it published. Pipelined: the next batch is read (and the lease
   * renewed) while the current one is being published, and a batch is marked sent while the next one publishes.
   * Publishes themselves never overlap, which keeps per-key order.
   */
  async function publishUntilCaughtUp(): Promise<number> {
    if (!(await holdLease())) return 0;
    let total = 0;
    let marking: Promise<void> = Promise.resolve();
    try {
      let batch = await fetchUnsent([]);
      let beingMarked: readonly OutboxRow[] = [];
      while (batch.length > 0 && !loop.stopping) {
        const ahead: Promise<[boolean, OutboxRow[]]> =
          batch.length === batchSize
            ? Promise.all([holdLease(), fetchUnsent([...beingMarked, ...batch])])
            : Promise.resolve([true, []]);
        // Settled below; until then a rejection must not count as unhandled.
        ahead.catch(() => undefined);
        await publishRows(batch);
        await marking;
        marking = markSent(batch);
        marking.catch(() => undefined);
        beingMarked = batch;
        total += batch.length;
        published += batch.length;
        const [stillLeased, next] = await ahead;
        batch = stillLeased ? next : [];
      }
    } finally {
      await marking;
    }
    return total;
  }

  const waiters = new Set<() => void>();
  loop.run({
    round: publishUntilCaughtUp,
    idleMs: Math.min(pollIntervalMs, leaseMs / 3),
    onError: options.onError,
    onIdle: () => {
      for (const notify of waiters) notify();
    },
  });

  async function backlog(): Promise<number> {
    const { rows } = await db.query<{ count: bigint }>(`select count(*) as count from outbox where sent_at is null`);
    return Number(rows[0]?.count ?? 0n);
  }

  return {
    published: () => published,
    backlog,
    async drain(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      // Rows committed after this call may keep arriving (a service draining while requests finish); wait only for
      // what is there now, so a steady trickle cannot keep shutdown waiting.
      const { rows } = await db.query<{ last: bigint | null }>(`select max(id) as last from outbox`);
      const upTo = String(rows[0]?.last ?? 0n);
      const pendingUpTo = async (): Promise<boolean> =>
        (await db.query(`select 1 from outbox where sent_at is null and id <= $1 limit 1`, [upTo])).rowCount > 0;
      while (await pendingUpTo()) {
        if (loop.stopping) throw new Error('outbox relay stopped before the outbox was drained');
        if (Date.now() > deadline) throw new Error(`outbox not drained within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 200);
          function done(): void {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
          loop.wake();
        });
      }
    },
    async stop() {
      if (!(await loop.stop())) return;
      await unlisten();
      await db.query(`update outbox_relay_lease set owner = null, lease_until = null where name = $1 and owner = $2`, [
        name,
        owner,
      ]);
    },
  };
}

/** Continues the request's trace in a producer span and carries that span's context in the event headers. */
function toTracedRecord(row: OutboxRow): { record: EventRecord; span: Span } {
  const headers =
    typeof row.headers === 'string' ? (JSON.parse(row.headers) as Record<string, string>) : { ...row.headers };
  const stored =
    typeof row.trace_context === 'string'
      ? (JSON.parse(row.trace_context) as Record<string, string>)
      : row.trace_context;
  const parent = propagation.extract(ROOT_CONTEXT, stored);
  const span = tracer.startSpan(
    `publish ${row.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': row.topic,
        'messaging.operation.type': 'publish',
        'messaging.message.id': headers['ce_id'] ?? '',
        'cloudevents.event_type': headers['ce_type'] ?? '',
      },
    },
    parent,
  );
  const injected: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), injected);
  // Without a started SDK injection yields nothing; the stored request context still travels.
  Object.assign(headers, Object.keys(injected).length > 0 ? injected : stored);
  return {
    record: { topic: row.topic, key: row.key, value: row.value, headers },
    span,
  };
}
