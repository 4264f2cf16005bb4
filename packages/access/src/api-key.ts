import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `vzk_<key id>_<secret>`: the prefix lets secret scanners (and people) recognise one, the key id
 * (16 hex digits) is what is stored, logged and revoked, and the secret (32 random bytes, base64url) is shown once and
 * stored only as its SHA-256. A salted slow hash is for guessable passwords; 256 random bits need none.
 */
export const API_KEY_PREFIX = 'vzk_';

const keyPattern = /^vzk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new key: the token to hand out once, and what is kept of it. */
export interface IssuedApiKey {
  readonly keyId: string;
  readonly token: string;
  readonly secretSha256: string;
}

export function issueApiKey(): IssuedApiKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, token: `${API_KEY_PREFIX}${keyId}_${secret}`, secretSha256: sha256Hex(secret) };
}

/** The key id and the hash of the secret a presented token carries, or undefined when it is not a Vezel API key. */
export function readApiKey(token: string): { readonly keyId: string; readonly secretSha256: string } | undefined {
  const match = keyPattern.exec(token);
  if (match === null) return undefined;
  return { keyId: match[1]!, secretSha256: sha256Hex(match[2]!) };
}

/** Compares two secret hashes in constant time. */
export function sameSecret(storedSha256: string, presentedSha256: string): boolean {
  const stored = Buffer.from(storedSha256, 'hex');
  const presented = Buffer.from(presentedSha256, 'hex');
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}

function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
