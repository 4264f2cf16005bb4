import { describe, expect, it } from 'vitest';
import { API_KEY_PREFIX, issueApiKey, readApiKey, sameSecret } from '../src/index.ts';

describe('API keys', () => {
  it('are prefixed, carry their id, and keep only a hash of the secret', () => {
    const key = issueApiKey();
    expect(key.token.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(key.token).toMatch(/^vzk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(key.token).toContain(key.keyId);
    expect(key.token).not.toContain(key.secretSha256);
    const read = readApiKey(key.token);
    expect(read?.keyId).toBe(key.keyId);
    expect(sameSecret(key.secretSha256, read!.secretSha256)).toBe(true);
  });

  it('are different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => issueApiKey().token));
    expect(tokens.size).toBe(100);
  });

  it('do not match with another secret, and are not read from something else', () => {
    const key = issueApiKey();
    const forged = `${key.token.slice(0, -1)}${key.token.endsWith('A') ? 'B' : 'A'}`;
    expect(sameSecret(key.secretSha256, readApiKey(forged)!.secretSha256)).toBe(false);
    expect(readApiKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBeUndefined();
    expect(readApiKey(`${key.token}x`)).toBeUndefined();
    expect(sameSecret(key.secretSha256, 'abcd')).toBe(false);
  });
});
