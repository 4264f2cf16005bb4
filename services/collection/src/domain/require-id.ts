import { InvalidInputError } from '@vezel/errors';

/** Longest id the chain accepts (DOMAIN.md), in characters. */
export const MAX_ID_LENGTH = 128;

/** An id as the chain accepts it: non-empty, at most 128 characters, no surrounding or control whitespace. */
export function requireId(value: string, field: string): string {
  const length = [...value].length;
  if (length === 0) throw new InvalidInputError('must not be empty', { field });
  if (length > MAX_ID_LENGTH) throw new InvalidInputError(`must be at most ${MAX_ID_LENGTH} characters`, { field });
  // An id that differs from another only in invisible characters would look like the same node in every report.
  if (value.trim() !== value || /\p{Cc}/u.test(value)) {
    throw new InvalidInputError('must not contain control characters or leading or trailing spaces', { field });
  }
  return value;
}
