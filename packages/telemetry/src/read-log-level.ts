/** Severity of a log line, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levels: readonly (LogLevel | 'silent')[] = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * The level `LOG_LEVEL` selects (case-insensitive; unset or blank: `info`). Throws naming the variable when it is
 * none of debug, info, warn, error, silent: a typo must not silently hide or flood the logs.
 */
export function readLogLevel(value: string | undefined): LogLevel | 'silent' {
  const level = value?.trim().toLowerCase() || 'info';
  const known = levels.find((candidate) => candidate === level);
  if (known !== undefined) return known;
  throw new Error(`LOG_LEVEL must be one of ${levels.join(', ')}; got "${value}"`);
}
