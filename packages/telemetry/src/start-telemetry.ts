import type { Telemetry } from './telemetry.ts';
import { resolveTelemetryConfig, type TelemetryOptions } from './telemetry-config.ts';

let started: Promise<Telemetry> | undefined;

/**
 * Starts OpenTelemetry for this process: W3C trace-context propagation; HTTP, express, pg and gRPC
 * instrumentation; spans exported over OTLP/HTTP when an endpoint is configured (otherwise ids are minted but
 * nothing is sent); metrics served for Prometheus when a port is configured.
 *
 * Call it first thing in `main.ts`, and run the process with `--import @vezel/telemetry/register`: that hook
 * patches express, pg and gRPC as they load, so `main.ts` may import them statically. One SDK per process: later
 * calls return the first call's handle. Rejects on invalid configuration, naming the option or variable.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const config = resolveTelemetryConfig(options);
  if (started === undefined) {
    started = config.disabled
      ? Promise.resolve({ shutdown: () => Promise.resolve() })
      : import('./node-sdk.ts').then(({ startNodeSdk }) => startNodeSdk(config));
  }
  return started;
}
