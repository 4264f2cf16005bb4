import { createVezelMetrics, type VezelMetrics } from '@vezel/telemetry';
import type { RequestHandler } from 'express';

/**
 * Express middleware recording `vezel.request.duration` per route template (`/v1/collection/batches/:batchId`),
 * never per raw path, so ids do not explode the metric's cardinality. A no-op without a telemetry SDK.
 */
export function measureRequests(metrics: VezelMetrics = createVezelMetrics()): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      metrics.recordRequestDuration((performance.now() - started) / 1000, {
        transport: 'http',
        operation: typeof route === 'string' ? `${req.method} ${req.baseUrl}${route}` : `${req.method} (unmatched)`,
        status: res.statusCode,
      });
    });
    next();
  };
}
