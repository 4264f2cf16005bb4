import type { Logger } from '@vezel/telemetry';
import type { RequestHandler } from 'express';

/**
 * Express middleware writing a `request` line at debug level when each response is sent: method, route template,
 * path, status and duration, with the request's trace and span ids. The path is written without its query string,
 * and no header is written: that is where credentials travel.
 */
export function logRequests(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      logger.debug('request', {
        method: req.method,
        route: typeof route === 'string' ? `${req.baseUrl}${route}` : '(unmatched)',
        path: req.originalUrl.split('?', 1)[0],
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      });
    });
    next();
  };
}
