import type { Db } from '@vezel/db';
import { KafkaAccessRefusedError, startOutboxRelay, type EventLog, type OutboxRelay } from '@vezel/messaging';
import { createVezelMetrics, type Logger } from '@vezel/telemetry';
import { withTopicsEnsured } from './with-topics-ensured.ts';

/** Options of {@link createOutboxPublisher}. */
export interface OutboxPublisherOptions {
  readonly db: Db;
  readonly eventLog: EventLog;
  /** The topics the service publishes to, created before the first publish. */
  readonly topics: readonly string[];
  readonly logger?: Logger;
  /** How long `stop` waits for the outbox to empty before giving up (rows then wait for the next start). Default 10 s. */
  readonly drainTimeoutMs?: number;
  /** The relay's poll interval when no NOTIFY arrives. Default 1 s. */
  readonly pollIntervalMs?: number;
}

/** The background half of a write-side service: its outbox relay, started and stopped with the service. */
export interface OutboxPublisher {
  /** Starts relaying. Succeeds while the broker is down: the relay retries with back-off and the outbox holds the rows. */
  start(): Promise<void>;
  /** Publishes what is in the outbox (up to the drain timeout), then stops the relay. */
  stop(): Promise<void>;
  /** Unsent outbox rows. */
  backlog(): Promise<number>;
}

// A broker outage makes the relay fail every few seconds; one warning per failure burst is enough.
const errorLogIntervalMs = 30_000;

/**
 * The outbox relay of a service module, wired to its topics, logger and the outbox metrics (`vezel.outbox.backlog`,
 * `.backlog.age`, `.published`). Every module's `start`/`stop` delegate here, so graceful shutdown drains the
 * outbox the same way everywhere.
 */
export function createOutboxPublisher(options: OutboxPublisherOptions): OutboxPublisher {
  let relay: OutboxRelay | undefined;
  let stopObserving: (() => void) | undefined;
  let lastErrorLoggedAt = Number.NEGATIVE_INFINITY;
  const backlog = async (): Promise<number> => {
    const { rows } = await options.db.query<{ count: bigint }>(
      `select count(*) as count from outbox where sent_at is null`,
    );
    return Number(rows[0]?.count ?? 0n);
  };
  // The lowest unsent id is the oldest row (ids are handed out at insert), found on the unsent index.
  const oldestUnsentSeconds = async (): Promise<number> => {
    const { rows } = await options.db.query<{ seconds: number | string }>(
      `select extract(epoch from clock_timestamp() - created_at)::float8 as seconds
         from outbox where sent_at is null order by id limit 1`,
    );
    return Math.max(0, Number(rows[0]?.seconds ?? 0));
  };
  return {
    backlog,
    async start() {
      if (relay !== undefined) return;
      // Created here, not with the publisher: instruments made before the telemetry SDK starts stay no-ops.
      const metrics = createVezelMetrics();
      relay = await startOutboxRelay({
        db: options.db,
        eventLog: withTopicsEnsured(
          options.eventLog,
          options.topics.map((name) => ({ name })),
        ),
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
        onError: (error) => {
          const now = Date.now();
          if (now - lastErrorLoggedAt < errorLogIntervalMs) return;
          lastErrorLoggedAt = now;
          // Credentials changed on the cluster while the service ran: retrying goes on, but only an operator helps.
          if (error instanceof KafkaAccessRefusedError) {
            options.logger?.error(
              'Kafka refuses this service; events wait in the outbox until its settings are corrected',
              {
                error,
              },
            );
            return;
          }
          options.logger?.warn('outbox relay cannot publish; events wait in the outbox and are retried', { error });
        },
        onPublished: (topic, count) => metrics.countOutboxPublished(topic, count),
      });
      const observing = [metrics.observeOutboxBacklog(backlog), metrics.observeOutboxAge(oldestUnsentSeconds)];
      stopObserving = () => {
        for (const stop of observing) stop();
      };
    },
    async stop() {
      const running = relay;
      if (running === undefined) return;
      relay = undefined;
      try {
        await running.drain(options.drainTimeoutMs ?? 10_000);
        options.logger?.info('outbox drained', { published: running.published() });
      } catch (error) {
        options.logger?.warn('outbox not drained before shutdown; the rows are published after the next start', {
          error,
          backlog: await backlog().catch(() => undefined),
        });
      } finally {
        await running.stop();
        stopObserving?.();
      }
    },
  };
}
