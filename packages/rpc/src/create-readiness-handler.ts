import { isDomainError, toProblemDetails, UnavailableError } from '@vezel/errors';
import type { RequestHandler } from 'express';
import { problemInstanceOf } from './problem-instance.ts';
import { sendProblem } from './send-problem.ts';
import type { UnexpectedErrorReporter } from './unexpected-error-reporter.ts';

/** A dependency the service needs before it should receive traffic (database, broker). */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when ready. The signal aborts at the timeout, so a hung check can release what it holds. */
  readonly check: (signal: AbortSignal) => Promise<void>;
}

/** Outcome of one check, as served by `/readyz`. */
export interface ReadinessCheckResult {
  readonly name: string;
  readonly status: 'ok' | 'failed' | 'timed-out';
  readonly durationMs: number;
  /** Why it failed, only when the error is a domain error (its message is meant for callers). */
  readonly reason?: string;
}

/** Options for {@link createReadinessHandler}. */
export interface ReadinessHandlerOptions {
  readonly serviceName: string;
  readonly checks: readonly ReadinessCheck[];
  readonly timeoutMs: number;
  readonly reportUnexpectedError: UnexpectedErrorReporter;
}

/**
 * `GET /readyz`: runs every check concurrently, each bounded by the timeout. 200 with per-check results when all
 * pass, otherwise a 503 problem naming the failing checks. Failures other than domain errors are reported but not
 * described to the caller, because probe endpoints are often reachable from outside.
 */
export function createReadinessHandler(options: ReadinessHandlerOptions): RequestHandler {
  return async (req, res) => {
    const checks = await Promise.all(options.checks.map((check) => runCheck(check, options)));
    const failing = checks.filter((check) => check.status !== 'ok').map((check) => check.name);
    if (failing.length === 0) {
      res.status(200).json({ status: 'ready', service: options.serviceName, checks });
      return;
    }
    const names = failing.map((name) => `"${name}"`).join(', ');
    const error = new UnavailableError(`readiness ${failing.length === 1 ? 'check' : 'checks'} ${names} failed`, {
      details: { checks },
    });
    sendProblem(res, toProblemDetails(error, problemInstanceOf(req)));
  };
}

async function runCheck(readiness: ReadinessCheck, options: ReadinessHandlerOptions): Promise<ReadinessCheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), options.timeoutMs);
  });
  const elapsed = () => Math.round(performance.now() - started);
  try {
    // The check is started inside the race so a synchronous throw is a failure, not a crash.
    const outcome = await Promise.race([Promise.resolve().then(() => readiness.check(controller.signal)), timedOut]);
    if (outcome === 'timed-out') {
      controller.abort(new Error(`readiness check "${readiness.name}" timed out after ${options.timeoutMs} ms`));
      return { name: readiness.name, status: 'timed-out', durationMs: elapsed() };
    }
    return { name: readiness.name, status: 'ok', durationMs: elapsed() };
  } catch (error) {
    if (isDomainError(error)) {
      return { name: readiness.name, status: 'failed', durationMs: elapsed(), reason: error.message };
    }
    options.reportUnexpectedError(error, {
      transport: 'http',
      operation: `readiness check ${readiness.name}`,
      service: options.serviceName,
    });
    return { name: readiness.name, status: 'failed', durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}
