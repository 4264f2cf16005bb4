import { describe, expect, it } from 'vitest';
import { readAccessConfig } from '../src/index.ts';

describe('the access configuration', () => {
  it('is on unless switched off by name', () => {
    expect(readAccessConfig({})).toEqual({
      config: {
        mode: 'enabled',
        schema: 'access',
        bearerTokens: undefined,
        rateLimit: { perSecond: 1_000, burst: 2_000 },
      },
      problems: [],
    });
    expect(readAccessConfig({ RATE_LIMIT_PER_SECOND: '0' }).config).not.toHaveProperty('rateLimit');
    expect(readAccessConfig({ RATE_LIMIT_PER_SECOND: '50', RATE_LIMIT_BURST: '5' }).config).toMatchObject({
      rateLimit: { perSecond: 50, burst: 5 },
    });
    expect(readAccessConfig({ AUTH: 'disabled' }).config).toEqual({ mode: 'disabled' });
  });

  it('names each bad variable', () => {
    const { problems } = readAccessConfig({
      AUTH: 'maybe',
      ACCESS_SCHEMA: 'Access;',
      OIDC_ISSUER: 'https://idp',
      RATE_LIMIT_PER_SECOND: 'lots',
    });
    expect(problems).toEqual([
      'AUTH must be "enabled" or "disabled", got "maybe"',
      'ACCESS_SCHEMA must be a lower-case SQL identifier, got "Access;"',
      'OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL go together: give all three or none',
      'RATE_LIMIT_PER_SECOND must be a whole number, got "lots"',
    ]);
  });

  it('takes a token issuer over https, and plain http on loopback only', () => {
    const issuer = { OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'vezel' };
    const https = readAccessConfig({ ...issuer, OIDC_JWKS_URL: 'https://idp.example/jwks' }).config;
    expect(https).toMatchObject({ bearerTokens: { issuer: 'https://idp.example', audience: 'vezel' } });
    expect(readAccessConfig({ ...issuer, OIDC_JWKS_URL: 'http://127.0.0.1:9/jwks' }).problems).toEqual([]);
    expect(readAccessConfig({ ...issuer, OIDC_JWKS_URL: 'http://idp.example/jwks' }).problems).toEqual([
      'OIDC_JWKS_URL must use https (plain http only on loopback, for tests)',
    ]);
  });
});
