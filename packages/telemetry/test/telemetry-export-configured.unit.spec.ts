import { describe, expect, it } from 'vitest';
import { telemetryExportConfigured } from '../src/index.ts';

describe('whether the environment asks for telemetry to be exported', () => {
  it.each([
    { env: {}, exported: false },
    { env: { OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }, exported: false },
    { env: { OTEL_SERVICE_NAME: 'vezel', OTEL_LOG_LEVEL: 'debug' }, exported: false },
    { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' }, exported: true },
    { env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://otel-collector:4318/v1/traces' }, exported: true },
    { env: { OTEL_EXPORTER_PROMETHEUS_PORT: '9464' }, exported: true },
    { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_SDK_DISABLED: 'true' }, exported: false },
  ])('$env: $exported', ({ env, exported }) => {
    expect(telemetryExportConfigured(env)).toBe(exported);
  });

  it('refuses an invalid value, naming the variable, as startTelemetry would', () => {
    expect(() => telemetryExportConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must/,
    );
  });
});
