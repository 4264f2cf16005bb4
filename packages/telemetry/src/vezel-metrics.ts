import { metrics, type BatchObservableResult, type Meter, type Observable } from '@opentelemetry/api';

/** The transport a request came in on. */
export type RequestTransport = 'http' | 'grpc';

/** One handled request, for {@link VezelMetrics.recordRequestDuration}. */
export interface RequestMeasurement {
  readonly transport: RequestTransport;
  /** Low-cardinality name: the route template (`/batches/:id`) or gRPC method, never a raw path. */
  readonly operation: string;
  /** HTTP status code or gRPC status name. */
  readonly status: string | number;
}

/** How far a consumer is behind on one topic, for {@link VezelMetrics.observeConsumerLag}. */
export interface TopicLagReading {
  readonly topic: string;
  /** Events on the topic not yet applied, summed over its partitions. */
  readonly events: number;
  /** Age of the oldest event not yet applied, in seconds; absent when the consumer cannot tell. */
  readonly seconds?: number;
}

/** The ledger's figure work still to do, for {@link VezelMetrics.observeFigureBacklog}. */
export interface FigureBacklogReading {
  /** Nodes whose derived figures wait for the refresher (node marks). */
  readonly nodes: number;
  /** Of those, the nodes not looked up yet (not yet turned into marks on the batches above them). */
  readonly lookups: number;
  /** Batches whose figures wait to be recomputed (batch marks). */
  readonly batches: number;
}

/** The open anomalies of one kind, for {@link VezelMetrics.observeOpenAnomalies}. */
export interface AnomalyCount {
  readonly kind: string;
  readonly count: number;
}

/**
 * What became of one try to deliver a webhook message: `delivered` (the receiver answered 2xx), `retry` (it failed
 * and is tried again later), `dead` (it failed for the last time: a dead letter), `gone` (410: the endpoint is
 * disabled).
 */
export type WebhookDeliveryOutcome = 'delivered' | 'retry' | 'dead' | 'gone';

/** The size of a ledger figure refresh: small while queries are answered, full otherwise. */
export type FigureRefreshStep = 'query-time' | 'full';

/** Something read when metrics are collected (each Prometheus scrape): a count, a database query. */
export type MetricReading<T> = () => T | PromiseLike<T>;

/** Options of {@link createVezelMetrics}. */
export interface VezelMetricsOptions {
  /** Default: the global meter provider's `vezel` meter (a no-op one until the SDK is started). */
  readonly meter?: Meter;
  /**
   * How long a collection waits for one reading before leaving it out (default 5 s, half Prometheus' default scrape
   * timeout): a database or broker that hangs then costs one metric its fresh value, not the whole scrape.
   */
  readonly readingTimeoutMs?: number;
}

/**
 * The metrics docs/architecture.md asks every service for. Without an SDK every call is a no-op.
 *
 * The `observe...` methods register a reading made whenever metrics are collected and return a function that stops
 * it. When a reading fails or takes longer than the reading timeout, the SDK reports the error through its
 * diagnostics (`OTEL_LOG_LEVEL`), keeps the last value and serves the other metrics as usual.
 */
export interface VezelMetrics {
  /** Reports the number of unsent outbox rows (`vezel.outbox.backlog`). */
  observeOutboxBacklog(countUnsent: MetricReading<number>): () => void;
  /** Reports how long the oldest unsent outbox row has waited, in seconds, 0 when none waits (`vezel.outbox.backlog.age`). */
  observeOutboxAge(oldestUnsentSeconds: MetricReading<number>): () => void;
  /** Counts outbox rows published to `topic`; published per second is the rate of this counter. */
  countOutboxPublished(topic: string, count: number): void;
  /**
   * Reports how far a consumer is behind on each topic it reads, as read now (`vezel.consumer.lag` in events,
   * `vezel.consumer.lag.time` in seconds): the values stay true while the consumer is idle or stalled.
   */
  observeConsumerLag(readLag: MetricReading<readonly TopicLagReading[]>): () => void;
  /**
   * Sets the lag on `topic` to what a consumer saw when it last handled a batch, reported until set again. It goes
   * stale while the consumer stalls; a consumer that can read its lag uses {@link observeConsumerLag} instead.
   */
  recordConsumerLag(topic: string, lag: { readonly events: number; readonly seconds: number }): void;
  /** Counts applied events; events per second is the rate of this counter. */
  countEventsApplied(topic: string, count: number): void;
  /**
   * Reports the ledger's figure work still to do, read once for the three gauges: nodes whose derived figures wait
   * for the refresher (`vezel.ledger.figures.pending`), of them those not looked up yet
   * (`vezel.ledger.figures.lookups.pending`), and batches waiting to be recomputed
   * (`vezel.ledger.figures.batches.pending`). After a catch-up the node count stands still while the other two fall:
   * they say how far the refresher has come.
   */
  observeFigureBacklog(readBacklog: MetricReading<FigureBacklogReading>): () => void;
  /**
   * Counts the ledger's live figure refreshes that did work by step (`vezel.ledger.figures.refreshes`): `query-time`
   * for the small steps taken while the API answers queries, `full` otherwise. Many query-time steps say the figures
   * trail the facts because queries keep coming.
   */
  countFigureRefreshes(step: FigureRefreshStep): void;
  /** Reports the ledger's open anomalies by kind (`vezel.ledger.anomalies`); give every kind, 0 when none is open. */
  observeOpenAnomalies(countByKind: MetricReading<readonly AnomalyCount[]>): () => void;
  /** Counts tries to deliver webhook messages by outcome; failures are the tries not `delivered`. */
  countWebhookDeliveries(outcome: WebhookDeliveryOutcome, count?: number): void;
  /** Records how long a request took, in seconds. */
  recordRequestDuration(seconds: number, request: RequestMeasurement): void;
}

// Seconds; the SDK's default buckets are meant for milliseconds.
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Creates the Vezel instruments (on the global `vezel` meter unless `options.meter` is given). */
export function createVezelMetrics(options: VezelMetricsOptions = {}): VezelMetrics {
  const meter = options.meter ?? metrics.getMeter('vezel');
  const readingTimeoutMs = options.readingTimeoutMs ?? 5_000;
  const outboxBacklog = meter.createObservableGauge('vezel.outbox.backlog', {
    description: 'Outbox rows written but not yet published',
    unit: '{row}',
  });
  const outboxAge = meter.createObservableGauge('vezel.outbox.backlog.age', {
    description: 'How long the oldest outbox row not yet published has waited (0 when none waits)',
    unit: 's',
  });
  const outboxPublished = meter.createCounter('vezel.outbox.published', {
    description: 'Outbox rows published to the event log (a row published again after a crash counts again)',
    unit: '{event}',
  });
  const lagEvents = meter.createObservableGauge('vezel.consumer.lag', {
    description: 'Events on the topic not yet applied by this consumer',
    unit: '{event}',
  });
  const lagSeconds = meter.createObservableGauge('vezel.consumer.lag.time', {
    description: 'Age of the oldest event not yet applied',
    unit: 's',
  });
  const applied = meter.createCounter('vezel.consumer.events.applied', {
    description: 'Events applied by this consumer',
    unit: '{event}',
  });
  const figuresPending = meter.createObservableGauge('vezel.ledger.figures.pending', {
    description: 'Nodes whose derived figures (sums, anomalies) wait for the refresher',
    unit: '{node}',
  });
  const lookupsPending = meter.createObservableGauge('vezel.ledger.figures.lookups.pending', {
    description:
      'Nodes waiting for the refresher that it has not looked up yet (not yet turned into marks on the batches above them)',
    unit: '{node}',
  });
  const batchesPending = meter.createObservableGauge('vezel.ledger.figures.batches.pending', {
    description: 'Batches whose figures wait to be recomputed by the refresher',
    unit: '{batch}',
  });
  const figureRefreshes = meter.createCounter('vezel.ledger.figures.refreshes', {
    description: 'Figure refreshes by step: query-time (small, while queries are answered) or full',
    unit: '{refresh}',
  });
  const anomalies = meter.createObservableGauge('vezel.ledger.anomalies', {
    description: 'Open anomalies the ledger sees in the facts, by kind',
    unit: '{anomaly}',
  });
  const webhookDeliveries = meter.createCounter('vezel.webhook.deliveries', {
    description: 'Tries to deliver a webhook message, by outcome (delivered, retry, dead, gone)',
    unit: '{try}',
  });
  const requestDuration = meter.createHistogram('vezel.request.duration', {
    description: 'Time to handle an HTTP or gRPC request',
    unit: 's',
    advice: { explicitBucketBoundaries: REQUEST_BUCKETS },
  });

  /** Registers one reading reported on `observables` at every collection. */
  const observe = <T>(
    read: MetricReading<T>,
    observables: Observable[],
    report: (result: BatchObservableResult, value: T) => void,
  ): (() => void) => {
    const reading = boundedReading(read, readingTimeoutMs);
    const callback = async (result: BatchObservableResult): Promise<void> => report(result, await reading());
    meter.addBatchObservableCallback(callback, observables);
    return () => meter.removeBatchObservableCallback(callback, observables);
  };

  // What recordConsumerLag was last told, per topic: reported by one callback, registered on first use.
  const recordedLag = new Map<string, { readonly events: number; readonly seconds: number }>();
  const reportRecordedLag = (): TopicLagReading[] => [...recordedLag].map(([topic, lag]) => ({ topic, ...lag }));
  const reportLag = (result: BatchObservableResult, lags: readonly TopicLagReading[]): void => {
    for (const lag of lags) {
      result.observe(lagEvents, lag.events, { topic: lag.topic });
      if (lag.seconds !== undefined) result.observe(lagSeconds, lag.seconds, { topic: lag.topic });
    }
  };

  return {
    observeOutboxBacklog: (countUnsent) =>
      observe(countUnsent, [outboxBacklog], (result, count) => result.observe(outboxBacklog, count)),
    observeOutboxAge: (oldestUnsentSeconds) =>
      observe(oldestUnsentSeconds, [outboxAge], (result, seconds) => result.observe(outboxAge, seconds)),
    countOutboxPublished(topic, count) {
      outboxPublished.add(count, { topic });
    },
    observeConsumerLag: (readLag) => observe(readLag, [lagEvents, lagSeconds], reportLag),
    recordConsumerLag(topic, lag) {
      if (recordedLag.size === 0) observe(reportRecordedLag, [lagEvents, lagSeconds], reportLag);
      recordedLag.set(topic, lag);
    },
    countEventsApplied(topic, count) {
      applied.add(count, { topic });
    },
    observeFigureBacklog: (readBacklog) =>
      observe(readBacklog, [figuresPending, lookupsPending, batchesPending], (result, backlog) => {
        result.observe(figuresPending, backlog.nodes);
        result.observe(lookupsPending, backlog.lookups);
        result.observe(batchesPending, backlog.batches);
      }),
    countFigureRefreshes(step) {
      figureRefreshes.add(1, { step });
    },
    observeOpenAnomalies: (countByKind) =>
      observe(countByKind, [anomalies], (result, counts) => {
        for (const { kind, count } of counts) result.observe(anomalies, count, { kind });
      }),
    countWebhookDeliveries(outcome, count = 1) {
      webhookDeliveries.add(count, { outcome });
    },
    recordRequestDuration(seconds, request) {
      requestDuration.record(seconds, {
        transport: request.transport,
        operation: request.operation,
        status: String(request.status),
      });
    },
  };
}

/**
 * `read`, failing after `timeoutMs`. A reading still under way from an earlier collection is waited for again
 * rather than started anew, so a hung database gets one query, not one more per scrape.
 */
function boundedReading<T>(read: MetricReading<T>, timeoutMs: number): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    const reading = (pending ??= Promise.resolve()
      .then(read)
      .finally(() => {
        pending = undefined;
      }));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`a metric reading took longer than ${timeoutMs} ms; its last value is served`)),
        timeoutMs,
      );
      // A hung reading must not keep a stopping process alive.
      timer.unref();
      reading.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  };
}
