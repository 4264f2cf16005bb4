import { UnavailableError } from '@vezel/errors';
import { sqlStateOf } from './sql-state.ts';

// SQLSTATEs that say "this server or connection cannot serve you right now", not "this statement is wrong".
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);
// Class 08 is connection trouble, except a protocol violation, which is our bug and repeats on retry.
const protocolViolation = '08P01';

const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

// node-postgres reports a lost or never-made connection with plain Errors; their messages are all there is.
const disconnectedMessages = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /is not queryable/i,
  /connection timeout/i,
];

/**
 * Turns a node-postgres failure into what callers act on: connection trouble becomes a retriable
 * `UnavailableError` (the driver error kept as `cause`); anything else, SQL errors with their `code` included,
 * is returned unchanged.
 */
export function classifyPgError(error: unknown): unknown {
  if (error instanceof UnavailableError || !isConnectionFailure(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = sqlStateOf(error) ?? networkCodeOf(error);
  return new UnavailableError(`database unavailable: ${message}`, {
    cause: error,
    details: code === undefined ? {} : { code },
  });
}

function isConnectionFailure(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  if (sqlState !== undefined) {
    return unavailableSqlStates.has(sqlState) || (sqlState.startsWith('08') && sqlState !== protocolViolation);
  }
  if (networkCodeOf(error) !== undefined) return true;
  return error instanceof Error && disconnectedMessages.some((pattern) => pattern.test(error.message));
}

function networkCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string' && networkErrorCodes.has(code)) return code;
  // Connecting to a name with several addresses (localhost: ::1 and 127.0.0.1) fails with an AggregateError.
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const innerCode = networkCodeOf(inner);
      if (innerCode !== undefined) return innerCode;
    }
  }
  return undefined;
}
