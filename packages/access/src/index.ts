// Who may record and who may read: partners and the holders they own, API keys and bearer tokens, and the one
// policy every service applies to HTTP and gRPC alike.
export { HOLDER_KINDS, PARTNER_KINDS, isPartnerKind, mayOwn } from './partner.ts';
export type { HolderKind, HolderRef, Partner, PartnerKind } from './partner.ts';
export { SCOPES, allows, isScope, type Scope } from './scope.ts';
export type { Principal } from './principal.ts';
export { authorizeRead, authorizeRecord, requireScope } from './authorize.ts';
export { API_KEY_PREFIX, issueApiKey, readApiKey, sameSecret, type IssuedApiKey } from './api-key.ts';
export type { AccessDirectory, AccessLookup, StoredApiKey } from './access-directory.ts';
export { createPgAccessDirectory, loadAccessMigrations } from './pg-access-directory.ts';
export {
  createBearerTokenVerifier,
  type BearerTokenIssuer,
  type VerifiedBearerToken,
} from './bearer-token-verifier.ts';
export { createAuthenticator, type Authenticate, type AuthenticatorOptions } from './authenticator.ts';
export type { AccessControl } from './access-control.ts';
export { isLoopbackHost, readAccessConfig, type AccessConfig } from './access-config.ts';
export { accessEnvironment } from './access-environment.ts';
export { openAccessControl } from './open-access-control.ts';
export { createApiKey, createOperatorKey, ensureOperatorPartner, type CreatedApiKey } from './create-api-key.ts';
export { createLoginSessions, type LoginSessions } from './login-sessions.ts';
export { createRateLimiter, type RateLimit } from './rate-limiter.ts';
