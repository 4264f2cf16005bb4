import { describe, expect, it } from 'vitest';
import { resolveTelemetryConfig } from '../src/telemetry-config.ts';

const service = { serviceName: 'recycling' };

describe('resolveTelemetryConfig', () => {
  it('exports nothing and serves no metrics when nothing is configured', () => {
    expect(resolveTelemetryConfig(service, {})).toEqual({
      serviceName: 'recycling',
      serviceVersion: undefined,
      disabled: false,
      traces: { export: false },
      prometheus: undefined,
    });
  });

  it('exports to the OTLP/HTTP traces path of an endpoint given as an option', () => {
    const config = resolveTelemetryConfig({ ...service, otlpEndpoint: 'http://otel-collector:4318/' }, {});

    expect(config.traces).toEqual({ export: true, url: 'http://otel-collector:4318/v1/traces' });
  });

  it('leaves an endpoint from OTEL_EXPORTER_OTLP_ENDPOINT to the exporter, which applies the specification', () => {
    const config = resolveTelemetryConfig(service, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' });

    expect(config.traces).toEqual({ export: true, url: undefined });
  });

  it('prefers the option to the environment', () => {
    const config = resolveTelemetryConfig(
      { ...service, otlpEndpoint: 'http://localhost:4318', prometheusPort: 9464 },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_EXPORTER_PROMETHEUS_PORT: '9000' },
    );

    expect(config.traces).toEqual({ export: true, url: 'http://localhost:4318/v1/traces' });
    expect(config.prometheus).toEqual({ port: 9464, host: undefined });
  });

  it('serves metrics on OTEL_EXPORTER_PROMETHEUS_PORT and _HOST', () => {
    const config = resolveTelemetryConfig(service, {
      OTEL_EXPORTER_PROMETHEUS_PORT: '9464',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    });

    expect(config.prometheus).toEqual({ port: 9464, host: '127.0.0.1' });
  });

  it.each([
    [{ OTEL_EXPORTER_PROMETHEUS_PORT: 'ninety' }, /OTEL_EXPORTER_PROMETHEUS_PORT must be a TCP port/],
    [{ OTEL_EXPORTER_PROMETHEUS_PORT: '70000' }, /OTEL_EXPORTER_PROMETHEUS_PORT must be a TCP port/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4317x' }, /OTEL_EXPORTER_OTLP_ENDPOINT must/],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an absolute/],
    [{ OTEL_SDK_DISABLED: 'yes' }, /OTEL_SDK_DISABLED must be "true" or "false"/],
  ])('rejects %o, naming the variable', (env, message) => {
    expect(() => resolveTelemetryConfig(service, env)).toThrow(message);
  });

  it('rejects an invalid option, naming it', () => {
    expect(() => resolveTelemetryConfig({ ...service, prometheusPort: -1 }, {})).toThrow(/prometheusPort/);
    expect(() => resolveTelemetryConfig({ ...service, otlpEndpoint: 'grpc://collector:4317' }, {})).toThrow(
      /otlpEndpoint/,
    );
    expect(() => resolveTelemetryConfig({ serviceName: ' ' }, {})).toThrow(/serviceName/);
  });

  it('is disabled by OTEL_SDK_DISABLED=true', () => {
    expect(resolveTelemetryConfig(service, { OTEL_SDK_DISABLED: 'TRUE' }).disabled).toBe(true);
  });
});
