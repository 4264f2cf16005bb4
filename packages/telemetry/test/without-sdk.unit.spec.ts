import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  captureTraceContext,
  createLogger,
  createVezelMetrics,
  injectTraceContext,
  runWithTraceContext,
} from '../src/index.ts';

// No SDK is started in this file: only @opentelemetry/api's no-op globals are in place, as in a package's unit
// tests or a process that runs with OTEL_SDK_DISABLED=true.
const storedContext = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };

describe('telemetry without an SDK', () => {
  it('captures an empty trace context, even inside a span', () => {
    const captured = trace.getTracer('test').startActiveSpan('request', (span) => {
      span.end();
      return captureTraceContext();
    });

    expect(captured).toEqual({});
  });

  it('leaves message headers as they were', () => {
    expect(injectTraceContext({ ce_id: 'e-1' })).toEqual({ ce_id: 'e-1' });
  });

  it('still runs the work and returns its result', async () => {
    await expect(runWithTraceContext(storedContext, 'publish', { kind: 'producer' }, () => 42)).resolves.toBe(42);
  });

  it('still rethrows what the work throws', async () => {
    const failure = new Error('boom');

    const applying = runWithTraceContext({}, 'apply', { kind: 'consumer' }, () => Promise.reject(failure));

    await expect(applying).rejects.toBe(failure);
  });

  it('accepts every metric without a meter provider', () => {
    const metrics = createVezelMetrics();

    const stop = metrics.observeOutboxBacklog(() => 3);
    metrics.recordConsumerLag('vezel.retail.v1', { events: 2, seconds: 0.5 });
    metrics.countEventsApplied('vezel.retail.v1', 2);
    metrics.recordRequestDuration(0.01, {
      transport: 'grpc',
      operation: 'vezel.retail.v1.RetailService/RecordSale',
      status: 'OK',
    });
    stop();
  });

  it('logs without trace ids', () => {
    const lines: string[] = [];
    createLogger('retail', { write: (line) => lines.push(line) }).info('started');

    expect(JSON.parse(lines[0]!)).not.toHaveProperty('trace_id');
  });
});
