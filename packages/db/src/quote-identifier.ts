import { InvalidInputError } from '@vezel/errors';

// Deliberately narrower than PostgreSQL's rules: lower case needs no case folding, so the name a caller passes is
// the name the server reports back (notification channels are compared as strings).
const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a name that has to be spliced into SQL (a schema, a channel, a table) and returns it double-quoted.
 * Throws `InvalidInputError` naming `role` for anything but a lower-case identifier.
 */
export function quoteIdentifier(name: string, role: string): string {
  if (!identifierPattern.test(name)) {
    throw new InvalidInputError(`${role} "${name}" is not a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63)`, {
      field: role,
    });
  }
  return `"${name}"`;
}
