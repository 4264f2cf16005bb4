/** What a service passes to `startTelemetry`. Unset values fall back to the standard `OTEL_*` variables. */
export interface TelemetryOptions {
  /** `service.name` on every span and metric, e.g. `collection`. */
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** Serve `/metrics` for Prometheus on this port. Else `OTEL_EXPORTER_PROMETHEUS_PORT`; unset: no metrics. */
  readonly prometheusPort?: number;
  /**
   * OTLP/HTTP base URL, e.g. `http://otel-collector:4318` (`/v1/traces` is appended).
   * Else `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`; unset: spans are not exported.
   */
  readonly otlpEndpoint?: string;
}

/** Telemetry settings after validation: what `startTelemetry` acts on. */
export interface TelemetryConfig {
  readonly serviceName: string;
  readonly serviceVersion: string | undefined;
  /** `OTEL_SDK_DISABLED=true`: start nothing at all. */
  readonly disabled: boolean;
  readonly traces:
    | { readonly export: false }
    // `url` undefined: the exporter reads the OTEL_EXPORTER_OTLP_* variables itself, per the specification.
    | { readonly export: true; readonly url: string | undefined };
  readonly prometheus: { readonly port: number; readonly host: string | undefined } | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Merges options with the environment and validates once, at start-up, so a typo fails fast with a message
 * naming the variable instead of silently producing no telemetry.
 */
export function resolveTelemetryConfig(options: TelemetryOptions, env: Env = process.env): TelemetryConfig {
  if (options.serviceName.trim() === '') throw new Error('startTelemetry: serviceName must not be empty');
  return {
    serviceName: options.serviceName,
    serviceVersion: options.serviceVersion,
    disabled: readBoolean(env, 'OTEL_SDK_DISABLED'),
    traces: resolveTraceExport(options, env),
    prometheus: resolvePrometheus(options, env),
  };
}

function resolveTraceExport(options: TelemetryOptions, env: Env): TelemetryConfig['traces'] {
  if (options.otlpEndpoint !== undefined) {
    const base = parseUrl(options.otlpEndpoint, 'otlpEndpoint');
    return { export: true, url: `${base.href.replace(/\/+$/, '')}/v1/traces` };
  }
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT']) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) {
      parseUrl(value, name);
      return { export: true, url: undefined };
    }
  }
  return { export: false };
}

function resolvePrometheus(options: TelemetryOptions, env: Env): TelemetryConfig['prometheus'] {
  const host = nonEmpty(env['OTEL_EXPORTER_PROMETHEUS_HOST']);
  if (options.prometheusPort !== undefined) {
    return { port: parsePort(String(options.prometheusPort), 'prometheusPort'), host };
  }
  const fromEnv = nonEmpty(env['OTEL_EXPORTER_PROMETHEUS_PORT']);
  return fromEnv === undefined ? undefined : { port: parsePort(fromEnv, 'OTEL_EXPORTER_PROMETHEUS_PORT'), host };
}

function parseUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL such as http://otel-collector:4318, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${name} must use http or https (OTLP/HTTP), got "${value}"`);
  }
  return url;
}

function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65_535) {
    throw new Error(`${name} must be a TCP port (0-65535), got "${value}"`);
  }
  return port;
}

function readBoolean(env: Env, name: string): boolean {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`${name} must be "true" or "false", got "${env[name]}"`);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
