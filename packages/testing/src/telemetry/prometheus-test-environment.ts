import { vi } from 'vitest';
import { freeLoopbackPort } from '../net/free-loopback-port.ts';

/** What a test needs to start a telemetry SDK that it scrapes: where, and how to undo the set-up. */
export interface PrometheusTestEnvironment {
  /** A free loopback port for the SDK's Prometheus exporter (`prometheusPort`). */
  readonly port: number;
  /** Where the metrics are scraped. */
  readonly metricsUrl: string;
  /** Undoes the environment and the silenced warning; call it after the SDK is shut down. */
  restore(): void;
}

/**
 * Prepares this test process for a telemetry SDK that serves Prometheus metrics on loopback and exports nothing
 * else: a free port, the OTEL_ variables that keep the exporter on loopback and the OTLP exporters off, and the
 * SDK's warning about the missing --import hook silenced (a test process runs without it; the warning is expected).
 */
export async function prometheusTestEnvironment(): Promise<PrometheusTestEnvironment> {
  const port = await freeLoopbackPort();
  vi.stubEnv('OTEL_EXPORTER_PROMETHEUS_HOST', '127.0.0.1');
  vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', '');
  vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '');
  const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  return {
    port,
    metricsUrl: `http://127.0.0.1:${port}/metrics`,
    restore() {
      vi.unstubAllEnvs();
      warnings.mockRestore();
    },
  };
}
