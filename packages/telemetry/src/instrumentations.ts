import type { IncomingMessage } from 'node:http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

type Instrumentations = [HttpInstrumentation, ExpressInstrumentation, PgInstrumentation, GrpcInstrumentation];

// Probes and scrapes arrive every few seconds and would bury the traces people actually look for.
const UNTRACED_PATHS = new Set(['/readyz', '/livez', '/healthz', '/metrics']);

let enabled: Instrumentations | undefined;

/**
 * The instrumentations every Vezel service runs, created (which enables their module hooks) on the first call and
 * shared afterwards. `register.ts` calls it before any application module loads, so even modules that
 * `main.ts` imports statically, ahead of `startTelemetry`, are patched; the SDK then adopts the same instances.
 */
export function enableInstrumentations(): Instrumentations {
  enabled ??= [
    new HttpInstrumentation({ ignoreIncomingRequestHook: isProbe }),
    new ExpressInstrumentation(),
    // The outbox relay and consumers poll; without a parent each poll would start a trace of its own.
    new PgInstrumentation({ requireParentSpan: true }),
    new GrpcInstrumentation(),
  ];
  return enabled;
}

function isProbe(request: IncomingMessage): boolean {
  const path = request.url?.split('?', 1)[0] ?? '';
  return UNTRACED_PATHS.has(path);
}
