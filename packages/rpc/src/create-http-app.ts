import { METHODS } from 'node:http';
import { NotFoundError, toProblemDetails } from '@vezel/errors';
import express, { type Express, type RequestHandler } from 'express';
import { bigintJsonReplacer } from './bigint-json-replacer.ts';
import { createHttpErrorHandler } from './create-http-error-handler.ts';
import { createReadinessHandler, type ReadinessCheck } from './create-readiness-handler.ts';
import { problemInstanceOf } from './problem-instance.ts';
import { JSON_MEDIA_TYPES, requireJsonBody } from './require-json-body.ts';
import { sendProblem } from './send-problem.ts';
import { reportUnexpectedErrorToStderr, type UnexpectedErrorReporter } from './unexpected-error-reporter.ts';

/** Options for {@link createHttpApp}. */
export interface HttpAppOptions {
  /** Named in health responses and error reports. */
  readonly serviceName: string;
  /**
   * The service's routers and handlers, mounted at `/` in this order between the built-in middleware and the
   * 404 / error handlers. They can only be given here: see {@link createHttpApp}.
   */
  readonly routes: readonly RequestHandler[];
  /** Largest accepted JSON body, in body-parser notation. Default `'1mb'`. */
  readonly bodyLimit?: string | number;
  /** Run by `GET /readyz`. Default none (always ready once listening). */
  readonly readinessChecks?: readonly ReadinessCheck[];
  /** Per-check time limit for `/readyz`. Default 2 s, under a typical probe timeout. */
  readonly readinessTimeoutMs?: number;
  /** Receives errors outside the domain taxonomy (the client gets a bare 500). Defaults to stderr. */
  readonly reportUnexpectedError?: UnexpectedErrorReporter;
}

/**
 * The express 5 app every service serves its HTTP API from:
 * - strict JSON bodies up to `bodyLimit`; malformed -> 400 naming `body`, too large -> 413, not JSON -> 415;
 * - `GET /healthz` (liveness) and `GET /readyz` (readiness checks);
 * - the service's `routes`;
 * - unknown routes -> 404, domain errors -> their problem+json, anything else -> 500 (reported);
 * - bigints in responses written as JSON numbers ({@link bigintJsonReplacer}).
 *
 * Routes are passed in rather than added afterwards because express runs handlers in the order they were added:
 * anything added after the 404 handler would never be reached. To make that mistake loud, the returned app refuses
 * further `use` / `route` / verb registrations (settings via `set` / one-argument `get` still work).
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const bodyLimit = options.bodyLimit ?? '1mb';
  const reportUnexpectedError = options.reportUnexpectedError ?? reportUnexpectedErrorToStderr;
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', bigintJsonReplacer);

  app.use(requireJsonBody);
  app.use(express.json({ limit: bodyLimit, strict: true, type: [...JSON_MEDIA_TYPES] }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.serviceName });
  });
  app.get(
    '/readyz',
    createReadinessHandler({
      serviceName: options.serviceName,
      checks: options.readinessChecks ?? [],
      timeoutMs: options.readinessTimeoutMs ?? 2_000,
      reportUnexpectedError,
    }),
  );
  for (const route of options.routes) app.use(route);
  app.use((req, res) => {
    const error = new NotFoundError(`no route for ${req.method} ${req.path}`);
    sendProblem(res, toProblemDetails(error, problemInstanceOf(req)));
  });
  app.use(createHttpErrorHandler({ serviceName: options.serviceName, bodyLimit, reportUnexpectedError }));

  refuseLateRoutes(app);
  return app;
}

function refuseLateRoutes(app: Express): void {
  const refuse = (): never => {
    throw new Error(
      'createHttpApp: pass routers in createHttpApp({ routes }); routes added later would sit behind the 404 handler',
    );
  };
  const registrations = ['use', 'route', 'all', ...METHODS.map((method) => method.toLowerCase())];
  for (const name of registrations) {
    if (name === 'get') continue;
    Object.defineProperty(app, name, { value: refuse, configurable: true });
  }
  const getSetting = app.get.bind(app) as (setting: string) => unknown;
  // One-argument `get` reads a setting (express itself does this per request); only route registration is refused.
  Object.defineProperty(app, 'get', {
    value: (...args: unknown[]) => (args.length === 1 && typeof args[0] === 'string' ? getSetting(args[0]) : refuse()),
    configurable: true,
  });
}
