import { isSpanContextValid, trace } from '@opentelemetry/api';

/** Severity of a log line, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Extra structured fields of a log line. Values may be bigint (written as strings) and Errors. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Writes one JSON object per line, tagged with the service and the active span's trace and span ids. */
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

const SEVERITY = { debug: 10, info: 20, warn: 30, error: 40, silent: Number.POSITIVE_INFINITY } as const;
const RESERVED = new Set(['time', 'level', 'service', 'msg', 'trace_id', 'span_id']);

/**
 * Creates the structured logger of a service. Reads and validates `LOG_LEVEL` (debug, info, warn, error, silent)
 * unless a level is given; throws naming the variable when it is invalid.
 */
export function createLogger(serviceName: string, options: LoggerOptions = {}): Logger {
  const threshold = SEVERITY[options.level ?? readLogLevel(process.env['LOG_LEVEL'])];
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));

  const build = (bound: LogFields): Logger => {
    const log = (level: LogLevel, msg: string, fields: LogFields | undefined): void => {
      if (SEVERITY[level] < threshold) return;
      write(formatLine(level, serviceName, msg, { ...bound, ...fields }));
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

function readLogLevel(value: string | undefined): LogLevel | 'silent' {
  const level = value?.trim().toLowerCase() || 'info';
  if (Object.hasOwn(SEVERITY, level)) return level as LogLevel | 'silent';
  throw new Error(`LOG_LEVEL must be one of ${Object.keys(SEVERITY).join(', ')}; got "${value}"`);
}

function formatLine(level: LogLevel, service: string, msg: string, fields: LogFields): string {
  const record: Record<string, unknown> = { time: new Date().toISOString(), level, service, msg };
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext !== undefined && isSpanContextValid(spanContext)) {
    record['trace_id'] = spanContext.traceId;
    record['span_id'] = spanContext.spanId;
  }
  const head = { ...record };
  for (const [key, value] of Object.entries(fields)) {
    if (!RESERVED.has(key)) record[key] = value;
  }
  try {
    return JSON.stringify(record, toJsonValue);
  } catch (error) {
    // A log call must never throw (it sits in catch blocks and shutdown paths): keep the line, drop the fields.
    return JSON.stringify({ ...head, log_error: `fields not serialisable: ${String(error)}` });
  }
}

function toJsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    // Own enumerable properties first: DomainError's kind, field and details are what makes an error actionable.
    return { ...value, name: value.name, message: value.message, stack: value.stack, cause: value.cause };
  }
  return value;
}
