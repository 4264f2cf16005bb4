import { InvalidInputError } from '@vezel/errors';

/** Where the chain's calendar days begin and end unless configured otherwise: its sorting centres are Dutch. */
export const DEFAULT_CHAIN_TIME_ZONE = 'Europe/Amsterdam';

/**
 * An IANA time zone name the runtime knows (`Europe/Amsterdam`), checked once where it is configured so that a
 * typo fails at start-up, naming the setting, instead of on the first query with a date in it.
 */
export function requireTimeZone(name: string, setting: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidInputError(`must be an IANA time zone such as Europe/Amsterdam, got ${JSON.stringify(name)}`, {
      field: setting,
    });
  }
}
