import { InvalidInputError } from '@vezel/errors';

/*
 * Page tokens: the sort key of the last row a page showed, as base64url JSON. Opaque to clients, not a secret (it
 * only names a position in what the caller could read anyway), and read back strictly: a token this ledger did not
 * make is a 400 naming the parameter.
 */

export function encodePageToken(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodePageToken(token: string, arity: number, field: string): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  const valid =
    Array.isArray(parts) &&
    parts.length === arity &&
    parts.every((part) => typeof part === 'string' && part.isWellFormed() && !part.includes('\u0000'));
  if (!valid) throw new InvalidInputError('is not a page token this ledger gave out', { field });
  return parts as string[];
}
