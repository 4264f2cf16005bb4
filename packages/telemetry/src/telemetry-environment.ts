/**
 * The variables this package reads (`resolveTelemetryConfig`, the register hook, `createLogger`), with their
 * defaults and meaning: every service process reads them. The OpenTelemetry SDK honours the other standard `OTEL_*`
 * variables besides. Typed as `EnvironmentVariable` where @vezel/service-kit gathers a service process's catalogue
 * (this package depends on no package that could hold the type).
 */
export const telemetryEnvironment = [
  {
    name: 'OTEL_SDK_DISABLED',
    services: 'all',
    default: '`false`',
    description: '`true` starts no telemetry at all: no instrumentation, spans or metrics.',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    services: 'all',
    description: 'Export spans over OTLP/HTTP to this base URL (`/v1/traces` is appended); unset: none are sent.',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    services: 'all',
    description: 'The full OTLP/HTTP URL for spans, in place of `OTEL_EXPORTER_OTLP_ENDPOINT`.',
  },
  {
    name: 'OTEL_EXPORTER_PROMETHEUS_PORT',
    services: 'all',
    description: 'Serve Prometheus metrics at `/metrics` on this port; unset: no metrics endpoint.',
  },
  {
    name: 'OTEL_EXPORTER_PROMETHEUS_HOST',
    services: 'all',
    default: 'every interface',
    description: 'The address the metrics endpoint listens on.',
  },
  {
    name: 'LOG_LEVEL',
    services: 'all',
    default: '`info`',
    description: 'The lowest level logged: `debug`, `info`, `warn`, `error` or `silent`.',
  },
] as const;
