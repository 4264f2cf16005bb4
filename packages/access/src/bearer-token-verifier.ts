import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { UnauthenticatedError } from '@vezel/errors';

/** Where bearer tokens come from: an OAuth 2 / OIDC issuer a partner brings. */
export interface BearerTokenIssuer {
  /** The `iss` every token must carry. */
  readonly issuer: string;
  /** The `aud` every token must carry (Vezel's API as the issuer knows it). */
  readonly audience: string;
  /** The issuer's JSON Web Key Set, fetched and cached; a token signed by an unknown key refetches it. */
  readonly jwksUrl: URL;
  /** The claim naming the Vezel partner; default `vezel_partner`. */
  readonly partnerClaim?: string;
  /**
   * How long after a fetch an unknown key may not refetch the set, in ms; default 30 s. A rotated-in key is
   * accepted once the issuer publishes it and this has passed since the last fetch.
   */
  readonly refetchCooldownMs?: number;
}

/** What a verified token says: whose it is, which scopes it grants, and who it names as subject. */
export interface VerifiedBearerToken {
  readonly partnerId: string;
  readonly scopes: readonly string[];
  readonly subject: string;
}

/**
 * Verifies JWT bearer tokens with `jose`: signature against the issuer's JWKS (asymmetric algorithms only, so a
 * shared secret can never be confused with a public key), issuer, audience, expiry and not-before with 30 s of clock
 * tolerance. Every failure is an `UnauthenticatedError` saying which check failed, never the token.
 */
export function createBearerTokenVerifier(issuer: BearerTokenIssuer): (token: string) => Promise<VerifiedBearerToken> {
  const keys = createRemoteJWKSet(issuer.jwksUrl, { cooldownDuration: issuer.refetchCooldownMs ?? 30_000 });
  const partnerClaim = issuer.partnerClaim ?? 'vezel_partner';
  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: issuer.issuer,
        audience: issuer.audience,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'],
        clockTolerance: 30,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new UnauthenticatedError(bearerTokenProblem(error), { cause: error });
    }
    const partnerId = payload[partnerClaim];
    if (typeof partnerId !== 'string' || partnerId === '') {
      throw new UnauthenticatedError(`the bearer token has no "${partnerClaim}" claim naming a Vezel partner`);
    }
    const scope = payload['scope'];
    return {
      partnerId,
      scopes: typeof scope === 'string' ? scope.split(' ').filter((word) => word !== '') : [],
      subject: payload.sub ?? '',
    };
  };
}

function bearerTokenProblem(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the bearer token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the bearer token's "${error.claim}" claim is not accepted`;
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'the bearer token is signed by a key its issuer does not publish';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return "the bearer token's issuer could not be asked for its keys";
  }
  return 'the bearer token is not a valid signed JWT';
}
