import { pino, stdTimeFunctions, type DestinationStream } from 'pino';
import { activeSpanIds } from './active-span-ids.ts';
import { readLogLevel, type LogLevel } from './read-log-level.ts';
import { redactedLogPaths } from './redacted-log-paths.ts';
import { stripUrlPasswords } from './strip-url-passwords.ts';
import { toLoggable } from './to-loggable.ts';

export type { LogLevel } from './read-log-level.ts';

/** Extra structured fields of a log line. Values may be bigint (written as strings) and Errors. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Writes one JSON object per line: `level`, `time`, `service`, the active span's `trace_id` and `span_id`, the
 * caller's fields and `msg`. Fields named like credentials are written as `[Redacted]`, URL passwords as `***`.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (per-call fields win on a clash). */
  child(fields: LogFields): Logger;
}

/** Options of {@link createLogger}; services normally pass none. */
export interface LoggerOptions {
  /** Lowest level written; `silent` writes nothing. Default: `LOG_LEVEL`, else `info`. */
  readonly level?: LogLevel | 'silent';
  /** Receives each line without its newline. Default: standard output. */
  readonly write?: (line: string) => void;
}

// Written by the logger itself: a caller's field of the same name would forge or duplicate them.
const reserved = new Set(['time', 'level', 'service', 'msg', 'trace_id', 'span_id']);

/**
 * Creates the structured logger of a service, on pino. Reads and validates `LOG_LEVEL` (debug, info, warn, error,
 * silent) unless a level is given; throws naming the variable when it is invalid. A log call never throws: a line
 * whose fields cannot be written is written without them, with `log_error` saying why.
 */
export function createLogger(serviceName: string, options: LoggerOptions = {}): Logger {
  const level = options.level ?? readLogLevel(process.env['LOG_LEVEL']);
  const { write } = options;
  const destination: DestinationStream =
    write === undefined ? process.stdout : { write: (line) => write(line.endsWith('\n') ? line.slice(0, -1) : line) };
  const logger = pino(
    {
      level,
      base: { service: serviceName },
      timestamp: stdTimeFunctions.isoTime,
      mixin: activeSpanIds,
      formatters: {
        level: (label) => ({ level: label }),
        // Runs only for lines that are written, and before `redact`, which so sees Errors as plain objects.
        log: (fields) => toLoggable(fields) as Record<string, unknown>,
      },
      // Errors are already plain objects by now; pino's own `err` serializer would rename their `name` to `type`.
      serializers: { err: (value: unknown) => value },
      redact: { paths: [...redactedLogPaths], censor: '[Redacted]' },
    },
    destination,
  );

  const build = (bound: LogFields): Logger => {
    const log = (method: LogLevel, msg: string, fields: LogFields | undefined): void => {
      if (!logger.isLevelEnabled(method)) return;
      const text = stripUrlPasswords(msg);
      try {
        logger[method](ownFields(bound, fields), text);
      } catch (error) {
        // A log call must never throw (it sits in catch blocks and shutdown paths): keep the line, drop the fields.
        logger[method]({ log_error: `fields not serialisable: ${describe(error)}` }, text);
      }
    };
    return {
      debug: (msg, fields) => log('debug', msg, fields),
      info: (msg, fields) => log('info', msg, fields),
      warn: (msg, fields) => log('warn', msg, fields),
      error: (msg, fields) => log('error', msg, fields),
      child: (fields) => build({ ...bound, ...fields }),
    };
  };
  return build({});
}

function ownFields(bound: LogFields, fields: LogFields | undefined): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...bound, ...fields };
  for (const key of reserved) delete merged[key];
  return merged;
}

function describe(error: unknown): string {
  // Not String(error): whatever made the fields unwritable may make that throw as well.
  return error instanceof Error ? stripUrlPasswords(error.message) : typeof error;
}
