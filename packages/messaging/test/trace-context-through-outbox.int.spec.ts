import { SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createPgliteDb, type Db } from '@vezel/db';
import { eventually } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendToOutbox,
  createPostgresEventLog,
  outboxSchemaSql,
  startOutboxRelay,
  type EventLog,
  type LoggedEvent,
} from '../src/index.ts';

describe('trace context: request -> outbox row -> published event', () => {
  const exporter = new InMemorySpanExporter();
  let sdk: NodeSDK;
  let db: Db;
  let log: EventLog;

  beforeAll(async () => {
    sdk = new NodeSDK({
      serviceName: 'messaging-trace-test',
      textMapPropagator: new W3CTraceContextPropagator(),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
      metricReaders: [],
      logRecordProcessors: [],
      resourceDetectors: [],
    });
    sdk.start();
    db = await createPgliteDb({});
    await db.query(outboxSchemaSql);
    log = await createPostgresEventLog({ db });
    await log.ensureTopics([{ name: 'vezel.sorting.v1' }]);
  });
  afterAll(async () => {
    await log?.close();
    await db?.close();
    await sdk?.shutdown();
  });

  it('publishes in a producer span that continues the request trace and carries it in traceparent', async () => {
    const request = await trace
      .getTracer('test')
      .startActiveSpan('POST /v1/sorting/runs', { kind: SpanKind.SERVER }, async (span) => {
        await db.transaction((tx) =>
          appendToOutbox(tx, [
            {
              topic: 'vezel.sorting.v1',
              subject: 'L-2026-000007',
              type: 'vezel.sorting.v1.SortingRunCompleted',
              source: '/vezel/sorting',
              time: new Date('2026-06-01T10:00:00+02:00'),
              value: new Uint8Array([1, 2, 3]),
            },
          ]),
        );
        span.end();
        return span;
      });

    const received: LoggedEvent[] = [];
    const subscription = await log.subscribe({
      groupId: 'trace-test',
      topics: ['vezel.sorting.v1'],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
    const relay = await startOutboxRelay({ db, eventLog: log });
    try {
      await eventually(() => received.length === 1, { description: 'the event' });
    } finally {
      await relay.stop();
      await subscription.stop();
    }

    const publish = exporter.getFinishedSpans().find((span) => span.name === 'publish vezel.sorting.v1')!;
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(publish.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    const [traceId, parentId] = received[0]!.headers['traceparent']!.split('-').slice(1, 3);
    expect(traceId).toBe(request.spanContext().traceId);
    expect(parentId).toBe(publish.spanContext().spanId);
  });
});
