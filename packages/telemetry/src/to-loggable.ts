import { stripUrlPasswords } from './strip-url-passwords.ts';

// Far deeper than any field we log; a stop for an object graph (a client, a socket) logged by mistake.
const maxDepth = 10;

/**
 * `value` as a log line should hold it, leaving `value` untouched: bigints (grams) become decimal strings, which JSON
 * has no loss-free number for; Errors become plain objects with their own fields, name, message, stack and cause,
 * which JSON would drop; passwords are stripped from URLs in strings; a reference back to an enclosing object becomes
 * `[Circular]`. Field names that hold secrets are censored later, by pino's `redact`.
 */
export function toLoggable(value: unknown): unknown {
  return convert(value, new Set(), 0);
}

function convert(value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return stripUrlPasswords(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof URL) return stripUrlPasswords(value.href);
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= maxDepth) return '[Truncated]';
  // Dates and Buffers know their JSON form; Errors have one only through this function.
  if (!(value instanceof Error) && typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item: unknown) => convert(item, ancestors, depth + 1));
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value instanceof Error ? describeError(value) : value)) {
      result[key] = convert(item, ancestors, depth + 1);
    }
    return result;
  } finally {
    ancestors.delete(value);
  }
}

function describeError(error: Error): Record<string, unknown> {
  // Own enumerable properties first: DomainError's kind, field and details are what makes an error actionable.
  return {
    ...error,
    name: error.name,
    message: error.message,
    stack: error.stack,
    cause: error.cause,
    ...(error instanceof AggregateError ? { errors: error.errors as unknown } : {}),
  };
}
