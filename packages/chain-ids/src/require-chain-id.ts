import { InvalidInputError } from '@vezel/errors';

/** Longest id the chain accepts (docs/domain.md), in characters: ids become Kafka keys and primary keys everywhere. */
export const MAX_ID_LENGTH = 128;

/**
 * An id as every service of the chain accepts it (ADR 9): non-empty, at most {@link MAX_ID_LENGTH} characters
 * (code points, as the HTTP edge counts them), no control characters and no leading or trailing spaces. Pure, so
 * deciders use it as well as the edges. Names `field` when the id breaks the rule.
 */
export function requireChainId(value: string, field: string): string {
  if (typeof value !== 'string') throw new InvalidInputError('must be a string id', { field });
  const length = [...value].length;
  if (length === 0) throw new InvalidInputError('must not be empty', { field });
  if (length > MAX_ID_LENGTH) {
    throw new InvalidInputError(`must be at most ${MAX_ID_LENGTH} characters, got ${length}`, { field });
  }
  // An id differing from another only in invisible characters would look like the same node in every report, and
  // PostgreSQL cannot store U+0000 at all.
  if (!value.isWellFormed()) {
    throw new InvalidInputError('must be well-formed Unicode (it holds a lone surrogate)', { field });
  }
  if (value.trim() !== value || /\p{Cc}/u.test(value)) {
    throw new InvalidInputError('must not contain control characters or leading or trailing spaces', { field });
  }
  return value;
}
