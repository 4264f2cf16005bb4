import type { BearerTokenIssuer } from './bearer-token-verifier.ts';
import type { RateLimit } from './rate-limiter.ts';

/** How a service process authenticates, from its environment. */
export type AccessConfig =
  | { readonly mode: 'disabled' }
  | {
      readonly mode: 'enabled';
      /** `ACCESS_SCHEMA`, default `access`: the schema of the access directory every service reads. */
      readonly schema: string;
      /** `OIDC_ISSUER`, `OIDC_AUDIENCE`, `OIDC_JWKS_URL` (all three or none), `OIDC_PARTNER_CLAIM`. */
      readonly bearerTokens: BearerTokenIssuer | undefined;
      /** `RATE_LIMIT_PER_SECOND` (default 1000) and `RATE_LIMIT_BURST` (default twice that) per credential; 0: none. */
      readonly rateLimit?: RateLimit;
    };

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads `AUTH` (`enabled`, the default, or `disabled`) and the settings that go with it, listing every problem by
 * variable name. Authentication is on unless switched off by name: a service never runs open by accident.
 */
export function readAccessConfig(env: Env): { readonly config: AccessConfig; readonly problems: readonly string[] } {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const problems: string[] = [];
  const mode = value('AUTH') ?? 'enabled';
  if (mode === 'disabled') return { config: { mode: 'disabled' }, problems };
  if (mode !== 'enabled') problems.push(`AUTH must be "enabled" or "disabled", got "${mode}"`);
  const schema = value('ACCESS_SCHEMA') ?? 'access';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    problems.push(`ACCESS_SCHEMA must be a lower-case SQL identifier, got "${schema}"`);
  }
  const issuer = value('OIDC_ISSUER');
  const audience = value('OIDC_AUDIENCE');
  const jwks = value('OIDC_JWKS_URL');
  const given = [issuer, audience, jwks].filter((setting) => setting !== undefined).length;
  let bearerTokens: BearerTokenIssuer | undefined;
  if (given !== 0 && given !== 3) {
    problems.push('OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL go together: give all three or none');
  } else if (issuer !== undefined && audience !== undefined && jwks !== undefined) {
    const jwksUrl = URL.canParse(jwks) ? new URL(jwks) : undefined;
    if (jwksUrl === undefined || !['https:', 'http:'].includes(jwksUrl.protocol)) {
      problems.push(`OIDC_JWKS_URL must be an https:// URL, got "${jwks}"`);
    } else if (jwksUrl.protocol === 'http:' && !isLoopbackHost(jwksUrl.hostname)) {
      problems.push('OIDC_JWKS_URL must use https (plain http only on loopback, for tests)');
    } else {
      const partnerClaim = value('OIDC_PARTNER_CLAIM');
      bearerTokens = { issuer, audience, jwksUrl, ...(partnerClaim === undefined ? {} : { partnerClaim }) };
    }
  }
  const count = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!/^\d{1,9}$/.test(raw)) problems.push(`${name} must be a whole number, got "${raw}"`);
    return Number(raw);
  };
  const perSecond = count('RATE_LIMIT_PER_SECOND', 1_000);
  const burst = count('RATE_LIMIT_BURST', perSecond * 2);
  const rateLimit = perSecond === 0 ? {} : { rateLimit: { perSecond, burst: Math.max(1, burst) } };
  return { config: { mode: 'enabled', schema, bearerTokens, ...rateLimit }, problems };
}

/** Whether a URL's hostname is this machine (plain http is acceptable there, and only there). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
