import { createLogger, type Logger } from '@vezel/telemetry';

/** Where an unexpected error surfaced, so the log line can be traced back to a call. */
export interface UnexpectedErrorContext {
  readonly transport: 'grpc' | 'http';
  /** The gRPC method path or `METHOD /path` of the request. */
  readonly operation: string;
  readonly service?: string;
}

/**
 * Receives errors that are not part of the domain taxonomy. Callers only ever see a generic INTERNAL / 500, so this
 * is the one place the real cause is recorded; a service plugs its logger in here.
 */
export type UnexpectedErrorReporter = (error: unknown, context: UnexpectedErrorContext) => void;

const stderrLoggers = new Map<string, Logger>();

/**
 * Default reporter, for an app or gRPC server given none: an `unexpected error` line on stderr written by the
 * services' logger (`@vezel/telemetry`), so it has their shape, the active span's trace and span ids and their
 * redaction of credentials. It writes regardless of `LOG_LEVEL`: it is the only record of what failed.
 */
export const reportUnexpectedErrorToStderr: UnexpectedErrorReporter = (error, context) => {
  const { service = 'unknown', ...where } = context;
  stderrLogger(service).error('unexpected error', { ...where, error });
};

function stderrLogger(service: string): Logger {
  let logger = stderrLoggers.get(service);
  if (logger === undefined) {
    // An explicit level: reading LOG_LEVEL could throw, and this runs in the error path of a request.
    logger = createLogger(service, { level: 'error', write: (line) => void process.stderr.write(`${line}\n`) });
    stderrLoggers.set(service, logger);
  }
  return logger;
}
