import { SpanKind, SpanStatusCode, trace, type SpanContext } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  injectTraceContext,
  linksFromCarriers,
  runWithBatchTraceContext,
  runWithTraceContext,
  type TraceCarrierSource,
} from '../src/index.ts';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing.ts';

/** Publishes one message as the outbox relay does: headers injected inside a producer span of a trace of its own. */
async function publish(name: string): Promise<{ headers: Record<string, string>; context: SpanContext }> {
  return runWithTraceContext({}, name, { kind: 'producer' }, (span) => ({
    headers: injectTraceContext<Record<string, string>>({ ce_id: name }),
    context: span.spanContext(),
  }));
}

/** What kafkajs hands a consumer: header values as Buffers. */
function asKafkaHeaders(headers: Record<string, string>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, Buffer.from(value)]));
}

const ids = ({ traceId, spanId }: SpanContext) => ({ traceId, spanId });

describe('trace context of a batch of messages', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = startInMemoryTracing();
  });
  afterEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it('processes a batch of several publishes in a consumer span of its own, linked to each', async () => {
    const first = await publish('publish 1');
    const second = await publish('publish 2');
    const batch: TraceCarrierSource[] = [first.headers, asKafkaHeaders(second.headers), { ce_id: 'no context' }];

    const result = await runWithBatchTraceContext(
      batch,
      'process vezel.collection.v1',
      { attributes: { 'messaging.batch.message_count': batch.length } },
      () => 'applied',
    );

    const process = tracing.span('process vezel.collection.v1');
    expect(result).toBe('applied');
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(process.attributes['messaging.batch.message_count']).toBe(3);
    // No parent is truer than an arbitrary one of two: the span starts a trace, and the links lead to both.
    expect(process.parentSpanContext).toBeUndefined();
    expect(process.spanContext().traceId).not.toBe(first.context.traceId);
    expect(process.spanContext().traceId).not.toBe(second.context.traceId);
    expect(process.links.map((link) => ids(link.context))).toEqual([ids(first.context), ids(second.context)]);
  });

  it('continues the trace of a batch with one parent, as its child', async () => {
    const only = await publish('publish');

    await runWithBatchTraceContext([asKafkaHeaders(only.headers)], 'process', {}, () => undefined);

    const process = tracing.span('process');
    expect(process.spanContext().traceId).toBe(only.context.traceId);
    expect(process.parentSpanContext?.spanId).toBe(only.context.spanId);
    expect(process.links.map((link) => ids(link.context))).toEqual([ids(only.context)]);
  });

  it('counts messages that share one context as one parent', async () => {
    const shared = await publish('publish');

    await runWithBatchTraceContext([shared.headers, { ...shared.headers, ce_id: 'second' }], 'process', {}, () => 2);

    const process = tracing.span('process');
    expect(process.parentSpanContext?.spanId).toBe(shared.context.spanId);
    expect(process.links).toHaveLength(1);
  });

  it('starts a trace without links for a batch that carries no context, whatever span is active', async () => {
    await trace.getTracer('test').startActiveSpan('poll', async (poll) => {
      await runWithBatchTraceContext([{ ce_id: 'e-1' }, {}], 'process', {}, () => undefined);
      poll.end();
    });

    const process = tracing.span('process');
    expect(process.parentSpanContext).toBeUndefined();
    expect(process.spanContext().traceId).not.toBe(tracing.span('poll').spanContext().traceId);
    expect(process.links).toEqual([]);
  });

  it('makes the work done inside (the apply transaction) children of the consumer span', async () => {
    const only = await publish('publish');

    await runWithBatchTraceContext([only.headers], 'process', {}, () =>
      trace.getTracer('pg').startActiveSpan('pg.query:INSERT', (query) => query.end()),
    );

    expect(tracing.span('pg.query:INSERT').parentSpanContext?.spanId).toBe(
      tracing.span('process').spanContext().spanId,
    );
  });

  it('marks the span failed and rethrows when the work throws', async () => {
    const failure = new Error('database unavailable');

    await expect(runWithBatchTraceContext([], 'process', {}, () => Promise.reject(failure))).rejects.toBe(failure);

    const process = tracing.span('process');
    expect(process.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database unavailable' });
    expect(process.events.map((event) => event.name)).toContain('exception');
  });

  it('reads links from W3C traceparent headers only when they are valid', () => {
    const links = linksFromCarriers([
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' },
      { traceparent: 'not a traceparent' },
      { traceparent: [Buffer.from('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b8-00')] },
    ]);

    expect(links.map((link) => ({ ...ids(link.context), sampled: link.context.traceFlags }))).toEqual([
      { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: 1 },
      { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b8', sampled: 0 },
    ]);
    expect(links.every((link) => link.context.isRemote)).toBe(true);
  });
});
