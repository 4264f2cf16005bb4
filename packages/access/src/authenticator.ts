import { UnauthenticatedError } from '@vezel/errors';
import type { AccessLookup } from './access-directory.ts';
import { readApiKey, sameSecret } from './api-key.ts';
import type { VerifiedBearerToken } from './bearer-token-verifier.ts';
import type { LoginSessions } from './login-sessions.ts';
import type { Principal } from './principal.ts';
import type { PartnerKind } from './partner.ts';
import { isScope, type Scope } from './scope.ts';

/** Turns a request's `Authorization` header (HTTP) or metadata (gRPC) into who is asking. */
export type Authenticate = (authorization: string | undefined) => Promise<Principal>;

export interface AuthenticatorOptions {
  readonly directory: AccessLookup;
  /** Verifies JWT bearer tokens; absent: only API keys are accepted. */
  readonly verifyBearerToken?: (token: string) => Promise<VerifiedBearerToken>;
  /** Browser sessions (`Session <id>`, from a cookie on reads); absent: none are accepted. */
  readonly sessions?: Pick<LoginSessions, 'principalOf'>;
  readonly now?: () => Date;
}

/**
 * `Authorization: Bearer <credential>`, where the credential is a Vezel API key (`vzk_...`) or, when an issuer is
 * configured, a JWT. A key is looked up by its id and its secret compared by hash; an unknown, revoked or expired
 * key, a token that fails verification, or a partner the directory does not know is a 401 that says which.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticate {
  const { directory } = options;
  const now = options.now ?? (() => new Date());
  return async (authorization) => {
    const session = /^Session (\S+)$/.exec(authorization ?? '');
    if (session !== null) {
      const principal = options.sessions?.principalOf(session[1]!);
      if (principal === undefined) throw new UnauthenticatedError('the session has ended; log in again');
      return principal;
    }
    const credential = bearerCredential(authorization);
    const apiKey = readApiKey(credential);
    if (apiKey !== undefined) {
      const found = await directory.findApiKeyAndPartner(apiKey.keyId);
      if (found === undefined || !sameSecret(found.key.secretSha256, apiKey.secretSha256)) {
        throw new UnauthenticatedError('unknown API key');
      }
      const { key, partner } = found;
      if (key.revokedAt !== undefined) throw new UnauthenticatedError(`API key ${key.keyId} has been revoked`);
      if (key.expiresAt !== undefined && key.expiresAt <= now()) {
        throw new UnauthenticatedError(`API key ${key.keyId} has expired`);
      }
      return {
        partnerId: partner.partnerId,
        kind: partner.kind,
        scopes: new Set(key.scopes),
        credential: `key:${key.keyId}`,
      };
    }
    if (credential.startsWith('vzk_')) throw new UnauthenticatedError('malformed API key');
    if (options.verifyBearerToken === undefined) {
      throw new UnauthenticatedError('not a Vezel API key, and no token issuer is configured');
    }
    const token = await options.verifyBearerToken(credential);
    const scopes = token.scopes.filter(isScope);
    return principalOf(directory, token.partnerId, scopes, `jwt:${token.subject}`);
  };
}

function bearerCredential(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw new UnauthenticatedError('an API key or a bearer token is required (Authorization: Bearer ...)');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (match === null) throw new UnauthenticatedError('the Authorization header must be "Bearer <key or token>"');
  return match[1]!;
}

async function principalOf(
  directory: AccessLookup,
  partnerId: string,
  scopes: readonly Scope[],
  credential: string,
): Promise<Principal> {
  const partner = await directory.findPartner(partnerId);
  if (partner === undefined)
    throw new UnauthenticatedError(`the credential names partner ${partnerId}, who is unknown`);
  return { partnerId, kind: partner.kind, scopes: grantedScopes(partner.kind, scopes), credential };
}

/**
 * What a credential may do: what it says, except `admin`, which only the operator's credentials carry. A token from
 * an identity provider cannot make a partner an administrator by claiming the scope, nor can a key saved by hand.
 */
function grantedScopes(kind: PartnerKind, scopes: readonly Scope[]): ReadonlySet<Scope> {
  return new Set(kind === 'operator' ? scopes : scopes.filter((scope) => scope !== 'admin'));
}
