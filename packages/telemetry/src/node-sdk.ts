import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { instrumentationHooksRegistered } from './instrumentation-hooks.ts';
import { enableInstrumentations } from './instrumentations.ts';
import type { Telemetry } from './telemetry.ts';
import type { TelemetryConfig } from './telemetry-config.ts';

/**
 * Builds and starts the OpenTelemetry NodeSDK. Loaded lazily by `startTelemetry`: the SDK pulls in every exporter
 * it knows, which costs hundreds of milliseconds that code only using the API should not pay.
 */
export async function startNodeSdk(config: TelemetryConfig): Promise<Telemetry> {
  const metricReaders = [];
  if (config.prometheus !== undefined) {
    const { port, host } = config.prometheus;
    const exporter = new PrometheusExporter({ port, ...(host === undefined ? {} : { host }) });
    try {
      await exporter.startServer();
    } catch (error) {
      throw new Error(`telemetry: cannot serve Prometheus metrics on port ${port}`, { cause: error });
    }
    metricReaders.push(exporter);
  }

  const tracing: Partial<NodeSDKConfiguration> = config.traces.export
    ? { traceExporter: new OTLPTraceExporter(config.traces.url === undefined ? {} : { url: config.traces.url }) }
    : // A provider that exports nothing still mints trace ids, so logs correlate and context crosses the outbox.
      // Sampling stays on: the traceparent flag tells a downstream service that does export to record its part.
      { spanProcessors: [new NoopSpanProcessor()] };

  const version = config.serviceVersion === undefined ? {} : { [ATTR_SERVICE_VERSION]: config.serviceVersion };
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    resource: defaultResource().merge(resourceFromAttributes(version)),
    // Pinned rather than read from OTEL_PROPAGATORS: W3C traceparent is part of our Kafka header contract.
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    ...tracing,
    metricReaders,
    // Logs go to stdout as JSON lines (createLogger); without this the SDK would also ship them over OTLP.
    logRecordProcessors: [],
    instrumentations: enableInstrumentations(),
  });
  sdk.start();
  if (!instrumentationHooksRegistered()) {
    process.emitWarning(
      'started without `--import @vezel/telemetry/register`: imported (ESM) express, pg and gRPC will not be traced',
      { code: 'VEZEL_TELEMETRY_NO_LOADER_HOOK' },
    );
  }

  let stopped: Promise<void> | undefined;
  return { shutdown: () => (stopped ??= sdk.shutdown()) };
}
