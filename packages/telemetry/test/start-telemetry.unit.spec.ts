import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureTraceContext, createVezelMetrics, startTelemetry, type Telemetry } from '../src/index.ts';
import { prometheusTestEnvironment, type PrometheusTestEnvironment } from '@vezel/testing';

describe('startTelemetry', () => {
  let telemetry: Telemetry;
  let environment: PrometheusTestEnvironment | undefined;
  let metricsUrl: string;

  beforeAll(async () => {
    environment = await prometheusTestEnvironment();
    telemetry = await startTelemetry({
      serviceName: 'ledger',
      serviceVersion: '0.0.0-test',
      prometheusPort: environment.port,
    });
    metricsUrl = environment.metricsUrl;
  });
  afterAll(async () => {
    await telemetry.shutdown();
    environment?.restore();
  });

  it('mints sampled trace ids without an exporter, so logs and the outbox still carry them', () => {
    const traceparent = trace.getTracer('test').startActiveSpan('request', (span) => {
      span.end();
      return captureTraceContext()['traceparent'];
    });

    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('serves the Vezel metrics for Prometheus', async () => {
    const metrics = createVezelMetrics();
    const stopObserving = metrics.observeOutboxBacklog(() => Promise.resolve(7));
    metrics.recordConsumerLag('vezel.sorting.v1', { events: 12, seconds: 3.5 });
    metrics.countEventsApplied('vezel.sorting.v1', 5);
    metrics.recordRequestDuration(0.042, { transport: 'http', operation: 'POST /batches', status: 201 });

    const scrape = await (await fetch(metricsUrl)).text();
    stopObserving();

    expect(scrape).toMatch(/^vezel_outbox_backlog\{[^}]*\} 7$/m);
    expect(scrape).toMatch(/^vezel_consumer_lag\{topic="vezel\.sorting\.v1"[^}]*\} 12$/m);
    expect(scrape).toMatch(/^vezel_consumer_lag_time\{topic="vezel\.sorting\.v1"[^}]*\} 3\.5$/m);
    expect(scrape).toMatch(/^vezel_consumer_events_applied_total\{topic="vezel\.sorting\.v1"[^}]*\} 5$/m);
    expect(scrape).toMatch(
      /^vezel_request_duration_bucket\{transport="http",operation="POST \/batches",status="201"[^}]*le="0\.05"\} 1$/m,
    );
    expect(scrape).toMatch(/^target_info\{[^}]*service_name="ledger"[^}]*service_version="0\.0\.0-test"/m);
  });

  it('keeps serving the other metrics when counting the backlog fails', async () => {
    const metrics = createVezelMetrics();
    const stopObserving = metrics.observeOutboxBacklog(() => Promise.reject(new Error('database unavailable')));
    metrics.countEventsApplied('vezel.retail.v1', 1);

    const response = await fetch(metricsUrl);
    const scrape = await response.text();
    stopObserving();

    expect(response.status).toBe(200);
    expect(scrape).toMatch(/^vezel_consumer_events_applied_total\{topic="vezel\.retail\.v1"/m);
  });

  it('returns the running SDK when started again', async () => {
    await expect(startTelemetry({ serviceName: 'ledger' })).resolves.toBe(telemetry);
  });

  it('rejects an invalid configuration, naming it', async () => {
    await expect(startTelemetry({ serviceName: 'ledger', prometheusPort: 99_999 })).rejects.toThrow(/prometheusPort/);
  });
});

describe('Telemetry.shutdown', () => {
  it('can be called more than once', async () => {
    const telemetry = await startTelemetry({ serviceName: 'ledger' });

    await telemetry.shutdown();
    await expect(telemetry.shutdown()).resolves.toBeUndefined();
  });
});
