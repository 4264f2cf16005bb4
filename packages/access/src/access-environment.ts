/**
 * The variables `readAccessConfig` reads, with their defaults and meaning: every service process reads them. Typed
 * as `EnvironmentVariable` where @vezel/service-kit gathers a service process's catalogue (this package depends on
 * no package that could hold the type).
 */
export const accessEnvironment = [
  {
    name: 'AUTH',
    services: 'all',
    default: '`enabled`',
    description: '`disabled` serves every caller (a loud warning at start); otherwise the access directory decides.',
  },
  {
    name: 'ACCESS_SCHEMA',
    services: 'all',
    default: '`access`',
    description: 'The schema of the access directory (partners, holders, API keys) in the database of `DATABASE_URL`.',
  },
  {
    name: 'OIDC_ISSUER',
    services: 'all',
    description: 'Accept JWT bearer tokens from this identity provider: all three `OIDC_*` URLs or none.',
  },
  { name: 'OIDC_AUDIENCE', services: 'all', description: 'The audience the tokens of `OIDC_ISSUER` must name.' },
  {
    name: 'OIDC_JWKS_URL',
    services: 'all',
    description: 'The key set of `OIDC_ISSUER`, over https (plain http on loopback only).',
  },
  {
    name: 'OIDC_PARTNER_CLAIM',
    services: 'all',
    default: '`vezel_partner`',
    description: 'The token claim naming the Vezel partner.',
  },
  {
    name: 'RATE_LIMIT_PER_SECOND',
    services: 'all',
    default: '`1000`',
    description: 'Requests per second per credential and process; 0 switches the limit off.',
  },
  {
    name: 'RATE_LIMIT_BURST',
    services: 'all',
    default: 'twice the rate',
    description: 'How many requests a credential may send at once before the rate applies.',
  },
] as const;
