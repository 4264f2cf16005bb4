import { setTimeout as sleep } from 'node:timers/promises';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  captureTraceContext,
  createLogger,
  injectTraceContext,
  runWithTraceContext,
  type TraceCarrier,
} from '../src/index.ts';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing.ts';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

/** Handles a request the way a command handler will: capture the context into the outbox row's JSON column. */
async function handleRequest(): Promise<{ outboxRowJson: string }> {
  return trace.getTracer('test').startActiveSpan('POST /batches', { kind: SpanKind.SERVER }, async (span) => {
    await sleep(1);
    const row = { ce_type: 'vezel.collection.v1.BatchCollected', trace_context: captureTraceContext() };
    const outboxRowJson = JSON.stringify(row);
    span.end();
    return { outboxRowJson };
  });
}

function storedContext(outboxRowJson: string): TraceCarrier {
  return (JSON.parse(outboxRowJson) as { trace_context: TraceCarrier }).trace_context;
}

/** What kafkajs hands a consumer: header values as Buffers. */
function asKafkaHeaders(headers: Record<string, string>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, Buffer.from(value)]));
}

describe('trace context through the outbox', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = startInMemoryTracing();
  });
  afterEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it('stores the W3C traceparent of the request in the outbox row', async () => {
    const { outboxRowJson } = await handleRequest();

    const request = tracing.span('POST /batches');
    const stored = storedContext(outboxRowJson);
    expect(stored['traceparent']).toMatch(TRACEPARENT);
    expect(stored['traceparent']).toBe(`00-${request.spanContext().traceId}-${request.spanContext().spanId}-01`);
  });

  it('captures nothing outside a span', () => {
    expect(captureTraceContext()).toEqual({});
  });

  it('publishes in a producer span that continues the request trace', async () => {
    const { outboxRowJson } = await handleRequest();

    // The relay runs later, outside any request: only the stored row links the two.
    const published = await runWithTraceContext(
      storedContext(outboxRowJson),
      'vezel.collection.v1 publish',
      {
        kind: 'producer',
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'vezel.collection.v1' },
      },
      async () => {
        await sleep(1);
        return 'sent';
      },
    );

    const request = tracing.span('POST /batches');
    const publish = tracing.span('vezel.collection.v1 publish');
    expect(published).toBe('sent');
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(publish.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(publish.attributes['messaging.destination.name']).toBe('vezel.collection.v1');
  });

  it('lets the consumer continue from the Kafka headers the producer span injected', async () => {
    const { outboxRowJson } = await handleRequest();
    const headers = await runWithTraceContext(storedContext(outboxRowJson), 'publish', { kind: 'producer' }, () =>
      injectTraceContext<Record<string, string>>({ ce_id: '0197a1b2-0000-7000-8000-000000000001' }),
    );

    await runWithTraceContext(asKafkaHeaders(headers), 'apply', { kind: 'consumer' }, () => undefined);

    const publish = tracing.span('publish');
    const apply = tracing.span('apply');
    expect(headers['ce_id']).toBe('0197a1b2-0000-7000-8000-000000000001');
    expect(headers['traceparent']).toMatch(TRACEPARENT);
    expect(apply.kind).toBe(SpanKind.CONSUMER);
    expect(apply.spanContext().traceId).toBe(tracing.span('POST /batches').spanContext().traceId);
    expect(apply.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
  });

  it('starts a new trace for a row stored without context', async () => {
    await runWithTraceContext({}, 'publish', { kind: 'producer' }, () => undefined);

    const publish = tracing.span('publish');
    expect(publish.parentSpanContext).toBeUndefined();
    expect(publish.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('marks the span failed and rethrows when the work throws', async () => {
    const failure = new Error('broker unavailable');

    const publishing = runWithTraceContext({}, 'publish', { kind: 'producer' }, () => Promise.reject(failure));

    await expect(publishing).rejects.toBe(failure);

    const publish = tracing.span('publish');
    expect(publish.status).toEqual({ code: SpanStatusCode.ERROR, message: 'broker unavailable' });
    expect(publish.events.map((event) => event.name)).toContain('exception');
  });

  it('writes the trace and span ids of the active span into log lines', async () => {
    const lines: string[] = [];
    const logger = createLogger('ledger', { level: 'info', write: (line) => lines.push(line) });
    const { outboxRowJson } = await handleRequest();

    await runWithTraceContext(storedContext(outboxRowJson), 'apply', { kind: 'consumer' }, async () => {
      await sleep(1);
      logger.info('applied', { events: 1 });
    });
    logger.info('idle');

    const apply = tracing.span('apply');
    const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const { traceId, spanId } = apply.spanContext();
    expect(inside).toMatchObject({ msg: 'applied', trace_id: traceId, span_id: spanId });
    expect(outside).not.toHaveProperty('trace_id');
  });
});
