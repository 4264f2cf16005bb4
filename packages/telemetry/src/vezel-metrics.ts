import { metrics, type Meter, type ObservableResult } from '@opentelemetry/api';

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

/** The metrics docs/architecture.md asks every service for. Without an SDK every call is a no-op. */
export interface VezelMetrics {
  /**
   * Reports the number of unsent outbox rows whenever metrics are collected (each Prometheus scrape). Returns a
   * function that stops reporting. When the count fails, the SDK reports the error through its diagnostics
   * (`OTEL_LOG_LEVEL`), keeps the last reading and serves the other metrics as usual.
   */
  observeOutboxBacklog(countUnsent: () => number | Promise<number>): () => void;
  /**
   * How far a consumer is behind on `topic`: events not yet applied (summed over its partitions) and the age of
   * the oldest unapplied event, in seconds.
   */
  recordConsumerLag(topic: string, lag: { readonly events: number; readonly seconds: number }): void;
  /** Counts applied events; events per second is the rate of this counter. */
  countEventsApplied(topic: string, count: number): void;
  /** Records how long a request took, in seconds. */
  recordRequestDuration(seconds: number, request: RequestMeasurement): void;
}

// Seconds; the SDK's default buckets are meant for milliseconds.
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Creates the Vezel instruments on `meter` (default: the global meter provider's `vezel` meter). */
export function createVezelMetrics(meter: Meter = metrics.getMeter('vezel')): VezelMetrics {
  const outboxBacklog = meter.createObservableGauge('vezel.outbox.backlog', {
    description: 'Outbox rows written but not yet published',
    unit: '{row}',
  });
  const lagEvents = meter.createGauge('vezel.consumer.lag', {
    description: 'Events on the topic not yet applied by this consumer',
    unit: '{event}',
  });
  const lagSeconds = meter.createGauge('vezel.consumer.lag.time', {
    description: 'Age of the oldest event not yet applied',
    unit: 's',
  });
  const applied = meter.createCounter('vezel.consumer.events.applied', {
    description: 'Events applied by this consumer',
    unit: '{event}',
  });
  const requestDuration = meter.createHistogram('vezel.request.duration', {
    description: 'Time to handle an HTTP or gRPC request',
    unit: 's',
    advice: { explicitBucketBoundaries: REQUEST_BUCKETS },
  });

  return {
    observeOutboxBacklog(countUnsent) {
      const observe = async (result: ObservableResult): Promise<void> => {
        result.observe(await countUnsent());
      };
      outboxBacklog.addCallback(observe);
      return () => outboxBacklog.removeCallback(observe);
    },
    recordConsumerLag(topic, lag) {
      lagEvents.record(lag.events, { topic });
      lagSeconds.record(lag.seconds, { topic });
    },
    countEventsApplied(topic, count) {
      applied.add(count, { topic });
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
