import { migrate, type Db } from '@vezel/db';
import type { AccessConfig } from './access-config.ts';
import type { AccessControl } from './access-control.ts';
import type { AccessDirectory } from './access-directory.ts';
import type { LoginSessions } from './login-sessions.ts';
import { createAuthenticator, type Authenticate } from './authenticator.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createBearerTokenVerifier } from './bearer-token-verifier.ts';
import { createPgAccessDirectory, loadAccessMigrations } from './pg-access-directory.ts';

/**
 * The access directory on `db` (opened on the access schema), its tables created if missing, and the checks a
 * service runs on every request.
 */
export async function openAccessControl(
  db: Db,
  config: Extract<AccessConfig, { mode: 'enabled' }>,
  options: { readonly sessions?: Pick<LoginSessions, 'principalOf'> } = {},
): Promise<{ readonly directory: AccessDirectory; readonly control: AccessControl }> {
  await migrate(db, await loadAccessMigrations());
  const directory = createPgAccessDirectory(db);
  const authenticate = createAuthenticator({
    directory,
    ...(options.sessions === undefined ? {} : { sessions: options.sessions }),
    ...(config.bearerTokens === undefined ? {} : { verifyBearerToken: createBearerTokenVerifier(config.bearerTokens) }),
  });
  const limit = config.rateLimit === undefined ? undefined : createRateLimiter(config.rateLimit);
  const limited: Authenticate =
    limit === undefined
      ? authenticate
      : async (authorization) => {
          const principal = await authenticate(authorization);
          limit(principal.credential);
          return principal;
        };
  return { directory, control: { authenticate: limited, ownerOf: (holder) => directory.ownerOf(holder), directory } };
}
