import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVezelMetrics,
  startTelemetry,
  type FigureBacklogReading,
  type Telemetry,
  type TopicLagReading,
} from '../src/index.ts';
import { prometheusTestEnvironment, type PrometheusTestEnvironment } from '@vezel/testing';

// The instruments as Prometheus scrapes them from a started SDK: what a reading reports, when it is read, and what
// a scrape does when a reading fails to come.
describe('the Vezel metrics', () => {
  let telemetry: Telemetry;
  let environment: PrometheusTestEnvironment | undefined;
  let metricsUrl: string;
  const scrape = async (): Promise<string> => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    environment = await prometheusTestEnvironment();
    telemetry = await startTelemetry({ serviceName: 'ledger', prometheusPort: environment.port });
    metricsUrl = environment.metricsUrl;
  });
  afterAll(async () => {
    await telemetry.shutdown();
    environment?.restore();
  });

  it('reads the consumer lag at every scrape, so it falls to 0 without a batch, and stops reading when told', async () => {
    let lag: TopicLagReading[] = [
      { topic: 'lag.retail', events: 40, seconds: 12.5 },
      // A consumer that cannot tell how old its oldest unapplied event is.
      { topic: 'lag.sorting', events: 3 },
    ];
    const stop = createVezelMetrics().observeConsumerLag(() => Promise.resolve(lag));

    const behind = await scrape();
    lag = [
      { topic: 'lag.retail', events: 0, seconds: 0 },
      { topic: 'lag.sorting', events: 0, seconds: 0 },
    ];
    const caughtUp = await scrape();
    stop();
    lag = [{ topic: 'lag.retail', events: 99, seconds: 99 }];
    const afterStop = await scrape();

    expect(behind).toMatch(/^vezel_consumer_lag\{topic="lag\.retail"[^}]*\} 40$/m);
    expect(behind).toMatch(/^vezel_consumer_lag_time\{topic="lag\.retail"[^}]*\} 12\.5$/m);
    expect(behind).toMatch(/^vezel_consumer_lag\{topic="lag\.sorting"[^}]*\} 3$/m);
    expect(behind).not.toMatch(/^vezel_consumer_lag_time\{topic="lag\.sorting"/m);
    expect(caughtUp).toMatch(/^vezel_consumer_lag\{topic="lag\.retail"[^}]*\} 0$/m);
    expect(caughtUp).toMatch(/^vezel_consumer_lag_time\{topic="lag\.retail"[^}]*\} 0$/m);
    expect(caughtUp).toMatch(/^vezel_consumer_lag\{topic="lag\.sorting"[^}]*\} 0$/m);
    expect(afterStop).toMatch(/^vezel_consumer_lag\{topic="lag\.retail"[^}]*\} 0$/m);
  });

  it('reports the outbox age, rows published per topic, the figure backlog and open anomalies by kind', async () => {
    const metrics = createVezelMetrics();
    const stopObserving = [
      metrics.observeOutboxAge(() => 4.25),
      metrics.observeFigureBacklog(() => Promise.resolve({ nodes: 17, lookups: 5, batches: 230 })),
      metrics.observeOpenAnomalies(() => [
        { kind: 'imbalance', count: 2 },
        { kind: 'unknown-node', count: 0 },
      ]),
    ];
    metrics.countOutboxPublished('published.sorting', 3);
    metrics.countOutboxPublished('published.sorting', 2);
    metrics.countOutboxPublished('published.retail', 1);

    const text = await scrape();
    for (const stop of stopObserving) stop();

    expect(text).toMatch(/^# UNIT vezel_outbox_backlog_age s$/m);
    expect(text).toMatch(/^vezel_outbox_backlog_age\{[^}]*\} 4\.25$/m);
    expect(text).toMatch(/^vezel_outbox_published_total\{topic="published\.sorting"[^}]*\} 5$/m);
    expect(text).toMatch(/^vezel_outbox_published_total\{topic="published\.retail"[^}]*\} 1$/m);
    expect(text).toMatch(/^vezel_ledger_figures_pending\{[^}]*\} 17$/m);
    expect(text).toMatch(/^vezel_ledger_figures_lookups_pending\{[^}]*\} 5$/m);
    expect(text).toMatch(/^vezel_ledger_figures_batches_pending\{[^}]*\} 230$/m);
    expect(text).toMatch(/^vezel_ledger_anomalies\{kind="imbalance"[^}]*\} 2$/m);
    expect(text).toMatch(/^vezel_ledger_anomalies\{kind="unknown-node"[^}]*\} 0$/m);
  });

  it('counts webhook delivery tries by outcome', async () => {
    const metrics = createVezelMetrics();

    metrics.countWebhookDeliveries('delivered');
    metrics.countWebhookDeliveries('delivered', 4);
    metrics.countWebhookDeliveries('retry', 2);
    metrics.countWebhookDeliveries('dead');
    const text = await scrape();

    expect(text).toMatch(/^vezel_webhook_deliveries_total\{outcome="delivered"[^}]*\} 5$/m);
    expect(text).toMatch(/^vezel_webhook_deliveries_total\{outcome="retry"[^}]*\} 2$/m);
    expect(text).toMatch(/^vezel_webhook_deliveries_total\{outcome="dead"[^}]*\} 1$/m);
    expect(text).not.toMatch(/^vezel_webhook_deliveries_total\{outcome="gone"/m);
  });

  it('counts the ledger’s figure refreshes by step', async () => {
    const metrics = createVezelMetrics();

    metrics.countFigureRefreshes('full');
    metrics.countFigureRefreshes('query-time');
    metrics.countFigureRefreshes('query-time');
    const text = await scrape();

    expect(text).toMatch(/^vezel_ledger_figures_refreshes_total\{step="full"[^}]*\} 1$/m);
    expect(text).toMatch(/^vezel_ledger_figures_refreshes_total\{step="query-time"[^}]*\} 2$/m);
  });

  it('answers a scrape when a reading hangs, with the other metrics, and does not start that reading again', async () => {
    const metrics = createVezelMetrics({ readingTimeoutMs: 100 });
    let hangingReads = 0;
    const stopHanging = metrics.observeFigureBacklog(() => {
      hangingReads += 1;
      return new Promise<FigureBacklogReading>(() => undefined);
    });
    const stopAge = metrics.observeOutboxAge(() => 1.5);

    const first = await scrape();
    const second = await scrape();
    stopHanging();
    stopAge();

    expect(first).toMatch(/^vezel_outbox_backlog_age\{[^}]*\} 1\.5$/m);
    expect(second).toMatch(/^vezel_outbox_backlog_age\{[^}]*\} 1\.5$/m);
    expect(hangingReads).toBe(1);
  });
});
