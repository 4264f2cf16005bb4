/** Where an unexpected error surfaced, so the log line can be traced back to a call. */
export interface UnexpectedErrorContext {
  readonly transport: 'grpc' | 'http';
  /** The gRPC method path or `METHOD /path` of the request. */
  readonly operation: string;
  readonly service?: string;
}

/**
 * Receives errors that are not part of the domain taxonomy. Callers only ever see a generic INTERNAL / 500, so this
 * is the one place the real cause is recorded; the telemetry package plugs its logger in here.
 */
export type UnexpectedErrorReporter = (error: unknown, context: UnexpectedErrorContext) => void;

/** Default reporter: one structured JSON line on stderr, the same shape our logs use elsewhere. */
export const reportUnexpectedErrorToStderr: UnexpectedErrorReporter = (error, context) => {
  const described =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack }
      : { message: String(error) };
  const line = {
    level: 'error',
    time: new Date().toISOString(),
    msg: 'unexpected error',
    ...context,
    error: described,
  };
  process.stderr.write(JSON.stringify(line) + '\n');
};
