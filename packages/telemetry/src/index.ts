export { startTelemetry } from './start-telemetry.ts';
export { telemetryExportConfigured } from './telemetry-export-configured.ts';
export type { Telemetry } from './telemetry.ts';
export type { TelemetryOptions } from './telemetry-config.ts';
export {
  captureTraceContext,
  injectTraceContext,
  runWithTraceContext,
  runWithBatchTraceContext,
  linksFromCarriers,
  type TraceCarrier,
  type TraceCarrierSource,
  type MessagingSpanOptions,
  type BatchSpanOptions,
} from './trace-context.ts';
export {
  createVezelMetrics,
  type VezelMetrics,
  type VezelMetricsOptions,
  type MetricReading,
  type RequestMeasurement,
  type RequestTransport,
  type TopicLagReading,
  type AnomalyCount,
  type FigureBacklogReading,
  type WebhookDeliveryOutcome,
  type FigureRefreshStep,
} from './vezel-metrics.ts';
export { createLogger, type Logger, type LoggerOptions, type LogLevel, type LogFields } from './logger.ts';
export { telemetryEnvironment } from './telemetry-environment.ts';
