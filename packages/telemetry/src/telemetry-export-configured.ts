import { resolveTelemetryConfig } from './telemetry-config.ts';

/**
 * Whether the environment asks for telemetry to leave the process: spans over OTLP/HTTP
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or metrics for Prometheus
 * (`OTEL_EXPORTER_PROMETHEUS_PORT`), and `OTEL_SDK_DISABLED` is not `true`. For hosts that start telemetry only on
 * request (the embedded chain); throws on invalid values as `startTelemetry` would.
 */
export function telemetryExportConfigured(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  // The service name changes nothing about what is exported; it only has to pass validation.
  const config = resolveTelemetryConfig({ serviceName: 'vezel' }, env);
  return !config.disabled && (config.traces.export || config.prometheus !== undefined);
}
